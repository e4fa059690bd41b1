// npm run fuzz: the fuzz targets of test/security/fuzz at 1,000,000 cases each (KERBPROBE_FUZZ_RUNS to
// change it, KERBPROBE_FUZZ_SEED to replay, KERBPROBE_FUZZ_TARGET=<part of a name> to pick targets).
// Same harness and targets as `npm test`; prints one JSON summary and exits 1 when any target failed.
import { tsImport } from 'tsx/esm/api';

const runs = Number(process.env.KERBPROBE_FUZZ_RUNS ?? 1_000_000);
const seed = Number(process.env.KERBPROBE_FUZZ_SEED ?? Date.now() % 2_147_483_647);
const only = process.env.KERBPROBE_FUZZ_TARGET?.toLowerCase();
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`fuzz: KERBPROBE_FUZZ_RUNS must be a whole number above 0, got ${process.env.KERBPROBE_FUZZ_RUNS}`);
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  console.error(`fuzz: KERBPROBE_FUZZ_SEED must be a whole number, got ${process.env.KERBPROBE_FUZZ_SEED}`);
  process.exit(2);
}

const { fuzzTarget, failureMessage } = await tsImport('../test/security/fuzz/harness.ts', import.meta.url);
const { targets } = await tsImport('../test/security/fuzz/targets.ts', import.meta.url);
const chosen = targets.filter((t) => !only || t.name.toLowerCase().includes(only));
if (chosen.length === 0) {
  console.error(`fuzz: no target matches '${only}'; targets: ${targets.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

const results = [];
for (const target of chosen) {
  const s = fuzzTarget(target, { runs, seed });
  // Progress on stderr so stdout stays one JSON document.
  console.error(`${s.failures ? 'FAIL' : 'ok  '} ${s.target}: ${s.runs} cases, max ${s.maxMs} ms, ${(s.wallMs / 1000).toFixed(1)} s`);
  if (s.failure) console.error(failureMessage(s));
  results.push({ target: s.target, runs: s.runs, maxMs: s.maxMs, failures: s.failures, accepted: s.accepted, rejected: s.rejected, wallMs: s.wallMs, ...(s.failure ? { failure: s.failure } : {}) });
}
console.log(JSON.stringify({ seed, runsPerTarget: runs, targets: results }, null, 2));
process.exit(results.some((r) => r.failures) ? 1 : 0);
