// Records steps in the contract's display order, timing each, and reports progress as they start and end.
import { STEP_IDS, STEP_TITLES, type Step, type StepId } from '../../contract/index';
import type { StepProgress } from '../../contract/ipc';

export class StepRecorder {
  private readonly steps = new Map<StepId, Step>();
  constructor(private readonly onProgress?: (e: StepProgress) => void) {}

  /** Starts a step; call the returned function exactly once to finish it. */
  start(id: StepId): (status: Step['status'], detail: string, evidence?: string[], ms?: number) => Step {
    const t0 = performance.now();
    this.onProgress?.({ kind: 'started', id, title: STEP_TITLES[id] });
    return (status, detail, evidence, ms) =>
      this.put({
        id,
        title: STEP_TITLES[id],
        status,
        ms: Math.round(ms ?? performance.now() - t0),
        detail,
        ...(evidence?.length ? { evidence } : {}),
      });
  }

  /** Records a step that did not run (or ran inside another) without timing it. */
  record(id: StepId, status: Step['status'], detail: string, evidence?: string[], ms = 0): Step {
    this.onProgress?.({ kind: 'started', id, title: STEP_TITLES[id] });
    return this.put({
      id,
      title: STEP_TITLES[id],
      status,
      ms: Math.round(ms),
      detail,
      ...(evidence?.length ? { evidence } : {}),
    });
  }

  /** Revises a finished step in place once later steps tell more (reported as a new step end). */
  amend(id: StepId, patch: Partial<Pick<Step, 'status' | 'detail'>>): void {
    const s = this.steps.get(id);
    if (s) this.put({ ...s, ...patch });
  }

  get(id: StepId): Step | undefined {
    return this.steps.get(id);
  }

  private put(step: Step): Step {
    this.steps.set(step.id, step);
    this.onProgress?.({ kind: 'finished', step });
    return step;
  }

  list(): Step[] {
    return STEP_IDS.flatMap((id) => {
      const s = this.steps.get(id);
      return s ? [s] : [];
    });
  }
}
