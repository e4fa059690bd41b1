// Hop 7: TLS, the TDS login carrying the Kerberos token (the server's AP-REP verified: mutual
// authentication), a redirect if the gateway routes us, and the proof query `auth_scheme`. The connection
// starts as soon as the name resolves: TCP, PRELOGIN and TLS need no ticket, so they run beside the Kerberos
// exchanges and only LOGIN7 waits for the token. What it finds counts only when the path to it is whole (the
// port reachable, a token obtained): otherwise those hops' evidence speaks, as if it had never started.
import type { TlsInfo } from '../../../contract/index';
import { isKerberosScheme } from '../../diagnose/classify';
import type { Evidence } from '../../diagnose/evidence';
import type { Acquisition } from '../../kerberos/acquire';
import { createBindingFactory } from '../../kerberos/binding';
import { resolverWith, sqlLogin, type SqlLoginResult } from '../../sql/sql-login';
import { KerbProbeError } from '../../errors';
import type { Hop } from '../hop';
import type { StepRecorder } from '../step-recorder';
import type { CheckTarget } from '../target';
import { errorText } from '../hop-text';
import { addressHop } from './address';
import { kerberosHop, type AcquiredToken } from './kerberos';
import { networkHop } from './network';

export interface SqlDeps {
  /** `acquired` settles with the token (null: none came); the login goes as far as LOGIN7 meanwhile. */
  sqlLogin(
    target: CheckTarget,
    acquired: Promise<AcquiredToken | null>,
    budgetMs: number,
    signal: AbortSignal,
  ): Promise<SqlLoginResult>;
}

/** The login keeps this much of the check's budget so it can classify its own timeout. */
const CLASSIFY_MARGIN_MS = 250;
const SQL_STEPS = ['tls', 'login', 'redirect', 'query'] as const;

export const sqlHop: Hop<{ result: SqlLoginResult | null }, SqlDeps> = {
  name: 'sql',
  needs: [addressHop, networkHop, kerberosHop],
  async run({ target, deps, steps, signal, remaining, cancelled, need }) {
    const { address } = await need(addressHop);
    const unused = new AbortController();
    const loginSignal = AbortSignal.any([signal, unused.signal]);
    const acquired = need(kerberosHop).then((krb) => krb.acquired);
    const login = address
      ? deps.sqlLogin({ ...target, address }, acquired, Math.max(0, remaining() - CLASSIFY_MARGIN_MS), loginSignal)
      : null;
    login?.catch(() => undefined); // awaited below, or dropped when the path to it is broken
    const [net, krb] = await Promise.all([need(networkHop), need(kerberosHop)]);
    if (!net.reachable || !krb.acquired || !login) {
      unused.abort(new KerbProbeError('SQL_NOT_NEEDED', 'the check no longer needs this login'));
      await login?.catch(() => undefined); // its sockets are closed before the check ends
      const why = !net.reachable ? 'SQL is not reachable' : 'no Kerberos token to log in with';
      for (const id of SQL_STEPS) steps.record(id, 'skip', why);
      return { out: { result: null } };
    }
    let result: SqlLoginResult;
    try {
      result = await login;
    } catch (err) {
      if (cancelled()) throw err;
      const timedOut = signal.aborted || (err instanceof KerbProbeError && err.code === 'TIMEOUT');
      return { out: { result: null }, evidence: recordLoginError(steps, err, timedOut, target, net.address) };
    }
    return { out: { result }, evidence: recordSql(steps, result) };
  },
  bind: (platform) => ({
    sqlLogin(target, acquired, budgetMs, signal) {
      const initial = acquired.then((token) => {
        if (!token) return null;
        const acquisition = token.context as Acquisition;
        return { context: acquisition.context, token: acquisition.token };
      });
      // The target is the login's own shape (server, port, address, database, encrypt, trust flag) and the
      // CA file's PEM text read once at the edge (caPem); the path stays with the report, never the login.
      const { caFile: _path, ...login } = target;
      return sqlLogin({
        ...login,
        budgetMs,
        signal,
        contextFactory: platform.sspi
          ? (service) => platform.sspi!(service, { env: platform.krbEnv, signal, platform: 'win32' })
          : createBindingFactory({ env: platform.krbEnv, signal }),
        initial,
        resolveHost: resolverWith(platform.hosts),
      });
    },
  }),
};

function tlsDetail(tls: TlsInfo | null): string {
  if (!tls) return 'no TLS details';
  const issued = `issued by ${tls.issuer ?? '?'}, valid to ${tls.validTo ?? '?'}`;
  const certificate = `certificate ${tls.subject ?? '?'} ${issued}`;
  const name = `name ${tls.nameMatches === false ? 'does NOT match' : 'matches'}`;
  const trusted = tls.trusted === false ? 'NOT trusted' : 'trusted';
  const turnedOff = tls.trustServerCertificate
    ? ' — certificate validation was turned OFF (trust server certificate)'
    : '';
  return `${tls.protocol ?? 'TLS'}; ${certificate}; ${name}; ${trusted}${turnedOff}`;
}

/** A login that threw instead of classifying its own failure: it never got past the login step. */
function recordLoginError(
  steps: StepRecorder,
  err: unknown,
  timedOut: boolean,
  target: CheckTarget,
  address: string | null,
) {
  // A login that never ends is the blackhole case: it is an unreachable server, not a timeout of ours.
  const text = timedOut
    ? `no answer from ${address}:${target.port} within the ${target.timeoutSeconds} s budget`
    : errorText(err);
  const evidence: Evidence = timedOut
    ? {
        kind: 'socket',
        code: 'ETIMEDOUT',
        stage: 'sql',
        ...(address ? { host: address } : {}),
        port: target.port,
        detail: text,
      }
    : {
        kind: 'engine-error',
        ...(err instanceof KerbProbeError ? { code: err.code } : {}),
        message: text,
        source: 'SQL login',
      };
  steps.record('tls', 'pass', 'no TLS details');
  steps.record('login', 'fail', text, [text]);
  steps.record('redirect', 'skip', 'not reached: login failed');
  steps.record('query', 'skip', 'not reached: login failed');
  return [{ step: 'login' as const, evidence: [evidence] }];
}

type LoggedIn = Extract<SqlLoginResult, { ok: true }>;
type LoginFailed = Extract<SqlLoginResult, { ok: false }>;

function recordSql(steps: StepRecorder, result: SqlLoginResult) {
  return result.ok ? recordLoggedIn(steps, result) : recordLoginFailed(steps, result);
}

function recordLoggedIn(steps: StepRecorder, { sql, tls, redirect, ms }: LoggedIn) {
  steps.record('tls', tls.trustServerCertificate ? 'warn' : 'pass', tlsDetail(tls), [], ms.tls ?? 0);
  const mutual = sql.mutualAuth ? 'verified (AP-REP checked)' : 'NOT verified';
  steps.record(
    'login',
    'pass',
    `logged in as ${sql.login} with Kerberos; mutual authentication ${mutual}`,
    [],
    ms.login ?? ms.total,
  );
  steps.record(
    'redirect',
    redirect ? 'pass' : 'skip',
    redirect
      ? `redirected ${redirect.from} → ${redirect.to}; the routed connection authenticated with its own ticket`
      : 'no redirect (Proxy policy or direct node)',
  );
  steps.record(
    'query',
    isKerberosScheme(sql.authScheme) ? 'pass' : 'fail',
    `auth_scheme = ${sql.authScheme}, login ${sql.login}, server ${sql.server}, encrypt ${sql.encrypt}`,
    [],
    ms.query ?? 0,
  );
  return [{ step: 'query' as const, evidence: [{ kind: 'auth-scheme' as const, scheme: sql.authScheme }] }];
}

function recordLoginFailed(steps: StepRecorder, failure: LoginFailed) {
  const failAt = failure.stage === 'tcp' ? 'tls' : failure.stage;
  let reached = false;
  for (const id of SQL_STEPS) {
    if (id === failAt) {
      reached = true;
      steps.record(id, 'fail', `${failure.code}: ${failure.evidence[0] ?? ''}`, failure.evidence);
    } else if (!reached) {
      const detail = id === 'tls' ? tlsDetail(failure.tls) : id === 'redirect' ? 'no redirect' : 'done';
      steps.record(id, id === 'redirect' ? 'skip' : 'pass', detail);
    } else steps.record(id, 'skip', `not reached: ${failAt} failed`);
  }
  // The login path has classified its own failure (diagnose reads that as an engine module's typed error).
  const lines = failure.evidence.length ? failure.evidence : [`the SQL login failed during ${failure.stage}`];
  return [
    {
      step: failAt,
      evidence: lines.map((line): Evidence => ({
        kind: 'engine-error',
        code: failure.code,
        message: line,
        source: 'SQL login',
      })),
    },
  ];
}
