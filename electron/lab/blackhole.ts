// A listener that accepts TCP connections and UDP datagrams on one loopback port and never answers:
// what a client sees behind a firewall that drops replies, or a hung server. Runs as its own lab
// process (Node, or Electron in Node mode) so it outlives `kerbprobe lab up`.
import type { LabProcess } from './lab-types';
import { logOffset, spawnDetached, waitForReady } from './processes';
import { baseEnv } from './realm';

// Plain CommonJS for `node -e`: the sockets are held open and read from (so the peer's writes never
// block), and nothing is ever written back.
const BLACKHOLE_SCRIPT = `
const net = require('node:net');
const dgram = require('node:dgram');
const port = Number(process.argv[1]);
const held = new Set();
let bound = 0;
const ready = () => { if (++bound === 2) console.log('blackhole: listening on 127.0.0.1:' + port + ' (tcp, udp)'); };
net.createServer((s) => {
  held.add(s);
  s.on('error', () => {});
  s.on('close', () => held.delete(s));
  s.resume();
}).listen({ host: '127.0.0.1', port }, ready);
dgram.createSocket('udp4').on('message', () => {}).bind({ address: '127.0.0.1', port }, ready);
process.on('SIGTERM', () => process.exit(0));
`;

export async function startBlackhole(o: { port: number; role: string; logFile: string }): Promise<LabProcess> {
  const offset = logOffset(o.logFile);
  const proc = await spawnDetached(process.execPath, ['-e', BLACKHOLE_SCRIPT, String(o.port)], {
    role: o.role,
    env: { ...baseEnv(), ELECTRON_RUN_AS_NODE: '1' },
    logFile: o.logFile,
  });
  await waitForReady({ proc, port: o.port, logFile: o.logFile, offset, readyLine: /blackhole: listening on/ });
  return proc;
}
