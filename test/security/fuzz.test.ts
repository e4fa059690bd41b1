// 10,000 generated and mutated cases for every parser of untrusted input, through the shared harness
// (npm run fuzz runs the same targets at 1,000,000). Only a result or the module's typed error may come
// out, no case may take over 100 ms; the figures go to test-results/reliability.json.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ParseError } from '../../electron/engine/errors';
import { DEFAULT_MAX_CASE_MS, failureMessage, fuzzTarget, type FuzzSummary } from './fuzz/harness';
import { targets } from './fuzz/targets';
import { recordReliability } from './reliability-results';

const RUNS = 10_000;
const SEED = Number(process.env.KERBPROBE_FUZZ_SEED ?? 20270815);
const summaries: FuzzSummary[] = [];

after(() => {
  if (summaries.length === targets.length) {
    recordReliability('fuzz', {
      seed: SEED,
      casesPerTarget: RUNS,
      maxCaseLimitMs: DEFAULT_MAX_CASE_MS,
      targets: summaries.map(({ target, runs, maxMs, accepted, rejected, failures, wallMs, codes }) => ({
        target,
        runs,
        maxMs,
        accepted,
        rejected,
        failures,
        wallMs,
        codes,
      })),
    });
  }
});

for (const target of targets) {
  test(`fuzz ${target.name}: ${RUNS} cases → result or typed error, each < ${DEFAULT_MAX_CASE_MS} ms`, () => {
    const s = fuzzTarget(target, { runs: RUNS, seed: SEED });
    summaries.push(s);
    assert.equal(s.failures, 0, failureMessage(s));
    assert.equal(s.runs, RUNS);
    assert.ok(s.maxMs < DEFAULT_MAX_CASE_MS, `slowest case ${s.maxMs} ms`);
    // Inputs that exercise nothing would pass trivially: both outcomes must occur.
    assert.ok(s.accepted > 0 && s.rejected > 0, `accepted ${s.accepted}, rejected ${s.rejected}`);
  });
}

test('the harness fails an untyped error, a wrong code and a slow case, and names the seed to replay', () => {
  const bytes = fc.uint8Array({ minLength: 1, maxLength: 20 });
  const untyped = fuzzTarget(
    {
      name: 'untyped',
      input: bytes,
      run: (b) => {
        if (b[0]! > 200) throw new RangeError('index out of range');
      },
    },
    { runs: 500, seed: 7 },
  );
  assert.equal(untyped.failures, 1);
  assert.match(failureMessage(untyped), /RangeError: index out of range[\s\S]*seed 7, path "/);

  const wrongCode = fuzzTarget(
    {
      name: 'wrong code',
      input: bytes,
      run: () => {
        throw new ParseError('OTHER_CODE', 'x');
      },
      typed: (e) => (e instanceof ParseError && e.code === 'EXPECTED' ? e.code : undefined),
    },
    { runs: 10, seed: 7 },
  );
  assert.equal(wrongCode.failures, 1);

  const slow = fuzzTarget(
    {
      name: 'slow',
      input: bytes,
      run: () => {
        const end = performance.now() + 30;
        while (performance.now() < end);
      },
    },
    { runs: 3, seed: 7, maxCaseMs: 10 },
  );
  assert.equal(slow.failures, 1);
  assert.match(slow.failure?.error ?? '', /took .* ms \(limit 10 ms\)/);

  const typed = fuzzTarget(
    {
      name: 'typed',
      input: bytes,
      run: (b) => {
        if (b[0]! % 2) throw new ParseError('ODD', 'odd');
      },
    },
    { runs: 200, seed: 7 },
  );
  assert.equal(typed.failures, 0);
  assert.equal(typed.accepted + typed.rejected, 200);
  assert.equal(typed.codes.ODD, typed.rejected);
});
