// What every hop's real ports share: the operating system's services (os-services.ts: this machine's unless
// the caller passes others), the Kerberos environment the check runs under (the process's, or another
// KRB5_CONFIG / KRB5CCNAME / KERBPROBE_HOSTS layered over it), the krb5 profile read once, and the hosts
// override. Each hop binds its own ports from it (`bind` in hops/*.ts).
import type { KerberosEnv } from '../kerberos/binding';
import type { ToolRunner } from '../run-tool';
import { realmForHost } from '../net/kdc-locations';
import { loadHostsOverride, type HostsMap } from '../net/hosts-override';
import { loadProfile, type LoadedProfile } from '../net/krb5-profile';
import { readKdcProxyPolicy, type KdcProxyMapping } from '../environment/kdc-proxy-policy';
import { realOs, type OsServices } from './os-services';

export type { ToolRunner };
export type { OsServices, SecurityContextMaker } from './os-services';

export interface Platform extends Omit<OsServices, 'platform'> {
  env: NodeJS.ProcessEnv;
  /** Whose tools and layout the check reads (OsServices' platform). */
  os: NodeJS.Platform;
  /** The OS's tool runner under the check's environment; exit 1 still carries an answer (klist, reg). */
  runTool: ToolRunner;
  /** The variables the native binding needs to see (it reads them from the process environment). */
  krbEnv: KerberosEnv;
  /** krb5.conf as MIT reads it; null on Windows (the LSA has no krb5.conf) or when none can be read. */
  profile(): LoadedProfile | null;
  hosts: HostsMap | null;
  /** The realm krb5.conf's domain_realm maps a host to, if it says. */
  realmForHost(host: string): string | null;
  /** Windows: the KDC proxy servers policy, read once (empty elsewhere). */
  kdcProxyPolicy(): Promise<{ mappings: KdcProxyMapping[]; evidence: string[] }>;
}

export interface PlatformOptions {
  /** Variables layered over process.env for every hop (KRB5_CONFIG, KRB5CCNAME, KERBPROBE_HOSTS). */
  env?: NodeJS.ProcessEnv;
  /** The operating system's services; this machine's when absent. */
  os?: OsServices;
}

export function createPlatform(opts: PlatformOptions = {}): Platform {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  const { platform: os, runTool: osRunTool, ...services } = opts.os ?? realOs();
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
  const runTool: ToolRunner = (command, args, options) =>
    osRunTool(command, args, { env, okExitCodes: [1], ...options });
  let policy: ReturnType<Platform['kdcProxyPolicy']> | null = null;
  return {
    ...services,
    runTool,
    kdcProxyPolicy: () =>
      (policy ??= os === 'win32' ? readKdcProxyPolicy(runTool) : Promise.resolve({ mappings: [], evidence: [] })),
    env,
    os,
    krbEnv: {
      ...(env.KRB5_CONFIG ? { KRB5_CONFIG: env.KRB5_CONFIG } : {}),
      ...(env.KRB5CCNAME ? { KRB5CCNAME: env.KRB5CCNAME } : {}),
    },
    profile: loaded,
    hosts: loadHostsOverride(env.KERBPROBE_HOSTS),
    realmForHost(host) {
      const loadedProfile = loaded();
      return loadedProfile ? realmForHost(host, loadedProfile) : null;
    },
  };
}
