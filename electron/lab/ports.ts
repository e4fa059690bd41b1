// Free loopback ports for lab servers. The kernel picks them (port 0); a KDC needs the same number
// free for both TCP and UDP.
//
// A port is reserved between the moment it is picked and the moment its server binds it, across every
// process of this user, not only this one: the test runner runs two test files at once, each starting
// its own labs. MIT's krb5kdc binds its UDP socket with SO_REUSEADDR, and Linux then lets a second
// krb5kdc bind the same UDP port and hands it the datagrams (measured: the socket bound last receives).
// Two labs that picked the same number therefore had one lab's requests answered by the other's KDC,
// whose keys differ for the same realm names: "Decrypt integrity check failed" in a healthy scenario.
// A reservation is a file named by the port in a per-user folder, created exclusively, holding the
// owner's pid; it is removed when the process exits and taken over when its owner is no longer alive.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { mkdirSync, openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { KerbProbeError } from '../engine/errors';
import { processAlive } from '../engine/process-alive';

const handedOut = new Set<number>();
let reservationDir: string | null = null;

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

function dir(): string {
  if (reservationDir) return reservationDir;
  let uid = 'user';
  try {
    uid = String(userInfo().uid);
  } catch {
    // no passwd entry: the folder is still per tmpdir
  }
  const d = join(tmpdir(), `kerbprobe-lab-ports-${uid}`);
  mkdirSync(d, { recursive: true, mode: 0o700 });
  reservationDir = d;
  process.once('exit', () => {
    for (const port of handedOut) {
      try {
        if (readFileSync(join(d, String(port)), 'utf8') === String(process.pid)) unlinkSync(join(d, String(port)));
      } catch {
        // already gone
      }
    }
  });
  return d;
}

/** Reserves `port` for this process across processes; false when another live process holds it. */
export function reservePort(port: number): boolean {
  const file = join(dir(), String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      let owner = NaN;
      try {
        owner = Number(readFileSync(file, 'utf8'));
      } catch {
        continue; // removed meanwhile: try again
      }
      if (owner === process.pid || (Number.isInteger(owner) && owner > 0 && processAlive(owner))) return false;
      try {
        unlinkSync(file); // its owner is gone
      } catch {
        // another process took it over first
      }
    }
  }
  return false;
}

export async function freePort(opts: { udp?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const tcp = await bindTcp(0);
    if (!tcp) continue;
    const ok = !handedOut.has(tcp.port) && (!opts.udp || (await udpFree(tcp.port))) && reservePort(tcp.port);
    await tcp.close();
    if (ok) {
      handedOut.add(tcp.port);
      return tcp.port;
    }
  }
  throw new KerbProbeError('LAB_NO_PORT', 'no free loopback port found');
}
