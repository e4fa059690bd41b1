// A time budget for one probe: a signal that aborts at the deadline or when the caller aborts.
export interface Budget {
  signal: AbortSignal;
  /** Milliseconds left before the deadline (never negative). */
  remaining(): number;
  /** True when the deadline, not the caller, ended it. */
  timedOut(): boolean;
  dispose(): void;
}

export function startBudget(ms: number, parent?: AbortSignal): Budget {
  const controller = new AbortController();
  const deadline = Date.now() + Math.max(0, ms);
  let expired = false;
  const timer = setTimeout(
    () => {
      expired = true;
      controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError'));
    },
    Math.max(0, ms),
  );
  const onParent = () => controller.abort(parent?.reason);
  if (parent) {
    if (parent.aborted) onParent();
    else parent.addEventListener('abort', onParent, { once: true });
  }
  return {
    signal: controller.signal,
    remaining: () => Math.max(0, deadline - Date.now()),
    timedOut: () => expired,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

/**
 * Resolve with `promise`, or reject with `onTimeout()` when the signal fires first. The promise is abandoned, not
 * cancelled.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(onAbort());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(err);
      },
    );
  });
}
