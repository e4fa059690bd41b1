// The lab tenant as the Azure emulator answers for it: Microsoft's published example responses
// (./examples/, each cited in ./examples/sources.json) with the lab's names put in, and the scenario's variation
// as small named patches. Every change to an example is one entry in a patch list below: a reader can see what
// the emulator says that Microsoft's example does not.
import { randomUUID } from 'node:crypto';
import type { TenantFacet } from '../lab-types';
import managedInstanceGet from './examples/ManagedInstanceGet.json';
import managedInstanceWithAdmins from './examples/ManagedInstanceGetWithExpandEqualsAdministrators.json';
import resourcesFilterQuery from './examples/ResourcesFilterQuery.json';
import servicePrincipalExample from './examples/serviceprincipal-get.example1.json';
import graphServicePrincipalExample from './examples/serviceprincipal-get.example2.json';
import applicationExample from './examples/application-get.example2.json';
import grantsExample from './examples/serviceprincipal-list-oauth2permissiongrants.json';
import policiesExample from './examples/conditionalaccessroot-list-policies.json';
import signInsExample from './examples/signin-list.example1.json';

/**
 * The tenant the lab's Windows device is joined to (electron/lab/windows/tools.ts uses the same id): the
 * emulator's tenant is that one.
 */
export const LAB_TENANT_ID = '7a1b0000-0000-4000-8000-00000000cafe';
/** Microsoft Graph's application id and its service principal's id, as serviceprincipal-get.md Example 2 has them. */
export const GRAPH_APP_ID = graphServicePrincipalExample.appId;
export const GRAPH_SERVICE_PRINCIPAL_ID = graphServicePrincipalExample.id;
/**
 * User.Read, the delegated Graph permission the lab's instance principal requests. Its id is one of the four that
 * application-get.md Example 2 lists; Microsoft's permissions reference names it User.Read
 * (https://learn.microsoft.com/graph/permissions-reference#userread).
 */
export const USER_READ_SCOPE_ID = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';

/** Who is who in the lab tenant. */
export interface LabTenant {
  tenantId: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  instance: { name: string; dnsZone: string; fqdn: string };
  /** "<instance> principal": the application and service principal behind the instance's Kerberos SPN. */
  principal: { displayName: string; appId: string; servicePrincipalId: string; applicationId: string };
  /** The app registration KerbProbe signs in with. */
  client: { appId: string; displayName: string };
  /** The helpdesk account that signs in. */
  user: { upn: string; objectId: string; displayName: string };
  /** The instance's Microsoft Entra admin. */
  entraAdmin: { login: string; objectId: string };
}

/** A lab tenant for the instance FQDN (`<name>.<dnsZone>.database.windows.net`); ids are new each time. */
export function createLabTenant(fqdn: string, userDomain: string): LabTenant {
  const [name = 'sqlmi1', dnsZone = 'lab'] = fqdn.split('.');
  return {
    tenantId: LAB_TENANT_ID,
    subscriptionId: randomUUID(),
    resourceGroup: 'rg-kerbprobe-lab',
    location: managedInstanceGet.responses['200'].body.location,
    instance: { name, dnsZone, fqdn },
    principal: {
      // The name sql-docs gives it: "<managedinstancename> principal" (winauth-azuread-kerberos-managed-instance).
      displayName: `${name} principal`,
      appId: randomUUID(),
      servicePrincipalId: randomUUID(),
      applicationId: randomUUID(),
    },
    client: { appId: randomUUID(), displayName: 'KerbProbe' },
    user: { upn: `helpdesk@${userDomain}`, objectId: randomUUID(), displayName: 'Helpdesk Admin' },
    entraAdmin: { login: `sqladmin@${userDomain}`, objectId: randomUUID() },
  };
}

/** One documented change to a Microsoft example. */
interface Patch {
  /** Why, in one line (what the scenario or the lab's names need). */
  why: string;
  apply: (doc: Record<string, unknown>) => void;
}

const clone = <T>(value: T): T => structuredClone(value);

function applyPatches<T>(example: T, patches: readonly Patch[]): T {
  const doc = clone(example) as Record<string, unknown>;
  for (const patch of patches) patch.apply(doc);
  return doc as T;
}

type ManagedInstance = (typeof managedInstanceGet.responses)['200']['body'];

export function resourceIdOf(tenant: LabTenant): string {
  return (
    `/subscriptions/${tenant.subscriptionId}/resourceGroups/${tenant.resourceGroup}` +
    `/providers/Microsoft.Sql/managedInstances/${tenant.instance.name}`
  );
}

/** The patches applied to ManagedInstanceGet.json for the lab's instance and the scenario. */
export function managedInstancePatches(tenant: LabTenant, facet: TenantFacet): Patch[] {
  const props = (doc: Record<string, unknown>) => (doc as ManagedInstance).properties as Record<string, unknown>;
  const patches: Patch[] = [
    {
      why: "the lab's names: id, name, FQDN, DNS zone, subnet and instance pool under the lab's subscription",
      apply: (doc) => {
        const mi = doc as ManagedInstance;
        const sub = `/subscriptions/${tenant.subscriptionId}/resourceGroups/${tenant.resourceGroup}`;
        mi.id = resourceIdOf(tenant);
        mi.name = tenant.instance.name;
        mi.properties.fullyQualifiedDomainName = tenant.instance.fqdn;
        mi.properties.dnsZone = tenant.instance.dnsZone;
        mi.properties.subnetId = `${sub}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/subnet1`;
        mi.properties.instancePoolId = `${sub}/providers/Microsoft.Sql/instancePools/instancePool1`;
      },
    },
    {
      why: "servicePrincipal: the lab's '<instance> principal' (clientId = its appId) in the lab tenant",
      apply: (doc) => {
        // The spec's principalId: the principal's object id; the lab gives the service principal's.
        (doc as ManagedInstance).properties.servicePrincipal = {
          principalId: tenant.principal.servicePrincipalId,
          clientId: tenant.principal.appId,
          tenantId: tenant.tenantId,
          type: 'SystemAssigned',
        };
      },
    },
  ];
  if (facet.servicePrincipal === 'None')
    patches.push({
      // The ids are read-only and belong to a principal that does not exist: the lab leaves them out. What ARM
      // shows for an instance whose principal was never enabled is not verified against a live instance.
      why: "servicePrincipal.type None: the instance's Kerberos principal is off",
      apply: (doc) => {
        props(doc).servicePrincipal = { type: 'None' };
      },
    });
  if (facet.proxyOverride)
    patches.push({
      why: `proxyOverride ${facet.proxyOverride}: the instance's connection type`,
      apply: (doc) => {
        props(doc).proxyOverride = facet.proxyOverride;
      },
    });
  return patches;
}

/** The instance as ARM's GET answers; `expandAdministrators` adds the Entra admin ($expand=administrators/...). */
export function managedInstanceDocument(
  tenant: LabTenant,
  facet: TenantFacet,
  expandAdministrators: boolean,
): Record<string, unknown> {
  const mi = applyPatches(managedInstanceGet.responses['200'].body, managedInstancePatches(tenant, facet));
  if (expandAdministrators) {
    // ManagedInstanceGetWithExpandEqualsAdministrators.json's `administrators`, with the lab's admin and tenant.
    const administrators = {
      ...clone(managedInstanceWithAdmins.responses['200'].body.properties.administrators),
      login: tenant.entraAdmin.login,
      sid: tenant.entraAdmin.objectId,
      tenantId: tenant.tenantId,
    };
    (mi.properties as Record<string, unknown>).administrators = administrators;
  }
  return mi;
}

/** The instance as one Resource Graph row (`Resources` table: id, name, type lowercased, location, properties...). */
export function resourceGraphRow(tenant: LabTenant, facet: TenantFacet): Record<string, unknown> {
  const mi = managedInstanceDocument(tenant, facet, false);
  const exampleRow = resourcesFilterQuery.responses['200'].body.data[0];
  return {
    id: mi.id,
    name: mi.name,
    // Resource Graph lowercases the type, as the example's rows show (microsoft.compute/virtualmachines).
    type: String(mi.type).toLowerCase(),
    location: mi.location ?? exampleRow?.location,
    tenantId: tenant.tenantId,
    resourceGroup: tenant.resourceGroup,
    subscriptionId: tenant.subscriptionId,
    sku: mi.sku,
    properties: mi.properties,
  };
}

/** The Resource Graph answer (the example's envelope) around ROWS. */
export function resourceGraphDocument(rows: Record<string, unknown>[]): Record<string, unknown> {
  const body = clone(resourcesFilterQuery.responses['200'].body);
  return { ...body, totalRecords: rows.length, count: rows.length, data: rows };
}

/** The instance's principal as Graph's servicePrincipal GET answers (serviceprincipal-get.md Example 1). */
export function principalServicePrincipal(tenant: LabTenant): Record<string, unknown> {
  return applyPatches(servicePrincipalExample as Record<string, unknown>, [
    {
      why: "the lab's '<instance> principal': appId, id, names, the lab tenant as owner, an Application principal",
      apply: (doc) => {
        Object.assign(doc, {
          appDisplayName: tenant.principal.displayName,
          appId: tenant.principal.appId,
          appOwnerOrganizationId: tenant.tenantId,
          displayName: tenant.principal.displayName,
          id: tenant.principal.servicePrincipalId,
          servicePrincipalNames: [tenant.principal.appId],
          servicePrincipalType: 'Application',
        });
      },
    },
    {
      // The example has true. Azure Files documents that "Assignment required" blocks Entra Kerberos tickets
      // (files-troubleshoot-smb-authentication, AADSTS50105): the healthy lab leaves it off.
      why: 'appRoleAssignmentRequired false',
      apply: (doc) => {
        doc.appRoleAssignmentRequired = false;
      },
    },
  ]);
}

/** Microsoft Graph's own service principal (serviceprincipal-get.md Example 2) with User.Read among its scopes. */
export function graphServicePrincipal(): Record<string, unknown> {
  return applyPatches(graphServicePrincipalExample as Record<string, unknown>, [
    {
      why: 'oauth2PermissionScopes also lists User.Read, the scope the lab principal requests (permissions reference)',
      apply: (doc) => {
        const scopes = doc.oauth2PermissionScopes as Record<string, unknown>[];
        scopes.push({
          adminConsentDescription:
            'Allows users to sign-in to the app, and allows the app to read the profile of signed-in users.',
          adminConsentDisplayName: 'Sign in and read user profile',
          id: USER_READ_SCOPE_ID,
          isEnabled: true,
          type: 'User',
          userConsentDescription: 'Allows you to sign in to the app with your organizational account.',
          userConsentDisplayName: 'Sign you in and read your profile',
          value: 'User.Read',
        });
      },
    },
  ]);
}

/** The principal's application, as application-get.md Example 2 (`$select=…requiredResourceAccess`) has it. */
export function principalApplication(tenant: LabTenant): Record<string, unknown> {
  return applyPatches(applicationExample as Record<string, unknown>, [
    {
      why: "the lab's '<instance> principal' application: id, appId, displayName",
      apply: (doc) => {
        Object.assign(doc, {
          id: tenant.principal.applicationId,
          appId: tenant.principal.appId,
          displayName: tenant.principal.displayName,
        });
      },
    },
    {
      // Which permissions the real "<mi> principal" requests is shown only in a screenshot on sql-docs: not
      // known. The lab keeps the one of the example's four that Microsoft names (User.Read).
      why: 'requiredResourceAccess: Microsoft Graph User.Read only',
      apply: (doc) => {
        const [graph] = doc.requiredResourceAccess as { resourceAppId: string; resourceAccess: { id: string }[] }[];
        if (graph) graph.resourceAccess = graph.resourceAccess.filter((access) => access.id === USER_READ_SCOPE_ID);
      },
    },
  ]);
}

/** The principal's delegated permission grants (serviceprincipal-list-oauth2permissiongrants.md). */
export function principalGrants(tenant: LabTenant, facet: TenantFacet): Record<string, unknown> {
  return applyPatches(grantsExample as Record<string, unknown>, [
    {
      // Tenant-wide admin consent: consentType AllPrincipals, principalId null (resources/oauth2permissiongrant.md).
      why: 'one grant: admin consent (AllPrincipals) for User.Read on Microsoft Graph; none when consent is missing',
      apply: (doc) => {
        doc.value =
          facet.adminConsent === 'missing'
            ? []
            : [
                {
                  id: `lab-grant-${tenant.principal.servicePrincipalId.slice(0, 8)}`,
                  clientId: tenant.principal.servicePrincipalId,
                  consentType: 'AllPrincipals',
                  principalId: null,
                  resourceId: GRAPH_SERVICE_PRINCIPAL_ID,
                  scope: 'User.Read',
                },
              ];
      },
    },
  ]);
}

/** The tenant's Conditional Access policies (conditionalaccessroot-list-policies.md), as the scenario has them. */
export function conditionalAccessPolicies(facet: TenantFacet): Record<string, unknown> {
  const patches: Patch[] = [];
  if (facet.conditionalAccess === 'block-all-apps')
    patches.push({
      // Microsoft's fix for 0x52f: exclude "<instance> principal" from such a policy (winauth-azuread-troubleshoot).
      why:
        'SimplePolicy2 (grant: mfa) enabled for All users and All cloud apps, excluding nothing: a policy Kerberos ' +
        'cannot satisfy',
      apply: (doc) => {
        const mfa = (doc as typeof policiesExample).value[1];
        if (!mfa) return;
        mfa.displayName = 'Require multifactor authentication for all users';
        mfa.state = 'enabled';
        mfa.conditions.applications.includeApplications = ['All'];
        mfa.conditions.users.includeUsers = ['All'];
      },
    });
  return applyPatches(policiesExample as Record<string, unknown>, patches);
}

/** The sign-in log (signin-list.md Example 1): the helpdesk account's own sign-in to Graph through KerbProbe. */
export function signIns(tenant: LabTenant): Record<string, unknown> {
  return applyPatches(signInsExample as Record<string, unknown>, [
    {
      // Whether Entra logs a Kerberos service-ticket request, and under which app, is not documented: the lab
      // invents no such entry, in any scenario.
      why: "the one entry is the lab's helpdesk account signing in to Microsoft Graph with KerbProbe",
      apply: (doc) => {
        const [entry] = doc.value as Record<string, unknown>[];
        if (entry)
          Object.assign(entry, {
            userDisplayName: tenant.user.displayName,
            userPrincipalName: tenant.user.upn,
            userId: tenant.user.objectId,
            appId: tenant.client.appId,
            appDisplayName: tenant.client.displayName,
            ipAddress: '127.0.0.1',
          });
      },
    },
    {
      why: 'no @odata.nextLink: the lab has no second page',
      apply: (doc) => {
        delete doc['@odata.nextLink'];
      },
    },
  ]);
}
