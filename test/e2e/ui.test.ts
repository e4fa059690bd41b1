// The real renderer bundle in Chromium, driven through the IPC contract served by the test bridge. The
// check's report is replayed from fixtures here (see lab.test.ts for the real engine against the lab);
// pasted klist output, report reading and export go through the real engine-api.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenshot, RENDERER_DIR } from './bridge/browser';
import { axeSeriousOrWorse, withApp as withAppIn } from './bridge/app-session';
import { HEALTHY_REPORT, SPN_MISSING_REPORT, reportFailingWith } from './fixtures/reports';
import { CheckReportSchema } from '../../electron/contract/report';

const SERVER = 'sqlmi1.lab0001.database.windows.net';
const KLIST_TRUST = readFileSync(new URL('./fixtures/klist-trust-flow.txt', import.meta.url), 'utf8');

let work: string;
before(() => {
  assert.ok(existsSync(join(RENDERER_DIR, 'index.html')), 'dist/renderer is built (npm run build)');
  work = mkdtempSync(join(tmpdir(), 'kerbprobe-e2e-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

const withApp = (report: typeof HEALTHY_REPORT, fn: Parameters<typeof withAppIn>[2], viewport?: { width: number; height: number }, delay = 30) =>
  withAppIn(work, report, fn, { ...(viewport ? { viewport } : {}), delay });

test('a passing check shows live steps, the full chain and the verdict; no serious accessibility violation', async () => {
  await withApp(HEALTHY_REPORT, async ({ page, errors }) => {
    await page.getByLabel('Server (managed instance FQDN)').fill(SERVER);
    await page.getByRole('button', { name: 'Run check' }).click();
    await page.getByRole('list', { name: 'Steps as they run' }).locator('li').first().waitFor();
    await page.getByTestId('report').waitFor();
    assert.equal(await page.getByTestId('report').getAttribute('data-verdict'), 'pass');
    const chain = page.getByTestId('chain');
    assert.equal(await chain.getAttribute('data-flow'), 'trust');
    assert.deepEqual(await chain.locator('[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node'))),
      ['user', 'tgt', 'referral', 'service', 'service-target']);
    await page.getByRole('switch', { name: 'Show flags and encryption types' }).check();
    assert.ok(await chain.getByText('aes256-cts-hmac-sha1-96').first().isVisible());
    assert.equal(await page.locator('[data-step]').count(), HEALTHY_REPORT.steps.length);
    await screenshot(page, 'ui-pass');
    assert.deepEqual(await axeSeriousOrWorse(page), []);
    assert.deepEqual(errors, []);
  });
});

test('a failed check shows the diagnosis with both fixes; copy for helpdesk (redacted) and JSON export work', async () => {
  await withApp(SPN_MISSING_REPORT, async ({ page, errors }, bridge) => {
    await page.getByLabel('Server (managed instance FQDN)').fill(SERVER);
    await page.keyboard.press('Enter');
    const d = page.getByTestId('diagnosis');
    await d.waitFor();
    assert.equal(await d.getAttribute('data-code'), 'SPN_UNKNOWN');
    assert.match(await d.getByTestId('fix-user').innerText(), /instance name exactly as the Azure portal/);
    assert.match(await d.getByTestId('fix-helpdesk').innerText(), /service principal/);
    await page.getByRole('checkbox', { name: /Redact names/ }).check();
    await page.getByRole('button', { name: 'Copy for helpdesk' }).click();
    await page.getByText('Copied the redacted report as Markdown.').waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    assert.match(copied, /SPN_UNKNOWN/);
    assert.doesNotMatch(copied, /alice|lab0001/, 'the redacted copy carries no user or host name');
    await page.getByRole('checkbox', { name: /Redact names/ }).uncheck();
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('menuitem', { name: /JSON/ }).click();
    await page.getByText(/^Saved /).waitFor();
    const [saved] = (await import('node:fs')).readdirSync(bridge.exportsDir);
    assert.ok(saved?.endsWith('.json'));
    const back = CheckReportSchema.parse(JSON.parse(readFileSync(join(bridge.exportsDir, saved ?? ''), 'utf8')));
    assert.equal(back.diagnosis?.code, 'SPN_UNKNOWN');
    await screenshot(page, 'ui-spn-missing');
    assert.deepEqual(await axeSeriousOrWorse(page), []);
    assert.deepEqual(errors, []);
  });
});

test('the server field warns about IP addresses, short names and non-Azure names before a check', async () => {
  await withApp(HEALTHY_REPORT, async ({ page }) => {
    const field = page.getByLabel('Server (managed instance FQDN)');
    const codes = async (value: string) => {
      await field.fill(value);
      const list = page.getByTestId('server-warnings');
      if (!(await list.count())) return [];
      return list.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    };
    assert.deepEqual(await codes('10.0.0.4'), ['IP_ADDRESS']);
    assert.deepEqual(await codes('sqlmi1'), ['SHORT_NAME']);
    assert.deepEqual(await codes('sql.contoso.com'), ['NOT_AZURE_SQL']);
    assert.deepEqual(await codes(SERVER), []);
    await page.getByRole('radio', { name: /3342/ }).check();
    assert.deepEqual(await codes(SERVER), ['PRIVATE_ENDPOINT_PORT']);
  });
});

test('cancel stops a running check', async () => {
  await withApp(HEALTHY_REPORT, async ({ page }) => {
    await page.getByLabel('Server (managed instance FQDN)').fill(SERVER);
    await page.getByRole('button', { name: 'Run check' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    const e = page.getByTestId('check-error');
    await e.waitFor();
    assert.match(await e.innerText(), /CANCELLED/);
  }, undefined, 400);
});

test('the helpdesk view renders pasted Windows klist output as the chain', async () => {
  await withApp(HEALTHY_REPORT, async ({ page, errors }) => {
    await page.getByRole('tab', { name: 'Helpdesk' }).click();
    await page.getByLabel('Paste what the user sent').fill(KLIST_TRUST);
    await page.getByRole('button', { name: 'Analyze' }).click();
    const a = page.getByTestId('analysis');
    await a.waitFor();
    assert.equal(await a.getAttribute('data-kind'), 'windows-klist');
    const chain = a.getByTestId('chain');
    assert.equal(await chain.getAttribute('data-flow'), 'trust');
    assert.ok(await chain.getByText('KDC called: KdcProxy:login.microsoftonline.com').isVisible());
    await screenshot(page, 'ui-helpdesk-klist');
    assert.deepEqual(await axeSeriousOrWorse(page), []);
    assert.deepEqual(errors, []);
  });
});

test('1280×800 and 800×600: nothing overflows sideways, with the longest advice in the catalogue on screen', async () => {
  // The helpdesk fix for an unreachable Entra KDC carries the longest unbroken name the catalogue has (a
  // registry path): the catalogue's own text, not a short stand-in, is what has to fit.
  const report = reportFailingWith('CLOUD_KDC_UNREACHABLE', 'service-ticket', ['KDC proxy login.microsoftonline.com: connect ECONNREFUSED']);
  assert.match(report.diagnosis?.fixHelpdesk ?? '', /HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr/);
  for (const viewport of [{ width: 1280, height: 800 }, { width: 800, height: 600 }]) {
    await withApp(report, async ({ page }) => {
      await page.getByLabel('Server (managed instance FQDN)').fill(SERVER);
      await page.getByRole('button', { name: 'Run check' }).click();
      await page.getByTestId('diagnosis').waitFor();
      const overflow = await page.evaluate<number>('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth');
      assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at ${viewport.width}×${viewport.height}`);
      await screenshot(page, `ui-${viewport.width}x${viewport.height}`);
    }, viewport);
  }
});
