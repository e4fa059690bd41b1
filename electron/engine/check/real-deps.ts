// Binds the check's hops to the real platform: the krb5 profile, the resolver with the hosts override,
// TCP/KDC/KKDCP probes, the ticket cache reader, the native binding and the tedious Kerberos login.
// `env` lets one process check under another Kerberos environment (the lab's KRB5_CONFIG/KRB5CCNAME).
import { platform as osPlatform, release } from 'node:os';
import type { Target } from '../../contract/index';
import { acquireInitialToken, inspectionSummary, type Acquisition } from '../kerberos/acquire';
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
import type { EnvironmentFacts } from '../environment/environment-facts';
import { windowsEnvironment } from '../environment/windows-environment';
import type { CheckDeps } from './pipeline';

const TOOL_TIMEOUT_MS = 3000;
const DNS_BUDGET_MS = 2000;

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
  const realmOfHost = (host: string): string | null => {
    const p = loaded();
    return p ? realmForHost(host, p) : null;
  };

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

    resolve: (host, signal) => resolveHost(host, { signal, budgetMs: DNS_BUDGET_MS, hosts }),

    tcp: (address, port, budgetMs, signal) => probeTcp(address, port, { budgetMs, signal }),

    realmForHost: realmOfHost,

    kdcTargets(realm) {
      const p = loaded();
      return p ? realmTargets(realm, env, p) : null;
    },

    probeKdc(realm, budgetMs, signal) {
      const p = loaded();
      return probeRealm(realm, { budgetMs, signal, env, ...(p ? { profile: p } : {}) });
    },

    async readTickets(spn, now) {
      const src = await readCurrentCache({ env, platform, timeoutMs: TOOL_TIMEOUT_MS });
      return toTicketSet(src, { spn, now });
    },

    async acquire(target, budgetMs, signal) {
      const expectedRealm = realmOfHost(target.host) ?? undefined;
      const a = await acquireInitialToken(target, { env: krbEnv, callBudgetMs: budgetMs, signal, platform, ...(expectedRealm ? { expectedRealm } : {}) });
      return { token: a.token, context: a, inspection: inspectionSummary(a) };
    },

    sqlLogin(target: Target, acquired, budgetMs, signal) {
      const a = acquired.context as Acquisition;
      return sqlLogin({
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
        initial: { context: a.context, token: a.token },
        resolveHost: async (host, sig, budget) => {
          const res = await resolveHost(host, { signal: sig, budgetMs: budget, hosts });
          if (!res.ok || !res.addresses[0]) throw new KerbProbeError('DNS_FAILURE', res.detail);
          return res.addresses[0];
        },
      });
    },
  };
}
