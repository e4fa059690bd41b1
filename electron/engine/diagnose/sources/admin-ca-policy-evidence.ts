// A Conditional Access policy that applies to the instance's principal with grant controls a Kerberos ticket
// request cannot satisfy (Microsoft's fix for 0x52f: exclude "<instance> principal" from it).
import type { AdminFactOf } from '../../../contract/admin';
import type { EvidenceSource } from '../evidence-source';
import { failure } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { CA_APPS, GRAPH_CA_LIST, MI_TROUBLESHOOT } from './admin-pages';

export type AdminCaPolicyEvidence = AdminFactOf<'admin-ca-policy'>;

export const adminCaPolicyEvidence: EvidenceSource<AdminCaPolicyEvidence> = {
  kind: 'admin-ca-policy',
  describe: (e) =>
    `Conditional Access policy "${sanitizeEvidenceText(e.name)}" (${sanitizeEvidenceText(e.state)}) applies to ` +
    `the instance's principal and grants access only with ${e.controls.map((c) => sanitizeEvidenceText(c)).join(', ')}`,
  read(e) {
    // A control that depends on the device (compliant, joined) may or may not hold for the device's ticket
    // request: said as what explains a Conditional Access failure, not as a failure by itself.
    if (e.effect === 'may-block')
      return {
        code: 'CONDITIONAL_ACCESS_BLOCKS_KERBEROS',
        role: 'context',
        line: `${this.describe(e)} — may refuse the Kerberos ticket (a device control)`,
      };
    return failure(
      this.describe(e),
      'CONDITIONAL_ACCESS_BLOCKS_KERBEROS',
      'a Kerberos ticket request cannot satisfy it',
    );
  },
  explains: { CONDITIONAL_ACCESS_BLOCKS_KERBEROS: ['CONDITIONAL_ACCESS', 'CLOUD_KDC_POLICY'] },
  catalog: {
    CONDITIONAL_ACCESS_BLOCKS_KERBEROS: {
      title: "A Conditional Access policy blocks the instance's Kerberos tickets",
      helpdeskTitle: "A Conditional Access policy applies to the instance's principal and blocks Kerberos",
      cause:
        "A Conditional Access policy in the organisation applies to the managed instance's application " +
        '("<instance> principal"), directly or as "All cloud apps", and grants access only with controls a ' +
        'Kerberos ticket request cannot satisfy (multifactor authentication, terms of use, a block). Microsoft ' +
        'Entra ID then refuses the ticket (klist shows 0x52f); the policy is named in the evidence.',
      fixUser: 'You cannot fix this from your computer. Send this report to your helpdesk.',
      fixHelpdesk:
        'Microsoft\'s fix for 0x52f: exclude the "<mi> principal" application from the policy named in the ' +
        'evidence (Microsoft Entra ID → Conditional Access → the policy → Target resources → Exclude → Select ' +
        `resources). Microsoft: ${MI_TROUBLESHOOT} (0x52f); excluding applications: ${CA_APPS}; the policies read: ` +
        GRAPH_CA_LIST,
    },
  },
};
