// A GSSAPI/MIT message, exactly as the library printed it (MIT texts are English by design).
import type { EvidenceSource, KerberosStage } from '../evidence-source';
import { unrecognised } from '../evidence-source';
import { quote, where } from '../evidence-text';
import { fromText } from '../status-reading';
import type { TextContext } from '../text-patterns';

export interface GssEvidence {
  kind: 'gss';
  text: string;
  stage: KerberosStage;
  realm?: string;
  userRealm?: string;
  referral?: boolean;
}

export const gssEvidence: EvidenceSource<GssEvidence> = {
  kind: 'gss',
  describe: (e) => `GSSAPI${where(e)}: ${quote(e.text)}`,
  read(e) {
    const ctx: TextContext = { stage: e.stage };
    if (e.realm) ctx.realm = e.realm;
    if (e.userRealm) ctx.userRealm = e.userRealm;
    if (e.referral !== undefined) ctx.referral = e.referral;
    const line = this.describe(e);
    return fromText(line, e.text, ctx) ?? unrecognised(line);
  },
  catalog: {},
};
