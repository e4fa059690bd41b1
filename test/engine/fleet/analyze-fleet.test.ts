// The fleet view over the lab's sample: counts equal a plain recount of the same lines through the schema,
// drill-down lists the entries with their file and line, reports count too, bad files and lines are
// skipped or listed, never fatal, and the fast path's summary is the schema path's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FLEET_EARLIEST_TIME,
  FLEET_FUTURE_SKEW_MS,
  FLEET_MAX_FILES,
  FleetSummarySchema,
  PASS_KEY,
  type FleetQuery,
} from '../../../electron/contract/fleet';
import { HistoryEntrySchema, type HistoryEntry } from '../../../electron/contract/history';
import { analyzeFleet, listFleetFiles } from '../../../electron/engine/fleet/analyze-fleet';
import { FleetTally } from '../../../electron/engine/fleet/fleet-tally';
import { fleetSampleLines, writeFleetSample } from '../../../electron/lab/fleet-sample';
import { LAB_REPORTS_DIR, labReports, sampleStart } from '../../lab/fleet-sample-reports';
import { fleetBySchema } from './fleet-by-schema';

const reports = labReports();
const opts = { seed: 3, lines: 4000, devices: 150, start: sampleStart(reports, 7), days: 7 };
let dir: string;
let lines: HistoryEntry[];
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-'));
  writeFleetSample(dir, reports, opts);
  lines = [
    ...fleetSampleLines(
      reports.map((r) => r.report),
      opts,
    ),
  ];
});
after(() => rmSync(dir, { recursive: true, force: true }));

const count = <T>(xs: T[], key: (x: T) => string) =>
  xs.reduce((m, x) => m.set(key(x), (m.get(key(x)) ?? 0) + 1), new Map<string, number>());

test('grouped view of a folder of device files: every count equals a recount of the lines', async () => {
  const s = FleetSummarySchema.parse(await analyzeFleet([join(dir, 'devices')]));
  assert.equal(s.checks, opts.lines);
  assert.equal(s.files, readdirSync(join(dir, 'devices')).length);
  assert.equal(s.skipped, 0);
  assert.equal(s.failures, lines.filter((e) => e.verdict === 'fail').length);
  assert.equal(s.devices, new Set(lines.map((e) => e.device)).size);
  const byCode = count(lines, (e) => e.code ?? PASS_KEY);
  assert.deepEqual(new Map(s.groups.code.map((g) => [g.key, g.checks])), byCode);
  assert.deepEqual(
    new Map(s.groups.os.map((g) => [g.key, g.checks])),
    count(lines, (e) => e.os),
  );
  assert.deepEqual(
    new Map(s.groups.subnet.map((g) => [g.key, g.checks])),
    count(lines, (e) => e.subnet ?? '(unknown)'),
  );
  assert.deepEqual(
    new Map(s.groups.flow.map((g) => [g.key, g.checks])),
    count(lines, (e) => e.flow ?? '(unknown)'),
  );
  const spn = s.groups.code.find((g) => g.key === 'SPN_UNKNOWN')!;
  const spnLines = lines.filter((e) => e.code === 'SPN_UNKNOWN');
  assert.equal(spn.devices, new Set(spnLines.map((e) => e.device)).size);
  assert.equal(spn.firstSeen, spnLines[0]!.time);
  assert.equal(spn.lastSeen, spnLines.at(-1)!.time);
  assert.equal(s.firstSeen, lines[0]!.time);
  assert.equal(s.lastSeen, lines.at(-1)!.time);
  const latest = new Map<string, HistoryEntry>();
  for (const e of lines) latest.set(e.device, e);
  assert.equal(s.devicesFailingNow, [...latest.values()].filter((e) => e.verdict === 'fail').length);
});

test('drill-down to a code: newest first, each with its file:line, and the devices', async () => {
  const s = await analyzeFleet([join(dir, 'devices')], { code: 'KDC_UNREACHABLE', limit: 5 });
  const want = lines.filter((e) => e.code === 'KDC_UNREACHABLE');
  assert.equal(s.drill!.matched, want.length);
  assert.deepEqual(
    s.drill!.entries.map((d) => d.entry),
    want.slice(-5).reverse(),
  );
  for (const d of s.drill!.entries) {
    const [file, line] = [
      d.source.slice(0, d.source.lastIndexOf(':')),
      Number(d.source.slice(d.source.lastIndexOf(':') + 1)),
    ];
    assert.deepEqual(HistoryEntrySchema.parse(JSON.parse(readFileSync(file, 'utf8').split('\n')[line - 1]!)), d.entry);
  }
  assert.deepEqual(s.drill!.devices, [...new Set(want.map((e) => e.device))].sort());
  const one = await analyzeFleet([join(dir, 'devices')], { device: 'PC-00007' });
  assert.equal(one.drill!.matched, lines.filter((e) => e.device === 'PC-00007').length);
});

test('saved reports count as checks, and drill down to the report file itself', async () => {
  const s = await analyzeFleet([LAB_REPORTS_DIR]);
  assert.equal(s.reports, reports.length);
  assert.equal(s.checks, reports.length);
  const d = await analyzeFleet([LAB_REPORTS_DIR], { code: 'SPN_UNKNOWN' });
  assert.deepEqual(
    d.drill!.entries.map((x) => x.source),
    [join(LAB_REPORTS_DIR, 'spn-missing.json')],
  );
});

test('damaged lines, foreign files, missing paths and symlinks: skipped or listed, never fatal', async (t) => {
  const bad = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-bad-'));
  t.after(() => rmSync(bad, { recursive: true, force: true }));
  const good = JSON.stringify(lines[0]);
  writeFileSync(
    join(bad, 'a.jsonl'),
    `${good}\nnot json\n{"v":1}\n${'x'.repeat(40_000)}\n\u001b[2J\n${good}\n{"v":1,"time":`,
  );
  writeFileSync(join(bad, 'foreign.json'), '{"hello":"world"}');
  writeFileSync(join(bad, 'notes.txt'), 'ignored: not a history or report name');
  mkdirSync(join(bad, 'loop'));
  symlinkSync(bad, join(bad, 'loop', 'back'));
  const s = await analyzeFleet([bad, join(bad, 'missing.jsonl')]);
  assert.equal(s.checks, 2);
  assert.equal(s.skipped, 5);
  assert.deepEqual(
    s.unreadable.map((u) => u.path).sort(),
    [join(bad, 'foreign.json'), join(bad, 'missing.jsonl')].sort(),
  );
  assert.match(s.unreadable.find((u) => u.path.endsWith('foreign.json'))!.problem, /REPORT_NOT_OURS/);
});

test('an endless line is skipped without being held (a 60 MB line, memory stays flat)', async (t) => {
  const bad = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-huge-'));
  t.after(() => rmSync(bad, { recursive: true, force: true }));
  const f = join(bad, 'huge.jsonl');
  writeFileSync(f, JSON.stringify(lines[0]) + '\n');
  const mb = Buffer.alloc(1 << 20, 0x61);
  for (let i = 0; i < 60; i++) appendFileSync(f, mb);
  appendFileSync(f, '\n' + JSON.stringify(lines[1]) + '\n');
  const s = await analyzeFleet([f]);
  assert.equal(s.checks, 2);
  assert.equal(s.skipped, 1);
});

test("the fast path (scanner, bytes) gives the schema path's summary of the sample, drill-downs included", async () => {
  const files = readdirSync(join(dir, 'devices'))
    .sort()
    .map((f) => join(dir, 'devices', f));
  assert.deepEqual(await analyzeFleet(files), await fleetBySchema(files));
  const queries: FleetQuery[] = [
    { code: 'KDC_UNREACHABLE', limit: 7 },
    { code: PASS_KEY, limit: 3 },
    { device: 'PC-00003' },
  ];
  for (const query of queries) {
    assert.deepEqual(await analyzeFleet(files, query), await fleetBySchema(files, query));
  }
});

test('a folder of exactly FLEET_MAX_FILES files is taken whole; one more is refused', async () => {
  const many = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-many-'));
  try {
    // Empty history files: what counts is the number of files. The listing is what the limit applies to (reading
    // 100,000 files takes a minute or two here; the end-to-end read is the small folder's below).
    for (let i = 0; i < FLEET_MAX_FILES; i++) writeFileSync(join(many, `d${i}.jsonl`), '');
    const files = await listFleetFiles([many], new FleetTally(null));
    assert.equal(files.length, FLEET_MAX_FILES);
    writeFileSync(join(many, 'one-more.jsonl'), '');
    const tooMany = (e: unknown) =>
      (e as { code?: string }).code === 'FLEET_TOO_MANY_FILES' &&
      (e as Error).message === `the fleet view reads at most ${FLEET_MAX_FILES} files; give it fewer folders`;
    await assert.rejects(listFleetFiles([many], new FleetTally(null)), tooMany);
    await assert.rejects(analyzeFleet([many]), tooMany);
  } finally {
    rmSync(many, { recursive: true, force: true });
  }
});

test('empty history files are files read, not damage', async () => {
  const few = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-few-'));
  try {
    for (let i = 0; i < 50; i++) writeFileSync(join(few, `d${i}.jsonl`), '');
    const summary = await analyzeFleet([few]);
    assert.equal(summary.files, 50);
    assert.equal(summary.skipped, 0);
    assert.deepEqual(summary.unreadable, []);
  } finally {
    rmSync(few, { recursive: true, force: true });
  }
});

test("a forged time cannot hide a device's failure: outside the sane window it is refused and counted", async () => {
  const share = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-forged-'));
  try {
    const failing = lines.find((e) => e.verdict === 'fail')!;
    const passing = lines.find((e) => e.verdict === 'pass')!;
    const now = Date.parse(failing.time) + 60 * 60 * 1000;
    const bob = { ...failing, device: 'bob-pc' };
    writeFileSync(join(share, 'bob-pc.jsonl'), JSON.stringify(bob) + '\n');
    // Written by another device into its own file: bob-pc passing, in the year 9999, and before KerbProbe existed.
    const forged = [
      { ...passing, device: 'bob-pc', time: '9999-12-31T23:59:59.999Z' },
      { ...passing, device: 'bob-pc', time: '2001-01-01T00:00:00.000Z' },
      // A day ahead of the reader is still a device's clock being off; a day and a minute is not.
      { ...passing, device: 'carol-pc', time: new Date(now + FLEET_FUTURE_SKEW_MS).toISOString() },
      { ...passing, device: 'carol-pc', time: new Date(now + FLEET_FUTURE_SKEW_MS + 60_000).toISOString() },
    ];
    writeFileSync(join(share, 'a.jsonl'), forged.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const summary = await analyzeFleet([share], null, { now: () => now });
    assert.equal(summary.outOfRange, 3);
    assert.equal(summary.checks, 2);
    assert.equal(summary.devicesFailingNow, 1, 'bob-pc still fails now');
    assert.equal(summary.lastSeen, new Date(now + FLEET_FUTURE_SKEW_MS).toISOString());
    assert.ok(!JSON.stringify(summary).includes('+0'), 'no out-of-range year printed');
    assert.ok(Date.parse(FLEET_EARLIEST_TIME) > Date.parse('2001-01-01T00:00:00.000Z'));
  } finally {
    rmSync(share, { recursive: true, force: true });
  }
});
