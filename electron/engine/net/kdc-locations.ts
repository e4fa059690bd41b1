// Where the KDCs of a realm are, per the krb5.conf in effect: `kdc = host[:port]`, `tcp/host`,
// `udp/host`, `[v6]:port`, or an MS-KKDCP proxy `https://host[:port]/path` with `http_anchors`.
import { getValue, getValues, loadProfile, profileBool, profileSeconds, type Profile } from './krb5-profile';

export interface KdcLocation {
  kind: 'kdc';
  host: string;
  port: number;
  /** 'any' = MIT's default: UDP first for small requests, then TCP. */
  transport: 'tcp' | 'udp' | 'any';
  raw: string;
}

export interface KdcProxyLocation {
  kind: 'kkdcp';
  url: string;
  host: string;
  port: number;
  raw: string;
}

export interface RealmConfig {
  realm: string;
  kdcs: KdcLocation[];
  proxies: KdcProxyLocation[];
  /** CA files from `http_anchors = FILE:…` for the proxies. */
  httpAnchors: string[];
  udpPreferenceLimit: number;
  /** Allowed clock skew in seconds (`clockskew`, default 300). */
  clockSkew: number;
  dnsLookupKdc: boolean;
  /** Files the answer came from. */
  files: string[];
}

/** Parse one `kdc =` value. Returns null for a value we cannot read (reported, not thrown). */
export function parseKdcValue(raw: string): KdcLocation | KdcProxyLocation | null {
  const value = raw.trim();
  if (/^https:\/\//i.test(value)) {
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(value);
    } catch {
      return null;
    }
    return {
      kind: 'kkdcp',
      url: parsedUrl.href,
      host: parsedUrl.hostname.replace(/^\[|\]$/g, ''),
      port: Number(parsedUrl.port || 443),
      raw: value,
    };
  }
  let rest = value;
  let transport: KdcLocation['transport'] = 'any';
  const pref = /^(tcp|udp)\//i.exec(rest);
  if (pref) {
    transport = pref[1]!.toLowerCase() as 'tcp' | 'udp';
    rest = rest.slice(pref[0].length);
  }
  let host: string;
  let port = 88;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (v6) {
    host = v6[1]!;
    if (v6[2]) port = Number(v6[2]);
  } else {
    const hostPort = /^([^:\s]+)(?::(\d+))?$/.exec(rest);
    if (!hostPort) return null;
    host = hostPort[1]!;
    if (hostPort[2]) port = Number(hostPort[2]);
  }
  if (!host || port < 1 || port > 65535) return null;
  return { kind: 'kdc', host, port, transport, raw: value };
}

export function defaultRealm(p: Profile): string | null {
  return getValue(p, 'libdefaults', 'default_realm') ?? null;
}

export function realmConfig(realm: string, loaded = loadProfile()): RealmConfig {
  const krb5Profile = loaded.profile;
  const kdcs: KdcLocation[] = [];
  const proxies: KdcProxyLocation[] = [];
  for (const raw of getValues(krb5Profile, 'realms', realm, 'kdc')) {
    const loc = parseKdcValue(raw);
    if (loc?.kind === 'kdc') kdcs.push(loc);
    else if (loc?.kind === 'kkdcp') proxies.push(loc);
  }
  const httpAnchors = getValues(krb5Profile, 'realms', realm, 'http_anchors')
    .map((a) => (a.startsWith('FILE:') ? a.slice(5) : /^(DIR|ENV):/.test(a) ? '' : a))
    .filter(Boolean);
  const lib = (name: string) => getValue(krb5Profile, 'libdefaults', name);
  return {
    realm,
    kdcs,
    proxies,
    httpAnchors,
    udpPreferenceLimit: Number(lib('udp_preference_limit') ?? 1465) || 1465,
    clockSkew: profileSeconds(lib('clockskew'), 300),
    dnsLookupKdc: profileBool(getValue(krb5Profile, 'realms', realm, 'dns_lookup_kdc') ?? lib('dns_lookup_kdc'), true),
    files: loaded.files,
  };
}

/** The realm a host maps to via [domain_realm] (exact name, then the longest `.suffix`), as MIT does. */
export function realmForHost(host: string, loaded = loadProfile()): string | null {
  const h = host.toLowerCase();
  const rels = loaded.profile.get('domain_realm');
  if (!rels) return null;
  const exact = rels.get(h)?.[0];
  if (exact) return exact;
  let best: { len: number; realm: string } | null = null;
  for (const [k, v] of rels) {
    if (k.startsWith('.') && h.endsWith(k) && (!best || k.length > best.len) && v[0])
      best = { len: k.length, realm: v[0] };
  }
  return best?.realm ?? null;
}
