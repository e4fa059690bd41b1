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
  /** Set when the paste ends before the list does (people paste what fits): what was read and what was cut. */
  cut?: KlistCut;
}

/** A list read as far as it is complete. */
export interface KlistCut {
  /** The `Cached Tickets: (N)` count, when the paste shows it. */
  declared: number | null;
  /** Complete entries read. */
  complete: number;
  /** The entry the paste ends inside (`#2>`), and its first line in the text (1-based); null when none was cut. */
  entry: number | null;
  line: number | null;
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

/**
 * `alice @ CONTOSO.COM` → name + realm. Windows separates the realm with ` @ ` (spaces). A ticket whose names are
 * empty prints `@` and `krbtgt/` (a forged ticket injected into the cache looks like this: mimikatz issue #100,
 * test/fixtures/real/klist/): the empty parts are read as empty, for the chain to say so.
 */
export function splitWindowsPrincipal(text: string): { name: string; realm: string } | null {
  const value = text.trim();
  const i = value.lastIndexOf(' @ ');
  if (i >= 0) return { name: value.slice(0, i).trim(), realm: value.slice(i + 3).trim() };
  if (value === '@' || value.endsWith(' @')) return { name: value.replace(/\s*@$/, ''), realm: '' };
  if (/^[^\s@]+\/$/.test(value)) return { name: value, realm: '' };
  return null;
}

function fail(msg: string, line: number): never {
  throw new ParseError('KLIST_BAD_ENTRY', `${msg} (line ${line + 1})`);
}

/** `startLine` is the entry's index in the text as given (0-based), so messages name the file's own line. */
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

/** One `#N>` entry as found in the text, before it is read into a ticket. */
interface RawEntry {
  number: number;
  /** Index of its `#N>` line in the text as given (0-based). */
  line: number;
  fields: Map<Field, string>;
}

/** The entries of a klist ticket list, field by field; unreadable lines inside an entry go to `unread`. */
function collectEntries(lines: string[], unread: UnreadLine[], firstLine: number): RawEntry[] {
  const entries: RawEntry[] = [];
  let current: RawEntry | null = null;
  let position = 0;
  lines.forEach((raw, index) => {
    let line = raw;
    const entry = ENTRY.exec(line);
    if (entry) {
      current = { number: Number(entry[1]), line: firstLine + index, fields: new Map() };
      entries.push(current);
      position = 0;
      line = entry[2] ?? '';
    } else if (!current || (!/^\s/.test(line) && !startsWithKnownLabel(line))) {
      if (line.trim() !== '') current = null;
      return;
    }
    if (line.trim() === '') return;
    const kv = splitLabelKlist(line);
    const field = kv ? (ENGLISH[kv[0].replace(/\s+/g, ' ').trim().toLowerCase()] ?? FIELDS[position]) : undefined;
    if (!kv || field === undefined) {
      pushUnread(unread, firstLine + index, raw);
      return;
    }
    current.fields.set(field, kv[1]);
    position = FIELDS.indexOf(field) + 1;
  });
  return entries;
}

/** Ticket entries from the lines of a Windows klist output (the part from the first `#0>` on). */
export function parseWindowsTicketEntries(
  lines: string[],
  opts: WindowsTimeOptions = {},
  unread: UnreadLine[] = [],
  firstLine = 0,
): Ticket[] {
  return readEntries(lines, opts, unread, firstLine).tickets;
}

/**
 * Reads the entries; the last one may be cut (the paste ends inside it): then the complete ones are returned
 * with `cutEntry` saying which. An entry that cannot be read before the last is an error naming the file's line.
 */
export function readEntries(
  lines: string[],
  opts: WindowsTimeOptions = {},
  unread: UnreadLine[] = [],
  firstLine = 0,
): { tickets: Ticket[]; cutEntry: RawEntry | null } {
  const entries = collectEntries(lines, unread, firstLine);
  const tickets: Ticket[] = [];
  for (const [i, entry] of entries.entries()) {
    try {
      tickets.push(entryToTicket(entry.fields, entry.line, opts));
    } catch (err) {
      if (i < entries.length - 1 || !(err instanceof ParseError)) throw err;
      return { tickets, cutEntry: entry };
    }
  }
  return { tickets, cutEntry: null };
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
  const { tickets, cutEntry } =
    firstEntry < 0 ? { tickets: [], cutEntry: null } : readEntries(lines.slice(firstEntry), opts, unread, firstEntry);
  const short = declaredCount !== null && tickets.length < declaredCount;
  if (declaredCount !== null && tickets.length > declaredCount) {
    throw new ParseError(
      'KLIST_COUNT_MISMATCH',
      `klist announces ${declaredCount} tickets but lists ${tickets.length}`,
    );
  }
  const cut: KlistCut | undefined =
    cutEntry || short
      ? {
          declared: declaredCount,
          complete: tickets.length,
          entry: cutEntry ? cutEntry.number : null,
          line: cutEntry ? cutEntry.line + 1 : null,
        }
      : undefined;
  return { logonId, declaredCount, tickets, unread, ...(cut ? { cut } : {}) };
}

/** The cut said for people: what was read, where the paste ends, what is missing. */
export function describeCut(cut: KlistCut): string {
  const where =
    cut.entry === null
      ? 'the paste ends after a complete ticket'
      : `the paste ends inside ticket #${cut.entry} (from line ${cut.line}), which is not read`;
  const count =
    cut.declared === null
      ? `${cut.complete} complete ticket(s) read`
      : `${cut.complete} of ${cut.declared} announced tickets read`;
  return `klist output cut short: ${where}; ${count}, the rest was not pasted — the analysis covers only what was read`;
}
