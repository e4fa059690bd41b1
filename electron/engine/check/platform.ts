// What every hop's real ports share: the Kerberos environment the check runs under (the process's, or the
// lab's KRB5_CONFIG / KRB5CCNAME / KERBPROBE_HOSTS layered over it), the krb5 profile read once, and the
// hosts override. Each hop binds its own ports from it (`bind` in hops/*.ts).
import type { KerberosEnv } from '../kerberos/binding';
import { runTool as runOsTool } from '../run-tool';
import { realmForHost } from '../net/kdc-locations';
import { loadHostsOverride, type HostsMap } from '../net/hosts-override';
import { loadProfile, type LoadedProfile } from '../net/krb5-profile';

/** How the engine runs an OS tool (klist, dsregcmd, reg, nltest): the real one, or Windows outputs in tests. */
export type RunTool = typeof runOsTool;

export interface Platform {
  env: NodeJS.ProcessEnv;
  /** Whose tools and layout the check reads (klist, dsregcmd and the registry on win32; krb5.conf elsewhere). */
  os: NodeJS.Platform;
  runTool: RunTool;
  /** The variables the native binding needs to see (it reads them from the process environment). */
  krbEnv: KerberosEnv;
  /** krb5.conf as MIT reads it; null on Windows (the LSA has no krb5.conf) or when none can be read. */
  profile(): LoadedProfile | null;
  hosts: HostsMap | null;
  /** The realm krb5.conf's domain_realm maps a host to, if it says. */
  realmForHost(host: string): string | null;
}

export interface PlatformOptions {
  /** Variables layered over process.env for every hop (KRB5_CONFIG, KRB5CCNAME, KERBPROBE_HOSTS). */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The OS tools; by default the real ones. Tests of the Windows path answer with outputs rendered from the lab. */
  runTool?: RunTool;
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
  return {
    env,
    os,
    runTool: opts.runTool ?? runOsTool,
    krbEnv: { ...(env.KRB5_CONFIG ? { KRB5_CONFIG: env.KRB5_CONFIG } : {}), ...(env.KRB5CCNAME ? { KRB5CCNAME: env.KRB5CCNAME } : {}) },
    profile: loaded,
    hosts,
    realmForHost(host) {
      const p = loaded();
      return p ? realmForHost(host, p) : null;
    },
  };
}
