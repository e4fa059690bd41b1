// The sandboxed preload: exposes the named verbs of the IPC contract as `window.kerbprobe`.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildKerbProbeApi } from './build-kerbprobe-api';
import type { PROGRESS_CHANNEL as ProgressChannel } from '../contract/ipc';

// A literal checked against the contract's type, so the sandboxed preload bundle stays free of zod.
const PROGRESS_CHANNEL: typeof ProgressChannel = 'check:progress';

const api = buildKerbProbeApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe(listener) {
    const handler = (_event: IpcRendererEvent, data: unknown) => listener(data);
    ipcRenderer.on(PROGRESS_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, handler);
    };
  },
});

contextBridge.exposeInMainWorld('kerbprobe', api);
