// Entry of the engine's utility process (dist/engine-host.cjs): the native Kerberos binding and tedious
// live here, so a native crash ends this process, not the window.
import '../contract/zod-config';
import { createEngineApi } from '../engine/api/engine-api';
import type { HostReply } from '../contract/engine';
import { createHostDispatcher } from './host-dispatcher';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!port) {
  process.stderr.write('engine-host: must be started as an Electron utility process\n');
  process.exit(2);
}
const engine = createEngineApi();
const dispatch = createHostDispatcher(engine, (reply: HostReply) => port.postMessage(reply));
port.on('message', (event) => {
  void dispatch(event.data);
});
// The engine API loads each method's code when it is first called; the app starts this process before the
// first check (engine-client.ts's start), so the check's code loads now, while the user types. A failure
// here is the first check's to report, with its own code.
engine.preloadCheck().catch(() => {});
