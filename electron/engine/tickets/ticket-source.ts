// One shape for every ticket source (a ccache, MIT/Heimdal/Windows klist output), turned into the
// contract's TicketSet with its chain.
import { ParseError } from '../errors';
import { TicketSetSchema, type Ticket, type TicketSet } from '../../contract/report';
import { buildChain } from './chain';
import { credentialToTicket, parseCcache, principalString, type CcacheConfigEntry } from './ccache';
import { detectInput } from './detect-input';
import { parseHeimdalKlist } from './heimdal-klist';
import { parseMitKlist } from './mit-klist';
import { parseWindowsKlist, type KlistCut } from './windows-klist';
import { describeKlistFailure, parseKlistGet } from './windows-klist-get';
import { parseKlistTgt } from './windows-klist-tgt';
import type { TimeZoneMode } from './times';
import type { UnreadLine } from './unread-lines';

export interface TicketSource {
  /** e.g. `FILE:/tmp/krb5cc_1000`, `windows-klist`, `mit-klist:KCM:1000`. */
  source: string;
  defaultPrincipal: string | null;
  tickets: Ticket[];
  /** `local`: times carry no offset and are the wall clock of the machine that printed them. */
  timeZone: TimeZoneMode;
  config: { key: string; principal: string | null; value: string | null }[];
  /** Windows klist: lines of the recognised output that could not be read. */
  unread?: UnreadLine[];
  /** Windows klist: the paste ends before the list does; the tickets are the complete ones. */
  cut?: KlistCut;
}

export interface ParseOptions {
  utcOffsetMinutes?: number;
}

export function ticketsFromCcache(bytes: Uint8Array, source = 'ccache'): TicketSource {
  const c = parseCcache(bytes);
  return {
    source,
    defaultPrincipal: principalString(c.defaultPrincipal),
    tickets: c.credentials.map(credentialToTicket),
    timeZone: 'utc',
    config: c.config
      .filter((e: CcacheConfigEntry) => !e.removed)
      .map(({ key, principal, value }) => ({ key, principal, value })),
  };
}

function zone(opts: ParseOptions): TimeZoneMode {
  return opts.utcOffsetMinutes === undefined ? 'local' : 'utc';
}

/** Parses any klist text (MIT, Heimdal, Windows list / get / tgt) into tickets. */
export function ticketsFromKlistText(text: string, opts: ParseOptions = {}, source?: string): TicketSource {
  const { kind } = detectInput(text);
  const tz = zone(opts);
  switch (kind) {
    case 'mit-klist': {
      const klist = parseMitKlist(text, opts);
      return {
        source: source ?? `mit-klist${klist.cacheName ? `:${klist.cacheName}` : ''}`,
        defaultPrincipal: klist.defaultPrincipal,
        tickets: klist.tickets,
        timeZone: tz,
        config: klist.config,
      };
    }
    case 'heimdal-klist': {
      const klist = parseHeimdalKlist(text, opts);
      return {
        source: source ?? `heimdal-klist:${klist.cacheName ?? ''}`,
        defaultPrincipal: klist.defaultPrincipal,
        tickets: klist.tickets,
        timeZone: tz,
        config: [],
      };
    }
    case 'windows-klist': {
      const klist = parseWindowsKlist(text, opts);
      return {
        source: source ?? 'windows-klist',
        defaultPrincipal: windowsPrincipal(klist.tickets),
        tickets: klist.tickets,
        timeZone: tz,
        config: [],
        unread: klist.unread,
        ...(klist.cut ? { cut: klist.cut } : {}),
      };
    }
    case 'windows-klist-get':
    case 'windows-klist-error': {
      const klist = parseKlistGet(text, opts);
      if (!klist.ok) throw new ParseError('KLIST_FAILED', describeKlistFailure(klist));
      return {
        source: source ?? 'windows-klist-get',
        defaultPrincipal: windowsPrincipal(klist.tickets),
        tickets: klist.tickets,
        timeZone: tz,
        config: [],
        unread: klist.unread,
        ...(klist.cut ? { cut: klist.cut } : {}),
      };
    }
    case 'windows-klist-tgt': {
      const klist = parseKlistTgt(text, opts);
      if (!klist.ok) throw new ParseError('KLIST_FAILED', describeKlistFailure(klist));
      return {
        source: source ?? 'windows-klist-tgt',
        defaultPrincipal: `${klist.ticket.client}@${klist.ticket.clientRealm ?? ''}`,
        tickets: [klist.ticket],
        timeZone: tz,
        config: [],
        unread: klist.unread,
      };
    }
    default:
      throw new ParseError('KLIST_NOT_RECOGNISED', `not klist output (looks like: ${kind})`);
  }
}

/** Windows prints no default principal; the client of the first ticket (a TGT when there is one) is it. */
function windowsPrincipal(tickets: Ticket[]): string | null {
  const t = tickets.find((x) => /^krbtgt\//i.test(x.server)) ?? tickets[0];
  return t ? `${t.client}@${t.clientRealm ?? ''}` : null;
}

export function toTicketSet(src: TicketSource, opts: { spn?: string | null; now: Date }): TicketSet {
  const chain = buildChain(src.tickets, {
    spn: opts.spn ?? null,
    now: opts.now,
    defaultPrincipal: src.defaultPrincipal,
  });
  // Validate what leaves the engine: the contract is the boundary to the CLI, reports and the UI.
  return TicketSetSchema.parse({
    source: src.source,
    defaultPrincipal: src.defaultPrincipal,
    tickets: src.tickets,
    chain,
  });
}
