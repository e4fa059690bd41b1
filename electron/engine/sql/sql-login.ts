// The SQL half of a check: TCP → TLS → Kerberos login (mutual authentication verified) → redirect →
// the verification query, all inside one budget and one AbortSignal, every socket closed on the way out.
import * as tlsModule from 'node:tls';
import { Request } from 'tedious';
import type { DiagnosisCode } from '../../contract/codes';
import { isDiagnosisCode } from '../../contract/codes';
import type { SqlResult, TlsInfo } from '../../contract/report';
import { KerbProbeError } from '../errors';
import { readCaFile } from './ca-file';
import type { SecurityContext, SecurityContextFactory } from '../kerberos/security-context';
import { classifyConnectError, type Classified, type SqlStage } from './classify-connect-error';
import { tokenMechanism } from './classify-login';
import type { HostsMap } from '../net/hosts-override';
import { resolveHost as netResolveHost } from '../net/resolve';
import { findCause, RoutingRequested, SqlProbeError } from './sql-errors';
import { KerberosConnection } from './tedious-kerberos';
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
  /** PEM file of extra trust anchors (added to the system and bundled roots). */
  caFile?: string;
  trustServerCertificate?: boolean;
  budgetMs: number;
  contextFactory: SecurityContextFactory;
  signal?: AbortSignal;
  /** A context whose first token was already produced for `server:port` (reused for the first hop). */
  initial?: { context: SecurityContext; token: Buffer };
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

interface Hop {
  host: string;
  port: number;
  address?: string;
  instance?: string;
  routed: boolean;
}

type HopOutcome =
  | { kind: 'connected'; conn: KerberosConnection }
  | { kind: 'routed'; to: RoutingRequested }
  | { kind: 'failed'; failure: Classified };

/**
 * The trust anchors for one login: Node's bundled roots, the OS store, and the user's CA file. Building a
 * TLS context from ~270 PEM roots costs 10–30 ms per connection, so where Node can (≥ 24.5) the first set
 * asked for becomes the process default and later logins with the same set pass no `ca` at all (fast).
 * A different set is passed explicitly instead: the process default never changes under a running login.
 */
let installedDefaults: string | null = null;
async function trustAnchors(caFile: string | undefined, withSystemStore: boolean): Promise<string[] | undefined> {
  // Node's bundled roots cover the public CAs Azure's certificates chain to; the OS store (what Windows
  // clients trust: enterprise roots) is read only when those do not vouch for the server, since reading
  // it costs ~35 ms per process. 'bundled' rather than 'default': the default is what this replaces.
  // trust-store.ts gives both on Node 20 too (no getCACertificates there).
  const anchors = [...new Set([...bundledRoots(), ...(withSystemStore ? systemRoots() : [])])];
  if (caFile) anchors.push(await readCaFile(caFile));
  const key = anchors.join('\n');
  const setDefaults = (tlsModule as { setDefaultCACertificates?: (certs: string[]) => void }).setDefaultCACertificates;
  if (installedDefaults === null && typeof setDefaults === 'function') {
    setDefaults.call(tlsModule, anchors);
    installedDefaults = key;
  }
  return installedDefaults === key ? undefined : anchors;
}

export async function sqlLogin(opts: SqlLoginOptions): Promise<SqlLoginResult> {
  const started = performance.now();
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(new BudgetExpired(opts.budgetMs)), Math.max(0, opts.budgetMs));
  const signal = opts.signal ? AbortSignal.any([opts.signal, budget.signal]) : budget.signal;
  const resolve = opts.resolveHost ?? defaultResolveHost;
  const trust = opts.trustServerCertificate === true;
  const connections: KerberosConnection[] = [];
  const ms: SqlTimings = { total: 0 };
  let tls: TlsInfo | null = null;
  let redirect: Redirect | null = null;
  const remaining = () => Math.max(1, opts.budgetMs - (performance.now() - started));

  const fail = (c: Classified): SqlLoginResult => ({
    ok: false,
    code: c.code,
    evidence: c.evidence,
    stage: c.stage,
    tls,
    redirect,
    ms,
  });

  const attempt = async (
    hop: Hop,
    first: { context: SecurityContext; token: Buffer } | undefined,
    ca: string[] | undefined,
  ): Promise<HopOutcome> => {
    const shown = `${hop.host}:${hop.port}`;
    let address = hop.address;
    if (!address) {
      try {
        address = await resolve(hop.host, signal, remaining());
      } catch (err) {
        if (signal.aborted) return { kind: 'failed', failure: aborted(hop, 'tcp', 0) };
        const code = err instanceof SqlProbeError ? err.code : 'DNS_FAILURE';
        if (hop.routed)
          return {
            kind: 'failed',
            failure: {
              code: 'REDIRECT_BLOCKED',
              stage: 'redirect',
              evidence: [`the gateway redirected us to ${shown}, which cannot be resolved: ${(err as Error).message}`],
            },
          };
        return { kind: 'failed', failure: { code, stage: 'tcp', evidence: [(err as Error).message] } };
      }
    }
    let context: SecurityContext;
    let token: Buffer;
    if (first) {
      ({ context, token } = first);
    } else {
      try {
        context = await opts.contextFactory({ host: hop.host, port: hop.port });
        token = await context.step();
      } catch (err) {
        if (signal.aborted) return { kind: 'failed', failure: aborted(hop, 'login', 0) };
        const code = err instanceof KerbProbeError && isDiagnosisCode(err.code) ? err.code : 'UNKNOWN';
        const where = hop.routed ? `for the redirected server ${shown}` : `for ${shown}`;
        return {
          kind: 'failed',
          failure: {
            code,
            stage: hop.routed ? 'redirect' : 'login',
            evidence: [`no Kerberos token ${where}: ${(err as Error).message}`],
          },
        };
      }
    }
    if (token.length === 0) {
      return {
        kind: 'failed',
        failure: {
          code: 'PROTOCOL_ERROR',
          stage: 'login',
          evidence: ['the security context produced an empty initial token'],
        },
      };
    }
    const conn = new KerberosConnection({
      serverName: hop.host,
      port: hop.port,
      address,
      ...(hop.instance ? { instance: hop.instance } : {}),
      ...(opts.database ? { database: opts.database } : {}),
      encrypt: opts.encrypt,
      ca,
      trustServerCertificate: trust,
      timeoutMs: remaining(),
      context,
      initialToken: token,
    });
    connections.push(conn);
    const hopStart = performance.now();
    // A gateway that accepts TCP and then says nothing is unreachable for our purposes: don't spend the
    // whole budget on it (SSMS waits ~15 s). Any byte or TLS progress disarms this watchdog.
    const silence = new AbortController();
    const silenceMs = Math.min(opts.responseBudgetMs ?? DEFAULT_RESPONSE_BUDGET_MS, remaining());
    const watchdog = setTimeout(() => {
      if (conn.facts.bytesReceived === 0 && !conn.facts.tlsHandshake) silence.abort(new BudgetExpired(silenceMs));
    }, silenceMs);
    const err = await connectOnce(conn, AbortSignal.any([signal, silence.signal]));
    clearTimeout(watchdog);
    const f = conn.facts;
    if (f.tls) tls = f.tls.info;
    ms.tcp = (ms.tcp ?? 0) + (f.ms.tcp ?? 0);
    if (f.ms.tls !== undefined) ms.tls = (ms.tls ?? 0) + f.ms.tls;
    if (f.ms.login !== undefined) ms.login = (ms.login ?? 0) + f.ms.login;
    if (!err) return { kind: 'connected', conn };
    const routing = findCause(err, (e): e is RoutingRequested => e instanceof RoutingRequested);
    if (routing) return { kind: 'routed', to: routing };
    return {
      kind: 'failed',
      failure: classifyConnectError(err, {
        target: `${shown}${address !== hop.host ? ` (${address})` : ''}`,
        phase: f.phase,
        bytesReceived: f.bytesReceived,
        tlsHandshake: f.tlsHandshake,
        routed: hop.routed,
        budgetExpired: budget.signal.aborted || silence.signal.aborted,
        cancelled: opts.signal?.aborted === true && !budget.signal.aborted && !silence.signal.aborted,
        elapsedMs: performance.now() - hopStart,
        mechanism: tokenMechanism(token),
      }),
    };
  };

  const aborted = (hop: Hop, stage: SqlStage, bytes: number): Classified =>
    classifyConnectError(signal.reason, {
      target: `${hop.host}:${hop.port}`,
      phase: stage === 'tcp' ? 'tcp' : 'login',
      bytesReceived: bytes,
      tlsHandshake: false,
      routed: hop.routed,
      budgetExpired: budget.signal.aborted,
      cancelled: opts.signal?.aborted === true && !budget.signal.aborted,
      elapsedMs: performance.now() - started,
      mechanism: 'unknown',
    });

  try {
    // One hop, first against Node's roots (+ the CA file); an untrusted chain is tried once more with the
    // OS store added (no token has been sent: TLS is judged before LOGIN7).
    const tryHop = async (
      hop: Hop,
      first: { context: SecurityContext; token: Buffer } | undefined,
    ): Promise<HopOutcome> => {
      const out = await attempt(hop, first, await trustAnchors(opts.caFile, false));
      if (out.kind !== 'failed' || out.failure.code !== 'TLS_UNTRUSTED' || signal.aborted) return out;
      for (const c of connections) c.close();
      return attempt(hop, first, await trustAnchors(opts.caFile, true));
    };
    let outcome = await tryHop(
      { host: opts.server, port: opts.port, ...(opts.address ? { address: opts.address } : {}), routed: false },
      opts.initial,
    );
    if (outcome.kind === 'routed') {
      const to = outcome.to;
      redirect = {
        from: `${opts.server}:${opts.port}`,
        to: `${to.server}${to.instance ? `\\${to.instance}` : ''}:${to.port}`,
      };
      for (const c of connections) c.close();
      outcome = await tryHop(
        { host: to.server, port: to.port, ...(to.instance ? { instance: to.instance } : {}), routed: true },
        undefined,
      );
      if (outcome.kind === 'routed') {
        return fail({
          code: 'PROTOCOL_ERROR',
          stage: 'redirect',
          evidence: [
            `the redirected server ${redirect.to} redirected again (to ${outcome.to.server}:${outcome.to.port})`,
          ],
        });
      }
    }
    if (outcome.kind === 'failed') return fail(outcome.failure);
    const conn = outcome.conn;

    const qStart = performance.now();
    const q = await runQuery(conn, signal, remaining());
    ms.query = performance.now() - qStart;
    if ('error' in q) {
      if (signal.aborted) return fail(aborted({ host: opts.server, port: opts.port, routed: false }, 'query', 1));
      return fail({ code: 'PROTOCOL_ERROR', stage: 'query', evidence: [`the verification query failed: ${q.error}`] });
    }
    let sql: SqlResult;
    try {
      sql = verificationRowToResult(q.row, {
        mutualAuth: conn.facts.mutualAuth,
        ...(conn.facts.tdsVersion ? { tdsVersion: conn.facts.tdsVersion } : {}),
      });
    } catch (err) {
      const e = err as SqlProbeError;
      return fail({ code: e.code, stage: 'query', evidence: e.evidence });
    }
    // Whether auth_scheme is Kerberos is the diagnosis' to judge (diagnose/), not the login's.
    return { ok: true, sql, tls: tls!, redirect, ms };
  } catch (err) {
    if (err instanceof KerbProbeError && err.code === 'CA_FILE') throw err;
    return fail({ code: 'UNKNOWN', stage: 'tcp', evidence: [(err as Error).message] });
  } finally {
    clearTimeout(timer);
    for (const c of connections) c.close();
    ms.total = performance.now() - started;
  }
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
