// A history file counted on two threads, and by the fast path at all, gives exactly the schema path's
// summary (fleet-by-schema.ts): over the lab sample and over a hostile file (torn last line, over-long
// lines, CRLF, escapes, duplicate keys, non-ASCII and invalid UTF-8 device names, junk bytes, empty lines,
// numbers in odd forms, another version, fields out of bounds), wherever the cut between the two parts
// falls; drill-down line numbers included. With a missing or failing worker, or a worker's part that
// reached a cap, this thread counts instead, with the same answer. The worker is the real bundle, built
// here from its entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetQuery } from '../../../electron/contract/fleet';
import { analyzeFleet } from '../../../electron/engine/fleet/analyze-fleet';
import { fleetSampleLines } from '../../../electron/lab/fleet-sample';
import { labReports, sampleStart } from '../../lab/fleet-sample-reports';
import { fleetBySchema } from './fleet-by-schema';
import { buildFleetWorker } from './fleet-worker-bundle';

const reports = labReports();
const sample = [
  ...fleetSampleLines(
    reports.map((r) => r.report),
    { seed: 9, lines: 3000, devices: 120, start: sampleStart(reports, 5), days: 5 },
  ),
];
let dir: string;
let worker: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kerbprobe-fleet-workers-'));
  worker = await buildFleetWorker(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Lines of every hostile kind, mixed into the sample's. */
function hostileLines(): (string | Buffer)[] {
  const json = sample.map((e) => JSON.stringify(e));
  const e = sample[17]!;
  const at = (s: string) => s.indexOf('"device":"') + 10;
  const odd: (string | Buffer)[] = [
    '',
    '   ',
    'not json',
    '{"v":1}',
    '\u001b[2J',
    `${'x'.repeat(20_000)}`,
    `${json[1]}\r`,
    JSON.stringify(e, null, 1).replace(/\n/g, ' '),
    JSON.stringify({ ...e, device: 'PC-"q"' }),
    json[2]!.replace('"device":"PC', '"device":"\\u0050C'),
    JSON.stringify({ ...e, user: 'CONTOSO\\bob' }),
    `${json[3]!.slice(0, -1)},"code":"SPN_UNKNOWN"}`,
    `${json[4]!.slice(0, -1)},"device":"PC-TWIN"}`,
    JSON.stringify({ ...e, device: 'Büro-PC-1' }),
    JSON.stringify({ ...e, device: 'Büro-PC-1', code: 'CLOCK_SKEW', verdict: 'fail' }),
    JSON.stringify({ ...e, device: '端末-7😀' }),
    Buffer.concat([
      Buffer.from(json[5]!.slice(0, at(json[5]!))),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(json[5]!.slice(at(json[5]!))),
    ]),
    Buffer.from([0x00, 0x7b, 0xff, 0x22, 0x0d]),
    json[6]!.replace(/"port":\d+/, '"port":1433.0'),
    json[7]!.replace(/"totalMs":\d+/, '"totalMs":1.5e2'),
    json[8]!.replace(/"totalMs":\d+/, '"totalMs":1e400'),
    json[9]!.replace('"v":1', '"v":2'),
    JSON.stringify({ ...e, os: 'x'.repeat(129) }),
    JSON.stringify({ ...e, subnet: '1'.repeat(65) }),
    JSON.stringify({ ...e, time: e.time.replace('Z', '+02:00') }),
    JSON.stringify({ ...e, time: '2026-02-30T00:00:00.000Z' }),
    JSON.stringify({ ...e, subnet: null, kdc: null, flow: null, os: '' }),
    JSON.stringify({ ...e, steps: { warp: 1 } }),
  ];
  const out: (string | Buffer)[] = [];
  json.forEach((line, i) => {
    out.push(line);
    if (i % 97 === 0) out.push(odd[(i / 97) % odd.length]!);
  });
  out.push(...odd);
  return out;
}

function write(name: string, lines: (string | Buffer)[], tail: string | Buffer = ''): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([...lines.flatMap((l) => [Buffer.from(l), Buffer.from('\n')]), Buffer.from(tail)]));
  return path;
}

const QUERIES: (FleetQuery | null)[] = [null, { code: 'SPN_UNKNOWN', limit: 5 }, { device: 'Büro-PC-1' }];

test("the hostile file: the fast path and two threads, wherever the cut, give the schema path's summary", async () => {
  const lines = hostileLines();
  const torn = JSON.stringify(sample[0]);
  for (let shift = 0; shift < 6; shift++) {
    // Rotating the lines moves the middle of the file (the cut) onto a different line each time.
    const rotated = [...lines.slice(shift * 61), ...lines.slice(0, shift * 61)];
    const path = write(`hostile-${shift}.jsonl`, rotated, shift % 2 ? torn.slice(0, -3) : torn);
    for (const query of shift === 0 ? QUERIES : [null]) {
      const want = await fleetBySchema([path], query);
      assert.deepEqual(await analyzeFleet([path], query), want, `one pass, shift ${shift}`);
      assert.deepEqual(
        await analyzeFleet([path], query, { workerScript: worker, parallelMinBytes: 0 }),
        want,
        `two threads, shift ${shift}`,
      );
    }
  }
});

test('the cut inside an over-long line, in the torn tail, and on a file of a few lines', async () => {
  const json = sample.slice(0, 40).map((e) => JSON.stringify(e));
  const cases = [
    write('long-middle.jsonl', [...json.slice(0, 20), 'y'.repeat(40_000), ...json.slice(20)]),
    write('torn-half.jsonl', json.slice(0, 3), 'z'.repeat(30_000)),
    write('two-lines.jsonl', json.slice(0, 2)),
    write('one-line.jsonl', json.slice(0, 1)),
    write(
      'crlf.jsonl',
      json.map((l) => `${l}\r`),
    ),
  ];
  for (const path of cases) {
    const want = await fleetBySchema([path], { code: 'KDC_UNREACHABLE' });
    assert.deepEqual(
      await analyzeFleet([path], { code: 'KDC_UNREACHABLE' }, { workerScript: worker, parallelMinBytes: 0 }),
      want,
      path,
    );
  }
});

test("drill-down sources from the second half carry the file's own line numbers", async () => {
  const path = write(
    'drill.jsonl',
    sample.map((e) => JSON.stringify(e)),
  );
  const code = sample.at(-1)!.code ?? 'PASS';
  const s = await analyzeFleet(
    [path],
    { code: code as FleetQuery['code'], limit: 3 },
    { workerScript: worker, parallelMinBytes: 0 },
  );
  const last = sample.length - [...sample].reverse().findIndex((e) => (e.code ?? 'PASS') === code);
  assert.equal(s.drill!.entries[0]!.source, `${path}:${last}`);
});

test('no worker script, a worker that fails, a half that reaches a cap: one pass, the same summary', async () => {
  const path = write('fallback.jsonl', hostileLines());
  const want = await fleetBySchema([path]);
  const failing = join(dir, 'failing-worker.cjs');
  writeFileSync(failing, 'throw new Error("no")');
  assert.deepEqual(
    await analyzeFleet([path], null, { workerScript: join(dir, 'absent.cjs'), parallelMinBytes: 0 }),
    want,
  );
  assert.deepEqual(await analyzeFleet([path], null, { workerScript: failing, parallelMinBytes: 0 }), want);
  // 1,200 distinct subnets: each half keeps more than FLEET_MAX_GROUPS apart, so neither can be merged exactly.
  const wide = write(
    'wide.jsonl',
    Array.from({ length: 1200 }, (_, i) =>
      JSON.stringify({ ...sample[i % sample.length]!, subnet: `10.${i >> 8}.${i & 255}.0/24` }),
    ),
  );
  const wideWant = await fleetBySchema([wide]);
  assert.ok(wideWant.groups.subnet.some((g) => g.key === '(other)'));
  assert.deepEqual(await analyzeFleet([wide], null, { workerScript: worker, parallelMinBytes: 0 }), wideWant);
  // Endless distinct long keys (9,000 KDCs of 500 characters): past what the byte caches keep, still the same counts.
  const long = write(
    'long-keys.jsonl',
    Array.from({ length: 9000 }, (_, i) =>
      JSON.stringify({ ...sample[i % sample.length]!, kdc: `${i}`.padStart(500, 'k') }),
    ),
  );
  assert.deepEqual(await analyzeFleet([long]), await fleetBySchema([long]));
});

test("many files, some split and some not, one summary: the schema path's", async () => {
  const paths = [
    [0, 1500],
    [1500, 1600],
    [1600, 3000],
  ].map(([from, to], k) =>
    write(
      `multi-${k}.jsonl`,
      sample.slice(from, to).map((e) => JSON.stringify(e)),
    ),
  );
  const want = await fleetBySchema(paths, { code: 'SPN_UNKNOWN' });
  assert.deepEqual(
    await analyzeFleet(paths, { code: 'SPN_UNKNOWN' }, { workerScript: worker, parallelMinBytes: 100_000 }),
    want,
  );
});
