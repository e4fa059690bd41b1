// Binds the check's hops to the real engine: the krb5 profile, the resolver with the hosts override,
// TCP/KDC/KKDCP probes, the ticket cache reader, the native binding and the tedious Kerberos login.
// `env` lets one process check under another Kerberos environment (the lab's KRB5_CONFIG/KRB5CCNAME).
import { platform as osPlatform, release } from 'node:os';
import type { Target } from '../../contract/index';
import { classify, diagnosisFor } from '../diagnose/classify';
import type { Evidence } from '../diagnose/evidence';
import { acquireInitialToken, inspectionSummary } from '../kerberos/acquire';
import { createBindingFactory, type KerberosEnv } from '../kerberos/binding';
import { KerbProbeError } from '../errors';
import { realmForHost } from '../net/kdc-locations';
import { probeRealm, realmTargets } from '../net/realm-probe';
import { loadProfile, type LoadedProfile } from '../net/krb5-profile';
import { loadHostsOverride } from '../net/hosts-override';
import { resolveHost } from '../net/resolve';
import { probeTcp } from '../net/tcp';
import { sqlLogin } from '../sql/sql-login';
import { readCurrentCache } from '../tickets/current-cache';
import { toTicketSet } from '../tickets/ticket-source';
import { windowsEnvironment } from '../environment/windows-environment';
import type { AcquireResult, CheckDeps, EnvironmentFacts, KdcTargets, ProbeOutcome, SqlOutcome } from './types';

const TOOL_TIMEOUT_MS = 3000;

export interface RealDepsOptions {
  /** Variables layered over process.env for every hop (KRB5_CONFIG, KRB5CCNAME, KERBPROBE_HOSTS). */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export function createRealDeps(opts: RealDepsOptions = {}): CheckDeps {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  const platform = opts.platform ?? process.platform;
  const krbEnv: KerberosEnv = { ...(env.KRB5_CONFIG ? { KRB5_CONFIG: env.KRB5_CONFIG } : {}), ...(env.KRB5CCNAME ? { KRB5CCNAME: env.KRB5CCNAME } : {}) };
  let profile: LoadedProfile | null = null;
  const loaded = (): LoadedProfile | null => {
    if (platform === 'win32') return null;
    try {
      profile ??= loadProfile(env);
      return profile;
    } catch {
      return null;
    }
  };
  const hosts = loadHostsOverride(env.KERBPROBE_HOSTS);

  return {
    async environment(): Promise<EnvironmentFacts> {
      if (platform === 'win32') return windowsEnvironment(env);
      const p = loaded();
      const files = p?.files.length ? p.files.join(', ') : 'none found';
      const cache = env.KRB5CCNAME ?? '(default cache)';
      const warnings = p?.files.length ? [] : ['no krb5.conf could be read: KDCs and realm mappings are unknown'];
      return {
        os: `${osPlatform()} ${release()}`,
        detail: `${osPlatform()} ${release()}; krb5.conf: ${files}; ticket cache: ${cache}`,
        evidence: [`KRB5_CONFIG=${env.KRB5_CONFIG ?? '(default)'}`, `KRB5CCNAME=${cache}`],
        warnings,
      };
    },

    async resolve(host, signal) {
      const r = await resolveHost(host, { signal, budgetMs: 2000, hosts });
      if (!r.ok) throw new KerbProbeError('DNS_FAILURE', r.detail);
      return { addresses: r.addresses, source: r.source ?? 'dns', cname: r.cnameChain };
    },

    async tcp(address, port, budgetMs, signal): Promise<ProbeOutcome> {
      const r = await probeTcp(address, port, { budgetMs, signal });
      return { ok: r.ok, ms: r.ms, detail: r.detail, evidence: r.evidence, ...(r.ok ? {} : { code: 'SQL_UNREACHABLE' as const }) };
    },

    realmForHost(host) {
      const p = loaded();
      return p ? realmForHost(host, p) : null;
    },

    kdcTargets(realm): KdcTargets | null {
      const p = loaded();
      return p ? realmTargets(realm, env, p) : null;
    },

    async probeKdc(realm, role, budgetMs, signal) {
      const p = loaded();
      const r = await probeRealm(realm, role, { budgetMs, signal, env, ...(p ? { profile: p } : {}) });
      return {
        ok: r.ok, ms: r.ms, detail: r.detail, evidence: r.evidence,
        ...(r.skewSeconds !== undefined ? { skewSeconds: r.skewSeconds } : {}),
        ...(r.code ? { code: r.code } : {}),
      };
    },

    async readTickets(spn) {
      const src = await readCurrentCache({ env, platform, timeoutMs: TOOL_TIMEOUT_MS });
      return toTicketSet(src, { spn, now: new Date() });
    },

    async acquire(target, budgetMs, signal): Promise<AcquireResult> {
      const expectedRealm = this.realmForHost(target.host) ?? undefined;
      const a = await acquireInitialToken(target, { env: krbEnv, callBudgetMs: budgetMs, signal, platform, ...(expectedRealm ? { expectedRealm } : {}) });
      return { token: a.token, context: a, inspection: inspectionSummary(a) };
    },

    async sqlLogin(target: Target, acquired, budgetMs, signal): Promise<SqlOutcome> {
      const a = acquired?.context as Awaited<ReturnType<typeof acquireInitialToken>> | undefined;
      const r = await sqlLogin({
        server: target.server,
        port: target.port,
        ...(target.address ? { address: target.address } : {}),
        ...(target.database ? { database: target.database } : {}),
        encrypt: target.encrypt,
        ...(target.caFile ? { caFile: target.caFile } : {}),
        trustServerCertificate: target.trustServerCertificate,
        budgetMs,
        signal,
        contextFactory: createBindingFactory({ env: krbEnv, signal, platform }),
        ...(a ? { initial: { context: a.context, token: a.token } } : {}),
        resolveHost: async (host, sig, budget) => {
          const res = await resolveHost(host, { signal: sig, budgetMs: budget, hosts });
          if (!res.ok || !res.addresses[0]) throw new KerbProbeError('DNS_FAILURE', res.detail);
          return res.addresses[0];
        },
      });
      if (r.ok) return { ok: true, sql: r.sql, tls: r.tls, redirect: r.redirect, ms: { ...(r.ms.tls !== undefined ? { tls: r.ms.tls } : {}), ...(r.ms.login !== undefined ? { login: r.ms.login } : {}), ...(r.ms.query !== undefined ? { query: r.ms.query } : {}) } };
      return { ok: false, code: r.code, evidence: r.evidence, stage: r.stage, tls: r.tls, redirect: r.redirect };
    },

    classify(evidence: Evidence[]) {
      const d = classify(evidence);
      return { code: d.code, evidence: d.evidence };
    },

    diagnosisFor,
  };
}
