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
    const m = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$/.exec(raw);
    if (m && !fields.has(m[1]!.toLowerCase())) fields.set(m[1]!.toLowerCase(), m[2]!);
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
  for (const s of sorted) add(hostOf(s.name), s.port, `SRV ${s.name}:${s.port}`);
  return out;
}

/** The KDCs of an AD domain from DNS SRV and nltest at once, within the budget. */
export async function locateWindowsKdcs(domain: string, o: LocateOptions): Promise<LocatedKdcs> {
  const budget = startBudget(o.budgetMs, o.signal);
  const resolver = new Resolver({ timeout: Math.max(100, Math.floor(o.budgetMs / 2)), tries: 1 });
  if (o.dnsServers?.length) resolver.setServers(o.dnsServers);
  const evidence: string[] = [];
  const timeout = () => Object.assign(new Error(`no answer within ${o.budgetMs} ms`), { code: 'ETIMEOUT' });
  const why = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
  try {
    const srvQueries = kdcSrvNames(domain).map((name) =>
      raceSignal(resolver.resolveSrv(name), budget.signal, timeout).then(
        (recs) => {
          evidence.push(`DNS SRV ${name}: ${recs.map((r) => `${r.name}:${r.port}`).join(', ') || 'no records'}`);
          return recs;
        },
        (e: unknown) => {
          evidence.push(`DNS SRV ${name}: ${why(e)}`);
          return [] as Srv[];
        },
      ),
    );
    const nltestQuery = o.run
      ? o.run('nltest', [`/dsgetdc:${domain}`], { timeoutMs: Math.max(1, budget.remaining()) }).then(
          (r) => {
            const dc = parseNltestDsgetdc(r.stdout);
            const failed = r.stdout
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
          (e: unknown) => {
            evidence.push(`nltest /dsgetdc:${domain}: ${e instanceof Error ? e.message : String(e)}`);
            return null;
          },
        )
      : Promise.resolve(null);
    const [lists, dc] = await Promise.all([Promise.all(srvQueries), nltestQuery]);
    // De-duplicated: a DC registers the same target under both names.
    const byKey = new Map<string, Srv>();
    for (const r of lists.flat()) byKey.set(`${r.name.toLowerCase()}:${r.port}`, r);
    const srv = [...byKey.values()];
    // Resolve the targets with the same resolver (the locator's DNS), not the process's name service.
    const names = [
      ...new Set([
        ...srv.map((s) => s.name.toLowerCase()),
        ...(dc && !(dc.address && isIP(dc.address)) ? [dc.dc.toLowerCase()] : []),
      ]),
    ].filter((n) => !isIP(n));
    const addresses = new Map<string, string[]>();
    await Promise.all(
      names.map((n) =>
        raceSignal(resolver.resolve4(n), budget.signal, timeout).then(
          (a) => {
            addresses.set(n, a);
          },
          () =>
            raceSignal(resolver.resolve6(n), budget.signal, timeout).then(
              (a) => {
                addresses.set(n, a);
              },
              () => undefined,
            ),
        ),
      ),
    );
    return { kdcs: mergeKdcSources(srv, dc, addresses), evidence };
  } finally {
    resolver.cancel();
    budget.dispose();
  }
}
