// The answers `kerbprobe admin` reads, as Microsoft documents them: only the fields the checks use, each
// bounded (a string longer than any real value, a list longer than a page, is refused as not the documented
// shape). Unknown fields are dropped. Each schema names the example file it was written against.
import { z } from 'zod';

const str = z.string().max(2000);
const guidish = z.string().max(200);
const list = <T extends z.ZodType>(item: T, max = 1000) => z.array(item).max(max);

/**
 * Azure Resource Graph `POST /providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`:
 * Azure/azure-rest-api-specs specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/
 * 2024-04-01/examples/ResourcesFilterQuery.json (`totalRecords`, `count`, `resultTruncated` as a string,
 * `data` an array of rows with the projected columns).
 */
export const ResourceGraphAnswerSchema = z.object({
  totalRecords: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  resultTruncated: z.union([z.enum(['true', 'false']), z.boolean()]),
  data: list(
    z.object({
      id: str,
      name: guidish,
      // Projected by KerbProbe's query; a row without them still names both in its id.
      subscriptionId: guidish.nullish(),
      resourceGroup: guidish.nullish(),
      tenantId: guidish.nullish(),
      fqdn: str.nullish(),
    }),
    100,
  ),
});
export type ResourceGraphAnswer = z.infer<typeof ResourceGraphAnswerSchema>;

/**
 * `GET …/providers/Microsoft.Sql/managedInstances/{name}?api-version=2023-08-01&$expand=administrators/
 * activedirectory`: specification/sql/resource-manager/Microsoft.Sql/stable/2023-08-01/examples/
 * ManagedInstanceGet.json (`servicePrincipal {principalId, clientId, tenantId, type}`, `proxyOverride`,
 * `publicDataEndpointEnabled`, `dnsZone`) and ManagedInstanceGetWithExpandEqualsAdministrators.json
 * (`administrators {principalType, login, sid, tenantId, azureADOnlyAuthentication}`).
 */
export const ManagedInstanceSchema = z.object({
  id: str,
  name: guidish,
  type: guidish,
  properties: z.object({
    fullyQualifiedDomainName: str.nullish(),
    dnsZone: guidish.nullish(),
    publicDataEndpointEnabled: z.boolean().nullish(),
    proxyOverride: guidish.nullish(),
    servicePrincipal: z
      .object({
        principalId: guidish.nullish(),
        clientId: guidish.nullish(),
        tenantId: guidish.nullish(),
        type: guidish.nullish(),
      })
      .nullish(),
    administrators: z
      .object({
        administratorType: guidish.nullish(),
        principalType: guidish.nullish(),
        login: str.nullish(),
        sid: guidish.nullish(),
        tenantId: guidish.nullish(),
        azureADOnlyAuthentication: z.boolean().nullish(),
      })
      .nullish(),
  }),
});
export type ManagedInstance = z.infer<typeof ManagedInstanceSchema>;

/**
 * Microsoft Graph `GET /servicePrincipals(appId='{appId}')`: microsoftgraph/microsoft-graph-docs-contrib
 * api-reference/v1.0/api/serviceprincipal-get.md (Example 1's response: `id`, `appId`, `displayName`,
 * `accountEnabled`, `appRoleAssignmentRequired`; Example 2's `oauth2PermissionScopes` and `appRoles`).
 */
export const ServicePrincipalSchema = z.object({
  id: guidish,
  appId: guidish,
  displayName: str.nullish(),
  accountEnabled: z.boolean().nullish(),
  appRoleAssignmentRequired: z.boolean().nullish(),
  oauth2PermissionScopes: list(z.object({ id: guidish, value: str.nullish() })).nullish(),
  appRoles: list(z.object({ id: guidish, value: str.nullish() })).nullish(),
});
export type ServicePrincipal = z.infer<typeof ServicePrincipalSchema>;

/**
 * `GET /applications(appId='{appId}')?$select=…,requiredResourceAccess`: api-reference/v1.0/api/application-get.md
 * and resources/requiredresourceaccess.md (`resourceAppId`, `resourceAccess [{id, type: Scope | Role}]`).
 */
export const ApplicationSchema = z.object({
  id: guidish,
  appId: guidish,
  displayName: str.nullish(),
  requiredResourceAccess: list(
    z.object({
      resourceAppId: guidish,
      resourceAccess: list(z.object({ id: guidish, type: guidish }), 500),
    }),
    100,
  ),
});
export type Application = z.infer<typeof ApplicationSchema>;

const page = <T extends z.ZodType>(item: T) => z.object({ value: list(item), '@odata.nextLink': str.nullish() });

/**
 * `GET /servicePrincipals/{id}/oauth2PermissionGrants`: api-reference/v1.0/api/serviceprincipal-list-
 * oauth2permissiongrants.md (`clientId`, `consentType`, `principalId`, `resourceId`, `scope`);
 * resources/oauth2permissiongrant.md: tenant-wide consent is `consentType: "AllPrincipals"`, `principalId` null.
 */
export const GrantsPageSchema = page(
  z.object({
    id: guidish.nullish(),
    clientId: guidish,
    consentType: guidish,
    principalId: guidish.nullish(),
    resourceId: guidish,
    scope: str.nullish(),
  }),
);
export type GrantsPage = z.infer<typeof GrantsPageSchema>;

/**
 * `GET /servicePrincipals/{id}/appRoleAssignments`:
 * api-reference/v1.0/api/serviceprincipal-list-approleassignments.md.
 */
export const AppRoleAssignmentsPageSchema = page(z.object({ appRoleId: guidish, resourceId: guidish }));

const ids = list(guidish, 500).nullish();

/**
 * `GET /identity/conditionalAccess/policies`: api-reference/v1.0/api/conditionalaccessroot-list-policies.md
 * (`displayName`, `state`, `conditions.applications.includeApplications / excludeApplications`,
 * `conditions.users`, `grantControls {operator, builtInControls, customAuthenticationFactors, termsOfUse}`);
 * resources/conditionalaccessgrantcontrols.md adds `authenticationStrength`.
 */
export const CaPolicySchema = z.object({
  id: guidish,
  displayName: str,
  state: guidish,
  conditions: z
    .object({
      applications: z.object({ includeApplications: ids, excludeApplications: ids }).nullish(),
      users: z.object({ includeUsers: ids, includeGroups: ids, includeRoles: ids }).nullish(),
    })
    .nullish(),
  grantControls: z
    .object({
      operator: guidish.nullish(),
      builtInControls: ids,
      customAuthenticationFactors: ids,
      termsOfUse: ids,
      authenticationStrength: z.object({ displayName: str.nullish() }).nullish(),
    })
    .nullish(),
});
export type CaPolicy = z.infer<typeof CaPolicySchema>;
export const CaPoliciesPageSchema = page(CaPolicySchema);

/**
 * `GET /auditLogs/signIns?$filter=appId eq '…'`: api-reference/v1.0/api/signin-list.md (`createdDateTime`,
 * `appId`, `status {errorCode, failureReason}`, `conditionalAccessStatus`, `appliedConditionalAccessPolicies`).
 */
export const SignInsPageSchema = page(
  z.object({
    createdDateTime: guidish,
    appId: guidish.nullish(),
    conditionalAccessStatus: guidish.nullish(),
    status: z.object({ errorCode: z.number().int().nullish(), failureReason: str.nullish() }).nullish(),
    appliedConditionalAccessPolicies: list(
      z.object({ displayName: str.nullish(), result: guidish.nullish() }),
      200,
    ).nullish(),
  }),
);
export type SignInsPage = z.infer<typeof SignInsPageSchema>;
