// The bridge as its own process, like the app's engine utility process: started with the lab user's
// environment, so the native Kerberos library and every hop see that user's cache and krb5.conf.
// Prints one JSON line { url, exportsDir } when ready; exits when stdin closes or on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge } from './server';
import { RENDERER_DIR } from './browser';
import { createEngineApi } from '../../../electron/engine/api/engine-api';

const work = mkdtempSync(join(tmpdir(), 'kerbprobe-bridge-'));
const bridge = await startBridge({ engine: createEngineApi(), rendererDir: RENDERER_DIR, workDir: work });
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await bridge.close();
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => {
  void stop();
});
process.stdin.on('end', () => {
  void stop();
});
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ url: bridge.url, exportsDir: bridge.exportsDir })}\n`);
