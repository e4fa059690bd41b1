// Hop 7: TLS, the TDS login carrying the Kerberos token (the server's AP-REP verified: mutual
// authentication), a redirect if the gateway routes us, and the proof query `auth_scheme`.
import type { Target, TlsInfo } from '../../../contract/index';
import { isKerberosScheme } from '../../diagnose/classify';
import type { Evidence } from '../../diagnose/evidence';
import type { Acquisition } from '../../kerberos/acquire';
import { createBindingFactory } from '../../kerberos/binding';
import { readCaFile } from '../../sql/ca-file';
import { resolverWith, sqlLogin, type SqlLoginResult } from '../../sql/sql-login';
import { KerbProbeError } from '../../errors';
import type { Hop } from '../hop';
import type { StepRecorder } from '../step-recorder';
import { errorText } from '../hop-text';
import { kerberosHop, type AcquiredToken } from './kerberos';
import { networkHop } from './network';

export interface SqlDeps {
  sqlLogin(target: Target, acquired: AcquiredToken, budgetMs: number, signal: AbortSignal): Promise<SqlLoginResult>;
}

/** The login keeps this much of the check's budget so it can classify its own timeout. */
const CLASSIFY_MARGIN_MS = 250;
const SQL_STEPS = ['tls', 'login', 'redirect', 'query'] as const;

export const sqlHop: Hop<{ result: SqlLoginResult | null }, SqlDeps> = {
  name: 'sql',
  needs: [networkHop, kerberosHop],
  async run({ target, deps, steps, signal, remaining, cancelled, need }) {
    const [net, krb] = await Promise.all([need(networkHop), need(kerberosHop)]);
    if (!net.reachable || !krb.acquired) {
      const why = !net.reachable ? 'SQL is not reachable' : 'no Kerberos token to log in with';
      for (const id of SQL_STEPS) steps.record(id, 'skip', why);
      return { out: { result: null } };
    }
    const addressed: Target = { ...target, ...(net.address ? { address: net.address } : {}) };
    let result: SqlLoginResult;
    try {
      result = await deps.sqlLogin(addressed, krb.acquired, Math.max(0, remaining() - CLASSIFY_MARGIN_MS), signal);
    } catch (err) {
      if (cancelled()) throw err;
      // A login that never ends is the blackhole case: it is an unreachable server, not a timeout of ours.
      const timedOut = signal.aborted || (err instanceof KerbProbeError && err.code === 'TIMEOUT');
      const text = timedOut
        ? `no answer from ${net.address}:${target.port} within the ${target.timeoutSeconds} s budget`
        : errorText(err);
      const evidence: Evidence = timedOut
        ? {
            kind: 'socket',
            code: 'ETIMEDOUT',
            stage: 'sql',
            ...(net.address ? { host: net.address } : {}),
            port: target.port,
            detail: text,
          }
        : {
            kind: 'engine-error',
            ...(err instanceof KerbProbeError ? { code: err.code } : {}),
            message: text,
            source: 'SQL login',
          };
      for (const id of SQL_STEPS)
        steps.record(
          id,
          id === 'login' ? 'fail' : id === 'tls' ? 'pass' : 'skip',
          id === 'login' ? text : id === 'tls' ? 'no TLS details' : 'not reached: login failed',
          id === 'login' ? [text] : [],
        );
      return { out: { result: null }, evidence: [{ step: 'login', evidence: [evidence] }] };
    }
    return { out: { result }, evidence: recordSql(steps, result) };
  },
  bind: (p) => ({
    async sqlLogin(target, acquired, budgetMs, signal) {
      const a = acquired.context as Acquisition;
      // The target is the login's own shape (server, port, address, database, encrypt, trust flag); the login
      // takes the CA's PEM text, never a path. Read here once for now: the edge will hand the PEM in.
      const { caFile, ...login } = target;
      const caPem = caFile ? await readCaFile(caFile) : undefined;
      return sqlLogin({
        ...login,
        ...(caPem ? { caPem } : {}),
        budgetMs,
        signal,
        contextFactory: p.sspi
          ? (t) => p.sspi!(t, { env: p.krbEnv, signal, platform: 'win32' })
          : createBindingFactory({ env: p.krbEnv, signal }),
        initial: { context: a.context, token: a.token },
        resolveHost: resolverWith(p.hosts),
      });
    },
  }),
};

function tlsDetail(tls: TlsInfo | null): string {
  return tls
    ? `${tls.protocol ?? 'TLS'}; certificate ${tls.subject ?? '?'} issued by ${tls.issuer ?? '?'}, valid to ${tls.validTo ?? '?'}; name ${tls.nameMatches === false ? 'does NOT match' : 'matches'}; ${tls.trusted === false ? 'NOT trusted' : 'trusted'}${tls.trustServerCertificate ? ' — certificate validation was turned OFF (trust server certificate)' : ''}`
    : 'no TLS details';
}

function recordSql(steps: StepRecorder, r: SqlLoginResult) {
  const tls = tlsDetail(r.tls);
  if (r.ok) {
    steps.record('tls', r.tls?.trustServerCertificate ? 'warn' : 'pass', tls, [], r.ms.tls ?? 0);
    steps.record(
      'login',
      'pass',
      `logged in as ${r.sql.login} with Kerberos; mutual authentication ${r.sql.mutualAuth ? 'verified (AP-REP checked)' : 'NOT verified'}`,
      [],
      r.ms.login ?? r.ms.total,
    );
    steps.record(
      'redirect',
      r.redirect ? 'pass' : 'skip',
      r.redirect
        ? `redirected ${r.redirect.from} → ${r.redirect.to}; the routed connection authenticated with its own ticket`
        : 'no redirect (Proxy policy or direct node)',
    );
    steps.record(
      'query',
      isKerberosScheme(r.sql.authScheme) ? 'pass' : 'fail',
      `auth_scheme = ${r.sql.authScheme}, login ${r.sql.login}, server ${r.sql.server}, encrypt ${r.sql.encrypt}`,
      [],
      r.ms.query ?? 0,
    );
    return [{ step: 'query' as const, evidence: [{ kind: 'auth-scheme' as const, scheme: r.sql.authScheme }] }];
  }
  const failAt = r.stage === 'tcp' ? 'tls' : r.stage;
  let reached = false;
  for (const id of SQL_STEPS) {
    if (id === failAt) {
      reached = true;
      steps.record(id, 'fail', `${r.code}: ${r.evidence[0] ?? ''}`, r.evidence);
    } else if (!reached) {
      steps.record(
        id,
        id === 'redirect' ? 'skip' : 'pass',
        id === 'tls' ? tls : id === 'redirect' ? 'no redirect' : 'done',
      );
    } else steps.record(id, 'skip', `not reached: ${failAt} failed`);
  }
  // The login path has classified its own failure (diagnose reads that as an engine module's typed error).
  const lines = r.evidence.length ? r.evidence : [`the SQL login failed during ${r.stage}`];
  return [
    {
      step: failAt,
      evidence: lines.map((line): Evidence => ({
        kind: 'engine-error',
        code: r.code,
        message: line,
        source: 'SQL login',
      })),
    },
  ];
}
