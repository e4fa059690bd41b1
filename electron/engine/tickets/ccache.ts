// The MIT/Heimdal FILE credential cache (versions 1–4), read by a bounded parser of our own.
// Every length is checked against what remains before it is used. Session keys and ticket bytes are
// skipped, never copied: the result holds only names, times, flags and enctype numbers.
import { fromBER, Constructed, Integer } from 'asn1js';
import { ParseError } from '../errors';
import type { Ticket } from '../../contract/report';
import { enctypeName } from '../krb-wire/enctypes';
import { flagNames, flagsHex } from './flags';
import { isoFromEpochSeconds } from './times';

export const CCACHE_ERROR_CODES = [
  'CCACHE_EMPTY',
  'CCACHE_BAD_MAGIC',
  'CCACHE_BAD_VERSION',
  'CCACHE_TRUNCATED',
  'CCACHE_BAD_HEADER',
  'CCACHE_BAD_PRINCIPAL',
  'CCACHE_TOO_LARGE',
] as const;

/** Bounds that no real cache reaches; they keep hostile input from costing time or memory. */
const MAX_CCACHE_BYTES = 16 * 1024 * 1024;
const MAX_COMPONENTS = 64;
const MAX_STRING = 64 * 1024;
const MAX_CREDENTIALS = 10_000;
const MAX_LIST = 4096;

export interface CcachePrincipal {
  nameType: number;
  realm: string;
  components: string[];
}

export interface CcacheConfigEntry {
  key: string;
  principal: string | null;
  /** Only for keys known to hold no secret (e.g. `fast_avail`, `start_realm`, `pa_type`). */
  value: string | null;
  removed: boolean;
}

export interface CcacheCredential {
  client: CcachePrincipal;
  server: CcachePrincipal;
  sessionEnctype: number;
  authTime: number;
  startTime: number;
  endTime: number;
  renewTill: number;
  isSessionKeyTicket: boolean;
  flags: number;
  addressCount: number;
  authDataTypes: number[];
  ticketLength: number;
  /** From the ticket's own enc-part (read in place, the bytes are not kept); null if unreadable. */
  ticketEnctype: number | null;
  ticketKvno: number | null;
}

export interface Ccache {
  version: 1 | 2 | 3 | 4;
  /** v1/v2 caches are in the writer's byte order. */
  littleEndian: boolean;
  kdcOffset: { seconds: number; microseconds: number } | null;
  defaultPrincipal: CcachePrincipal;
  credentials: CcacheCredential[];
  config: CcacheConfigEntry[];
}

const CONF_REALM = 'X-CACHECONF:';
const REMOVED_CONF_REALM = 'X-RMED-CONF:';
const SAFE_CONF_KEYS = new Set([
  'fast_avail',
  'start_realm',
  'pa_type',
  'refresh_time',
  'proxy_impersonator',
  'req_pac_info',
]);

class Reader {
  offset = 0;
  constructor(
    private readonly buf: Uint8Array,
    private readonly view: DataView,
    private readonly le: boolean,
  ) {}
  get remaining(): number {
    return this.buf.length - this.offset;
  }
  need(n: number, what: string): void {
    if (n > this.remaining) {
      throw new ParseError(
        'CCACHE_TRUNCATED',
        `ccache ends inside ${what}: needs ${n} bytes, ${this.remaining} remain`,
        this.offset,
      );
    }
  }
  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.offset++);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.offset, this.le);
    this.offset += 2;
    return v;
  }
  i16(what: string): number {
    this.need(2, what);
    const v = this.view.getInt16(this.offset, this.le);
    this.offset += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.offset, this.le);
    this.offset += 4;
    return v;
  }
  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.offset, this.le);
    this.offset += 4;
    return v;
  }
  skip(n: number, what: string): void {
    this.need(n, what);
    this.offset += n;
  }
  /** A counted octet string whose content is skipped; returns its length. */
  skipData(what: string): number {
    const n = this.u32(`${what} length`);
    this.skip(n, what);
    return n;
  }
  slice(n: number, what: string): Uint8Array {
    this.need(n, what);
    const s = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return s;
  }
  string(what: string): string {
    const n = this.u32(`${what} length`);
    if (n > MAX_STRING) throw new ParseError('CCACHE_BAD_PRINCIPAL', `${what} is ${n} bytes long`, this.offset - 4);
    return new TextDecoder('utf-8', { fatal: false }).decode(this.slice(n, what));
  }
}

function readPrincipal(r: Reader, version: number, what: string): CcachePrincipal {
  const nameType = version === 1 ? 0 : r.i32(`${what} name type`);
  let count = r.u32(`${what} component count`);
  // Version 1 counts the realm among the components.
  if (version === 1) {
    if (count === 0) throw new ParseError('CCACHE_BAD_PRINCIPAL', `${what} has no realm`, r.offset - 4);
    count -= 1;
  }
  if (count > MAX_COMPONENTS)
    throw new ParseError('CCACHE_BAD_PRINCIPAL', `${what} claims ${count} components`, r.offset - 4);
  const realm = r.string(`${what} realm`);
  const components: string[] = [];
  for (let i = 0; i < count; i++) components.push(r.string(`${what} component`));
  return { nameType, realm, components };
}

export function principalName(p: CcachePrincipal): string {
  // Escape as krb5_unparse_name does, so names compare equal to what klist prints.
  const esc = (s: string, isRealm: boolean): string =>
    s.replace(/[\\/@\n\t\b\0]/g, (c) => {
      if (c === '/' && isRealm) return c;
      return { '\\': '\\\\', '/': '\\/', '@': '\\@', '\n': '\\n', '\t': '\\t', '\b': '\\b', '\0': '\\0' }[c] ?? c;
    });
  return p.components.map((c) => esc(c, false)).join('/');
}

/** How a realm's special characters are written in a principal's text (as MIT's krb5_unparse_name does). */
const REALM_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '@': '\\@',
  '\n': '\\n',
  '\t': '\\t',
  '\b': '\\b',
  '\0': '\\0',
};

export function principalString(p: CcachePrincipal): string {
  return `${principalName(p)}@${p.realm.replace(/[\\@\n\t\b\0]/g, (c) => REALM_ESCAPES[c] ?? c)}`;
}

/** Reads `enc-part.etype` and `kvno` of a DER Ticket ([APPLICATION 1] SEQUENCE { …, [3] EncryptedData }). */
function ticketEncPart(der: Uint8Array): { etype: number | null; kvno: number | null } {
  const none = { etype: null, kvno: null };
  if (der.length === 0) return none;
  try {
    const parsed = fromBER(der);
    if (parsed.offset === -1) return none;
    const app = parsed.result;
    if (!(app instanceof Constructed) || app.idBlock.tagClass !== 2 || app.idBlock.tagNumber !== 1) return none;
    const seq = app.valueBlock.value[0];
    if (!(seq instanceof Constructed)) return none;
    const encPart = seq.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 3);
    if (!(encPart instanceof Constructed)) return none;
    const encSeq = encPart.valueBlock.value[0];
    if (!(encSeq instanceof Constructed)) return none;
    const field = (tag: number): number | null => {
      const f = encSeq.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === tag);
      const int = f instanceof Constructed ? f.valueBlock.value[0] : undefined;
      if (!(int instanceof Integer)) return null;
      const n = int.valueBlock.valueDec;
      return Number.isSafeInteger(n) ? n : null;
    };
    return { etype: field(0), kvno: field(1) };
  } catch {
    return none;
  }
}

function readCredential(r: Reader, version: number): CcacheCredential | { config: CcacheConfigEntry } {
  const client = readPrincipal(r, version, 'client');
  const server = readPrincipal(r, version, 'server');
  const sessionEnctype = r.i16('key enctype');
  if (version === 3) r.u16('key enctype (repeated)');
  r.skipData('session key');
  const authTime = r.u32('auth time');
  const startTime = r.u32('start time');
  const endTime = r.u32('end time');
  const renewTill = r.u32('renew till');
  const isSessionKeyTicket = r.u8('is_skey') !== 0;
  const flags = r.u32('ticket flags');
  const addressCount = r.u32('address count');
  if (addressCount > MAX_LIST)
    throw new ParseError('CCACHE_TOO_LARGE', `credential claims ${addressCount} addresses`, r.offset - 4);
  for (let i = 0; i < addressCount; i++) {
    r.u16('address type');
    r.skipData('address');
  }
  const authDataCount = r.u32('authdata count');
  if (authDataCount > MAX_LIST)
    throw new ParseError('CCACHE_TOO_LARGE', `credential claims ${authDataCount} authdata elements`, r.offset - 4);
  const authDataTypes: number[] = [];
  for (let i = 0; i < authDataCount; i++) {
    authDataTypes.push(r.i16('authdata type'));
    r.skipData('authdata');
  }
  const ticketLength = r.u32('ticket length');
  const ticketBytes = r.slice(ticketLength, 'ticket');
  const isConfig = server.realm === CONF_REALM || server.realm === REMOVED_CONF_REALM;
  let encPart = { etype: null as number | null, kvno: null as number | null };
  let configValue: string | null = null;
  if (isConfig) {
    const key = server.components[1] ?? '';
    if (SAFE_CONF_KEYS.has(key) && ticketLength <= 256) configValue = new TextDecoder().decode(ticketBytes);
  } else {
    encPart = ticketEncPart(ticketBytes);
  }
  r.skipData('second ticket');
  if (isConfig) {
    return {
      config: {
        key: server.components[1] ?? '',
        principal: server.components[2] ?? null,
        value: configValue,
        removed: server.realm === REMOVED_CONF_REALM,
      },
    };
  }
  return {
    client,
    server,
    sessionEnctype,
    authTime,
    startTime,
    endTime,
    renewTill,
    isSessionKeyTicket,
    flags,
    addressCount,
    authDataTypes,
    ticketLength,
    ticketEnctype: encPart.etype,
    ticketKvno: encPart.kvno,
  };
}

function parseWithOrder(bytes: Uint8Array, version: 1 | 2 | 3 | 4, littleEndian: boolean): Ccache {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(bytes, view, littleEndian);
  r.skip(2, 'version');
  let kdcOffset: Ccache['kdcOffset'] = null;
  if (version === 4) {
    const headerLen = r.u16('header length');
    r.need(headerLen, 'header');
    const end = r.offset + headerLen;
    while (r.offset < end) {
      if (end - r.offset < 4)
        throw new ParseError('CCACHE_BAD_HEADER', 'header field does not fit in the header', r.offset);
      const tag = r.u16('header tag');
      const len = r.u16('header field length');
      if (len > end - r.offset)
        throw new ParseError('CCACHE_BAD_HEADER', `header field ${tag} is longer than the header`, r.offset);
      if (tag === 1 && len === 8) {
        kdcOffset = { seconds: r.i32('KDC time offset'), microseconds: r.i32('KDC time offset') };
      } else {
        r.skip(len, 'header field');
      }
    }
  }
  const defaultPrincipal = readPrincipal(r, version, 'default principal');
  const credentials: CcacheCredential[] = [];
  const config: CcacheConfigEntry[] = [];
  let count = 0;
  while (r.remaining > 0) {
    if (++count > MAX_CREDENTIALS)
      throw new ParseError('CCACHE_TOO_LARGE', `more than ${MAX_CREDENTIALS} credentials`, r.offset);
    const c = readCredential(r, version);
    if ('config' in c) config.push(c.config);
    else credentials.push(c);
  }
  return { version, littleEndian, kdcOffset, defaultPrincipal, credentials, config };
}

/** Parses a FILE ccache. Throws ParseError (codes in CCACHE_ERROR_CODES) on anything malformed. */
export function parseCcache(input: Uint8Array): Ccache {
  const bytes = input;
  if (bytes.length === 0) throw new ParseError('CCACHE_EMPTY', 'the credential cache is empty');
  if (bytes.length > MAX_CCACHE_BYTES)
    throw new ParseError('CCACHE_TOO_LARGE', `the credential cache is ${bytes.length} bytes`);
  if (bytes[0] !== 0x05)
    throw new ParseError('CCACHE_BAD_MAGIC', 'not a Kerberos 5 credential cache (first byte is not 0x05)', 0);
  if (bytes.length < 2) throw new ParseError('CCACHE_TRUNCATED', 'ccache ends inside the version', 1);
  const v = bytes[1];
  if (v !== 1 && v !== 2 && v !== 3 && v !== 4) {
    throw new ParseError(
      'CCACHE_BAD_VERSION',
      `unsupported credential cache version 0x05${(v ?? 0).toString(16).padStart(2, '0')}`,
      1,
    );
  }
  if (v >= 3) return parseWithOrder(bytes, v, false);
  // v1/v2 are in the writer's native order; nearly every writer today is little-endian, try that first.
  try {
    return parseWithOrder(bytes, v, true);
  } catch (first) {
    try {
      return parseWithOrder(bytes, v, false);
    } catch {
      throw first;
    }
  }
}

/** A credential as the contract's Ticket (names split from realms, times in UTC ISO). */
export function credentialToTicket(c: CcacheCredential): Ticket {
  // As klist does: a missing start time means the ticket is valid from its auth time.
  const start = c.startTime !== 0 ? c.startTime : c.authTime;
  return {
    client: principalName(c.client),
    clientRealm: c.client.realm,
    server: principalName(c.server),
    serverRealm: c.server.realm,
    start: start !== 0 ? isoFromEpochSeconds(start) : null,
    end: c.endTime !== 0 ? isoFromEpochSeconds(c.endTime) : null,
    renewUntil: c.renewTill !== 0 ? isoFromEpochSeconds(c.renewTill) : null,
    authTime: c.authTime !== 0 ? isoFromEpochSeconds(c.authTime) : null,
    flags: flagNames(c.flags, 'mit'),
    flagsHex: flagsHex(c.flags),
    ticketEnctype: c.ticketEnctype === null ? null : enctypeName(c.ticketEnctype),
    sessionEnctype: enctypeName(c.sessionEnctype),
  };
}
