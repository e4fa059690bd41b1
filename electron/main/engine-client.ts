// The main process side of the engine: implements EngineApi by messaging the utility process, restarts it
// after a crash, and fails every call that was in flight with ENGINE_CRASHED instead of hanging.
import { KerbProbeError } from '../engine/errors';
import { IPC_ERROR_CODES } from '../contract/error-codes';
import type { EngineApi, EngineMethod, HostReply, HostRequest, StepProgress } from '../contract/engine';
import type { DeviceCodePrompt } from '../contract/ipc';

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
  onPrompt?: (p: DeviceCodePrompt) => void;
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
    const spawned = spawn();
    child = spawned;
    spawned.on('message', (reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      if ('progress' in reply) {
        waiting.onProgress?.(reply.progress);
        return;
      }
      if ('prompt' in reply) {
        waiting.onPrompt?.(reply.prompt);
        return;
      }
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new KerbProbeError(reply.error.code, reply.error.message));
    });
    spawned.on('exit', (code) => {
      if (child === spawned) child = null;
      if (pending.size) log(`engine: utility process exited with code ${code} during ${pending.size} call(s)`);
      for (const [id, stranded] of pending) {
        pending.delete(id);
        stranded.reject(
          new KerbProbeError(
            IPC_ERROR_CODES.engineCrashed,
            `The engine process stopped unexpectedly (exit code ${code}). ` +
              'Run the check again; if it repeats, export the log for the helpdesk.',
          ),
        );
      }
    });
    return spawned;
  }

  function call<T>(
    method: EngineMethod,
    args: unknown[],
    extra?: { signal?: AbortSignal; onProgress?: (p: StepProgress) => void; onPrompt?: (p: DeviceCodePrompt) => void },
  ): Promise<T> {
    const id = nextId++;
    const signal = extra?.signal;
    const onAbort = () => {
      child?.postMessage({ id, cancel: true });
    };
    return new Promise<T>((resolve, reject) => {
      const engineChild = ensureChild();
      // However the call ends (its reply, or the process's exit), the listener leaves the signal: the caller's
      // signal may outlive the call, and an abort after it would send a cancel for an id no longer running.
      const settled =
        <A>(settle: (value: A) => void) =>
        (value: A) => {
          signal?.removeEventListener('abort', onAbort);
          settle(value);
        };
      pending.set(id, {
        resolve: settled(resolve),
        reject: settled(reject),
        ...(extra?.onProgress ? { onProgress: extra.onProgress } : {}),
        ...(extra?.onPrompt ? { onPrompt: extra.onPrompt } : {}),
      });
      engineChild.postMessage({ id, method, args });
      // The cancel goes after its call: the host drops a cancel for an id it has not seen.
      if (signal) {
        if (signal.aborted) engineChild.postMessage({ id, cancel: true });
        else signal.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  return {
    // Only the history option crosses with the input: the signal and the progress travel as messages.
    runCheck: (input, { signal, onProgress, history }) =>
      call('runCheck', history ? [input, { history }] : [input], { signal, onProgress }),
    listTickets: () => call('listTickets', []),
    purgeTickets: () => call('purgeTickets', []),
    analyzeInputs: (inputs) => call('analyzeInputs', [inputs]),
    collect: (request) => call('collect', [request]),
    renderReport: (report, format, opts) => call('renderReport', [report, format, opts]),
    readReport: (text) => call('readReport', [text]),
    readHistory: (query) => call('readHistory', [query]),
    // As for a check, the signal travels as a cancel message, never as an argument.
    analyzeFleet: (paths, query, options) =>
      call('analyzeFleet', [paths, query], options?.signal ? { signal: options.signal } : {}),
    // The sign-in prompt comes back as its own message: the page and the code only.
    admin: (request, { signal, onPrompt }) =>
      call('admin', [request], {
        ...(signal ? { signal } : {}),
        onPrompt: (code) => onPrompt(`${code.verificationUri} ${code.userCode}`, code),
      }),
    start() {
      ensureChild();
    },
    dispose() {
      child?.kill();
      child = null;
    },
  };
}
