// The SQL half of a check: TCP → TLS → Kerberos login (mutual authentication verified) → redirect →
// the verification query, all inside one budget and one AbortSignal, every socket closed on the way out.
import * as tlsModule from 'node:tls';
import { Request } from 'tedious';
import type { DiagnosisCode } from '../../contract/codes';
import { isDiagnosisCode } from '../../contract/codes';
import type { SqlResult, TlsInfo } from '../../contract/report';
import { KerbProbeError } from '../errors';
import type { SecurityContextFactory } from '../kerberos/security-context';
import { classifyConnectError, type Classified, type SqlStage } from './classify-connect-error';
import { tokenMechanism } from './classify-login';
import type { HostsMap } from '../net/hosts-override';
import { resolveHost as netResolveHost } from '../net/resolve';
import { findCause, RoutingRequested, SqlProbeError } from './sql-errors';
import { KerberosConnection, type LoginToken } from './tedious-kerberos';
import { bundledRoots, systemRoots } from './trust-store';
import { VERIFICATION_QUERY, verificationRowToResult, type QueryColumn } from './verification-query';

export interface SqlLoginOptions {
  /** The FQDN the user typed: SPN host and TLS name. */
  server: string;
  port: number;
  /** Connect here instead of resolving `server` (one node, a private endpoint IP, a test server). */
  address?: string;
  database?: string;
  encrypt: 'strict' | 'mandatory';
  /** PEM text of extra trust anchors (added to the system and bundled roots), read once at the edge. */
  caPem?: string;
  trustServerCertificate?: boolean;
  budgetMs: number;
  contextFactory: SecurityContextFactory;
  signal?: AbortSignal;
  /**
   * A context whose first token was produced for `server:port` (reused for the first hop) — or is still being
   * produced: the connection goes as far as LOGIN7 meanwhile. Null: none came; the login ends there.
   */
  initial?: FirstToken | Promise<FirstToken | null>;
  resolveHost?: ResolveHost;
  /** How long a server may stay completely silent after TCP connect before it counts as unreachable. */
  responseBudgetMs?: number;
}

export const DEFAULT_RESPONSE_BUDGET_MS = 2000;

export interface SqlTimings {
  tcp?: number;
  tls?: number;
  login?: number;
  query?: number;
  total: number;
}

export type Redirect = { from: string; to: string };

export type SqlLoginResult =
  | { ok: true; sql: SqlResult; tls: TlsInfo; redirect: Redirect | null; ms: SqlTimings }
  | {
      ok: false;
      code: DiagnosisCode;
      evidence: string[];
      stage: SqlStage;
      tls: TlsInfo | null;
      redirect: Redirect | null;
      ms: SqlTimings;
    };

/** Name → one address to connect to; rejects with a classified SqlProbeError (DNS_FAILURE). */
export type ResolveHost = (host: string, signal: AbortSignal, budgetMs: number) => Promise<string>;

/** The engine's resolver: the hosts override first (names that are in no DNS), then the OS. */
export function resolverWith(hosts?: HostsMap | null): ResolveHost {
  return async (host, signal, budgetMs) => {
    const r = await netResolveHost(host, { signal, budgetMs, cname: false, ...(hosts !== undefined ? { hosts } : {}) });
    const address = r.addresses[0];
    if (!r.ok || address === undefined) throw new SqlProbeError('DNS_FAILURE', r.detail, r.evidence);
    return address;
  };
}

/** The override named by KERBPROBE_HOSTS in this process's environment, then the OS. */
const defaultResolveHost: ResolveHost = resolverWith();

class BudgetExpired extends Error {
  constructor(ms: number) {
    super(`the SQL budget of ${ms} ms ran out`);
    this.name = 'BudgetExpired';
  }
}

/** One leg of the login: the server as typed, or where the gateway's redirect (ENVCHANGE routing) sent us. */
interface RouteLeg {
  host: string;
  port: number;
  address?: string;
  instance?: string;
  routed: boolean;
}

type LegOutcome =
  | { kind: 'connected'; conn: KerberosConnection }
  | { kind: 'routed'; to: RoutingRequested }
  | { kind: 'failed'; failure: Classified };

/** The security context's first token for a leg: given for the first one, produced here for a redirect. */
type FirstToken = LoginToken;

/** The leg's token could not be had: the connection ends before LOGIN7, with this classified failure. */
class NoLoginToken extends Error {
  constructor(readonly failure: Classified) {
    super(failure.evidence[0] ?? 'no security token');
    this.name = 'NoLoginToken';
  }
}

/**
 * The trust anchors for one login: Node's bundled roots, the OS store, and the user's CA. Building a
 * TLS context from ~270 PEM roots costs 10–30 ms per connection, so where Node can (≥ 24.5) the first set
 * asked for becomes the process default and later logins with the same set pass no `ca` at all (fast).
 * A different set is passed explicitly instead: the process default never changes under a running login.
 */
let installedDefaults: string | null = null;
function trustAnchors(caPem: string | undefined, withSystemStore: boolean): string[] | undefined {
  // Node's bundled roots cover the public CAs Azure's certificates chain to; the OS store (what Windows
  // clients trust: enterprise roots) is read only when those do not vouch for the server, since reading
  // it costs ~35 ms per process. 'bundled' rather than 'default': the default is what this replaces.
  // trust-store.ts gives both on Node 20 too (no getCACertificates there).
  const anchors = [...new Set([...bundledRoots(), ...(withSystemStore ? systemRoots() : [])])];
  if (caPem) anchors.push(caPem);
  const key = anchors.join('\n');
  const setDefaults = (tlsModule as { setDefaultCACertificates?: (certs: string[]) => void }).setDefaultCACertificates;
  if (installedDefaults === null && typeof setDefaults === 'function') {
    setDefaults.call(tlsModule, anchors);
    installedDefaults = key;
  }
  return installedDefaults === key ? undefined : anchors;
}

/**
 * The login's states, in order: connect (resolve, security token) → PRELOGIN/TLS → LOGIN7 with the
 * Kerberos token (all three inside KerberosConnection) → routed (a second leg to where the gateway sent
 * us) → the verification query → done. One budget and one AbortSignal cover every state; every
 * connection opened is closed on the way out.
 */
class SqlLoginRun {
  private readonly started = performance.now();
  private readonly budget = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly signal: AbortSignal;
  private readonly resolve: ResolveHost;
  private readonly connections: KerberosConnection[] = [];
  private readonly ms: SqlTimings = { total: 0 };
  private tls: TlsInfo | null = null;
  private redirect: Redirect | null = null;

  constructor(private readonly opts: SqlLoginOptions) {
    this.timer = setTimeout(() => this.budget.abort(new BudgetExpired(opts.budgetMs)), Math.max(0, opts.budgetMs));
    this.signal = opts.signal ? AbortSignal.any([opts.signal, this.budget.signal]) : this.budget.signal;
    this.resolve = opts.resolveHost ?? defaultResolveHost;
  }

  async run(): Promise<SqlLoginResult> {
    try {
      const first: RouteLeg = {
        host: this.opts.server,
        port: this.opts.port,
        ...(this.opts.address ? { address: this.opts.address } : {}),
        routed: false,
      };
      const firstOutcome = await this.loginLeg(first, this.opts.initial);
      const outcome = firstOutcome.kind === 'routed' ? await this.followRedirect(firstOutcome.to) : firstOutcome;
      if (outcome.kind === 'failed') return this.fail(outcome.failure);
      return await this.verify(outcome.conn);
    } catch (err) {
      return this.fail({ code: 'UNKNOWN', stage: 'tcp', evidence: [(err as Error).message] });
    } finally {
      clearTimeout(this.timer);
      this.closeAll();
      this.ms.total = performance.now() - this.started;
    }
  }

  private remaining(): number {
    return Math.max(1, this.opts.budgetMs - (performance.now() - this.started));
  }

  private closeAll(): void {
    for (const conn of this.connections) conn.close();
  }

  private fail(failure: Classified): SqlLoginResult {
    const { code, evidence, stage } = failure;
    return { ok: false, code, evidence, stage, tls: this.tls, redirect: this.redirect, ms: this.ms };
  }

  /** A failure classified from the signal's reason: the budget ran out, or the caller cancelled. */
  private aborted(leg: RouteLeg, stage: SqlStage, bytesReceived: number): Classified {
    return classifyConnectError(this.signal.reason, {
      target: `${leg.host}:${leg.port}`,
      phase: stage === 'tcp' ? 'tcp' : 'login',
      bytesReceived,
      tlsHandshake: false,
      routed: leg.routed,
      budgetExpired: this.budget.signal.aborted,
      cancelled: this.opts.signal?.aborted === true && !this.budget.signal.aborted,
      elapsedMs: performance.now() - this.started,
      mechanism: 'unknown',
    });
  }

  /**
   * One leg, first against Node's roots (+ the CA); an untrusted chain is tried once more with the OS store
   * added (no token has been sent: TLS is judged before LOGIN7).
   */
  private async loginLeg(leg: RouteLeg, first: SqlLoginOptions['initial']): Promise<LegOutcome> {
    const outcome = await this.attemptLeg(leg, first, trustAnchors(this.opts.caPem, false));
    if (outcome.kind !== 'failed' || outcome.failure.code !== 'TLS_UNTRUSTED' || this.signal.aborted) return outcome;
    this.closeAll();
    return this.attemptLeg(leg, first, trustAnchors(this.opts.caPem, true));
  }

  /** Routed: log in again where the gateway sent us, with a token of its own. A second redirect is refused. */
  private async followRedirect(to: RoutingRequested): Promise<Exclude<LegOutcome, { kind: 'routed' }>> {
    const redirect = {
      from: `${this.opts.server}:${this.opts.port}`,
      to: `${to.server}${to.instance ? `\\${to.instance}` : ''}:${to.port}`,
    };
    this.redirect = redirect;
    this.closeAll();
    const leg: RouteLeg = {
      host: to.server,
      port: to.port,
      ...(to.instance ? { instance: to.instance } : {}),
      routed: true,
    };
    const outcome = await this.loginLeg(leg, undefined);
    if (outcome.kind !== 'routed') return outcome;
    const again = `${outcome.to.server}:${outcome.to.port}`;
    return {
      kind: 'failed',
      failure: {
        code: 'PROTOCOL_ERROR',
        stage: 'redirect',
        evidence: [`the redirected server ${redirect.to} redirected again (to ${again})`],
      },
    };
  }

  /**
   * Connect: the leg's address, then TCP, PRELOGIN and TLS over one connection while its Kerberos token is being
   * obtained, then LOGIN7 with it.
   */
  private async attemptLeg(leg: RouteLeg, first: SqlLoginOptions['initial'], ca: string[] | undefined) {
    const address = await this.resolveAddress(leg);
    if (typeof address !== 'string') return { kind: 'failed' as const, failure: address };
    const security = (first === undefined ? this.securityToken(leg) : Promise.resolve(first)).then(usableToken);
    security.catch(() => undefined); // read at LOGIN7, or never when the connection fails first
    return this.openConnection(leg, address, security, ca);
  }

  /** The address to connect to (given, or resolved); a failure is DNS_FAILURE, or REDIRECT_BLOCKED when routed. */
  private async resolveAddress(leg: RouteLeg): Promise<string | Classified> {
    if (leg.address) return leg.address;
    try {
      return await this.resolve(leg.host, this.signal, this.remaining());
    } catch (err) {
      if (this.signal.aborted) return this.aborted(leg, 'tcp', 0);
      const shown = `${leg.host}:${leg.port}`;
      const message = (err as Error).message;
      if (leg.routed)
        return {
          code: 'REDIRECT_BLOCKED',
          stage: 'redirect',
          evidence: [`the gateway redirected us to ${shown}, which cannot be resolved: ${message}`],
        };
      return { code: err instanceof SqlProbeError ? err.code : 'DNS_FAILURE', stage: 'tcp', evidence: [message] };
    }
  }

  /** A fresh security context for the leg and its first token (the AP-REQ for LOGIN7). */
  private async securityToken(leg: RouteLeg): Promise<FirstToken | Classified> {
    try {
      const context = await this.opts.contextFactory({ host: leg.host, port: leg.port });
      return { context, token: await context.step() };
    } catch (err) {
      if (this.signal.aborted) return this.aborted(leg, 'login', 0);
      const code = err instanceof KerbProbeError && isDiagnosisCode(err.code) ? err.code : 'UNKNOWN';
      const shown = `${leg.host}:${leg.port}`;
      const where = leg.routed ? `for the redirected server ${shown}` : `for ${shown}`;
      return {
        code,
        stage: leg.routed ? 'redirect' : 'login',
        evidence: [`no Kerberos token ${where}: ${(err as Error).message}`],
      };
    }
  }

  /** PRELOGIN/TLS and LOGIN7 over one connection; ends logged in, routed, or classified. */
  private async openConnection(
    leg: RouteLeg,
    address: string,
    security: Promise<FirstToken>,
    ca: string[] | undefined,
  ): Promise<LegOutcome> {
    const conn = new KerberosConnection({
      serverName: leg.host,
      port: leg.port,
      address,
      ...(leg.instance ? { instance: leg.instance } : {}),
      ...(this.opts.database ? { database: this.opts.database } : {}),
      encrypt: this.opts.encrypt,
      ca,
      trustServerCertificate: this.opts.trustServerCertificate === true,
      timeoutMs: this.remaining(),
      security,
    });
    this.connections.push(conn);
    const legStart = performance.now();
    const { err, silenced } = await this.connectWatched(conn);
    this.recordFacts(conn.facts);
    if (!err) return { kind: 'connected', conn };
    const routing = findCause(err, (cause): cause is RoutingRequested => cause instanceof RoutingRequested);
    if (routing) return { kind: 'routed', to: routing };
    const noToken = findCause(err, (cause): cause is NoLoginToken => cause instanceof NoLoginToken);
    if (noToken && !this.signal.aborted) return { kind: 'failed', failure: noToken.failure };
    const token = conn.initialToken;
    const shown = `${leg.host}:${leg.port}`;
    return {
      kind: 'failed',
      failure: classifyConnectError(err, {
        target: `${shown}${address !== leg.host ? ` (${address})` : ''}`,
        phase: conn.facts.phase,
        bytesReceived: conn.facts.bytesReceived,
        tlsHandshake: conn.facts.tlsHandshake,
        routed: leg.routed,
        budgetExpired: this.budget.signal.aborted || silenced,
        cancelled: this.opts.signal?.aborted === true && !this.budget.signal.aborted && !silenced,
        elapsedMs: performance.now() - legStart,
        mechanism: token ? tokenMechanism(token) : 'unknown',
      }),
    };
  }

  /**
   * Connects under the login's signal and a silence watchdog: a gateway that accepts TCP and then says
   * nothing is unreachable for our purposes, so don't spend the whole budget on it (SSMS waits ~15 s). Any
   * byte or TLS progress disarms the watchdog.
   */
  private async connectWatched(conn: KerberosConnection): Promise<{ err: Error | undefined; silenced: boolean }> {
    const silence = new AbortController();
    const silenceMs = Math.min(this.opts.responseBudgetMs ?? DEFAULT_RESPONSE_BUDGET_MS, this.remaining());
    const watchdog = setTimeout(() => {
      if (conn.facts.bytesReceived === 0 && !conn.facts.tlsHandshake) silence.abort(new BudgetExpired(silenceMs));
    }, silenceMs);
    const err = await connectOnce(conn, AbortSignal.any([this.signal, silence.signal]));
    clearTimeout(watchdog);
    return { err, silenced: silence.signal.aborted };
  }

  /** The TLS details and the time each stage took, summed over the legs. */
  private recordFacts(facts: KerberosConnection['facts']): void {
    if (facts.tls) this.tls = facts.tls.info;
    this.ms.tcp = (this.ms.tcp ?? 0) + (facts.ms.tcp ?? 0);
    if (facts.ms.tls !== undefined) this.ms.tls = (this.ms.tls ?? 0) + facts.ms.tls;
    if (facts.ms.login !== undefined) this.ms.login = (this.ms.login ?? 0) + facts.ms.login;
  }

  /** The verification query on the logged-in connection, and the result it proves. */
  private async verify(conn: KerberosConnection): Promise<SqlLoginResult> {
    const queryStart = performance.now();
    const answer = await runQuery(conn, this.signal, this.remaining());
    this.ms.query = performance.now() - queryStart;
    if ('error' in answer) {
      if (this.signal.aborted)
        return this.fail(this.aborted({ host: this.opts.server, port: this.opts.port, routed: false }, 'query', 1));
      const evidence = [`the verification query failed: ${answer.error}`];
      return this.fail({ code: 'PROTOCOL_ERROR', stage: 'query', evidence });
    }
    let sql: SqlResult;
    try {
      sql = verificationRowToResult(answer.row, {
        mutualAuth: conn.facts.mutualAuth,
        ...(conn.facts.tdsVersion ? { tdsVersion: conn.facts.tdsVersion } : {}),
      });
    } catch (err) {
      const probeError = err as SqlProbeError;
      return this.fail({ code: probeError.code, stage: 'query', evidence: probeError.evidence });
    }
    // Whether auth_scheme is Kerberos is the diagnosis' to judge (diagnose/), not the login's.
    return { ok: true, sql, tls: this.tls!, redirect: this.redirect, ms: this.ms };
  }
}

/** A token LOGIN7 can carry, or the classified reason there is none. */
function usableToken(security: FirstToken | Classified | null): FirstToken {
  if (security === null)
    throw new NoLoginToken({ code: 'UNKNOWN', stage: 'login', evidence: ['no Kerberos token to log in with'] });
  if ('code' in security) throw new NoLoginToken(security);
  if (security.token.length === 0)
    throw new NoLoginToken({
      code: 'PROTOCOL_ERROR',
      stage: 'login',
      evidence: ['the security context produced an empty initial token'],
    });
  return security;
}

export async function sqlLogin(opts: SqlLoginOptions): Promise<SqlLoginResult> {
  return new SqlLoginRun(opts).run();
}

/** Resolves with the error that ended the attempt, or undefined once logged in. Never rejects. */
function connectOnce(conn: KerberosConnection, signal: AbortSignal): Promise<Error | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    let fallback: NodeJS.Timeout | undefined;
    const done = (err: Error | undefined) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (fallback) clearTimeout(fallback);
      resolve(err);
    };
    const onAbort = () => {
      conn.close();
      // tedious reports the close through 'connect'; if some await inside it is not abortable, do not wait on it.
      fallback = setTimeout(() => done(signal.reason instanceof Error ? signal.reason : new Error('aborted')), 250);
    };
    // After login tedious reports socket trouble as 'error' events; they must never go unhandled.
    conn.on('error', () => {});
    if (signal.aborted) {
      done(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      conn.connect((err) => done(err ?? undefined));
    } catch (err) {
      done(err as Error);
    }
  });
}

function runQuery(
  conn: KerberosConnection,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<{ row: QueryColumn[] } | { error: string }> {
  return new Promise((resolve) => {
    let row: QueryColumn[] | null = null;
    let settled = false;
    const finish = (v: { row: QueryColumn[] } | { error: string }) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      resolve(v);
    };
    const onAbort = () => {
      conn.close();
      finish({ error: 'aborted' });
    };
    const timer = setTimeout(() => {
      conn.close();
      finish({ error: `no answer within ${Math.round(timeoutMs)} ms` });
    }, timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    // The first batch on the connection: the connection puts the session options at its head (tedious-kerberos.ts).
    const request = new Request(VERIFICATION_QUERY, (err) => {
      if (err) finish({ error: err.message });
      else if (!row) finish({ error: 'no row returned' });
      else finish({ row });
    });
    request.on('row', (columns: { value: unknown; metadata: { colName: string } }[]) => {
      row ??= columns.map((c) => ({ name: c.metadata.colName, value: c.value }));
    });
    try {
      conn.execSqlBatch(request);
    } catch (err) {
      finish({ error: (err as Error).message });
    }
  });
}
