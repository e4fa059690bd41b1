// Name resolution of the host the user typed: hosts override first, then the system resolver
// (dns.lookup, as every client library does). The CNAME chain is reported for the helpdesk, but the
// SPN is never built from it.
import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { loadHostsOverride, type HostsMap } from './hosts-override';
import { elapsed, type ProbeResult } from './probe-result';
import { raceSignal, startBudget } from './budget';

export interface ResolveOptions {
  budgetMs?: number;
  signal?: AbortSignal;
  /** Pre-loaded override; by default read from KERBPROBE_HOSTS. Pass null to ignore it. */
  hosts?: HostsMap | null;
  /** Look up the CNAME chain (DNS only; skipped for override and literal answers). */
  cname?: boolean;
}

export interface ResolveResult extends ProbeResult {
  host: string;
  addresses: string[];
  source: 'literal' | 'hosts-override' | 'dns' | null;
  cnameChain: string[];
}

const DEFAULT_BUDGET_MS = 2000;

export async function resolveHost(typed: string, opts: ResolveOptions = {}): Promise<ResolveResult> {
  const t0 = process.hrtime.bigint();
  const host = typed.trim().toLowerCase().replace(/\.$/, '');
  const base = { host, cnameChain: [] as string[] };
  const fail = (detail: string, evidence: string[], failure: 'dns' | 'timeout'): ResolveResult => ({
    ...base,
    ok: false,
    ms: elapsed(t0),
    detail,
    evidence,
    failure,
    addresses: [],
    source: null,
  });

  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
    const ip = host.replace(/^\[|\]$/g, '');
    return {
      ...base,
      ok: true,
      ms: elapsed(t0),
      detail: `${ip} is an IP address (no lookup needed).`,
      evidence: [`literal ${ip}`],
      addresses: [ip],
      source: 'literal',
    };
  }
  const hosts = opts.hosts === undefined ? loadHostsOverride() : opts.hosts;
  const pinned = hosts?.get(host);
  if (pinned && pinned.length > 0) {
    return {
      ...base,
      ok: true,
      ms: elapsed(t0),
      detail: `${host} → ${pinned.join(', ')} (hosts override).`,
      evidence: [`${host} → ${pinned.join(', ')} from the KERBPROBE_HOSTS override`],
      addresses: [...pinned],
      source: 'hosts-override',
    };
  }
  // RFC 6761: `.invalid` never resolves; answering at once spares the user a resolver timeout.
  if (host === 'invalid' || host.endsWith('.invalid')) {
    return fail(
      `${host} cannot exist in DNS (the .invalid domain is reserved).`,
      [`${host}: reserved .invalid name (RFC 6761)`],
      'dns',
    );
  }

  const budget = startBudget(opts.budgetMs ?? DEFAULT_BUDGET_MS, opts.signal);
  try {
    const resolver = new Resolver({ timeout: Math.max(200, Math.floor(budget.remaining() / 2)), tries: 1 });
    const cnameP = opts.cname === false ? Promise.resolve([]) : cnameChain(resolver, host);
    let addrs: { address: string }[];
    try {
      addrs = await raceSignal(lookup(host, { all: true, verbatim: true }), budget.signal, () => new Error('timeout'));
    } catch (err) {
      resolver.cancel();
      if (budget.timedOut())
        return fail(
          `${host} did not resolve within ${opts.budgetMs ?? DEFAULT_BUDGET_MS} ms.`,
          [`${host}: lookup timed out`],
          'timeout',
        );
      const code = (err as NodeJS.ErrnoException).code ?? 'ERROR';
      return fail(`${host} does not resolve (${code}).`, [`${host}: ${code}`], 'dns');
    }
    const chain = await raceSignal(cnameP, budget.signal, () => new Error('timeout')).catch(() => [] as string[]);
    resolver.cancel();
    const addresses = [...new Set(addrs.map((a) => a.address))];
    const evidence = [`${host} → ${addresses.join(', ')} (system resolver)`];
    if (chain.length) evidence.push(`CNAME chain: ${[host, ...chain].join(' → ')} (the SPN still uses ${host})`);
    return {
      ...base,
      cnameChain: chain,
      ok: true,
      ms: elapsed(t0),
      detail: `${host} → ${addresses.join(', ')}.`,
      evidence,
      addresses,
      source: 'dns',
    };
  } finally {
    budget.dispose();
  }
}

async function cnameChain(resolver: Resolver, host: string): Promise<string[]> {
  const chain: string[] = [];
  let name = host;
  for (let hop = 0; hop < 8; hop++) {
    let next: string[];
    try {
      next = await resolver.resolveCname(name);
    } catch {
      break;
    }
    const target = next[0]?.toLowerCase().replace(/\.$/, '');
    if (!target || chain.includes(target)) break;
    chain.push(target);
    name = target;
  }
  return chain;
}
