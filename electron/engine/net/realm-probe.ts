// One verdict per realm for the check's KDC steps: every KDC and KDC proxy the configuration names is
// probed at once; the realm is reachable when any of them answers with Kerberos.
import { Resolver } from 'node:dns/promises';
import { loadProfile, type LoadedProfile } from './krb5-profile';
import { parseKdcValue, realmConfig, type KdcLocation, type KdcProxyLocation, type RealmConfig } from './kdc-locations';
import { probeRealmKdcs, type KdcProbeResult } from './kdc';
import { probeKkdcp } from './kkdcp';
import { elapsed, type ProbeResult } from './probe-result';

/** One realm's verdict: ProbeResult's fields plus the clock reading and every endpoint's own result. */
export interface RealmProbeOutcome extends ProbeResult {
  /** KDC clock minus ours, from the first KDC that answered. */
  skewSeconds?: number;
  /** Seconds of skew the realm tolerates (krb5.conf clockskew). */
  toleranceSeconds?: number;
  /** What answered: `host:port` or the proxy URL. */
  via?: string;
  results: KdcProbeResult[];
}

export interface RealmTargets {
  realm: string;
  kdcs: string[];
  proxy: boolean;
  /** Why nothing was found, when kdcs is empty. */
  note?: string;
}

/** The KDCs and proxies krb5.conf lists for a realm, as `host:port` and URLs. */
export function realmTargets(
  realm: string,
  env: NodeJS.ProcessEnv = process.env,
  profile: LoadedProfile = loadProfile(env),
): RealmTargets | null {
  const cfg = realmConfig(realm, profile);
  if (cfg.kdcs.length === 0 && cfg.proxies.length === 0) return null;
  return {
    realm,
    kdcs: [...cfg.kdcs.map((k) => `${k.host}:${k.port}`), ...cfg.proxies.map((p) => p.url)],
    proxy: cfg.proxies.length > 0,
  };
}

/** DNS SRV discovery (`_kerberos._tcp.REALM`), as MIT does when krb5.conf names no KDC. */
async function discoverSrv(realm: string, budgetMs: number): Promise<KdcLocation[]> {
  const resolver = new Resolver({ timeout: Math.max(200, budgetMs), tries: 1 });
  try {
    const recs = await resolver.resolveSrv(`_kerberos._tcp.${realm}`);
    return recs
      .sort((a, b) => a.priority - b.priority || b.weight - a.weight)
      .map((record) => ({
        kind: 'kdc' as const,
        host: record.name,
        port: record.port,
        transport: 'tcp' as const,
        raw: `SRV ${record.name}:${record.port}`,
      }));
  } catch {
    return [];
  } finally {
    resolver.cancel();
  }
}

export async function probeRealm(
  realm: string,
  options: { budgetMs: number; signal?: AbortSignal; env?: NodeJS.ProcessEnv; profile?: LoadedProfile },
): Promise<RealmProbeOutcome> {
  const t0 = process.hrtime.bigint();
  let cfg: RealmConfig = realmConfig(realm, options.profile ?? loadProfile(options.env ?? process.env));
  const evidence: string[] = [];
  if (cfg.kdcs.length === 0 && cfg.proxies.length === 0 && cfg.dnsLookupKdc) {
    const found = await discoverSrv(realm, Math.floor(options.budgetMs / 3));
    if (found.length)
      evidence.push(`KDCs for ${realm} from DNS SRV: ${found.map((k) => `${k.host}:${k.port}`).join(', ')}`);
    cfg = { ...cfg, kdcs: found };
  }
  if (cfg.kdcs.length === 0 && cfg.proxies.length === 0) {
    return {
      ok: false,
      ms: elapsed(t0),
      failure: 'config',
      results: [],
      detail: `No KDC is configured for realm ${realm} (krb5.conf: ${cfg.files.join(', ') || 'none found'}).`,
      evidence: [...evidence, `no kdc entry for ${realm} in ${cfg.files.join(', ') || 'any krb5.conf'}`],
    };
  }
  return probeRealmConfig(cfg, { ...options, budgetMs: Math.max(0, options.budgetMs - elapsed(t0)) }, evidence, t0);
}

/** A realm config of known endpoints (Windows: the DC locator's KDCs, or the KDC proxy policy's URLs). */
export function locatedRealm(
  realm: string,
  found: { kdcs?: KdcLocation[]; proxyUrls?: string[]; anchors?: string[] },
): RealmConfig {
  const proxies: KdcProxyLocation[] = [];
  for (const url of found.proxyUrls ?? []) {
    const loc = parseKdcValue(url);
    if (loc?.kind === 'kkdcp') proxies.push(loc);
  }
  // Windows allows 5 minutes of skew by default, as MIT's clockskew default does.
  return {
    realm,
    kdcs: found.kdcs ?? [],
    proxies,
    httpAnchors: found.anchors ?? [],
    udpPreferenceLimit: 1465,
    clockSkew: 300,
    dnsLookupKdc: false,
    files: [],
  };
}

/** Probe every KDC and proxy of a realm config at once; the realm is reachable when one answers with Kerberos. */
export async function probeRealmConfig(
  cfg: RealmConfig,
  options: { budgetMs: number; signal?: AbortSignal },
  evidence: string[] = [],
  t0 = process.hrtime.bigint(),
): Promise<RealmProbeOutcome> {
  const realm = cfg.realm;
  if (cfg.kdcs.length === 0 && cfg.proxies.length === 0) {
    return {
      ok: false,
      ms: elapsed(t0),
      failure: 'config',
      results: [],
      detail: `No KDC was found for realm ${realm}.`,
      evidence: [...evidence, `no KDC endpoint for ${realm}`],
    };
  }
  const opts = { budgetMs: options.budgetMs, ...(options.signal ? { signal: options.signal } : {}) };
  const results = (
    await Promise.all([
      probeRealmKdcs(cfg, opts),
      Promise.all(
        cfg.proxies.map((proxy) =>
          probeKkdcp({ realm, url: proxy.url, anchors: cfg.httpAnchors, clockSkew: cfg.clockSkew, ...opts }),
        ),
      ),
    ])
  ).flat();
  const answered = results.find((r) => r.ok);
  const ms = elapsed(t0);
  const all = [...evidence, ...results.flatMap((r) => r.evidence)];
  if (answered) {
    // The KDC's own time (KRB-ERROR stime) is the reading; a proxy's HTTP Date stands in only without one.
    const clock =
      answered.clock ?? (answered.httpDate ? { ...answered.httpDate, toleranceSeconds: cfg.clockSkew } : undefined);
    return {
      ok: true,
      ms,
      detail: answered.detail,
      evidence: all,
      via: answered.kdc,
      results,
      ...(clock ? { skewSeconds: clock.skewSeconds, toleranceSeconds: clock.toleranceSeconds } : {}),
    };
  }
  const first = results[0]!;
  return {
    ok: false,
    ms,
    results,
    evidence: all,
    ...(first.failure ? { failure: first.failure } : {}),
    detail:
      results.length === 1
        ? first.detail
        : `None of the ${results.length} KDC endpoints of ${realm} answered: ${results.map((r) => r.detail).join(' ')}`,
  };
}
