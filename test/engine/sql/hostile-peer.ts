// A TDS peer that misbehaves on purpose: each test scripts what it does with one connection (answer
// nothing, send garbage, truncate, stream forever, return odd 0xED tokens...). Listens on 127.0.0.1:0,
// optionally TLS-first (TDS 8.0 strict) so LOGIN7 cases can be reached; close() destroys every socket.
// Well-formed bytes come from the protocol module the lab server writes with; the lies (a length that
// promises more than follows, a message without end) are made here, on top of them, by name.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { ENCRYPT, writePrelogin } from '../../../electron/engine/sql/tds-protocol/prelogin';
import { MessageAssembler } from '../../../electron/engine/sql/tds-protocol/message-assembler';
import {
  MAX_PACKET_SIZE,
  PACKET_TYPE,
  STATUS_EOM,
  writePacket,
} from '../../../electron/engine/sql/tds-protocol/packet';
import { sspiToken } from '../../../electron/engine/sql/tds-protocol/sspi-token';
import { loginAckToken } from '../../../electron/engine/sql/tds-protocol/login-ack-token';
import { envChangeRouting } from '../../../electron/engine/sql/tds-protocol/env-change-token';
import { errorToken } from '../../../electron/engine/sql/tds-protocol/server-message-token';
import { DONE_STATUS, doneToken } from '../../../electron/engine/sql/tds-protocol/done-token';
import { TDS_VERSION_7_4 } from '../../../electron/engine/sql/tds-protocol/login7';

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

export const PACKET = {
  PRELOGIN: PACKET_TYPE.PRELOGIN,
  LOGIN7: PACKET_TYPE.LOGIN7,
  SSPI: PACKET_TYPE.SSPI,
  REPLY: PACKET_TYPE.TABULAR_RESULT,
  BATCH: PACKET_TYPE.SQL_BATCH,
} as const;

/** Byte offset of the packet header's Length field (MS-TDS 2.2.3.1). */
const HEADER_LENGTH_OFFSET = 2;
/** Byte offset of the SSPI token's US_VARBYTE length (after the 0xED type byte). */
const SSPI_LENGTH_OFFSET = 1;
/** Large enough for any LOGIN7 a client sends, small enough that a runaway client is noticed. */
const MAX_CLIENT_MESSAGE = 1024 * 1024;

/** One packet; `eom: false` leaves the message open, `length` makes the header lie about its size. */
export function packet(
  type: number,
  payload: Buffer,
  { eom = true, length }: { eom?: boolean; length?: number } = {},
): Buffer {
  const bytes = writePacket({ type, status: eom ? STATUS_EOM : 0, spid: 0, packetId: 1, payload });
  if (length !== undefined) bytes.writeUInt16BE(length, HEADER_LENGTH_OFFSET);
  return bytes;
}

/** PRELOGIN response: VERSION 16.0.4096.0 and ENCRYPTION (0 off, 1 on, 2 not supported, 3 required). */
export function preloginResponse(encryption: number): Buffer {
  return writePrelogin({ version: { major: 16, minor: 0, build: 0x1000, subbuild: 0 }, encryption });
}

export const tokens = {
  /** `declaredLength` other than the byte count makes the token lie about its size. */
  sspi(bytes: Buffer, declaredLength = bytes.length): Buffer {
    const token = sspiToken(bytes);
    token.writeUInt16LE(declaredLength, SSPI_LENGTH_OFFSET);
    return token;
  },
  loginAck(): Buffer {
    return loginAckToken({
      interface: 1,
      tdsVersion: TDS_VERSION_7_4,
      progName: 'Microsoft SQL Server',
      major: 16,
      minor: 0,
      buildHi: 0x10,
      buildLow: 0x00,
    });
  },
  routing(server: string, port: number): Buffer {
    return envChangeRouting({ protocol: 0, port, server });
  },
  error(number: number, message: string, severity = 14, state = 1): Buffer {
    return errorToken({ number, state, class: severity, message, serverName: 'hostile', procName: '', lineNumber: 1 });
  },
  done(error = false): Buffer {
    return doneToken({ status: error ? DONE_STATUS.ERROR : DONE_STATUS.FINAL, curCmd: 0, rowCount: 0n });
  },
};

/** Collects a connection's client messages and hands them to the script one `readMessage()` at a time. */
function peerConn(socket: Socket, received: PeerMessage[]): PeerConn {
  const assembler = new MessageAssembler({ maxPacketSize: MAX_PACKET_SIZE, maxMessageSize: MAX_CLIENT_MESSAGE });
  const ready: PeerMessage[] = [];
  let framingBroken = false;
  let waiter: { resolve: (message: PeerMessage) => void; reject: (err: Error) => void } | null = null;
  socket.on('data', (chunk: Buffer) => {
    // Bytes that are not TDS packets (a client's raw TLS, garbage) are ignored from there on: the peer stays
    // silent, as a server that cannot parse them would.
    if (framingBroken) return;
    let messages;
    try {
      messages = assembler.push(chunk);
    } catch {
      framingBroken = true;
      return;
    }
    for (const { type, payload } of messages) {
      const message = { type, payload };
      received.push(message);
      if (waiter) {
        const pending = waiter;
        waiter = null;
        pending.resolve(message);
      } else ready.push(message);
    }
  });
  socket.on('close', () => {
    if (waiter) {
      const pending = waiter;
      waiter = null;
      pending.reject(new Error('client closed'));
    }
  });
  return {
    socket,
    readMessage: () => {
      const next = ready.shift();
      if (next) return Promise.resolve(next);
      if (socket.destroyed) return Promise.reject(new Error('client closed'));
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },
    write: (bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    },
  };
}

/**
 * `host`/`port` pin where it listens (default 127.0.0.1, any port): a peer on 127.0.0.2 at a lab's port is
 * reached with `--address 127.0.0.2` under the lab's SPN, whose port must be the lab's.
 */
export async function startHostilePeer(opts: {
  tls?: { key: string; cert: string };
  host?: string;
  port?: number;
  script: (conn: PeerConn) => Promise<void> | void;
}): Promise<HostilePeer> {
  const sockets = new Set<Socket>();
  const received: PeerMessage[] = [];
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const handle = (socket: Socket) => {
    track(socket);
    socket.on('error', () => {});
    const conn = peerConn(socket, received);
    Promise.resolve()
      .then(() => opts.script(conn))
      .catch(() => socket.destroy());
  };
  let server: Server;
  if (opts.tls) {
    const tlsServer = createTlsServer({ key: opts.tls.key, cert: opts.tls.cert, ALPNProtocols: ['tds/8.0'] }, handle);
    tlsServer.on('tlsClientError', () => {});
    tlsServer.on('connection', track);
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
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Standard opening for TLS-first peers: read PRELOGIN, answer it, return the LOGIN7 message. */
export async function answerPreloginThenReadLogin(c: PeerConn): Promise<PeerMessage> {
  await c.readMessage();
  c.write(packet(PACKET.REPLY, preloginResponse(ENCRYPT.OFF)));
  return c.readMessage();
}
