// What each check needs, least privilege first, said when Azure or Graph answers 401/403: never a guess at what
// the check would have shown. Sources: Azure RBAC's Reader role reads Resource Graph and the instance
// (https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles#reader); Graph's permission
// tables: serviceprincipal-get.md (Application.Read.All), serviceprincipal-list-oauth2permissiongrants.md,
// conditionalaccessroot-list-policies.md (Policy.Read.All; delegated callers also need a role that reads
// Conditional Access: Security Reader, Global Reader, Conditional Access Administrator or Security Administrator),
// signin-list.md (AuditLog.Read.All and Directory.Read.All, with Reports Reader, Security Reader, Global Reader…).
import type { AdminCheckId } from '../../contract/admin';

export interface Privilege {
  permission: string;
  role: string;
}

const ARM: Privilege = {
  permission: 'Microsoft.Sql/managedInstances/read (Azure RBAC)',
  role: "Reader on the instance's subscription or resource group",
};

export const LEAST_PRIVILEGE: Readonly<Record<AdminCheckId, Privilege>> = {
  'find-instance': ARM,
  'service-principal': ARM,
  'entra-admin': ARM,
  'connection-type': ARM,
  'public-endpoint': ARM,
  'entra-principal': {
    permission: 'Application.Read.All (Microsoft Graph, delegated)',
    role: 'Directory Readers (or Global Reader)',
  },
  'admin-consent': {
    permission: 'Application.Read.All and Directory.Read.All (Microsoft Graph, delegated)',
    role: 'Directory Readers (or Global Reader)',
  },
  'conditional-access': {
    permission: 'Policy.Read.All (Microsoft Graph, delegated)',
    role: 'Security Reader, Global Reader or Conditional Access Administrator',
  },
  'sign-ins': {
    permission: 'AuditLog.Read.All and Directory.Read.All (Microsoft Graph, delegated)',
    role: 'Reports Reader, Security Reader or Global Reader; and a Microsoft Entra ID P1 or P2 licence',
  },
};
