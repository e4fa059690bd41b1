// The human view of a ticket set: a table, then the chain drawn hop by hop.
import type { Chain, Finding, TicketSet } from '../../contract/report';
import { flagLetters, maskFromNames } from './flags';

export function formatTicketTable(set: TicketSet, timeZoneNote: string | null): string {
  const rows = set.tickets.map((t, i) => [
    `#${i}`,
    `${t.server}@${t.serverRealm}`,
    t.start ?? '-',
    t.end ?? '-',
    flagLetters(maskFromNames(t.flags)) || '-',
    `${t.ticketEnctype ?? '?'} / ${t.sessionEnctype ?? '?'}`,
    t.kdcCalled ?? '',
  ]);
  const head = ['', 'server', 'valid from', 'until', 'flags', 'enctype (ticket / session)', 'KDC'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((v, c) => v.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [`source: ${set.source}`, `default principal: ${set.defaultPrincipal ?? '(unknown)'}`];
  if (timeZoneNote) out.push(timeZoneNote);
  out.push('', line(head), ...rows.map(line));
  if (rows.length === 0) out.push('(no tickets)');
  return out.join('\n') + '\n';
}

const MARK: Record<string, string> = { ok: 'ok', expiring: 'EXPIRING', expired: 'EXPIRED', missing: 'MISSING' };

export function formatChain(chain: Chain): string {
  const out = [
    `chain: ${chain.flow}  (user realm ${chain.userRealm ?? '?'} → target realm ${chain.targetRealm ?? '?'}` +
      `${chain.targetSpn ? `, SPN ${chain.targetSpn}` : ''})`,
  ];
  chain.hops.forEach((h, i) => {
    out.push(
      `${i === 0 ? '  ' : '  └─> '}[${h.kind}] ${h.server}@${h.serverRealm}  ` +
        `${h.status === 'missing' ? 'would come from' : 'from'} ${h.issuingRealm || '?'}  ` +
        `${MARK[h.status] ?? h.status}${h.kdcCalled ? `  via ${h.kdcCalled}` : ''}${h.note ? `  (${h.note})` : ''}`,
    );
  });
  return out.join('\n') + '\n' + formatFindings(chain.findings);
}

export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'findings: none\n';
  return (
    ['findings:', ...findings.map((f) => `  ${f.severity.toUpperCase().padEnd(5)} ${f.code}: ${f.message}`)].join(
      '\n',
    ) + '\n'
  );
}
