// What every hop's real ports share: the Kerberos environment the check runs under (the process's, or the
// lab's KRB5_CONFIG / KRB5CCNAME / KERBPROBE_HOSTS layered over it), the krb5 profile read once, and the
// hosts override. Each hop binds its own ports from it (`bind` in hops/*.ts).
import type { BindingOptions, BindingSecurityContext, KerberosEnv } from '../kerberos/binding';
import type { SecurityTarget } from '../kerberos/security-context';

/** Makes a security context the way the native binding does (createBindingContext's shape). */
export type SecurityContextMaker = (target: SecurityTarget, options: BindingOptions) => Promise<BindingSecurityContext>;
import { runTool as runOsTool, type ToolRunner } from '../run-tool';
import { realmForHost } from '../net/kdc-locations';
import { loadHostsOverride, type HostsMap } from '../net/hosts-override';
import { loadProfile, type LoadedProfile } from '../net/krb5-profile';
import { readKdcProxyPolicy, type KdcProxyMapping } from '../environment/kdc-proxy-policy';
import { entraKdcProxyUrl } from '../environment/kdc-proxy-settings';
import { MICROSOFT_CA_NAMES } from '../net/tls-certificate';

export type { ToolRunner };

export interface Platform {
  env: NodeJS.ProcessEnv;
  /** Whose tools and layout the check reads (klist, dsregcmd and the registry on win32; krb5.conf elsewhere). */
  os: NodeJS.Platform;
  /** How an OS tool (klist, dsregcmd, reg, nltest) is run: the real one, or Windows outputs in tests. */
  runTool: ToolRunner;
  /** The variables the native binding needs to see (it reads them from the process environment). */
  krbEnv: KerberosEnv;
  /** krb5.conf as MIT reads it; null on Windows (the LSA has no krb5.conf) or when none can be read. */
  profile(): LoadedProfile | null;
  hosts: HostsMap | null;
  /** The realm krb5.conf's domain_realm maps a host to, if it says. */
  realmForHost(host: string): string | null;
  /** DNS servers (`host:port`) for the Windows KDC locator's SRV queries; the system's when absent. */
  dnsServers?: string[];
  /** CA files trusted for KDC proxies found by policy; the system store when absent (as Windows does). */
  kdcProxyAnchors?: string[];
  /** SSPI for a Windows check of the lab: security contexts that answer as SSPI does (the real binding otherwise). */
  sspi?: SecurityContextMaker;
  /** Windows: the KDC proxy servers policy, read once (empty elsewhere). */
  kdcProxyPolicy(): Promise<{ mappings: KdcProxyMapping[]; evidence: string[] }>;
  /** Names one of which a KDC proxy certificate's chain must carry; Microsoft's CAs unless the lab says its own. */
  kdcProxyIssuers: readonly string[];
  /** The Entra KDC proxy a device of this tenant uses when no policy names one (null: none to probe). */
  entraKdcProxyUrl(tenantId: string): string | null;
}

export interface PlatformOptions {
  /** Variables layered over process.env for every hop (KRB5_CONFIG, KRB5CCNAME, KERBPROBE_HOSTS). */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Replaces the OS tool runner (tests drive the Windows path with it). */
  runTool?: ToolRunner;
  dnsServers?: string[];
  kdcProxyAnchors?: string[];
  sspi?: SecurityContextMaker;
  kdcProxyIssuers?: string[];
  /** Replaces Entra's KDC proxy URL (the lab's own proxy, or null where the lab has none). */
  entraKdcProxyUrl?: (tenantId: string) => string | null;
}

export function createPlatform(opts: PlatformOptions = {}): Platform {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  const os = opts.platform ?? process.platform;
  let profile: LoadedProfile | null = null;
  const loaded = (): LoadedProfile | null => {
    if (os === 'win32') return null;
    try {
      profile ??= loadProfile(env);
      return profile;
    } catch {
      return null;
    }
  };
  const hosts = loadHostsOverride(env.KERBPROBE_HOSTS);
  // The check's environment unless a call says otherwise; exit 1 still carries an answer for klist and reg.
  const run: ToolRunner = (c, a, o) => (opts.runTool ?? runOsTool)(c, a, { env, okExitCodes: [1], ...o });
  let policy: ReturnType<Platform['kdcProxyPolicy']> | null = null;
  return {
    runTool: run,
    ...(opts.sspi ? { sspi: opts.sspi } : {}),
    ...(opts.dnsServers ? { dnsServers: opts.dnsServers } : {}),
    ...(opts.kdcProxyAnchors ? { kdcProxyAnchors: opts.kdcProxyAnchors } : {}),
    kdcProxyIssuers: opts.kdcProxyIssuers ?? MICROSOFT_CA_NAMES,
    entraKdcProxyUrl: opts.entraKdcProxyUrl ?? entraKdcProxyUrl,
    kdcProxyPolicy: () =>
      (policy ??= os === 'win32' ? readKdcProxyPolicy(run) : Promise.resolve({ mappings: [], evidence: [] })),
    env,
    os,
    krbEnv: {
      ...(env.KRB5_CONFIG ? { KRB5_CONFIG: env.KRB5_CONFIG } : {}),
      ...(env.KRB5CCNAME ? { KRB5CCNAME: env.KRB5CCNAME } : {}),
    },
    profile: loaded,
    hosts,
    realmForHost(host) {
      const p = loaded();
      return p ? realmForHost(host, p) : null;
    },
  };
}
