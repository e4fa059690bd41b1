// The utility process side of the engine boundary (the messages are declared in contract/engine.ts).
import {
  ENGINE_METHODS,
  type EngineApi,
  type EngineMethod,
  type HistoryRecording,
  type HostReply,
  type HostRequest,
} from '../contract/engine';
import { IPC_ERROR_CODES } from '../contract/error-codes';
import type { CheckRequest } from '../contract/check-input';
import type { FleetQuery } from '../contract/fleet';
import type { AdminRequest } from '../contract/admin';

/** The history option of a runCheck (its second argument), when the main process gave a well-formed one. */
function historyOf(options: unknown): { history?: HistoryRecording } {
  const history = (options as { history?: unknown } | null | undefined)?.history;
  if (history === 'off') return { history };
  if (history && typeof (history as { redactUser?: unknown }).redactUser === 'boolean')
    return { history: { redactUser: (history as { redactUser: boolean }).redactUser } };
  return {};
}

/**
 * The utility process side: runs each request against the engine and posts the outcome. Only the stable
 * code and message of an error cross back, never a stack.
 */
export function createHostDispatcher(api: EngineApi, post: (reply: HostReply) => void) {
  const running = new Map<number, AbortController>();
  return async (msg: unknown): Promise<void> => {
    const message = msg as Partial<HostRequest> | null;
    if (!message || typeof message !== 'object' || typeof message.id !== 'number') return;
    const id = message.id;
    if ('cancel' in message && message.cancel === true) {
      running.get(id)?.abort();
      return;
    }
    const req = message as { id: number; method?: unknown; args?: unknown };
    if (
      typeof req.method !== 'string' ||
      !(ENGINE_METHODS as readonly string[]).includes(req.method) ||
      !Array.isArray(req.args)
    ) {
      post({ id, ok: false, error: { code: IPC_ERROR_CODES.engineBadRequest, message: 'unknown engine request' } });
      return;
    }
    try {
      let value: unknown;
      if (req.method === 'runCheck' || req.method === 'analyzeFleet' || req.method === 'admin') {
        // The calls a user can cancel: a cancel message with their id aborts their signal.
        const controller = new AbortController();
        running.set(id, controller);
        try {
          value =
            req.method === 'runCheck'
              ? await api.runCheck(req.args[0] as CheckRequest, {
                  signal: controller.signal,
                  onProgress: (progress) => post({ id, progress }),
                  ...historyOf(req.args[1]),
                })
              : req.method === 'admin'
                ? await api.admin(req.args[0] as AdminRequest, {
                    signal: controller.signal,
                    // Only the page and the code cross to the app (the sentence is the CLI's).
                    onPrompt: (_text, code) => {
                      if (code)
                        post({ id, prompt: { verificationUri: code.verificationUri, userCode: code.userCode } });
                    },
                  })
                : await api.analyzeFleet(req.args[0] as string[], req.args[1] as FleetQuery | null, {
                    signal: controller.signal,
                  });
        } finally {
          running.delete(id);
        }
      } else {
        const method = api[req.method as Exclude<EngineMethod, 'runCheck' | 'analyzeFleet' | 'admin'>] as (
          ...args: unknown[]
        ) => Promise<unknown>;
        value = await method.apply(api, req.args);
      }
      post({ id, ok: true, value });
    } catch (err) {
      const failure = err as { code?: unknown; message?: unknown; name?: unknown } | null;
      const coded = failure && typeof failure.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(failure.code);
      post({
        id,
        ok: false,
        error: coded
          ? { code: failure.code as string, message: String(failure.message) }
          : {
              code: IPC_ERROR_CODES.internal,
              message: `engine error: ${failure && typeof failure.name === 'string' ? failure.name : 'unknown'}`,
            },
      });
    }
  };
}
