// Anything else: pasted or unstructured text. Numbers in it are used first, then known English texts; what
// nothing recognises ends as UNKNOWN, with the text as evidence (rules.ts).
import type { EvidenceSource } from '../evidence-source';
import { unrecognised } from '../evidence-source';
import { quote, sanitizeEvidenceText } from '../evidence-text';
import { fromAnyText } from '../status-reading';

export interface TextEvidence {
  kind: 'text';
  text: string;
  source?: string;
}

export const textEvidence: EvidenceSource<TextEvidence> = {
  kind: 'text',
  describe: (e) => `${e.source ? `${sanitizeEvidenceText(e.source)}: ` : ''}${quote(e.text)}`,
  read(e) {
    const line = this.describe(e);
    return fromAnyText(line, e.text) ?? unrecognised(line);
  },
  catalog: {
    UNKNOWN: {
      title: 'The failure could not be classified',
      helpdeskTitle: 'The failure could not be classified',
      cause:
        'The check failed in a way KerbProbe does not recognise, so it cannot say which link of the chain is ' +
        'at fault. The evidence below is the error exactly as the failing component reported it (without any ' +
        'secret), which is what the helpdesk needs to look further.',
      fixUser: 'Run the check again. If it still fails, send this report to your helpdesk.',
      fixHelpdesk:
        "Read the evidence and the failing step. Useful in the user's session: `klist`, " +
        '`klist get MSSQLSvc/<fqdn>:<port>`, ' +
        '`klist cloud_debug`, `dsregcmd /status`, `w32tm /query /status`. Please pass the unrecognised evidence ' +
        "on to KerbProbe's maintainers so it can be classified.",
    },
  },
};
