// The instance's system-assigned service principal: what the Microsoft Entra KDC issues its tickets for.
import type { AdminFactOf } from '../../../contract/admin';
import type { EvidenceSource } from '../evidence-source';
import { failure, info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { ARM_MI_GET, MI_KERBEROS } from './admin-pages';

export type AdminPrincipalEvidence = AdminFactOf<'admin-principal'>;

export const adminPrincipalEvidence: EvidenceSource<AdminPrincipalEvidence> = {
  kind: 'admin-principal',
  describe: (e) =>
    `managed instance ${sanitizeEvidenceText(e.instance)}: servicePrincipal.type ` +
    `${e.type === null ? '(not set)' : sanitizeEvidenceText(e.type)}` +
    `${e.clientId ? `, clientId ${sanitizeEvidenceText(e.clientId)}` : ''}`,
  read(e) {
    return e.type === 'SystemAssigned'
      ? info(this.describe(e))
      : failure(this.describe(e), 'MI_SERVICE_PRINCIPAL_OFF', 'the system-assigned service principal is off');
  },
  catalog: {
    // "Customers use the Azure portal to enable a system assigned service principal on each managed instance":
    // MI_KERBEROS; ServicePrincipal.type None | SystemAssigned: ARM_MI_GET.
    MI_SERVICE_PRINCIPAL_OFF: {
      title: "The managed instance's Kerberos service principal is off",
      helpdeskTitle: "The managed instance's system-assigned service principal is off",
      cause:
        'Microsoft Entra ID can issue a Kerberos ticket for a managed instance only when the instance has its ' +
        'system-assigned service principal turned on. On this instance it is off, so the Kerberos server does ' +
        'not know the database service name (SPN) and every user gets "server not found in Kerberos database".',
      fixUser: 'You cannot fix this from your computer. Send this report to your helpdesk.',
      fixHelpdesk:
        'In the Azure portal open the managed instance → Identity, set "Service principal" (system assigned) to ' +
        'On and save; then grant admin consent on the app registration "<mi> principal" (App registrations → ' +
        `All applications → API permissions). Microsoft: ${MI_KERBEROS}. ARM shows it as ` +
        `\`properties.servicePrincipal.type\` SystemAssigned (${ARM_MI_GET}). Users then \`klist purge\` and retry.`,
    },
  },
};
