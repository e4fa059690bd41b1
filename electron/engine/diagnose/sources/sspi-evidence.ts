// An SSPI result: the status (number or hex text) when known, the localized text otherwise.
import type { EvidenceSource, KerberosStage } from '../evidence-source';
import { unrecognised } from '../evidence-source';
import { quote, sanitizeEvidenceText, where } from '../evidence-text';
import { fromEmbeddedStatus, fromStatus, fromText, isCloud } from '../status-reading';
import type { TextContext } from '../text-patterns';
import type { StatusContext } from '../windows-status';

export interface SspiEvidence {
  kind: 'sspi';
  status?: number | string;
  text?: string;
  stage?: KerberosStage;
  provider?: 'kerberos' | 'negotiate' | 'ssl';
  /** The realm SSPI was talking to, when the check knows it (SSPI's own texts name none). */
  realm?: string;
}

function statusText(status: number | string | undefined): string {
  if (status === undefined) return '';
  return ` ${typeof status === 'number' ? `0x${(status >>> 0).toString(16)}` : sanitizeEvidenceText(status)}`;
}

export const sspiEvidence: EvidenceSource<SspiEvidence> = {
  kind: 'sspi',
  describe: (e) => {
    const provider = e.provider ? ` (${e.provider})` : '';
    return `SSPI${provider}${statusText(e.status)}${where(e)}${e.text ? `: ${quote(e.text)}` : ''}`;
  },
  read(e) {
    const line = this.describe(e);
    const ctx: StatusContext = { cloud: isCloud(e.realm), ssl: e.provider === 'ssl' };
    if (e.stage) ctx.stage = e.stage;
    const byStatus = e.status === undefined ? null : fromStatus(line, e.status, ctx);
    if (byStatus) return byStatus;
    if (!e.text) return unrecognised(line);
    const textCtx: TextContext = { ssl: e.provider === 'ssl' };
    if (e.stage) textCtx.stage = e.stage;
    if (e.realm) textCtx.realm = e.realm;
    return fromEmbeddedStatus(line, e.text, ctx) ?? fromText(line, e.text, textCtx) ?? unrecognised(line);
  },
  catalog: {},
};
