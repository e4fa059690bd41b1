// One engine call that walks every hop from the user's logon session to a verified SQL session. This file
// owns only concurrency, the budget and cancellation: the hops (pipeline.ts) record the steps and report
// evidence, diagnose/ turns the evidence into the root cause, assemble-report.ts assembles the one CheckReport.
// Every wait is bounded by the check's budget, so no library's own timeout (MIT ~27 s, SSMS ~15 s) decides
// how long a user waits.
import type { CheckReport } from '../../contract/index';
import { IPC_ERROR_CODES } from '../../contract/error-codes';
import type { StepProgress } from '../../contract/ipc';
import { diagnoseCheck } from '../diagnose/diagnose-check';
import { KerbProbeError } from '../errors';
import { assembleReport } from './assemble-report';
import type { Hop, HopContext, HopResult } from './hop';
import { PIPELINE, type CheckDeps } from './pipeline';
import { StepRecorder } from './step-recorder';
import { buildTarget, type CheckInput, type CheckTarget } from './target';

export interface CheckOptions {
  signal?: AbortSignal;
  onProgress?: (event: StepProgress) => void;
  /** The check's clock (tickets are judged against it); the real time unless a test fixes it. */
  now?: () => Date;
}

type AnyHop = Hop<unknown, unknown>;

/** A check of an input not yet built into a target (tests, the training command): built here, then checked. */
export async function runCheck(input: CheckInput, deps: CheckDeps, opts: CheckOptions = {}): Promise<CheckReport> {
  return runTargetCheck((await buildTarget(input)).target, deps, opts);
}

/** A check of a target built at the edge (target.ts's buildTarget): nothing here validates or reads it again. */
export async function runTargetCheck(
  target: CheckTarget,
  deps: CheckDeps,
  opts: CheckOptions = {},
): Promise<CheckReport> {
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const started = performance.now();
  const budget = checkBudget(target, opts.signal);
  const steps = new StepRecorder(opts.onProgress);
  const runs = new Map<AnyHop, Promise<HopResult<unknown>>>();
  const contextFor = (hop: AnyHop): HopContext<unknown> => ({
    target,
    deps,
    steps,
    signal: budget.signal,
    remaining: budget.remaining,
    cancelled: () => opts.signal?.aborted === true,
    now,
    need: <T>(dep: Hop<T, unknown>): Promise<T> => {
      const run = runs.get(dep);
      if (!hop.needs.includes(dep) || !run)
        throw new Error(`hop ${hop.name} reads ${dep.name}, which it does not declare or which runs after it`);
      return run.then((result) => result.out as T);
    },
  });

  let results: HopResult<unknown>[];
  try {
    for (const hop of PIPELINE as readonly AnyHop[]) runs.set(hop, hop.run(contextFor(hop)));
    results = await Promise.race([Promise.all(runs.values()), budget.cancelled]);
  } finally {
    budget.dispose();
  }

  const diagnosis = diagnoseCheck(results.flatMap((result) => result.evidence ?? []));
  const outOf = <T>(hop: Hop<T, unknown>): T => results[PIPELINE.indexOf(hop as never)]!.out as T;
  return assembleReport({ target, startedAt, totalMs: performance.now() - started, steps, diagnosis, outOf });
}

interface CheckBudget {
  /** Aborted when the budget runs out or the caller cancels: what the hops watch. */
  signal: AbortSignal;
  /** Milliseconds left in the budget. */
  remaining(): number;
  /** Rejects when the caller cancels: a cancel ends the check at once, whatever the hops still do. */
  cancelled: Promise<never>;
  dispose(): void;
}

/** The check's one budget and one cancellation, shared by every hop. */
function checkBudget(target: CheckTarget, callerSignal: AbortSignal | undefined): CheckBudget {
  const budgetMs = target.timeoutSeconds * 1000;
  const deadline = performance.now() + budgetMs;
  const controller = new AbortController();
  const cancelError = () =>
    callerSignal?.reason instanceof KerbProbeError
      ? callerSignal.reason
      : new KerbProbeError(IPC_ERROR_CODES.cancelled, 'the check was cancelled');
  let rejectCancelled!: (err: Error) => void;
  const cancelled = new Promise<never>((_resolve, reject) => {
    rejectCancelled = reject;
  });
  cancelled.catch(() => {});
  // The hops still running see the aborted signal and wind down.
  const onCancel = (): void => {
    const err = cancelError();
    controller.abort(err);
    rejectCancelled(err);
  };
  if (callerSignal?.aborted) onCancel();
  callerSignal?.addEventListener('abort', onCancel, { once: true });
  const timer = setTimeout(
    () => controller.abort(new KerbProbeError('TIMEOUT', `the check ran out of its ${target.timeoutSeconds} s budget`)),
    budgetMs,
  );
  return {
    signal: controller.signal,
    remaining: () => Math.max(0, Math.round(deadline - performance.now())),
    cancelled,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCancel);
    },
  };
}
