// Replaces the names in a report (users, hosts, realms, tenant ids, addresses) with stable placeholders
// (user-1, host-1, realm-1, tenant-1, ip-1), the same placeholder for the same name in every field, so a
// report can be shared without identifying the organisation while the chain still reads correctly.
// Well-known names stay readable: KERBEROS.MICROSOFTONLINE.COM, krbtgt, MSSQLSvc, login.microsoftonline.com
// and the public database suffixes (host-1.database.windows.net still says "a managed instance").
import { isIP } from 'node:net';
import { AZURE_SQL_SUFFIXES, CLOUD_REALM } from '../../contract/azure';
import { isDiagnosisCode } from '../../contract/codes';
import type { CheckReport, Ticket } from '../../contract/report';
import { catalogEntry } from '../diagnose/catalog';
import { validReport } from './render-json';

type Kind = 'user' | 'host' | 'realm' | 'tenant' | 'ip';

// Microsoft Cloud Germany's suffix (closed in 2021) stays readable too, for old reports.
const KEPT_SUFFIXES = [...AZURE_SQL_SUFFIXES, '.database.cloudapi.de'];
const WELL_KNOWN = new Set([
  CLOUD_REALM, 'KRBTGT', 'MSSQLSVC', 'AZUREAD', 'LOGIN.MICROSOFTONLINE.COM', 'LOGIN.MICROSOFTONLINE.US', 'LOGIN.CHINACLOUDAPI.CN',
  'LOCALHOST', '127.0.0.1', '::1', 'NT AUTHORITY', 'WELLKNOWN:ANONYMOUS', 'KDCPROXY',
]);
const PLACEHOLDER = /^(?:user|host|realm|tenant|ip)-\d+$/i;
/** Fields whose values are enums, codes, times or numbers-as-text: never names, and must stay valid. */
const SKIP_KEYS = new Set([
  'schemaVersion', 'verdict', 'code', 'severity', 'kind', 'status', 'flow', 'id', 'encrypt', 'flags', 'flagsHex',
  'ticketEnctype', 'sessionEnctype', 'authScheme', 'start', 'end', 'renewUntil', 'authTime', 'startedAt', 'cacheFlags',
  'validTo', 'tdsVersion', 'netTransport', 'protocol', 'node', 'platform',
]);

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g;
/** user@domain, not preceded by a principal's service part (svc/host:port@REALM). */
const UPN = /(?<![A-Za-z0-9._%+\-/:\\])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

class Namer {
  private readonly names = new Map<string, string>();
  private readonly counters: Record<Kind, number> = { user: 0, host: 0, realm: 0, tenant: 0, ip: 0 };

  get(original: string): string | undefined {
    return this.names.get(original.toUpperCase());
  }

  /** Registers a name (first registration wins) and returns its replacement. */
  add(kind: Kind, original: string, render: (placeholder: string) => string = (p) => p): void {
    const key = original.trim().toUpperCase();
    if (key.length < 2 || WELL_KNOWN.has(key) || PLACEHOLDER.test(key) || this.names.has(key)) return;
    this.counters[kind] += 1;
    this.names.set(key, render(`${kind}-${this.counters[kind]}`));
  }

  entries(): [string, string][] {
    return [...this.names.entries()];
  }
}

function splitPrincipal(p: string): { name: string; realm?: string } {
  const at = p.lastIndexOf('@');
  return at > 0 ? { name: p.slice(0, at), realm: p.slice(at + 1) } : { name: p };
}

function stripPort(hostPort: string): string {
  const s = hostPort.trim();
  if (isIP(s)) return s;
  const m = /^\[?([^\]]+?)\]?(?::\d+)?$/.exec(s);
  return m?.[1] ?? s;
}

function addHost(n: Namer, rawHost: string): void {
  const host = stripPort(rawHost.replace(/^KdcProxy:/i, '')).replace(/^\*\./, '').replace(/\.$/, '');
  if (!host) return;
  if (isIP(host)) { n.add('ip', host); return; }
  const lower = host.toLowerCase();
  const suffix = KEPT_SUFFIXES.find((s) => lower.endsWith(s) && lower.length > s.length);
  if (suffix) {
    const labels = lower.slice(0, -suffix.length).split('.');
    // <mi>.public.<zone>: keep "public", which says which endpoint was used.
    const pub = labels.length >= 3 && labels[1] === 'public' ? '.public' : '';
    if (PLACEHOLDER.test(labels[0] ?? '') && labels.length === 1) return;
    n.add('host', host, (p) => `${p}${pub}${suffix}`);
    return;
  }
  n.add('host', host);
}

function addRealm(n: Namer, realm: string | null | undefined): void {
  if (!realm) return;
  n.add('realm', realm);
  // The domain's NetBIOS-style first label (CONTOSO of CONTOSO.COM) names the same organisation.
  const first = realm.split('.')[0] ?? '';
  const placeholder = n.get(realm);
  if (first.length >= 4 && first !== realm && placeholder) n.add('realm', first, () => placeholder);
}

/** Service principal "svc/host[:port][@REALM]" or "krbtgt/REALM[@REALM]". */
function addServicePrincipal(n: Namer, principal: string): void {
  const { name, realm } = splitPrincipal(principal);
  addRealm(n, realm);
  const slash = name.indexOf('/');
  if (slash < 0) return;
  const svc = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  if (svc.toLowerCase() === 'krbtgt') addRealm(n, rest);
  else addHost(n, rest.split('/')[0] ?? rest);
}

function addUser(n: Namer, login: string): void {
  const s = login.trim();
  const bs = s.indexOf('\\');
  if (bs > 0) {
    addRealm(n, s.slice(0, bs));
    n.add('user', s.slice(bs + 1));
    return;
  }
  const { name, realm } = splitPrincipal(s);
  if (realm) addRealm(n, realm);
  n.add('user', name);
}

function* strings(value: unknown, key = ''): Generator<string> {
  if (typeof value === 'string') { if (!SKIP_KEYS.has(key)) yield value; return; }
  if (Array.isArray(value)) { for (const v of value) yield* strings(v, key); return; }
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, k);
}

/** The report minus diagnosis texts that are verbatim catalogue text (their examples are not names). */
function withoutCatalogueText(r: CheckReport): CheckReport {
  if (!r.diagnosis || !isDiagnosisCode(r.diagnosis.code)) return r;
  const cat = catalogEntry(r.diagnosis.code);
  const d = { ...r.diagnosis };
  for (const f of ['title', 'cause', 'fixUser', 'fixHelpdesk'] as const) if (d[f] === cat[f]) d[f] = '';
  return { ...r, diagnosis: d };
}

/** Names that travel beside a report or stand for it (a collected bundle's tickets, hosts and raw outputs). */
export interface ExtraNames {
  tickets?: readonly Ticket[];
  hosts?: readonly string[];
  texts?: readonly string[];
}

function collect(report: CheckReport | null, extra: ExtraNames = {}): Namer {
  const n = new Namer();
  const r: CheckReport | null = report;
  // Structured fields first, in a fixed order, so numbering is stable.
  if (r) {
    addHost(n, r.target.server);
    if (r.target.address) addHost(n, r.target.address);
    addServicePrincipal(n, r.target.spn);
  }
  for (const h of extra.hosts ?? []) addHost(n, h);
  if (r?.chain) {
    addRealm(n, r.chain.userRealm);
    addRealm(n, r.chain.targetRealm);
    if (r.chain.targetSpn) addServicePrincipal(n, r.chain.targetSpn);
  }
  for (const t of [...(r?.tickets ?? []), ...(extra.tickets ?? [])]) {
    addUser(n, t.clientRealm ? `${splitPrincipal(t.client).name}@${t.clientRealm}` : t.client);
    if (t.clientRealm && t.client.includes('@')) addRealm(n, splitPrincipal(t.client).realm);
    addRealm(n, t.serverRealm);
    addServicePrincipal(n, t.server);
    if (t.kdcCalled) addHost(n, t.kdcCalled);
  }
  for (const h of r?.chain?.hops ?? []) {
    addRealm(n, h.issuingRealm);
    addRealm(n, h.serverRealm);
    addServicePrincipal(n, h.server);
    if (h.kdcCalled) addHost(n, h.kdcCalled);
  }
  if (r?.sql) {
    addUser(n, r.sql.login);
    addHost(n, r.sql.server);
  }
  if (r?.redirect) { addHost(n, r.redirect.from); addHost(n, r.redirect.to); }
  // Then what free text reveals: tenant ids, addresses, user@domain, hosts under a known domain.
  const all = [...(r ? strings(withoutCatalogueText(r)) : []), ...(extra.texts ?? [])];
  for (const s of all) {
    for (const m of s.matchAll(GUID)) n.add('tenant', m[0]);
    for (const m of s.matchAll(IPV4)) n.add('ip', m[0]);
    for (const m of s.matchAll(/Login failed for user '([^']+)'/gi)) if (m[1]) addUser(n, m[1]);
    for (const m of s.matchAll(UPN)) {
      const [, user, domain] = m;
      if (!user || !domain || PLACEHOLDER.test(user)) continue;
      addRealm(n, domain);
      n.add('user', user);
    }
  }
  const domains = n.entries().map(([k]) => k).filter((k) => k.includes('.') && !isIP(k));
  const suffixes = [...domains, ...KEPT_SUFFIXES.map((s) => s.slice(1).toUpperCase())];
  if (suffixes.length) {
    // Not preceded by a label character, nor by "label." (mid-name); "*." of a wildcard is fine.
    const underKnown = new RegExp(`(?<![A-Za-z0-9_-])(?<![A-Za-z0-9-]\\.)((?:[A-Za-z0-9-]+\\.)+(?:${suffixes.map(escapeRe).join('|')}))(?![A-Za-z0-9_-])`, 'gi');
    for (const s of all) for (const m of s.matchAll(underKnown)) if (m[1] && !n.get(m[1])) addHost(n, m[1]);
  }
  return n;
}

function replacer(n: Namer): (s: string) => string {
  const entries = n.entries().sort((a, b) => b[0].length - a[0].length);
  if (entries.length === 0) return (s) => s;
  const map = new Map(entries);
  const re = new RegExp(`(?<![A-Za-z0-9_-])(?:${entries.map(([k]) => escapeRe(k)).join('|')})(?![A-Za-z0-9_-])`, 'gi');
  return (s) => s.replace(re, (m) => map.get(m.toUpperCase()) ?? m);
}

function rewrite(value: unknown, key: string, fix: (s: string) => string): unknown {
  if (typeof value === 'string') return SKIP_KEYS.has(key) ? value : fix(value);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, key, fix));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k, fix)]));
  return value;
}

export function redact(input: CheckReport): CheckReport {
  // Catalogue texts are rewritten like everything else (their example domain may be the real one), but
  // names are never collected from them: "user" in `CREATE LOGIN [user@contoso.com]` is not a user.
  return redactWith(input, {}).report as CheckReport;
}

/**
 * A report (or none) and the free texts that travel with it — a collected bundle's raw command outputs —
 * redacted with one set of placeholders, so a name reads the same in the report and in every output.
 */
export function redactWith(report: CheckReport | null, extra: ExtraNames): { report: CheckReport | null; texts: string[] } {
  const r = report ? validReport(report) : null;
  const fix = replacer(collect(r, extra));
  // Security identifiers of a domain (S-1-5-21-…, whoami /groups) name the organisation too.
  const sids = (s: string) => s.replace(/\bS-1-5-21(?:-\d+){3}(-\d+)?\b/g, (_m, rid: string | undefined) => `S-1-5-21-domain${rid ?? ''}`);
  return {
    report: r ? validReport({ ...(rewrite(r, '', fix) as CheckReport), redacted: true }) : null,
    texts: (extra.texts ?? []).map((t) => sids(fix(t))),
  };
}
