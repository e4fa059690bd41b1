// The lab's Azure emulator against the real client library and Microsoft's own examples: @azure/identity 4.14.1
// (MSAL underneath) signs in over real HTTPS trusting the lab CA; every endpoint answers with the keys of the
// example file it is built from (the expectations come from those files, not from the emulator); permissions
// withheld answer 403 in each service's documented format; no token reaches the emulator's log.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientSecretCredential, DeviceCodeCredential, type TokenCredential } from '@azure/identity';
import managedInstanceGet from '../../../electron/lab/azure-emulator/examples/ManagedInstanceGet.json';
import withAdministrators from '../../../electron/lab/azure-emulator/examples/ManagedInstanceGetWithExpandEqualsAdministrators.json';
import resourcesFilterQuery from '../../../electron/lab/azure-emulator/examples/ResourcesFilterQuery.json';
import spExample from '../../../electron/lab/azure-emulator/examples/serviceprincipal-get.example1.json';
import appExample from '../../../electron/lab/azure-emulator/examples/application-get.example2.json';
import grantsExample from '../../../electron/lab/azure-emulator/examples/serviceprincipal-list-oauth2permissiongrants.json';
import policiesExample from '../../../electron/lab/azure-emulator/examples/conditionalaccessroot-list-policies.json';
import signInsExample from '../../../electron/lab/azure-emulator/examples/signin-list.example1.json';
import deniedExample from '../../../electron/lab/azure-emulator/examples/graph-error-authorization-requestdenied.json';
import { LAB_JWT_PATTERN, LAB_OPAQUE_TOKEN_PATTERN } from '../../../electron/lab/azure-emulator/emulator-tokens';
import { resourceIdOf } from '../../../electron/lab/azure-emulator/lab-tenant';
import { call, testEmulator, type TestEmulator } from './emulator-helpers';

const GRAPH = 'https://graph.microsoft.com/.default';
const ARM = 'https://management.azure.com/.default';
const keys = (value: unknown) => Object.keys(value as object).sort();
const miPath = (emu: TestEmulator, version = '2023-08-01') => `${resourceIdOf(emu.tenant)}?api-version=${version}`;

/** The real device-code credential of @azure/identity, pointed at the emulator the documented way. */
function deviceCode(emu: TestEmulator, prompts: string[] = []): DeviceCodeCredential {
  return new DeviceCodeCredential({
    tenantId: emu.tenant.tenantId,
    clientId: emu.tenant.client.appId,
    authorityHost: emu.base,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: emu.caPem },
    userPromptCallback: (info) => {
      prompts.push(info.message);
    },
  });
}

async function tokenFor(credential: TokenCredential, scope: string): Promise<string> {
  const token = await credential.getToken(scope);
  assert.ok(token, 'a token');
  return token.token;
}

describe('sign-in with the real @azure/identity', () => {
  test('DeviceCodeCredential gets Graph and ARM tokens over HTTPS that trusts the lab CA', async () => {
    const emu = await testEmulator();
    const prompts: string[] = [];
    const credential = deviceCode(emu, prompts);
    const graph = await tokenFor(credential, GRAPH);
    const arm = await tokenFor(credential, ARM);
    assert.notEqual(graph, arm);
    // Entra's prompt: a URL and a code (v2-oauth2-device-code.md's `message`).
    assert.match(prompts[0] ?? '', /open the page https:\/\/127\.0\.0\.1:\d+\/devicelogin and enter the code \w+/);
    const me = await call(emu, 'GET', `/v1.0/servicePrincipals(appId='${emu.tenant.principal.appId}')`, {
      token: graph,
    });
    assert.equal(me.status, 200);
    assert.equal((await call(emu, 'GET', miPath(emu), { token: arm })).status, 200);
    // What MSAL asked for: the OpenID configuration, the device code, then the token endpoint polled.
    const paths = emu
      .log()
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { path?: string }).path)
      .filter(Boolean);
    assert.ok(paths.includes(`/${emu.tenant.tenantId}/v2.0/.well-known/openid-configuration`), paths.join(' '));
    assert.ok(paths.includes(`/${emu.tenant.tenantId}/oauth2/v2.0/devicecode`));
    assert.ok(paths.filter((p) => p === `/${emu.tenant.tenantId}/oauth2/v2.0/token`).length >= 2, 'polled');
  });

  // msal-common's instance discovery asks login.microsoftonline.com itself (Constants.AAD_INSTANCE_DISCOVERY_ENDPT),
  // whatever the authority host: a lab client must set disableInstanceDiscovery. The emulator still answers the
  // discovery document at its own host, in the shape msal-common reads.
  test('instance discovery at the emulator answers the tenant discovery endpoint and the host as its own alias', async () => {
    const emu = await testEmulator();
    const authorize = `${emu.base}/${emu.tenant.tenantId}/oauth2/v2.0/authorize`;
    const found = await call(
      emu,
      'GET',
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`,
    );
    const host = new URL(emu.base).host;
    assert.equal(
      found.body.tenant_discovery_endpoint,
      `${emu.base}/${emu.tenant.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    assert.deepEqual(found.body.metadata, [{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
  });

  test('without the lab CA the client refuses the emulator: the trust is real TLS', async () => {
    const emu = await testEmulator();
    const credential = new ClientSecretCredential(emu.tenant.tenantId, emu.tenant.client.appId, emu.clientSecret, {
      authorityHost: emu.base,
      disableInstanceDiscovery: true,
      retryOptions: { maxRetries: 0 },
    });
    await assert.rejects(credential.getToken(GRAPH));
    // The TLS handshake failed: no request reached the emulator (its log holds only its start line).
    assert.equal(emu.log().trim().split('\n').length, 1, emu.log());
  });

  test('ClientSecretCredential: the lab secret works, a wrong one is invalid_client (AADSTS7000215)', async () => {
    const emu = await testEmulator();
    const options = { authorityHost: emu.base, disableInstanceDiscovery: true, tlsOptions: { ca: emu.caPem } };
    const good = new ClientSecretCredential(emu.tenant.tenantId, emu.tenant.client.appId, emu.clientSecret, options);
    assert.ok(await tokenFor(good, ARM));
    const bad = new ClientSecretCredential(emu.tenant.tenantId, emu.tenant.client.appId, 'wrong', options);
    await assert.rejects(bad.getToken(ARM), /AADSTS7000215|invalid_client/);
  });
});

describe("each endpoint answers with the keys of Microsoft's example", () => {
  test('ARM managed instance GET, and $expand=administrators/activedirectory', async () => {
    const emu = await testEmulator();
    const arm = await tokenFor(deviceCode(emu), ARM);
    const plain = await call(emu, 'GET', miPath(emu), { token: arm });
    const example = managedInstanceGet.responses['200'].body;
    assert.equal(plain.status, 200);
    assert.deepEqual(keys(plain.body), keys(example));
    const props = plain.body.properties as Record<string, unknown>;
    assert.deepEqual(keys(props), keys(example.properties));
    assert.deepEqual(keys(props.servicePrincipal), keys(example.properties.servicePrincipal));
    assert.equal(props.fullyQualifiedDomainName, emu.tenant.instance.fqdn);
    assert.equal((props.servicePrincipal as { type: string }).type, 'SystemAssigned');
    const expanded = await call(emu, 'GET', `${miPath(emu)}&$expand=administrators/activedirectory`, { token: arm });
    const admins = (expanded.body.properties as Record<string, unknown>).administrators;
    assert.deepEqual(keys(admins), keys(withAdministrators.responses['200'].body.properties.administrators));
    assert.equal(props.administrators, undefined, 'no administrators without $expand');
  });

  test('Resource Graph finds the instance by FQDN (and by its public endpoint name), in the example envelope', async () => {
    const emu = await testEmulator();
    const arm = await tokenFor(deviceCode(emu), ARM);
    const example = resourcesFilterQuery.responses['200'].body;
    const query = (fqdn: string) =>
      `Resources | where type =~ 'microsoft.sql/managedinstances' | where properties.fullyQualifiedDomainName =~ ` +
      `'${fqdn}' | project id, name, type, location`;
    const path = '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01';
    const found = await call(emu, 'POST', path, { token: arm, json: { query: query(emu.tenant.instance.fqdn) } });
    assert.equal(found.status, 200);
    assert.deepEqual(keys(found.body), keys(example));
    const rows = found.body.data as Record<string, unknown>[];
    assert.equal(rows.length, 1);
    assert.deepEqual(keys(rows[0]), keys(example.data[0]));
    assert.equal(rows[0]?.id, resourceIdOf(emu.tenant));
    const publicName = `${emu.tenant.instance.name}.public.${emu.tenant.instance.dnsZone}.database.windows.net`;
    const viaPublic = await call(emu, 'POST', path, { token: arm, json: { query: query(publicName) } });
    assert.equal((viaPublic.body.data as unknown[]).length, 1);
    const other = await call(emu, 'POST', path, { token: arm, json: { query: query('other.x.database.windows.net') } });
    assert.deepEqual([other.status, other.body.count, other.body.data], [200, 0, []]);
  });

  test('Graph: service principal, application, grants, policies and sign-ins', async () => {
    const emu = await testEmulator();
    const graph = await tokenFor(deviceCode(emu), GRAPH);
    const get = (path: string) => call(emu, 'GET', `/v1.0${path}`, { token: graph });
    const sp = await get(`/servicePrincipals(appId='${emu.tenant.principal.appId}')`);
    assert.deepEqual(keys(sp.body), keys(spExample));
    assert.equal(sp.body.displayName, `${emu.tenant.instance.name} principal`);
    const byId = await get(`/servicePrincipals/${emu.tenant.principal.servicePrincipalId}`);
    assert.deepEqual(byId.body, sp.body);
    const app = await get(`/applications(appId='${emu.tenant.principal.appId}')`);
    assert.deepEqual(keys(app.body), keys(appExample));
    const grants = await get(`/servicePrincipals/${emu.tenant.principal.servicePrincipalId}/oauth2PermissionGrants`);
    const grant = (grants.body.value as Record<string, unknown>[])[0];
    assert.deepEqual(keys(grant), keys(grantsExample.value[0]));
    assert.deepEqual([grant?.consentType, grant?.principalId], ['AllPrincipals', null]);
    const policies = await get('/identity/conditionalAccess/policies');
    assert.deepEqual(keys(policies.body), keys(policiesExample));
    const [first] = policies.body.value as Record<string, unknown>[];
    assert.deepEqual(keys(first), keys(policiesExample.value[0]));
    assert.deepEqual(
      (policies.body.value as { state: string }[]).map((p) => p.state),
      policiesExample.value.map((p) => p.state),
      'a healthy tenant keeps the example policies as published (disabled)',
    );
    const signIns = await get(`/auditLogs/signIns?$filter=appId eq '${emu.tenant.client.appId}'`);
    assert.deepEqual(keys((signIns.body.value as unknown[])[0]), keys(signInsExample.value[0]));
    const none = await get(`/auditLogs/signIns?$filter=appId eq '${emu.tenant.principal.appId}'`);
    assert.deepEqual(none.body.value, [], 'the emulator invents no sign-in for the Kerberos principal');
    const selected = await get(`/servicePrincipals(appId='${emu.tenant.principal.appId}')?$select=id,appId`);
    assert.deepEqual(keys(selected.body), ['appId', 'id']);
  });

  test('an unknown principal is 404 Request_ResourceNotFound in the Graph error format', async () => {
    const emu = await testEmulator();
    const graph = await tokenFor(deviceCode(emu), GRAPH);
    const missing = await call(emu, 'GET', "/v1.0/servicePrincipals(appId='00000000-0000-0000-0000-000000000001')", {
      token: graph,
    });
    assert.equal(missing.status, 404);
    const error = missing.body.error as Record<string, unknown>;
    assert.equal(error.code, 'Request_ResourceNotFound');
    assert.deepEqual(keys(error), keys(deniedExample.error));
    assert.deepEqual(keys(error.innerError), keys(deniedExample.error.innerError));
  });
});

describe('scenario facets', () => {
  test("spn-missing's facet: servicePrincipal.type None, and Entra has no such principal", async () => {
    const emu = await testEmulator({ servicePrincipal: 'None' });
    const credential = deviceCode(emu);
    const mi = await call(emu, 'GET', miPath(emu), { token: await tokenFor(credential, ARM) });
    assert.deepEqual((mi.body.properties as Record<string, unknown>).servicePrincipal, { type: 'None' });
    const graph = await tokenFor(credential, GRAPH);
    const sp = await call(emu, 'GET', `/v1.0/servicePrincipals(appId='${emu.tenant.principal.appId}')`, {
      token: graph,
    });
    assert.equal(sp.status, 404);
  });

  test("redirect's facet: proxyOverride Redirect", async () => {
    const emu = await testEmulator({ proxyOverride: 'Redirect' });
    const mi = await call(emu, 'GET', miPath(emu), { token: await tokenFor(deviceCode(emu), ARM) });
    assert.equal((mi.body.properties as Record<string, unknown>).proxyOverride, 'Redirect');
  });

  test("conditional-access's facet: an enabled policy for All apps, not excluding the principal, requiring MFA", async () => {
    const emu = await testEmulator({ conditionalAccess: 'block-all-apps' });
    const graph = await tokenFor(deviceCode(emu), GRAPH);
    const policies = await call(emu, 'GET', '/v1.0/identity/conditionalAccess/policies', { token: graph });
    const enabled = (policies.body.value as (typeof policiesExample.value)[number][]).filter(
      (p) => p.state === 'enabled',
    );
    assert.equal(enabled.length, 1);
    const [policy] = enabled;
    assert.deepEqual(policy?.conditions.applications.includeApplications, ['All']);
    assert.ok(!(policy?.conditions.applications.excludeApplications as string[]).includes(emu.tenant.principal.appId));
    assert.deepEqual(policy?.grantControls.builtInControls, ['mfa']);
  });

  test('missing admin consent: no grant', async () => {
    const emu = await testEmulator({ adminConsent: 'missing' });
    const graph = await tokenFor(deviceCode(emu), GRAPH);
    const path = `/v1.0/servicePrincipals/${emu.tenant.principal.servicePrincipalId}/oauth2PermissionGrants`;
    assert.deepEqual((await call(emu, 'GET', path, { token: graph })).body.value, []);
  });
});

describe('permissions withheld and bad tokens answer as each service does', () => {
  test('no Policy.Read.All: Conditional Access is 403 AccessDenied; directory reads still work', async () => {
    const emu = await testEmulator({ withhold: ['graph:Policy.Read.All'] });
    const graph = await tokenFor(deviceCode(emu), GRAPH);
    const denied = await call(emu, 'GET', '/v1.0/identity/conditionalAccess/policies', { token: graph });
    assert.equal(denied.status, 403);
    const error = denied.body.error as Record<string, unknown>;
    assert.equal(error.code, 'AccessDenied');
    assert.match(String(error.message), /required scopes are missing in the token/);
    assert.deepEqual(keys(error.innerError), keys(deniedExample.error.innerError));
    const sp = await call(emu, 'GET', `/v1.0/servicePrincipals(appId='${emu.tenant.principal.appId}')`, {
      token: graph,
    });
    assert.equal(sp.status, 200);
  });

  test('no Application.Read.All: directory reads are 403 Authorization_RequestDenied, worded as Microsoft shows', async () => {
    const emu = await testEmulator({ withhold: ['graph:Application.Read.All'] });
    const graph = await tokenFor(deviceCode(emu), GRAPH);
    const denied = await call(emu, 'GET', `/v1.0/applications(appId='${emu.tenant.principal.appId}')`, {
      token: graph,
    });
    assert.equal(denied.status, 403);
    const error = denied.body.error as Record<string, unknown>;
    assert.deepEqual([error.code, error.message], [deniedExample.error.code, deniedExample.error.message]);
  });

  test('no ARM Reader: the instance GET is 403 AuthorizationFailed; Resource Graph returns no rows', async () => {
    const emu = await testEmulator({ withhold: ['arm:Reader'] });
    const arm = await tokenFor(deviceCode(emu), ARM);
    const denied = await call(emu, 'GET', miPath(emu), { token: arm });
    assert.equal(denied.status, 403);
    const error = denied.body.error as Record<string, unknown>;
    assert.equal(error.code, 'AuthorizationFailed');
    assert.match(
      String(error.message),
      /does not have authorization to perform action 'Microsoft\.Sql\/managedInstances\/read'/,
    );
    const query = `Resources | where type =~ 'microsoft.sql/managedinstances' | where properties.fullyQualifiedDomainName =~ '${emu.tenant.instance.fqdn}'`;
    const rows = await call(emu, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', {
      token: arm,
      json: { query },
    });
    assert.deepEqual([rows.status, rows.body.count], [200, 0]);
  });

  test('401 without a token, with a token for the other service, and an api-version ARM does not serve', async () => {
    const emu = await testEmulator();
    const credential = deviceCode(emu);
    const graph = await tokenFor(credential, GRAPH);
    const arm = await tokenFor(credential, ARM);
    const noToken = await call(emu, 'GET', miPath(emu));
    assert.equal(noToken.status, 401);
    assert.equal((noToken.body.error as Record<string, unknown>).code, 'AuthenticationFailed');
    assert.match(String(noToken.headers['www-authenticate']), /^Bearer authorization_uri=/);
    const graphAtArm = await call(emu, 'GET', miPath(emu), { token: graph });
    assert.equal((graphAtArm.body.error as Record<string, unknown>).code, 'InvalidAuthenticationTokenAudience');
    const armAtGraph = await call(emu, 'GET', '/v1.0/identity/conditionalAccess/policies', { token: arm });
    assert.deepEqual(
      [armAtGraph.status, (armAtGraph.body.error as Record<string, unknown>).code],
      [401, 'InvalidAuthenticationToken'],
    );
    const forged = await call(emu, 'GET', '/v1.0/identity/conditionalAccess/policies', { token: `${graph}x` });
    assert.equal(forged.status, 401);
    const oldVersion = await call(emu, 'GET', miPath(emu, '2015-05-01-preview'), { token: arm });
    assert.deepEqual(
      [oldVersion.status, (oldVersion.body.error as Record<string, unknown>).code],
      [400, 'InvalidApiVersionParameter'],
    );
    const noVersion = await call(emu, 'GET', resourceIdOf(emu.tenant), { token: arm });
    assert.equal((noVersion.body.error as Record<string, unknown>).code, 'MissingApiVersionParameter');
  });

  test('a body over the limit is refused unread', async () => {
    const emu = await testEmulator();
    const big = await call(emu, 'POST', `/${emu.tenant.tenantId}/oauth2/v2.0/token`, {
      form: new URLSearchParams({ grant_type: 'client_credentials', pad: 'x'.repeat(70_000) }),
    });
    assert.equal(big.status, 413);
  });
});

test("the emulator's log holds requests, never a token, a secret or a query value", async () => {
  const emu = await testEmulator();
  const credential = deviceCode(emu);
  const issued = [await tokenFor(credential, GRAPH), await tokenFor(credential, ARM)];
  const secretCredential = new ClientSecretCredential(emu.tenant.tenantId, emu.tenant.client.appId, emu.clientSecret, {
    authorityHost: emu.base,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: emu.caPem },
  });
  issued.push(await tokenFor(secretCredential, GRAPH));
  await call(emu, 'GET', `/v1.0/auditLogs/signIns?$filter=appId eq '${emu.tenant.principal.appId}'`, {
    token: issued[0],
  });
  const log = emu.log();
  assert.ok(log.split('\n').length > 8, log);
  for (const token of issued) {
    // The issued tokens are the shape the secret scan looks for...
    assert.match(token, new RegExp(LAB_JWT_PATTERN.source));
    // ...and none of them, nor any part of one, is in the log.
    for (const part of token.split('.')) assert.ok(!log.includes(part), 'a token part in the log');
  }
  assert.doesNotMatch(log, new RegExp(LAB_JWT_PATTERN.source));
  assert.doesNotMatch(log, new RegExp(LAB_OPAQUE_TOKEN_PATTERN.source));
  assert.ok(!log.includes(emu.clientSecret));
  assert.ok(!log.includes(emu.tenant.principal.appId), 'the $filter value is not logged');
});
