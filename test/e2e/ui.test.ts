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
import { collectBundle } from '../../electron/engine/api/collect-bundle';
import { runTool } from '../../electron/engine/run-tool';

const SERVER = 'sqlmi1.lab0001.database.windows.net';
const KLIST_TRUST = readFileSync(new URL('./fixtures/klist-trust-flow.txt', import.meta.url), 'utf8');
const windowsFixture = (name: string) => readFileSync(new URL(`../fixtures/windows/${name}`, import.meta.url), 'utf8');

/**
 * A Windows klist captured `daysAgo` days before now: the trust-flow sample with every time moved so that its
 * newest ticket started then (the page is judged by the real clock of this run, as the app is).
 */
function capturedDaysAgo(text: string, daysAgo: number): string {
  const TIME = /(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})/g;
  const at = (m: RegExpMatchArray) =>
    new Date(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])).getTime();
  const starts = [...text.matchAll(/Start Time: (\S+ \S+)/g)].map((m) => at([...m[1]!.matchAll(TIME)][0]!));
  const shift = Date.now() - daysAgo * 86_400_000 - Math.max(...starts);
  return text.replace(TIME, (...m) => {
    const moved = new Date(at(m) + shift);
    const twoDigits = (n: number) => String(n).padStart(2, '0');
    const date = `${moved.getMonth() + 1}/${moved.getDate()}/${moved.getFullYear()}`;
    return `${date} ${moved.getHours()}:${twoDigits(moved.getMinutes())}:${twoDigits(moved.getSeconds())}`;
  });
}

let work: string;
before(() => {
  assert.ok(existsSync(join(RENDERER_DIR, 'index.html')), 'dist/renderer is built (npm run build)');
  work = mkdtempSync(join(tmpdir(), 'kerbprobe-e2e-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

const withApp = (
  report: typeof HEALTHY_REPORT,
  fn: Parameters<typeof withAppIn>[2],
  viewport?: { width: number; height: number },
  delay = 30,
) => withAppIn(work, report, fn, { ...(viewport ? { viewport } : {}), delay });

test(
  'a passing check shows live steps, the full chain and the ' + 'verdict; no serious accessibility violation',
  async () => {
    await withApp(HEALTHY_REPORT, async ({ page, errors }) => {
      await page.getByLabel('Server (managed instance FQDN)').fill(SERVER);
      await page.getByRole('button', { name: 'Run check' }).click();
      await page.getByRole('list', { name: 'Steps as they run' }).locator('li').first().waitFor();
      await page.getByTestId('report').waitFor();
      assert.equal(await page.getByTestId('report').getAttribute('data-verdict'), 'pass');
      const chain = page.getByTestId('chain');
      assert.equal(await chain.getAttribute('data-flow'), 'trust');
      assert.deepEqual(
        await chain.locator('[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node'))),
        ['user', 'tgt', 'referral', 'service', 'service-target'],
      );
      await page.getByRole('switch', { name: 'Show flags and encryption types' }).check();
      assert.ok(await chain.getByText('aes256-cts-hmac-sha1-96').first().isVisible());
      assert.equal(await page.locator('[data-step]').count(), HEALTHY_REPORT.steps.length);
      await screenshot(page, 'ui-pass');
      assert.deepEqual(await axeSeriousOrWorse(page), []);
      assert.deepEqual(errors, []);
    });
  },
);

test(
  'a failed check shows the diagnosis with both fixes; copy ' + 'for helpdesk (redacted) and JSON export work',
  async () => {
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
  },
);

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
  await withApp(
    HEALTHY_REPORT,
    async ({ page }) => {
      await page.getByLabel('Server (managed instance FQDN)').fill(SERVER);
      await page.getByRole('button', { name: 'Run check' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      const e = page.getByTestId('check-error');
      await e.waitFor();
      assert.match(await e.innerText(), /CANCELLED/);
    },
    undefined,
    400,
  );
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

test(
  '1280×800 and 800×600: nothing overflows sideways, with the ' + 'longest advice in the catalogue on screen',
  async () => {
    // The helpdesk fix for an unreachable Entra KDC carries the longest unbroken name the catalogue has (a
    // registry path): the catalogue's own text, not a short stand-in, is what has to fit.
    const report = reportFailingWith('CLOUD_KDC_UNREACHABLE', 'service-ticket', [
      'KDC proxy login.microsoftonline.com: connect ECONNREFUSED',
    ]);
    assert.match(
      report.diagnosis?.fixHelpdesk ?? '',
      /HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr/,
    );
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 800, height: 600 },
    ]) {
      await withApp(
        report,
        async ({ page }) => {
          await page.getByLabel('Server (managed instance FQDN)').fill(SERVER);
          await page.getByRole('button', { name: 'Run check' }).click();
          await page.getByTestId('diagnosis').waitFor();
          const overflow = await page.evaluate<number>(
            'Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)' +
              ' - document.documentElement.clientWidth',
          );
          assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at ${viewport.width}×${viewport.height}`);
          await screenshot(page, `ui-${viewport.width}x${viewport.height}`);
        },
        viewport,
      );
    }
  },
);

test(
  'helpdesk: a six-day-old klist is judged as of its capture, worded for the ' +
    'technician; a warning is not under "no problem"; each finding once',
  async () => {
    await withApp(HEALTHY_REPORT, async ({ page, errors }) => {
      await page.getByRole('tab', { name: 'Helpdesk' }).click();
      const paste = page.getByLabel('Paste what the user sent');
      await paste.fill(capturedDaysAgo(windowsFixture('klist-trust-flow.txt'), 6));
      await page.getByRole('button', { name: 'Analyze' }).click();
      const a = page.getByTestId('analysis');
      await a.waitFor();
      assert.equal(await a.getAttribute('data-code'), '', 'no diagnosis: the tickets were valid when captured');
      assert.doesNotMatch(await a.innerText(), /Your Kerberos ticket has expired|expired \d/);
      assert.equal(await page.getByTestId('judged-at').getAttribute('data-source'), 'earliest');
      assert.equal(await a.getByTestId('analysis-headline').getAttribute('data-intent'), 'success');

      // An old build's RC4 ticket: a warning, said by the headline, the finding shown once.
      await paste.fill(windowsFixture('klist-old-build-rc4.txt'));
      await page.getByRole('button', { name: 'Analyze' }).click();
      await a.getByTestId('analysis-headline').and(page.locator('[data-intent="warning"]')).waitFor();
      assert.doesNotMatch(await a.innerText(), /No problem found/);
      assert.equal((await a.innerText()).match(/TICKET_RC4/g)?.length, 1, 'the finding appears once');
      assert.deepEqual(errors, []);
    });
  },
);

test(
  'helpdesk: several inputs give one diagnosis (klist get 0x6fb for :3342 + dsregcmd ' +
    'without :3342 → KERB_TOP_LEVEL_NAME_MISSING); a collected bundle opens',
  async () => {
    await withApp(HEALTHY_REPORT, async ({ page, errors }) => {
      await page.getByRole('tab', { name: 'Helpdesk' }).click();
      const paste = page.getByLabel('Paste what the user sent');
      await paste.fill(windowsFixture('klist-get-spn-not-found-3342-prompt.txt'));
      await page.getByRole('button', { name: 'Add another' }).click();
      await paste.fill(windowsFixture('dsregcmd-hybrid-no-3342.txt'));
      await page.getByRole('button', { name: 'Analyze 2 inputs together' }).click();
      const a = page.getByTestId('analysis');
      await a.waitFor();
      assert.equal(await a.getAttribute('data-code'), 'KERB_TOP_LEVEL_NAME_MISSING');
      const d = a.getByTestId('diagnosis');
      assert.match(await d.innerText(), /KerbTopLevelNames cover \S+ but not port 3342/);
      assert.match(await d.innerText(), /What you \(helpdesk\) should do/);
      assert.deepEqual(
        await a.getByTestId('analysis-input').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))),
        ['windows-klist-get', 'dsregcmd'],
      );
      assert.equal(await a.getByTestId('input-diagnosis').getAttribute('data-code'), 'SPN_UNKNOWN');
      await screenshot(page, 'ui-helpdesk-combined');
      assert.deepEqual(await axeSeriousOrWorse(page), []);

      // A bundle this machine collects (the real MIT tools, no target) opens in the same view.
      const bundle = await collectBundle({
        platform: 'linux',
        runTool,
        now: () => new Date(),
        target: null,
        redact: false,
        timeoutMs: 5000,
      });
      await page
        .getByTestId('pending-inputs')
        .getByRole('button', { name: /Remove pasted text 1/ })
        .click();
      await page.getByTestId('pending-inputs').waitFor({ state: 'detached' });
      await paste.fill(JSON.stringify(bundle));
      await page.getByRole('button', { name: 'Analyze' }).click();
      await a.locator('[data-kind="kerbprobe-bundle"]').waitFor();
      assert.match(await a.innerText(), /collected \S+ by KerbProbe/);
      assert.deepEqual(errors, []);
    });
  },
);

test(
  'helpdesk: "Collect for helpdesk" runs this session\'s commands through main, ' +
    "saves the bundle where main's dialog says and shows its analysis",
  async () => {
    await withApp(HEALTHY_REPORT, async ({ page, errors }, bridge) => {
      await page.getByRole('tab', { name: 'Helpdesk' }).click();
      await page.getByRole('checkbox', { name: 'Redact names' }).check();
      await page.getByRole('button', { name: 'Collect for helpdesk' }).click();
      await page.getByText(/^Saved the bundle to /).waitFor({ timeout: 60_000 });
      const [saved] = (await import('node:fs')).readdirSync(bridge.exportsDir);
      assert.match(saved ?? '', /^kerbprobe-bundle-.*\.json$/);
      const { BundleSchema } = await import('../../electron/contract/bundle');
      const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(bridge.exportsDir, saved ?? ''), 'utf8')));
      assert.equal(bundle.redacted, true);
      assert.ok(bundle.commands.length > 0);
      const a = page.getByTestId('analysis');
      await a.locator('[data-kind="kerbprobe-bundle"]').waitFor();
      assert.equal(bundle.target, null);

      // A port written into the name, as SSMS takes it, moves to the port box and is the instance collected for.
      const fs = await import('node:fs');
      for (const f of fs.readdirSync(bridge.exportsDir)) fs.rmSync(join(bridge.exportsDir, f));
      await page.getByRole('textbox', { name: 'Server (optional)' }).fill('sqlmi1.lab0001.invalid,3342');
      await page.getByRole('button', { name: 'Collect for helpdesk' }).click();
      // The first collect's "Saved" line is still shown: wait for the second file instead.
      for (let waited = 0; fs.readdirSync(bridge.exportsDir).length === 0 && waited < 60_000; waited += 100)
        await new Promise((r) => setTimeout(r, 100));
      await page
        .getByRole('button', { name: 'Collect for helpdesk' })
        .and(page.locator(':enabled'))
        .waitFor({ timeout: 60_000 });
      assert.equal(await page.getByRole('textbox', { name: 'Port' }).inputValue(), '3342');
      assert.equal(
        await page.getByRole('textbox', { name: 'Server (optional)' }).inputValue(),
        'sqlmi1.lab0001.invalid',
      );
      const [second] = fs.readdirSync(bridge.exportsDir);
      const targeted = BundleSchema.parse(JSON.parse(readFileSync(join(bridge.exportsDir, second ?? ''), 'utf8')));
      assert.deepEqual(targeted.target && { port: targeted.target.port }, { port: 3342 });
      assert.deepEqual(errors, []);
    });
  },
);
