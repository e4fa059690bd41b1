// A minimal TDS client for the lab tests: TDS 8.0 strict (TLS first, ALPN tds/8.0), PRELOGIN, LOGIN7
// with a real Kerberos token from GSSAPI (the `kerberos` binding, the lab user's ccache), the AP-REP
// checked by the same GSS context, and SQL batches. FreeTDS covers TDS 7.4; this covers strict mode,
// routing and hostile bytes, which FreeTDS 1.3 cannot send.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import kerberos from 'kerberos';
import { MessageAssembler, type Message } from '../../../../electron/engine/sql/tds-protocol/message-assembler';
import { PACKET_TYPE, writeMessage } from '../../../../electron/engine/sql/tds-protocol/packet';
import {
  ENCRYPT,
  readPrelogin,
  writePrelogin,
  type Prelogin,
} from '../../../../electron/engine/sql/tds-protocol/prelogin';
import { writeLogin7 } from '../../../../electron/engine/sql/tds-protocol/login7';
import { readTokens, type Token } from '../../../../electron/engine/sql/tds-protocol/token-stream';

export interface ProbeTarget {
  port: number;
  fqdn: string;
  caPem: string;
}

export class TdsProbeClient {
  private readonly assembler = new MessageAssembler({ maxPacketSize: 32767, maxMessageSize: 1 << 20 });
  private readonly queue: Message[] = [];
  private waiter: ((m: Message | null) => void) | null = null;
  private ended = false;
  alpn: string | false = false;
  private constructor(readonly socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      for (const m of this.assembler.push(chunk)) this.deliver(m);
    });
    socket.on('close', () => {
      this.ended = true;
      this.deliver(null);
    });
    socket.on('error', () => undefined);
  }

  private deliver(m: Message | null): void {
    if (m) this.queue.push(m);
    const w = this.waiter;
    if (w && (this.queue.length || this.ended)) {
      this.waiter = null;
      w(this.queue.shift() ?? null);
    }
  }

  /** TCP, then TLS first with ALPN tds/8.0 and the lab CA as the only trust anchor. */
  static async connectStrict(target: ProbeTarget): Promise<TdsProbeClient> {
    const raw: Socket = netConnect({ host: '127.0.0.1', port: target.port });
    await new Promise<void>((resolve, reject) => {
      raw.once('connect', resolve);
      raw.once('error', reject);
    });
    const tls = tlsConnect({
      socket: raw,
      servername: target.fqdn,
      ca: target.caPem,
      ALPNProtocols: ['tds/8.0'],
      minVersion: 'TLSv1.2',
    });
    await new Promise<void>((resolve, reject) => {
      tls.once('secureConnect', resolve);
      tls.once('error', (err) => {
        raw.destroy();
        reject(err);
      });
    });
    const client = new TdsProbeClient(tls);
    client.alpn = tls.alpnProtocol ?? false;
    return client;
  }

  /** The next whole message, or null once the server closed the connection. */
  next(timeoutMs = 5000): Promise<Message | null> {
    if (this.queue.length || this.ended) return Promise.resolve(this.queue.shift() ?? null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
    });
  }

  send(type: number, payload: Buffer): void {
    this.socket.write(writeMessage(type, payload));
  }

  async prelogin(): Promise<Prelogin> {
    this.send(
      PACKET_TYPE.PRELOGIN,
      writePrelogin({
        version: { major: 0, minor: 1, build: 0, subbuild: 0 },
        encryption: ENCRYPT.ON,
        instance: Buffer.from([0]),
        threadId: 1,
        mars: 0,
      }),
    );
    const m = await this.next();
    if (!m) throw new Error('closed after PRELOGIN');
    return readPrelogin(m.payload);
  }

  async login7(sspi: Buffer, serverName: string): Promise<Token[] | null> {
    this.send(PACKET_TYPE.LOGIN7, writeLogin7({ sspi, serverName, hostName: 'lab-test' }));
    const m = await this.next();
    return m ? readTokens(m.payload) : null;
  }

  /** Sends a LOGIN7 payload as given (hostile or foreign layouts); the answer's tokens, or null once closed. */
  async login7Raw(payload: Buffer): Promise<Token[] | null> {
    this.send(PACKET_TYPE.LOGIN7, payload);
    const m = await this.next();
    return m ? readTokens(m.payload) : null;
  }

  async batch(sql: string): Promise<Token[]> {
    const headers = Buffer.alloc(22);
    headers.writeUInt32LE(22, 0);
    headers.writeUInt32LE(18, 4);
    headers.writeUInt16LE(2, 8); // transaction descriptor header
    headers.writeUInt32LE(1, 18); // outstanding requests
    this.send(PACKET_TYPE.SQL_BATCH, Buffer.concat([headers, Buffer.from(sql, 'utf16le')]));
    const m = await this.next();
    if (!m) throw new Error('closed during a batch');
    return readTokens(m.payload);
  }

  /** Resolves once the server has closed the connection. */
  closed(timeoutMs = 5000): Promise<boolean> {
    if (this.ended) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A GSS initiator for `MSSQLSvc/<host>:<port>` with mutual authentication, as Windows SSPI asks. */
export async function kerberosInitiator(fqdn: string, port: number, mech: 'krb5' | 'spnego' = 'krb5') {
  const client = await kerberos.initializeClient(`MSSQLSvc@${fqdn}:${port}`, {
    mechOID: mech === 'spnego' ? kerberos.GSS_MECH_OID_SPNEGO : kerberos.GSS_MECH_OID_KRB5,
    flags: kerberos.GSS_C_MUTUAL_FLAG | kerberos.GSS_C_REPLAY_FLAG | kerberos.GSS_C_SEQUENCE_FLAG,
  } as Parameters<typeof kerberos.initializeClient>[1]);
  const first = Buffer.from(await client.step(''), 'base64');
  return {
    token: first,
    /** Feeds the server's 0xED token to the same context: succeeds only for the genuine AP-REP. */
    async verify(serverToken: Buffer): Promise<boolean> {
      await client.step(serverToken.toString('base64'));
      return Boolean(client.contextComplete);
    },
  };
}

export const errorsOf = (tokens: Token[] | null): { number: number; message: string; class: number; state: number }[] =>
  (tokens ?? []).flatMap((t) =>
    t.kind === 'error'
      ? [{ number: t.value.number, message: t.value.message, class: t.value.class, state: t.value.state }]
      : [],
  );
