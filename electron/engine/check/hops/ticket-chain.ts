// Hop 6: the chain as the cache holds it after the acquisition — the referral and the service ticket the
// binding stored. After a failure it shows where the path broke: no referral means the trust hop failed;
// a referral means the trust worked and the service ticket failed. After a success it only feeds the
// report, so it runs beside the SQL login, off the critical path.
import type { Ticket, TicketSet } from '../../../contract/index';
import { reconcileChain } from '../../tickets/chain';
import type { Hop, HopContext, HopResult } from '../hop';
import type { StepRecorder } from '../step-recorder';
import { fmtTime } from '../hop-text';
import { kerberosHop } from './kerberos';
import { bindTickets, pathTickets, ticketsHop, type TicketsDeps } from './tickets';

function describeService(t: Ticket): string {
  const from = t.kdcCalled ? ` from ${t.kdcCalled}` : '';
  const enctype = t.ticketEnctype ? `, ticket ${t.ticketEnctype}` : '';
  return `${t.server}@${t.serverRealm}${from}, valid until ${fmtTime(t.end)}${enctype}`;
}

/**
 * The chain as the report shows it: the cache's chain told by the steps recorded for its hops, so the chain,
 * the steps and the diagnosis (which reads the same steps' evidence) never disagree.
 */
function withFacts(set: TicketSet | null, steps: StepRecorder): TicketSet | null {
  if (!set) return set;
  const fact = (id: 'tgt' | 'referral' | 'service-ticket') => {
    const s = steps.get(id);
    return s ? { status: s.status, detail: s.detail } : undefined;
  };
  const facts = { tgt: fact('tgt'), referral: fact('referral'), service: fact('service-ticket') };
  return {
    ...set,
    chain: reconcileChain(set.chain, Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined))),
  };
}

/** Why the referral step has nothing to show: a cloud TGT needs none, or the cache could not be listed. */
function noReferralText(ticketsOut: { cacheUnlisted: boolean }): string {
  return ticketsOut.cacheUnlisted ? 'not known: the ticket cache could not be listed' : 'cloud TGT: no referral needed';
}

export const ticketChainHop: Hop<{ set: TicketSet | null }, Pick<TicketsDeps, 'readTickets'>> = {
  name: 'ticket-chain',
  needs: [ticketsHop, kerberosHop],
  async run(ctx) {
    const r = await readChain(ctx);
    return { ...r, out: { set: withFacts(r.out.set, ctx.steps) } };
  },
  bind: (p) => ({ readTickets: bindTickets(p).readTickets }),
};

async function readChain({
  target,
  deps,
  steps,
  now,
  need,
}: HopContext<Pick<TicketsDeps, 'readTickets'>>): Promise<HopResult<{ set: TicketSet | null }>> {
  const ticketsOut = await need(ticketsHop);
  const kerberosOut = await need(kerberosHop);
  if (!kerberosOut.attempted) return { out: { set: ticketsOut.set } };
  // With the cache unlisted (no klist) there is no set: the steps still say how the acquisition went.
  let set: TicketSet | null = ticketsOut.set;
  try {
    set = await deps.readTickets(target.spn, now());
  } catch {
    /* keep the first read */
  }
  const { service, referral }: ReturnType<typeof pathTickets> = set ? pathTickets(set, ticketsOut, target) : {};
  const cloud = ticketsOut.serviceRealm;
  const referralLine = (r: Ticket) =>
    `krbtgt/${cloud}@${ticketsOut.userRealm} from the ${ticketsOut.userRealm} KDC, valid until ${fmtTime(r.end)}`;
  if (kerberosOut.failure) {
    const { text } = kerberosOut.failure;
    // A wait that ran out before the referral came was on the user's KDC; after it, on the service realm's.
    const onUserKdc = ticketsOut.trustFlow && !referral;
    const evidence = kerberosOut.failure.timedOut
      ? [
          ...kerberosOut.failure.evidence,
          {
            kind: 'socket' as const,
            code: 'ETIMEDOUT',
            stage: onUserKdc ? ('kdc' as const) : ('kdc-cloud' as const),
            realm: (onUserKdc ? ticketsOut.userRealm : null) ?? cloud,
            detail: text,
          },
        ]
      : kerberosOut.failure.evidence;
    if (onUserKdc) {
      steps.record('referral', 'fail', `no referral to ${cloud} from ${ticketsOut.userRealm}: ${text}`, [text]);
      steps.record('service-ticket', 'skip', 'needs the referral', [], kerberosOut.acquireMs);
      return { out: { set }, evidence: [{ step: 'referral', evidence }] };
    }
    if (referral) steps.record('referral', 'pass', `${referralLine(referral)}; the failing hop is the service ticket`);
    else steps.record('referral', 'skip', noReferralText(ticketsOut));
    steps.record(
      'service-ticket',
      'fail',
      `no ticket for ${target.spn}@${cloud}: ${text}`,
      [text],
      kerberosOut.acquireMs,
    );
    return { out: { set }, evidence: [{ step: 'service-ticket', evidence }] };
  }
  if (ticketsOut.trustFlow)
    steps.record(
      'referral',
      referral ? 'pass' : 'warn',
      referral ? referralLine(referral) : 'no referral ticket in the cache (the platform may not store it)',
    );
  else steps.record('referral', 'skip', noReferralText(ticketsOut));
  steps.record(
    'service-ticket',
    'pass',
    service ? describeService(service) : `ticket obtained for ${target.spn} (not listed in the cache)`,
    [],
    kerberosOut.acquireMs,
  );
  return { out: { set } };
}
