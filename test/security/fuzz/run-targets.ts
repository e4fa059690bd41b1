// The entry `npm run fuzz` loads: harness and targets through one module graph, so the error classes the
// parsers throw are the very classes the harness recognises as typed.
import { failureMessage, fuzzTarget, type FuzzSummary } from './harness';
import { targets } from './targets';

export const targetNames = (): string[] => targets.map((t) => t.name);

export function runTargets(opts: {
  runs: number;
  seed: number;
  only?: string;
  onResult?: (s: FuzzSummary, message: string | null) => void;
}): FuzzSummary[] {
  const chosen = targets.filter((t) => !opts.only || t.name.toLowerCase().includes(opts.only.toLowerCase()));
  return chosen.map((target) => {
    const s = fuzzTarget(target, { runs: opts.runs, seed: opts.seed });
    opts.onResult?.(s, s.failure ? failureMessage(s) : null);
    return s;
  });
}
