// The instance's side read from Microsoft's own example answers (test/fixtures/azure/README.md): the expected
// values are the examples' (servicePrincipal.type SystemAssigned, proxyOverride Default, publicDataEndpointEnabled
// false, the Entra admin bob@contoso.com), and the public endpoint's name as sql-docs public-endpoint-configure.md
// writes it (`<mi>.public.<dns_zone>.database.windows.net`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instanceChecks, instanceName, lookupQuery } from '../../../electron/engine/admin/instance-checks';
import { ManagedInstanceSchema, ResourceGraphAnswerSchema } from '../../../electron/engine/admin/azure-shapes';
import { readAnswer } from '../../../electron/engine/admin/azure-http';
import { armExampleBody, exampleText } from './azure-examples';

const MI = ManagedInstanceSchema.parse(armExampleBody('arm/ManagedInstanceGet.json'));
const MI_ADMIN = ManagedInstanceSchema.parse(
  armExampleBody('arm/ManagedInstanceGetWithExpandEqualsAdministrators.json'),
);

test("the public endpoint's name is the instance's: <mi>.public.<zone> → <mi>.<zone>", () => {
  const name = instanceName('testinstance.public.1b4e2caff2530.database.windows.net');
  assert.equal(name.fqdn, 'testinstance.1b4e2caff2530.database.windows.net');
  assert.equal(name.publicEndpoint, true);
  assert.equal(
    instanceName('TestInstance.1b4e2caff2530.database.windows.net.').fqdn,
    MI.properties.fullyQualifiedDomainName,
  );
});

test('a name that is not a host name never reaches the Resource Graph query', () => {
  for (const bad of ["mi' or 1==1 //.zone.database.windows.net", 'mi zone.database.windows.net', 'nodots', ''])
    assert.throws(() => instanceName(bad), { code: 'INPUT_SERVER_INVALID' });
  assert.match(lookupQuery(instanceName('mi1.abc.database.windows.net')), /=~ 'mi1\.abc\.database\.windows\.net'/);
});

test("Resource Graph's example answer parses; its rows (virtual machines) are no managed instance", () => {
  const answer = readAnswer(
    200,
    JSON.stringify(armExampleBody('arm/ResourcesFilterQuery.json')),
    ResourceGraphAnswerSchema,
    'rg',
  );
  assert.ok(answer.ok);
  assert.equal(answer.value.totalRecords, 3);
  assert.equal(answer.value.resultTruncated, 'false');
  assert.ok(answer.value.data.every((row) => row.fqdn === undefined));
  // The example file is read as published too (the envelope around the body is the spec's, not Azure's answer).
  assert.match(exampleText('arm/ResourcesFilterQuery.json'), /"resultTruncated": "false"/);
});

test('ManagedInstanceGet.json: the service principal is SystemAssigned, Default connection type, no public endpoint', () => {
  const [principal, admin, connection, publicEndpoint] = instanceChecks(
    MI,
    instanceName(MI.properties.fullyQualifiedDomainName!),
  );
  assert.equal(principal!.status, 'pass');
  assert.deepEqual(principal!.facts, [
    {
      kind: 'admin-principal',
      instance: 'testinstance',
      type: 'SystemAssigned',
      clientId: '00000011-1111-2222-2222-123456789111',
    },
  ]);
  // The example without $expand carries no administrators: no Entra admin shown.
  assert.equal(admin!.status, 'fail');
  assert.deepEqual(connection!.facts, [
    { kind: 'admin-connection', instance: 'testinstance', proxyOverride: 'Default', publicEndpoint: false },
  ]);
  assert.equal(connection!.status, 'pass');
  assert.equal(publicEndpoint!.status, 'pass');
  assert.match(publicEndpoint!.evidence.join('\n'), /disabled/);
});

test('ManagedInstanceGetWithExpandEqualsAdministrators.json: the Entra admin and Entra-only authentication', () => {
  const admin = instanceChecks(MI_ADMIN, instanceName(MI_ADMIN.properties.fullyQualifiedDomainName!))[1]!;
  assert.equal(admin.status, 'pass');
  assert.deepEqual(admin.facts, [
    {
      kind: 'admin-entra-admin',
      instance: 'testinstance',
      login: 'bob@contoso.com',
      principalType: 'User',
      azureADOnly: true,
    },
  ]);
  // This example has no servicePrincipal: the check says it is off (the schema's `None` and absent alike).
  assert.equal(
    instanceChecks(MI_ADMIN, instanceName('testinstance.1b4e2caff2530.database.windows.net'))[0]!.status,
    'fail',
  );
});

test('Redirect is a warning that names the ports; asked by the public name, it says the public endpoint uses Proxy', () => {
  const redirect = ManagedInstanceSchema.parse({
    ...MI,
    properties: { ...MI.properties, proxyOverride: 'Redirect', publicDataEndpointEnabled: true },
  });
  const checks = instanceChecks(redirect, instanceName('testinstance.public.1b4e2caff2530.database.windows.net'));
  const connection = checks[2]!;
  assert.equal(connection.status, 'warn');
  assert.match(connection.evidence.join('\n'), /always uses Proxy/);
  assert.match(checks[3]!.evidence.join('\n'), /testinstance\.public\.1b4e2caff2530\.database\.windows\.net,3342/);
});
