// The one place that knows tedious' internals. tedious has no Kerberos: it only fills LOGIN7's SSPI field
// with its own NTLM, and decodes every 0xED token as an NTLM CHALLENGE (throwing on short payloads, and
// letting a login "succeed" without the AP-REP ever being checked). This subclass:
//   1. writes the SecurityContext's initial token into LOGIN7 (fIntSecurity, no user/password,
//      cbSSPILong for tokens of 65535 bytes or more);
//   2. parses every message of the connection with a token parser whose 0xED reader yields the raw bytes,
//      so tedious' NTLM decoder never sees them;
//   3. drives the login itself: feeds 0xED to SecurityContext.step(), answers with 0x11 when the context
//      has more to say, and refuses a LOGINACK that arrives without a verified AP-REP;
//   4. does TLS verification itself (for both TDS 7.4 and 8.0 strict) so the certificate can be reported
//      even when it fails, and refuses to send the token over a channel that failed it.
// Written against tedious 20.3.9 (asserted below): an upgrade that moves any of this fails loudly.
import { once } from 'node:events';
import { hostname } from 'node:os';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { Connection, ConnectionError, type Request } from 'tedious';
import tediousPackage from 'tedious/package.json';
import StreamParser from 'tedious/lib/token/stream-parser';
import { Parser as TokenStreamParser } from 'tedious/lib/token/token-stream-parser';
import { NotEnoughDataError, Result } from 'tedious/lib/token/helpers';
import { Login7TokenHandler, type TokenHandler } from 'tedious/lib/token/handler';
import Login7Payload from 'tedious/lib/login7-payload';
import { versions as TDS_VERSIONS } from 'tedious/lib/tds-versions';
import type Message from 'tedious/lib/message';
import type { ErrorMessageToken, SSPIToken, Token } from 'tedious/lib/token/token';
import type PreloginPayload from 'tedious/lib/prelogin-payload';
import { KerbProbeError } from '../errors';
import type { SecurityContext } from '../kerberos/security-context';
import { NTLMSSP_SIGNATURE } from '../krb-wire/token-inspect';
import { LoginRejectedError, RoutingRequested, SqlProbeError, type ServerMessage } from './sql-errors';
import { judgeTls, readTlsFacts, type TlsVerdict } from './tls-verdict';
import { NeedMoreBytes } from './tds-protocol/bytes';
import { CB_SSPI_USE_LONG, LOGIN7_OFFSET, OPTION_FLAGS2_INTEGRATED_SECURITY } from './tds-protocol/login7';
import { PACKET_TYPE } from './tds-protocol/packet';
import { readSspiToken } from './tds-protocol/sspi-token';
import { TOKEN } from './tds-protocol/token-types';

export const TEDIOUS_VERSION = '20.3.9';

/** The tedious members this file overrides or calls; checked at load so a rename cannot go unnoticed. */
const TEDIOUS_HOOKS = [
  'sendPreLogin',
  'readPreloginResponse',
  'performTlsNegotiation',
  'wrapWithTls',
  'sendLogin7Packet',
  'performSentLogin7WithStandardLogin',
  'createTokenStreamParser',
  'performLoggedInSendingInitialSql',
] as const;

export function assertTediousCompatible(
  version: string = tediousPackage.version,
  proto: object = Connection.prototype,
): void {
  if (version !== TEDIOUS_VERSION) {
    throw new KerbProbeError(
      'TEDIOUS_VERSION',
      `the Kerberos login is written for tedious ${TEDIOUS_VERSION}, found ${version}: ` +
        're-verify tedious-kerberos.ts before upgrading',
    );
  }
  const missing = TEDIOUS_HOOKS.filter((m) => typeof (proto as Record<string, unknown>)[m] !== 'function');
  if (missing.length) throw new KerbProbeError('TEDIOUS_VERSION', `tedious ${version} lacks ${missing.join(', ')}`);
  if (StreamParser.prototype.readToken === undefined || typeof StreamParser.prototype.parseToken !== 'function') {
    throw new KerbProbeError('TEDIOUS_VERSION', `tedious ${version}: the token stream parser changed shape`);
  }
}
assertTediousCompatible();

/** Nothing in a login or our one-row query needs more; a peer that sends more is not a SQL Server. */
export const MAX_BYTES_PER_CONNECTION = 1024 * 1024;
/** Above this, the SSPI token is placed last in LOGIN7 (see encodeLogin7). */
const LARGE_SSPI = 0x7fff;
/** How long a login reply already on its way may still be read after the server closed. */
const SOCKET_END_GRACE_MS = 250;
/** SSPI round trips we tolerate; Kerberos needs one. */
const MAX_SSPI_LEGS = 8;

/** 0xED as bytes: what the server's security layer said, for SecurityContext.step(). */
export class RawSspiToken {
  readonly name = 'SSPICHALLENGE';
  readonly handlerName = 'onSSPI';
  constructor(readonly payload: Buffer) {}
}

/** 0xED read by the protocol module, in tedious' terms: its Result, and its "need more bytes" signal. */
export function parseRawSspi(buf: Buffer, offset: number): Result<RawSspiToken> {
  try {
    const sspi = readSspiToken(buf, offset);
    return new Result(new RawSspiToken(sspi.value), sspi.offset);
  } catch (err) {
    if (err instanceof NeedMoreBytes) throw new NotEnoughDataError(err.needed);
    throw err;
  }
}

export class RawSspiStreamParser extends StreamParser {
  override readToken(): Token | undefined {
    if (this.buffer[this.position] === TOKEN.SSPI) {
      return this.parseToken(parseRawSspi);
    }
    return super.readToken();
  }
}

/** tedious' token stream parser, with the raw 0xED reader; same events (end/error) and pause/resume. */
class KerberosTokenStreamParser extends TokenStreamParser {
  // Same loop as tedious' run(), minus debug logging of tokens (an SSPI token must never reach a log).
  override async run(message: Message, handler: TokenHandler): Promise<void> {
    const parser = new RawSspiStreamParser(this.options);
    const iterator = (message as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    let result: IteratorResult<Buffer>;
    while (!(result = await iterator.next()).done) {
      parser.write(result.value);
      for (;;) {
        while (this.paused)
          await new Promise<void>((resolve) => {
            this.onResume = resolve;
          });
        const token = parser.read();
        if (token === undefined) break;
        const method = (handler as unknown as Record<string, (tokenRead: unknown) => void>)[token.handlerName];
        if (typeof method !== 'function') throw new Error(`unexpected token ${token.name}`);
        method.call(handler, token);
      }
    }
    parser.end();
  }
}

class KerberosLoginHandler extends Login7TokenHandler {
  readonly sspi: Buffer[] = [];
  readonly errors: ServerMessage[] = [];
  override onSSPI(token: SSPIToken): void {
    this.sspi.push((token as unknown as RawSspiToken).payload);
  }
  override onErrorMessage(token: ErrorMessageToken): void {
    this.errors.push({ number: token.number, state: token.state, class: token.class, message: token.message });
    super.onErrorMessage(token);
  }
}

export type ConnectionPhase = 'tcp' | 'prelogin' | 'tls' | 'login' | 'initial-sql' | 'ready';

export interface KerberosConnectionOptions {
  /** The name authenticated: SPN host, TLS name and LOGIN7 ServerName (typed or routed, never an IP we resolved). */
  serverName: string;
  port: number;
  /** Where the TCP connection goes (an IP, or a name the OS resolves). */
  address: string;
  /** Instance part of a routed name (`server\instance`), written into LOGIN7 ServerName. */
  instance?: string;
  database?: string;
  encrypt: 'strict' | 'mandatory';
  /** Trust anchors (PEM) for the certificate chain. */
  /** Trust anchors; undefined = the process default store (see trustAnchors in sql-login.ts). */
  ca: string[] | undefined;
  trustServerCertificate: boolean;
  /** Bounds connect + TLS + login; the query gets its own timeout. */
  timeoutMs: number;
  /**
   * The security context and its first token (the AP-REQ). Only LOGIN7 needs them, so TCP, PRELOGIN and TLS go
   * ahead while they are still being obtained; a rejection ends the connection before LOGIN7.
   */
  security: Promise<LoginToken>;
}

/** A security context and the first token it produced, for LOGIN7. */
export interface LoginToken {
  context: SecurityContext;
  token: Buffer;
}

export interface ConnectionFacts {
  phase: ConnectionPhase;
  bytesReceived: number;
  /** A TLS handshake completed: the server answered, even if no TDS byte followed. */
  tlsHandshake: boolean;
  tls: TlsVerdict | null;
  sspiTokensReceived: number;
  mutualAuth: boolean;
  tdsVersion: string | null;
  ms: { tcp?: number; tls?: number; login?: number };
}

/** A tedious Connection that logs in with a Kerberos SecurityContext. Create, `connect()`, always `close()`. */
export class KerberosConnection extends Connection {
  readonly facts: ConnectionFacts = {
    phase: 'tcp',
    bytesReceived: 0,
    tlsHandshake: false,
    tls: null,
    sspiTokensReceived: 0,
    mutualAuth: false,
    tdsVersion: null,
    ms: {},
  };
  private readonly kerberos: KerberosConnectionOptions;
  private mark = performance.now();
  /** Set once the security context's first token arrived (before LOGIN7). */
  private login: LoginToken | null = null;

  constructor(opts: KerberosConnectionOptions) {
    let self: KerberosConnection | undefined;
    super({
      server: opts.serverName,
      authentication: { type: 'default', options: {} },
      options: {
        port: opts.port,
        database: opts.database,
        encrypt: opts.encrypt === 'strict' ? 'strict' : true,
        // Chain and name are judged by judgeTls before LOGIN7 is sent; Node must not drop the socket
        // first, or the certificate could not be reported.
        trustServerCertificate: true,
        serverName: opts.serverName,
        cryptoCredentialsDetails: opts.ca ? { ca: opts.ca } : {},
        connectTimeout: Math.max(1, Math.round(opts.timeoutMs)),
        requestTimeout: Math.max(1, Math.round(opts.timeoutMs)),
        maxRetriesOnTransientErrors: 0,
        appName: 'KerbProbe',
        tdsVersion: '7_4',
        connector: ((_o: unknown, _lookup: unknown, signal: AbortSignal) =>
          self!.connectSocket(signal)) as unknown as () => Promise<Socket>,
      },
    });
    self = this;
    this.kerberos = opts;
    this.on('secure', (cleartext) => this.judge(cleartext));
  }

  private lap(key: keyof ConnectionFacts['ms']): void {
    const now = performance.now();
    this.facts.ms[key] = now - this.mark;
    this.mark = now;
  }

  /** TCP to the address; counts bytes so a peer that streams forever is cut off. */
  private connectSocket(signal: AbortSignal): Promise<Socket> {
    this.facts.phase = 'tcp';
    this.mark = performance.now();
    return new Promise<Socket>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const socket = netConnect({ host: this.kerberos.address, port: this.kerberos.port });
      const onAbort = () => {
        socket.destroy();
        reject(signal.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', (err) => {
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(err);
      });
      socket.once('connect', () => {
        signal?.removeEventListener('abort', onAbort);
        this.lap('tcp');
        // TDS 8.0: TLS reads the raw socket's handle directly, so bytes are counted above TLS instead.
        if (this.kerberos.encrypt !== 'strict') this.countBytes(socket);
        resolve(socket);
      });
    });
  }

  private countBytes(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.facts.bytesReceived += chunk.length;
      if (this.facts.bytesReceived > MAX_BYTES_PER_CONNECTION) {
        socket.destroy(
          new SqlProbeError(
            'PROTOCOL_ERROR',
            `the server sent more than ${MAX_BYTES_PER_CONNECTION} bytes during ${this.facts.phase} ` +
              'without completing the exchange',
          ),
        );
      }
    });
  }

  private judge(socket: tls.TLSSocket): TlsVerdict {
    const verdict = judgeTls(
      readTlsFacts(socket, this.kerberos.serverName),
      this.kerberos.serverName,
      this.kerberos.trustServerCertificate,
    );
    this.facts.tls = verdict;
    this.facts.tlsHandshake = true;
    this.lap('tls');
    return verdict;
  }

  override sendPreLogin(): void {
    this.facts.phase = 'prelogin';
    super.sendPreLogin();
  }

  override async readPreloginResponse(signal: AbortSignal): Promise<PreloginPayload> {
    try {
      return await super.readPreloginResponse(signal);
    } catch (err) {
      if (signal.aborted || err instanceof ConnectionError) throw err;
      throw new SqlProbeError(
        'PROTOCOL_ERROR',
        `the server's PRELOGIN response is malformed (${(err as Error).message})`,
        [],
        { cause: err },
      );
    }
  }

  override async performTlsNegotiation(preloginPayload: PreloginPayload, signal: AbortSignal): Promise<void> {
    this.facts.phase = 'tls';
    this.mark = performance.now();
    await super.performTlsNegotiation(preloginPayload, signal);
    // Everything up to here needs no ticket; LOGIN7 (sent next, synchronously) carries it.
    this.login = await abortable(this.kerberos.security, signal);
  }

  /** The first token sent in LOGIN7, once it is known. */
  get initialToken(): Buffer | null {
    return this.login?.token ?? null;
  }

  /** TDS 8.0: TLS before any TDS byte, ALPN tds/8.0, SNI = the authenticated name. */
  override async wrapWithTls(socket: Socket, signal: AbortSignal): Promise<tls.TLSSocket> {
    signal.throwIfAborted();
    this.facts.phase = 'tls';
    this.mark = performance.now();
    const name = this.kerberos.serverName;
    const secure = tls.connect({
      socket,
      host: name,
      servername: isIP(name) ? '' : name,
      ALPNProtocols: ['tds/8.0'],
      secureContext: tls.createSecureContext(this.secureContextOptions),
      rejectUnauthorized: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const cleanup = () => {
          secure.off('secureConnect', onConnect);
          secure.off('error', onError);
          signal.removeEventListener('abort', onAbort);
        };
        const onConnect = () => {
          cleanup();
          resolve();
        };
        const onError = (err: Error) => {
          cleanup();
          reject(err);
        };
        const onAbort = () => {
          cleanup();
          reject(signal.reason);
        };
        secure.once('secureConnect', onConnect);
        secure.once('error', onError);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    } catch (err) {
      // Late errors from a socket we are abandoning must not surface as uncaught exceptions.
      secure.on('error', () => {});
      secure.destroy();
      throw err;
    }
    secure.setMaxSendFragment(Math.min(this.config.options.packetSize, 16384));
    this.countBytes(secure);
    const verdict = this.judge(secure);
    if (verdict.failure) {
      secure.destroy();
      throw verdict.failure;
    }
    return secure;
  }

  override sendLogin7Packet(): void {
    // The token leaves only over a channel that passed verification (or that the user chose to trust).
    const verdict = this.facts.tls;
    if (!verdict)
      throw new SqlProbeError(
        'PROTOCOL_ERROR',
        'the server did not negotiate TLS; the Kerberos token is never sent in the clear',
      );
    if (verdict.failure) throw verdict.failure;
    this.facts.phase = 'login';
    this.mark = performance.now();
    const opts = this.config.options;
    const payload = new Login7Payload({
      tdsVersion: TDS_VERSIONS[opts.tdsVersion] ?? TDS_VERSIONS['7_4']!,
      packetSize: opts.packetSize,
      clientProgVer: 0,
      clientPid: process.pid,
      connectionId: 0,
      clientTimeZone: new Date().getTimezoneOffset(),
      clientLcid: 0x00000409,
    });
    if (!this.login) throw new SqlProbeError('PROTOCOL_ERROR', 'LOGIN7 was reached without a security token');
    // Setting sspi makes tedious set fIntSecurity; user name and password stay empty.
    payload.sspi = this.login.token;
    payload.hostname = opts.workstationId || hostname();
    payload.serverName = this.kerberos.instance
      ? `${this.kerberos.serverName}\\${this.kerberos.instance}`
      : this.kerberos.serverName;
    payload.appName = opts.appName ?? 'KerbProbe';
    payload.libraryName = 'KerbProbe (tedious)';
    payload.language = opts.language;
    payload.database = opts.database;
    payload.clientId = Buffer.from([1, 2, 3, 4, 5, 6]);
    payload.initDbFatal = !opts.fallbackToDefaultDb;
    this.routingData = undefined;
    this.messageIo.sendMessage(PACKET_TYPE.LOGIN7, encodeLogin7(payload));
  }

  /** Replaces tedious' login reader for our 'default' authentication: the Kerberos exchange. */
  override async performSentLogin7WithStandardLogin(tediousSignal: AbortSignal): Promise<undefined> {
    const ctx = this.login!.context;
    const signal = this.loginSignal(tediousSignal);
    let message = await this.nextMessage(signal);
    for (let leg = 1; ; leg++) {
      const handler = await this.readLoginResponse(message, signal);
      if (handler.sspi.length > 1)
        throw new SqlProbeError(
          'PROTOCOL_ERROR',
          `the server sent ${handler.sspi.length} SSPI tokens in one login response`,
        );
      let reply: Buffer = Buffer.alloc(0);
      const serverToken = handler.sspi[0];
      if (serverToken !== undefined) {
        this.facts.sspiTokensReceived++;
        reply = await stepWithServerToken(ctx, serverToken, signal);
      }
      if (handler.errors.length) throw new LoginRejectedError(handler.errors);
      if (handler.routingData) {
        const routing = handler.routingData;
        throw new RoutingRequested(
          routing.server,
          routing.port,
          routing.instance,
          serverToken !== undefined && ctx.mutualAuthVerified,
        );
      }
      if (handler.loginAckReceived) {
        this.acceptLoginAck(ctx);
        return undefined;
      }
      if (reply.length === 0) {
        throw new SqlProbeError(
          'PROTOCOL_ERROR',
          serverToken === undefined
            ? 'the server answered the login with neither LOGINACK, an error, nor an SSPI token'
            : 'the security context finished but the server sent no LOGINACK',
        );
      }
      if (leg >= MAX_SSPI_LEGS) throw new SqlProbeError('PROTOCOL_ERROR', `no LOGINACK after ${leg} SSPI round trips`);
      // Client SSPI continuation (tedious calls it NTLMAUTH_PKT).
      this.messageIo.sendMessage(PACKET_TYPE.SSPI, reply);
      message = await this.nextMessage(signal);
    }
  }

  /** One login response message through the token parser; a malformed one is a PROTOCOL_ERROR. */
  private async readLoginResponse(message: Message, signal: AbortSignal): Promise<KerberosLoginHandler> {
    const handler = new KerberosLoginHandler(this);
    const parser = this.createTokenStreamParser(message, handler);
    const ended = once(parser, 'end');
    ended.catch(() => {});
    try {
      await abortable(ended, signal);
    } catch (err) {
      if (signal.aborted || err instanceof ConnectionError) throw err;
      throw new SqlProbeError(
        'PROTOCOL_ERROR',
        `the server's login response is malformed (${(err as Error).message})`,
        [],
        { cause: err },
      );
    }
    return handler;
  }

  /** LOGINACK counts only after the server proved it holds the service key (a verified AP-REP). */
  private acceptLoginAck(ctx: SecurityContext): void {
    if (this.facts.sspiTokensReceived === 0) {
      throw new SqlProbeError(
        'MUTUAL_AUTH_FAILED',
        'the server accepted the login without returning an SSPI token: ' +
          'it never proved it holds the service key (no AP-REP)',
      );
    }
    if (!ctx.complete || !ctx.mutualAuthVerified) {
      throw new SqlProbeError(
        'MUTUAL_AUTH_FAILED',
        'the server accepted the login but its Kerberos reply did not complete mutual authentication',
      );
    }
    this.facts.mutualAuth = true;
    this.facts.tdsVersion =
      this.kerberos.encrypt === 'strict' ? '8.0' : String(this.config.options.tdsVersion).replace('_', '.');
    this.lap('login');
    this.facts.phase = 'initial-sql';
  }

  /**
   * SQL Server sends its login verdict (18456, 18452, a routing ENVCHANGE) and closes at once. tedious
   * aborts on the socket's 'end' immediately, which can beat the buffered reply to us; the reply is what
   * carries the diagnosis, so a socket end only aborts after a short grace. close() and the budget
   * (which calls close()) still abort at once.
   */
  private loginSignal(tediousSignal: AbortSignal): AbortSignal {
    const closing = this.closeController?.signal;
    const c = new AbortController();
    const abortNow = (reason: unknown) => {
      if (!c.signal.aborted) c.abort(reason);
    };
    if (closing?.aborted) abortNow(closing.reason);
    closing?.addEventListener('abort', () => abortNow(closing.reason), { once: true });
    const later = () => setTimeout(() => abortNow(tediousSignal.reason), SOCKET_END_GRACE_MS).unref();
    if (tediousSignal.aborted) later();
    else tediousSignal.addEventListener('abort', later, { once: true });
    return c.signal;
  }

  override createTokenStreamParser(message: Message, handler: TokenHandler): TokenStreamParser {
    return new KerberosTokenStreamParser(message, this.debug, handler, this.config.options);
  }

  /**
   * tedious sends its session options (SET ansi_nulls … textsize …) as a batch of their own once logged in and
   * waits for the answer: a round trip MS-TDS does not ask for (§3.2.5: Logged In → Sent Client Request). They
   * lead the connection's first SQL batch instead (execSqlBatch below), so the session the query runs in is
   * the same. KerbProbe's only request on a connection is that batch (the verification query).
   */
  override performLoggedInSendingInitialSql(_signal: AbortSignal): Promise<void> {
    this.facts.phase = 'ready';
    return Promise.resolve();
  }

  /** The session options not yet sent: they lead the first batch. */
  private sessionOptionsPending = true;

  override execSqlBatch(request: Request): void {
    if (this.sessionOptionsPending) {
      this.sessionOptionsPending = false;
      request.sqlTextOrProcedure = `${this.getInitialSql()}\n${request.sqlTextOrProcedure ?? ''}`;
    }
    super.execSqlBatch(request);
  }

  private async nextMessage(signal: AbortSignal): Promise<Message> {
    return abortable(
      this.messageIo.readMessage().catch((err: Error) => {
        throw this.wrapSocketError(err);
      }),
      signal,
    );
  }
}

/** Feeds the server's 0xED bytes to the context; anything it rejects is a failed mutual authentication. */
async function stepWithServerToken(ctx: SecurityContext, token: Buffer, signal: AbortSignal): Promise<Buffer> {
  if (token.length === 0) throw new SqlProbeError('PROTOCOL_ERROR', 'the server sent an empty SSPI token');
  if (token.subarray(0, 8).equals(NTLMSSP_SIGNATURE)) {
    throw new SqlProbeError('NTLM_FALLBACK', 'the server answered with an NTLM challenge instead of a Kerberos reply');
  }
  try {
    return await abortable(ctx.step(token), signal);
  } catch (err) {
    if (signal.aborted) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new SqlProbeError(
      'MUTUAL_AUTH_FAILED',
      `the server's Kerberos reply (${token.length} bytes) was rejected by the security context: ${detail}`,
      [],
      { cause: err },
    );
  }
}

/**
 * LOGIN7 bytes. tedious lays the SSPI data out before AtchDBFile and ChangePassword, whose 16-bit offsets
 * then overflow for a large token (a ticket with a big PAC), and it leaves cbSSPILong at 0 for a token of
 * exactly 65535 bytes. Tokens up to LARGE_SSPI use tedious' layout unchanged; larger ones are appended
 * after everything else, with ibSSPI pointing there, cbSSPI = 0xFFFF when needed and cbSSPILong set.
 */
export function encodeLogin7(payload: Login7Payload): Buffer {
  const sspi = payload.sspi;
  if (!sspi || sspi.length <= LARGE_SSPI) return payload.toBuffer();
  payload.sspi = undefined;
  let head: Buffer;
  try {
    head = payload.toBuffer();
  } finally {
    payload.sspi = sspi;
  }
  if (head.length > 0xffff) throw new KerbProbeError('LOGIN7_TOO_LARGE', 'LOGIN7 fields exceed 64 KiB');
  head[LOGIN7_OFFSET.OPTION_FLAGS2] = head[LOGIN7_OFFSET.OPTION_FLAGS2]! | OPTION_FLAGS2_INTEGRATED_SECURITY;
  head.writeUInt16LE(head.length, LOGIN7_OFFSET.IB_SSPI);
  head.writeUInt16LE(Math.min(sspi.length, CB_SSPI_USE_LONG), LOGIN7_OFFSET.CB_SSPI);
  head.writeUInt32LE(sspi.length >= CB_SSPI_USE_LONG ? sspi.length : 0, LOGIN7_OFFSET.CB_SSPI_LONG);
  const login7 = Buffer.concat([head, sspi]);
  login7.writeUInt32LE(login7.length, LOGIN7_OFFSET.LENGTH);
  return login7;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
