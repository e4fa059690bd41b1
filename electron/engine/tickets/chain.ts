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
  const m = /^(.*?)(?::(\d+))?$/.exec(hostPort);
  return { service, host: m?.[1] ?? hostPort, port: m?.[2] ?? null, realm, name };
}

function sameService(a: string, b: string): boolean {
  // Service and host compare case-insensitively (DNS names); Windows lowercases them, MIT keeps case.
  return a.toLowerCase() === b.toLowerCase();
}

export function buildChain(tickets: readonly Ticket[], opts: BuildChainOptions): Chain {
  const findings: Finding[] = [];
  const nowMs = opts.now.getTime();
  const add = (code: ChainFindingCode, severity: Finding['severity'], message: string, ticketIndex?: number): void => {
    findings.push(ticketIndex === undefined ? { code, severity, message } : { code, severity, message, ticketIndex });
  };
  const spn = opts.spn ? parseSpn(opts.spn) : null;

  // The service ticket: the one for the SPN asked about, else the first MSSQLSvc ticket.
  let serviceIndex = -1;
  if (spn)
    serviceIndex = tickets.findIndex(
      (t) =>
        !isTgt(t) && sameService(t.server, spn.name) && (spn.realm === null || norm(t.serverRealm) === norm(spn.realm)),
    );
  else serviceIndex = tickets.findIndex((t) => /^MSSQLSvc\//i.test(t.server));
  const service = serviceIndex >= 0 ? tickets[serviceIndex] : undefined;
  const targetSpn = spn ? spn.name : service ? service.server : null;
  const targetHost = spn ? spn.host : service ? parseSpn(service.server).host : null;

  let targetRealm: string | null = spn?.realm ? norm(spn.realm) : service ? norm(service.serverRealm) : null;
  if (targetRealm === null && targetHost && isAzureSqlHost(targetHost)) targetRealm = CLOUD_REALM;

  // The user's realm: the default principal's; a cloud TGT's client realm reads `AzureAD`, so the realm
  // that issued the user's own TGT (krbtgt/X@X) decides when the name does not.
  const tgts = tickets.map((t, i) => ({ t, i })).filter(({ t }) => isTgt(t));
  const ownTgts = tgts.filter(({ t }) => norm(tgtTarget(t)) === norm(t.serverRealm));
  const principalRealm =
    opts.defaultPrincipal && opts.defaultPrincipal.includes('@')
      ? realmBehind(opts.defaultPrincipal.slice(opts.defaultPrincipal.lastIndexOf('@') + 1))
      : null;
  const clientRealms = new Set(tickets.map((t) => norm(t.clientRealm ?? '')).filter(Boolean));
  let primary =
    ownTgts.find(({ t }) => norm(t.serverRealm) === principalRealm) ??
    ownTgts.find(({ t }) => clientRealms.has(norm(t.serverRealm))) ??
    ownTgts.find(({ t }) => norm(t.serverRealm) === CLOUD_REALM) ??
    ownTgts[0];
  const userRealm = primary
    ? norm(primary.t.serverRealm)
    : (principalRealm ?? (tickets[0]?.clientRealm ? realmBehind(tickets[0].clientRealm) : null));

  const hops: Hop[] = [];
  const statusOf = (t: Ticket, index: number, label: string): Hop['status'] => {
    const end = isoToMs(t.end);
    const start = isoToMs(t.start);
    if (end !== null && end <= nowMs) {
      add('TICKET_EXPIRED', 'error', `${label} ${t.server}@${t.serverRealm} expired at ${t.end}.`, index);
      return 'expired';
    }
    if (start !== null && start > nowMs + 5 * 60 * 1000) {
      add(
        'TICKET_NOT_YET_VALID',
        'warn',
        `${label} ${t.server}@${t.serverRealm} is valid only from ${t.start} (clock skew?).`,
        index,
      );
    }
    if (end !== null && end - nowMs < EXPIRING_MS) {
      add(
        'TICKET_EXPIRING',
        'warn',
        `${label} ${t.server}@${t.serverRealm} expires in under 10 minutes (${t.end}).`,
        index,
      );
      return 'expiring';
    }
    return 'ok';
  };

  if (tickets.length === 0)
    add('CHAIN_NO_TICKETS', 'error', 'The cache holds no tickets: the user has no Kerberos TGT in this session.');

  if (primary) {
    hops.push({
      kind: 'tgt',
      issuingRealm: userRealm ?? primary.t.serverRealm,
      server: primary.t.server,
      serverRealm: primary.t.serverRealm,
      status: statusOf(primary.t, primary.i, 'The TGT'),
      ticketIndex: primary.i,
      ...(primary.t.kdcCalled ? { kdcCalled: primary.t.kdcCalled } : {}),
      ...(norm(primary.t.serverRealm) === CLOUD_REALM ? { note: 'cloud TGT from Microsoft Entra ID' } : {}),
    });
  } else if (tickets.length > 0) {
    add('CHAIN_NO_TGT', 'error', `No TGT (krbtgt/${userRealm ?? 'REALM'}) for the user's realm is cached.`);
    hops.push({
      kind: 'tgt',
      issuingRealm: userRealm ?? '',
      server: `krbtgt/${userRealm ?? ''}`,
      serverRealm: userRealm ?? '',
      status: 'missing',
      ticketIndex: null,
    });
  }

  // Referrals: walk krbtgt/NEXT@CURRENT from the user's realm towards the target realm.
  let realm = userRealm;
  const visited = new Set<string>(realm ? [realm] : []);
  let referralCount = 0;
  while (realm && targetRealm && realm !== targetRealm) {
    const from: string = realm;
    const candidates = tgts.filter(
      ({ t }) => norm(t.serverRealm) === from && norm(tgtTarget(t)) !== from && !visited.has(norm(tgtTarget(t))),
    );
    const next = candidates.find(({ t }) => norm(tgtTarget(t)) === targetRealm) ?? candidates[0];
    if (!next) {
      add(
        'CHAIN_NO_REFERRAL',
        'error',
        `No referral ticket krbtgt/${targetRealm}@${from}: the realm ${from} gave no path to ${targetRealm} (missing ` +
          `trust, or the referral was never requested).`,
      );
      hops.push({
        kind: 'referral',
        issuingRealm: from,
        server: `krbtgt/${targetRealm}`,
        serverRealm: from,
        status: 'missing',
        ticketIndex: null,
      });
      break;
    }
    referralCount++;
    hops.push({
      kind: 'referral',
      issuingRealm: from,
      server: next.t.server,
      serverRealm: next.t.serverRealm,
      status: statusOf(next.t, next.i, 'The referral'),
      ticketIndex: next.i,
      ...(next.t.kdcCalled ? { kdcCalled: next.t.kdcCalled } : {}),
    });
    realm = norm(tgtTarget(next.t));
    visited.add(realm);
  }
  const reachedTarget = realm !== null && targetRealm !== null && realm === targetRealm;

  if (service) {
    hops.push({
      kind: 'service',
      issuingRealm: norm(service.serverRealm),
      server: service.server,
      serverRealm: service.serverRealm,
      status: statusOf(service, serviceIndex, 'The service ticket'),
      ticketIndex: serviceIndex,
      ...(service.kdcCalled ? { kdcCalled: service.kdcCalled } : {}),
    });
    const tgtEnd = primary ? isoToMs(primary.t.end) : null;
    const svcEnd = isoToMs(service.end);
    if (tgtEnd !== null && svcEnd !== null && tgtEnd < svcEnd) {
      add(
        'CHAIN_TGT_ENDS_BEFORE_SERVICE',
        'warn',
        `The TGT ends (${primary?.t.end}) before the service ticket (${service.end}): renewing the service ticket ` +
          `will need a new TGT.`,
        primary?.i,
      );
    }
  } else if (targetSpn) {
    const code: ChainFindingCode =
      referralCount > 0 ? 'CHAIN_REFERRAL_WITHOUT_SERVICE' : 'CHAIN_SERVICE_TICKET_MISSING';
    add(
      code,
      'error',
      referralCount > 0
        ? `A referral to ${targetRealm} is cached but no service ticket for ${targetSpn}: ` +
            `the ${targetRealm} KDC refused or was never reached.`
        : `No service ticket for ${targetSpn} is cached.`,
    );
    hops.push({
      kind: 'service',
      issuingRealm: targetRealm ?? '',
      server: targetSpn,
      serverRealm: targetRealm ?? '',
      status: 'missing',
      ticketIndex: null,
    });
  } else if (tgts.some(({ t }) => norm(tgtTarget(t)) !== norm(t.serverRealm))) {
    // A referral towards Entra exists only because a client asked for an MI ticket: that request failed.
    const toCloud = tgts.some(({ t }) => norm(tgtTarget(t)) === CLOUD_REALM && norm(t.serverRealm) !== CLOUD_REALM);
    add(
      'CHAIN_REFERRAL_WITHOUT_SERVICE',
      toCloud ? 'error' : 'warn',
      `A cross-realm referral${toCloud ? ` to ${CLOUD_REALM}` : ''} is cached but no MSSQLSvc service ticket.`,
    );
  }

  // Weak or odd encryption and flags, per ticket.
  tickets.forEach((t, i) => {
    const cloud = norm(t.serverRealm) === CLOUD_REALM || norm(tgtTarget(t)) === CLOUD_REALM;
    if (isRc4(t.ticketEnctype) || isRc4(t.sessionEnctype)) {
      add(
        'TICKET_RC4',
        cloud ? 'error' : 'warn',
        `${t.server}@${t.serverRealm} uses RC4 (arcfour-hmac) where AES is expected` +
          `${cloud ? ' (Entra Kerberos accepts AES-256 only)' : ''}.`,
        i,
      );
    } else if (isLegacyDes(t.ticketEnctype) || isLegacyDes(t.sessionEnctype)) {
      add(
        'TICKET_DES',
        'error',
        `${t.server}@${t.serverRealm} uses DES/3DES, which current Windows and Entra refuse.`,
        i,
      );
    }
    if (t.flags.includes('invalid'))
      add(
        'TICKET_INVALID_FLAG',
        'warn',
        `${t.server}@${t.serverRealm} carries the "invalid" flag (postdated, not yet validated).`,
        i,
      );
  });

  if (targetHost && isAzureSqlHost(targetHost)) {
    if (service && norm(service.serverRealm) !== CLOUD_REALM) {
      add(
        'SPN_REALM_NOT_CLOUD',
        'error',
        `The ticket for ${service.server} comes from ${service.serverRealm}, not ${CLOUD_REALM}: an on-premises ` +
          `account holds this SPN or a host-to-realm mapping sends it to the wrong realm.`,
        serviceIndex,
      );
    }
  }
  if (
    targetHost &&
    (!targetHost.includes('.') || /^\d+\.\d+\.\d+\.\d+$/.test(targetHost) || targetHost.includes(':'))
  ) {
    add(
      'SPN_HOST_NOT_FQDN',
      'error',
      `The SPN host "${targetHost}" is not a fully qualified name: Windows falls back to NTLM, which Azure SQL ` +
        `MI rejects.`,
    );
  }

  let flow: Chain['flow'] = 'incomplete';
  const complete = hops.length > 0 && hops.every((h) => h.status !== 'missing') && service !== undefined;
  if (complete && (reachedTarget || targetRealm === null || userRealm === targetRealm)) {
    if (userRealm === CLOUD_REALM && norm(service?.serverRealm ?? '') === CLOUD_REALM) flow = 'cloud';
    else if (referralCount > 0) flow = 'trust';
    else flow = 'single-realm';
  }
  return { flow, userRealm, targetRealm, targetSpn, hops, findings };
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
  const hops = chain.hops.map((h) => {
    const fact = facts[h.kind];
    if (h.status !== 'missing' || !fact) return h;
    const name = HOP_NAME[h.kind];
    const absence = chain.findings.filter((f) => ABSENCE[h.kind].includes(f.code as ChainFindingCode));
    if (fact.status === 'skip') {
      findings.push(
        ...absence.map((f) => ({
          code: f.code,
          severity: 'info' as const,
          message: `No ${name} is cached: it was not requested (${fact.detail}).`,
        })),
      );
      return { ...h, note: `not requested: ${fact.detail.replace(/^not attempted: /, '')}` };
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
      return { ...h, note: 'not listed in the cache' };
    }
    if (h.kind === 'tgt') {
      findings.push(...absence);
      return h;
    }
    findings.push(
      ...absence.map((f) =>
        f.code === 'CHAIN_NO_REFERRAL'
          ? {
              ...f,
              message:
                `No referral ticket ${h.server}@${h.serverRealm}: the ${h.issuingRealm} KDC was asked and gave ` +
                `none (${fact.detail}).`,
            }
          : f,
      ),
    );
    return { ...h, note: 'requested and refused' };
  });
  const touched = new Set(findings.map((f) => f.code));
  return { ...chain, hops, findings: [...chain.findings.filter((f) => !touched.has(f.code)), ...findings] };
}
