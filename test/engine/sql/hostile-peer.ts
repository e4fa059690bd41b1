// A TDS peer that misbehaves on purpose: each test scripts what it does with one connection (answer
// nothing, send garbage, truncate, stream forever, return odd 0xED tokens...). Listens on 127.0.0.1:0,
// optionally TLS-first (TDS 8.0 strict) so LOGIN7 cases can be reached; close() destroys every socket.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

export interface PeerMessage {
  type: number;
  payload: Buffer;
}

export interface PeerConn {
  socket: Socket;
  /** The next complete client message (packets up to EOM); rejects if the client goes away. */
  readMessage(): Promise<PeerMessage>;
  write(bytes: Buffer): void;
}

export interface HostilePeer {
  port: number;
  /** Every complete message any client sent, in order. */
  received: PeerMessage[];
  close(): Promise<void>;
}

export const PACKET = { PRELOGIN: 0x12, LOGIN7: 0x10, SSPI: 0x11, REPLY: 0x04, BATCH: 0x01 } as const;

export function packet(
  type: number,
  payload: Buffer,
  { eom = true, length }: { eom?: boolean; length?: number } = {},
): Buffer {
  const h = Buffer.alloc(8);
  h[0] = type;
  h[1] = eom ? 0x01 : 0x00;
  h.writeUInt16BE(length ?? payload.length + 8, 2);
  h[6] = 1;
  return Buffer.concat([h, payload]);
}

/** PRELOGIN response: VERSION and ENCRYPTION (0 off, 1 on, 2 not supported, 3 required). */
export function preloginResponse(encryption: number): Buffer {
  const b = Buffer.alloc(11 + 6 + 1);
  b.set([0x00, 0, 11, 0, 6, 0x01, 0, 17, 0, 1, 0xff], 0);
  b.set([16, 0, 0x10, 0x00, 0, 0], 11);
  b[17] = encryption;
  return b;
}

const ucs2 = (s: string) => Buffer.from(s, 'ucs2');

export const tokens = {
  sspi(bytes: Buffer, declaredLength = bytes.length): Buffer {
    const h = Buffer.alloc(3);
    h[0] = 0xed;
    h.writeUInt16LE(declaredLength, 1);
    return Buffer.concat([h, bytes]);
  },
  loginAck(): Buffer {
    const prog = ucs2('Microsoft SQL Server');
    const body = Buffer.concat([
      Buffer.from([1]),
      Buffer.from([0x74, 0, 0, 4]),
      Buffer.from([prog.length / 2]),
      prog,
      Buffer.from([16, 0, 0x10, 0x00]),
    ]);
    const h = Buffer.alloc(3);
    h[0] = 0xad;
    h.writeUInt16LE(body.length, 1);
    return Buffer.concat([h, body]);
  },
  routing(server: string, port: number): Buffer {
    const name = ucs2(server);
    const value = Buffer.alloc(1 + 2 + 2 + name.length);
    value[0] = 0;
    value.writeUInt16LE(port, 1);
    value.writeUInt16LE(server.length, 3);
    name.copy(value, 5);
    const body = Buffer.alloc(1 + 2 + value.length + 2);
    body[0] = 20;
    body.writeUInt16LE(value.length, 1);
    value.copy(body, 3);
    const h = Buffer.alloc(3);
    h[0] = 0xe3;
    h.writeUInt16LE(body.length, 1);
    return Buffer.concat([h, body]);
  },
  error(number: number, message: string, cls = 14, state = 1): Buffer {
    const msg = ucs2(message);
    const srv = ucs2('hostile');
    const body = Buffer.alloc(4 + 1 + 1 + 2 + msg.length + 1 + srv.length + 1 + 4);
    let o = body.writeInt32LE(number, 0);
    o = body.writeUInt8(state, o);
    o = body.writeUInt8(cls, o);
    o = body.writeUInt16LE(message.length, o);
    o += msg.copy(body, o);
    o = body.writeUInt8(srv.length / 2, o);
    o += srv.copy(body, o);
    o = body.writeUInt8(0, o);
    body.writeInt32LE(1, o);
    const h = Buffer.alloc(3);
    h[0] = 0xaa;
    h.writeUInt16LE(body.length, 1);
    return Buffer.concat([h, body]);
  },
  done(error = false): Buffer {
    const b = Buffer.alloc(13);
    b[0] = 0xfd;
    b.writeUInt16LE(error ? 0x0002 : 0, 1);
    return b;
  },
};

/**
 * `host`/`port` pin where it listens (default 127.0.0.1, any port): a peer on 127.0.0.2 at a lab's port is
 * reached with `--address 127.0.0.2` under the lab's SPN, whose port must be the lab's.
 */
export async function startHostilePeer(opts: {
  tls?: { key: string; cert: string };
  host?: string;
  port?: number;
  script: (c: PeerConn) => Promise<void> | void;
}): Promise<HostilePeer> {
  const sockets = new Set<Socket>();
  const received: PeerMessage[] = [];
  const handle = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = Buffer.alloc(0);
    let parts: Buffer[] = [];
    let type = -1;
    const ready: PeerMessage[] = [];
    let waiter: { resolve: (m: PeerMessage) => void; reject: (e: Error) => void } | null = null;
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 8) {
        const len = buf.readUInt16BE(2);
        if (len < 8 || buf.length < len) break;
        type = buf[0]!;
        parts.push(buf.subarray(8, len));
        const eom = (buf[1]! & 1) === 1;
        buf = buf.subarray(len);
        if (eom) {
          const m = { type, payload: Buffer.concat(parts) };
          parts = [];
          received.push(m);
          if (waiter) {
            const w = waiter;
            waiter = null;
            w.resolve(m);
          } else ready.push(m);
        }
      }
    });
    socket.on('close', () => {
      if (waiter) {
        const w = waiter;
        waiter = null;
        w.reject(new Error('client closed'));
      }
    });
    const conn: PeerConn = {
      socket,
      readMessage: () => {
        const m = ready.shift();
        if (m) return Promise.resolve(m);
        if (socket.destroyed) return Promise.reject(new Error('client closed'));
        return new Promise((resolve, reject) => {
          waiter = { resolve, reject };
        });
      },
      write: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
    };
    Promise.resolve()
      .then(() => opts.script(conn))
      .catch(() => socket.destroy());
  };
  let server: Server;
  if (opts.tls) {
    const tlsServer = createTlsServer({ key: opts.tls.key, cert: opts.tls.cert, ALPNProtocols: ['tds/8.0'] }, handle);
    tlsServer.on('tlsClientError', () => {});
    tlsServer.on('connection', (raw: Socket) => {
      sockets.add(raw);
      raw.on('close', () => sockets.delete(raw));
    });
    server = tlsServer;
  } else {
    server = createTcpServer(handle);
  }
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Standard opening for TLS-first peers: read PRELOGIN, answer it, return the LOGIN7 message. */
export async function answerPreloginThenReadLogin(c: PeerConn): Promise<PeerMessage> {
  await c.readMessage();
  c.write(packet(PACKET.REPLY, preloginResponse(0x00)));
  return c.readMessage();
}
