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
function hashedStringEnd(b: Buffer, i: number, end: number, out: ScannedLine): number {
  let h = 0x811c9dc5;
  const from = i + 1;
  for (i = from; i < end; i++) {
    const c = b[i]!;
    if (IN_STRING[c] !== 0) break;
    h = Math.imul(h ^ c, 0x01000193);
  }
  if (i < end && b[i] === QUOTE) {
    out.escaped = false;
    out.wide = false;
    out.hashed = h;
    return i;
  }
  // An escape or a byte outside ASCII: the full check, then the hash over the same bytes.
  const q = stringEnd(b, from - 1, end, out);
  if (q >= 0) out.hashed = hashBytes(b, from, q);
  return q;
}

/** b[i] is an opening quote: the index of the closing one, or -1 when the string is not JSON. */
function stringEnd(b: Buffer, i: number, end: number, out: ScannedLine): number {
  out.escaped = false;
  out.wide = false;
  for (i++; i < end; i++) {
    const k = IN_STRING[b[i]!]!;
    if (k === 0) continue;
    if (k === 1) return i;
    if (k === 4) {
      out.wide = true;
      continue;
    }
    if (k === 3 || ++i >= end) return -1;
    out.escaped = true;
    const e = b[i];
    if (e === 0x75) {
      // \uXXXX
      if (i + 4 >= end) return -1;
      for (let n = 1; n <= 4; n++) {
        const h = b[i + n]!;
        if (!(isDigit(h) || ((h | 0x20) >= 0x61 && (h | 0x20) <= 0x66))) return -1;
      }
      i += 4;
    } else if (!(
      e === QUOTE ||
      e === BACKSLASH ||
      e === 0x2f ||
      e === 0x62 ||
      e === 0x66 ||
      e === 0x6e ||
      e === 0x72 ||
      e === 0x74
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
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` (what toISOString writes) at b[s, e) as ms since the epoch; NaN for any other form or an
 * impossible date.
 */
export function isoMillis(b: Buffer, s: number, e: number): number {
  if (
    e - s !== 24 ||
    b[s + 4] !== 0x2d ||
    b[s + 7] !== 0x2d ||
    b[s + 10] !== 0x54 ||
    b[s + 13] !== COLON ||
    b[s + 16] !== COLON ||
    b[s + 19] !== DOT ||
    b[s + 23] !== 0x5a
  )
    return NaN;
  const y = digits(b, s, 4),
    mo = digits(b, s + 5, 2),
    d = digits(b, s + 8, 2);
  const h = digits(b, s + 11, 2),
    mi = digits(b, s + 14, 2),
    sec = digits(b, s + 17, 2),
    ms = digits(b, s + 20, 3);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0)
    return NaN;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : DAYS[mo - 1]!)) return NaN;
  // Days from the civil date (proleptic Gregorian, as Date counts); Date.UTC would read years 0-99 as 1900-1999.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return days * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
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
 * The steps object at b[i] ('{'): the index after it, or -1 unless every key is a step id once and every value a plain
 * number.
 */
function stepsEnd(b: Buffer, i: number, end: number, out: ScannedLine): number {
  i = skipWs(b, i + 1, end);
  if (b[i] === CLOSE) return i + 1;
  let seen = 0;
  let last = -1;
  for (;;) {
    if (b[i] !== QUOTE) return -1;
    // A check writes its steps in STEP_IDS order: try the ids after the last one first.
    let id = -1;
    for (let k = last + 1; k < STEP_BYTES.length; k++)
      if (isWordAt(b, i, end, STEP_BYTES[k]!)) {
        id = k;
        break;
      }
    let q: number;
    if (id >= 0) q = i + STEP_BYTES[id]!.length + 1;
    else {
      q = stringEnd(b, i, end, out);
      if (q < 0 || out.escaped) return -1;
      id = STEPS_WORDS.get(b, i + 1, q);
    }
    if (id < 0 || seen & (1 << id)) return -1;
    seen |= 1 << id;
    last = id;
    i = skipWs(b, q + 1, end);
    if (b[i] !== COLON) return -1;
    i = plainNumberEnd(b, skipWs(b, i + 1, end), end);
    if (i < 0) return -1;
    i = skipWs(b, i, end);
    if (b[i] === CLOSE) return i + 1;
    if (b[i] !== COMMA) return -1;
    i = skipWs(b, i + 1, end);
  }
}

/**
 * Scans the line b[start, end) into `out`. True: the line is a history entry the schema accepts, and `out`
 * holds its counted fields. False: this reader cannot tell; the schema's path must judge the line.
 */
export function scanLine(b: Buffer, start: number, end: number, out: ScannedLine): boolean {
  let i = skipWs(b, start, end);
  if (b[i] !== OPEN) return false;
  i = skipWs(b, i + 1, end);
  let seen = 0;
  let next = 0;
  let osHash = 0,
    subnetHash = 0,
    kdcHash = 0,
    serverHash = 0;
  for (;;) {
    if (i >= end || b[i] !== QUOTE) return false;
    // Keys come in the order KerbProbe writes them: compare with the expected one, else look the key up.
    let f = -1;
    let q: number;
    const expect = FIELD_BYTES[next];
    if (expect && isWordAt(b, i, end, expect)) {
      f = next;
      q = i + expect.length + 1;
    } else {
      q = stringEnd(b, i, end, out);
      if (q < 0 || out.escaped) return false;
      f = FIELDS.get(b, i + 1, q);
    }
    if (f < 0 || seen & (1 << f)) return false;
    seen |= 1 << f;
    next = f + 1;
    i = skipWs(b, q + 1, end);
    if (b[i] !== COLON) return false;
    i = skipWs(b, i + 1, end);
    if (i >= end) return false;
    const c = b[i]!;
    let vs = i + 1,
      ve = -1; // a string value's content range
    if (f === TIME) {
      // Only the form toISOString writes (24 bytes, each checked by isoMillis); any other goes the schema's way.
      if (c !== QUOTE || i + 25 >= end || b[i + 25] !== QUOTE) return false;
      out.time = isoMillis(b, i + 1, i + 25);
      if (Number.isNaN(out.time)) return false;
      i += 26;
    } else if (c === QUOTE) {
      ve = HASHED & (1 << f) ? hashedStringEnd(b, i, end, out) : stringEnd(b, i, end, out);
      if (ve < 0) return false;
      i = ve + 1;
    } else if (c === 0x6e) {
      if (!isNull(b, i, end)) return false;
      i += 4;
      vs = -1;
    } else if (f === V) {
      if (
        c !== 0x31 ||
        (i + 1 < end && (isDigit(b[i + 1]!) || b[i + 1] === DOT || b[i + 1] === 0x65 || b[i + 1] === 0x45))
      )
        return false;
      i++;
    } else if (f === PORT) {
      const pe = plainNumberEnd(b, i, end);
      if (pe < 0 || pe - i > PORT_DIGITS) return false;
      for (let k = i; k < pe; k++) if (!isDigit(b[k]!)) return false;
      const port = digits(b, i, pe - i);
      if (port < PORT_MIN || port > PORT_MAX) return false;
      i = pe;
    } else if (f === TOTAL_MS) {
      i = plainNumberEnd(b, i, end);
      if (i < 0) return false;
    } else if (f === STEPS && c === OPEN) {
      i = stepsEnd(b, i, end, out);
      if (i < 0) return false;
    } else return false;
    const isString = ve >= 0;
    const isNullValue = vs < 0;
    switch (f) {
      case V:
      case PORT:
      case TOTAL_MS:
      case STEPS:
        if (isString || isNullValue) return false;
        break;
      case DEVICE:
        if (!isString || out.escaped || ve === vs || !fits(b, vs, ve, DEVICE_MAX, out)) return false;
        out.deviceStart = vs;
        out.deviceEnd = ve;
        out.deviceHash = out.hashed;
        break;
      case SERVER:
        if (!isString || out.escaped || ve === vs || !fits(b, vs, ve, SERVER_MAX, out)) return false;
        out.serverStart = vs;
        out.serverEnd = ve;
        serverHash = out.hashed;
        break;
      case OS:
        if (!isString || out.escaped || !fits(b, vs, ve, OS_MAX, out)) return false;
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
        if (out.escaped || !fits(b, vs, ve, SUBNET_MAX, out)) return false;
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
        if (out.escaped || !fits(b, vs, ve, KDC_MAX, out)) return false;
        out.kdcStart = vs;
        out.kdcEnd = ve;
        kdcHash = out.hashed;
        break;
      case USER:
        if (isString && !fits(b, vs, ve, USER_MAX, out)) return false;
        break;
      case ADDRESS:
        if (isString && !fits(b, vs, ve, ADDRESS_MAX, out)) return false;
        break;
      case TOOL:
        if (!isString || !fits(b, vs, ve, TOOL_MAX, out)) return false;
        break;
      case VERDICT: {
        if (!isString || out.escaped) return false;
        const verdict = VERDICTS.get(b, vs, ve);
        if (verdict < 0) return false;
        out.fail = verdict === FAIL_VERDICT;
        break;
      }
      case CODE:
        if (isNullValue) {
          out.code = -1;
          break;
        }
        if (out.escaped || (out.code = CODES.get(b, vs, ve)) < 0) return false;
        break;
      case FLOW:
        if (isNullValue) {
          out.flow = -1;
          break;
        }
        if (out.escaped || (out.flow = FLOWS.get(b, vs, ve)) < 0) return false;
        break;
      case FAILED_STEP:
        if (!isNullValue && (out.escaped || STEPS_WORDS.get(b, vs, ve) < 0)) return false;
        break;
    }
    i = skipWs(b, i, end);
    if (b[i] === COMMA) {
      i = skipWs(b, i + 1, end);
      continue;
    }
    if (b[i] !== CLOSE || seen !== ALL_FIELDS || skipWs(b, i + 1, end) !== end) return false;
    let h = Math.imul(osHash, 0x01000193) ^ subnetHash;
    h = Math.imul(h, 0x01000193) ^ kdcHash;
    h = Math.imul(h, 0x01000193) ^ serverHash;
    out.comboHash = Math.imul(h, 0x01000193) ^ ((out.code + 1) * 64 + (out.flow + 1) * 2 + (out.fail ? 1 : 0));
    return true;
  }
}
