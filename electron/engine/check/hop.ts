// The one shape of a hop of the check: what it needs (other hops' results, the platform ports it calls and
// how to bind them for real) →
// its step records and, per step, the evidence of where the path broke. Hops decide no diagnosis code:
// diagnose/ turns their evidence into one. The orchestrator (run-check.ts) composes them.
import type { StepEvidence } from '../diagnose/diagnose-check';
import type { Platform } from './platform';
import type { StepRecorder } from './step-recorder';
import type { CheckTarget } from './target';

export interface HopContext<Deps> {
  readonly target: CheckTarget;
  /** The platform ports this hop calls (the real ones in real-deps.ts; small fakes in unit tests). */
  readonly deps: Deps;
  readonly steps: StepRecorder;
  /** Aborted when the check's budget runs out or the caller cancels. */
  readonly signal: AbortSignal;
  /** Milliseconds left in the check's budget. */
  remaining(): number;
  /** True when the caller cancelled (as opposed to the budget running out): hops rethrow then. */
  cancelled(): boolean;
  /** The check's clock: ticket lifetimes are judged against it. */
  now(): Date;
  /** The result of a hop this one declared in `needs`; it may be awaited late, so independent work overlaps. */
  need<T>(hop: Hop<T, unknown>): Promise<T>;
}

export interface HopResult<Out> {
  out: Out;
  /** What the hop saw where the path broke, per step; diagnose/ reads it. */
  evidence?: StepEvidence[];
}

export interface Hop<Out, Deps> {
  readonly name: string;
  /** The hops whose results this one reads (each must come earlier in the pipeline). */
  readonly needs: readonly Hop<unknown, unknown>[];
  run(ctx: HopContext<Deps>): Promise<HopResult<Out>>;
  /** The real ports on this machine (unit tests pass fakes instead). */
  bind(platform: Platform): Deps;
}

/** The ports a hop calls: what the check's dependencies must provide for it. */
export type DepsOf<H> = H extends Hop<unknown, infer D> ? D : never;
