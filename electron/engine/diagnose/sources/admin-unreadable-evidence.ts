// A check the signed-in account could not read: the permission or role it lacks, never a guess at the answer.
import type { AdminFactOf } from '../../../contract/admin';
import type { EvidenceSource } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { GRAPH_CA_LIST, RESOURCE_GRAPH } from './admin-pages';

export type AdminUnreadableEvidence = AdminFactOf<'admin-unreadable'>;

export const adminUnreadableEvidence: EvidenceSource<AdminUnreadableEvidence> = {
  kind: 'admin-unreadable',
  describe: (e) =>
    `could not read ${e.check}: ${sanitizeEvidenceText(e.said)} — missing permission ` +
    `${sanitizeEvidenceText(e.permission)} / role ${sanitizeEvidenceText(e.role)}`,
  // Not a failure of the path: what the account could not see stays unknown. rules.ts names it only when
  // nothing that was read failed.
  read(e) {
    return { code: 'ADMIN_READ_FORBIDDEN', role: 'context', line: this.describe(e) };
  },
  catalog: {
    ADMIN_READ_FORBIDDEN: {
      title: 'Part of the instance and tenant could not be read',
      helpdeskTitle: 'The signed-in account may not read part of the instance and tenant',
      cause:
        'The account signed in to read the managed instance and the tenant lacks a permission or role for some ' +
        'of the checks: Azure or Microsoft Graph answered 401 or 403. What those checks would show is unknown; ' +
        'nothing is assumed about it. The evidence names the permission and the role each one needs.',
      fixUser: 'Ask your helpdesk or Azure administrator to run this check with an account that may read it.',
      fixHelpdesk:
        "Sign in with an account that has what the evidence names: the Reader role on the instance's " +
        `subscription for Resource Graph and ARM (${RESOURCE_GRAPH}); for Microsoft Graph the delegated ` +
        'permissions Application.Read.All (service principal, consent), Policy.Read.All with a role such as ' +
        `Security Reader or Global Reader (Conditional Access, ${GRAPH_CA_LIST}) and AuditLog.Read.All with ` +
        'Reports Reader (sign-ins), consented for the app registration `kerbprobe admin --client-id` uses.',
    },
  },
};
