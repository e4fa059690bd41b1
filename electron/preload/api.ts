// Builds `window.kerbprobe` from two transport functions. The real preload passes ipcRenderer; the browser
// tests pass an HTTP bridge — both expose exactly these verbs, so what the tests drive is what ships.
import type {
  IpcChannel, IpcRequest, IpcResponse, IpcResult, KerbProbeApi, KerbProbeCallError, ProgressEvent,
} from '../contract/ipc';
import { IPC_ERROR_CODES } from '../contract/error-codes';

export interface PreloadTransport {
  invoke(channel: IpcChannel, payload: unknown): Promise<unknown>;
  /** Subscribes to progress events; returns the unsubscribe function. */
  subscribe(listener: (event: unknown) => void): () => void;
}

function unwrap<T>(result: unknown): T {
  const r = result as IpcResult<T> | null;
  if (r && typeof r === 'object' && r.ok === true) return r.value;
  const code = r && r.ok === false && typeof r.error?.code === 'string' ? r.error.code : IPC_ERROR_CODES.internal;
  const message = r && r.ok === false && typeof r.error?.message === 'string' ? r.error.message : 'The request failed.';
  const err = new Error(message) as KerbProbeCallError;
  err.code = code;
  throw err;
}

export function buildKerbProbeApi(transport: PreloadTransport): KerbProbeApi {
  const call = async <C extends IpcChannel>(channel: C, payload: IpcRequest<C>): Promise<IpcResponse<C>> =>
    unwrap<IpcResponse<C>>(await transport.invoke(channel, payload));
  return {
    check: {
      run: (runId, input) => call('check:run', { runId, input }),
      cancel: (runId) => call('check:cancel', { runId }),
    },
    tickets: {
      list: () => call('tickets:list', {}),
      purge: () => call('tickets:purge', {}),
    },
    report: {
      export: (request) => call('report:export', request),
      open: (dropped) => call('report:open', dropped ? { text: dropped.text, name: dropped.name } : {}),
    },
    analyze: {
      text: (text, name) => call('analyze:text', name === undefined ? { text } : { text, name }),
    },
    state: {
      recentServers: () => call('state:recent', {}),
    },
    onProgress(listener) {
      // Only the event object crosses to the page, never the transport's own event (which holds the sender).
      return transport.subscribe((event) => listener(event as ProgressEvent));
    },
  };
}
