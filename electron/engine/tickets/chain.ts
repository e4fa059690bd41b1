// Orders tickets into the hops a Kerberos client walks from the user's realm to the SPN's realm, and
// says what is missing, expired or weak. Two shapes matter for Azure SQL MI:
//   trust:  krbtgt/CONTOSO@CONTOSO → krbtgt/KERBEROS.MICROSOFTONLINE.COM@CONTOSO → MSSQLSvc/…@KERBEROS.…
//   cloud:  krbtgt/KERBEROS.MICROSOFTONLINE.COM@KERBEROS.… (cloud TGT at logon) → MSSQLSvc/…@KERBEROS.…
import { CLOUD_REALM, isAzureSqlHost } from '../../contract/azure';
import type { Chain, Finding, Hop, Ticket } from '../../contract/report';
import { isLegacyDes, isRc4 } from './enctype-names';
import { isoToMs } from './times';
import type { ChainFindingCode } from '../diagnose/sources/chain-finding-evidence';

/**
 * The realm behind a client realm as klist spells it. Windows prints the client realm of a cloud TGT as
 * `AzureAD`; the TGT itself is for KERBEROS.MICROSOFTONLINE.COM, the realm Microsoft Entra ID issues cloud
 * TGTs for (https://learn.microsoft.com/entra/identity/authentication/kerberos, "Cloud TGT issuance").
 */
export function realmBehind(realm: string): string {
  const r = realm.trim().toUpperCase();
  return r === 'AZUREAD' ? CLOUD_REALM : r;
}

const EXPIRING_MS = 10 * 60 * 1000;

export interface BuildChainOptions {
  /** `MSSQLSvc/host:port`, optionally `@REALM`. Without it the first MSSQLSvc ticket is the target. */
  spn?: string | null;
  now: Date;
  /** The cache's default principal (`alice@CONTOSO.COM`), when the source names one. */
  defaultPrincipal?: string | null;
}

const norm = (s: string): string => s.toUpperCase();
const isTgt = (t: Ticket): boolean => /^krbtgt\//i.test(t.server);
const tgtTarget = (t: Ticket): string => t.server.slice('krbtgt/'.length);

/** `MSSQLSvc/host:1433@REALM` → parts. */
export function parseSpn(spn: string): {
  service: string;
  host: string;
  port: string | null;
  realm: string | null;
  name: string;
} {
  const at = spn.lastIndexOf('@');
  const name = at > 0 ? spn.slice(0, at) : spn;
  const realm = at > 0 ? spn.slice(at + 1) || null : null;
  const slash = name.indexOf('/');
  const service = slash >= 0 ? name.slice(0, slash) : name;
  const hostPort = slash >= 0 ? name.slice(slash + 1) : '';
  const match = /^(.*?)(?::(\d+))?$/.exec(hostPort);
  return { service, host: match?.[1] ?? hostPort, port: match?.[2] ?? null, realm, name };
}

function sameService(a: string, b: string): boolean {
  // Service and host compare case-insensitively (DNS names); Windows lowercases them, MIT keeps case.
  return a.toLowerCase() === b.toLowerCase();
}

/** A ticket with its place in the list (findings and hops name tickets by index). */
interface Indexed {
  ticket: Ticket;
  index: number;
}

/** The findings of one chain, in the order they are found. */
class FindingList {
  readonly items: Finding[] = [];
  add(code: ChainFindingCode, severity: Finding['severity'], message: string, ticketIndex?: number): void {
    this.items.push(ticketIndex === undefined ? { code, severity, message } : { code, severity, message, ticketIndex });
  }
}

/** What the chain should reach: the service ticket (the SPN's, else the first MSSQLSvc one) and its realm. */
interface ChainTarget {
  service: Indexed | null;
  /** `klist get krbtgt/REALM`: the referral itself was asked for, so no service ticket is expected beside it. */
  referralAsked: boolean;
  spn: string | null;
  host: string | null;
  realm: string | null;
}

function chainTarget(tickets: readonly Ticket[], spnText: string | null | undefined): ChainTarget {
  // `klist get krbtgt/REALM` asks for a TGT (the referral hop), not for a service: the chain's service is then
  // whichever MSSQLSvc ticket the cache holds, as with no name at all.
  const referralAsked = Boolean(spnText && /^krbtgt\//i.test(spnText));
  const spn = spnText && !referralAsked ? parseSpn(spnText) : null;
  const index = spn
    ? tickets.findIndex(
        (ticket) =>
          !isTgt(ticket) &&
          sameService(ticket.server, spn.name) &&
          (spn.realm === null || norm(ticket.serverRealm) === norm(spn.realm)),
      )
    : tickets.findIndex((ticket) => /^MSSQLSvc\//i.test(ticket.server));
  const found = index >= 0 ? tickets[index] : undefined;
  const service = found ? { ticket: found, index } : null;
  const host = spn ? spn.host : found ? parseSpn(found.server).host : null;
  let realm: string | null = spn?.realm ? norm(spn.realm) : found ? norm(found.serverRealm) : null;
  if (realm === null && host && isAzureSqlHost(host)) realm = CLOUD_REALM;
  return { service, referralAsked, spn: spn ? spn.name : found ? found.server : null, host, realm };
}

/**
 * The session's own TGTs with the one it signed in with first. Windows keeps beside it forwarded copies (cache flag
 * DELEGATION, ticket flag forwarded): real French and Russian caches list one at #0 (test/fixtures/real/klist/).
 * The sign-in TGT is the one issued by the authentication service — ticket flag `initial` (0x00400000, "the ticket
 * was issued using the authentication service protocol instead of being based on a ticket-granting ticket") — and
 * klist marks it `Cache Flags: 0x1 -> PRIMARY`; a forwarded one carries `forwarded` (0x20000000):
 * https://learn.microsoft.com/en-us/windows/win32/api/ntsecapi/ns-ntsecapi-kerb_ticket_cache_info
 */
function initialFirst(own: readonly Indexed[]): Indexed[] {
  const rank = ({ ticket }: Indexed): number =>
    /\bPRIMARY\b/i.test(ticket.cacheFlags ?? '')
      ? 0
      : ticket.flags.includes('initial')
        ? 1
        : ticket.flags.includes('forwarded') || /\bDELEGATION\b/i.test(ticket.cacheFlags ?? '')
          ? 3
          : 2;
  return [...own].sort((a, b) => rank(a) - rank(b) || a.index - b.index);
}

/**
 * The user's own TGT and realm: the default principal's; a cloud TGT's client realm reads `AzureAD`, so the
 * realm that issued the user's own TGT (krbtgt/X@X) decides when the name does not.
 */
function userTgt(
  tickets: readonly Ticket[],
  tgts: readonly Indexed[],
  defaultPrincipal: string | null | undefined,
): { primary: Indexed | undefined; userRealm: string | null } {
  const own = tgts.filter(({ ticket }) => norm(tgtTarget(ticket)) === norm(ticket.serverRealm));
  const principalRealm =
    defaultPrincipal && defaultPrincipal.includes('@')
      ? realmBehind(defaultPrincipal.slice(defaultPrincipal.lastIndexOf('@') + 1))
      : null;
  const clientRealms = new Set(tickets.map((ticket) => norm(ticket.clientRealm ?? '')).filter(Boolean));
  const candidates = initialFirst(own);
  const primary =
    candidates.find(({ ticket }) => norm(ticket.serverRealm) === principalRealm) ??
    candidates.find(({ ticket }) => clientRealms.has(norm(ticket.serverRealm))) ??
    candidates.find(({ ticket }) => norm(ticket.serverRealm) === CLOUD_REALM) ??
    candidates[0];
  const userRealm = primary
    ? norm(primary.ticket.serverRealm)
    : (principalRealm ?? (tickets[0]?.clientRealm ? realmBehind(tickets[0].clientRealm) : null));
  return { primary, userRealm };
}

/** A held ticket's status at `nowMs`, saying when it has expired, is not yet valid or is about to expire. */
function ticketStatus(held: Indexed, label: string, nowMs: number, findings: FindingList): Hop['status'] {
  const { ticket, index } = held;
  const end = isoToMs(ticket.end);
  const start = isoToMs(ticket.start);
  const name = `${label} ${ticket.server}@${ticket.serverRealm}`;
  if (end !== null && end <= nowMs) {
    findings.add('TICKET_EXPIRED', 'error', `${name} expired at ${ticket.end}.`, index);
    return 'expired';
  }
  if (start !== null && start > nowMs + 5 * 60 * 1000)
    findings.add('TICKET_NOT_YET_VALID', 'warn', `${name} is valid only from ${ticket.start} (clock skew?).`, index);
  if (end !== null && end - nowMs < EXPIRING_MS) {
    findings.add('TICKET_EXPIRING', 'warn', `${name} expires in under 10 minutes (${ticket.end}).`, index);
    return 'expiring';
  }
  return 'ok';
}

/** A hop for a held ticket. */
function heldHop(kind: Hop['kind'], issuingRealm: string, held: Indexed, status: Hop['status']): Hop {
  const { ticket, index } = held;
  return {
    kind,
    issuingRealm,
    server: ticket.server,
    serverRealm: ticket.serverRealm,
    status,
    ticketIndex: index,
    ...(ticket.kdcCalled ? { kdcCalled: ticket.kdcCalled } : {}),
  };
}

/** A hop the cache does not hold. */
const missingHop = (kind: Hop['kind'], issuingRealm: string, server: string, serverRealm: string): Hop => ({
  kind,
  issuingRealm,
  server,
  serverRealm,
  status: 'missing',
  ticketIndex: null,
});

/** Referrals: walk krbtgt/NEXT@CURRENT from the user's realm towards the target realm. */
function walkReferrals(
  tgts: readonly Indexed[],
  userRealm: string | null,
  targetRealm: string | null,
  ctx: { nowMs: number; findings: FindingList; hops: Hop[] },
): { count: number; reached: boolean } {
  let realm = userRealm;
  const visited = new Set<string>(realm ? [realm] : []);
  let count = 0;
  while (realm && targetRealm && realm !== targetRealm) {
    const from: string = realm;
    const candidates = tgts.filter(
      ({ ticket }) =>
        norm(ticket.serverRealm) === from && norm(tgtTarget(ticket)) !== from && !visited.has(norm(tgtTarget(ticket))),
    );
    const next = candidates.find(({ ticket }) => norm(tgtTarget(ticket)) === targetRealm) ?? candidates[0];
    if (!next) {
      ctx.findings.add(
        'CHAIN_NO_REFERRAL',
        'error',
        `No referral ticket krbtgt/${targetRealm}@${from}: the realm ${from} gave no path to ${targetRealm} ` +
          '(missing trust, or the referral was never requested).',
      );
      ctx.hops.push(missingHop('referral', from, `krbtgt/${targetRealm}`, from));
      break;
    }
    count++;
    ctx.hops.push(heldHop('referral', from, next, ticketStatus(next, 'The referral', ctx.nowMs, ctx.findings)));
    realm = norm(tgtTarget(next.ticket));
    visited.add(realm);
  }
  return { count, reached: realm !== null && targetRealm !== null && realm === targetRealm };
}

/** The service ticket's hop, or what its absence says (after a referral, the next KDC refused or was not asked). */
function serviceHop(
  target: ChainTarget,
  primary: Indexed | undefined,
  referrals: number,
  tgts: readonly Indexed[],
  ctx: { nowMs: number; findings: FindingList; hops: Hop[] },
): void {
  const { service } = target;
  if (service) {
    const status = ticketStatus(service, 'The service ticket', ctx.nowMs, ctx.findings);
    ctx.hops.push(heldHop('service', norm(service.ticket.serverRealm), service, status));
    const tgtEnd = primary ? isoToMs(primary.ticket.end) : null;
    const serviceEnd = isoToMs(service.ticket.end);
    if (tgtEnd !== null && serviceEnd !== null && tgtEnd < serviceEnd)
      ctx.findings.add(
        'CHAIN_TGT_ENDS_BEFORE_SERVICE',
        'warn',
        `The TGT ends (${primary?.ticket.end}) before the service ticket (${service.ticket.end}): ` +
          'renewing the service ticket will need a new TGT.',
        primary?.index,
      );
  } else if (target.spn) {
    ctx.findings.add(
      referrals > 0 ? 'CHAIN_REFERRAL_WITHOUT_SERVICE' : 'CHAIN_SERVICE_TICKET_MISSING',
      'error',
      referrals > 0
        ? `A referral to ${target.realm} is cached but no service ticket for ${target.spn}: ` +
            `the ${target.realm} KDC refused or was never reached.`
        : `No service ticket for ${target.spn} is cached.`,
    );
    ctx.hops.push(missingHop('service', target.realm ?? '', target.spn, target.realm ?? ''));
  } else if (!target.referralAsked && tgts.some(({ ticket }) => norm(tgtTarget(ticket)) !== norm(ticket.serverRealm))) {
    // A referral towards Entra exists only because a client asked for an MI ticket: that request failed.
    const toCloud = tgts.some(
      ({ ticket }) => norm(tgtTarget(ticket)) === CLOUD_REALM && norm(ticket.serverRealm) !== CLOUD_REALM,
    );
    ctx.findings.add(
      'CHAIN_REFERRAL_WITHOUT_SERVICE',
      toCloud ? 'error' : 'warn',
      `A cross-realm referral${toCloud ? ` to ${CLOUD_REALM}` : ''} is cached but no MSSQLSvc service ticket.`,
    );
  }
}

/**
 * Windows' Kerberos policy defaults, [MS-GPSB] 2.2.2 Kerberos Policy: MaxTicketAge "The default is 10 hours",
 * MaxRenewAge 7 days (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-gpsb/0fce5b92-bcc1-4b96-9c2b-56397c3f144f).
 * A ticket valid for longer than the renewal limit was not issued under a default policy; forged tickets
 * (mimikatz' golden tickets: ten years) look like this.
 */
const LONG_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** Tickets that no KDC issues as they read: empty names (a forged ticket injected into the cache), an odd lifetime. */
function oddTickets(tickets: readonly Ticket[], findings: FindingList): void {
  tickets.forEach((ticket, index) => {
    const start = isoToMs(ticket.start);
    const end = isoToMs(ticket.end);
    const long = start !== null && end !== null && end - start > LONG_LIFETIME_MS;
    const lifetime = long
      ? `valid ${Math.round((end - start) / 86_400_000)} days (${ticket.start} to ${ticket.end})`
      : null;
    const emptyNames =
      ticket.client === '' ||
      (ticket.clientRealm ?? '') === '' ||
      ticket.serverRealm === '' ||
      /\/$/.test(ticket.server);
    if (emptyNames) {
      const also = [
        ...(isRc4(ticket.ticketEnctype) || isRc4(ticket.sessionEnctype) ? ['RC4 encryption'] : []),
        ...(lifetime ? [lifetime] : []),
      ];
      findings.add(
        'TICKET_NAMES_EMPTY',
        'error',
        `Ticket #${index} has empty names (client "${ticket.client}@${ticket.clientRealm ?? ''}", server ` +
          `"${ticket.server}@${ticket.serverRealm}")${also.length ? ` and ${also.join(' and ')}` : ''}: ` +
          'no KDC issues such a ticket — it was put into the cache by a tool (a forged or injected ticket), and ' +
          'cannot be used to reach SQL.',
        index,
      );
    }
    if (lifetime)
      findings.add(
        'TICKET_LIFETIME_LONG',
        'warn',
        `${ticket.server}@${ticket.serverRealm} is ${lifetime}, beyond Windows' default limits (10 hours, renewable ` +
          'for 7 days): not issued under a default policy (forged tickets look like this).',
        index,
      );
  });
}

/** Weak or odd encryption and flags, per ticket. */
function weakTickets(tickets: readonly Ticket[], findings: FindingList): void {
  oddTickets(tickets, findings);
  tickets.forEach((ticket, index) => {
    const name = `${ticket.server}@${ticket.serverRealm}`;
    const cloud = norm(ticket.serverRealm) === CLOUD_REALM || norm(tgtTarget(ticket)) === CLOUD_REALM;
    if (isRc4(ticket.ticketEnctype) || isRc4(ticket.sessionEnctype)) {
      findings.add(
        'TICKET_RC4',
        cloud ? 'error' : 'warn',
        `${name} uses RC4 (arcfour-hmac) where AES is expected` +
          `${cloud ? ' (Entra Kerberos accepts AES-256 only)' : ''}.`,
        index,
      );
    } else if (isLegacyDes(ticket.ticketEnctype) || isLegacyDes(ticket.sessionEnctype)) {
      findings.add('TICKET_DES', 'error', `${name} uses DES/3DES, which current Windows and Entra refuse.`, index);
    }
    if (ticket.flags.includes('invalid'))
      findings.add(
        'TICKET_INVALID_FLAG',
        'warn',
        `${name} carries the "invalid" flag (postdated, not yet validated).`,
        index,
      );
  });
}

/** The SPN itself: a managed instance's ticket from another realm than Entra's, a host that is not a full name. */
function spnFindings(target: ChainTarget, findings: FindingList): void {
  const { host, service } = target;
  if (host && isAzureSqlHost(host) && service && norm(service.ticket.serverRealm) !== CLOUD_REALM)
    findings.add(
      'SPN_REALM_NOT_CLOUD',
      'error',
      `The ticket for ${service.ticket.server} comes from ${service.ticket.serverRealm}, not ${CLOUD_REALM}: ` +
        'an on-premises account holds this SPN or a host-to-realm mapping sends it to the wrong realm.',
      service.index,
    );
  if (host && (!host.includes('.') || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':')))
    findings.add(
      'SPN_HOST_NOT_FQDN',
      'error',
      `The SPN host "${host}" is not a fully qualified name: Windows falls back to NTLM, which Azure SQL MI rejects.`,
    );
}

export function buildChain(tickets: readonly Ticket[], opts: BuildChainOptions): Chain {
  const findings = new FindingList();
  const hops: Hop[] = [];
  const ctx = { nowMs: opts.now.getTime(), findings, hops };
  const target = chainTarget(tickets, opts.spn);
  const tgts = tickets.map((ticket, index) => ({ ticket, index })).filter(({ ticket }) => isTgt(ticket));
  const { primary, userRealm } = userTgt(tickets, tgts, opts.defaultPrincipal);

  if (tickets.length === 0)
    findings.add(
      'CHAIN_NO_TICKETS',
      'error',
      'The cache holds no tickets: the user has no Kerberos TGT in this session.',
    );
  if (primary) {
    const hop = heldHop('tgt', userRealm ?? primary.ticket.serverRealm, primary, 'ok');
    hops.push({
      ...hop,
      status: ticketStatus(primary, 'The TGT', ctx.nowMs, findings),
      ...(norm(primary.ticket.serverRealm) === CLOUD_REALM ? { note: 'cloud TGT from Microsoft Entra ID' } : {}),
    });
  } else if (tickets.length > 0) {
    findings.add('CHAIN_NO_TGT', 'error', `No TGT (krbtgt/${userRealm ?? 'REALM'}) for the user's realm is cached.`);
    hops.push(missingHop('tgt', userRealm ?? '', `krbtgt/${userRealm ?? ''}`, userRealm ?? ''));
  }
  const referrals = walkReferrals(tgts, userRealm, target.realm, ctx);
  serviceHop(target, primary, referrals.count, tgts, ctx);
  weakTickets(tickets, findings);
  spnFindings(target, findings);

  let flow: Chain['flow'] = 'incomplete';
  const complete = hops.length > 0 && hops.every((h) => h.status !== 'missing') && target.service !== null;
  if (complete && (referrals.reached || target.realm === null || userRealm === target.realm)) {
    if (userRealm === CLOUD_REALM && norm(target.service?.ticket.serverRealm ?? '') === CLOUD_REALM) flow = 'cloud';
    else if (referrals.count > 0) flow = 'trust';
    else flow = 'single-realm';
  }
  return { flow, userRealm, targetRealm: target.realm, targetSpn: target.spn, hops, findings: findings.items };
}

/** What the check itself recorded for a hop of the chain: its step's status and detail. */
export interface HopFact {
  status: 'pass' | 'fail' | 'warn' | 'skip';
  detail: string;
}

const HOP_NAME: Record<Hop['kind'], string> = { tgt: 'TGT', referral: 'referral', service: 'service ticket' };
/** The findings that say a hop is absent from the cache, by the hop they are about. */
const ABSENCE: Record<Hop['kind'], readonly ChainFindingCode[]> = {
  tgt: ['CHAIN_NO_TGT'],
  referral: ['CHAIN_NO_REFERRAL'],
  service: ['CHAIN_SERVICE_TICKET_MISSING', 'CHAIN_REFERRAL_WITHOUT_SERVICE'],
};

/**
 * The chain a check shows, told by the same facts as its steps: a cache read alone cannot tell "the trust is
 * missing" from "the referral was never requested", but the check knows which hops it asked for. A hop the
 * check did not request (its step skipped) says so, and its absence is information, not an error; a hop
 * requested and refused says the KDC was asked; a ticket obtained but not stored by the platform is not
 * called missing trust. Only the wording and severity of absence findings change, never what the cache holds.
 */
export function reconcileChain(chain: Chain, facts: Partial<Record<Hop['kind'], HopFact>>): Chain {
  const findings: Finding[] = [];
  const hops = chain.hops.map((hop) => {
    const fact = facts[hop.kind];
    if (hop.status !== 'missing' || !fact) return hop;
    const name = HOP_NAME[hop.kind];
    const absence = chain.findings.filter((f) => ABSENCE[hop.kind].includes(f.code as ChainFindingCode));
    if (fact.status === 'skip') {
      findings.push(
        ...absence.map((f) => ({
          code: f.code,
          severity: 'info' as const,
          message: `No ${name} is cached: it was not requested (${fact.detail}).`,
        })),
      );
      return { ...hop, note: `not requested: ${fact.detail.replace(/^not attempted: /, '')}` };
    }
    if (fact.status === 'pass' || fact.status === 'warn') {
      findings.push(
        ...absence.map((f) => ({
          code: f.code,
          severity: 'info' as const,
          message:
            `The ${name} is not in the cache, but the check obtained what it leads to (the platform may not store ` +
            `it).`,
        })),
      );
      return { ...hop, note: 'not listed in the cache' };
    }
    if (hop.kind === 'tgt') {
      findings.push(...absence);
      return hop;
    }
    findings.push(
      ...absence.map((f) =>
        f.code === 'CHAIN_NO_REFERRAL'
          ? {
              ...f,
              message:
                `No referral ticket ${hop.server}@${hop.serverRealm}: the ${hop.issuingRealm} KDC was asked and gave ` +
                `none (${fact.detail}).`,
            }
          : f,
      ),
    );
    return { ...hop, note: 'requested and refused' };
  });
  const touched = new Set(findings.map((f) => f.code));
  return { ...chain, hops, findings: [...chain.findings.filter((f) => !touched.has(f.code)), ...findings] };
}
