// The report screens as issue 14 found them, in the real renderer in Chromium at 1280×800 and 800×600: the
// verdict follows the hop that failed, an opened report that contradicts itself says so, My tickets after a
// purge, the helpdesk's advice (code with copy buttons, the target's real names, nothing overflowing), chain
// names that wrap between labels only, and the verdict brought into view with Advanced open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot, RENDERER_DIR } from './bridge/browser';
import { axeSeriousOrWorse, withApp } from './bridge/app-session';
import { HEALTHY_REPORT, SPN_MISSING_REPORT, reportFailingWith } from './fixtures/reports';
import { createEngineApi } from '../../electron/engine/api/engine-api';
import { FLOW_LABEL } from '../../electron/engine/report/summary';
import type { CheckReport } from '../../electron/contract/report';

const SERVER = 'sqlmi1.lab0001.database.windows.net';
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;
const size = (v: { width: number; height: number }) => `${v.width}x${v.height}`;

let work: string;
before(() => {
  assert.ok(existsSync(join(RENDERER_DIR, 'index.html')), 'dist/renderer is built (npm run build)');
  work = mkdtempSync(join(tmpdir(), 'kerbprobe-e2e-screens-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

async function runCheck(page: Page, opts: { advanced?: boolean } = {}) {
  await page.getByLabel('Server (managed instance FQDN)').fill(SERVER);
  if (opts.advanced) await page.getByRole('button', { name: 'Advanced' }).click();
  await page.getByRole('button', { name: 'Run check' }).click();
  await page.getByTestId('verdict').waitFor();
}

const CLOUD_KDC_DOWN = reportFailingWith('CLOUD_KDC_UNREACHABLE', 'service-ticket', [
  'KDC proxy https://login.microsoftonline.com/…/kerberos: connect ECONNREFUSED',
]);

test(
  'the verdict follows the hop that failed: a refused login and an ' +
    'untrusted certificate are not "cannot use Kerberos"',
  async () => {
    const cases: [string, CheckReport, RegExp][] = [
      [
        'login-not-mapped',
        reportFailingWith('LOGIN_NOT_MAPPED', 'login', ['SQL error 18456: Login failed for user alice@contoso.test']),
        /^Kerberos worked, but the database refused the sign-in/,
      ],
      [
        'tls-untrusted',
        reportFailingWith('TLS_UNTRUSTED', 'tls', ['self-signed certificate in certificate chain']),
        /^The encrypted connection to the database cannot be trusted/,
      ],
    ];
    for (const [name, report, title] of cases) {
      for (const viewport of VIEWPORTS) {
        await withApp(
          work,
          report,
          async ({ page, errors }) => {
            await runCheck(page);
            const verdict = await page.getByTestId('verdict').innerText();
            assert.match(verdict, title, `${name} at ${size(viewport)}`);
            assert.doesNotMatch(verdict, /cannot use Kerberos/, name);
            await screenshot(page, `ui-${name}-${size(viewport)}`);
            assert.deepEqual(errors, []);
          },
          { viewport },
        );
      }
    }
  },
);

test('an opened report that contradicts itself lists the contradictions instead of a verdict', async () => {
  const forged = join(work, 'forged-pass.json');
  writeFileSync(forged, JSON.stringify({ ...SPN_MISSING_REPORT, verdict: 'pass' }));
  for (const viewport of VIEWPORTS) {
    await withApp(
      work,
      HEALTHY_REPORT,
      async ({ page, errors }, bridge) => {
        bridge.setOpenPath(forged);
        await page.getByRole('tab', { name: 'Helpdesk' }).click();
        await page.getByRole('button', { name: 'Open report…' }).click();
        const verdict = page.getByTestId('verdict');
        await verdict.waitFor();
        assert.match(await verdict.innerText(), /contradicts itself/);
        const list = page.getByRole('list', { name: 'How the report contradicts itself' });
        assert.deepEqual(await list.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))), [
          'pass-with-failed-step',
          'pass-with-diagnosis',
          'pass-without-sql-session',
        ]);
        assert.doesNotMatch(await page.locator('main').innerText(), /Kerberos works end to end/);
        await screenshot(page, `ui-contradicting-report-${size(viewport)}`);
        assert.deepEqual(await axeSeriousOrWorse(page), []);
        assert.deepEqual(errors, []);
      },
      { viewport },
    );
  }
});

test('My tickets names the flow as the reports do, and after a purge shows an empty state, not an error', async () => {
  for (const viewport of VIEWPORTS) {
    const cache = join(mkdtempSync(join(work, 'cc-')), 'ccache');
    copyFileSync(new URL('../fixtures/ccache/cloud-v4.ccache', import.meta.url), cache);
    // The real engine over a real ccache file; the purge runs the real kdestroy, which removes the file.
    const engine = createEngineApi({ env: { KRB5CCNAME: `FILE:${cache}` } });
    await withApp(
      work,
      HEALTHY_REPORT,
      async ({ page, errors }, bridge) => {
        await page.getByRole('tab', { name: 'My tickets' }).click();
        const chain = page.getByTestId('chain');
        await chain.waitFor();
        assert.equal(await chain.getAttribute('data-flow'), 'cloud');
        assert.equal(await chain.locator('h3').innerText(), FLOW_LABEL.cloud);
        bridge.setConfirmPurge(true);
        await page.getByRole('button', { name: 'Purge tickets…' }).click();
        await page.getByTestId('tickets-empty').waitFor();
        assert.equal(existsSync(cache), false, 'kdestroy removed the cache');
        const text = await page.locator('main').innerText();
        assert.doesNotMatch(text, /CCACHE_NOT_FOUND|\[[A-Z_]+\]/);
        assert.match(text, /No Kerberos tickets in this session/);
        await screenshot(page, `ui-tickets-purged-${size(viewport)}`);
        assert.deepEqual(await axeSeriousOrWorse(page), []);
        assert.deepEqual(errors, []);
      },
      {
        viewport,
        engine: { ...createEngineApi(), listTickets: engine.listTickets, purgeTickets: engine.purgeTickets },
      },
    );
  }
});

test("the helpdesk's advice: commands as code with a copy button, and the target's real names", async () => {
  for (const viewport of VIEWPORTS) {
    await withApp(
      work,
      CLOUD_KDC_DOWN,
      async ({ page, errors }) => {
        await runCheck(page);
        const fix = page.getByTestId('fix-helpdesk');
        const text = await fix.innerText();
        assert.doesNotMatch(text, /`/, 'no literal backticks');
        assert.match(text, /klist get MSSQLSvc\/sqlmi1\.lab0001\.database\.windows\.net:1433/);
        assert.doesNotMatch(text, /<mi>|<dnszone>/);
        const codes = await fix.locator('code').allInnerTexts();
        assert.ok(codes.includes('netsh winhttp reset proxy'), codes.join(' | '));
        await fix.getByRole('button', { name: 'Copy netsh winhttp reset proxy' }).click();
        assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), 'netsh winhttp reset proxy');
        await screenshot(page, `ui-cloud-kdc-down-${size(viewport)}`);
        assert.deepEqual(await axeSeriousOrWorse(page), []);
        assert.deepEqual(errors, []);
      },
      { viewport },
    );
  }
});

/**
 * Every line break in a chain card's text that does not fall after a dot, slash, colon, @, comma or space (from
 * where each character lands on screen), and how many breaks there were at all.
 */
const breaksInsideLabels = (page: Page) =>
  page.evaluate<{ bad: string[]; wrapped: number }>(`(() => {
  const bad = [];
  let wrapped = 0;
  const byElement = new Map();
  for (const card of document.querySelectorAll('[data-testid=chain] article')) {
    const walk = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const chars = byElement.get(n.parentElement) ?? [];
      byElement.set(n.parentElement, chars);
      for (let i = 0; i < n.data.length; i++) {
        const r = document.createRange();
        r.setStart(n, i); r.setEnd(n, i + 1);
        const rect = r.getClientRects()[0];
        chars.push({ ch: n.data[i], top: rect && rect.width > 0 ? rect.top : null });
      }
    }
  }
  for (const chars of byElement.values()) {
    const text = chars.map((c) => c.ch).join('');
    let last = -1;
    for (let i = 0; i < chars.length; i++) {
      if (chars[i].top === null) continue;
      if (last >= 0 && chars[i].top > chars[last].top + 2) {
        wrapped++;
        // A break is fine after a dot, slash, backslash, colon, @, comma or hyphen, or at a space.
        const between = chars.slice(last, i).map((c) => c.ch).join('');
        if (!/[./\\\\:@,-]$/.test(chars[last].ch) && !/\\s/.test(between))
          bad.push(text.slice(0, i) + '|' + text.slice(i));
      }
      last = i;
    }
  }
  return { bad, wrapped };
})()`);

test('chain cards wrap names between labels, never inside one', async () => {
  let wrapped = 0;
  for (const viewport of [...VIEWPORTS, { width: 1000, height: 800 }]) {
    await withApp(
      work,
      HEALTHY_REPORT,
      async ({ page }) => {
        await runCheck(page);
        const r = await breaksInsideLabels(page);
        assert.deepEqual(r.bad, [], `at ${size(viewport)}`);
        wrapped += r.wrapped;
        if (viewport.width !== 1000) await screenshot(page, `ui-chain-${size(viewport)}`);
      },
      { viewport },
    );
  }
  assert.ok(wrapped > 0, 'some long name did wrap, so the test saw where');
});

test('with Advanced open, the verdict is brought into view and takes the focus', async () => {
  for (const viewport of VIEWPORTS) {
    await withApp(
      work,
      SPN_MISSING_REPORT,
      async ({ page }) => {
        await runCheck(page, { advanced: true });
        await page.waitForFunction("document.activeElement?.getAttribute('data-testid') === 'verdict'", undefined, {
          timeout: 5000,
        });
        const where = await page.evaluate<{ top: number; bottom: number; height: number }>(`(() => {
        const r = document.querySelector('[data-testid=verdict]').getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, height: window.innerHeight };
      })()`);
        // Sub-pixel layout may leave the aligned top a fraction above 0.
        assert.ok(
          where.top > -2 && where.bottom <= where.height,
          `the verdict is on screen at ${size(viewport)}: ${JSON.stringify(where)}`,
        );
        await screenshot(page, `ui-advanced-verdict-${size(viewport)}`);
      },
      { viewport },
    );
  }
});
