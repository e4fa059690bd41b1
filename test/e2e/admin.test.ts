// The Helpdesk's "Instance and tenant" tab in the real renderer bundle, through the IPC contract, on the real
// engine-api against the lab's Azure emulator (real HTTPS, the real identity library's device-code flow, which
// the emulator completes on its second poll: docs/lab.md). Expectations come from the scenario definitions
// (electron/lab/scenarios.ts: spn-missing has `servicePrincipal: 'None'`; admin-no-policy-read withholds Graph
// Policy.Read.All; conditional-access has one enabled MFA policy on all apps and nothing else off, so the other
// seven checks pass and sign-ins, not asked for, is skipped) and from Microsoft's pages (Graph "List policies":
// Policy.Read.All is the least-privileged delegated permission), not from what the code printed. No token the
// emulator issued may reach the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startBridge } from './bridge/server';
import { openApp, screenshotForDocs, RENDERER_DIR } from './bridge/browser';
import { axeSeriousOrWorse } from './bridge/app-session';
import { createEngineApi } from '../../electron/engine/api/engine-api';
import { LAB_JWT_PATTERN, LAB_OPAQUE_TOKEN_PATTERN } from '../../electron/lab/azure-emulator/emulator-tokens';
import { labFor } from '../lab/lab-helpers';
import { ADMIN_REPORT } from './fixtures/admin-report';

let work: string;
before(() => {
  assert.ok(existsSync(join(RENDERER_DIR, 'index.html')), 'dist/renderer is built (npm run build)');
  work = mkdtempSync(join(tmpdir(), 'kerbprobe-e2e-admin-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

async function app(
  env: NodeJS.ProcessEnv,
  fn: (page: Page) => Promise<void>,
  viewport?: { width: number; height: number },
): Promise<void> {
  const engine = createEngineApi({ env: { ...env, KERBPROBE_HISTORY: join(work, 'history.jsonl') } });
  const bridge = await startBridge({ engine, rendererDir: RENDERER_DIR, workDir: mkdtempSync(join(work, 'b-')) });
  const b = await openApp(bridge.url, viewport);
  try {
    await b.page.getByRole('tab', { name: 'Helpdesk' }).click();
    await b.page.getByRole('tab', { name: 'Instance and tenant' }).click();
    await fn(b.page);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    await bridge.close();
  }
}

/** Reads the instance live with the device code, as a helpdesk does in the tab, and waits for the report. */
async function readLive(page: Page, server: string): Promise<void> {
  await page.getByTestId('admin-server').fill(server);
  await page.getByTestId('admin-read').click();
  await page.getByTestId('admin-report').waitFor({ timeout: 60_000 });
}

async function assertNoTokens(page: Page): Promise<void> {
  const html = await page.content();
  assert.doesNotMatch(html, LAB_JWT_PATTERN, 'no access token in the page');
  assert.doesNotMatch(html, LAB_OPAQUE_TOKEN_PATTERN, 'no refresh token or device code in the page');
}

test('spn-missing, read live with the device code: the prompt shows the page and the code; MI_SERVICE_PRINCIPAL_OFF', async () => {
  const lab = await labFor('spn-missing');
  await app(lab.info.env, async (page) => {
    await page.getByTestId('admin-server').fill(lab.info.server);
    await page.getByTestId('admin-read').click();
    // The prompt shows while the identity library polls (the emulator answers authorization_pending first, then
    // waits its `interval`): the emulator's own page (entra-docs v2-oauth2-device-code: verification_uri) and code.
    await page.getByTestId('admin-prompt').waitFor({ timeout: 30_000 });
    const url = await page.getByTestId('admin-prompt-url').textContent();
    assert.equal(url, `${lab.info.env.KERBPROBE_AZURE_AUTHORITY_HOST}/devicelogin`);
    assert.match((await page.getByTestId('admin-prompt-code').textContent()) ?? '', /^[A-Z0-9-]{4,32}$/);
    assert.equal(await page.getByRole('button', { name: 'Copy code' }).count(), 1);
    assert.doesNotMatch(await page.content(), /To sign in, use a web browser/, 'only the page and the code');
    await assertNoTokens(page);
    await page.getByTestId('admin-report').waitFor({ timeout: 60_000 });
    const principal = page.locator('[data-testid="admin-check"][data-check="service-principal"]');
    assert.equal(await principal.getAttribute('data-status'), 'fail');
    assert.equal(await page.getByTestId('diagnosis').getAttribute('data-code'), 'MI_SERVICE_PRINCIPAL_OFF');
    // The scenario's `servicePrincipal: 'None'`, as the instance's facts show it.
    assert.match((await page.getByTestId('admin-facts').textContent()) ?? '', /Service principal\s*None/);
    await assertNoTokens(page);
    assert.deepEqual(await axeSeriousOrWorse(page), []);
  });
});

/** The emulator's request log (one JSON line per request: method, path, status; electron/lab/azure-emulator/). */
function emulatorRequests(log: string): { method: string; path: string; status: number }[] {
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"path"'))
    .map((line) => JSON.parse(line) as { method: string; path: string; status: number });
}

test("the form's tenant and client id are what the sign-in uses: the emulator sees them, not the environment's", async () => {
  const lab = await labFor('spn-missing');
  const azure = lab.info.azure;
  assert.ok(azure, 'the lab runs its Azure emulator');
  // Without the lab's KERBPROBE_AZURE_TENANT_ID and KERBPROBE_AZURE_CLIENT_ID the engine would sign in to
  // `organizations` with the identity library's own client, which the emulator refuses (AADSTS700016): only the
  // form's values can make this read succeed.
  const { KERBPROBE_AZURE_TENANT_ID: tenantEnv, KERBPROBE_AZURE_CLIENT_ID: clientEnv, ...env } = lab.info.env;
  assert.equal(tenantEnv, azure.tenantId);
  assert.equal(clientEnv, azure.clientId);
  await app(env, async (page) => {
    // A value the CLI refuses is refused in the form, with the contract's words, before any request.
    await page.getByTestId('admin-server').fill(lab.info.server);
    await page.getByTestId('admin-tenant').fill('contoso');
    await page.getByTestId('admin-client-id').fill('kerbprobe');
    await page.getByTestId('admin-read').click();
    await page.getByText('The tenant must be a tenant id (a GUID) or a domain name').waitFor();
    await page.getByText('The client id must be an application (client) id, a GUID').waitFor();
    assert.equal(await page.getByTestId('admin-prompt').count(), 0);
    assert.deepEqual(emulatorRequests(azure.log), [], 'nothing was asked of the emulator');

    // The lab tenant's id and its app registration, as a helpdesk would paste them (a trailing newline).
    await page.getByTestId('admin-tenant').fill(`${azure.tenantId}\n`);
    await page.getByTestId('admin-client-id').fill(azure.clientId);
    await readLive(page, lab.info.server);
    assert.equal(await page.getByTestId('diagnosis').getAttribute('data-code'), 'MI_SERVICE_PRINCIPAL_OFF');
    const signIn = emulatorRequests(azure.log).filter((r) => /\/oauth2\/v2\.0\/(devicecode|token)$/.test(r.path));
    // MSAL's authority is `<authority host>/<tenant>` (entra-docs msal-client-application-configuration): the
    // device code was asked for, and the tokens issued, under the form's tenant; the emulator issues a device code
    // only to its app registration's client id (entra-docs v2-oauth2-device-code: client_id).
    assert.ok(signIn.some((r) => r.path === `/${azure.tenantId}/oauth2/v2.0/devicecode` && r.status === 200));
    assert.ok(signIn.some((r) => r.path === `/${azure.tenantId}/oauth2/v2.0/token` && r.status === 200));
    assert.deepEqual(
      signIn.filter((r) => !r.path.startsWith(`/${azure.tenantId}/`)),
      [],
      'no sign-in under another tenant',
    );

    // Another (well-formed) client id: the emulator refuses the one it was sent (AADSTS700016, an application the
    // tenant does not know); the read ends with a sign-in error that says what to check, not a script error.
    const before = emulatorRequests(azure.log).length;
    await page.getByTestId('admin-client-id').fill('00001111-aaaa-2222-bbbb-3333cccc4444');
    await page.getByTestId('admin-read').click();
    await page.getByTestId('admin-error').waitFor({ timeout: 60_000 });
    const refused = emulatorRequests(azure.log).slice(before);
    assert.deepEqual(
      refused.filter((r) => r.path.endsWith('/devicecode')).map((r) => [r.path, r.status]),
      [[`/${azure.tenantId}/oauth2/v2.0/devicecode`, 400]],
    );
    const error = (await page.getByTestId('admin-error').textContent()) ?? '';
    assert.match(error, /issued no device code: check the application \(client\) id/);
    assert.match(error, /\[ADMIN_SIGN_IN_FAILED\]$/);
    assert.doesNotMatch(error, /Cannot read properties/);
    assert.equal(await page.getByTestId('admin-report').count(), 0);
    await assertNoTokens(page);
    assert.deepEqual(await axeSeriousOrWorse(page), []);
  });
});

test('Cancel while the sign-in waits ends the read: no report, no error, the form back', async () => {
  const lab = await labFor('healthy');
  await app(lab.info.env, async (page) => {
    await page.getByTestId('admin-server').fill(lab.info.server);
    await page.getByTestId('admin-read').click();
    // The emulator answers authorization_pending to the first poll and waits its interval (docs/lab.md).
    await page.getByTestId('admin-prompt').waitFor({ timeout: 30_000 });
    await page.getByTestId('admin-cancel').click();
    await page.getByTestId('admin-read').waitFor();
    assert.equal(await page.getByTestId('admin-prompt').count(), 0);
    assert.equal(await page.getByTestId('admin-report').count(), 0);
    assert.equal(await page.getByTestId('admin-error').count(), 0, 'a cancel is not an error');
    await assertNoTokens(page);
  });
});

test('admin-no-policy-read: Conditional Access could not be read, Policy.Read.All named', async () => {
  const lab = await labFor('admin-no-policy-read');
  await app(lab.info.env, async (page) => {
    await readLive(page, lab.info.server);
    const ca = page.locator('[data-testid="admin-check"][data-check="conditional-access"]');
    assert.equal(await ca.getAttribute('data-status'), 'unreadable');
    const text = (await ca.textContent()) ?? '';
    assert.match(text, /could not read: missing permission Policy\.Read\.All/);
    // Graph's own words for a token without the scope (the emulator's, from public issues: docs/lab.md).
    assert.match(text, /required scopes are missing in the token/);
    assert.equal(await page.getByTestId('diagnosis').getAttribute('data-code'), 'ADMIN_READ_FORBIDDEN');
    await assertNoTokens(page);
    assert.deepEqual(await axeSeriousOrWorse(page), []);
  });
});

test('a saved admin report dropped on the tab is shown; a file that is not one is refused with its code', async () => {
  await app({}, async (page) => {
    const drop = async (text: string, name: string) => {
      // A file dropped from the desktop, made in the page (the test's own code has no DOM types).
      const data = await page.evaluateHandle(
        `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(text)}], ` +
          `${JSON.stringify(name)}, { type: 'application/json' })); return dt; })()`,
      );
      await page.getByTestId('admin-drop-zone').dispatchEvent('drop', { dataTransfer: data });
    };
    // A control sequence in an evidence line (outside text) is shown neutralised, never raw.
    const hostile = {
      ...ADMIN_REPORT,
      checks: ADMIN_REPORT.checks.map((c, i) => (i === 0 ? { ...c, evidence: ['type: None\u001b[2J\u202e'] } : c)),
    };
    await drop(JSON.stringify(hostile), 'admin.json');
    await page.getByTestId('admin-report').waitFor();
    assert.equal(await page.getByTestId('diagnosis').getAttribute('data-code'), 'MI_SERVICE_PRINCIPAL_OFF');
    const missing = (await page.getByTestId('admin-missing').textContent()) ?? '';
    assert.match(missing, /could not read: missing permission Policy\.Read\.All \(Microsoft Graph, delegated\)/);
    const page1 = await page.getByTestId('admin-report').textContent();
    assert.doesNotMatch(page1 ?? '', /[\u001b\u202e]/);
    assert.deepEqual(await axeSeriousOrWorse(page), []);
    await drop('{"format":"kerbprobe-admin-report","schemaVersion":1}', 'forged.json');
    await page.getByTestId('admin-error').waitFor();
    assert.match((await page.getByTestId('admin-error').textContent()) ?? '', /ADMIN_REPORT_INVALID/);
  });
});

/** The document against the room it has: nothing scrolls sideways, no text leaves its box. */
const overflows = (page: Page) =>
  page.evaluate<string[]>(`(() => {
  const out = [];
  const d = document.documentElement;
  if (d.scrollWidth > d.clientWidth) out.push('document ' + d.scrollWidth + ' > ' + d.clientWidth);
  for (const el of document.querySelectorAll('[data-testid="admin-view"] *')) {
    if (!el.getClientRects().length || getComputedStyle(el).overflowX !== 'visible') continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).display === 'block')
      out.push((el.getAttribute('data-testid') ?? el.tagName) + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
  }
  return out;
})()`);

test('conditional-access at 1280×800: the form with its tenant, the diagnosis and every check (README screenshot)', async () => {
  // The scenario where every check is read and one fails: the blocking policy named, its code and the fix.
  const lab = await labFor('conditional-access');
  await app(
    lab.info.env,
    async (page) => {
      await page.getByTestId('admin-tenant').fill(lab.info.env.KERBPROBE_AZURE_TENANT_ID ?? '');
      await readLive(page, lab.info.server);
      assert.equal(await page.getByTestId('diagnosis').getAttribute('data-code'), 'CONDITIONAL_ACCESS_BLOCKS_KERBEROS');
      assert.equal(await page.locator('[data-testid="admin-check"][data-status="pass"]').count(), 7);
      // The whole tenant id shows in its box (a GUID is 36 characters), and nothing scrolls sideways.
      const tenant = page.getByTestId('admin-tenant');
      assert.ok(
        await tenant.evaluate(
          (el) =>
            (el as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth <=
            (el as unknown as { clientWidth: number }).clientWidth,
        ),
        'the tenant id is not cut off',
      );
      assert.deepEqual(await overflows(page), []);
      await screenshotForDocs(page, 'ui-admin-1280x800', 'screenshot-admin-1280x800');
      assert.deepEqual(await axeSeriousOrWorse(page), []);
    },
    { width: 1280, height: 800 },
  );
});
