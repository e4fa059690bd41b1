// A typed error an engine module raised: its code is a diagnosis code when that module knew the cause.
import { isDiagnosisCode } from '../../../contract/codes';
import type { EvidenceSource } from '../evidence-source';
import { failure, unrecognised } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { fromAnyText } from '../status-reading';

export interface EngineErrorEvidence {
  kind: 'engine-error';
  code?: string;
  message: string;
  source: string;
}

export const engineErrorEvidence: EvidenceSource<EngineErrorEvidence> = {
  kind: 'engine-error',
  describe: (e) => sanitizeEvidenceText(e.message),
  read(e) {
    const line = this.describe(e);
    if (e.code && isDiagnosisCode(e.code)) return failure(line, e.code);
    return fromAnyText(line, e.message) ?? unrecognised(line);
  },
  catalog: {
    // Raised by engine/kerberos/kerberos-files.ts before the Kerberos library is called.
    KERBEROS_FILE_UNUSABLE: {
      title: "Kerberos' configuration or ticket cache is not a file",
      helpdeskTitle: "The device's Kerberos configuration or ticket cache was not a file",
      cause:
        'KRB5_CONFIG or KRB5CCNAME names something that is not a regular file: a named pipe (FIFO), a device or ' +
        'a socket. The Kerberos library would wait on it for ever, so the check stopped before asking for a ' +
        'ticket.',
      fixUser:
        'Unset KRB5_CONFIG and KRB5CCNAME (or point them at your krb5.conf and your ticket cache), sign in ' +
        'again with kinit, and run the check again.',
      fixHelpdesk:
        'Ask for the values of KRB5_CONFIG and KRB5CCNAME and `ls -l` of each path the evidence names; replace ' +
        'the pipe or device with the real krb5.conf, or remove it and run kinit to create a new ticket cache.',
    },
  },
};
