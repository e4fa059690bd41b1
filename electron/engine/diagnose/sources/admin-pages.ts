// The Microsoft pages the admin checks' catalogue entries rest on (read with the instance's and the tenant's side
// of Windows Authentication for Microsoft Entra principals on Azure SQL Managed Instance).

/** Turning on the system-assigned service principal and granting admin consent to "<instance> principal". */
export const MI_KERBEROS =
  'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-kerberos-managed-instance';
/** 0x52f is Conditional Access: exclude "<instance> principal" from the policy. */
export const MI_TROUBLESHOOT =
  'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot';
/** Proxy and Redirect; Redirect needs 11000–11999 from the client. */
export const MI_CONNECTION_TYPES =
  'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/connection-types-overview';
/** `<mi>.public.<dns_zone>.database.windows.net,3342`. */
export const MI_PUBLIC_ENDPOINT =
  'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/public-endpoint-configure';
/** Setting the instance's Microsoft Entra admin. */
export const MI_ENTRA_ADMIN = 'https://learn.microsoft.com/en-us/azure/azure-sql/database/authentication-aad-configure';
/** The managed instance GET (servicePrincipal, proxyOverride, publicDataEndpointEnabled, administrators). */
export const ARM_MI_GET = 'https://learn.microsoft.com/en-us/rest/api/sql/managed-instances/get';
/** Azure Resource Graph's query API (what an account can read across its subscriptions). */
export const RESOURCE_GRAPH =
  'https://learn.microsoft.com/en-us/rest/api/azureresourcegraph/resourcegraph/resources/resources';
/** Microsoft Graph: the service principal by appId, its grants, the CA policies, sign-ins. */
export const GRAPH_SP_GET = 'https://learn.microsoft.com/en-us/graph/api/serviceprincipal-get';
export const GRAPH_GRANTS = 'https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-oauth2permissiongrants';
export const GRAPH_CA_LIST = 'https://learn.microsoft.com/en-us/graph/api/conditionalaccessroot-list-policies';
export const GRAPH_SIGN_INS = 'https://learn.microsoft.com/en-us/graph/api/signin-list';
/** Excluding an application from a Conditional Access policy. */
export const CA_APPS =
  'https://learn.microsoft.com/en-us/entra/identity/conditional-access/concept-conditional-access-cloud-apps';
