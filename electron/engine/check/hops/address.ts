// Hop 2a: the name the user typed → the address to connect to. Its own hop so the SQL connection can start
// the moment the name resolves, beside the TCP reach test (network.ts) and the Kerberos exchanges.
import { isIP } from 'node:net';
import { isAzureSqlHost } from '../../../contract/azure';
import type { StepEvidence } from '../../diagnose/diagnose-check';
import { resolveHost, type ResolveResult } from '../../net/resolve';
import type { Hop } from '../hop';

export interface AddressDeps {
  resolve(
    host: string,
    signal: AbortSignal,
  ): Promise<Pick<ResolveResult, 'ok' | 'addresses' | 'source' | 'cnameChain' | 'detail' | 'evidence' | 'failure'>>;
}

export interface AddressOut {
  /** Null when the name does not resolve (the evidence says why). */
  address: string | null;
  evidence?: StepEvidence[];
}

const DNS_BUDGET_MS = 2000;

export const addressHop: Hop<AddressOut, AddressDeps> = {
  name: 'address',
  needs: [],
  async run({ target, deps, steps, signal }) {
    const host = target.server;
    if (isIP(host)) {
      steps.record(
        'dns',
        'warn',
        `${host} is an IP address: Windows cannot build a Kerberos SPN from it and falls back to NTLM, which ` +
          `the managed instance rejects (18452). Use the FQDN.`,
      );
      return { out: { address: target.address ?? host } };
    }
    if (target.address) {
      steps.record(
        'dns',
        'skip',
        `address override: connecting to ${target.address}, authenticating as ${host} (SPN and TLS name)`,
      );
      return { out: { address: target.address } };
    }
    const done = steps.start('dns');
    const resolved = await deps.resolve(host, signal);
    const address = resolved.ok ? (resolved.addresses[0] ?? null) : null;
    if (!address) {
      const why = resolved.ok ? `${host} has no address` : resolved.detail;
      done('fail', `${host} does not resolve: ${why}`, resolved.evidence.length ? resolved.evidence : [why]);
      const socket = {
        kind: 'socket' as const,
        code: resolved.failure ?? 'dns',
        stage: 'dns' as const,
        host,
        detail: why,
      };
      // The network hop reports it: the evidence stays with the step chain it always belonged to.
      return { out: { address: null, evidence: [{ step: 'dns', evidence: [socket] }] } };
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
    return { out: { address } };
  },
  bind: (p) => ({
    resolve: (host, signal) => resolveHost(host, { signal, budgetMs: DNS_BUDGET_MS, hosts: p.hosts }),
  }),
};
