// `kerbprobe analyze --fleet`: the grouped view, its JSON, the drill-down, and bad flags.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../electron/cli/program';
import { FleetSummarySchema } from '../../electron/contract/fleet';
import { writeFleetSample } from '../../electron/lab/fleet-sample';
import { labReports, sampleStart } from '../lab/fleet-sample-reports';
import { captureIo } from './capture-io';

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
