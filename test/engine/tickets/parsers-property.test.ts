// Property tests: arbitrary and mutated input never makes a parser throw anything but its ParseError,
// never takes more than 100 ms, and never returns key bytes. Seeded, so a failure reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseCcache } from '../../../electron/engine/tickets/ccache';
import { parseWindowsKlist } from '../../../electron/engine/tickets/windows-klist';
import { parseKlistGet } from '../../../electron/engine/tickets/windows-klist-get';
import { parseKlistTgt } from '../../../electron/engine/tickets/windows-klist-tgt';
import { parseCloudDebug } from '../../../electron/engine/environment/windows-cloud-debug';
import { parseDsregcmd } from '../../../electron/engine/environment/dsregcmd';
import { parseMitKlist } from '../../../electron/engine/tickets/mit-klist';
import { parseHeimdalKlist } from '../../../electron/engine/tickets/heimdal-klist';
import { detectInput } from '../../../electron/engine/tickets/detect-input';
import { ticketsFromCcache, ticketsFromKlistText, toTicketSet } from '../../../electron/engine/tickets/ticket-source';
import { ParseError } from '../../../electron/engine/errors';
import { buildCcache, derTicket } from './ccache-builder';

const SEED = 20270304;
const RUNS = Number(process.env['KERBPROBE_PROPERTY_RUNS'] ?? 2500);
const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const texts = ['windows', 'mit', 'heimdal'].flatMap((d) => {
  try {
    return readdirSync(root + d)
      .filter((f) => !f.includes('utf16'))
      .map((f) => readFileSync(`${root}${d}/${f}`, 'utf8'));
  } catch {
    return [];
  }
});
const ccaches = readdirSync(root + 'ccache')
  .filter((f) => f.endsWith('.ccache'))
  .map((f) => new Uint8Array(readFileSync(`${root}ccache/${f}`)));

function timedOnce<T>(fn: () => T): number {
  const t0 = performance.now();
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    assert.match(e.code, /^[A-Z0-9_]+$/);
  }
  return performance.now() - t0;
}

/** Typed error or a result, within 100 ms. A slow case is timed twice more and judged on its fastest run:
 *  a pathological input is slow every time, a GC pause or a busy CPU is not. */
function bounded<T>(fn: () => T): void {
  let ms = timedOnce(fn);
  for (let retry = 0; ms >= 100 && retry < 2; retry++) ms = Math.min(ms, timedOnce(fn));
  assert.ok(ms < 100, `took ${ms.toFixed(1)} ms (fastest of 3 runs)`);
}

const mutatedText = fc
  .tuple(
    fc.constantFrom(...texts),
    fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 6 }),
  )
  .map(([base, edits]) =>
    edits.reduce((s, [at, del, ins]) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + ins + s.slice(i + del);
    }, base),
  );
const anyText = fc.oneof(
  mutatedText,
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({
    unit: fc.constantFrom('#', '0', '>', '\t', ':', ' ', '\n', '\r', '@', 'x', '/', '(', ')'),
    maxLength: 300,
  }),
);

const textParsers: [string, (s: string) => unknown][] = [
  ['windows klist', parseWindowsKlist],
  ['klist get', parseKlistGet],
  ['klist tgt', parseKlistTgt],
  ['cloud_debug', parseCloudDebug],
  ['dsregcmd', parseDsregcmd],
  ['MIT klist', parseMitKlist],
  ['Heimdal klist', parseHeimdalKlist],
  ['detectInput', detectInput],
  ['klist → ticket set', (s) => toTicketSet(ticketsFromKlistText(s), { now: new Date(2027, 2, 4, 11) })],
];
for (const [name, parse] of textParsers) {
  test(`${name}: arbitrary and mutated text → result or ParseError, < 100 ms (${RUNS * 4} cases)`, () => {
    fc.assert(
      fc.property(anyText, (s) => bounded(() => parse(s))),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });
}

const mutatedBytes = fc
  .tuple(
    fc.constantFrom(...ccaches),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
    fc.option(fc.nat()),
  )
  .map(([base, flips, cut]) => {
    const b = Uint8Array.from(base);
    for (const [at, v] of flips) b[at % b.length] = v;
    return cut === null ? b : b.subarray(0, cut % (b.length + 1));
  });

test(`ccache: mutated MIT caches and random bytes → result or ParseError, < 100 ms (${RUNS * 4} cases)`, () => {
  const anyBytes = fc.oneof(
    mutatedBytes,
    fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.from([0x05, 1 + ((b[0] ?? 0) % 4), ...b])),
  );
  fc.assert(
    fc.property(anyBytes, (b) =>
      bounded(() => {
        parseCcache(b);
        detectInput(b);
      }),
    ),
    { seed: SEED, numRuns: RUNS * 4 },
  );
});

// The planted key: a pattern no generated name contains. Neither its bytes, hex, base64 nor the
// ticket cipher may appear in what the parser returns.
const KEY = new TextEncoder().encode('KEYBYTES-5e55-10n-k3y-0f-a11ce!!');
const CIPHER = new TextEncoder().encode('TICKETCIPHER-do-not-show');
const name = fc.string({ unit: fc.constantFrom(...'abcdefgh.-/:ABC0123'), minLength: 1, maxLength: 12 });
const principal = fc.record({ realm: name, components: fc.array(name, { minLength: 1, maxLength: 3 }) });
const credArb = fc.record({
  client: principal,
  server: principal,
  keyEnctype: fc.constantFrom(17, 18, 19, 20, 23, 16, 99),
  times: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()),
  flags: fc.nat(),
  isSkey: fc.boolean(),
  etype: fc.constantFrom(17, 18, 23, 20),
  kvno: fc.integer({ min: 0, max: 127 }),
});
test(`ccache: generated caches with a planted key never return it (${RUNS * 2} cases, all versions)`, () => {
  const forms = (b: Uint8Array): string[] => [
    Buffer.from(b).toString('latin1'),
    Buffer.from(b).toString('hex'),
    Buffer.from(b).toString('base64'),
    [...b].join(','),
  ];
  const secrets = [...forms(KEY), ...forms(CIPHER)];
  fc.assert(
    fc.property(
      fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4),
      principal,
      fc.array(credArb, { maxLength: 5 }),
      (v, def, creds) => {
        const bytes = buildCcache(
          v,
          def,
          creds.map((c) => ({ ...c, key: KEY, ticket: derTicket(c.etype, c.kvno, CIPHER) })),
        );
        const parsed = parseCcache(bytes);
        assert.equal(parsed.credentials.length + parsed.config.length, creds.length);
        const set = toTicketSet(ticketsFromCcache(bytes), { now: new Date(0) });
        const out = JSON.stringify({ parsed, set });
        for (const s of secrets) assert.ok(!out.includes(s), 'key or ticket bytes leaked');
      },
    ),
    { seed: SEED, numRuns: RUNS * 2 },
  );
});
