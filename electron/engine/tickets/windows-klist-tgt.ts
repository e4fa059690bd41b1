// `klist tgt`: the logon session's TGT as LSA describes it. The output also carries the session key
// bytes and the encoded ticket; those lines are skipped while reading and never reach the result.
import { ParseError } from '../errors';
import type { Ticket } from '../../contract/report';
import { enctypeName } from '../krb-wire/enctypes';
import { normalizeEnctype } from './enctype-names';
import { flagNames, flagsHex } from './flags';
import { parseWindowsTime } from './times';
import { toLines } from './pasted-text';
import { findKlistFailure, findLogonId, type KlistFailure } from './windows-klist-get';
import type { WindowsTimeOptions } from './windows-klist';
import { pushUnread, type UnreadLine } from './unread-lines';

export type KlistTgtResult =
  | {
      ok: true;
      logonId: string | null;
      ticket: Ticket;
      timeSkew: string | null;
      encodedTicketSize: number | null;
      unread: UnreadLine[];
    }
  | ({ ok: false; logonId: string | null } & KlistFailure);

const ORDER = [
  'serviceName',
  'targetName',
  'clientName',
  'domainName',
  'targetDomainName',
  'altTargetDomainName',
  'flags',
  'sessionKey',
  'start',
  'end',
  'renew',
  'timeSkew',
  'encodedTicket',
] as const;
type Key = (typeof ORDER)[number];
const ENGLISH: Record<string, Key> = {
  servicename: 'serviceName',
  'targetname (spn)': 'targetName',
  clientname: 'clientName',
  domainname: 'domainName',
  targetdomainname: 'targetDomainName',
  alttargetdomainname: 'altTargetDomainName',
  'ticket flags': 'flags',
  'session key': 'sessionKey',
  starttime: 'start',
  endtime: 'end',
  renewuntil: 'renew',
  timeskew: 'timeSkew',
  encodedticket: 'encodedTicket',
};

export function parseKlistTgt(text: string, opts: WindowsTimeOptions = {}): KlistTgtResult {
  const lines = toLines(text, 'KLIST');
  const logonId = findLogonId(lines);
  const failure = findKlistFailure(lines);
  if (failure) return { ok: false, logonId, ...failure };
  const fields = new Map<Key, string>();
  const unread: UnreadLine[] = [];
  let position = 0;
  // A field whose value the console wrapped onto the next line (`EndTime : ` then `10/7/2017 1:23:33 (local)`: a
  // real forum paste, test/fixtures/real/klist/klist-tgt-en-wrapped-forum-paste.txt) takes that line as its value.
  let pending: Key | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    // Session key bytes wrapped onto a line of their own: skipped, never kept (they are a secret).
    if (/^\s*(?:[0-9a-f]{2}\s+)*[0-9a-f]{1,2}\s*$/i.test(line)) continue;
    const match = /^\s*([^\s:][^:]*?)?\s*:\s?(.*)$/.exec(line);
    const label = (match?.[1] ?? '').replace(/\s+/g, ' ').trim();
    // Only a line that is no `Label : value` of its own (a label starts with a letter; a wrapped time with a digit).
    if (pending && !/^\s*[^\d\s:][^:]*:/.test(line)) {
      fields.set(pending, line.trim());
      pending = null;
      continue;
    }
    pending = null;
    if (!match) {
      // Before the first field (a banner) nothing is expected; after it, a line without a colon is not read.
      if (position > 0) pushUnread(unread, index, line);
      continue;
    }
    // A label-less `: …` line continues the previous field: the session key bytes. Skipped, never kept.
    if (label === '') continue;
    const key = ENGLISH[label.toLowerCase()] ?? (position > 0 ? ORDER[position] : undefined);
    if (key === undefined) continue;
    if ((match[2] ?? '').trim() === '' && key !== 'encodedTicket') pending = key;
    if (key === 'encodedTicket') {
      fields.set(key, (match[2] ?? '').trim());
      break;
    }
    fields.set(key, (match[2] ?? '').trim());
    position = ORDER.indexOf(key) + 1;
  }
  const need = (k: Key): string => {
    const v = fields.get(k);
    if (v === undefined || v === '') throw new ParseError('KLIST_TGT_BAD', `klist tgt output lacks its ${k} field`);
    return v;
  };
  if (!fields.has('serviceName'))
    throw new ParseError('KLIST_NOT_RECOGNISED', 'no "ServiceName" field: not klist tgt output');
  const service = need('serviceName');
  const domain = need('domainName');
  const flagsText = need('flags');
  const fm = /^0x([0-9a-f]{1,8})\b/i.exec(flagsText);
  if (!fm?.[1]) throw new ParseError('KLIST_TGT_BAD', 'ticket flags are not hex');
  const mask = Number.parseInt(fm[1], 16) >>> 0;
  // `KeyType 0x12 - AES-256-CTS-HMAC-SHA1-96`: the number is authoritative; nothing after it is read.
  const key = /KeyType\s+(0x[0-9a-f]+|\d+)(?:\s*-\s*(.*))?/i.exec(fields.get('sessionKey') ?? '');
  const sessionEnctype = key?.[1] ? enctypeName(Number(key[1])) : null;
  const time = (k: Key): string | null => {
    const v = fields.get(k);
    if (v === undefined) return null;
    const t = parseWindowsTime(v, opts.utcOffsetMinutes);
    if (t === undefined) throw new ParseError('KLIST_TGT_BAD', `${k} "${v.slice(0, 40)}" is not M/D/YYYY H:MM:SS`);
    return t;
  };
  const size = /\(\s*[^:)]*:\s*(\d+)\s*\)/.exec(fields.get('encodedTicket') ?? '');
  const ticket: Ticket = {
    client: need('clientName'),
    clientRealm: domain,
    server: service.includes('/') ? service : `${service}/${fields.get('targetDomainName') || domain}`,
    serverRealm: domain,
    start: time('start'),
    end: time('end'),
    renewUntil: time('renew'),
    flags: flagNames(mask, 'windows'),
    flagsHex: flagsHex(mask),
    ticketEnctype: null,
    sessionEnctype: sessionEnctype ?? (key?.[2] ? normalizeEnctype(key[2]) : null),
  };
  return {
    ok: true,
    logonId,
    ticket,
    timeSkew: fields.get('timeSkew') ?? null,
    encodedTicketSize: size?.[1] ? Number(size[1]) : null,
    unread,
  };
}
