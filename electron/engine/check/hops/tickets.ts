// Hop 3: the logon session's ticket cache and its TGT. A missing or expired TGT ends the Kerberos path
// here; the environment's facts (join state, cloud-Kerberos policy) travel with it to explain why.
import type { Target, Ticket, TicketSet } from '../../../contract/index';
import type { Evidence } from '../../diagnose/evidence';
import { readCurrentCache } from '../../tickets/current-cache';
import { toTicketSet } from '../../tickets/ticket-source';
import { KerbProbeError } from '../../errors';
import type { Hop } from '../hop';
import type { Platform } from '../platform';
import { serviceRealm, type RealmDeps } from '../realms';
import { errorText, fmtTime, realmOf } from '../hop-text';
import { environmentHop } from './environment';

export interface TicketsDeps extends RealmDeps {
  /** The current ticket cache, its tickets judged at `now`. */
  readTickets(spn: string, now: Date): Promise<TicketSet>;
}

export interface TicketsOut {
  /** Null when no cache could be read. */
  set: TicketSet | null;
  userRealm: string | null;
  /** The realm of the SPN (Entra Kerberos unless krb5.conf maps the host elsewhere). */
  serviceRealm: string;
  tgtValid: boolean;
  /** A still-valid service ticket for the SPN is already cached: no KDC needs to answer. */
  cachedService: boolean;
  /** The user's realm is not the service's: the incoming-trust flow (a referral is needed). */
  trustFlow: boolean;
  /**
   * The cache's lister is missing (no klist.exe on PATH: a stripped-down Windows, Wine): whether a TGT is held
   * is unknown, not "no", so the ticket is asked for anyway and its answer says.
   */
  cacheUnlisted: boolean;
}

const EXPIRING_SOON_MS = 10 * 60_000;

function findTgt(set: TicketSet, realm: string | null): Ticket | undefined {
  const r = realm?.toUpperCase();
  return r
    ? set.tickets.find((t) => t.server.toUpperCase() === `KRBTGT/${r}` && t.serverRealm.toUpperCase() === r)
    : undefined;
}

export const ticketsHop: Hop<TicketsOut, TicketsDeps> = {
  name: 'tickets',
  needs: [environmentHop],
  async run({ target, deps, steps, now, need }) {
    const cloudRealm = serviceRealm(target, deps);
    const done = steps.start('tgt');
    const missing = async (tgt: Evidence): Promise<Evidence[]> => [...(await need(environmentHop)).facts, tgt];
    let set: TicketSet;
    try {
      set = await deps.readTickets(target.spn, now());
    } catch (err) {
      const text = errorText(err);
      if (err instanceof KerbProbeError && err.code === 'TOOL_NOT_FOUND') {
        done('warn', `the ticket cache could not be listed (${text}): the ticket request shows whether a TGT is held`);
        // No evidence for the judge: a missing lister is not a cause; the step's warning says it.
        return { out: { ...noTickets(cloudRealm), cacheUnlisted: true } };
      }
      done('fail', `no ticket cache could be read: ${text}`, [text]);
      const evidence = await missing({ kind: 'tgt', state: 'missing' });
      return {
        out: noTickets(cloudRealm),
        evidence: [
          {
            step: 'tgt',
            evidence: [
              ...evidence,
              {
                kind: 'engine-error',
                // A code the engine knew (KERBEROS_FILE_UNUSABLE: the cache is a FIFO) is the judge's to read.
                ...(err instanceof KerbProbeError ? { code: err.code } : {}),
                message: text,
                source: 'ticket cache',
              },
            ],
          },
        ],
      };
    }
    // The chain knows the user's realm behind any klist spelling (a cloud TGT's client realm reads `AzureAD`).
    const userRealm = set.chain.userRealm ?? realmOf(set.defaultPrincipal);
    const nowMs = now().getTime();
    const tgt = findTgt(set, userRealm);
    const cachedService = set.tickets.some(
      (t) => t.server.toLowerCase() === target.spn.toLowerCase() && t.end !== null && Date.parse(t.end) > nowMs,
    );
    const out = {
      set,
      userRealm,
      serviceRealm: cloudRealm,
      cachedService,
      cacheUnlisted: false,
      trustFlow: userRealm !== null && userRealm.toUpperCase() !== cloudRealm.toUpperCase(),
    };
    if (!tgt) {
      done(
        'fail',
        set.defaultPrincipal
          ? `no ticket-granting ticket for ${set.defaultPrincipal} in ${set.source}`
          : `no Kerberos credentials in ${set.source}`,
      );
      const evidence = await missing({
        kind: 'tgt',
        state: 'missing',
        ...(userRealm ? { realm: userRealm } : {}),
        cache: set.source,
        held: set.tickets.length,
      });
      return { out: { ...out, tgtValid: false }, evidence: [{ step: 'tgt', evidence }] };
    }
    if (tgt.end && Date.parse(tgt.end) <= nowMs) {
      done('fail', `the TGT for ${set.defaultPrincipal} expired at ${fmtTime(tgt.end)}`, [
        `krbtgt/${userRealm}@${userRealm} end ${tgt.end}`,
      ]);
      return {
        out: { ...out, tgtValid: false },
        evidence: [
          {
            step: 'tgt',
            evidence: [{ kind: 'tgt', state: 'expired', ...(userRealm ? { realm: userRealm } : {}), end: tgt.end }],
          },
        ],
      };
    }
    const soon = tgt.end !== null && Date.parse(tgt.end) - nowMs < EXPIRING_SOON_MS;
    const enctype = tgt.ticketEnctype ? `, ${tgt.ticketEnctype}` : '';
    const flow = out.trustFlow ? '' : ' (cloud TGT: modern flow)';
    const ending = soon ? ' — expires in under 10 minutes' : '';
    const held = `krbtgt/${userRealm}@${userRealm}, valid until ${fmtTime(tgt.end)}`;
    done(soon ? 'warn' : 'pass', `${set.defaultPrincipal}: ${held}${enctype}${flow}${ending}`);
    return { out: { ...out, tgtValid: true } };
  },
  bind: bindTickets,
};

/** klist (Windows) or the MIT cache, read within a bound. */
const TOOL_TIMEOUT_MS = 3000;

export function bindTickets(p: Platform): TicketsDeps {
  return {
    realmForHost: p.realmForHost,
    async readTickets(spn, now) {
      const src = await readCurrentCache({ env: p.env, platform: p.os, timeoutMs: TOOL_TIMEOUT_MS, run: p.runTool });
      return toTicketSet(src, { spn, now });
    },
  };
}

function noTickets(serviceRealm: string): TicketsOut {
  return {
    set: null,
    userRealm: null,
    serviceRealm,
    tgtValid: false,
    cachedService: false,
    trustFlow: false,
    cacheUnlisted: false,
  };
}

/** The ticket for the SPN and the referral to its realm, as a cache holds them. */
export function pathTickets(
  set: TicketSet,
  t: Pick<TicketsOut, 'userRealm' | 'serviceRealm'>,
  target: Target,
): { service?: Ticket; referral?: Ticket } {
  const service = set.tickets.find((x) => x.server.toLowerCase() === target.spn.toLowerCase());
  const referral = set.tickets.find((x) => x.server === `krbtgt/${t.serviceRealm}` && x.serverRealm === t.userRealm);
  return { ...(service ? { service } : {}), ...(referral ? { referral } : {}) };
}
