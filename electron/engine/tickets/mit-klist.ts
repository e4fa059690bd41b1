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

export function parseMitKlist(text: string, opts: { utcOffsetMinutes?: number } = {}): MitKlist {
  const lines = toLines(text, 'MIT_KLIST');
  let cacheName: string | null = null;
  let defaultPrincipal: string | null = null;
  const tickets: Ticket[] = [];
  const config: MitKlist['config'] = [];
  let current: { ticket: Ticket; mask: number } | null = null;
  const finish = (): void => {
    if (current) {
      current.ticket.flags = flagNames(current.mask, 'mit');
      current.ticket.flagsHex = flagsHex(current.mask);
      tickets.push(current.ticket);
    }
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    let m: RegExpExecArray | null;
    if ((m = /^Ticket cache:\s*(.*)$/.exec(line))) {
      cacheName = m[1] ?? null;
      continue;
    }
    if ((m = /^Default principal:\s*(.*)$/.exec(line))) {
      defaultPrincipal = m[1] ?? null;
      continue;
    }
    if ((m = /^config:\s*([^(=\s]+)(?:\(([^)]*)\))?\s*=\s*(.*)$/.exec(line))) {
      finish();
      let value = m[3] ?? '';
      // klist wraps long config values onto indented lines.
      while (i + 1 < lines.length && /^ {8}\S/.test(lines[i + 1] ?? '')) value += (lines[++i] ?? '').trim();
      config.push({ key: m[1] ?? '', principal: m[2] ?? null, value });
      continue;
    }
    if ((m = TICKET_LINE.exec(line))) {
      finish();
      const [, startText, endText, serverText] = m;
      const start = parseMitTime(startText ?? '', opts.utcOffsetMinutes);
      const end = parseMitTime(endText ?? '', opts.utcOffsetMinutes);
      if (start === undefined || end === undefined)
        throw new ParseError('MIT_KLIST_BAD_TIME', `line ${i + 1}: unreadable time`);
      const server = splitPrincipal(serverText ?? '');
      const client = splitPrincipal(defaultPrincipal ?? '');
      current = {
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
      continue;
    }
    if (current && /^\s/.test(line) && line.trim() !== '') {
      const t = current;
      const body = line.trim();
      const forClient = /(?:^|,\s*)for client ([^,]+)/.exec(body);
      if (forClient?.[1]) {
        const c = splitPrincipal(forClient[1].trim());
        t.ticket.client = c.name;
        t.ticket.clientRealm = c.realm;
      }
      const renew = new RegExp(`renew until ${TS}`).exec(body);
      if (renew?.[1]) {
        const r = parseMitTime(renew[1], opts.utcOffsetMinutes);
        if (r === undefined) throw new ParseError('MIT_KLIST_BAD_TIME', `line ${i + 1}: unreadable renew time`);
        t.ticket.renewUntil = r;
      }
      const flags = /(?:^|,\s*)Flags: ([A-Za-z]*)/.exec(body);
      if (flags) t.mask = maskFromLetters(flags[1] ?? '');
      const etype = /Etype \(skey, tkt\): ([^,]+?),\s*([^,\s]+(?: \d+)?)/.exec(body);
      if (etype) {
        t.ticket.sessionEnctype = normalizeEnctype(etype[1] ?? '');
        t.ticket.ticketEnctype = normalizeEnctype(etype[2] ?? '');
      }
      continue;
    }
    if (line.trim() !== '' && !/^Valid starting\s+Expires\s+Service principal$/.test(line)) finish();
  }
  finish();
  if (defaultPrincipal === null)
    throw new ParseError('MIT_KLIST_NOT_RECOGNISED', 'no "Default principal:" line: not MIT klist output');
  return { cacheName, defaultPrincipal, tickets, config };
}
