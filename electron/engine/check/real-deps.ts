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
import { probeRealmKdcs } from '../net/kdc';
import { probeKkdcp } from '../net/kkdcp';
import { realmConfig, realmForHost } from '../net/kdc-locations';
import { loadProfile, type LoadedProfile } from '../net/krb5-profile';
import { loadHostsOverride } from '../net/hosts-override';
import { resolveHost } from '../net/resolve';
import { probeTcp } from '../net/tcp';
import { sqlLogin } from '../sql/sql-login';
import { readCurrentCache } from '../tickets/current-cache';
import { toTicketSet } from '../tickets/ticket-source';
import { runTool } from '../tickets/run-tool';
import { parseDsregcmd } from '../tickets/dsregcmd';
import { parseCloudDebug } from '../tickets/windows-cloud-debug';
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
      if (!p) return null;
      const cfg = realmConfig(realm, p);
      const kdcs = [...cfg.kdcs.map((k) => k.raw), ...cfg.proxies.map((k) => k.url)];
      return kdcs.length ? { realm, kdcs, proxy: cfg.proxies.length > 0 && cfg.kdcs.length === 0 } : null;
    },

    async probeKdc(realm, role, budgetMs, signal) {
      const p = loaded();
      const down = role === 'user' ? ('KDC_UNREACHABLE' as const) : ('CLOUD_KDC_UNREACHABLE' as const);
      if (!p) return { ok: false, ms: 0, detail: 'no krb5.conf', evidence: [], code: down };
      const cfg = realmConfig(realm, p);
      const results = cfg.kdcs.length
        ? await probeRealmKdcs(cfg, { budgetMs, signal })
        : await Promise.all(cfg.proxies.map((px) => probeKkdcp({ realm, url: px.url, anchors: cfg.httpAnchors, budgetMs, signal, clockSkew: cfg.clockSkew })));
      const good = results.find((r) => r.ok);
      const r = good ?? results[0];
      if (!r) return { ok: false, ms: 0, detail: `no KDC configured for ${realm}`, evidence: [], code: down };
      const evidence = results.flatMap((x) => x.evidence);
      return {
        ok: Boolean(good),
        ms: r.ms,
        via: r.transport,
        detail: good ? r.detail : results.map((x) => x.detail).join('; '),
        evidence,
        ...(r.clock ? { skewSeconds: r.clock.skewSeconds } : {}),
        ...(good ? {} : { code: down }),
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

/** Windows: join state and cloud-Kerberos policy, read with timeouts (a missing tool is a warning). */
async function windowsEnvironment(env: NodeJS.ProcessEnv): Promise<EnvironmentFacts> {
  const [dsreg, cloud] = await Promise.allSettled([
    runTool('dsregcmd', ['/status'], { timeoutMs: TOOL_TIMEOUT_MS, env }),
    runTool('klist', ['cloud_debug'], { timeoutMs: TOOL_TIMEOUT_MS, env }),
  ]);
  const evidence: string[] = [];
  const warnings: string[] = [];
  const facts: Evidence[] = [];
  let cloudTgt: boolean | null = null;
  let policy: boolean | null = null;
  if (dsreg.status === 'fulfilled') {
    const d = parseDsregcmd(dsreg.value.stdout);
    cloudTgt = d.sso.cloudTgt;
    facts.push({ kind: 'dsregcmd', azureAdJoined: d.device.azureAdJoined, domainJoined: d.device.domainJoined, azureAdPrt: d.sso.azureAdPrt, cloudTgt: d.sso.cloudTgt, onPremTgt: d.sso.onPremTgt });
    const yn = (b: boolean | null) => (b === null ? '?' : b ? 'YES' : 'NO');
    evidence.push(`dsregcmd: AzureAdJoined ${yn(d.device.azureAdJoined)}, DomainJoined ${yn(d.device.domainJoined)}, AzureAdPrt ${yn(d.sso.azureAdPrt)}, OnPremTgt ${yn(d.sso.onPremTgt)}, CloudTgt ${yn(d.sso.cloudTgt)}`);
  } else warnings.push(`dsregcmd /status could not be read: ${dsreg.reason instanceof Error ? dsreg.reason.message : String(dsreg.reason)}`);
  if (cloud.status === 'fulfilled') {
    const c = parseCloudDebug(cloud.value.stdout);
    policy = c.enabledByPolicy;
    facts.push({ kind: 'cloud-debug', policyEnabled: c.enabledByPolicy, cloudTgtAvailable: c.cloudPrimaryTgtAvailable });
    evidence.push(`klist cloud_debug: enabled by policy ${c.enabledByPolicy === null ? '?' : Number(c.enabledByPolicy)}, cloud TGT available ${c.cloudPrimaryTgtAvailable === null ? '?' : Number(c.cloudPrimaryTgtAvailable)}`);
  } else warnings.push(`klist cloud_debug could not be read: ${cloud.reason instanceof Error ? cloud.reason.message : String(cloud.reason)}`);
  return { os: `Windows ${release()}`, detail: `Windows ${release()}; ${evidence.join('; ') || 'join state unknown'}`, evidence, warnings, cloudTgt, cloudKerberosPolicy: policy, facts };
}
