// Admin consent for what the "<instance> principal" application requests: each delegated permission (Scope) of its
// requiredResourceAccess needs a tenant-wide grant (oauth2PermissionGrant with consentType AllPrincipals on the
// resource's service principal, its `scope` listing the permission's value); each application permission (Role)
// an appRoleAssignment. Pure: Graph's answers in, the fact out.
// microsoft-graph-docs-contrib api-reference/v1.0/resources/requiredresourceaccess.md, resourceaccess.md
// (type Scope | Role), oauth2permissiongrant.md (AllPrincipals, scope space-separated), approleassignment.md.
import type { AdminFactOf } from '../../contract/admin';
import type { Application, GrantsPage, ServicePrincipal } from './azure-shapes';

export interface ConsentInputs {
  clientId: string;
  application: Application;
  /** The resource applications' service principals, by appId (their permission names and object ids). */
  resources: ReadonlyMap<string, ServicePrincipal>;
  grants: GrantsPage['value'];
  /** appRoleAssignments of the principal: `${resourceId} ${appRoleId}`. */
  roleAssignments: ReadonlySet<string>;
}

export function consentFact(input: ConsentInputs): AdminFactOf<'admin-consent'> {
  const granted: string[] = [];
  const missing: string[] = [];
  for (const wanted of input.application.requiredResourceAccess) {
    const resource = input.resources.get(wanted.resourceAppId.toLowerCase());
    const resourceName = resource?.displayName ?? wanted.resourceAppId;
    const scopes = new Set(
      input.grants
        .filter((g) => g.consentType === 'AllPrincipals' && resource && g.resourceId === resource.id)
        .flatMap((g) => (g.scope ?? '').split(/\s+/).filter(Boolean)),
    );
    for (const access of wanted.resourceAccess) {
      const isRole = access.type === 'Role';
      const named = (isRole ? resource?.appRoles : resource?.oauth2PermissionScopes)?.find((p) => p.id === access.id);
      const value = named?.value ?? access.id;
      const label = `${resourceName}: ${value}${isRole ? ' (application)' : ''}`;
      const ok = isRole
        ? resource !== undefined && input.roleAssignments.has(`${resource.id} ${access.id}`)
        : scopes.has(value);
      (ok ? granted : missing).push(label);
    }
  }
  return { kind: 'admin-consent', clientId: input.clientId, missing, granted };
}
