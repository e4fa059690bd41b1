// Entry of the engine's utility process (dist/engine-host.cjs): the native Kerberos binding and tedious
// live here, so a native crash ends this process, not the window.
import '../contract/zod-config';
import { createEngineApi } from '../engine/api/engine-api';
import type { HostReply } from '../contract/engine';
import { createHostDispatcher } from './host-dispatcher';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!port) {
  process.stderr.write('engine-host: must be started as an Electron utility process\n');
  process.exit(2);
}
const dispatch = createHostDispatcher(createEngineApi(), (reply: HostReply) => port.postMessage(reply));
port.on('message', (e) => {
  void dispatch(e.data);
});
