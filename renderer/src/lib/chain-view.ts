// Turns a ticket chain into the diagram's nodes: the user, each hop (TGT, referral, service ticket) with
// its ticket, and the SQL service at the end.
import { CLOUD_REALM } from '../../../electron/contract/azure';
import { FLOW_LABEL } from '../../../electron/contract/chain-flow';
import type { Chain, Hop, Ticket } from '../../../electron/contract/report';
import { describeExpiry } from './time-text';

export type NodeStatus = 'ok' | 'expiring' | 'expired' | 'missing' | 'info';

export interface ChainNode {
  key: string;
  kind: 'user' | Hop['kind'] | 'service-target';
  heading: string;
  name: string;
  realm: string | null;
  /** Who issued it, in words: "on-premises KDC (CONTOSO.TEST)" or "Microsoft Entra Kerberos". */
  issuer: string | null;
  status: NodeStatus;
  statusText: string;
  kdcCalled: string | null;
  expiry: ReturnType<typeof describeExpiry> | null;
  ticket: Ticket | null;
  note: string | null;
}

function realmWords(realm: string): string {
  return realm.toUpperCase() === CLOUD_REALM
    ? `Microsoft Entra Kerberos (${CLOUD_REALM})`
    : `on-premises AD (${realm})`;
}

const HEADINGS: Record<Hop['kind'], string> = {
  tgt: 'Ticket-granting ticket',
  referral: 'Referral (cross-realm TGT)',
  service: 'Service ticket',
};

const STATUS_TEXT: Record<Hop['status'], string> = {
  ok: 'valid',
  expiring: 'expires soon',
  expired: 'expired',
  missing: 'missing',
};

/** The flow's one name, as every report and the CLI give it (contract/chain-flow). */
export function flowTitle(flow: Chain['flow']): string {
  return FLOW_LABEL[flow];
}

export function chainNodes(chain: Chain, tickets: Ticket[], principal: string | null, reference: Date): ChainNode[] {
  const userName = principal ?? tickets[0]?.client ?? null;
  const nodes: ChainNode[] = [
    {
      key: 'user',
      kind: 'user',
      heading: 'Signed-in user',
      name: userName ?? 'unknown user',
      realm: chain.userRealm,
      issuer: null,
      status: userName ? 'info' : 'missing',
      statusText: userName ? 'logon session' : 'no user in the ticket cache',
      kdcCalled: null,
      expiry: null,
      ticket: null,
      note: null,
    },
  ];
  chain.hops.forEach((hop, index) => {
    const ticket = hop.ticketIndex !== null ? (tickets[hop.ticketIndex] ?? null) : null;
    nodes.push({
      key: `hop-${index}`,
      kind: hop.kind,
      heading: HEADINGS[hop.kind],
      name: `${hop.server} @ ${hop.serverRealm}`,
      realm: hop.serverRealm,
      // A missing ticket was issued by no one: its card names no issuer (the note says why it is missing).
      issuer: hop.status === 'missing' ? null : realmWords(hop.issuingRealm),
      status: hop.status,
      statusText: STATUS_TEXT[hop.status],
      kdcCalled: hop.kdcCalled ?? ticket?.kdcCalled ?? null,
      expiry: ticket ? describeExpiry(ticket.end, reference) : null,
      ticket,
      note: hop.note ?? null,
    });
  });
  if (chain.targetSpn) {
    const service = chain.hops.find((h) => h.kind === 'service');
    const reached = service !== undefined && (service.status === 'ok' || service.status === 'expiring');
    nodes.push({
      key: 'target',
      kind: 'service-target',
      heading: 'SQL service',
      name: chain.targetSpn,
      realm: chain.targetRealm,
      issuer: null,
      status: reached ? 'info' : 'missing',
      statusText: reached ? 'ticket ready' : 'no ticket',
      kdcCalled: null,
      expiry: null,
      ticket: null,
      note: null,
    });
  }
  return nodes;
}
