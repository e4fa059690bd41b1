// `kerbprobe admin` end to end over Microsoft's example answers (test/fixtures/azure/README.md), through the real
// answer reader: the instance found, read, its principal, consent and Conditional Access; a 403 worded as Graph
// words it (Authorization_RequestDenied) is a check the account could not read, with the permission and role
// named; the token never reaches the report; a next page on another origin is never followed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAdmin } from '../../../electron/engine/admin/run-admin';
import { redactAdminReport } from '../../../electron/engine/report/redact';
import { AdminReportSchema, type AdminReport } from '../../../electron/contract/admin';
import { ENDPOINT_ENV, armExampleBody, exampleText, fakeAzure, type Route } from './azure-examples';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.a-token-the-report-never-holds.c2lnbmF0dXJl';
const MI = armExampleBody('arm/ManagedInstanceGet.json');
const MI_PROPS = MI.properties as Record<string, unknown>;
const ADMIN = (
  armExampleBody('arm/ManagedInstanceGetWithExpandEqualsAdministrators.json').properties as Record<string, unknown>
).administrators;
const FQDN = MI_PROPS.fullyQualifiedDomainName as string;
const CLIENT = '00000011-1111-2222-2222-123456789111';

/** Resource Graph's example envelope, its rows replaced by the one instance (the projection KerbProbe asks for). */
function lookupAnswer(): string {
  const envelope = armExampleBody('arm/ResourcesFilterQuery.json');
  return JSON.stringify({
    ...envelope,
    totalRecords: 1,
    count: 1,
    data: [{ id: MI.id, name: MI.name, fqdn: FQDN }],
  });
}

function routes(instance: Record<string, unknown>, graph: Route[] = []): Route[] {
  return [
    {
      method: 'POST',
      url: /\/providers\/Microsoft\.ResourceGraph\/resources\?api-version=2024-04-01$/,
      status: 200,
      body: lookupAnswer(),
    },
    {
      method: 'GET',
      url: /\/managedInstances\/testinstance\?api-version=2023-08-01&\$expand=administrators%2Factivedirectory$/,
      status: 200,
      body: JSON.stringify(instance),
    },
    ...graph,
  ];
}

const withAdmin = (overrides: Record<string, unknown> = {}) => ({
  ...MI,
  properties: { ...MI_PROPS, administrators: ADMIN, ...overrides },
});

const forbidden = `{${exampleText('graph/error-authorization-requestdenied.txt')}}`;

const principalAnswer = JSON.stringify({
  ...(JSON.parse(exampleText('graph/serviceprincipal-get-example-1.json')) as object),
  appId: CLIENT,
  displayName: 'testinstance principal',
  appRoleAssignmentRequired: false,
});

function graphRoutes(ca: Route): Route[] {
  return [
    { method: 'GET', url: /\/v1\.0\/servicePrincipals\(appId='00000011-/, status: 200, body: principalAnswer },
    {
      method: 'GET',
      url: /\/v1\.0\/applications\(appId='00000011-/,
      status: 200,
      body: JSON.stringify({ id: 'app-object', appId: CLIENT, requiredResourceAccess: [] }),
    },
    { method: 'GET', url: /\/oauth2PermissionGrants$/, status: 200, body: '{"value":[]}' },
    ca,
  ];
}

async function run(r: Route[], signIns = false): Promise<{ report: AdminReport; urls: string[]; tokens: string[] }> {
  const fake = fakeAzure(r);
  const report = await runAdmin(
    { server: FQDN, ...(signIns ? { signIns: true } : {}) },
    {
      env: ENDPOINT_ENV,
      now: () => new Date('2026-12-07T12:00:00Z'),
      onPrompt: () => assert.fail('no prompt with a given token'),
      http: fake.http,
      token: (scope) => Promise.resolve(`${TOKEN}-${scope}`),
    },
  );
  return { report, urls: fake.requests.map((q) => q.url), tokens: fake.requests.map((q) => q.token) };
}

const caAnswer = (policies: unknown[]): Route => ({
  method: 'GET',
  url: /\/v1\.0\/identity\/conditionalAccess\/policies$/,
  status: 200,
  body: JSON.stringify({ value: policies }),
});

test("the examples' instance: every check passes, no diagnosis, the token only in requests", async () => {
  const ca = JSON.parse(exampleText('graph/conditionalaccessroot-list-policies.json')) as { value: unknown[] };
  const { report, urls, tokens } = await run(routes(withAdmin(), graphRoutes(caAnswer(ca.value))));
  assert.deepEqual(
    report.checks.map((c) => [c.id, c.status]),
    [
      ['find-instance', 'pass'],
      ['service-principal', 'pass'],
      ['entra-admin', 'pass'],
      ['connection-type', 'pass'],
      ['public-endpoint', 'pass'],
      ['entra-principal', 'pass'],
      ['admin-consent', 'pass'],
      ['conditional-access', 'pass'],
      ['sign-ins', 'skipped'],
    ],
  );
  assert.equal(report.diagnosis, null);
  assert.equal(report.instance?.subscriptionId, '20d7082a-0fc7-4468-82bd-542694d5042b');
  assert.equal(report.instance?.resourceGroup, 'testrg');
  // The ARM token to ARM, the Graph token to Graph; neither in the report.
  urls.forEach((url, i) =>
    assert.equal(tokens[i], `${TOKEN}-${new URL(url).origin}/.default`, `the token for ${new URL(url).origin}`),
  );
  assert.ok(!JSON.stringify(report).includes(TOKEN.slice(0, 20)));
  AdminReportSchema.parse(report);
});

test("servicePrincipal.type None (the schema's other value): MI_SERVICE_PRINCIPAL_OFF, the Graph checks skipped", async () => {
  const off = withAdmin({ servicePrincipal: { type: 'None' } });
  const { report, urls } = await run(routes(off));
  assert.equal(report.diagnosis?.code, 'MI_SERVICE_PRINCIPAL_OFF');
  assert.deepEqual(
    report.checks.filter((c) => c.status === 'skipped').map((c) => c.id),
    ['entra-principal', 'admin-consent', 'conditional-access', 'sign-ins'],
  );
  assert.ok(urls.every((u) => !u.startsWith('https://graph.microsoft.com')));
});

test('Conditional Access answered 403 Authorization_RequestDenied: could not read, Policy.Read.All and the role named', async () => {
  const { report } = await run(
    routes(
      withAdmin(),
      graphRoutes({ method: 'GET', url: /conditionalAccess\/policies$/, status: 403, body: forbidden }),
    ),
  );
  const ca = report.checks.find((c) => c.id === 'conditional-access')!;
  assert.equal(ca.status, 'unreadable');
  assert.deepEqual(ca.missing, {
    said: '403 Authorization_RequestDenied: Insufficient privileges to complete the operation.',
    permission: 'Policy.Read.All (Microsoft Graph, delegated)',
    role: 'Security Reader, Global Reader or Conditional Access Administrator',
  });
  assert.equal(report.diagnosis?.code, 'ADMIN_READ_FORBIDDEN');
  assert.match(report.diagnosis?.evidence.join('\n') ?? '', /missing permission Policy\.Read\.All/);
});

test('an enabled MFA policy for all cloud apps is named in the diagnosis', async () => {
  const ca = JSON.parse(exampleText('graph/conditionalaccessroot-list-policies.json')) as {
    value: Record<string, unknown>[];
  };
  const mfa = {
    ...ca.value[1],
    state: 'enabled',
    conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: ['All'] } },
  };
  const { report } = await run(routes(withAdmin(), graphRoutes(caAnswer([mfa]))));
  assert.equal(report.diagnosis?.code, 'CONDITIONAL_ACCESS_BLOCKS_KERBEROS');
  assert.match(report.diagnosis?.evidence[0] ?? '', /"SimplePolicy2" \(enabled\).*mfa/);
});

test('the sign-in log example as Microsoft published it (a trailing comma) is no answer, not a finding', async () => {
  const { report } = await run(
    routes(withAdmin(), [
      ...graphRoutes(caAnswer([])),
      { method: 'GET', url: /auditLogs\/signIns/, status: 200, body: exampleText('graph/signin-list-example-1.json') },
    ]),
    true,
  );
  const signIns = report.checks.find((c) => c.id === 'sign-ins')!;
  assert.equal(signIns.status, 'warn');
  assert.match(signIns.evidence[0]!, /not JSON/);
  assert.equal(report.diagnosis, null);
});

test('a next page on another origin is never asked for (the token stays with Graph)', async () => {
  const { urls } = await run(
    routes(
      withAdmin(),
      graphRoutes({
        method: 'GET',
        url: /conditionalAccess\/policies$/,
        status: 200,
        body: JSON.stringify({ value: [], '@odata.nextLink': 'https://attacker.example/v1.0/next' }),
      }),
    ),
  );
  assert.ok(urls.every((u) => !u.includes('attacker.example')));
});

test('redaction replaces the instance, resource group and the subscription, tenant and object ids', async () => {
  const { report } = await run(routes(withAdmin({ servicePrincipal: { type: 'None' } })));
  const redacted = redactAdminReport(report);
  const text = JSON.stringify(redacted);
  for (const name of [
    'testinstance',
    'testrg',
    '20d7082a-0fc7-4468-82bd-542694d5042b',
    'bob@contoso.com',
    '1b4e2caff2530',
  ])
    assert.ok(!text.toLowerCase().includes(name.toLowerCase()), name);
  assert.match(redacted.instance!.subscriptionId, /^subscription-\d+$/);
  assert.equal(redacted.redacted, true);
  assert.equal(redacted.diagnosis?.code, 'MI_SERVICE_PRINCIPAL_OFF');
});
