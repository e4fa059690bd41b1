// The app's history and Fleet views in the real renderer bundle, through the IPC contract, on the real
// engine-api: a server's recent checks under the check's result (read from a history file the engine
// reads), and the Helpdesk's Fleet tab over the lab's fleet sample with a drill-down to one code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge } from './bridge/server';
import { openApp, screenshotForDocs, RENDERER_DIR } from './bridge/browser';
import { scriptedEngine } from './fixtures/scripted-engine';
import { SPN_MISSING_REPORT } from './fixtures/reports';
import { createEngineApi } from '../../electron/engine/api/engine-api';
import { appendHistory } from '../../electron/engine/history/history-file';
import { historyEntry } from '../../electron/engine/history/history-entry';
import { writeFleetSample } from '../../electron/lab/fleet-sample';
import { labReports, sampleStart } from '../lab/fleet-sample-reports';
import { naiveFleet, type NaiveCheck, type NaiveFleet } from '../engine/fleet/fleet-naive';
import { axeSeriousOrWorse } from './bridge/app-session';
import type { Page } from 'playwright-core';
import { KerbProbeError } from '../../electron/engine/errors';
import type { EngineApi } from '../../electron/contract/engine';

const SERVER = 'sqlmi1.lab0001.database.windows.net';
let work: string;
before(() => {
  assert.ok(existsSync(join(RENDERER_DIR, 'index.html')), 'dist/renderer is built (npm run build)');
  work = mkdtempSync(join(tmpdir(), 'kerbprobe-e2e-fleet-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

async function app(
  fn: (
    page: Awaited<ReturnType<typeof openApp>>['page'],
    bridge: Awaited<ReturnType<typeof startBridge>>,
  ) => Promise<void>,
  historyFile = join(work, 'unused-history.jsonl'),
  viewport?: { width: number; height: number },
) {
  const real = createEngineApi({ env: { KERBPROBE_HISTORY: historyFile } });
  const engine = { ...real, runCheck: scriptedEngine(SPN_MISSING_REPORT, 5).runCheck };
  const bridge = await startBridge({ engine, rendererDir: RENDERER_DIR, workDir: mkdtempSync(join(work, 'b-')) });
  const b = await openApp(bridge.url, viewport);
  try {
    await fn(b.page, bridge);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    await bridge.close();
  }
}

test("after a check, the server's recent checks from the history are listed, newest first", async () => {
  const file = join(work, 'history.jsonl');
  const reports = labReports();
  const facts = { device: 'PC-HELP-1', account: null, subnet: '10.1.1.0/24', os: 'win32 10.0.26100' };
  for (const name of ['healthy', 'spn-missing']) {
    const r = reports.find((x) => x.scenario === name)!.report;
    appendHistory(file, { ...historyEntry(r, facts), server: SERVER, port: 1433 });
  }
  appendHistory(file, { ...historyEntry(reports[0]!.report, facts), server: 'other.example.net', port: 1433 });
  await app(async (page) => {
    await page.getByLabel('Server (managed instance FQDN)').fill(SERVER);
    await page.getByRole('button', { name: 'Run check' }).click();
    const h = page.getByTestId('server-history');
    await h.waitFor();
    const rows = h.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /SPN_UNKNOWN/);
    assert.match(await rows.nth(1).innerText(), /Passed/);
    assert.match(await h.innerText(), new RegExp(`Kept in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  }, file);
});

/** A bucket's name as a person writes it in UTC ("Mon 30 Nov"), from Intl, not from the renderer's code. */
function dayName(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' })
    .formatToParts(new Date(iso))
    .filter((p) => p.type !== 'literal');
  const of = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${of('weekday')} ${of('day')} ${of('month')}`;
}

const codeCounts = (byCode: Record<string, number>) =>
  Object.entries(byCode)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));

/** What the chart draws: each bar segment's accessible label ("<bucket>: <CODE> <n> failed of <checks>"). */
async function drawnSegments(page: Page): Promise<Map<string, { checks: number; byCode: Record<string, number> }>> {
  const labels = await page
    .getByTestId('fleet-timeline')
    .locator('svg rect[role=option]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const drawn = new Map<string, { checks: number; byCode: Record<string, number> }>();
  for (const label of labels) {
    const m = /^(.+): ([A-Z0-9_]+) (\d+) failed of (\d+)$/.exec(label);
    assert.ok(m, `a bar segment's label: ${label}`);
    const bucket = drawn.get(m[1]!) ?? { checks: Number(m[4]), byCode: {} };
    bucket.byCode[m[2]!] = (bucket.byCode[m[2]!] ?? 0) + Number(m[3]);
    drawn.set(m[1]!, bucket);
  }
  return drawn;
}

/** The failing-now rows as drawn: device, code and since, in order (after "Show all" when there is one). */
async function drawnFailingNow(page: Page): Promise<{ device: string; code: string; since: string; exact: string }[]> {
  const list = page.getByTestId('fleet-failing-now');
  const showAll = list.getByRole('button', { name: /^Show all/ });
  if (await showAll.count()) await showAll.click();
  return list.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      device: r.getAttribute('data-device') ?? '',
      code: r.getAttribute('data-code') ?? '',
      since: r.getAttribute('data-since') ?? '',
      exact: r.querySelector('time')?.getAttribute('data-exact') ?? '',
    })),
  );
}

const utc = (iso: string) => `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** The by-code table's rows as drawn: code → checks (all rows, after "Show all"). */
async function drawnCodes(page: Page): Promise<Record<string, number>> {
  const table = page.getByTestId('fleet-code');
  const showAll = table.getByRole('button', { name: /^Show all/ });
  if (await showAll.count()) await showAll.click();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('data-key') ?? '', Number(e.getAttribute('data-checks'))]));
  return Object.fromEntries(rows);
}

function handCodes(checks: readonly NaiveCheck[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of checks) out[c.code] = (out[c.code] ?? 0) + 1;
  return out;
}

const FLEET_LOOK = { seed: 11, lines: 2000, devices: 80, days: 7 };

function writeSample(name: string): { dir: string; paths: string[]; hand: NaiveFleet; now: Date } {
  const reports = labReports();
  const sample = join(work, name);
  writeFleetSample(sample, reports, { ...FLEET_LOOK, start: sampleStart(reports, FLEET_LOOK.days) });
  const dir = join(sample, 'devices');
  const paths = readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .map((file) => join(dir, file));
  const hand = naiveFleet(paths);
  // The page's clock: three hours after the last check (relative times then say the same on every run).
  const now = new Date(Math.max(...hand.checks.map((c) => c.time)) + 3 * 3_600_000);
  return { dir, paths, hand, now };
}

async function openFleet(page: Page, bridge: Awaited<ReturnType<typeof startBridge>>, dir: string, now: Date) {
  await page.clock.setFixedTime(now);
  bridge.setFleetPaths([dir]);
  await page.getByRole('tab', { name: 'Helpdesk' }).click();
  await page.getByRole('tab', { name: 'Fleet' }).click();
  await page.getByRole('button', { name: 'Open history folders…' }).click();
  await page.getByTestId('fleet-timeline').locator('svg rect[role=option]').first().waitFor();
}

/**
 * Waits for a re-read (a narrowing, a device) to finish. The view's chips, drill-down and lists change with the
 * summary they belong to, so each step below also waits for the element that says which summary is shown.
 */
async function settled(page: Page) {
  await page.getByTestId('fleet-busy').waitFor({ state: 'detached' });
}

test('the Fleet tab draws what the files hold: the timeline per day and code, who fails now, since when', async () => {
  const { dir, hand, now } = writeSample('sample-tally');
  assert.equal(hand.unit, 'day');
  await app(async (page, bridge) => {
    await openFleet(page, bridge, dir, now);
    const timeline = page.getByTestId('fleet-timeline');
    assert.equal(await timeline.getAttribute('data-unit'), 'day');
    // Every bucket's failures per code, as drawn, are the ones counted by hand.
    const drawn = await drawnSegments(page);
    const expected = hand.buckets.filter((b) => b.failures > 0);
    assert.deepEqual(
      [...drawn.keys()],
      expected.map((b) => dayName(b.start)),
    );
    for (const b of expected) {
      const bar = drawn.get(dayName(b.start))!;
      assert.equal(bar.checks, b.checks, dayName(b.start));
      assert.deepEqual(codeCounts(bar.byCode), codeCounts(b.byCode), dayName(b.start));
    }
    // The table under the chart says the same, bucket by bucket (empty ones included).
    const rows = await timeline.locator('tbody tr').evaluateAll((els) =>
      els.map((e) => ({
        start: e.getAttribute('data-start'),
        cells: [...e.querySelectorAll('td')].slice(1, 3).map((td) => Number(td.textContent)),
        byCode: [...e.querySelectorAll('[data-failures]')].map((x) => [
          x.getAttribute('data-segment'),
          Number(x.getAttribute('data-failures')),
        ]),
      })),
    );
    assert.deepEqual(
      rows.map((r) => [r.start, r.cells, Object.fromEntries(r.byCode)]),
      hand.buckets.map((b) => [b.start, [b.checks, b.failures], b.byCode]),
    );
    // Failing now: the devices whose latest check failed, longest-failing first, since their first failure
    // after their last pass (exact UTC on hover).
    assert.match(
      await page.getByTestId('fleet-totals').innerText(),
      new RegExp(`${hand.failingNow.length} failing now`),
    );
    assert.deepEqual(
      await drawnFailingNow(page),
      hand.failingNow.map((f) => ({ device: f.device, code: f.code, since: f.since, exact: utc(f.since) })),
    );
    // Copied for a ticket: the same devices, times exact in UTC.
    await page.getByTestId('fleet-failing-now').getByRole('button', { name: 'Copy list' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = (await page.evaluate<string>('navigator.clipboard.readText()')).trim().split('\n').slice(1);
    assert.deepEqual(
      copied.map((line) => line.split('\t').slice(0, 2).concat(line.split('\t')[3]!)),
      hand.failingNow.map((f) => [f.device, f.code, utc(f.since)]),
    );
    assert.deepEqual(await axeSeriousOrWorse(page), []);
  });
});

test('a code in the legend or a day in the chart narrows the lists below; the chip clears it', async () => {
  const { dir, paths, hand, now } = writeSample('sample-narrow');
  await app(async (page, bridge) => {
    await openFleet(page, bridge, dir, now);
    const code = Object.entries(handCodes(hand.checks.filter((c) => c.fail))).sort(([, a], [, b]) => b - a)[0]![0];
    await page.getByTestId('fleet-timeline').getByRole('option', { name: code, exact: true }).click();
    await settled(page);
    assert.equal(await page.getByTestId('fleet-narrowing-code').innerText(), `narrowed to ${code}`);
    const withCode = hand.checks.filter((c) => c.code === code);
    assert.match(await page.getByTestId('fleet-totals').innerText(), new RegExp(`: ${withCode.length} checks \\(`));
    assert.deepEqual(await drawnCodes(page), { [code]: withCode.length });
    assert.deepEqual(
      (await drawnFailingNow(page)).map((f) => f.device),
      hand.failingNow.filter((f) => f.code === code).map((f) => f.device),
    );
    // The chip's × clears the code; the whole fleet is back.
    await page.getByTestId('fleet-narrowing').getByRole('button').click();
    await page.getByTestId('fleet-narrowing').waitFor({ state: 'detached' });
    assert.deepEqual(await drawnCodes(page), handCodes(hand.checks));

    // A click on the day with the most failures narrows to that day.
    const worst = [...hand.buckets].sort((a, b) => b.failures - a.failures)[0]!;
    const end = worst.end;
    await page
      .getByTestId('fleet-timeline')
      .locator(`svg rect[aria-label^="${dayName(worst.start)}: "]`)
      .first()
      .click();
    await settled(page);
    assert.equal(
      await page.getByTestId('fleet-narrowing-time').innerText(),
      `narrowed to ${dayName(worst.start)} (UTC)`,
    );
    const inDay = hand.checks.filter((c) => c.time >= Date.parse(worst.start) && c.time < Date.parse(end));
    assert.equal(inDay.length, worst.checks);
    assert.match(
      await page.getByTestId('fleet-totals').innerText(),
      new RegExp(`: ${worst.checks} checks \\(${worst.failures} failed\\)`),
    );
    assert.deepEqual(await drawnCodes(page), handCodes(inDay));
    assert.deepEqual(
      (await drawnFailingNow(page)).map((f) => f.device),
      naiveFleet(paths, { from: worst.start, to: end }).failingNow.map((f) => f.device),
    );
    // The timeline itself stays whole.
    assert.equal((await drawnSegments(page)).size, hand.buckets.filter((b) => b.failures > 0).length);
    // From the keyboard: a focused bar narrows on Enter, as a click does.
    await page.getByTestId('fleet-narrowing').getByRole('button').click();
    await page.getByTestId('fleet-narrowing').waitFor({ state: 'detached' });
    await page
      .getByTestId('fleet-timeline')
      .locator(`svg rect[aria-label^="${dayName(worst.start)}: "]`)
      .first()
      .focus();
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(
      await page.getByTestId('fleet-narrowing-time').innerText(),
      `narrowed to ${dayName(worst.start)} (UTC)`,
    );
  });
});

test("a failing device opens its checks; a device another device's file speaks for is flagged", async () => {
  const { dir, hand, now } = writeSample('sample-device');
  // A file owned by one device (most of its lines) with a forged later pass for a device failing now: the
  // pass must not clear it, and the list flags it.
  const [first, forged] = [hand.failingNow[0]!, hand.failingNow[1]!];
  const ownerLines = readFileSync(join(dir, 'PC-00001.jsonl'), 'utf8').trim().split('\n').slice(0, 3);
  const pass = JSON.parse(ownerLines[0]!) as Record<string, unknown>;
  const forgedLine = JSON.stringify({
    ...pass,
    device: forged.device,
    verdict: 'pass',
    code: null,
    failedStep: null,
    time: new Date(now.getTime() - 3_600_000).toISOString(),
  });
  writeFileSync(join(dir, 'share-PC-00001.jsonl'), [...ownerLines, forgedLine].join('\n') + '\n');
  await app(async (page, bridge) => {
    await openFleet(page, bridge, dir, now);
    const drawn = await drawnFailingNow(page);
    assert.deepEqual(
      drawn.map((f) => f.device),
      hand.failingNow.map((f) => f.device),
      'the forged pass decides nothing',
    );
    const flagged = await page
      .getByTestId('fleet-failing-now')
      .locator('tbody tr', { has: page.getByTestId('fleet-foreign-flag') })
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-device')));
    assert.deepEqual(flagged, [forged.device]);
    assert.match(
      await page.getByTestId('fleet-foreign').innerText(),
      /^1 line in 1 file names 1 device other than the file's owner/,
    );
    await page
      .getByTestId('fleet-failing-now')
      .getByRole('button', { name: `${first.device}: open its checks` })
      .click();
    await settled(page);
    const drill = page.getByTestId('fleet-drill');
    await drill.waitFor();
    const own = hand.checks.filter((c) => c.device === first.device).sort((a, b) => b.time - a.time);
    assert.equal(Number(await drill.getAttribute('data-matched')), own.length);
    const sources = await drill
      .locator('tbody tr')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-source') ?? ''));
    assert.equal(sources.length, own.length);
    for (const source of sources) assert.match(source, new RegExp(`${first.device}\\.jsonl:\\d+$`));
    const times = await drill.locator('tbody time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    assert.deepEqual(
      times,
      own.map((c) => new Date(c.time).toISOString()),
    );
    await page.getByRole('button', { name: 'Back to the fleet' }).click();
    await settled(page);
    await page.getByTestId('fleet-failing-now').waitFor();
    await page.getByRole('tab', { name: 'What a user sent' }).click();
    assert.ok(await page.getByTestId('drop-zone').isVisible());
  });
});

/**
 * Every line break inside a diagnosis code (a [data-code] span) that does not fall after an underscore, from where
 * each character lands on screen; and how many codes wrapped at all.
 */
const breaksInsideCodes = (page: Page) =>
  page.evaluate<{ bad: string[]; wrapped: number }>(`(() => {
  const bad = [];
  let wrapped = 0;
  for (const span of document.querySelectorAll('span[data-code]')) {
    const text = span.textContent;
    const tops = [];
    const walk = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode())
      for (let i = 0; i < n.data.length; i++) {
        const r = document.createRange();
        r.setStart(n, i); r.setEnd(n, i + 1);
        const rect = r.getClientRects()[0];
        tops.push(rect && rect.width > 0 ? rect.top : null);
      }
    let last = -1;
    for (let i = 0; i < tops.length; i++) {
      if (tops[i] === null) continue;
      if (last >= 0 && tops[i] > tops[last] + 2) {
        wrapped++;
        if (text[i - 1] !== '_') bad.push(text.slice(0, i) + '|' + text.slice(i));
      }
      last = i;
    }
  }
  return { bad, wrapped };
})()`);

/** The document's and every table's width against the room it has: nothing scrolls sideways. */
const sideways = (page: Page) =>
  page.evaluate<string[]>(`(() => {
  const out = [];
  const d = document.documentElement;
  if (d.scrollWidth > d.clientWidth) out.push('document ' + d.scrollWidth + ' > ' + d.clientWidth);
  for (const t of document.querySelectorAll('main table')) {
    if (!t.getClientRects().length) continue;
    if (t.scrollWidth > t.clientWidth) out.push((t.getAttribute('aria-label') ?? 'table') + ' ' + t.scrollWidth + ' > ' + t.clientWidth);
    const box = t.parentElement;
    if (box.scrollWidth > box.clientWidth) out.push((t.getAttribute('aria-label') ?? 'table') + ' box ' + box.scrollWidth + ' > ' + box.clientWidth);
  }
  return out;
})()`);

test('the Fleet tab fits 1280×800 and 800×600: nothing sideways, codes never broken inside a word (README screenshots)', async () => {
  const { dir, now } = writeSample('sample-look');
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 800, height: 600 },
  ]) {
    await app(
      async (page, bridge) => {
        await openFleet(page, bridge, dir, now);
        const size = `${viewport.width}x${viewport.height}`;
        assert.deepEqual(await sideways(page), [], size);
        assert.ok((await page.locator('main table').count()) >= 8, 'the failing-now list and the groupings are tables');
        // Every grouping shows its top five, with the rest behind "Show all (N)".
        for (const d of ['code', 'os', 'flow', 'subnet', 'kdc', 'server']) {
          const table = page.getByTestId(`fleet-${d}`);
          const groups = Number(await table.getAttribute('data-groups'));
          assert.equal(await table.locator('tbody tr').count(), Math.min(groups, 5), d);
          if (groups > 5) assert.ok(await table.getByRole('button', { name: `Show all (${groups})` }).isVisible(), d);
        }
        const codes = await breaksInsideCodes(page);
        assert.deepEqual(codes.bad, [], size);
        // Times are relative to the page's clock, the exact UTC time on hover.
        const since = page.getByTestId('fleet-failing-now').locator('tbody time').first();
        assert.match(await since.innerText(), /^(at least )?(\d+ (min|h|days|weeks) ago|just now)$/);
        assert.match((await since.getAttribute('data-exact')) ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
        await page
          .getByTestId('fleet-failing-now')
          .getByRole('button', { name: /^Show all/ })
          .click();
        assert.deepEqual(await sideways(page), [], `${size} with the whole failing-now list`);
        await page
          .getByTestId('fleet-failing-now')
          .getByRole('button', { name: /^Show the first/ })
          .click();
        await screenshotForDocs(page, `ui-fleet-${size}`, `screenshot-fleet-${size}`);
        assert.deepEqual(await axeSeriousOrWorse(page), [], size);
      },
      undefined,
      viewport,
    );
  }
});

test('Cancel stops a fleet analysis that is still reading; the next one reads the folder', async () => {
  const reports = labReports();
  const sample = join(work, 'sample-cancel');
  writeFleetSample(sample, reports, { seed: 5, lines: 200, devices: 10, start: sampleStart(reports, 2), days: 2 });
  const real = createEngineApi({ env: { KERBPROBE_HISTORY: join(work, 'unused-history.jsonl') } });
  // The first analysis is held (a slow share) until its signal aborts; the real engine reads the second.
  const signals: AbortSignal[] = [];
  const engine: EngineApi = {
    ...real,
    analyzeFleet: (paths, query, options) => {
      if (signals.length > 0) return real.analyzeFleet(paths, query, options);
      const signal = options?.signal;
      assert.ok(signal, 'the app passes a signal to the engine');
      signals.push(signal);
      return new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new KerbProbeError('CANCELLED', 'cancelled')), { once: true });
      });
    },
  };
  const bridge = await startBridge({ engine, rendererDir: RENDERER_DIR, workDir: mkdtempSync(join(work, 'b-')) });
  const b = await openApp(bridge.url);
  try {
    const { page } = b;
    bridge.setFleetPaths([join(sample, 'devices')]);
    await page.getByRole('tab', { name: 'Helpdesk' }).click();
    await page.getByRole('tab', { name: 'Fleet' }).click();
    const open = page.getByRole('button', { name: 'Open history folders…' });
    await open.click();
    await page.getByTestId('fleet-busy').waitFor();
    assert.equal(await open.isDisabled(), true, 'one analysis at a time');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('fleet-cancelled').waitFor();
    assert.equal(signals[0]?.aborted, true, "the engine's signal aborted");
    assert.equal(await page.getByTestId('fleet-error').count(), 0, 'a cancel is not an error');
    assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 0);
    await open.click();
    const totals = page.getByTestId('fleet-totals');
    await totals.waitFor();
    assert.match(await totals.innerText(), /devices: 200 checks/);
    assert.equal(await page.getByTestId('fleet-cancelled').count(), 0);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    await bridge.close();
  }
});
