// Replaces the names in a report (users, hosts, realms, tenant ids, addresses, SIDs, file paths, databases,
// certificate names, ports other than the well-known ones) with stable placeholders (user-1, host-1,
// realm-1, tenant-1, ip-1, sid-1, path-1, database-1, org-1, port-1), the same placeholder for the same name
// in every field, so a report can be shared without identifying the organisation while the chain still reads
// correctly. Field-driven: what each field holds is declared once beside the schema (REPORT_FIELD_KINDS);
// a field not declared is free text, scanned and rewritten like every other.
// Well-known names stay readable: KERBEROS.MICROSOFTONLINE.COM, krbtgt, MSSQLSvc, login.microsoftonline.com
// and the public database suffixes (host-1.database.windows.net still says "a managed instance").
import { isIP } from 'node:net';
import { AZURE_SQL_SUFFIXES, CLOUD_REALM } from '../../contract/azure';
import { REPORT_FIELD_KINDS, type CheckReport, type ReportFieldKind, type Ticket } from '../../contract/report';
import { PATH_IN_TEXT, pathsInFields } from './path-names';
import { ADMIN_FIELD_KINDS, AdminReportSchema, type AdminFieldKind, type AdminReport } from '../../contract/admin';
import type { ToolName } from './redact-tool-output';
import { validReport } from './render-json';

type Kind =
  | 'user'
  | 'host'
  | 'realm'
  | 'tenant'
  | 'ip'
  | 'sid'
  | 'path'
  | 'database'
  | 'org'
  | 'group'
  | 'mac'
  // An admin report's Azure subscription ids and Entra object ids (contract/admin.ts's ADMIN_FIELD_KINDS).
  | 'subscription'
  | 'object';

// Microsoft Cloud Germany's suffix (closed in 2021) stays readable too, for old reports.
export const KEPT_SUFFIXES = [...AZURE_SQL_SUFFIXES, '.database.cloudapi.de'];
export const WELL_KNOWN: ReadonlySet<string> = new Set([
  CLOUD_REALM,
  'KRBTGT',
  'MSSQLSVC',
  'AZUREAD',
  'LOGIN.MICROSOFTONLINE.COM',
  'LOGIN.MICROSOFTONLINE.US',
  'LOGIN.CHINACLOUDAPI.CN',
  'LOCALHOST',
  '127.0.0.1',
  '::1',
  'NT AUTHORITY',
  'WELLKNOWN:ANONYMOUS',
  'KDCPROXY',
]);
const PLACEHOLDER = /^(?:user|host|realm|tenant|ip|sid|path|database|org|group|mac|port|subscription|object)-\d+$/i;
/** SQL Server's system databases: the same everywhere. */
export const SYSTEM_DATABASES: ReadonlySet<string> = new Set(['MASTER', 'TEMPDB', 'MSDB', 'MODEL']);
/**
 * Ports that say what, not whose: Kerberos 88 and 464, HTTPS 443 (a KDC proxy), a managed instance's 1433
 * (VNet-local) and 3342 (public endpoint), and the redirect range 11000–11999. The target's own port stays
 * too (the SPN is not readable without it). A web proxy's usual ports (80, 8080, 3128) and Fiddler's 8888 say
 * what a proxy is (a ProxyMgr entry on :8888 is a closed Fiddler's leftover, which the device checks read).
 * Every other port is replaced.
 * https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/connection-types-overview
 */
export const KEPT_PORTS: ReadonlySet<number> = new Set([80, 88, 443, 464, 1433, 3128, 3342, 8080, 8888]);
const keptPort = (p: number, targetPort: number): boolean =>
  p === targetPort || KEPT_PORTS.has(p) || (p >= 11000 && p <= 11999);

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g;
/** user@domain, not preceded by a principal's service part (svc/host:port@REALM). */
const UPN = /(?<![A-Za-z0-9._%+\-/:\\])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

/** Domain and Entra SIDs (S-1-5-21-…, S-1-12-1-…); well-known SIDs (S-1-5-18) name no one. */
const SID = /\bS-1-(?:5-21|12-1)(?:-\d+){3,}\b/g;
/** A MAC address (`00-15-5D-01-02-03`, `00:15:5d:01:02:03`): it names one network card. */
const MAC = /(?<![0-9A-Fa-f:-])(?:[0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])/g;
/** Candidates for an IPv6 address in free text (confirmed with isIP). */
const IPV6_CANDIDATE = /(?<![0-9A-Za-z:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:])/g;
/** host:port, [v6]:port or a.b.c.d:port, where the host starts with a letter (not a time like 12:38:20). */
const HOST_PORT =
  /(?<=(?:^|[^A-Za-z0-9._-])(?:[A-Za-z][A-Za-z0-9._-]*|(?:\d{1,3}\.){3}\d{1,3}|\[[^\]\s]+\])):(\d{1,5})(?![\d])/g;

/** reg query prints REG_MULTI_SZ data with a literal `\0` between the strings: a separator, not a label's start. */
const MULTI_SZ = '\\0';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

class Namer {
  private readonly names = new Map<string, string>();
  private readonly counters: Record<Kind, number> = {
    user: 0,
    host: 0,
    realm: 0,
    tenant: 0,
    ip: 0,
    sid: 0,
    path: 0,
    database: 0,
    org: 0,
    group: 0,
    mac: 0,
    subscription: 0,
    object: 0,
  };

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
  const m = /^\[?([^\]]+?)\]?(?::(?:\d+|port-\d+))?$/.exec(s);
  return m?.[1] ?? s;
}

function addHost(namer: Namer, rawHost: string): void {
  const host = stripPort(rawHost.replace(/^KdcProxy:/i, ''))
    .replace(/^\*\./, '')
    .replace(/\.$/, '');
  if (!host) return;
  if (isIP(host)) {
    namer.add('ip', host);
    return;
  }
  const lower = host.toLowerCase();
  const suffix = KEPT_SUFFIXES.find((s) => lower.endsWith(s) && lower.length > s.length);
  if (suffix) {
    const labels = lower.slice(0, -suffix.length).split('.');
    // <mi>.public.<zone>: keep "public", which says which endpoint was used.
    const pub = labels.length >= 3 && labels[1] === 'public' ? '.public' : '';
    if (PLACEHOLDER.test(labels[0] ?? '') && labels.length === 1) return;
    namer.add('host', host, (p) => `${p}${pub}${suffix}`);
    return;
  }
  namer.add('host', host);
  // A device's or server's short name (LAPTOP-JSMITH42 of laptop-jsmith42.northwind.com) names it alone too; a
  // plain word (proxy, mail) is not taken for one.
  const first = host.split('.')[0] ?? '';
  const placeholder = namer.get(host);
  if (first !== host && first.length >= 4 && /[\d-]/.test(first) && !isIP(host) && placeholder)
    namer.add('host', first, () => placeholder);
}

/** Microsoft's own domains: their hosts and suffixes (.windows.net in KerbTopLevelNames) say what, not whose. */
export const MICROSOFT_DOMAINS = [
  'windows.net',
  'windows.com',
  'azure.net',
  'azure.com',
  'microsoft.com',
  'microsoftonline.com',
  'microsoftonline.us',
  'chinacloudapi.cn',
  'usgovcloudapi.net',
  'live.com',
  'msft.net',
];
const MICROSOFT_DOMAIN = new RegExp(`(?:^|\\.)(?:${MICROSOFT_DOMAINS.map((d) => escapeRe(d)).join('|')})$`, 'i');

/** One entry of a host list (`.northwind.com:1433`, `*.corp.local`, `10.1.*`, `<local>`). */
function addHostEntry(namer: Namer, entry: string): void {
  const host = entry
    .trim()
    .replace(/^(?:[a-z]+=)?(?:[a-z]+:\/\/)?/i, '')
    .replace(/^\*?\./, '')
    .replace(/(?::\d+)?\/?$/, '');
  if (!host || /^[<(].*[>)]$/.test(host) || MICROSOFT_DOMAIN.test(host)) return;
  if (/^[\d.*]+$/.test(host) && !isIP(host)) namer.add('ip', host);
  else addHost(namer, host);
}

/** A name a tool's output holds, as its parser's field-kind table says (report/redact-tool-output.ts). */
function addToolName(namer: Namer, name: ToolName): void {
  const value = name.value;
  const list = (separators: RegExp) => value.split(separators).filter(Boolean);
  switch (name.kind) {
    case 'host':
    case 'hosts':
    case 'proxy':
      for (const entry of list(/\\0|[;,\s]+/)) addHostEntry(namer, entry);
      break;
    case 'kdc-proxy':
      // `<https host:port:path host2 />`: the servers between the scheme and the closing `/>`.
      for (const server of list(/\s+/).filter((s) => !/^<|^\/?>$/.test(s))) addHostEntry(namer, server.split(':')[0]!);
      break;
    case 'url':
      try {
        addHostEntry(namer, new URL(value).hostname);
      } catch {
        addHostEntry(namer, value);
      }
      break;
    case 'realm':
      addRealm(namer, value);
      break;
    case 'tenant':
      namer.add('tenant', value.replace(/^\{|\}$/g, ''));
      break;
    case 'user':
      // `NORTHWIND\jsmith, jsmith@northwind.com` (dsregcmd's Executing Account Name): each is a login.
      for (const login of list(/,\s*/)) addUser(namer, login);
      break;
    case 'group': {
      namer.add('group', value);
      const slash = value.indexOf('\\');
      if (slash > 0) addRealm(namer, value.slice(0, slash));
      break;
    }
    default:
      namer.add(name.kind, value);
  }
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

/** Every string of a report with its field path (`steps[].detail`), in the schema's order. */
function* fields(value: unknown, path = ''): Generator<{ path: string; value: string }> {
  if (typeof value === 'string') {
    yield { path, value };
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) yield* fields(v, `${path}[]`);
    return;
  }
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* fields(v, path ? `${path}.${k}` : k);
}

const kindOf = (path: string): ReportFieldKind => REPORT_FIELD_KINDS[path] ?? 'text';

/** A certificate's distinguished name: host names as hosts, other values (CN, O, OU, L…) as organisation names. */
function addDistinguishedName(namer: Namer, dn: string): void {
  const dcs: string[] = [];
  for (const part of dn.split(/,(?=\s*[A-Za-z.]+\s*=)/)) {
    const eq = part.indexOf('=');
    const attr = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim();
    if (eq < 0 || !value || attr === 'C') continue;
    // DC=contoso, DC=com is the domain contoso.com: its realm, not "com".
    if (attr === 'DC') {
      dcs.push(value);
      continue;
    }
    // Azure's public certificates are issued by Microsoft's CAs: a fact about Azure, not about the user.
    if (/\bmicrosoft\b/i.test(value)) continue;
    if (/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value)) addHost(namer, value);
    else namer.add('org', value);
  }
  if (dcs.length) addRealm(namer, dcs.join('.'));
}

function addStructured(namer: Namer, kind: ReportFieldKind, value: string): void {
  switch (kind) {
    case 'host':
      addHost(namer, value);
      break;
    case 'principal':
      addServicePrincipal(namer, value);
      break;
    case 'realm':
      addRealm(namer, value);
      break;
    case 'user':
      addUser(namer, value);
      break;
    case 'path':
      namer.add('path', value);
      break;
    case 'database':
      if (!SYSTEM_DATABASES.has(value.toUpperCase())) namer.add('database', value);
      break;
    case 'dn':
      addDistinguishedName(namer, value);
      break;
    default:
      break;
  }
}

/**
 * The report minus the diagnosis texts: they are the catalogue's for the code (diagnose/ writes them, and an
 * opened report is shown with the catalogue's, never its own), and their examples are not names —
 * "user" in `CREATE LOGIN [user@contoso.com]`, also once an earlier redaction rewrote the example's domain.
 */
function withoutCatalogueText(r: CheckReport): CheckReport {
  if (!r.diagnosis) return r;
  return { ...r, diagnosis: { ...r.diagnosis, title: '', cause: '', fixUser: '', fixHelpdesk: '' } };
}

/** Names that travel beside a report or stand for it (a collected bundle's tickets, hosts and raw outputs). */
export interface ExtraNames {
  tickets?: readonly Ticket[];
  hosts?: readonly string[];
  texts?: readonly string[];
  /** The target's port when no report says it (kept readable: the SPN names it). */
  port?: number;
  /** Names the tools' outputs hold, classified by their parsers' field kinds (report/redact-tool-output.ts). */
  named?: readonly ToolName[];
  /** The environment's lines that name paths (`KRB5_CONFIG=…`, `KRB5CCNAME=…`): each path is taken whole. */
  paths?: readonly string[];
}

/** What free text reveals: tenant ids, addresses, SIDs, paths, user@domain, hosts under a known domain. */
function addFreeTextNames(namer: Namer, all: readonly string[]): void {
  for (const text of all) {
    for (const match of text.matchAll(GUID)) namer.add('tenant', match[0]);
    for (const match of text.matchAll(IPV4)) namer.add('ip', match[0]);
    for (const match of text.matchAll(IPV6_CANDIDATE)) if (isIP(match[0]) === 6) namer.add('ip', match[0]);
    for (const match of text.matchAll(SID)) namer.add('sid', match[0]);
    for (const match of text.matchAll(MAC)) namer.add('mac', match[0]);
    // A field that holds paths names them whole; the free-text pattern is the second net.
    for (const line of text.split(/\r?\n/)) for (const path of pathsInFields(line)) namer.add('path', path);
    for (const match of text.matchAll(PATH_IN_TEXT)) namer.add('path', match[0].replace(/[.:]+$/, ''));
    for (const match of text.matchAll(/Login failed for user '([^']+)'/gi)) if (match[1]) addUser(namer, match[1]);
    for (const match of text.matchAll(UPN)) {
      const [, user, domain] = match;
      if (!user || !domain || PLACEHOLDER.test(user)) continue;
      addRealm(namer, domain);
      namer.add('user', user);
    }
  }
  const domains = namer
    .entries()
    .map(([k]) => k)
    .filter((k) => k.includes('.') && !isIP(k));
  const suffixes = [...domains, ...KEPT_SUFFIXES.map((s) => s.slice(1).toUpperCase())];
  if (suffixes.length) {
    // Not preceded by a label character, nor by "label." (mid-name); "*." of a wildcard is fine.
    const suffix = `(?:${suffixes.map(escapeRe).join('|')})`;
    const underKnown = new RegExp(
      `(?<![A-Za-z0-9_-])(?<![A-Za-z0-9-]\\.)((?:[A-Za-z0-9-]+\\.)+${suffix})(?![A-Za-z0-9_-])`,
      'gi',
    );
    for (const text of all)
      for (const part of text.split(MULTI_SZ))
        for (const match of part.matchAll(underKnown)) if (match[1] && !namer.get(match[1])) addHost(namer, match[1]);
  }
}

function collect(report: CheckReport | null, extra: ExtraNames = {}): Namer {
  const namer = new Namer();
  // The fields that name one thing first, in the schema's order, so numbering is stable; then what travels
  // beside the report (a bundle's hosts and tickets, read by the same field kinds).
  if (report) for (const field of fields(report)) addStructured(namer, kindOf(field.path), field.value);
  for (const host of extra.hosts ?? []) addHost(namer, host);
  for (const path of extra.paths ?? []) for (const p of pathsInFields(path)) namer.add('path', p);
  for (const name of extra.named ?? []) addToolName(namer, name);
  for (const ticket of extra.tickets ?? [])
    for (const field of fields(ticket, 'tickets[]')) addStructured(namer, kindOf(field.path), field.value);
  // Then what free text reveals: tenant ids, addresses, SIDs, paths, user@domain, hosts under a known domain.
  const all = [
    ...(report
      ? [...fields(withoutCatalogueText(report))].filter((f) => kindOf(f.path) !== 'fixed').map((f) => f.value)
      : []),
    ...(extra.texts ?? []),
  ];
  addFreeTextNames(namer, all);
  return namer;
}

function replacer(namer: Namer, targetPort: number): (text: string) => string {
  const entries = namer.entries().sort((a, b) => b[0].length - a[0].length);
  const map = new Map(entries);
  // A name is whole: not inside a longer label; a path or name that starts or ends with punctuation is
  // bounded by what it holds.
  const re = entries.length
    ? new RegExp(`(?<![A-Za-z0-9_-])(?:${entries.map(([k]) => escapeRe(k)).join('|')})(?![A-Za-z0-9_-])`, 'gi')
    : null;
  const ports = new Map<string, string>();
  const port = (p: string): string => {
    if (keptPort(Number(p), targetPort)) return p;
    if (!ports.has(p)) ports.set(p, `port-${ports.size + 1}`);
    return ports.get(p)!;
  };
  const names = (s: string): string => (re ? s.replace(re, (m) => map.get(m.toUpperCase()) ?? m) : s);
  return (s) =>
    s
      .split(MULTI_SZ)
      .map((part) => names(part).replace(HOST_PORT, (_, p: string) => `:${port(p)}`))
      .join(MULTI_SZ);
}

function rewrite(
  value: unknown,
  path: string,
  fix: (s: string) => string,
  kindAt: (path: string) => string = kindOf,
): unknown {
  if (typeof value === 'string') return kindAt(path) === 'fixed' ? value : fix(value);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, `${path}[]`, fix, kindAt));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, rewrite(v, path ? `${path}.${k}` : k, fix, kindAt)]),
    );
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
export function redactWith(
  report: CheckReport | null,
  extra: ExtraNames,
): { report: CheckReport | null; texts: string[] } {
  const r = report ? validReport(report) : null;
  // A bundle without a check keeps only the well-known ports (there is no target port to keep).
  const fix = replacer(collect(r, extra), r?.target.port ?? extra.port ?? 0);
  // Security identifiers of a domain (S-1-5-21-…, whoami /groups) name the organisation too.
  const sids = (s: string) =>
    s.replace(/\bS-1-5-21(?:-\d+){3}(-\d+)?\b/g, (_m, rid: string | undefined) => `S-1-5-21-domain${rid ?? ''}`);
  return {
    report: r ? validReport({ ...(rewrite(r, '', fix) as CheckReport), redacted: true }) : null,
    texts: (extra.texts ?? []).map((t) => sids(fix(t))),
  };
}

/** One field of an admin report by its kind (contract/admin.ts's ADMIN_FIELD_KINDS). */
function addAdminField(namer: Namer, kind: AdminFieldKind, value: string): void {
  switch (kind) {
    case 'host':
      addHost(namer, value);
      break;
    case 'user':
      addUser(namer, value);
      break;
    case 'tenant':
    case 'subscription':
    case 'object':
    case 'org':
      namer.add(kind, value);
      break;
    default:
      break;
  }
}

/**
 * An admin report with its names replaced: the instance, its resource group, the admin's login, policy names,
 * and the tenant, subscription and object ids each by their own placeholder kind (tenant-1, subscription-1,
 * object-1), everywhere they appear (the ARM resource id, the evidence lines). The diagnosis texts are the
 * catalogue's: rewritten, never a source of names.
 */
export function redactAdminReport(input: AdminReport): AdminReport {
  const report = AdminReportSchema.parse(input);
  const kindAt = (path: string): AdminFieldKind => ADMIN_FIELD_KINDS[path] ?? 'text';
  const namer = new Namer();
  for (const field of fields(report)) addAdminField(namer, kindAt(field.path), field.value);
  const scanned = report.diagnosis
    ? { ...report, diagnosis: { ...report.diagnosis, title: '', cause: '', fixUser: '', fixHelpdesk: '' } }
    : report;
  addFreeTextNames(
    namer,
    [...fields(scanned)].filter((f) => kindAt(f.path) !== 'fixed').map((f) => f.value),
  );
  const fix = replacer(namer, 1433);
  return AdminReportSchema.parse({ ...(rewrite(report, '', fix, kindAt) as AdminReport), redacted: true });
}
