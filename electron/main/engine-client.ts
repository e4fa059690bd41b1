// The main process side of the engine: implements EngineApi by messaging the utility process, restarts it
// after a crash, and fails every call that was in flight with ENGINE_CRASHED instead of hanging.
import { KerbProbeError } from '../engine/errors';
import { IPC_ERROR_CODES } from '../contract/error-codes';
import type { EngineApi, EngineMethod, HostReply, HostRequest, StepProgress } from '../contract/engine';

/** The part of Electron's UtilityProcess this client uses. */
export interface EngineChild {
  postMessage(message: HostRequest): void;
  on(event: 'message', listener: (message: HostReply) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (p: StepProgress) => void;
}

export interface EngineClient extends EngineApi {
  /**
   * Starts the utility process now, so that its start-up (loading the engine, tedious and the native
   * binding: most of the ~400 ms `npm run bench` gives as the utility process's cold verdict) happens while the
   * user types, not after the click.
   */
  start(): void;
  dispose(): void;
}

export function createEngineClient(spawn: () => EngineChild, log: (line: string) => void = () => {}): EngineClient {
  let child: EngineChild | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function ensureChild(): EngineChild {
    if (child) return child;
    const c = spawn();
    child = c;
    c.on('message', (reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      if ('progress' in reply) {
        p.onProgress?.(reply.progress);
        return;
      }
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new KerbProbeError(reply.error.code, reply.error.message));
    });
    c.on('exit', (code) => {
      if (child === c) child = null;
      if (pending.size) log(`engine: utility process exited with code ${code} during ${pending.size} call(s)`);
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(
          new KerbProbeError(
            IPC_ERROR_CODES.engineCrashed,
            `The engine process stopped unexpectedly (exit code ${code}). Run the check again; if it repeats, export the log for the helpdesk.`,
          ),
        );
      }
    });
    return c;
  }

  function call<T>(
    method: EngineMethod,
    args: unknown[],
    extra?: { signal?: AbortSignal; onProgress?: (p: StepProgress) => void },
  ): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const c = ensureChild();
      pending.set(id, {
        resolve: resolve,
        reject,
        ...(extra?.onProgress ? { onProgress: extra.onProgress } : {}),
      });
      const signal = extra?.signal;
      if (signal) {
        if (signal.aborted) c.postMessage({ id, cancel: true });
        else
          signal.addEventListener(
            'abort',
            () => {
              child?.postMessage({ id, cancel: true });
            },
            { once: true },
          );
      }
      c.postMessage({ id, method, args });
    });
  }

  return {
    runCheck: (input, { signal, onProgress }) => call('runCheck', [input], { signal, onProgress }),
    listTickets: () => call('listTickets', []),
    purgeTickets: () => call('purgeTickets', []),
    analyzeInputs: (inputs) => call('analyzeInputs', [inputs]),
    collect: (options) => call('collect', [options]),
    renderReport: (report, format, opts) => call('renderReport', [report, format, opts]),
    readReport: (text) => call('readReport', [text]),
    readHistory: (query) => call('readHistory', [query]),
    analyzeFleet: (paths, query) => call('analyzeFleet', [paths, query]),
    start() {
      ensureChild();
    },
    dispose() {
      child?.kill();
      child = null;
    },
  };
}
