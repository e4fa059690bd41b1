// Builds `window.kerbprobe` from two transport functions. The real preload passes ipcRenderer; the browser
// tests pass an HTTP bridge — both expose exactly these verbs, so what the tests drive is what ships.
import type { IpcChannel, IpcResult, KerbProbeCallError, ProgressEvent } from '../contract/ipc';
import { VERBS, type KerbProbeApi } from '../contract/verbs';
import { IPC_ERROR_CODES } from '../contract/error-codes';

export interface PreloadTransport {
  invoke(channel: IpcChannel, payload: unknown): Promise<unknown>;
  /** Subscribes to progress events; returns the unsubscribe function. */
  subscribe(listener: (event: unknown) => void): () => void;
}

function unwrap(result: unknown): unknown {
  const r = result as IpcResult<unknown> | null;
  if (r && typeof r === 'object' && r.ok === true) return r.value;
  const code = r && r.ok === false && typeof r.error?.code === 'string' ? r.error.code : IPC_ERROR_CODES.internal;
  const message = r && r.ok === false && typeof r.error?.message === 'string' ? r.error.message : 'The request failed.';
  const err = new Error(message) as KerbProbeCallError;
  err.code = code;
  throw err;
}

export function buildKerbProbeApi(transport: PreloadTransport): KerbProbeApi {
  const call =
    (channel: IpcChannel) =>
    async (request: unknown = {}) =>
      unwrap(await transport.invoke(channel, request));
  const verbs = Object.fromEntries(
    Object.entries(VERBS).map(([group, table]) => [
      group,
      Object.fromEntries(Object.entries(table).map(([verb, channel]) => [verb, call(channel)])),
    ]),
  );
  return {
    ...verbs,
    onProgress(listener: (event: ProgressEvent) => void) {
      // Only the event object crosses to the page, never the transport's own event (which holds the sender).
      return transport.subscribe((event) => listener(event as ProgressEvent));
    },
  } as KerbProbeApi;
}
