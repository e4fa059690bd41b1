// Where the KDCs of an Active Directory domain are, found the way Windows' DC locator finds them, within a
// budget: the DNS SRV records every DC registers, and `nltest /dsgetdc:<domain>` (the locator's own answer).
//
// Microsoft, [MS-ADTS] 6.3.2.3 "SRV Records": a (non-RODC) DC of default NC X registers, among others,
// `_kerberos._tcp.X` and `_kerberos._tcp.dc._msdcs.X`.
// https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-adts/c1987d42-1847-4cc9-acf7-aab2136d6952
// [MS-ADTS] 6.3.6.1 "DNS-Based Discovery": "To locate a server that is running the Kerberos Key Distribution
// Center service over TCP for default NC X, the client machine issues a DNS query for the SRV record _kerberos._tcp.X".
// https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-adts/7fcdce70-5205-44d6-9c3a-260e616a2f04
// nltest /dsgetdc prints DsGetDcName's DOMAIN_CONTROLLER_INFO, one `Label: value` a line ("DC: \\dc.fabrikam.com",
// "Address: \\<IP Address>", "Dom Name:", "Flags: PDC GC DS LDAP KDC TIMESERV …", "The command completed
// successfully"); on failure "Getting DC name failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN".
// https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2012-R2-and-2012/cc731935(v=ws.11)
// [MS-NRPC] 2.2.1.2.1 DOMAIN_CONTROLLER_INFOW: DomainControllerName and DomainControllerAddress are "prefixed with \\".
// https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nrpc/9b85a7a4-8d34-4b9e-9500-bf8644ebfc06
// DsGetDcName: the KDC flag (DS_KDC_FLAG) says the DC runs the Kerberos KDC service.
// https://learn.microsoft.com/en-us/windows/win32/api/dsgetdc/nf-dsgetdc-dsgetdcnamew
import type { ToolRunner } from '../run-tool';
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { KdcLocation } from './kdc-locations';
import { raceSignal, startBudget } from './budget';

export interface NltestDc {
  /** The DC's name without the leading `\\`. */
  dc: string;
  /** Its address without the leading `\\` (an IP, or a NetBIOS name). */
  address: string | null;
  domain: string | null;
  forest: string | null;
  flags: string[];
}

const MAX_NLTEST_CHARS = 64 * 1024;

/** The DC in `nltest /dsgetdc:` output, or null when nltest found none (its failure line, or no `DC:` line). */
export function parseNltestDsgetdc(text: string): NltestDc | null {
  if (text.length > MAX_NLTEST_CHARS) return null;
  const fields = new Map<string, string>();
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const field = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$/.exec(raw);
    if (field && !fields.has(field[1]!.toLowerCase())) fields.set(field[1]!.toLowerCase(), field[2]!);
  }
  const strip = (v: string | undefined) => (v ? v.replace(/^\\\\/, '').trim() || null : null);
  const dc = strip(fields.get('dc'));
  if (!dc) return null;
  return {
    dc,
    address: strip(fields.get('address')),
    domain: fields.get('dom name') ?? null,
    forest: fields.get('forest name') ?? null,
    flags: (fields.get('flags') ?? '').split(/\s+/).filter(Boolean),
  };
}

export interface LocateOptions {
  budgetMs: number;
  signal?: AbortSignal;
  /** Runs nltest (bounded by opts.timeoutMs); absent: nltest is not asked. */
  run?: ToolRunner;
  /** DNS servers for the SRV and address queries (`host:port`); the system's when absent. */
  dnsServers?: string[];
}

export interface LocatedKdcs {
  kdcs: KdcLocation[];
  evidence: string[];
}

interface Srv {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** The SRV names of a domain's KDCs, the DC-specific one first ([MS-ADTS] 6.3.2.3). */
export function kdcSrvNames(domain: string): string[] {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return [`_kerberos._tcp.dc._msdcs.${d}`, `_kerberos._tcp.${d}`];
}

/**
 * Merge what the two sources said into KDC endpoints: SRV targets (by priority, then weight) at their ports;
 * the nltest DC at the port its SRV record gives (88 when none does), at nltest's IP address when it gave one.
 * Names are resolved by the caller (`addresses`); an endpoint appears once.
 */
export function mergeKdcSources(
  srv: readonly Srv[],
  nltest: NltestDc | null,
  addresses: ReadonlyMap<string, string[]>,
): KdcLocation[] {
  const out: KdcLocation[] = [];
  const seen = new Set<string>();
  const add = (host: string, port: number, raw: string) => {
    const key = `${host.toLowerCase()}:${port}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind: 'kdc', host, port, transport: 'tcp', raw });
  };
  const sorted = [...srv].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  const hostOf = (name: string) => addresses.get(name.toLowerCase())?.[0] ?? name;
  if (nltest) {
    const ports = sorted.filter((s) => s.name.toLowerCase() === nltest.dc.toLowerCase()).map((s) => s.port);
    const host = nltest.address && isIP(nltest.address) ? nltest.address : hostOf(nltest.dc);
    for (const port of ports.length ? ports : [88])
      add(host, port, `nltest /dsgetdc: ${nltest.dc}${nltest.address ? ` (${nltest.address})` : ''}`);
  }
  for (const record of sorted) add(hostOf(record.name), record.port, `SRV ${record.name}:${record.port}`);
  return out;
}

/** The KDCs of an AD domain from DNS SRV and nltest at once, within the budget. */
export async function locateWindowsKdcs(domain: string, options: LocateOptions): Promise<LocatedKdcs> {
  const budget = startBudget(options.budgetMs, options.signal);
  const resolver = new Resolver({ timeout: Math.max(100, Math.floor(options.budgetMs / 2)), tries: 1 });
  if (options.dnsServers?.length) resolver.setServers(options.dnsServers);
  const evidence: string[] = [];
  const timeout = () => Object.assign(new Error(`no answer within ${options.budgetMs} ms`), { code: 'ETIMEOUT' });
  const within: Within = (query) => raceSignal(query, budget.signal, timeout);
  try {
    const [lists, dc] = await Promise.all([
      Promise.all(querySrv(domain, resolver, within, evidence)),
      queryNltest(domain, options.run, budget.remaining(), evidence),
    ]);
    // De-duplicated: a DC registers the same target under both names.
    const byKey = new Map<string, Srv>();
    for (const record of lists.flat()) byKey.set(`${record.name.toLowerCase()}:${record.port}`, record);
    const srv = [...byKey.values()];
    const addresses = await resolveTargets(targetNames(srv, dc), resolver, within);
    return { kdcs: mergeKdcSources(srv, dc, addresses), evidence };
  } finally {
    resolver.cancel();
    budget.dispose();
  }
}

/** A query raced against the locator's budget (it rejects with ETIMEOUT when the budget runs out). */
type Within = <T>(query: Promise<T>) => Promise<T>;

/** Each of the domain's KDC SRV names asked at once; what each answered (or why not) goes to the evidence. */
function querySrv(domain: string, resolver: Resolver, within: Within, evidence: string[]): Promise<Srv[]>[] {
  const why = (err: unknown) =>
    (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
  return kdcSrvNames(domain).map((name) =>
    within(resolver.resolveSrv(name)).then(
      (recs) => {
        evidence.push(`DNS SRV ${name}: ${recs.map((r) => `${r.name}:${r.port}`).join(', ') || 'no records'}`);
        return recs;
      },
      (err: unknown) => {
        evidence.push(`DNS SRV ${name}: ${why(err)}`);
        return [] as Srv[];
      },
    ),
  );
}

/** The locator's own answer (`nltest /dsgetdc`), kept only when the DC it names runs a KDC. */
async function queryNltest(
  domain: string,
  run: ToolRunner | undefined,
  remainingMs: number,
  evidence: string[],
): Promise<NltestDc | null> {
  if (!run) return null;
  return run('nltest', [`/dsgetdc:${domain}`], { timeoutMs: Math.max(1, remainingMs) }).then(
    (nltestRun) => {
      const dc = parseNltestDsgetdc(nltestRun.stdout);
      const failed = nltestRun.stdout
        .split(/\r?\n/)
        .find((l) => /failed|status\s*=/i.test(l))
        ?.trim();
      evidence.push(
        dc
          ? `nltest /dsgetdc:${domain}: DC ${dc.dc}` +
              (dc.address ? ` at ${dc.address}` : '') +
              (dc.flags.length ? ` [${dc.flags.join(' ')}]` : '')
          : `nltest /dsgetdc:${domain}: ${failed ?? 'no DC in its output'}`,
      );
      if (dc && dc.flags.length && !dc.flags.includes('KDC'))
        evidence.push(`nltest: ${dc.dc} does not advertise the KDC flag`);
      return dc && (dc.flags.length === 0 || dc.flags.includes('KDC')) ? dc : null;
    },
    (err: unknown) => {
      evidence.push(`nltest /dsgetdc:${domain}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    },
  );
}

/** The names to resolve: the SRV targets and nltest's DC when it gave no IP address (IPs need no lookup). */
function targetNames(srv: readonly Srv[], dc: NltestDc | null): string[] {
  return [
    ...new Set([
      ...srv.map((record) => record.name.toLowerCase()),
      ...(dc && !(dc.address && isIP(dc.address)) ? [dc.dc.toLowerCase()] : []),
    ]),
  ].filter((name) => !isIP(name));
}

/**
 * Each name's addresses (IPv4, else IPv6) from the same resolver (the locator's DNS), not the process's name
 * service; a name that resolves to neither is left out.
 */
async function resolveTargets(names: string[], resolver: Resolver, within: Within): Promise<Map<string, string[]>> {
  const addresses = new Map<string, string[]>();
  await Promise.all(
    names.map((name) =>
      within(resolver.resolve4(name)).then(
        (found) => {
          addresses.set(name, found);
        },
        () =>
          within(resolver.resolve6(name)).then(
            (found) => {
              addresses.set(name, found);
            },
            () => undefined,
          ),
      ),
    ),
  );
  return addresses;
}
