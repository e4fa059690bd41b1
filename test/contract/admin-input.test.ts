// The tenant and the application (client) id of an admin read: one reading (contract/admin-input.ts) for the CLI's
// --tenant and --client-id (engine/admin/admin-config.ts), the IPC channel admin:run and the app's form, each
// refusal with its stable code. Good values are Microsoft's own forms: the authority's tenant is "the tenant ID of
// the Microsoft Entra tenant (a GUID), or its tenant domain" or `organizations`
// (https://learn.microsoft.com/en-us/entra/identity-platform/msal-client-application-configuration), the client id
// is "a GUID" (https://learn.microsoft.com/en-us/entra/msal/javascript/node/initialize-public-client-application);
// the GUIDs are the placeholder ids Microsoft's pages use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readClientId, readTenant } from '../../electron/contract/admin-input';
import { AdminRequestSchema } from '../../electron/contract/admin';
import { IPC } from '../../electron/contract/ipc';
import { adminSettings } from '../../electron/engine/admin/admin-config';

const TENANT_GUID = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
const CLIENT_GUID = '00001111-aaaa-2222-bbbb-3333cccc4444';
const RUN = { runId: 'run-0001', server: 'sqlmi1.abc123.database.windows.net', method: 'device-code' } as const;

/** The stable code a zod issue carries (params.code), as admin:run's and AdminRequestSchema's refusals do. */
function issueCode(result: { success: boolean; error?: { issues: { path: PropertyKey[]; params?: unknown }[] } }) {
  const issue = result.error?.issues[0];
  return { path: issue?.path.join('.'), code: (issue?.params as { code?: string } | undefined)?.code };
}

/** What the CLI's reading (the engine's settings of a run) says: the value, or the UsageError's code. */
function cli(input: { tenant?: string; clientId?: string }): { tenant: string; clientId?: string } | string {
  try {
    const s = adminSettings(input, {});
    return { tenant: s.tenant, ...(s.clientId ? { clientId: s.clientId } : {}) };
  } catch (err) {
    return (err as { code: string }).code;
  }
}

test('a tenant is its id, its domain or organizations; anything else is INPUT_TENANT_INVALID everywhere', () => {
  for (const good of [
    TENANT_GUID,
    TENANT_GUID.toUpperCase(),
    'contoso.onmicrosoft.com',
    'contoso.com',
    'organizations',
  ]) {
    assert.deepEqual(readTenant(good), { ok: true, value: good });
    assert.equal(IPC['admin:run'].request.safeParse({ ...RUN, tenant: good }).success, true, good);
    assert.deepEqual(cli({ tenant: good }), { tenant: good });
  }
  // A pasted line's newline is not part of it.
  assert.deepEqual(readTenant(' contoso.onmicrosoft.com\n'), { ok: true, value: 'contoso.onmicrosoft.com' });
  const bad = [
    'contoso', // a name without its domain
    'https://login.microsoftonline.com/contoso.onmicrosoft.com', // the authority URL, not the tenant
    'contoso.onmicrosoft.com/../common',
    'alice@contoso.onmicrosoft.com',
    'contoso.onmicrosoft.com\u001b[2J',
    'c\u043entoso.onmicrosoft.com', // a Cyrillic о
    `{${TENANT_GUID}}`,
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`, // over 253 characters
    '',
  ];
  for (const value of bad) {
    const read = readTenant(value);
    assert.equal(read.ok ? 'ok' : read.code, 'INPUT_TENANT_INVALID', JSON.stringify(value));
    assert.deepEqual(issueCode(IPC['admin:run'].request.safeParse({ ...RUN, tenant: value })), {
      path: 'tenant',
      code: 'INPUT_TENANT_INVALID',
    });
    assert.deepEqual(issueCode(AdminRequestSchema.safeParse({ server: RUN.server, tenant: value })), {
      path: 'tenant',
      code: 'INPUT_TENANT_INVALID',
    });
    // The CLI refuses the same value with the same code (exit 2); an empty --tenant is the CLI's "not given".
    if (value !== '') assert.equal(cli({ tenant: value }), 'INPUT_TENANT_INVALID', JSON.stringify(value));
  }
});

test('a client id is a GUID; anything else is INPUT_CLIENT_ID_INVALID everywhere', () => {
  assert.deepEqual(readClientId(CLIENT_GUID), { ok: true, value: CLIENT_GUID });
  assert.equal(IPC['admin:run'].request.safeParse({ ...RUN, clientId: CLIENT_GUID }).success, true);
  assert.deepEqual(cli({ clientId: CLIENT_GUID }), { tenant: 'organizations', clientId: CLIENT_GUID });
  const bad = [
    'x',
    'kerbprobe', // an app's display name, not its id
    `{${CLIENT_GUID}}`,
    CLIENT_GUID.replace(/-/g, ''),
    `${CLIENT_GUID}\u202e`,
    `${CLIENT_GUID}x`,
    'contoso.onmicrosoft.com',
  ];
  for (const value of bad) {
    const read = readClientId(value);
    assert.equal(read.ok ? 'ok' : read.code, 'INPUT_CLIENT_ID_INVALID', JSON.stringify(value));
    assert.deepEqual(issueCode(IPC['admin:run'].request.safeParse({ ...RUN, clientId: value })), {
      path: 'clientId',
      code: 'INPUT_CLIENT_ID_INVALID',
    });
    assert.equal(cli({ clientId: value }), 'INPUT_CLIENT_ID_INVALID', JSON.stringify(value));
  }
});

test('the environment is read as the flags are: a bad KERBPROBE_AZURE_TENANT_ID is refused with the same code', () => {
  assert.throws(() => adminSettings({}, { KERBPROBE_AZURE_TENANT_ID: 'not a tenant' }), {
    code: 'INPUT_TENANT_INVALID',
  });
  assert.throws(() => adminSettings({}, { KERBPROBE_AZURE_CLIENT_ID: 'x' }), { code: 'INPUT_CLIENT_ID_INVALID' });
});

test('a refusal says the value back only when it is plain printable text', () => {
  const plain = readTenant('contoso');
  assert.ok(!plain.ok);
  assert.equal(
    plain.message,
    'the tenant must be a tenant id (a GUID) or a domain name such as contoso.onmicrosoft.com: contoso',
  );
  const hostile = readClientId('x\u001b]0;owned\u0007');
  assert.ok(!hostile.ok);
  assert.doesNotMatch(hostile.message, /[\u0000-\u001f\u007f]|owned/);
  const cliMessage = readClientId('x', '--client-id');
  assert.ok(!cliMessage.ok);
  assert.match(cliMessage.message, /^--client-id must be an application \(client\) id, a GUID: x$/);
});
