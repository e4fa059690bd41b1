// One client connection, driven the way SQL Server drives it: PRELOGIN → TLS (inside PRELOGIN packets
// for TDS 7.x, or first for TDS 8.0 strict) → LOGIN7 with SSPI through GSSAPI → SQL batches. Anything
// out of order or malformed closes the connection (logged with SQL Server's error numbers); nothing a
// client sends can throw out of here.
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
import type { Socket } from 'node:net';
import { ParseError } from '../../engine/errors';
import { MessageAssembler, type Message } from '../../engine/sql/tds-protocol/message-assembler';
import { PACKET_TYPE, MIN_PACKET_SIZE, MAX_PACKET_SIZE, writeMessage } from '../../engine/sql/tds-protocol/packet';
import { ENCRYPT, readPrelogin, writePrelogin } from '../../engine/sql/tds-protocol/prelogin';
import { TDS_VERSION_7_1, readLogin7, type Login7 } from '../../engine/sql/tds-protocol/login7';
import { DONE_STATUS } from '../../engine/sql/tds-protocol/done-token';
import { sspiToken } from '../../engine/sql/tds-protocol/sspi-token';
import { PreloginTlsTransport } from './prelogin-tls-transport';
import { GssAcceptFailed, GssAcceptor } from './gss-acceptor';
import { describeToken, finalTokenWorthSending } from './negotiate-token';
import { TDS_74_WRITER, tokenWriterFor, type TokenWriter } from './token-writer';
import { MSG_18452, loginFailed, loginSucceeded, msg18456 } from './login-response';
import { batchResponse } from './batch-response';
import { executeBatch, type BatchResult, type SessionInfo } from './sql/execute-batch';
import { ServerLog, hex32 } from './server-log';
import { LAB_TDS_LIMITS, type ListenerConfig, type TdsServerConfig } from './server-config';

type Phase =
  | 'sniff'
  | 'prelogin'
  | 'tls-handshake'
  | 'login'
  | 'authenticating'
  | 'sspi-continue'
  | 'logged-in'
  | 'closing'
  | 'closed';

const MAX_LOGIN_MESSAGE = 256 * 1024; // LOGIN7 with a large SSPI token (cbSSPILong) still fits
const MAX_BATCH_MESSAGE = 1024 * 1024;
const MAX_SSPI_LEGS = 4;
const SSPI_REASON: Record<number, string> = {
  0x8009030c: 'The logon attempt failed',
  0x80090308: 'The token supplied to the function is invalid',
  0x80090324: 'The clocks on the client and server machines are skewed.',
  0x80090321: 'The context has expired and can no longer be used.',
};

export interface ConnectionEnv {
  config: TdsServerConfig;
  listener: ListenerConfig;
  log: ServerLog;
  spid: number;
  secure7: SecureContext;
  secureStrict: SecureContext;
}

export function secureContexts(l: ListenerConfig): { secure7: SecureContext; secureStrict: SecureContext } {
  // TDS 7.x: SQL Server offers TLS 1.3 only with TDS 8.0 strict, so the PRELOGIN-wrapped handshake is 1.2.
  return {
    secure7: createSecureContext({ cert: l.certPem, key: l.keyPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }),
    secureStrict: createSecureContext({ cert: l.certPem, key: l.keyPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }),
  };
}

export class TdsConnection {
  private phase: Phase = 'sniff';
  private readonly client: string;
  private assembler = new MessageAssembler({ maxPacketSize: MAX_PACKET_SIZE, maxMessageSize: 64 * 1024 });
  private transport: PreloginTlsTransport | null = null;
  private tls: TLSSocket | null = null;
  private strict = false;
  private preloginSeen = false;
  private packetSize = 4096;
  private login: Login7 | null = null;
  /** Token layouts of the TDS version the client's LOGIN7 asked for. */
  private writer: TokenWriter = TDS_74_WRITER;
  private acceptor: GssAcceptor;
  private legs = 0;
  /** SQL batches received on this connection (logged, with their statements' kinds). */
  private batches = 0;
  private session: SessionInfo | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly preloginTimer: NodeJS.Timeout;
  /** When the TCP connection was accepted (for closing the longest-waiting silent one first). */
  readonly acceptedAt = performance.now();

  constructor(
    private readonly raw: Socket,
    private readonly env: ConnectionEnv,
    private readonly onClosed: () => void,
  ) {
    this.client = raw.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
    this.acceptor = new GssAcceptor(env.listener.service);
    raw.setNoDelay(true);
    raw.on('data', (chunk: Buffer) => this.guard(() => this.onRaw(chunk)));
    raw.on('error', () => this.close());
    raw.on('close', () => this.close());
    this.timer = setTimeout(() => {
      if (this.phase !== 'logged-in') this.close();
    }, env.config.loginTimeoutMs);
    this.timer.unref();
    const preloginTimeoutMs = env.config.preloginTimeoutMs ?? LAB_TDS_LIMITS.preloginTimeoutMs;
    this.preloginTimer = setTimeout(() => {
      if (!this.awaitingPrelogin()) return;
      this.env.log.write(
        'Logon',
        `KerbProbe lab: connection from ${this.client} sent no PRELOGIN within ${preloginTimeoutMs} ms; closed ` +
          '(a login timeout, as SQL Server closes a login that does not complete in time).',
      );
      this.close();
    }, preloginTimeoutMs);
    this.preloginTimer.unref();
  }

  /** Open, and no complete PRELOGIN yet: a connection the server may close to make room. */
  awaitingPrelogin(): boolean {
    return !this.preloginSeen && this.phase !== 'closed' && this.phase !== 'closing';
  }

  /** Closes a connection that never sent its PRELOGIN, to admit a new one when the server is full. */
  evict(openConnections: number): void {
    this.env.log.write(
      'Logon',
      `KerbProbe lab: ${openConnections} connections open (the lab's limit); the connection from ${this.client} ` +
        'that waited longest without a PRELOGIN is closed to admit a new one.',
    );
    this.close();
  }

  private guard(fn: () => void | Promise<void>): void {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch((err) => this.fail(err));
    } catch (err) {
      this.fail(err);
    }
  }

  /** The connection boundary for async handlers: a rejection ends this connection, never the process. */
  private settle(work: Promise<void>): void {
    work.catch((err: unknown) => this.fail(err));
  }

  private fail(err: unknown): void {
    if (this.phase === 'closed') return;
    const code = err instanceof ParseError ? err.code : 'INTERNAL';
    if (this.phase === 'sniff' || this.phase === 'prelogin') {
      this.env.log.error(
        'Logon',
        17828,
        20,
        3,
        'The prelogin packet used to open the connection is structurally invalid; the connection has been closed. ' +
          `Please contact the vendor of the client library. [CLIENT: ${this.client}]`,
      );
    } else if (this.phase === 'login' || this.phase === 'sspi-continue') {
      this.env.log.error(
        'Logon',
        17832,
        20,
        2,
        'The login packet used to open the connection is structurally invalid; the connection has been closed. ' +
          `Please contact the vendor of the client library. [CLIENT: ${this.client}]`,
      );
    } else {
      this.env.log.error(
        'Server',
        17836,
        20,
        17,
        'Length specified in network packet payload did not match number of bytes read; ' +
          'the connection has been closed. ' +
          `Please contact the vendor of the client library. [CLIENT: ${this.client}]`,
      );
    }
    this.env.log.write(
      'Logon',
      `KerbProbe lab: connection from ${this.client} closed (` +
        `${code}: ${err instanceof Error ? err.message : String(err)})`,
    );
    this.close();
  }

  private isClosed(): boolean {
    return this.phase === 'closed';
  }

  close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.timer);
    clearTimeout(this.preloginTimer);
    this.tls?.destroy();
    this.transport?.destroy();
    this.raw.destroy();
    this.onClosed();
  }

  /** Sends the last message, then closes once it is flushed (SQL Server's behaviour after a failed login). */
  private sendAndClose(payload: Buffer): void {
    this.phase = 'closing';
    const out = this.tls ?? this.raw;
    out.write(writeMessage(PACKET_TYPE.TABULAR_RESULT, payload, { packetSize: this.packetSize }), () => {
      if (this.tls) this.tls.end();
      setTimeout(() => this.close(), 50).unref();
    });
  }

  private send(payload: Buffer): void {
    const out = this.tls ?? this.raw;
    out.write(writeMessage(PACKET_TYPE.TABULAR_RESULT, payload, { packetSize: this.packetSize }));
  }

  // ---------- raw socket ----------

  private onRaw(chunk: Buffer): void {
    if (this.phase === 'closed' || this.phase === 'closing') return;
    if (this.phase === 'sniff') {
      const first = chunk[0];
      if (first === 0x16) {
        this.strict = true;
        this.startTls(false);
        this.transport!.feed(chunk);
        return;
      }
      this.phase = 'prelogin';
    }
    if (this.transport) {
      this.transport.feed(chunk);
      return;
    }
    for (const message of this.assembler.push(chunk)) this.onMessage(message);
  }

  private startTls(wrapped: boolean): void {
    this.transport = new PreloginTlsTransport(this.raw, wrapped);
    this.phase = 'tls-handshake';
    const tls = new TLSSocket(this.transport, {
      isServer: true,
      secureContext: wrapped ? this.env.secure7 : this.env.secureStrict,
      ...(wrapped ? {} : { ALPNProtocols: ['tds/8.0'] }),
    });
    this.tls = tls;
    tls.on('secure', () =>
      this.guard(() => {
        this.transport?.handshakeDone();
        this.phase = 'login';
        this.assembler = new MessageAssembler({ maxPacketSize: MAX_PACKET_SIZE, maxMessageSize: MAX_LOGIN_MESSAGE });
      }),
    );
    tls.on('data', (chunk: Buffer) =>
      this.guard(() => {
        if (this.phase === 'closed' || this.phase === 'closing') return;
        for (const m of this.assembler.push(chunk)) this.onMessage(m);
      }),
    );
    tls.on('error', (err: Error) => {
      if (this.phase === 'tls-handshake') {
        this.env.log.write(
          'Logon',
          `KerbProbe lab: TLS handshake with ${this.client} failed (${this.strict ? 'TDS 8.0 strict' : 'TDS 7.4'}): ` +
            err.message,
        );
      }
      this.close();
    });
    tls.on('close', () => this.close());
  }

  // ---------- messages ----------

  private onMessage(message: Message): void {
    if (this.phase === 'closed' || this.phase === 'closing') return;
    switch (this.phase) {
      case 'prelogin':
        return this.onPrelogin(message);
      case 'login':
        if (this.strict && !this.preloginSeen) return this.onPrelogin(message);
        if (message.type !== PACKET_TYPE.LOGIN7)
          throw new ParseError(
            'TDS_OUT_OF_ORDER',
            `packet type 0x${message.type.toString(16)} where LOGIN7 was expected`,
          );
        return this.settle(this.onLogin7(message.payload));
      case 'sspi-continue':
        if (message.type !== PACKET_TYPE.SSPI)
          throw new ParseError(
            'TDS_OUT_OF_ORDER',
            `packet type 0x${message.type.toString(16)} where an SSPI continuation was expected`,
          );
        return this.settle(this.authenticate(message.payload));
      case 'logged-in':
        return this.onLoggedIn(message);
      default:
        throw new ParseError('TDS_OUT_OF_ORDER', `packet type 0x${message.type.toString(16)} during ${this.phase}`);
    }
  }

  private onPrelogin(message: Message): void {
    if (message.type !== PACKET_TYPE.PRELOGIN)
      throw new ParseError(
        'TDS_OUT_OF_ORDER',
        `packet type 0x${message.type.toString(16)} where PRELOGIN was expected`,
      );
    const prelogin = readPrelogin(message.payload);
    this.preloginSeen = true;
    const clientEnc = prelogin.encryption ?? ENCRYPT.NOT_SUP;
    // The instance requires encryption (as Azure SQL MI does): OFF is answered REQ, ON/REQ with ON.
    const answer = this.strict
      ? ENCRYPT.NOT_SUP
      : clientEnc === ENCRYPT.OFF
        ? ENCRYPT.REQ
        : clientEnc === ENCRYPT.NOT_SUP
          ? ENCRYPT.REQ
          : ENCRYPT.ON;
    const reply = writePrelogin({
      version: { major: 12, minor: 0, build: 2000, subbuild: 0 },
      encryption: answer,
      instance: Buffer.from([0]),
      threadId: undefined,
      mars: 0,
      ...(prelogin.fedAuthRequired !== undefined ? { fedAuthRequired: 0 } : {}),
    });
    this.send(reply);
    if (this.strict) return;
    if (clientEnc === ENCRYPT.NOT_SUP) {
      this.env.log.write(
        'Logon',
        `KerbProbe lab: client ${this.client} does not support encryption, which this instance requires; ` +
          'connection closed.',
      );
      this.phase = 'closing';
      setTimeout(() => this.close(), 50).unref();
      return;
    }
    this.startTls(true);
  }

  private async onLogin7(payload: Buffer): Promise<void> {
    const login = readLogin7(payload);
    this.login = login;
    this.writer = tokenWriterFor(login.tdsVersion);
    const requested = login.packetSize === 0 ? 4096 : login.packetSize;
    this.packetSize = Math.min(MAX_PACKET_SIZE, Math.max(MIN_PACKET_SIZE, requested));
    this.assembler.limits = { maxPacketSize: Math.max(this.packetSize, 4096), maxMessageSize: MAX_LOGIN_MESSAGE };
    if (!login.integratedSecurity) {
      const user = login.userName;
      this.env.log.error(
        'Logon',
        18456,
        14,
        5,
        `Login failed for user '${user}'. Reason: ` +
          `Could not find a login matching the name provided. [CLIENT: ${this.client}]`,
      );
      this.sendAndClose(
        loginFailed(
          this.env.config.serverName,
          [{ number: 18456, class: 14, text: msg18456(user) }],
          undefined,
          this.writer,
        ),
      );
      return;
    }
    await this.authenticate(login.sspi);
  }

  /** One SSPI leg: accept the client's token, then admit the login or refuse it as SQL Server would. */
  private async authenticate(token: Buffer): Promise<void> {
    this.phase = 'authenticating';
    this.legs++;
    let step;
    try {
      if (this.legs > MAX_SSPI_LEGS) throw new GssAcceptFailed('too many SSPI round trips');
      const received = this.acceptor.receive(token);
      this.env.log.write('Logon', `KerbProbe lab: SSPI token from ${this.client}: ${describeToken(received)}`);
      step = await this.acceptor.step(received);
    } catch (err) {
      if (!this.isClosed()) this.refuseToken(err);
      return;
    }
    if (this.isClosed()) return;
    if (!step.complete) {
      // Multi-leg (e.g. SPNEGO negotiating): the server token alone, then the client's 0x11 packet.
      this.phase = 'sspi-continue';
      this.send(sspiToken(step.response));
      return;
    }
    const loginName = (step.principal ?? '').toLowerCase();
    const serverToken = finalTokenWorthSending(step.response) ? step.response : Buffer.alloc(0);
    if (!this.env.config.logins.includes(loginName)) {
      this.refuseUnknownLogin(loginName, serverToken);
      return;
    }
    const wanted = this.login?.database || 'master';
    const database = this.env.config.databases.find((name) => name.toLowerCase() === wanted.toLowerCase());
    if (!database) {
      this.refuseUnknownDatabase(loginName, wanted, serverToken);
      return;
    }
    this.admit(loginName, database, serverToken);
  }

  /** The token was refused (17806 in the log), and the client sees 18452, as SQL Server answers. */
  private refuseToken(err: unknown): void {
    const status = err instanceof GssAcceptFailed ? err.windowsStatus : 0x80090308;
    const reason = SSPI_REASON[status] ?? 'The token supplied to the function is invalid';
    this.env.log.error(
      'Logon',
      17806,
      20,
      14,
      `SSPI handshake failed with error code ${hex32(status)}, state 14 ` +
        'while establishing a connection with integrated security; ' +
        'the connection has been closed. Reason: AcceptSecurityContext failed. The Windows error code ' +
        `indicates the cause of failure. ${reason}  [CLIENT: ${this.client}]`,
    );
    this.env.log.write(
      'Logon',
      `KerbProbe lab: GSS accept failed: ${err instanceof Error ? err.message : String(err)}`,
    );
    this.env.log.error('Logon', 18452, 14, 1, `${MSG_18452} [CLIENT: ${this.client}]`);
    this.sendAndClose(
      loginFailed(this.env.config.serverName, [{ number: 18452, class: 14, text: MSG_18452 }], undefined, this.writer),
    );
  }

  /** Authenticated, but no login of that name: 18456 state 5. */
  private refuseUnknownLogin(loginName: string, serverToken: Buffer): void {
    const cfg = this.env.config;
    this.env.log.error(
      'Logon',
      18456,
      14,
      5,
      `Login failed for user '${loginName}'. Reason: ` +
        `Could not find a login matching the name provided. [CLIENT: ${this.client}]`,
    );
    this.sendAndClose(
      loginFailed(cfg.serverName, [{ number: 18456, class: 14, text: msg18456(loginName) }], serverToken, this.writer),
    );
  }

  /** The database asked for in LOGIN7 does not exist: 4060, then 18456 state 38. */
  private refuseUnknownDatabase(loginName: string, wanted: string, serverToken: Buffer): void {
    const cfg = this.env.config;
    this.env.log.error(
      'Logon',
      18456,
      14,
      38,
      `Login failed for user '${loginName}'. Reason: ` +
        `Failed to open the explicitly specified database '${wanted}'. [CLIENT: ${this.client}]`,
    );
    this.sendAndClose(
      loginFailed(
        cfg.serverName,
        [
          {
            number: 4060,
            class: 11,
            text: `Cannot open database "${wanted}" requested by the login. The login failed.`,
          },
          { number: 18456, class: 14, text: msg18456(loginName) },
        ],
        serverToken,
        this.writer,
      ),
    );
  }

  /** Logged in: the session the SQL answers from, and the login response (routed away under Redirect). */
  private admit(loginName: string, database: string, serverToken: Buffer): void {
    const cfg = this.env.config;
    this.env.log.write(
      'Logon',
      `Login succeeded for user '${loginName}'. Connection made using Windows authentication. [CLIENT: ${this.client}]`,
    );
    this.session = {
      spid: this.env.spid,
      login: loginName,
      authScheme: 'KERBEROS',
      netTransport: 'TCP',
      encryptOption: this.tls ? 'TRUE' : 'FALSE',
      clientAddress: this.client,
      serverName: cfg.serverName,
      version: cfg.version,
      database,
      databases: cfg.databases,
    };
    const route = this.env.listener.routeTo;
    const response = loginSucceeded({
      serverName: cfg.serverName,
      serverToken,
      database,
      packetSize: this.packetSize,
      writer: this.writer,
      ...(route ? { routeTo: route } : {}),
    });
    this.assembler.limits = { maxPacketSize: this.packetSize, maxMessageSize: MAX_BATCH_MESSAGE };
    if (route) {
      this.env.log.write(
        'Logon',
        `KerbProbe lab: redirecting '${loginName}' to ${route.server},${route.port} (connection policy Redirect).`,
      );
      this.sendAndClose(response);
      return;
    }
    this.phase = 'logged-in';
    this.send(response);
  }

  private onLoggedIn(message: Message): void {
    if (message.type === PACKET_TYPE.ATTENTION) {
      this.send(this.writer.done({ status: 0x20, curCmd: 0, rowCount: 0n }));
      return;
    }
    if (message.type === PACKET_TYPE.SQL_BATCH) {
      const text = sqlText(message.payload, this.writer.tdsVersion !== TDS_VERSION_7_1);
      const result = executeBatch(text, this.session!);
      this.batches++;
      this.env.log.write('spid', `KerbProbe lab: batch ${this.batches} from ${this.client}: ${describeBatch(result)}`);
      this.send(batchResponse(result, this.env.config.serverName, this.writer));
      return;
    }
    if (message.type === PACKET_TYPE.RPC) {
      // Drivers' parameterised calls (sp_executesql) are out of the lab's scope; say so the SQL Server way.
      this.send(
        Buffer.concat([
          this.writer.error({
            number: 2812,
            state: 62,
            class: 16,
            message: "Could not find stored procedure ''. (the KerbProbe lab answers SQL batches only)",
            serverName: this.env.config.serverName,
            procName: '',
            lineNumber: 1,
          }),
          this.writer.done({ status: DONE_STATUS.ERROR, curCmd: 0, rowCount: 0n }),
        ]),
      );
      return;
    }
    throw new ParseError('TDS_OUT_OF_ORDER', `packet type 0x${message.type.toString(16)} after login`);
  }
}

/**
 * SQL_BATCH payload ([MS-TDS] 2.2.6.7): ALL_HEADERS (TDS 7.2+: a DWORD total length, then headers) and UCS-2
 * text; before TDS 7.2 the payload is the text alone.
 */
export function sqlText(payload: Buffer, allHeaders = true): string {
  if (!allHeaders) {
    if (payload.length % 2 !== 0) throw new ParseError('TDS_BATCH_INVALID', 'SQL text has an odd number of bytes');
    return payload.toString('utf16le');
  }
  if (payload.length >= 4) {
    const total = payload.readUInt32LE(0);
    if (total >= 4 && total <= payload.length && total <= 1024) {
      if ((payload.length - total) % 2 !== 0)
        throw new ParseError('TDS_BATCH_INVALID', 'SQL text has an odd number of bytes');
      return payload.toString('utf16le', total);
    }
  }
  throw new ParseError('TDS_BATCH_INVALID', 'SQL batch without a valid ALL_HEADERS block');
}

/**
 * What a batch held, for the log: `SET ANSI_NULLS, …; SELECT; …` in order, the statements run before an error
 * and the error's number. The statements' kinds and SET options only: never a value or a literal.
 */
export function describeBatch(result: BatchResult): string {
  const parts = result.items.map((item) =>
    item.kind === 'set' ? `SET ${item.option}` : item.kind === 'use' ? 'USE' : 'SELECT',
  );
  const said = parts.length ? parts.join('; ') : 'no statement';
  return result.error ? `${said}; then error ${result.error.number}` : said;
}
