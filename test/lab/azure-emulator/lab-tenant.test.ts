// The emulator's documents are Microsoft's examples plus the named patches and nothing else: every example file is
// the one sources.json cites (its hash), and a healthy tenant's documents differ from the examples only where a patch
// says (the lab's names and ids), a scenario's only in the fields its facet names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import managedInstanceGet from '../../../electron/lab/azure-emulator/examples/ManagedInstanceGet.json';
import policiesExample from '../../../electron/lab/azure-emulator/examples/conditionalaccessroot-list-policies.json';
import spExample from '../../../electron/lab/azure-emulator/examples/serviceprincipal-get.example1.json';
import {
  conditionalAccessPolicies,
  createLabTenant,
  managedInstanceDocument,
  principalServicePrincipal,
} from '../../../electron/lab/azure-emulator/lab-tenant';

const examplesDir = fileURLToPath(new URL('../../../electron/lab/azure-emulator/examples/', import.meta.url));

interface Source {
  file: string;
  repository: string;
  path: string;
  commit: string;
  sha256: string;
}

/** Every leaf path where A and B differ (`properties.servicePrincipal.type`). */
function differences(a: unknown, b: unknown, at = ''): string[] {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], at ? `${at}.${key}` : key),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

test('every example file is cited (repository, path, commit) and is the file that was read', () => {
  const sources = (JSON.parse(readFileSync(`${examplesDir}sources.json`, 'utf8')) as { files: Source[] }).files;
  const onDisk = readdirSync(examplesDir).filter((f) => f !== 'sources.json');
  assert.deepEqual(sources.map((s) => s.file).sort(), onDisk.sort());
  for (const source of sources) {
    assert.match(source.commit, /^[0-9a-f]{40}$/, source.file);
    assert.ok(source.repository && source.path, source.file);
    const hash = createHash('sha256')
      .update(readFileSync(`${examplesDir}${source.file}`))
      .digest('hex');
    assert.equal(hash, source.sha256, `${source.file} changed since it was read`);
  }
});

test("a healthy instance differs from ManagedInstanceGet.json only in the lab's names and ids", () => {
  const tenant = createLabTenant('sqlmi1.lab0a1b.database.windows.net', 'contoso.test');
  const healthy = managedInstanceDocument(tenant, {}, false);
  assert.deepEqual(differences(managedInstanceGet.responses['200'].body, healthy).sort(), [
    'id',
    'name',
    'properties.dnsZone',
    'properties.fullyQualifiedDomainName',
    'properties.instancePoolId',
    'properties.servicePrincipal.clientId',
    'properties.servicePrincipal.principalId',
    'properties.servicePrincipal.tenantId',
    'properties.subnetId',
  ]);
  const redirect = managedInstanceDocument(tenant, { proxyOverride: 'Redirect' }, false);
  assert.deepEqual(differences(healthy, redirect), ['properties.proxyOverride']);
  const off = managedInstanceDocument(tenant, { servicePrincipal: 'None' }, false);
  assert.deepEqual(differences(healthy, off).sort(), [
    'properties.servicePrincipal.clientId',
    'properties.servicePrincipal.principalId',
    'properties.servicePrincipal.tenantId',
    'properties.servicePrincipal.type',
  ]);
});

test("the instance's principal differs from serviceprincipal-get Example 1 only in its names, ids and assignment", () => {
  const tenant = createLabTenant('sqlmi1.lab0a1b.database.windows.net', 'contoso.test');
  assert.deepEqual(differences(spExample, principalServicePrincipal(tenant)).sort(), [
    'appDisplayName',
    'appId',
    'appOwnerOrganizationId',
    'appRoleAssignmentRequired',
    'displayName',
    'id',
    'servicePrincipalNames.0',
    'servicePrincipalType',
  ]);
});

test('the blocking policy is the example SimplePolicy2 enabled for All users and All apps, nothing else', () => {
  const healthy = conditionalAccessPolicies({});
  assert.deepEqual(differences(policiesExample, healthy), []);
  const blocking = conditionalAccessPolicies({ conditionalAccess: 'block-all-apps' });
  assert.deepEqual(differences(policiesExample, blocking).sort(), [
    'value.1.conditions.applications.includeApplications.0',
    'value.1.conditions.users.includeUsers.0',
    'value.1.displayName',
    'value.1.state',
  ]);
});
