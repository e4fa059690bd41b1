// The fleet's timeline against a naive recount (fleet-naive.ts: JSON.parse and Date's calendar fields):
// the lab's fleet sample (2,000 checks, 80 devices, 7 days: days), hand-written spans at each unit's edge
// (72 h: hours, just over: days; 400 days: days, just over: weeks starting on Monday), empty buckets kept,
// the query never narrowing it, and the same rows whether a file is counted on one thread or split.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLEET_MAX_BUCKETS, FleetSummarySchema, type FleetSummary } from '../../../electron/contract/fleet';
import type { HistoryEntry } from '../../../electron/contract/history';
import { analyzeFleet } from '../../../electron/engine/fleet/analyze-fleet';
import { fleetSampleLines, writeFleetSample } from '../../../electron/lab/fleet-sample';
import { labReports, sampleStart } from '../../lab/fleet-sample-reports';
import { buildFleetWorker } from './fleet-worker-bundle';
import { naiveFleet, type NaiveFleet } from './fleet-naive';

const reports = labReports();
/** The lab's fleet sample as the app's Fleet tab is shown with it. */
const SAMPLE = { seed: 11, lines: 2000, devices: 80, start: sampleStart(reports, 7), days: 7 };
let dir: string;
let worker: string;
let deviceFiles: string[];
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-timeline-'));
  worker = await buildFleetWorker(dir);
  writeFleetSample(join(dir, 'sample'), reports, SAMPLE);
  deviceFiles = readdirSync(join(dir, 'sample', 'devices'))
    .sort()
    .map((f) => join(dir, 'sample', 'devices', f));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function assertTimeline(summary: FleetSummary, naive: NaiveFleet, what: string): void {
  FleetSummarySchema.parse(summary);
  const { timeline } = summary;
  assert.equal(timeline.unit, naive.unit, `${what}: unit`);
  assert.equal(timeline.earlier, 0, what);
  assert.deepEqual(
    timeline.buckets.map((b) => ({
      start: b.start,
      end: b.end,
      checks: b.checks,
      failures: b.failures,
      byCode: Object.fromEntries(b.byCode.map((c) => [c.code, c.failures])),
    })),
    naive.buckets,
    what,
  );
  // Most failures first within a bucket.
  for (const bucket of timeline.buckets)
    for (let k = 1; k < bucket.byCode.length; k++)
      assert.ok(bucket.byCode[k - 1]!.failures >= bucket.byCode[k]!.failures, what);
}

test('the lab sample: one bucket a day over the 7 days, each equal to a naive recount', async () => {
  const summary = await analyzeFleet([join(dir, 'sample', 'devices')]);
  const naive = naiveFleet(deviceFiles);
  assert.equal(naive.checks.length, SAMPLE.lines);
  assert.equal(naive.unit, 'day');
  assert.ok(naive.buckets.length >= 7 && naive.buckets.length <= 9);
  assertTimeline(summary, naive, 'sample');
  assert.equal(
    summary.timeline.buckets.reduce((n, b) => n + b.checks, 0),
    SAMPLE.lines,
  );
});

test('a query narrows the groups and counts, never the timeline', async () => {
  const whole = await analyzeFleet([join(dir, 'sample', 'devices')]);
  const day = whole.timeline.buckets[3]!;
  const next = whole.timeline.buckets[4]!;
  const narrowed = await analyzeFleet([join(dir, 'sample', 'devices')], {
    code: 'KDC_UNREACHABLE',
    from: day.start,
    to: next.start,
  });
  assert.deepEqual(narrowed.timeline, whole.timeline);
  assert.equal(narrowed.checks, day.byCode.find((c) => c.code === 'KDC_UNREACHABLE')?.failures ?? 0);
});

/** A file of checks by one device at the given times, failing every third. */
function lines(times: string[], device = 'PC-T'): string {
  const entry = [
    ...fleetSampleLines(
      reports.map((r) => r.report),
      { ...SAMPLE, lines: 40 },
    ),
  ];
  const pass = entry.find((e) => e.verdict === 'pass')!;
  const fail = entry.find((e) => e.verdict === 'fail')!;
  return (
    times
      .map((time, i): HistoryEntry => ({ ...(i % 3 === 2 ? fail : pass), device, time }))
      .map((e) => JSON.stringify(e))
      .join('\n') + '\n'
  );
}

test("each unit at its span's edge, empty buckets included, weeks from Monday", async () => {
  const cases: [string, string[], 'hour' | 'day' | 'week', number][] = [
    ['72 hours', ['2026-12-01T00:30:00.000Z', '2026-12-02T10:00:00.000Z', '2026-12-04T00:30:00.000Z'], 'hour', 73],
    ['72 hours and a ms', ['2026-12-01T00:30:00.000Z', '2026-12-04T00:30:00.001Z'], 'day', 4],
    ['one check', ['2026-12-01T00:30:00.000Z'], 'hour', 1],
    ['400 days', ['2026-01-10T12:00:00.000Z', '2026-06-01T00:00:00.000Z', '2027-02-14T12:00:00.000Z'], 'day', 401],
    // 2026-01-10 was a Saturday: the first week starts on Monday 2026-01-05.
    ['400 days and a ms', ['2026-01-10T12:00:00.000Z', '2027-02-14T12:00:00.001Z'], 'week', 58],
    ['unsorted', ['2026-12-03T05:00:00.000Z', '2026-12-01T23:59:59.999Z', '2026-12-02T00:00:00.000Z'], 'hour', 31],
  ];
  for (const [what, times, unit, count] of cases) {
    const path = join(dir, `edge-${what.replace(/\W+/g, '-')}.jsonl`);
    writeFileSync(path, lines(times));
    const naive = naiveFleet([path]);
    assert.equal(naive.unit, unit, what);
    assert.equal(naive.buckets.length, count, what);
    assertTimeline(await analyzeFleet([path]), naive, what);
  }
  const weeks = naiveFleet([join(dir, 'edge-400-days-and-a-ms.jsonl')]);
  assert.equal(weeks.buckets[0]!.start, '2026-01-05T00:00:00.000Z');
  assert.equal(weeks.buckets[0]!.end, '2026-01-12T00:00:00.000Z');
  assert.ok(FLEET_MAX_BUCKETS >= 401);
});

test('a file split across two threads: the same timeline, whatever unit each part saw', async () => {
  // The first part spans hours, the second days: the merge re-counts the first's hours into days.
  const times = [
    ...Array.from({ length: 300 }, (_, i) => new Date(Date.parse('2026-12-01T00:00:00Z') + i * 60_000).toISOString()),
    ...Array.from({ length: 300 }, (_, i) =>
      new Date(Date.parse('2026-12-01T06:00:00Z') + i * 3_600_000).toISOString(),
    ),
  ];
  const path = join(dir, 'split.jsonl');
  writeFileSync(path, lines(times));
  const naive = naiveFleet([path]);
  assert.equal(naive.unit, 'day');
  assertTimeline(await analyzeFleet([path], null, { workerScript: worker, parallelMinBytes: 0 }), naive, 'split');
  const sample = join(dir, 'sample-one-file.jsonl');
  writeFileSync(
    sample,
    [
      ...fleetSampleLines(
        reports.map((r) => r.report),
        SAMPLE,
      ),
    ]
      .map((e) => JSON.stringify(e))
      .join('\n') + '\n',
  );
  assertTimeline(
    await analyzeFleet([sample], null, { workerScript: worker, parallelMinBytes: 0 }),
    naiveFleet([sample]),
    'sample split',
  );
});

test('weeks past FLEET_MAX_BUCKETS: the latest kept, the rest counted as earlier', async () => {
  const path = join(dir, 'years.jsonl');
  const first = Date.parse('2026-01-07T00:00:00Z');
  const times = Array.from({ length: 12 }, (_, i) => new Date(first + i * 365 * 86_400_000).toISOString());
  writeFileSync(path, lines(times));
  const summary = await analyzeFleet([path]);
  assert.equal(summary.timeline.unit, 'week');
  assert.equal(summary.timeline.buckets.length, FLEET_MAX_BUCKETS);
  const start = Date.parse(summary.timeline.buckets[0]!.start);
  assert.equal(summary.timeline.earlier, times.filter((t) => Date.parse(t) < start).length);
  assert.equal(summary.timeline.earlier + summary.timeline.buckets.reduce((n, b) => n + b.checks, 0), times.length);
  assert.equal(new Date(start).getUTCDay(), 1, 'a Monday');
});
