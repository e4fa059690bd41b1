// A fake KDC on 127.0.0.1 (TCP): each connection's first chunk goes to the test's script, which answers
// with a well-formed, hostile or no reply. close() destroys every socket and closes the listener.
import { createServer, type Socket } from 'node:net';

export interface FakeKdc {
  port: number;
  close(): Promise<void>;
}

/** The TCP framing of a Kerberos message: a 4-byte big-endian length, then the message. */
export function frame(b: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt32BE(b.length);
  return Buffer.concat([h, b]);
}

export async function startFakeKdc(onRequest: (c: Socket, request: Buffer) => void): Promise<FakeKdc> {
  const sockets = new Set<Socket>();
  const server = createServer((c) => {
    sockets.add(c);
    c.on('error', () => undefined);
    c.once('data', (d: Buffer) => onRequest(c, d));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      sockets.forEach((c) => c.destroy());
      await new Promise((r) => server.close(r));
    },
  };
}
