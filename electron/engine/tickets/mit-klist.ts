// MIT `klist` output (`-e -f -C`, `-e -f`, or plain), the fallback for caches that cannot be read as a
// file (KCM, KEYRING, DIR collections). Times are the local wall clock of the machine that printed them.
import { ParseError } from '../errors';
import type { Ticket } from '../../contract/report';
import { normalizeEnctype } from './enctype-names';
import { flagNames, flagsHex, maskFromLetters } from './flags';
import { parseMitTime } from './times';
import { toLines } from './pasted-text';

export interface MitKlist {
  cacheName: string | null;
  defaultPrincipal: string;
  tickets: Ticket[];
  config: { key: string; principal: string | null; value: string }[];
}

/** `name@REALM` as krb5_unparse_name writes it (`\@` escapes an `@` inside the name). */
export function splitPrincipal(text: string): { name: string; realm: string } {
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] !== '@') continue;
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 0) return { name: text.slice(0, i), realm: text.slice(i + 1) };
  }
  return { name: text, realm: '' };
}

// A time stamp is either `MM/DD/YY HH:MM:SS` or `YYYY-MM-DD HH:MM:SS`; two of them then the server.
const TS = String.raw`(\d{1,2}\/\d{1,2}\/\d{2,4}\s+\d{1,2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})`;
const TICKET_LINE = new RegExp(`^${TS}\\s+${TS}\\s+(\\S+)$`);

/** A ticket being read: the flags stay a mask until its last detail line is read. */
interface OpenTicket {
  ticket: Ticket;
  mask: number;
}

type TimeOptions = { utcOffsetMinutes?: number };

/** A ticket line (`start  end  server`); the client is the default principal until a detail line says otherwise. */
function openTicket(
  match: RegExpExecArray,
  defaultPrincipal: string | null,
  lineNumber: number,
  opts: TimeOptions,
): OpenTicket {
  const [, startText, endText, serverText] = match;
  const start = parseMitTime(startText ?? '', opts.utcOffsetMinutes);
  const end = parseMitTime(endText ?? '', opts.utcOffsetMinutes);
  if (start === undefined || end === undefined)
    throw new ParseError('MIT_KLIST_BAD_TIME', `line ${lineNumber}: unreadable time`);
  const server = splitPrincipal(serverText ?? '');
  const client = splitPrincipal(defaultPrincipal ?? '');
  return {
    mask: 0,
    ticket: {
      client: client.name,
      clientRealm: client.realm,
      server: server.name,
      serverRealm: server.realm,
      start,
      end,
      renewUntil: null,
      flags: [],
      ticketEnctype: null,
      sessionEnctype: null,
    },
  };
}

/** An indented line under a ticket: `for client`, `renew until`, `Flags:` and `Etype` in any order. */
function readTicketDetail(entry: OpenTicket, body: string, lineNumber: number, opts: TimeOptions): void {
  const forClient = /(?:^|,\s*)for client ([^,]+)/.exec(body);
  if (forClient?.[1]) {
    const client = splitPrincipal(forClient[1].trim());
    entry.ticket.client = client.name;
    entry.ticket.clientRealm = client.realm;
  }
  const renew = new RegExp(`renew until ${TS}`).exec(body);
  if (renew?.[1]) {
    const renewUntil = parseMitTime(renew[1], opts.utcOffsetMinutes);
    if (renewUntil === undefined)
      throw new ParseError('MIT_KLIST_BAD_TIME', `line ${lineNumber}: unreadable renew time`);
    entry.ticket.renewUntil = renewUntil;
  }
  const flags = /(?:^|,\s*)Flags: ([A-Za-z]*)/.exec(body);
  if (flags) entry.mask = maskFromLetters(flags[1] ?? '');
  const etype = /Etype \(skey, tkt\): ([^,]+?),\s*([^,\s]+(?: \d+)?)/.exec(body);
  if (etype) {
    entry.ticket.sessionEnctype = normalizeEnctype(etype[1] ?? '');
    entry.ticket.ticketEnctype = normalizeEnctype(etype[2] ?? '');
  }
}

/** The ticket with its flags named, once no more detail lines can follow. */
function closeTicket(entry: OpenTicket): Ticket {
  entry.ticket.flags = flagNames(entry.mask, 'mit');
  entry.ticket.flagsHex = flagsHex(entry.mask);
  return entry.ticket;
}

export function parseMitKlist(text: string, opts: TimeOptions = {}): MitKlist {
  const lines = toLines(text, 'MIT_KLIST');
  let cacheName: string | null = null;
  let defaultPrincipal: string | null = null;
  const tickets: Ticket[] = [];
  const config: MitKlist['config'] = [];
  let current: OpenTicket | null = null;
  const finish = (): void => {
    if (current) tickets.push(closeTicket(current));
    current = null;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    let match: RegExpExecArray | null;
    if ((match = /^Ticket cache:\s*(.*)$/.exec(line))) {
      cacheName = match[1] ?? null;
      continue;
    }
    if ((match = /^Default principal:\s*(.*)$/.exec(line))) {
      defaultPrincipal = match[1] ?? null;
      continue;
    }
    if ((match = /^config:\s*([^(=\s]+)(?:\(([^)]*)\))?\s*=\s*(.*)$/.exec(line))) {
      finish();
      let value = match[3] ?? '';
      // klist wraps long config values onto indented lines.
      while (index + 1 < lines.length && /^ {8}\S/.test(lines[index + 1] ?? '')) value += (lines[++index] ?? '').trim();
      config.push({ key: match[1] ?? '', principal: match[2] ?? null, value });
      continue;
    }
    if ((match = TICKET_LINE.exec(line))) {
      finish();
      current = openTicket(match, defaultPrincipal, index + 1, opts);
      continue;
    }
    if (current && /^\s/.test(line) && line.trim() !== '') {
      readTicketDetail(current, line.trim(), index + 1, opts);
      continue;
    }
    if (line.trim() !== '' && !/^Valid starting\s+Expires\s+Service principal$/.test(line)) finish();
  }
  finish();
  if (defaultPrincipal === null)
    throw new ParseError('MIT_KLIST_NOT_RECOGNISED', 'no "Default principal:" line: not MIT klist output');
  return { cacheName, defaultPrincipal, tickets, config };
}
