// The preload's verbs, typed by the IPC contract. The page never sees ipcRenderer or Node.
//
// This is also the one place where engine data enters the page: every string of every answer and progress
// event is neutralised for display (contract/display-text: controls, bidi and invisible characters become
// visible markers), so no component can render a server's or a file's text raw. What the page sends back
// (a report to export) is the exact original, kept beside its display copy.
import type { KerbProbeCallError } from '../../electron/contract/ipc';
import type { KerbProbeApi } from '../../electron/contract/verbs';
import { displayText } from '../../electron/contract/display-text';
import { displayApi } from './lib/display';

declare global {
  interface Window {
    kerbprobe?: KerbProbeApi;
  }
}

let wrapped: { from: KerbProbeApi; api: KerbProbeApi } | null = null;

/** `window.kerbprobe` with every answer and progress event made safe to display. */
export function getApi(): KerbProbeApi | null {
  const raw = window.kerbprobe ?? null;
  if (!raw) return null;
  const current = wrapped?.from === raw ? wrapped : (wrapped = { from: raw, api: displayApi(raw) });
  return current.api;
}

export function errorText(err: unknown): string {
  const e = err as Partial<KerbProbeCallError> | null;
  if (e && typeof e.message === 'string')
    return displayText(typeof e.code === 'string' ? `${e.message} [${e.code}]` : e.message);
  return displayText(String(err));
}

export function newRunId(): string {
  return crypto.randomUUID();
}
