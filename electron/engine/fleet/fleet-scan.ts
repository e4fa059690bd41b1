// The fleet view's fast reader: one pass over a history line's bytes that checks the whole line the way
// JSON.parse and the contract's HistoryEntrySchema would, and keeps the offsets of the fields the view
// counts, their bytes hashed on the way for the tally — no string per line, no parsed object (a million
// lines of the benchmark's fleet sample through JSON.parse and a field check took ~3.4 s of CPU; this pass
// ~1.2-1.5 s, on this 2-core machine). Keys in the order KerbProbe writes them are matched as known words
// without a scan. It vouches only for the exact shape KerbProbe writes: keys without escapes, once each,
// every one present; times as toISOString writes them; plain non-negative numbers; counted strings
// without escapes. For anything else — another version, another
// time form, an exponent, an escape in a counted field, a duplicate or unknown key, bytes that are not
// JSON — it answers false ("cannot tell") and the caller takes the schema's path with that line, so the
// view never counts a line differently from the schema's judgement (test/engine/fleet/fleet-scan.test.ts
// holds it to that, line by line).
import { DIAGNOSIS_CODES } from '../../contract/codes';
import { CHAIN_FLOWS } from '../../contract/chain-flow';
import { HistoryEntrySchema } from '../../contract/history';
import { STEP_IDS } from '../../contract/report';
import { hashBytes, wordTable } from './byte-table';

/** The history line's fields, in the order KerbProbe writes them (contract/history.ts; a test holds them equal). */
export const SCANNED_FIELDS = [
  'v',
  'time',
  'device',
  'user',
  'server',
  'port',
  'address',
  'verdict',
  'code',
  'flow',
  'failedStep',
  'steps',
  'totalMs',
  'subnet',
  'kdc',
  'os',
  'tool',
] as const;
// Their indices, spelled out so the switch below compares constants.
const V = 0,
  TIME = 1,
  DEVICE = 2,
  USER = 3,
  SERVER = 4,
  PORT = 5,
  ADDRESS = 6,
  VERDICT = 7,
  CODE = 8,
  FLOW = 9,
  FAILED_STEP = 10,
  STEPS = 11,
  TOTAL_MS = 12,
  SUBNET = 13,
  KDC = 14,
  OS = 15,
  TOOL = 16;
const ALL_FIELDS = (1 << SCANNED_FIELDS.length) - 1;
const FIELD_BYTES = SCANNED_FIELDS.map((f) => Buffer.from(f, 'latin1'));
const FIELDS = wordTable(SCANNED_FIELDS);
const CODES = wordTable(DIAGNOSIS_CODES);
const FLOWS = wordTable(CHAIN_FLOWS);
const STEPS_WORDS = wordTable(STEP_IDS);
const STEP_BYTES = STEP_IDS.map((id) => Buffer.from(id, 'latin1'));
const VERDICTS = wordTable(HistoryEntrySchema.shape.verdict.options);
const FAIL_VERDICT = HistoryEntrySchema.shape.verdict.options.indexOf('fail');

/** A string field's most UTF-16 code units, as the schema says (it has a `max`, else this is a mistake). */
function maxLength(schema: { maxLength: number | null }): number {
  if (schema.maxLength === null) throw new Error('fleet-scan: a counted string field without a length limit');
  return schema.maxLength;
}
// The schema's limits on what the scanner checks (contract/history.ts).
const FIELD_SHAPE = HistoryEntrySchema.shape;
const DEVICE_MAX = maxLength(FIELD_SHAPE.device);
const USER_MAX = maxLength(FIELD_SHAPE.user.unwrap());
const SERVER_MAX = maxLength(FIELD_SHAPE.server);
const ADDRESS_MAX = maxLength(FIELD_SHAPE.address.unwrap());
const SUBNET_MAX = maxLength(FIELD_SHAPE.subnet.unwrap());
const KDC_MAX = maxLength(FIELD_SHAPE.kdc.unwrap());
const OS_MAX = maxLength(FIELD_SHAPE.os);
const TOOL_MAX = maxLength(FIELD_SHAPE.tool);
const PORT_MIN = FIELD_SHAPE.port.minValue ?? 0;
const PORT_MAX = FIELD_SHAPE.port.maxValue ?? 0;
/** Digits the largest port takes: a longer run of digits is not a port. */
const PORT_DIGITS = String(PORT_MAX).length;

/** Where a scanned line's counted fields are, and the few values read on the way. Reused line after line. */
export class ScannedLine {
  /** ms since the epoch. */
  time = 0;
  fail = false;
  /** Index in DIAGNOSIS_CODES / CHAIN_FLOWS; -1 for null. */
  code = -1;
  flow = -1;
  // Byte ranges [start, end) of the string values, inside the line's buffer; subnet and kdc start at -1 when null.
  deviceStart = 0;
  deviceEnd = 0;
  serverStart = 0;
  serverEnd = 0;
  osStart = 0;
  osEnd = 0;
  subnetStart = -1;
  subnetEnd = -1;
  kdcStart = -1;
  kdcEnd = -1;
  /** hashBytes of the device's bytes, and a hash of everything the line's combination is made of. */
  deviceHash = 0;
  comboHash = 0;
  // What the scan found in the string it read last (set by stringEnd and hashedStringEnd): an escape, a
  // byte outside ASCII, and (hashedStringEnd) hashBytes of its bytes.
  escaped = false;
  wide = false;
  hashed = 0;
}

/** Which fields' strings the tally looks up by their bytes (their hashes are taken while they are scanned). */
const HASHED = (1 << DEVICE) | (1 << SERVER) | (1 << SUBNET) | (1 << KDC) | (1 << OS);

const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  COLON = 0x3a,
  COMMA = 0x2c,
  OPEN = 0x7b,
  CLOSE = 0x7d,
  DOT = 0x2e;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

function skipWs(b: Buffer, i: number, end: number): number {
  while (i < end && isWs(b[i]!)) i++;
  return i;
}

/**
 * What a byte inside a string needs: 0 nothing, 1 ends it ("), 2 an escape (\\), 3 never JSON (a control byte), 4
 * outside ASCII.
 */
const IN_STRING = new Uint8Array(256);
IN_STRING.fill(3, 0, 0x20);
IN_STRING.fill(4, 0x80, 0x100);
IN_STRING[QUOTE] = 1;
IN_STRING[BACKSLASH] = 2;

/** stringEnd with hashBytes of the string's bytes left in `out.hashed` (for the keys the tally looks up by bytes). */
function hashedStringEnd(bytes: Buffer, at: number, end: number, out: ScannedLine): number {
  let hash = 0x811c9dc5;
  const from = at + 1;
  for (at = from; at < end; at++) {
    const byte = bytes[at]!;
    if (IN_STRING[byte] !== 0) break;
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  if (at < end && bytes[at] === QUOTE) {
    out.escaped = false;
    out.wide = false;
    out.hashed = hash;
    return at;
  }
  // An escape or a byte outside ASCII: the full check, then the hash over the same bytes.
  const close = stringEnd(bytes, from - 1, end, out);
  if (close >= 0) out.hashed = hashBytes(bytes, from, close);
  return close;
}

/** bytes[at] is an opening quote: the index of the closing one, or -1 when the string is not JSON. */
function stringEnd(bytes: Buffer, at: number, end: number, out: ScannedLine): number {
  out.escaped = false;
  out.wide = false;
  for (at++; at < end; at++) {
    const kind = IN_STRING[bytes[at]!]!;
    if (kind === 0) continue;
    if (kind === 1) return at;
    if (kind === 4) {
      out.wide = true;
      continue;
    }
    if (kind === 3 || ++at >= end) return -1;
    out.escaped = true;
    const escape = bytes[at];
    if (escape === 0x75) {
      // \uXXXX
      if (at + 4 >= end) return -1;
      for (let digit = 1; digit <= 4; digit++) {
        const hex = bytes[at + digit]!;
        if (!(isDigit(hex) || ((hex | 0x20) >= 0x61 && (hex | 0x20) <= 0x66))) return -1;
      }
      at += 4;
    } else if (!(
      escape === QUOTE ||
      escape === BACKSLASH ||
      escape === 0x2f ||
      escape === 0x62 ||
      escape === 0x66 ||
      escape === 0x6e ||
      escape === 0x72 ||
      escape === 0x74
    ))
      return -1;
  }
  return -1;
}

/**
 * Does the string b(start, end) (quotes excluded; stringEnd just ran on it) hold at most `max` UTF-16 code
 * units, as zod counts? Bytes are never fewer than code units (an escape or a multi-byte sequence is at
 * least as long as what it stands for), so only a long string outside ASCII needs decoding.
 */
function fits(b: Buffer, start: number, end: number, max: number, out: ScannedLine): boolean {
  if (end - start <= max) return true;
  if (!out.escaped && !out.wide) return false;
  return (JSON.parse(b.toString('utf8', start - 1, end + 1)) as string).length <= max;
}

/** A plain non-negative JSON number at b[i] (digits, an optional fraction): the index after it, else -1. */
function plainNumberEnd(b: Buffer, i: number, end: number): number {
  const from = i;
  if (i < end && b[i] === 0x30) i++;
  else if (i < end && b[i]! >= 0x31 && b[i]! <= 0x39) while (i < end && isDigit(b[i]!)) i++;
  else return -1;
  if (i < end && b[i] === DOT) {
    const f = ++i;
    while (i < end && isDigit(b[i]!)) i++;
    if (i === f) return -1;
  }
  // An exponent, a leading zero's digits, or digits enough to overflow to Infinity: the schema's way.
  if (i < end && (b[i] === 0x65 || b[i] === 0x45 || isDigit(b[i]!))) return -1;
  return i - from > 300 ? -1 : i;
}

const isNull = (b: Buffer, i: number, end: number) =>
  i + 4 <= end && b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digits = (b: Buffer, i: number, n: number): number => {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = b[i + k]! - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

/**
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` (what toISOString writes) at bytes[start, end) as ms since the epoch; NaN for any
 * other form or an impossible date.
 */
export function isoMillis(bytes: Buffer, start: number, end: number): number {
  if (
    end - start !== 24 ||
    bytes[start + 4] !== 0x2d ||
    bytes[start + 7] !== 0x2d ||
    bytes[start + 10] !== 0x54 ||
    bytes[start + 13] !== COLON ||
    bytes[start + 16] !== COLON ||
    bytes[start + 19] !== DOT ||
    bytes[start + 23] !== 0x5a
  )
    return NaN;
  const year = digits(bytes, start, 4),
    mo = digits(bytes, start + 5, 2),
    day = digits(bytes, start + 8, 2);
  const hour = digits(bytes, start + 11, 2),
    mi = digits(bytes, start + 14, 2),
    sec = digits(bytes, start + 17, 2),
    ms = digits(bytes, start + 20, 3);
  if (
    year < 0 ||
    mo < 1 ||
    mo > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    mi < 0 ||
    mi > 59 ||
    sec < 0 ||
    sec > 59 ||
    ms < 0
  )
    return NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (mo === 2 && leap ? 29 : DAYS[mo - 1]!)) return NaN;
  // Days from the civil date (proleptic Gregorian, as Date counts); Date.UTC would read years 0-99 as 1900-1999.
  const yy = mo <= 2 ? year - 1 : year;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + day - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return days * 86_400_000 + hour * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}

/**
 * Is the string at b[i] (an opening quote) exactly `word` (plain ASCII, no quote or backslash)? Then it is
 * that JSON string without a byte-by-byte scan for escapes: keys and step ids are checked this way.
 */
function isWordAt(b: Buffer, i: number, end: number, word: Buffer): boolean {
  const n = word.length;
  if (i + n + 1 >= end || b[i + n + 1] !== QUOTE) return false;
  for (let k = 0; k < n; k++) if (b[i + 1 + k] !== word[k]) return false;
  return true;
}

/**
 * The steps object at bytes[at] ('{'): the index after it, or -1 unless every key is a step id once and every
 * value a plain number.
 */
function stepsEnd(bytes: Buffer, at: number, end: number, out: ScannedLine): number {
  at = skipWs(bytes, at + 1, end);
  if (bytes[at] === CLOSE) return at + 1;
  let seen = 0;
  let last = -1;
  for (;;) {
    if (bytes[at] !== QUOTE) return -1;
    // A check writes its steps in STEP_IDS order: try the ids after the last one first.
    let id = -1;
    for (let candidate = last + 1; candidate < STEP_BYTES.length; candidate++)
      if (isWordAt(bytes, at, end, STEP_BYTES[candidate]!)) {
        id = candidate;
        break;
      }
    let keyEnd: number;
    if (id >= 0) keyEnd = at + STEP_BYTES[id]!.length + 1;
    else {
      keyEnd = stringEnd(bytes, at, end, out);
      if (keyEnd < 0 || out.escaped) return -1;
      id = STEPS_WORDS.get(bytes, at + 1, keyEnd);
    }
    if (id < 0 || seen & (1 << id)) return -1;
    seen |= 1 << id;
    last = id;
    at = skipWs(bytes, keyEnd + 1, end);
    if (bytes[at] !== COLON) return -1;
    at = plainNumberEnd(bytes, skipWs(bytes, at + 1, end), end);
    if (at < 0) return -1;
    at = skipWs(bytes, at, end);
    if (bytes[at] === CLOSE) return at + 1;
    if (bytes[at] !== COMMA) return -1;
    at = skipWs(bytes, at + 1, end);
  }
}

/**
 * Scans the line bytes[start, end) into `out`. True: the line is a history entry the schema accepts, and `out`
 * holds its counted fields. False: this reader cannot tell; the schema's path must judge the line.
 */
export function scanLine(bytes: Buffer, start: number, end: number, out: ScannedLine): boolean {
  let at = skipWs(bytes, start, end);
  if (bytes[at] !== OPEN) return false;
  at = skipWs(bytes, at + 1, end);
  let seen = 0;
  let next = 0;
  let osHash = 0,
    subnetHash = 0,
    kdcHash = 0,
    serverHash = 0;
  for (;;) {
    if (at >= end || bytes[at] !== QUOTE) return false;
    // Keys come in the order KerbProbe writes them: compare with the expected one, else look the key up.
    let field = -1;
    let keyEnd: number;
    const expect = FIELD_BYTES[next];
    if (expect && isWordAt(bytes, at, end, expect)) {
      field = next;
      keyEnd = at + expect.length + 1;
    } else {
      keyEnd = stringEnd(bytes, at, end, out);
      if (keyEnd < 0 || out.escaped) return false;
      field = FIELDS.get(bytes, at + 1, keyEnd);
    }
    if (field < 0 || seen & (1 << field)) return false;
    seen |= 1 << field;
    next = field + 1;
    at = skipWs(bytes, keyEnd + 1, end);
    if (bytes[at] !== COLON) return false;
    at = skipWs(bytes, at + 1, end);
    if (at >= end) return false;
    const first = bytes[at]!;
    let vs = at + 1,
      ve = -1; // a string value's content range
    if (field === TIME) {
      // Only the form toISOString writes (24 bytes, each checked by isoMillis); any other goes the schema's way.
      if (first !== QUOTE || at + 25 >= end || bytes[at + 25] !== QUOTE) return false;
      out.time = isoMillis(bytes, at + 1, at + 25);
      if (Number.isNaN(out.time)) return false;
      at += 26;
    } else if (first === QUOTE) {
      ve = HASHED & (1 << field) ? hashedStringEnd(bytes, at, end, out) : stringEnd(bytes, at, end, out);
      if (ve < 0) return false;
      at = ve + 1;
    } else if (first === 0x6e) {
      if (!isNull(bytes, at, end)) return false;
      at += 4;
      vs = -1;
    } else if (field === V) {
      if (
        first !== 0x31 ||
        (at + 1 < end &&
          (isDigit(bytes[at + 1]!) || bytes[at + 1] === DOT || bytes[at + 1] === 0x65 || bytes[at + 1] === 0x45))
      )
        return false;
      at++;
    } else if (field === PORT) {
      const pe = plainNumberEnd(bytes, at, end);
      if (pe < 0 || pe - at > PORT_DIGITS) return false;
      for (let digitAt = at; digitAt < pe; digitAt++) if (!isDigit(bytes[digitAt]!)) return false;
      const port = digits(bytes, at, pe - at);
      if (port < PORT_MIN || port > PORT_MAX) return false;
      at = pe;
    } else if (field === TOTAL_MS) {
      at = plainNumberEnd(bytes, at, end);
      if (at < 0) return false;
    } else if (field === STEPS && first === OPEN) {
      at = stepsEnd(bytes, at, end, out);
      if (at < 0) return false;
    } else return false;
    const isString = ve >= 0;
    const isNullValue = vs < 0;
    switch (field) {
      case V:
      case PORT:
      case TOTAL_MS:
      case STEPS:
        if (isString || isNullValue) return false;
        break;
      case DEVICE:
        if (!isString || out.escaped || ve === vs || !fits(bytes, vs, ve, DEVICE_MAX, out)) return false;
        out.deviceStart = vs;
        out.deviceEnd = ve;
        out.deviceHash = out.hashed;
        break;
      case SERVER:
        if (!isString || out.escaped || ve === vs || !fits(bytes, vs, ve, SERVER_MAX, out)) return false;
        out.serverStart = vs;
        out.serverEnd = ve;
        serverHash = out.hashed;
        break;
      case OS:
        if (!isString || out.escaped || !fits(bytes, vs, ve, OS_MAX, out)) return false;
        out.osStart = vs;
        out.osEnd = ve;
        osHash = out.hashed;
        break;
      case SUBNET:
        if (isNullValue) {
          out.subnetStart = -1;
          subnetHash = 1;
          break;
        }
        if (out.escaped || !fits(bytes, vs, ve, SUBNET_MAX, out)) return false;
        out.subnetStart = vs;
        out.subnetEnd = ve;
        subnetHash = out.hashed;
        break;
      case KDC:
        if (isNullValue) {
          out.kdcStart = -1;
          kdcHash = 1;
          break;
        }
        if (out.escaped || !fits(bytes, vs, ve, KDC_MAX, out)) return false;
        out.kdcStart = vs;
        out.kdcEnd = ve;
        kdcHash = out.hashed;
        break;
      case USER:
        if (isString && !fits(bytes, vs, ve, USER_MAX, out)) return false;
        break;
      case ADDRESS:
        if (isString && !fits(bytes, vs, ve, ADDRESS_MAX, out)) return false;
        break;
      case TOOL:
        if (!isString || !fits(bytes, vs, ve, TOOL_MAX, out)) return false;
        break;
      case VERDICT: {
        if (!isString || out.escaped) return false;
        const verdict = VERDICTS.get(bytes, vs, ve);
        if (verdict < 0) return false;
        out.fail = verdict === FAIL_VERDICT;
        break;
      }
      case CODE:
        if (isNullValue) {
          out.code = -1;
          break;
        }
        if (out.escaped || (out.code = CODES.get(bytes, vs, ve)) < 0) return false;
        break;
      case FLOW:
        if (isNullValue) {
          out.flow = -1;
          break;
        }
        if (out.escaped || (out.flow = FLOWS.get(bytes, vs, ve)) < 0) return false;
        break;
      case FAILED_STEP:
        if (!isNullValue && (out.escaped || STEPS_WORDS.get(bytes, vs, ve) < 0)) return false;
        break;
    }
    at = skipWs(bytes, at, end);
    if (bytes[at] === COMMA) {
      at = skipWs(bytes, at + 1, end);
      continue;
    }
    if (bytes[at] !== CLOSE || seen !== ALL_FIELDS || skipWs(bytes, at + 1, end) !== end) return false;
    let hash = Math.imul(osHash, 0x01000193) ^ subnetHash;
    hash = Math.imul(hash, 0x01000193) ^ kdcHash;
    hash = Math.imul(hash, 0x01000193) ^ serverHash;
    out.comboHash = Math.imul(hash, 0x01000193) ^ ((out.code + 1) * 64 + (out.flow + 1) * 2 + (out.fail ? 1 : 0));
    return true;
  }
}
