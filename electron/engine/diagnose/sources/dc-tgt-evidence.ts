// A valid TGT of an Active Directory realm (krbtgt/CONTOSO.COM @ CONTOSO.COM, not the Entra realm) held in the
// cache: with DomainJoined YES, the evidence of the incoming trust-based flow, whose first ticket is "an
// on-premises TGT" from the on-premises KDC
// (https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot).
import type { EvidenceSource } from '../evidence-source';
import { info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';

export interface DcTgtEvidence {
  kind: 'dc-tgt';
  realm: string;
  kdcCalled?: string;
}

export const dcTgtEvidence: EvidenceSource<DcTgtEvidence> = {
  kind: 'dc-tgt',
  describe: (e) => {
    const realm = sanitizeEvidenceText(e.realm);
    const kdc = e.kdcCalled ? ` (Kdc Called: ${sanitizeEvidenceText(e.kdcCalled)})` : '';
    return `TGT from a domain controller held: krbtgt/${realm}@${realm}${kdc}`;
  },
  read(e) {
    return info(this.describe(e));
  },
  catalog: {},
};
