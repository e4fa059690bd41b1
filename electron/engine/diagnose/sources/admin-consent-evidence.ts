// Admin consent for what the "<instance> principal" application requests: a tenant-wide (AllPrincipals) grant
// for each delegated permission of its requiredResourceAccess.
import type { AdminFactOf } from '../../../contract/admin';
import type { EvidenceSource } from '../evidence-source';
import { failure, info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { GRAPH_GRANTS, MI_KERBEROS } from './admin-pages';

export type AdminConsentEvidence = AdminFactOf<'admin-consent'>;

const list = (names: readonly string[]): string =>
  names.length ? names.map((n) => sanitizeEvidenceText(n)).join(', ') : '(none)';

export const adminConsentEvidence: EvidenceSource<AdminConsentEvidence> = {
  kind: 'admin-consent',
  describe: (e) =>
    `admin consent for appId ${sanitizeEvidenceText(e.clientId)}: granted ${list(e.granted)}` +
    (e.missing.length ? `; not granted ${list(e.missing)}` : ''),
  read(e) {
    return e.missing.length
      ? failure(this.describe(e), 'MI_ADMIN_CONSENT_MISSING')
      : info(this.describe(e), 'every permission the application requests has admin consent');
  },
  catalog: {
    MI_ADMIN_CONSENT_MISSING: {
      title: 'Admin consent is missing for the instance\'s "<instance> principal"',
      helpdeskTitle: 'Admin consent was not granted to the instance\'s "<instance> principal"',
      cause:
        'Turning on the managed instance\'s service principal creates an app registration named "<instance> ' +
        'principal" whose permissions an administrator must consent to for the whole organisation. Some of ' +
        "what it requests has no such consent, and Microsoft's setup for Windows Authentication requires it.",
      fixUser: 'You cannot fix this from your computer. Send this report to your helpdesk.',
      fixHelpdesk:
        'As a Privileged Role Administrator, Cloud Application Administrator or Application Administrator: ' +
        'Microsoft Entra ID → App registrations → All applications → "<mi> principal" → API permissions → ' +
        `"Grant admin consent for <tenant>". Microsoft: ${MI_KERBEROS}; how the grants are read: ${GRAPH_GRANTS}`,
    },
  },
};
