// The instance's Microsoft Entra admin (Entra authentication on the instance).
import type { AdminFactOf } from '../../../contract/admin';
import type { EvidenceSource } from '../evidence-source';
import { failure, info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { MI_ENTRA_ADMIN, MI_KERBEROS } from './admin-pages';

export type AdminEntraAdminEvidence = AdminFactOf<'admin-entra-admin'>;

export const adminEntraAdminEvidence: EvidenceSource<AdminEntraAdminEvidence> = {
  kind: 'admin-entra-admin',
  describe: (e) =>
    `managed instance ${sanitizeEvidenceText(e.instance)}: Microsoft Entra admin ` +
    (e.login === null
      ? '(none set)'
      : `${sanitizeEvidenceText(e.login)}${e.principalType ? ` (${sanitizeEvidenceText(e.principalType)})` : ''}` +
        `${e.azureADOnly === true ? ', Microsoft Entra-only authentication' : ''}`),
  read(e) {
    return e.login === null
      ? failure(this.describe(e), 'MI_ENTRA_ADMIN_MISSING', 'Microsoft Entra authentication is not set up')
      : info(this.describe(e));
  },
  catalog: {
    MI_ENTRA_ADMIN_MISSING: {
      title: 'The managed instance has no Microsoft Entra admin',
      helpdeskTitle: 'The managed instance has no Microsoft Entra admin',
      cause:
        'Windows Authentication for Microsoft Entra principals needs Microsoft Entra authentication on the ' +
        'managed instance, which starts with a Microsoft Entra admin. This instance has none, so no login ' +
        'for a Microsoft Entra user or group can be created and a Kerberos sign-in has nothing to map to.',
      fixUser: 'You cannot fix this from your computer. Send this report to your helpdesk.',
      fixHelpdesk:
        'In the Azure portal open the managed instance → Microsoft Entra ID → Set admin, choose a user or group ' +
        "and save; then create the users' logins with `CREATE LOGIN [user@contoso.com] FROM EXTERNAL PROVIDER`. " +
        `Microsoft: ${MI_ENTRA_ADMIN} and ${MI_KERBEROS}`,
    },
  },
};
