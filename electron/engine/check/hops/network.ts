// Hop 2b: a TCP connection to the SQL port at the resolved address. Runs beside the SQL login's own connection
// (which starts as soon as the name resolves) and the Kerberos hops: it costs nothing on the critical path, and
// it tells an unreachable port apart from a login that failed.
import { probeTcp, type TcpResult } from '../../net/tcp';
import type { Hop } from '../hop';
import { addressHop } from './address';

export interface NetworkDeps {
  tcp(address: string, port: number, budgetMs: number, signal: AbortSignal): Promise<TcpResult>;
}

/** A firewall that drops SYNs is given this long before SQL counts as unreachable. */
const TCP_BUDGET_MS = 2000;

export const networkHop: Hop<{ address: string | null; reachable: boolean }, NetworkDeps> = {
  name: 'network',
  needs: [addressHop],
  async run({ target, deps, steps, signal, remaining, need }) {
    const named = await need(addressHop);
    const address = named.address;
    if (!address)
      return { out: { address: null, reachable: false }, ...(named.evidence ? { evidence: named.evidence } : {}) };
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
  bind: () => ({
    tcp: (address, port, budgetMs, signal) => probeTcp(address, port, { budgetMs, signal }),
  }),
};
