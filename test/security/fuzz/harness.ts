// One seeded fuzz harness for every parser of untrusted input. `npm test` runs it at 10,000 cases per
// target (test/security/fuzz.test.ts); `npm run fuzz` runs the same targets at 1,000,000 (build/fuzz.mjs).
// A case passes when the target returns (and its own invariants hold) or ends in the module's typed error;
// anything else — a TypeError, a RangeError, an assertion, a case over the time limit — fails the run
// and the summary carries the seed, the replay path and the shrunk counterexample.
import fc from 'fast-check';
import { KerbProbeError } from '../../../electron/engine/errors';

export interface FuzzTarget<T = unknown> {
  name: string;
  /** Generated and mutated inputs (mutations start from real fixtures or builders). */
  input: fc.Arbitrary<T>;
  /** Parses one input; throws an assertion error when a result breaks the target's invariants. */
  run(input: T): void;
  /** The stable code of an error this target may legitimately end in, or undefined when it may not. */
  typed?(e: unknown): string | undefined;
}

export interface FuzzSummary {
  target: string;
  runs: number;
  seed: number;
  /** The slowest case, in milliseconds (a case over a fifth of the limit counts its fastest of three attempts). */
  maxMs: number;
  /** Cases that returned a result / ended in a typed error, and which codes. */
  accepted: number;
  rejected: number;
  codes: Record<string, number>;
  failures: number;
  wallMs: number;
  failure?: { seed: number; path: string; counterexample: string; error: string };
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** A case slower than this fails the run. */
  maxCaseMs?: number;
}

export const DEFAULT_MAX_CASE_MS = 100;
/** Cases slower than this share of the limit are timed again (see fuzzTarget). */
const RETIME_FRACTION = 0.2;

/** Our typed errors: KerbProbeError and its ParseError, with a code of capitals, digits and '_'. */
export function kerbProbeCode(e: unknown, allowed?: readonly string[]): string | undefined {
  if (!(e instanceof KerbProbeError) || !/^[A-Z][A-Z0-9_]*$/.test(e.code)) return undefined;
  return allowed && !allowed.includes(e.code) ? undefined : e.code;
}

function describe(v: unknown): string {
  const s = fc.stringify(v);
  return s.length > 2000 ? `${s.slice(0, 2000)}… (${s.length} chars)` : s;
}

export function fuzzTarget<T>(target: FuzzTarget<T>, opts: FuzzOptions): FuzzSummary {
  const limit = opts.maxCaseMs ?? DEFAULT_MAX_CASE_MS;
  const typed = target.typed ?? ((e: unknown) => kerbProbeCode(e));
  let maxMs = 0;
  let accepted = 0;
  let rejected = 0;
  const codes: Record<string, number> = {};
  let counting = true; // off from the first failure on: shrinking replays variants of that case

  const once = (input: T): { ms: number; error?: unknown } => {
    const t0 = performance.now();
    try {
      target.run(input);
      return { ms: performance.now() - t0 };
    } catch (error) {
      return { ms: performance.now() - t0, error };
    }
  };

  const property = fc.property(target.input, (input) => {
    let r = once(input);
    // A case that looks slow is timed as the fastest of up to three attempts: a garbage-collection pause
    // or a busy 2-core machine must not count as the parser's cost; a parser that is slow stays slow.
    for (let retry = 0; retry < 2 && r.ms > limit * RETIME_FRACTION; retry++) {
      const again = once(input);
      if (again.ms < r.ms) r = again;
    }
    const code = r.error === undefined ? undefined : typed(r.error);
    const failure =
      r.error !== undefined && code === undefined
        ? r.error
        : r.ms > limit
          ? new Error(`one case took ${r.ms.toFixed(1)} ms (limit ${limit} ms)`)
          : undefined;
    if (counting) {
      if (r.error === undefined) accepted++;
      else if (code !== undefined) {
        rejected++;
        codes[code] = (codes[code] ?? 0) + 1;
      }
      maxMs = Math.max(maxMs, r.ms);
    }
    if (failure !== undefined) {
      counting = false;
      throw failure;
    }
  });

  const t0 = performance.now();
  const details = fc.check(property, { seed: opts.seed, numRuns: opts.runs, endOnFailure: false });
  const summary: FuzzSummary = {
    target: target.name,
    runs: accepted + rejected + (details.failed ? 1 : 0),
    seed: opts.seed,
    maxMs: Math.round(maxMs * 100) / 100,
    accepted,
    rejected,
    codes,
    failures: details.failed ? 1 : 0,
    wallMs: Math.round(performance.now() - t0),
  };
  if (details.failed) {
    const err = details.errorInstance;
    summary.failure = {
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      counterexample: describe(details.counterexample?.[0]),
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    };
  }
  return summary;
}

/** One line a person can act on: what failed and how to replay exactly that case. */
export function failureMessage(s: FuzzSummary): string {
  if (!s.failure) return `${s.target}: no failure`;
  return (
    `${s.target} failed after ${s.runs} cases: ${s.failure.error}\n` +
    `  replay: seed ${s.failure.seed}, path "${s.failure.path}" (KERBPROBE_FUZZ_SEED=${s.failure.seed})\n` +
    `  counterexample: ${s.failure.counterexample}`
  );
}
