// Hop 2: the name the user typed → an address → a TCP connection to the SQL port. Runs beside the
// Kerberos hops: the network path and the ticket path fail independently.
import { isIP } from 'node:net';
import { isAzureSqlHost } from '../../../contract/azure';
import { resolveHost, type ResolveResult } from '../../net/resolve';
import { probeTcp, type TcpResult } from '../../net/tcp';
import type { Hop } from '../hop';

export interface NetworkDeps {
  resolve(
    host: string,
    signal: AbortSignal,
  ): Promise<Pick<ResolveResult, 'ok' | 'addresses' | 'source' | 'cnameChain' | 'detail' | 'evidence' | 'failure'>>;
  tcp(address: string, port: number, budgetMs: number, signal: AbortSignal): Promise<TcpResult>;
}

/** A firewall that drops SYNs is given this long before SQL counts as unreachable. */
const TCP_BUDGET_MS = 2000;
const DNS_BUDGET_MS = 2000;

export const networkHop: Hop<{ address: string | null; reachable: boolean }, NetworkDeps> = {
  name: 'network',
  needs: [],
  async run({ target, deps, steps, signal, remaining }) {
    const host = target.server;
    let address = target.address ?? null;
    if (isIP(host)) {
      steps.record(
        'dns',
        'warn',
        `${host} is an IP address: Windows cannot build a Kerberos SPN from it and falls back to NTLM, which ` +
          `the managed instance rejects (18452). Use the FQDN.`,
      );
      address = address ?? host;
    } else if (address) {
      steps.record(
        'dns',
        'skip',
        `address override: connecting to ${address}, authenticating as ${host} (SPN and TLS name)`,
      );
    } else {
      const done = steps.start('dns');
      const resolved = await deps.resolve(host, signal);
      address = resolved.ok ? (resolved.addresses[0] ?? null) : null;
      if (!address) {
        const why = resolved.ok ? `${host} has no address` : resolved.detail;
        done('fail', `${host} does not resolve: ${why}`, resolved.evidence.length ? resolved.evidence : [why]);
        return {
          out: { address: null, reachable: false },
          evidence: [
            {
              step: 'dns',
              evidence: [{ kind: 'socket', code: resolved.failure ?? 'dns', stage: 'dns', host, detail: why }],
            },
          ],
        };
      }
      const shortName = !host.includes('.');
      const notMi = !isAzureSqlHost(host);
      const cname = resolved.cnameChain.length
        ? ` via CNAME ${resolved.cnameChain.join(' → ')} (the SPN still uses ${host})`
        : '';
      done(
        shortName || notMi ? 'warn' : 'pass',
        `${host} → ${resolved.addresses.join(', ')} (${resolved.source ?? 'dns'})${cname}` +
          (shortName ? '; a short name makes Windows fall back to NTLM' : '') +
          (notMi && !shortName ? '; not a *.database.windows.net name: check this is the instance FQDN' : ''),
      );
    }
    const done = steps.start('tcp');
    const tcp = await deps.tcp(address, target.port, Math.min(TCP_BUDGET_MS, remaining()), signal);
    done(tcp.ok ? 'pass' : 'fail', tcp.detail, tcp.evidence);
    if (tcp.ok) return { out: { address, reachable: true } };
    const socket = {
      kind: 'socket' as const,
      code: tcp.errno ?? tcp.failure ?? 'unreachable',
      stage: 'sql' as const,
      host: address,
      port: target.port,
      detail: tcp.detail,
    };
    return { out: { address, reachable: false }, evidence: [{ step: 'tcp', evidence: [socket] }] };
  },
  bind: (p) => ({
    resolve: (host, signal) => resolveHost(host, { signal, budgetMs: DNS_BUDGET_MS, hosts: p.hosts }),
    tcp: (address, port, budgetMs, signal) => probeTcp(address, port, { budgetMs, signal }),
  }),
};
