// The fleet view's byte scanner against the schema: whenever the scanner vouches for a line, JSON.parse and
// HistoryEntrySchema accept it too and give the same counted fields; the lines KerbProbe writes are all
// vouched for (else the fast path would never run); times read from digits equal Date.parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HISTORY_FIELDS } from '../../../electron/contract/history';
import { DIAGNOSIS_CODES } from '../../../electron/contract/codes';
import { CHAIN_FLOWS } from '../../../electron/contract/chain-flow';
import { STEP_IDS } from '../../../electron/contract/report';
import { fieldsOf, type FleetFields } from '../../../electron/engine/fleet/fleet-fields';
import { hashBytes } from '../../../electron/engine/fleet/byte-table';
import { isoMillis, SCANNED_FIELDS, ScannedLine, scanLine } from '../../../electron/engine/fleet/fleet-scan';
import { parseHistoryLine } from '../../../electron/engine/history/history-file';
import { fleetSampleLines } from '../../../electron/lab/fleet-sample';
import { labReports, sampleStart } from '../../lab/fleet-sample-reports';

const reports = labReports();
const sample = [
  ...fleetSampleLines(
    reports.map((r) => r.report),
    { seed: 5, lines: 600, devices: 40, start: sampleStart(reports, 3), days: 3 },
  ),
];

/** The scanner's judgement of a line: its counted fields, or undefined ("cannot tell"). */
function scanned(text: string | Buffer): FleetFields | undefined {
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const s = new ScannedLine();
  if (!scanLine(b, 0, b.length, s)) return undefined;
  const str = (start: number, end: number) => (start < 0 ? null : b.toString('utf8', start, end));
  assert.equal(s.deviceHash, hashBytes(b, s.deviceStart, s.deviceEnd));
  return {
    time: s.time,
    device: str(s.deviceStart, s.deviceEnd)!,
    server: str(s.serverStart, s.serverEnd)!,
    fail: s.fail,
    code: s.code < 0 ? null : DIAGNOSIS_CODES[s.code]!,
    flow: s.flow < 0 ? null : CHAIN_FLOWS[s.flow]!,
    os: str(s.osStart, s.osEnd)!,
    subnet: str(s.subnetStart, s.subnetEnd),
    kdc: str(s.kdcStart, s.kdcEnd),
  };
}

/** The property: what the scanner vouches for, the schema accepts with the same fields. */
function agrees(text: string | Buffer): boolean {
  const fast = scanned(text);
  if (fast === undefined) return false;
  const slow = parseHistoryLine(Buffer.isBuffer(text) ? text.toString('utf8') : text);
  assert.ok(slow, `the scanner vouched for a line the schema refuses: ${String(text).slice(0, 300)}`);
  assert.deepEqual(fast, fieldsOf(slow));
  return true;
}

test('the scanner knows the fields the history writes, in their order', () => {
  assert.deepEqual([...SCANNED_FIELDS], HISTORY_FIELDS);
});

test("every line KerbProbe writes is vouched for, with the schema's fields", () => {
  for (const e of sample) assert.ok(agrees(JSON.stringify(e)), JSON.stringify(e));
  // And written with CRLF endings, spaces between tokens, or keys in another order: still the same answer.
  const e = sample[7]!;
  assert.ok(agrees(JSON.stringify(e) + '\r'));
  assert.ok(agrees(JSON.stringify(e, null, 1).replace(/\n/g, ' ')));
  assert.ok(agrees(JSON.stringify(Object.fromEntries(Object.entries(e).reverse()))));
  assert.ok(agrees(JSON.stringify({ ...e, device: 'Büro-PC-ñ-😀', os: 'win32 10.0.26100 ü', user: 'CONTOSO\\ädmin' })));
});

test('lines the schema refuses, or that JSON.parse cannot read, are never vouched for', () => {
  const e = sample[3]!;
  const line = JSON.stringify(e);
  const refused = [
    line.replace('"v":1', '"v":2'),
    line.replace('"v":1', '"v":1.0'),
    line.replace('"v":1', '"v":"1"'),
    JSON.stringify({ ...e, device: 'x'.repeat(254) }),
    JSON.stringify({ ...e, device: '' }),
    JSON.stringify({ ...e, os: 'é'.repeat(129) }),
    JSON.stringify({ ...e, subnet: '1'.repeat(65) }),
    JSON.stringify({ ...e, user: '😀'.repeat(257) }),
    JSON.stringify({ ...e, tool: 'x'.repeat(33) }),
    JSON.stringify({ ...e, port: 0 }),
    JSON.stringify({ ...e, port: 65536 }),
    JSON.stringify({ ...e, totalMs: -1 }),
    JSON.stringify({ ...e, time: '2026-02-30T00:00:00.000Z' }),
    JSON.stringify({ ...e, time: '2026-13-01T00:00:00.000Z' }),
    JSON.stringify({ ...e, code: 'NOT_A_CODE' }),
    JSON.stringify({ ...e, flow: 'other' }),
    JSON.stringify({ ...e, verdict: 'maybe' }),
    JSON.stringify({ ...e, steps: { ...e.steps, warp: 1 } }),
    JSON.stringify({ ...e, extra: 1 }),
    JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'kdc'))),
    line.slice(0, -1),
    `${line},`,
    `${line}x`,
    `\uFEFF${line}`,
    line.replace('"device":"', '"device":"\u0001'),
    line.replace('"device":"', '"device":"\\x'),
    line.replace(/"totalMs":\d+/, '"totalMs":1e400'),
    line.replace(/"totalMs":\d+/, '"totalMs":01'),
    line.replace(/"totalMs":\d+/, '"totalMs":1.'),
  ];
  for (const text of refused) {
    if (parseHistoryLine(text)) continue; // a case the schema happens to accept is checked by agrees() below
    assert.equal(scanned(text), undefined, text.slice(0, 200));
  }
  for (const text of refused) if (scanned(text)) agrees(text);
  // Invalid UTF-8 inside a string is JSON once decoded (U+FFFD), as the schema's path reads it.
  const bytes = Buffer.concat([
    Buffer.from(line.slice(0, line.indexOf('"device":"') + 10)),
    Buffer.from([0xff, 0xc3]),
    Buffer.from(line.slice(line.indexOf('"device":"') + 10)),
  ]);
  agrees(bytes);
});

test(
  'forms the scanner leaves to the schema (escapes in counted fields, other time forms, odd numbers, ' +
    'duplicates) are still judged by it',
  () => {
    const e = sample[11]!;
    const line = JSON.stringify(e);
    const others = [
      JSON.stringify({ ...e, device: 'PC-"quoted"' }),
      line.replace('"device":"PC', '"device":"\\u0050C'),
      JSON.stringify({ ...e, time: e.time.replace('Z', '+00:00') }),
      JSON.stringify({ ...e, time: e.time.replace(/\.\d+Z$/, 'Z') }),
      line.replace(/"port":\d+/, '"port":1433.0'),
      line.replace(/"port":\d+/, '"port":1.433e3'),
      line.replace(/"totalMs":\d+/, '"totalMs":-0'),
      `${line.slice(0, -1)},"code":"SPN_UNKNOWN"}`,
      `${line.slice(0, -1)},"device":"PC-OTHER"}`,
    ];
    for (const text of others) {
      assert.equal(scanned(text), undefined, text.slice(0, 200));
      assert.ok(parseHistoryLine(text), `the schema accepts: ${text.slice(0, 200)}`);
    }
  },
);

test('property: mutated lines — whatever the scanner vouches for, the schema accepts with the same fields', () => {
  const base = sample.slice(0, 40).map((e) => JSON.stringify(e));
  const piece = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.string({ maxLength: 3, unit: 'binary' }),
    fc.constantFrom('"', '\\', ',', ':', '{', '}', 'null', '1', 'e5', '.5', ' ', '\r', '\\u00e9', 'é', '-'),
  );
  let vouched = 0;
  fc.assert(
    fc.property(fc.nat(base.length - 1), fc.nat(600), piece, fc.nat(3), (which, at, ins, del) => {
      const text = base[which]!;
      const p = at % (text.length + 1);
      if (agrees(text.slice(0, p) + ins + text.slice(p + del))) vouched++;
    }),
    { numRuns: 20_000, seed: 15 },
  );
  assert.ok(vouched > 1000, `the mutations left lines to vouch for (${vouched})`);
});

test('property: generated entries — each field in and out of its bounds, unicode and escapes', () => {
  // Mostly within bounds (so whole entries pass), now and then out of them or in another form.
  const pick = <T, U>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>) =>
    fc.oneof({ arbitrary: valid, weight: 8 }, { arbitrary: hostile, weight: 1 });
  const text = (max: number) =>
    pick(
      fc.oneof(fc.string({ maxLength: max }), fc.string({ maxLength: max, unit: 'grapheme' })),
      // Near the bound: ASCII, and two-byte UTF-8 characters (one UTF-16 unit each: the bound counts units, not bytes).
      fc.string({ minLength: max - 2, maxLength: max + 2, unit: fc.constantFrom('a', 'a', 'a', 'é', 'ñ', '-') }),
    );
  const name = (max: number) => pick(fc.stringMatching(/^[A-Za-z0-9.:/ -]{1,30}$/), text(max));
  const entry = fc.record({
    v: pick(fc.constant(1), fc.constantFrom(2, 1.5, '1')),
    time: pick(
      fc
        .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc.constantFrom(
        '2024-02-29T12:00:00.000Z',
        '2023-02-29T12:00:00.000Z',
        '2026-11-02T24:00:00.000Z',
        '2026-11-02T02:29:16Z',
        '2026-11-02T02:29:16.4189Z',
      ),
    ),
    device: name(253),
    user: fc.option(text(512)),
    server: name(253),
    port: pick(
      fc.integer({ min: 1, max: 65535 }),
      fc.oneof(fc.integer({ min: -2, max: 70000 }), fc.double({ noNaN: true })),
    ),
    address: fc.option(text(64)),
    verdict: pick(fc.constantFrom('pass', 'fail'), fc.constant('PASS')),
    code: fc.option(pick(fc.constantFrom(...DIAGNOSIS_CODES), fc.constant('NOPE'))),
    flow: fc.option(pick(fc.constantFrom(...CHAIN_FLOWS), fc.constant('x'))),
    failedStep: fc.option(pick(fc.constantFrom(...STEP_IDS), fc.constant('nope'))),
    steps: pick(
      fc.dictionary(fc.constantFrom(...STEP_IDS), fc.oneof(fc.nat(5000), fc.double({ min: 0, max: 1e6, noNaN: true }))),
      fc.dictionary(fc.constantFrom(...STEP_IDS, 'warp'), fc.double({ min: -1, max: 1e6, noNaN: true })),
    ),
    totalMs: pick(fc.nat(100_000), fc.double({ noNaN: true, noDefaultInfinity: true })),
    subnet: fc.option(name(64)),
    kdc: fc.option(name(512)),
    os: fc.oneof(fc.constantFrom('win32 10.0.26100', '', 'linux 6.1'), text(128)),
    tool: text(32),
  });
  let vouched = 0;
  fc.assert(
    fc.property(entry, (e) => {
      if (agrees(JSON.stringify(e))) vouched++;
    }),
    { numRuns: 5000, seed: 15 },
  );
  assert.ok(vouched > 100, `some generated entries were vouched for (${vouched})`);
});

test('times read from digits equal Date.parse; impossible dates are refused', () => {
  fc.assert(
    fc.property(
      fc.date({
        min: new Date('0000-01-01T00:00:00Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      }),
      (d) => {
        const t = d.toISOString();
        const b = Buffer.from(t);
        assert.equal(isoMillis(b, 0, b.length), Date.parse(t));
      },
    ),
    { numRuns: 5000, seed: 15 },
  );
  for (const t of [
    '2023-02-29T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-01-01T24:00:00.000Z',
    '2026-01-01T00:60:00.000Z',
    '2026-00-10T00:00:00.000Z',
    '2026-01-01T00:00:00.000+',
    '2026-01-01 00:00:00.000Z',
  ]) {
    assert.ok(Number.isNaN(isoMillis(Buffer.from(t), 0, t.length)), t);
  }
});
