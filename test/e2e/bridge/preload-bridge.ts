// The browser tests' stand-in for the Electron preload: the SAME buildKerbProbeApi, with a transport that
// carries the IPC contract over HTTP (calls) and server-sent events (progress) to the test bridge.
import { buildKerbProbeApi } from '../../../electron/preload/build-kerbprobe-api';

let events: EventSource | null = null;
const listeners = new Set<(e: unknown) => void>();

function ensureEvents(): void {
  if (events) return;
  events = new EventSource('/bridge/events');
  events.onmessage = (m) => {
    for (const l of listeners) l(JSON.parse(m.data as string));
  };
}

const api = buildKerbProbeApi({
  async invoke(channel, payload) {
    const r = await fetch(`/bridge/ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload ?? null),
    });
    return r.json();
  },
  subscribe(listener) {
    ensureEvents();
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
});

// globalThis is the page's window here (this file is bundled for the browser).
Object.defineProperty(globalThis, 'kerbprobe', { value: Object.freeze(api), writable: false, configurable: false });
ensureEvents();
