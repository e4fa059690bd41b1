// `kerbprobe analyze --fleet`: the grouped view, its JSON, the drill-down, and bad flags.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../electron/cli/program';
import { FleetSummarySchema } from '../../electron/contract/fleet';
import type { HistoryEntry } from '../../electron/contract/history';
import { fleetSampleLines, writeFleetSample } from '../../electron/lab/fleet-sample';
import { naiveFleet } from '../engine/fleet/fleet-naive';
import { labReports, sampleStart } from '../lab/fleet-sample-reports';
import { at, captureIo } from './capture-io';

const reports = labReports();
/** The reader's clock: the fleet view refuses checks dated more than a day after it (FLEET_FUTURE_SKEW_MS). */
const readerClock = () => new Date('2030-01-01T00:00:00Z');
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kerbprobe-cli-fleet-'));
  writeFleetSample(dir, reports, { seed: 5, lines: 1500, devices: 60, start: sampleStart(reports, 5), days: 5 });
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the grouped view: totals, every dimension, first and last seen; exit 1 while devices fail', async () => {
  const io = captureIo(readerClock);
  assert.equal(await runCli(['analyze', '--fleet', join(dir, 'devices'), join(dir, 'reports')], io), 1);
  assert.match(
    io.out,
    new RegExp(
      String.raw`^fleet: 1522 checks \(\d+ failed\) from \d+ files, 22 of them reports; ` +
        String.raw`\d+ devices, \d+ failing now\n {2}first seen 20\d\d-`,
    ),
  );
  for (const t of [
    'by code:',
    'by OS build:',
    'by Kerberos flow:',
    'by site (client subnet):',
    'by site (KDC reached):',
    'by instance:',
  ])
    assert.ok(io.out.includes(t), t);
  assert.match(io.out, /\n {2}PASS +\d+ +0 +\d+ +20\d\d-/);
});

test("--json is the contract's FleetSummary; --code drills down with file and line", async () => {
  const io = captureIo(readerClock);
  await runCli(['analyze', '--fleet', join(dir, 'devices'), '--json'], io);
  const s = FleetSummarySchema.parse(JSON.parse(io.out));
  assert.equal(s.checks, 1500);
  const d = captureIo(readerClock);
  await runCli(['analyze', '--fleet', join(dir, 'devices'), '--code', 'spn_unknown', '--limit', '3'], d);
  assert.match(d.out, /drill-down \(code SPN_UNKNOWN\): \d+ checks on \d+ devices; newest 3:/);
  assert.match(d.out, /from .*devices\/PC-\d{5}\.jsonl:\d+\n/);
});

test('a code that is not one is a usage error', async () => {
  const io = captureIo(readerClock);
  assert.equal(await runCli(['analyze', '--fleet', dir, '--code', 'NOPE'], io), 2);
  assert.match(io.err, /--code must be a KerbProbe diagnosis code.*\[USAGE\]/);
});

/** The lab's fleet sample as the app shows it: 2,000 checks, 80 devices, 7 days. */
const SAMPLE = { seed: 11, lines: 2000, devices: 80, start: sampleStart(reports, 7), days: 7 };

test('failing now first, then failures per day, then the groupings; each line as a naive recount says', async () => {
  const sample = join(dir, 'sample-2000');
  writeFleetSample(sample, reports, SAMPLE);
  const folder = join(sample, 'devices');
  const naive = naiveFleet(
    readdirSync(folder)
      .sort()
      .map((f) => join(folder, f)),
  );
  const io = captureIo(readerClock);
  assert.equal(await runCli(['analyze', '--fleet', folder], io), 1);
  const out = io.out;
  const failing = out.indexOf('\nfailing now: ');
  const perDay = out.indexOf('\nfailures per day (');
  const byCode = out.indexOf('\nby code:');
  assert.ok(failing > 0 && failing < perDay && perDay < byCode, 'the order: failing now, per day, groupings');
  assert.ok(out.includes(`failing now: ${naive.failingNow.length} of 80 devices, longest failing first (UTC)`));
  // Each device failing now: a line with its code, since and last pass (UTC minutes) and site, in order.
  const deviceLines = out
    .slice(failing, perDay)
    .split('\n')
    .filter((l) => /^ {2}PC-/.test(l));
  const minute = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : null);
  assert.deepEqual(
    deviceLines.map((l) => {
      const m = /^ {2}(\S+) +(\S+) +since (\S+ \S+) \(.*?\) +(?:last pass (\S+ \S+)|never passed) +site (\S+)$/.exec(l);
      assert.ok(m, l);
      return [m[1], m[2], m[3], m[4] ?? null, m[5]];
    }),
    naive.failingNow.slice(0, 20).map((d) => [d.device, d.code, minute(d.since), minute(d.lastPass), d.site ?? '-']),
  );
  // Each day: its date, a bar, the failures and checks, in a naive recount's numbers.
  const dayLines = out
    .slice(perDay, byCode)
    .split('\n')
    .filter((l) => /^ {2}\d{4}-/.test(l));
  assert.deepEqual(
    dayLines.map((l) => {
      const m = /^ {2}(\d{4}-\d{2}-\d{2}) +[█▏▎▍▌▋▊▉]* +(\d+) +(\d+)/.exec(l);
      assert.ok(m, l);
      return [m[1], Number(m[2]), Number(m[3])];
    }),
    naive.buckets.slice(-14).map((b) => [b.start.slice(0, 10), b.failures, b.checks]),
  );
  // The day with the most failures has the longest bar, full width.
  const most = Math.max(...naive.buckets.map((b) => b.failures));
  assert.ok(dayLines.some((l) => l.includes('█'.repeat(24)) && new RegExp(` ${most} `).test(l)));
});

/** A share: alice-pc's file, bob-pc's own file ending in a failure, and alice-pc's file speaking for bob-pc. */
function forgedShare(name: string): string {
  const share = join(dir, name);
  mkdirSync(share);
  const lines = [
    ...fleetSampleLines(
      reports.map((r) => r.report),
      { ...SAMPLE, lines: 60 },
    ),
  ];
  const pass = lines.find((e) => e.verdict === 'pass')!;
  const fail = lines.find((e) => e.code === 'KDC_UNREACHABLE')!;
  const write = (file: string, entries: HistoryEntry[]) =>
    writeFileSync(join(share, file), entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  write('a.jsonl', [
    ...['08', '09', '10'].map((h) => ({ ...pass, device: 'alice-pc', time: `2026-12-01T${h}:00:00.000Z` })),
    { ...pass, device: 'bob-pc', time: '2026-12-01T23:00:00.000Z' },
    { ...pass, device: 'bob-pc', time: '9999-12-31T23:59:59.999Z' },
  ]);
  write('b.jsonl', [
    { ...pass, device: 'bob-pc', time: '2026-12-01T20:00:00.000Z' },
    { ...fail, device: 'bob-pc', time: '2026-12-01T21:20:00.000Z', subnet: '10.20.5.0/24' },
    { ...fail, device: 'bob-pc', time: '2026-12-01T22:10:00.000Z', subnet: '10.20.5.0/24' },
  ]);
  return share;
}

test("the forged share: bob-pc failing since 21:20, 2 h 40 min before --at; alice-pc's file listed", async () => {
  const share = forgedShare('forged');
  // The CLI's clock (the sane window's edge) and --at (what "ago" counts from) are both given: no wall clock.
  const io = captureIo(at('2026-12-02T00:00:00Z'));
  assert.equal(await runCli(['analyze', '--fleet', share, '--at', '2026-12-02T00:00:00Z'], io), 1);
  assert.match(io.out, /failing now: 1 of 2 devices/);
  assert.match(
    io.out,
    new RegExp(
      String.raw`\n {2}bob-pc \* +KDC_UNREACHABLE +since 2026-12-01 21:20 \(2 h ago\) +` +
        String.raw`last pass 2026-12-01 20:00 +site 10\.20\.5\.0/24\n`,
    ),
  );
  assert.ok(io.out.includes(`${join(share, 'a.jsonl')} (owner alice-pc): 1 line naming bob-pc`));
  assert.match(io.out, /1 checks refused for their time/);
  assert.ok(!io.out.includes('+0'), 'no out-of-range year printed');
  // The same with --at a day later: "ago" follows --at, not the clock.
  const later = captureIo(at('2026-12-02T00:00:00Z'));
  await runCli(['analyze', '--fleet', share, '--at', '2026-12-03T01:20:00Z'], later);
  assert.match(later.out, /since 2026-12-01 21:20 \(28 h ago\)/);
});

test('--json carries the timeline, failing now, foreign lines and titles; --from/--to narrow the counts', async () => {
  const share = forgedShare('forged-json');
  const io = captureIo(at('2026-12-02T00:00:00Z'));
  await runCli(['analyze', '--fleet', share, '--json'], io);
  const summary = FleetSummarySchema.parse(JSON.parse(io.out));
  assert.equal(summary.timeline.unit, 'hour');
  assert.equal(summary.timeline.buckets.length, 16, '08:00 to 23:00');
  // Each bucket says where it ends (excluded): what --to takes to narrow to it.
  assert.deepEqual(
    [summary.timeline.buckets[0], summary.timeline.buckets[15]].map((b) => [b?.start, b?.end]),
    [
      ['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z'],
      ['2026-12-01T23:00:00.000Z', '2026-12-02T00:00:00.000Z'],
    ],
  );
  assert.deepEqual(
    summary.failingNow.map((d) => [d.device, d.since, d.lastPass, d.latest]),
    [['bob-pc', '2026-12-01T21:20:00.000Z', '2026-12-01T20:00:00.000Z', '2026-12-01T22:10:00.000Z']],
  );
  assert.equal(summary.foreign.files[0]!.owner, 'alice-pc');
  assert.ok(summary.titles.KDC_UNREACHABLE);
  const narrowed = captureIo(at('2026-12-02T00:00:00Z'));
  await runCli(
    ['analyze', '--fleet', share, '--json', '--from', '2026-12-01T20:00:00Z', '--to', '2026-12-01T22:00:00Z'],
    narrowed,
  );
  const window = FleetSummarySchema.parse(JSON.parse(narrowed.out));
  assert.equal(window.checks, 2, 'the pass at 20:00 and the failure at 21:20');
  assert.deepEqual(window.timeline, summary.timeline);
  assert.deepEqual(
    window.failingNow.map((d) => [d.device, d.latest]),
    [['bob-pc', '2026-12-01T21:20:00.000Z']],
  );
});

test('text from the files reaches the terminal neutralised', async () => {
  const share = join(dir, 'hostile-names');
  mkdirSync(share);
  const [entry] = [
    ...fleetSampleLines(
      reports.map((r) => r.report),
      { ...SAMPLE, lines: 40 },
    ),
  ].filter((e) => e.verdict === 'fail');
  writeFileSync(
    join(share, 'x.jsonl'),
    JSON.stringify({ ...entry, device: 'evil\u001b[2J\u001b]0;pwned\u0007pc', subnet: '10.0.0.0/24\u009b31m' }) + '\n',
  );
  const io = captureIo(at('2026-12-09T00:00:00Z'));
  await runCli(['analyze', '--fleet', share, '--at', '2026-12-09T00:00:00Z'], io);
  assert.match(io.out, /failing now: 1 of 1 devices/);
  assert.doesNotMatch(io.out, /[\u001b\u0007\u009b]/);
});
