// The "<instance> principal" service principal in Microsoft Entra ID, looked up by the clientId ARM gives.
import type { AdminFactOf } from '../../../contract/admin';
import type { EvidenceSource } from '../evidence-source';
import { failure, info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { GRAPH_SP_GET, MI_KERBEROS } from './admin-pages';

export type AdminEntraAppEvidence = AdminFactOf<'admin-entra-app'>;

export const adminEntraAppEvidence: EvidenceSource<AdminEntraAppEvidence> = {
  kind: 'admin-entra-app',
  describe: (e) =>
    e.found
      ? `Microsoft Entra service principal ${e.displayName ? `"${sanitizeEvidenceText(e.displayName)}" ` : ''}` +
        `(appId ${sanitizeEvidenceText(e.clientId)})${e.accountEnabled === false ? ': disabled' : ''}`
      : `no Microsoft Entra service principal has appId ${sanitizeEvidenceText(e.clientId)} (the instance's clientId)`,
  read(e) {
    if (!e.found) return failure(this.describe(e), 'MI_ENTRA_PRINCIPAL_MISSING');
    if (e.accountEnabled === false)
      return failure(this.describe(e), 'MI_ENTRA_PRINCIPAL_MISSING', 'sign-in is disabled for it');
    return info(this.describe(e));
  },
  catalog: {
    MI_ENTRA_PRINCIPAL_MISSING: {
      title: 'The instance\'s "<instance> principal" is missing in Microsoft Entra ID',
      helpdeskTitle: 'The instance\'s "<instance> principal" is missing or disabled in Microsoft Entra ID',
      cause:
        'The managed instance says its service principal is on, but Microsoft Entra ID has no enabled service ' +
        'principal with its client id: the principal was deleted or disabled in the directory, or the instance ' +
        'belongs to another tenant. Without it Microsoft Entra ID cannot issue Kerberos tickets for the instance.',
      fixUser: 'You cannot fix this from your computer. Send this report to your helpdesk.',
      fixHelpdesk:
        'In Microsoft Entra ID → Enterprise applications, search for "<mi> principal" (Application ID = the ' +
        'instance\'s clientId). If it was disabled, set "Enabled for users to sign in" to Yes; if it is gone, ' +
        "turn the instance's service principal off and on again (the instance → Identity) and grant admin " +
        `consent again. Microsoft: ${MI_KERBEROS}; the lookup: ${GRAPH_SP_GET}`,
    },
  },
};
