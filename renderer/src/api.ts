// The preload's verbs, typed by the IPC contract. The page never sees ipcRenderer or Node.
import type { KerbProbeApi, KerbProbeCallError } from '../../electron/contract/ipc';

declare global {
  interface Window { kerbprobe?: KerbProbeApi }
}

export function getApi(): KerbProbeApi | null {
  return window.kerbprobe ?? null;
}

export function errorText(err: unknown): string {
  const e = err as Partial<KerbProbeCallError> | null;
  if (e && typeof e.message === 'string') return typeof e.code === 'string' ? `${e.message} [${e.code}]` : e.message;
  return String(err);
}

export function newRunId(): string {
  return crypto.randomUUID();
}
