// The token source of a read: one token per scope while it is not near its end (AzureCliCredential keeps none, so
// each ask is an `az` process), by the run's clock. The Azure CLI's two known states, said as what to do: the
// identity library's CredentialUnavailableError messages are matched by their text, so that text is held here to
// the installed @azure/identity's own file (a new version that rewords them fails this test instead of falling
// back to ADMIN_SIGN_IN_FAILED unnoticed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CredentialUnavailableError } from '@azure/identity';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { AZURE_CLI_MESSAGES, signInError, tokenSource } from '../../../electron/engine/admin/azure-sign-in';

const require = createRequire(import.meta.url);
const libraryFile = join(dirname(require.resolve('@azure/identity')), 'credentials', 'azureCliCredential.js');

test("the messages matched are the installed library's AzureCliCredential messages", () => {
  const source = readFileSync(libraryFile, 'utf8');
  assert.ok(source.includes(`login: ${JSON.stringify(AZURE_CLI_MESSAGES.login)}`), 'login message');
  assert.ok(source.includes(`notInstalled: ${JSON.stringify(AZURE_CLI_MESSAGES.notInstalled)}`), 'notInstalled');
});

test('azure-cli: not signed in and not installed have their own codes; anything else stays ADMIN_SIGN_IN_FAILED', () => {
  const scope = 'https://management.azure.com/.default';
  const cli = { method: 'azure-cli', tenant: 'organizations' } as const;
  const login = signInError(cli, scope, new CredentialUnavailableError(AZURE_CLI_MESSAGES.login));
  assert.equal(login.code, 'ADMIN_AZ_LOGIN_REQUIRED');
  assert.match(login.message, /sign in with `az login` first/);
  const forTenant = signInError(
    { method: 'azure-cli', tenant: 'contoso.onmicrosoft.com' },
    scope,
    new CredentialUnavailableError(AZURE_CLI_MESSAGES.login),
  );
  assert.match(forTenant.message, /sign in with `az login --tenant contoso\.onmicrosoft\.com` first/);
  const missing = signInError(cli, scope, new CredentialUnavailableError(AZURE_CLI_MESSAGES.notInstalled));
  assert.equal(missing.code, 'ADMIN_AZ_CLI_NOT_FOUND');
  // az's own stderr for anything else (the library passes it on): kept, neutralised.
  const other = signInError(cli, scope, new CredentialUnavailableError('ERROR: AADSTS50076: \u001b[31mMFA\u001b[0m'));
  assert.equal(other.code, 'ADMIN_SIGN_IN_FAILED');
  assert.match(other.message, /AADSTS50076/);
  assert.doesNotMatch(other.message, /\u001b/);
  // The device code's failures are never read as the Azure CLI's.
  const device = signInError(
    { method: 'device-code', tenant: 'organizations' },
    scope,
    new CredentialUnavailableError(AZURE_CLI_MESSAGES.login),
  );
  assert.equal(device.code, 'ADMIN_SIGN_IN_FAILED');
});

/** A credential that counts what it is asked and hands out numbered tokens ending at `expiresOn`. */
function countingCredential(expiresOn: number, fail?: () => Error) {
  const asked: string[] = [];
  const credential: TokenCredential = {
    getToken: async (scopes) => {
      const scope = typeof scopes === 'string' ? scopes : (scopes[0] ?? '');
      const n = asked.push(scope);
      await new Promise((r) => setImmediate(r));
      if (fail) throw fail();
      return { token: `token-${n}`, expiresOnTimestamp: expiresOn } satisfies AccessToken;
    },
  };
  return { credential, asked };
}

const ARM = 'https://management.azure.com/.default';
const GRAPH = 'https://graph.microsoft.com/.default';
const CLI = { method: 'azure-cli', tenant: 'organizations' } as const;

test('a scope is asked for once; requests at the same moment share the answer', async () => {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const { credential, asked } = countingCredential(start + 60 * 60_000);
  const token = tokenSource(credential, CLI, () => new Date(start));
  const got = await Promise.all([token(ARM), token(ARM), token(GRAPH)]);
  assert.deepEqual(got, ['token-1', 'token-1', 'token-2']);
  assert.equal(await token(ARM), 'token-1');
  assert.deepEqual(asked, [ARM, GRAPH]);
});

test('a token within two minutes of its end is asked for again (the run clock decides)', async () => {
  const start = Date.parse('2026-01-01T00:00:00Z');
  let clock = start;
  const { credential, asked } = countingCredential(start + 10 * 60_000);
  const token = tokenSource(credential, CLI, () => new Date(clock));
  assert.equal(await token(ARM), 'token-1');
  clock = start + 7 * 60_000 + 59_999; // 2 min 1 ms left
  assert.equal(await token(ARM), 'token-1');
  clock = start + 8 * 60_000; // 2 min left
  assert.equal(await token(ARM), 'token-2');
  assert.deepEqual(asked, [ARM, ARM]);
});

test('a failed sign-in is not kept: the next request asks again, each failure with its code', async () => {
  const { credential, asked } = countingCredential(0, () => new CredentialUnavailableError(AZURE_CLI_MESSAGES.login));
  const token = tokenSource(credential, CLI, () => new Date(0));
  await assert.rejects(token(ARM), { code: 'ADMIN_AZ_LOGIN_REQUIRED' });
  await assert.rejects(token(ARM), { code: 'ADMIN_AZ_LOGIN_REQUIRED' });
  assert.deepEqual(asked, [ARM, ARM]);
});

/** A credential whose answer comes after `ms` (never, when null): a stalled `az`, or a person not yet signed in. */
function slowCredential(ms: number | null): TokenCredential {
  return {
    getToken: () =>
      new Promise<AccessToken>((resolve) => {
        if (ms !== null) setTimeout(() => resolve({ token: 'late', expiresOnTimestamp: 3_600_000 }), ms);
      }),
  };
}

test('a stalled `az` ends the read with ADMIN_AZ_CLI_TIMEOUT; the device code is never timed', async () => {
  const stalled = tokenSource(slowCredential(null), CLI, () => new Date(0), { azureCliTimeoutMs: 30 });
  await assert.rejects(stalled(ARM), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'ADMIN_AZ_CLI_TIMEOUT');
    assert.match(err.message, /az account get-access-token/);
    return true;
  });
  const device = tokenSource(
    slowCredential(80),
    { method: 'device-code', tenant: 'organizations' },
    () => new Date(0),
    {
      azureCliTimeoutMs: 30,
    },
  );
  assert.equal(await device(ARM), 'late');
});

test('a cancelled read ends its sign-in with CANCELLED, also while `az` gives no answer', async () => {
  const aborter = new AbortController();
  const token = tokenSource(slowCredential(null), CLI, () => new Date(0), { azureCliTimeoutMs: 60_000 });
  const asking = token(ARM, aborter.signal);
  aborter.abort();
  await assert.rejects(asking, { code: 'CANCELLED' });
  // Cancelled before it asked: the same, and nothing is kept for the scope.
  await assert.rejects(token(GRAPH, aborter.signal), { code: 'CANCELLED' });
});
