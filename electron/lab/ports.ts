// Free loopback ports for lab servers. The kernel picks them (port 0); a KDC needs the same number
// free for both TCP and UDP. Ports handed out by this process are never handed out twice, so the
// servers of one lab (started a moment later) cannot collide with each other.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { KerbProbeError } from '../engine/errors';

const handedOut = new Set<number>();

function bindTcp(port: number): Promise<{ port: number; close: () => Promise<void> } | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(null));
    srv.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      const addr = srv.address();
      const bound = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ port: bound, close: () => new Promise((r) => srv.close(() => r())) });
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    sock.once('error', () => {
      sock.close();
      resolve(false);
    });
    sock.bind({ address: '127.0.0.1', port, exclusive: true }, () => sock.close(() => resolve(true)));
  });
}

export async function freePort(opts: { udp?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const tcp = await bindTcp(0);
    if (!tcp) continue;
    const ok = !handedOut.has(tcp.port) && (!opts.udp || (await udpFree(tcp.port)));
    await tcp.close();
    if (ok) {
      handedOut.add(tcp.port);
      return tcp.port;
    }
  }
  throw new KerbProbeError('LAB_NO_PORT', 'no free loopback port found');
}
