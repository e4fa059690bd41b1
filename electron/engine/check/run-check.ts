// One engine call that walks every hop from the user's logon session to a verified SQL session. This file
// owns only concurrency, the budget and cancellation: the hops (pipeline.ts) record the steps and report
// evidence, diagnose/ turns the evidence into the root cause, report.ts assembles the one CheckReport.
// Every wait is bounded by the check's budget, so no library's own timeout (MIT ~27 s, SSMS ~15 s) decides
// how long a user waits.
import type { CheckReport } from '../../contract/index';
import { IPC_ERROR_CODES } from '../../contract/error-codes';
import type { StepProgress } from '../../contract/ipc';
import { diagnoseCheck } from '../diagnose/diagnose-check';
import { KerbProbeError } from '../errors';
import { readCaFile } from '../sql/ca-file';
import type { Hop, HopContext, HopResult } from './hop';
import { PIPELINE, type CheckDeps } from './pipeline';
import { assembleReport } from './report';
import { StepRecorder } from './step-recorder';
import { normalizeTarget, type CheckInput } from './target';

export interface CheckOptions {
  signal?: AbortSignal;
  onProgress?: (e: StepProgress) => void;
  /** The check's clock (tickets are judged against it); the real time unless a test fixes it. */
  now?: () => Date;
}

type AnyHop = Hop<unknown, unknown>;

export async function runCheck(input: CheckInput, deps: CheckDeps, opts: CheckOptions = {}): Promise<CheckReport> {
  const target = normalizeTarget(input);
  // Every input is judged before any traffic: a CA file that is missing or not PEM is a usage error now.
  if (target.caFile) await readCaFile(target.caFile);
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const t0 = performance.now();
  const budgetMs = target.timeoutSeconds * 1000;
  const deadline = t0 + budgetMs;
  const ctl = new AbortController();
  const cancelError = () =>
    opts.signal?.reason instanceof KerbProbeError
      ? opts.signal.reason
      : new KerbProbeError(IPC_ERROR_CODES.cancelled, 'the check was cancelled');
  // A cancel ends the check at once; the hops still running see the aborted signal and wind down.
  let rejectCancelled!: (err: Error) => void;
  const cancelled = new Promise<never>((_, reject) => {
    rejectCancelled = reject;
  });
  cancelled.catch(() => {});
  const onCancel = (): void => {
    const err = cancelError();
    ctl.abort(err);
    rejectCancelled(err);
  };
  if (opts.signal?.aborted) onCancel();
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  const timer = setTimeout(
    () => ctl.abort(new KerbProbeError('TIMEOUT', `the check ran out of its ${target.timeoutSeconds} s budget`)),
    budgetMs,
  );

  const steps = new StepRecorder(opts.onProgress);
  const runs = new Map<AnyHop, Promise<HopResult<unknown>>>();
  const contextFor = (hop: AnyHop): HopContext<unknown> => ({
    target,
    deps,
    steps,
    signal: ctl.signal,
    remaining: () => Math.max(0, Math.round(deadline - performance.now())),
    cancelled: () => opts.signal?.aborted === true,
    now,
    need: <T>(dep: Hop<T, unknown>): Promise<T> => {
      const run = runs.get(dep);
      if (!hop.needs.includes(dep) || !run)
        throw new Error(`hop ${hop.name} reads ${dep.name}, which it does not declare or which runs after it`);
      return run.then((r) => r.out as T);
    },
  });

  let results: HopResult<unknown>[];
  try {
    for (const hop of PIPELINE as readonly AnyHop[]) runs.set(hop, hop.run(contextFor(hop)));
    results = await Promise.race([Promise.all(runs.values()), cancelled]);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
  }

  const diagnosis = diagnoseCheck(results.flatMap((r) => r.evidence ?? []));
  const outOf = <T>(hop: Hop<T, unknown>): T => results[PIPELINE.indexOf(hop as never)]!.out as T;
  return assembleReport({ target, startedAt, totalMs: performance.now() - t0, steps, diagnosis, outOf });
}
