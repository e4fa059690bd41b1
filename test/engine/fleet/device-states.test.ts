// Failing now, since when, and lines a file's owner did not write — against a naive recount
// (fleet-naive.ts: JSON.parse, every check in an array, docs/fleet.md's rule applied literally). The issue's
// forged line: alice-pc's file says bob-pc passed a minute ago, bob-pc's own file ends in a failure — bob-pc
// is failing now, and a.jsonl is listed as holding a line for a device it does not belong to; on one
// thread and with each file split across two, the forged line in either part.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FleetSummarySchema, type FleetQuery, type FleetSummary } from '../../../electron/contract/fleet';
import type { HistoryEntry } from '../../../electron/contract/history';
import { analyzeFleet } from '../../../electron/engine/fleet/analyze-fleet';
import { RECENT_FAILURES } from '../../../electron/engine/fleet/device-states';
import { fleetSampleLines, writeFleetSample } from '../../../electron/lab/fleet-sample';
import { labReports, sampleStart } from '../../lab/fleet-sample-reports';
import { buildFleetWorker } from './fleet-worker-bundle';
import { naiveFleet, type NaiveFleet, type NaiveQuery } from './fleet-naive';

const reports = labReports();
const SAMPLE = { seed: 11, lines: 2000, devices: 80, start: sampleStart(reports, 7), days: 7 };
const sample = [
  ...fleetSampleLines(
    reports.map((r) => r.report),
    SAMPLE,
  ),
];
const passing = sample.find((e) => e.verdict === 'pass')!;
const failing = sample.find((e) => e.code === 'KDC_UNREACHABLE')!;
let dir: string;
let worker: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-devices-'));
  worker = await buildFleetWorker(dir);
  writeFleetSample(join(dir, 'sample'), reports, SAMPLE);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ONE_THREAD = {};
const TWO_THREADS = () => ({ workerScript: worker, parallelMinBytes: 0 });

function assertFailingNow(summary: FleetSummary, naive: NaiveFleet, what: string): void {
  FleetSummarySchema.parse(summary);
  assert.equal(summary.devicesFailingNow, naive.failingNow.length, `${what}: count`);
  // Longest failing first, by the since the reader gives (a device failing 'at least since' sorts by that).
  const order = (d: { since: string; device: string }[]) =>
    [...d].sort((x, y) => x.since.localeCompare(y.since) || (x.device < y.device ? -1 : 1)).map((x) => x.device);
  assert.deepEqual(
    summary.failingNow.map((d) => d.device),
    order(summary.failingNow),
    `${what}: longest failing first`,
  );
  if (summary.failingNow.every((d) => d.sinceExact))
    assert.deepEqual(
      summary.failingNow.map((d) => d.device),
      naive.failingNow.map((d) => d.device),
      what,
    );
  const naiveBy = new Map(naive.failingNow.map((d) => [d.device, d]));
  assert.deepEqual(new Set(naiveBy.keys()), new Set(summary.failingNow.map((d) => d.device)), what);
  summary.failingNow.forEach((got) => {
    const want = naiveBy.get(got.device)!;
    const { failuresSincePass, since, ...rest } = want;
    const { sinceExact, since: gotSince, ...gotRest } = got;
    assert.deepEqual(gotRest, rest, `${what}: ${want.device}`);
    if (failuresSincePass < RECENT_FAILURES) assert.ok(sinceExact, `${what}: ${want.device} exact`);
    if (sinceExact) assert.equal(gotSince, since, `${what}: ${want.device} since`);
    else assert.ok(gotSince >= since && failuresSincePass >= RECENT_FAILURES, `${what}: ${want.device} at least`);
  });
}

const toNaive = (query: FleetQuery | null): NaiveQuery => ({
  ...(query?.code ? { code: query.code } : {}),
  ...(query?.from ? { from: query.from } : {}),
  ...(query?.to ? { to: query.to } : {}),
});

test('the lab sample (a file per device): failing now, since, last pass and site as a naive recount says', async () => {
  const folder = join(dir, 'sample', 'devices');
  const files = readdirSync(folder)
    .sort()
    .map((f) => join(folder, f));
  const naive = naiveFleet(files);
  assert.ok(naive.failingNow.length >= 5, 'the sample has devices failing now');
  assert.deepEqual(naive.foreignFiles, []);
  const summary = await analyzeFleet([folder]);
  assertFailingNow(summary, naive, 'sample');
  assert.deepEqual(summary.foreign, { lines: 0, devices: 0, files: [] });
  // Narrowed: a code, a day, both (the failing-now list of that code, as of that day's checks).
  const day = summary.timeline.buckets[5]!.start;
  const nextDay = summary.timeline.buckets[6]!.start;
  const queries: FleetQuery[] = [
    { code: naive.failingNow[0]!.code as FleetQuery['code'] },
    { from: day, to: nextDay },
    { code: 'KDC_UNREACHABLE', to: nextDay },
  ];
  for (const query of queries)
    assertFailingNow(await analyzeFleet([folder], query), naiveFleet(files, toNaive(query)), JSON.stringify(query));
});

test('a collected export (one file, no device with a majority): every device read from all its lines', async () => {
  const path = join(dir, 'export.jsonl');
  writeFileSync(path, sample.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const naive = naiveFleet([path]);
  assert.deepEqual(naive.owners, [null]);
  for (const opts of [ONE_THREAD, TWO_THREADS()]) {
    const summary = await analyzeFleet([path], null, opts);
    assertFailingNow(summary, naive, `export ${JSON.stringify(opts)}`);
    assert.equal(summary.foreign.lines, 0);
  }
});

/** A forged share: alice-pc's and bob-pc's own files, and alice-pc's file speaking for bob-pc. */
function forgedShare(name: string, forgedAt: 'first half' | 'second half'): { folder: string; now: number } {
  const folder = join(dir, name);
  mkdirSync(folder);
  const t0 = Date.parse('2026-12-01T08:00:00.000Z');
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
  const line = (e: HistoryEntry) => JSON.stringify(e);
  const alice = Array.from({ length: 200 }, (_, i) => line({ ...passing, device: 'alice-pc', time: at(i * 5) }));
  // A real, recent time (after bob-pc's failure), and one in the year 9999 (refused for its time).
  const forged = [
    line({ ...passing, device: 'bob-pc', time: at(200 * 5) }),
    line({ ...passing, device: 'bob-pc', time: '9999-12-31T23:59:59.999Z' }),
  ];
  alice.splice(forgedAt === 'first half' ? 10 : 190, 0, ...forged);
  writeFileSync(join(folder, 'a.jsonl'), alice.join('\n') + '\n');
  const bob = Array.from({ length: 120 }, (_, i) =>
    line({ ...(i < 100 ? passing : failing), device: 'bob-pc', time: at(i * 8) }),
  );
  writeFileSync(join(folder, 'b.jsonl'), bob.join('\n') + '\n');
  return { folder, now: t0 + 200 * 5 * 60_000 + 60_000 };
}

test("alice-pc's file says bob-pc passed; bob-pc's own file ends in a failure: bob-pc is failing now", async () => {
  for (const where of ['first half', 'second half'] as const) {
    const { folder, now } = forgedShare(`forged-${where.replace(' ', '-')}`, where);
    const files = [join(folder, 'a.jsonl'), join(folder, 'b.jsonl')];
    const naive = naiveFleet(files, {}, now);
    assert.deepEqual(naive.owners, ['alice-pc', 'bob-pc']);
    assert.deepEqual(
      naive.failingNow.map((d) => [d.device, d.since]),
      [['bob-pc', '2026-12-01T21:20:00.000Z']],
    );
    for (const opts of [ONE_THREAD, TWO_THREADS()]) {
      const what = `${where}, ${opts === ONE_THREAD ? 'one thread' : 'two threads'}`;
      const summary = await analyzeFleet([folder], null, { ...opts, now: () => now });
      assertFailingNow(summary, naive, what);
      assert.equal(summary.devicesFailingNow, 1, what);
      assert.equal(summary.failingNow[0]!.lastPass, '2026-12-01T21:12:00.000Z', what);
      assert.equal(summary.failingNow[0]!.foreign, true, what);
      assert.deepEqual(
        summary.foreign,
        { lines: 1, devices: 1, files: [{ path: files[0], owner: 'alice-pc', devices: ['bob-pc'], lines: 1 }] },
        what,
      );
      assert.equal(summary.outOfRange, 1, `${what}: the year-9999 line refused`);
      // Counted as a check (flagged), not as bob-pc's state.
      assert.equal(summary.checks, 200 + 1 + 120, what);
      assert.ok(!JSON.stringify(summary).includes('+0'), 'no out-of-range year printed');
    }
  }
});

test("a device without a file of its own is read from another's lines, flagged foreign", async () => {
  const folder = join(dir, 'no-own-file');
  mkdirSync(folder);
  const lines = [
    ...Array.from({ length: 5 }, (_, i) => ({ ...passing, device: 'alice-pc', time: `2026-12-01T0${i}:00:00.000Z` })),
    { ...failing, device: 'carol-pc', time: '2026-12-01T02:30:00.000Z' },
  ];
  writeFileSync(join(folder, 'a.jsonl'), lines.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const files = [join(folder, 'a.jsonl')];
  const naive = naiveFleet(files);
  const summary = await analyzeFleet([folder]);
  assertFailingNow(summary, naive, 'no own file');
  assert.deepEqual(
    summary.failingNow.map((d) => [d.device, d.foreign]),
    [['carol-pc', true]],
  );
  assert.equal(summary.foreign.devices, 1);
});

test("since: exact while the failures after the last pass are kept, else 'at least since'", async () => {
  const folder = join(dir, 'since');
  mkdirSync(folder);
  const t0 = Date.parse('2026-12-01T00:00:00.000Z');
  const series = (device: string, verdicts: string) =>
    [...verdicts].map((v, i) =>
      JSON.stringify({ ...(v === 'p' ? passing : failing), device, time: new Date(t0 + i * 60_000).toISOString() }),
    );
  writeFileSync(join(folder, 'never-passed.jsonl'), series('never-passed', 'f'.repeat(30)).join('\n') + '\n');
  writeFileSync(join(folder, 'few.jsonl'), series('few', 'fffpppff').join('\n') + '\n');
  writeFileSync(join(folder, 'many.jsonl'), series('many', 'ffp' + 'f'.repeat(25)).join('\n') + '\n');
  // Read backwards: the latest line comes first in the file.
  writeFileSync(join(folder, 'reversed.jsonl'), series('reversed', 'pfff').reverse().join('\n') + '\n');
  const files = ['few', 'many', 'never-passed', 'reversed'].map((f) => join(folder, `${f}.jsonl`));
  const summary = await analyzeFleet([folder]);
  assertFailingNow(summary, naiveFleet(files), 'since');
  const by = new Map(summary.failingNow.map((d) => [d.device, d]));
  assert.deepEqual(
    [...by].map(([device, d]) => [device, d.since, d.sinceExact]),
    [
      ['never-passed', '2026-12-01T00:00:00.000Z', true],
      ['reversed', '2026-12-01T00:01:00.000Z', true],
      ['few', '2026-12-01T00:06:00.000Z', true],
      ['many', `2026-12-01T00:${String(28 - RECENT_FAILURES).padStart(2, '0')}:00.000Z`, false],
    ],
  );
});
