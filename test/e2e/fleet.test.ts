// The app's history and Fleet views in the real renderer bundle, through the IPC contract, on the real
// engine-api: a server's recent checks under the check's result (read from a history file the engine
// reads), and the Helpdesk's Fleet tab over the lab's fleet sample with a drill-down to one code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startBridge } from './bridge/server';
import { openApp, screenshot, RENDERER_DIR } from './bridge/browser';
import { scriptedEngine } from './fixtures/scripted-engine';
import { SPN_MISSING_REPORT } from './fixtures/reports';
import { createEngineApi } from '../../electron/engine/api/engine-api';
import { appendHistory } from '../../electron/engine/history/history-file';
import { historyEntry } from '../../electron/engine/history/history-entry';
import { writeFleetSample } from '../../electron/lab/fleet-sample';
import { labReports, sampleStart } from '../lab/fleet-sample-reports';
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
  historyFile: string,
) {
  const real = createEngineApi({ env: { KERBPROBE_HISTORY: historyFile } });
  const engine = { ...real, runCheck: scriptedEngine(SPN_MISSING_REPORT, 5).runCheck };
  const bridge = await startBridge({ engine, rendererDir: RENDERER_DIR, workDir: mkdtempSync(join(work, 'b-')) });
  const b = await openApp(bridge.url);
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

test("the Fleet tab: grouped counts over a folder of device histories, then one code's checks", async () => {
  const reports = labReports();
  const sample = join(work, 'sample');
  writeFleetSample(sample, reports, { seed: 11, lines: 2000, devices: 80, start: sampleStart(reports, 7), days: 7 });
  await app(
    async (page, bridge) => {
      bridge.setFleetPaths([join(sample, 'devices')]);
      await page.getByRole('tab', { name: 'Helpdesk' }).click();
      await page.getByRole('tab', { name: 'Fleet' }).click();
      await page.getByRole('button', { name: 'Open history folders…' }).click();
      const totals = page.getByTestId('fleet-totals');
      await totals.waitFor();
      assert.match(
        await totals.innerText(),
        /devices: 2000 checks \(\d+ failed\) from \d+ files · \d+ devices, \d+ failing now/,
      );
      for (const d of ['code', 'os', 'flow', 'subnet', 'kdc', 'server'])
        assert.ok(await page.getByTestId(`fleet-${d}`).isVisible(), d);
      await screenshot(page, 'ui-fleet');
      const r = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
      assert.deepEqual(
        r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
        [],
      );
      await page.getByTestId('fleet-code').getByRole('button', { name: 'SPN_UNKNOWN' }).click();
      const drill = page.getByTestId('fleet-drill');
      await drill.waitFor();
      assert.match(await drill.innerText(), /SPN_UNKNOWN: \d+ checks on \d+ devices/);
      assert.ok((await drill.locator('tbody tr').count()) > 0);
      assert.match(await drill.locator('tbody tr').first().innerText(), /PC-\d{5}\.jsonl:\d+/);
      await page.getByRole('button', { name: 'All groups' }).click();
      await page.getByTestId('fleet-code').waitFor();
      await page.getByRole('tab', { name: 'What a user sent' }).click();
      assert.ok(await page.getByTestId('drop-zone').isVisible());
    },
    join(work, 'unused-history.jsonl'),
  );
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
