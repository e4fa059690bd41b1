// Heimdal `klist -v` (macOS, FreeBSD): a header (`Credentials cache: …`, `Principal: …`) then one block per
// ticket (`Server:`, `Client:`, `Ticket etype: …, kvno N`, `Session key:` when it differs, `Auth time:`,
// `Start time:` when it differs, `End time:` with ` (expired)`, `Renew till:`, `Ticket flags: a, b`).
import { ParseError } from '../errors';
import type { Ticket } from '../../contract/report';
import { normalizeEnctype } from './enctype-names';
import { flagNames, flagsHex, maskFromNames } from './flags';
import { parseHeimdalTime } from './times';
import { toLines } from './pasted-text';
import { splitPrincipal } from './mit-klist';

export interface HeimdalKlist {
  cacheName: string | null;
  defaultPrincipal: string;
  cacheVersion: number | null;
  tickets: Ticket[];
}

export function parseHeimdalKlist(text: string, opts: { utcOffsetMinutes?: number } = {}): HeimdalKlist {
  const lines = toLines(text, 'HEIMDAL_KLIST');
  let cacheName: string | null = null;
  let defaultPrincipal: string | null = null;
  let cacheVersion: number | null = null;
  const blocks: Map<string, string>[] = [];
  let block: Map<string, string> | null = null;
  for (const line of lines) {
    const match = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s(.*)$/.exec(line) ?? /^\s*([A-Za-z][A-Za-z ]*?):$/.exec(line);
    if (!match?.[1]) {
      if (line.trim() === '') block = null;
      continue;
    }
    const label = match[1].toLowerCase();
    const value = (match[2] ?? '').trim();
    if (label === 'credentials cache') {
      cacheName = value;
      continue;
    }
    if (label === 'principal' && block === null) {
      defaultPrincipal = value;
      continue;
    }
    if (label === 'cache version') {
      cacheVersion = Number(value) || null;
      continue;
    }
    if (label === 'server') {
      block = new Map();
      blocks.push(block);
    }
    if (block) block.set(label, value);
  }
  if (defaultPrincipal === null || cacheName === null) {
    throw new ParseError(
      'HEIMDAL_KLIST_NOT_RECOGNISED',
      'no "Credentials cache:" and "Principal:" header: not Heimdal klist output',
    );
  }
  const time = (b: Map<string, string>, k: string): string | null => {
    const raw = b.get(k);
    if (raw === undefined) return null;
    const t = parseHeimdalTime(raw.replace(/\s*\(expired\)$/, ''), opts.utcOffsetMinutes);
    if (t === undefined) throw new ParseError('HEIMDAL_KLIST_BAD_TIME', `${k} "${raw.slice(0, 40)}" is unreadable`);
    return t;
  };
  const tickets = blocks.map((ticketBlock): Ticket => {
    const server = splitPrincipal(ticketBlock.get('server') ?? '');
    const client = splitPrincipal(ticketBlock.get('client') ?? defaultPrincipal ?? '');
    const etypeText = (ticketBlock.get('ticket etype') ?? '').replace(/,\s*kvno \d+$/, '');
    const ticketEnctype = etypeText ? normalizeEnctype(etypeText) : null;
    const mask = maskFromNames((ticketBlock.get('ticket flags') ?? '').split(',').filter((s) => s.trim() !== ''));
    return {
      client: client.name,
      clientRealm: client.realm,
      server: server.name,
      serverRealm: server.realm,
      start: time(ticketBlock, 'start time') ?? time(ticketBlock, 'auth time'),
      end: time(ticketBlock, 'end time'),
      renewUntil: time(ticketBlock, 'renew till'),
      authTime: time(ticketBlock, 'auth time'),
      flags: flagNames(mask, 'mit'),
      flagsHex: flagsHex(mask),
      ticketEnctype,
      // Heimdal prints the session key type only when it differs from the ticket's.
      sessionEnctype: ticketBlock.has('session key')
        ? normalizeEnctype(ticketBlock.get('session key') ?? '')
        : ticketEnctype,
    };
  });
  return { cacheName, defaultPrincipal, cacheVersion, tickets };
}
