// Windows `klist` (and the ticket list `klist get` prints after a success), from its real layout:
// entries `#N>\tLabel: value`, tab-indented fields, trailing spaces, CRLF, unpadded hex, the client as
// `alice @ CONTOSO.COM` or `alice@contoso.com @ AzureAD`, labels translated by the OS language (flag and
// enctype names stay English), and older builds without `Cache Flags` / `Kdc Called`.
import { ParseError } from '../errors';
import type { Ticket } from '../../contract/report';
import { normalizeEnctype } from './enctype-names';
import { flagNames, flagsHex, maskFromNames } from './flags';
import { parseWindowsTime } from './times';
import { toLines } from './pasted-text';
import { pushUnread, type UnreadLine } from './unread-lines';

export interface WindowsKlist {
  logonId: string | null;
  declaredCount: number | null;
  tickets: Ticket[];
  /** Lines inside ticket entries that could not be read as `Label: value` (1-based), at most MAX_UNREAD_LINES. */
  unread: UnreadLine[];
}

export interface WindowsTimeOptions {
  /** The UTC offset of the machine that printed the times, when known; otherwise times carry no offset. */
  utcOffsetMinutes?: number;
}

// Field order of every klist build; labels are matched in English, by position otherwise (translations).
const FIELDS = [
  'client',
  'server',
  'ticketEtype',
  'flags',
  'start',
  'end',
  'renew',
  'sessionEtype',
  'cacheFlags',
  'kdcCalled',
] as const;
type Field = (typeof FIELDS)[number];
const ENGLISH: Record<string, Field> = {
  client: 'client',
  server: 'server',
  'kerbticket encryption type': 'ticketEtype',
  'ticket flags': 'flags',
  'start time': 'start',
  'end time': 'end',
  'renew time': 'renew',
  'session key type': 'sessionEtype',
  'cache flags': 'cacheFlags',
  'kdc called': 'kdcCalled',
};

const ENTRY = /^\s*#(\d+)>\s*(.*)$/;

/** `alice @ CONTOSO.COM` → name + realm. Windows separates the realm with ` @ ` (spaces). */
export function splitWindowsPrincipal(text: string): { name: string; realm: string } | null {
  const i = text.lastIndexOf(' @ ');
  if (i < 0) return null;
  const name = text.slice(0, i).trim();
  const realm = text.slice(i + 3).trim();
  if (!name || !realm) return null;
  return { name, realm };
}

function fail(msg: string, line: number): never {
  throw new ParseError('KLIST_BAD_ENTRY', `${msg} (line ${line + 1})`);
}

function entryToTicket(fields: Map<Field, string>, startLine: number, opts: WindowsTimeOptions): Ticket {
  const get = (f: Field): string => {
    const v = fields.get(f);
    if (v === undefined) fail(`ticket entry lacks its ${f} field`, startLine);
    return v;
  };
  const client = splitWindowsPrincipal(get('client'));
  const server = splitWindowsPrincipal(get('server'));
  if (!client || !server) fail('ticket entry has a client or server without ` @ REALM`', startLine);
  const flagsText = get('flags');
  const fm = /^0x([0-9a-f]{1,8})\b(?:\s*->\s*(.*))?$/i.exec(flagsText);
  if (!fm?.[1]) fail(`ticket flags "${flagsText.slice(0, 40)}" are not hex`, startLine);
  // The hex is authoritative; names only fill in when a build prints bits we do not know.
  const mask = Number.parseInt(fm[1], 16) >>> 0 || maskFromNames((fm[2] ?? '').split(/\s+/).filter(Boolean));
  const time = (f: Field): string | null => {
    const t = parseWindowsTime(get(f), opts.utcOffsetMinutes);
    if (t === undefined) fail(`${f} time "${get(f).slice(0, 40)}" is not M/D/YYYY H:MM:SS`, startLine);
    return t;
  };
  const ticket: Ticket = {
    client: client.name,
    clientRealm: client.realm,
    server: server.name,
    serverRealm: server.realm,
    start: time('start'),
    end: time('end'),
    renewUntil: time('renew'),
    flags: flagNames(mask, 'windows'),
    flagsHex: flagsHex(mask),
    ticketEnctype: normalizeEnctype(get('ticketEtype')),
    sessionEnctype: normalizeEnctype(get('sessionEtype')),
  };
  const kdc = fields.get('kdcCalled');
  if (kdc !== undefined && kdc !== '') ticket.kdcCalled = kdc;
  const cache = fields.get('cacheFlags');
  if (cache !== undefined) ticket.cacheFlags = cache;
  return ticket;
}

/** Ticket entries from the lines of a Windows klist output (the part from the first `#0>` on). */
export function parseWindowsTicketEntries(
  lines: string[],
  opts: WindowsTimeOptions = {},
  unread: UnreadLine[] = [],
  firstLine = 0,
): Ticket[] {
  const tickets: Ticket[] = [];
  let current: Map<Field, string> | null = null;
  let position = 0;
  let startLine = 0;
  const flush = (): void => {
    if (current) tickets.push(entryToTicket(current, startLine, opts));
    current = null;
  };
  lines.forEach((raw, index) => {
    let line = raw;
    const entry = ENTRY.exec(line);
    if (entry) {
      flush();
      current = new Map();
      position = 0;
      startLine = index;
      line = entry[2] ?? '';
    } else if (!current || (!/^\s/.test(line) && !startsWithKnownLabel(line))) {
      if (current && line.trim() !== '') flush();
      return;
    }
    if (line.trim() === '') return;
    const kv = splitLabelKlist(line);
    if (!kv) {
      pushUnread(unread, firstLine + index, raw);
      return;
    }
    const [label, value] = kv;
    const english = ENGLISH[label.replace(/\s+/g, ' ').trim().toLowerCase()];
    const field = english ?? FIELDS[position];
    if (field === undefined) {
      pushUnread(unread, firstLine + index, raw);
      return;
    }
    current.set(field, value);
    position = FIELDS.indexOf(field) + 1;
  });
  flush();
  return tickets;
}

/** A field line whose indentation was lost (pasted through an editor or a chat) still belongs to its entry. */
function startsWithKnownLabel(line: string): boolean {
  const kv = splitLabelKlist(line);
  return kv !== null && ENGLISH[kv[0].replace(/\s+/g, ' ').trim().toLowerCase()] !== undefined;
}

// Labels never contain ':' but values do (times, `KdcProxy:host`), so split on the first ': '.
// The ticket-flags line has no colon at all (`Ticket Flags 0x40e10000 -> forwardable …`).
function splitLabelKlist(line: string): [string, string] | null {
  const flags = /^\s*([^:]*?)\s+(0x[0-9a-f]+\s*->.*)$/i.exec(line);
  if (flags) return [flags[1] ?? '', (flags[2] ?? '').trim()];
  const m = /^\s*([^:]+?)\s*:\s?(.*)$/.exec(line);
  if (!m) return null;
  return [m[1] ?? '', (m[2] ?? '').trim()];
}

/** Parses `klist` (or `klist tickets`) output. Throws ParseError `KLIST_*` when it is not one. */
export function parseWindowsKlist(text: string, opts: WindowsTimeOptions = {}): WindowsKlist {
  const lines = toLines(text, 'KLIST');
  let logonId: string | null = null;
  let declaredCount: number | null = null;
  let firstEntry = -1;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const logon = /\b(0x[0-9a-f]+:0x[0-9a-f]+|\d+:0x[0-9a-f]+)\s*$/i.exec(line);
    if (logonId === null && logon && !line.startsWith('#')) logonId = logon[1] ?? null;
    // `Cached Tickets: (3)` in any language: a label, a colon and a parenthesised count.
    const count = /:\s*\((\d+)\)\s*$/.exec(line);
    if (declaredCount === null && count) declaredCount = Number(count[1]);
    if (ENTRY.test(line)) {
      firstEntry = index;
      break;
    }
  }
  if (declaredCount === null && firstEntry < 0) {
    throw new ParseError(
      'KLIST_NOT_RECOGNISED',
      'no "Cached Tickets: (N)" line and no "#0>" entry: not Windows klist output',
    );
  }
  const unread: UnreadLine[] = [];
  const tickets = firstEntry < 0 ? [] : parseWindowsTicketEntries(lines.slice(firstEntry), opts, unread, firstEntry);
  if (declaredCount !== null && declaredCount !== tickets.length) {
    throw new ParseError(
      'KLIST_COUNT_MISMATCH',
      `klist announces ${declaredCount} tickets but lists ${tickets.length} (truncated paste?)`,
    );
  }
  return { logonId, declaredCount, tickets, unread };
}
