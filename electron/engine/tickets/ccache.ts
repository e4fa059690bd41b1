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

function readCredential(reader: Reader, version: number): CcacheCredential | { config: CcacheConfigEntry } {
  const client = readPrincipal(reader, version, 'client');
  const server = readPrincipal(reader, version, 'server');
  const sessionEnctype = reader.i16('key enctype');
  if (version === 3) reader.u16('key enctype (repeated)');
  reader.skipData('session key');
  const authTime = reader.u32('auth time');
  const startTime = reader.u32('start time');
  const endTime = reader.u32('end time');
  const renewTill = reader.u32('renew till');
  const isSessionKeyTicket = reader.u8('is_skey') !== 0;
  const flags = reader.u32('ticket flags');
  const addressCount = reader.u32('address count');
  if (addressCount > MAX_LIST)
    throw new ParseError('CCACHE_TOO_LARGE', `credential claims ${addressCount} addresses`, reader.offset - 4);
  for (let index = 0; index < addressCount; index++) {
    reader.u16('address type');
    reader.skipData('address');
  }
  const authDataCount = reader.u32('authdata count');
  if (authDataCount > MAX_LIST)
    throw new ParseError('CCACHE_TOO_LARGE', `credential claims ${authDataCount} authdata elements`, reader.offset - 4);
  const authDataTypes: number[] = [];
  for (let index = 0; index < authDataCount; index++) {
    authDataTypes.push(reader.i16('authdata type'));
    reader.skipData('authdata');
  }
  const ticketLength = reader.u32('ticket length');
  const ticketBytes = reader.slice(ticketLength, 'ticket');
  const isConfig = server.realm === CONF_REALM || server.realm === REMOVED_CONF_REALM;
  let encPart = { etype: null as number | null, kvno: null as number | null };
  let configValue: string | null = null;
  if (isConfig) {
    const key = server.components[1] ?? '';
    if (SAFE_CONF_KEYS.has(key) && ticketLength <= 256) configValue = new TextDecoder().decode(ticketBytes);
  } else {
    encPart = ticketEncPart(ticketBytes);
  }
  reader.skipData('second ticket');
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
  const reader = new Reader(bytes, view, littleEndian);
  reader.skip(2, 'version');
  let kdcOffset: Ccache['kdcOffset'] = null;
  if (version === 4) {
    const headerLen = reader.u16('header length');
    reader.need(headerLen, 'header');
    const end = reader.offset + headerLen;
    while (reader.offset < end) {
      if (end - reader.offset < 4)
        throw new ParseError('CCACHE_BAD_HEADER', 'header field does not fit in the header', reader.offset);
      const tag = reader.u16('header tag');
      const len = reader.u16('header field length');
      if (len > end - reader.offset)
        throw new ParseError('CCACHE_BAD_HEADER', `header field ${tag} is longer than the header`, reader.offset);
      if (tag === 1 && len === 8) {
        kdcOffset = { seconds: reader.i32('KDC time offset'), microseconds: reader.i32('KDC time offset') };
      } else {
        reader.skip(len, 'header field');
      }
    }
  }
  const defaultPrincipal = readPrincipal(reader, version, 'default principal');
  const credentials: CcacheCredential[] = [];
  const config: CcacheConfigEntry[] = [];
  let count = 0;
  while (reader.remaining > 0) {
    if (++count > MAX_CREDENTIALS)
      throw new ParseError('CCACHE_TOO_LARGE', `more than ${MAX_CREDENTIALS} credentials`, reader.offset);
    const entry = readCredential(reader, version);
    if ('config' in entry) config.push(entry.config);
    else credentials.push(entry);
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
  const version = bytes[1];
  if (version !== 1 && version !== 2 && version !== 3 && version !== 4) {
    throw new ParseError(
      'CCACHE_BAD_VERSION',
      `unsupported credential cache version 0x05${(version ?? 0).toString(16).padStart(2, '0')}`,
      1,
    );
  }
  if (version >= 3) return parseWithOrder(bytes, version, false);
  // v1/v2 are in the writer's native order; nearly every writer today is little-endian, try that first.
  try {
    return parseWithOrder(bytes, version, true);
  } catch (first) {
    try {
      return parseWithOrder(bytes, version, false);
    } catch {
      throw first;
    }
  }
}

/** A credential as the contract's Ticket (names split from realms, times in UTC ISO). */
export function credentialToTicket(credential: CcacheCredential): Ticket {
  // As klist does: a missing start time means the ticket is valid from its auth time.
  const start = credential.startTime !== 0 ? credential.startTime : credential.authTime;
  return {
    client: principalName(credential.client),
    clientRealm: credential.client.realm,
    server: principalName(credential.server),
    serverRealm: credential.server.realm,
    start: start !== 0 ? isoFromEpochSeconds(start) : null,
    end: credential.endTime !== 0 ? isoFromEpochSeconds(credential.endTime) : null,
    renewUntil: credential.renewTill !== 0 ? isoFromEpochSeconds(credential.renewTill) : null,
    authTime: credential.authTime !== 0 ? isoFromEpochSeconds(credential.authTime) : null,
    flags: flagNames(credential.flags, 'mit'),
    flagsHex: flagsHex(credential.flags),
    ticketEnctype: credential.ticketEnctype === null ? null : enctypeName(credential.ticketEnctype),
    sessionEnctype: enctypeName(credential.sessionEnctype),
  };
}
