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

// One import: the harness and the parsers must share one module graph (one KerbProbeError class).
const { runTargets, targetNames } = await tsImport('../test/security/fuzz/run-targets.ts', import.meta.url);
if (only && !targetNames().some((n) => n.toLowerCase().includes(only))) {
  console.error(`fuzz: no target matches '${only}'; targets: ${targetNames().join(', ')}`);
  process.exit(2);
}

const results = runTargets({
  runs,
  seed,
  only,
  // Progress on stderr so stdout stays one JSON document.
  onResult: (s, failure) => {
    console.error(
      `${s.failures ? 'FAIL' : 'ok  '} ${s.target}: ${s.runs} cases, max ${s.maxMs} ms, ` +
        `${(s.wallMs / 1000).toFixed(1)} s`,
    );
    if (failure) console.error(failure);
  },
}).map((s) => ({
  target: s.target,
  runs: s.runs,
  maxMs: s.maxMs,
  failures: s.failures,
  accepted: s.accepted,
  rejected: s.rejected,
  wallMs: s.wallMs,
  ...(s.failure ? { failure: s.failure } : {}),
}));
console.log(JSON.stringify({ seed, runsPerTarget: runs, targets: results }, null, 2));
process.exit(results.some((r) => r.failures) ? 1 : 0);
