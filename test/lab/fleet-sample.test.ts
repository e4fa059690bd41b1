// The lab's fleet sample: real reports replayed across devices, sites and time, the same for the same seed,
// every line a valid history entry whose verdict and code are a real report's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryEntrySchema } from '../../electron/contract/history';
import { fleetSampleLines, writeFleetSample } from '../../electron/lab/fleet-sample';
import { labReports, sampleStart } from './fleet-sample-reports';

const reports = labReports();
const opts = { seed: 7, lines: 3000, devices: 120, start: sampleStart(reports, 10), days: 10 };

test('deterministic from the seed; a different seed gives a different sample', () => {
  const a = [
    ...fleetSampleLines(
      reports.map((r) => r.report),
      opts,
    ),
  ];
  const b = [
    ...fleetSampleLines(
      reports.map((r) => r.report),
      opts,
    ),
  ];
  assert.deepEqual(a, b);
  const c = [
    ...fleetSampleLines(
      reports.map((r) => r.report),
      { ...opts, seed: 8 },
    ),
  ];
  assert.notDeepEqual(
    a.map((e) => e.device),
    c.map((e) => e.device),
  );
});

test("every line is a valid entry, oldest first, within the span; codes are the real reports' codes", () => {
  const lines = [
    ...fleetSampleLines(
      reports.map((r) => r.report),
      opts,
    ),
  ];
  const codes = new Set(reports.map((r) => r.report.diagnosis?.code ?? null));
  let prev = 0;
  for (const e of lines) {
    HistoryEntrySchema.parse(e);
    const t = Date.parse(e.time);
    assert.ok(t >= prev && t >= opts.start.getTime() && t < opts.start.getTime() + 10 * 86_400_000 + 1000);
    prev = t;
    assert.ok(codes.has(e.code), `${e.code} comes from a lab report`);
  }
  assert.ok(new Set(lines.map((e) => e.device)).size > 100, 'spread over the devices');
  assert.ok(new Set(lines.map((e) => e.subnet)).size >= 6, 'across sites');
  assert.ok(new Set(lines.map((e) => e.code)).size >= 10, 'across scenarios');
});

test('one site breaks part-way through: KDC_UNREACHABLE there after 60% of the span', () => {
  const lines = [
    ...fleetSampleLines(
      reports.map((r) => r.report),
      opts,
    ),
  ];
  const cut = opts.start.getTime() + 0.6 * 10 * 86_400_000;
  const site = '10.20.5.0/24';
  const kdc = (xs: typeof lines) => xs.filter((e) => e.code === 'KDC_UNREACHABLE').length / Math.max(1, xs.length);
  const before = lines.filter((e) => e.subnet === site && Date.parse(e.time) < cut);
  const after = lines.filter((e) => e.subnet === site && Date.parse(e.time) >= cut);
  assert.ok(kdc(after) > 0.4 && kdc(after) > kdc(before) * 3, `${kdc(before)} → ${kdc(after)}`);
});

test('written as a log shipper collects it: one file per device, the reports beside them', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-sample-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = writeFleetSample(dir, reports, opts);
  assert.equal(readdirSync(join(dir, 'devices')).length, r.files);
  assert.equal(readdirSync(join(dir, 'reports')).length, reports.length);
  const total = readdirSync(join(dir, 'devices')).reduce(
    (n, f) =>
      n +
      readFileSync(join(dir, 'devices', f), 'utf8')
        .trim()
        .split('\n').length,
    0,
  );
  assert.equal(total, opts.lines);
});
