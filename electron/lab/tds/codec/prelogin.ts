// PRELOGIN payload (MS-TDS 2.2.6.5): an option table of { token, offset BE16, length BE16 } ended by
// 0xFF, then the option data. Offsets are from the payload start and must point past the table.
import { ParseError } from '../../../engine/errors';

export const PRELOGIN_OPTION = {
  VERSION: 0x00,
  ENCRYPTION: 0x01,
  INSTOPT: 0x02,
  THREADID: 0x03,
  MARS: 0x04,
  TRACEID: 0x05,
  FEDAUTHREQUIRED: 0x06,
  NONCEOPT: 0x07,
  TERMINATOR: 0xff,
} as const;

export const ENCRYPT = { OFF: 0x00, ON: 0x01, NOT_SUP: 0x02, REQ: 0x03 } as const;

export interface PreloginVersion {
  major: number;
  minor: number;
  build: number;
  subbuild: number;
}

export interface Prelogin {
  version?: PreloginVersion;
  encryption?: number;
  instance?: Buffer;
  threadId?: number;
  mars?: number;
  traceId?: Buffer;
  fedAuthRequired?: number;
}

function fail(message: string, offset?: number): never {
  throw new ParseError('TDS_PRELOGIN_INVALID', message, offset);
}

/** Parses a complete PRELOGIN payload (it arrives as one message, so truncation is an error here). */
export function readPrelogin(payload: Buffer): Prelogin {
  const out: Prelogin = {};
  const seen = new Set<number>();
  const entries: { token: number; at: number; len: number }[] = [];
  let offset = 0;
  for (;;) {
    if (offset >= payload.length) fail('option table is not terminated', offset);
    const token = payload[offset]!;
    if (token === PRELOGIN_OPTION.TERMINATOR) {
      offset += 1;
      break;
    }
    if (offset + 5 > payload.length) fail('truncated option entry', offset);
    const at = payload.readUInt16BE(offset + 1);
    const len = payload.readUInt16BE(offset + 3);
    if (seen.has(token)) fail(`duplicate option 0x${token.toString(16)}`, offset);
    seen.add(token);
    entries.push({ token, at, len });
    offset += 5;
  }
  const tableEnd = offset;
  for (const { token, at, len } of entries) {
    if (at < tableEnd || at + len > payload.length)
      fail(`option 0x${token.toString(16)} points outside the payload`, at);
    const data = payload.subarray(at, at + len);
    switch (token) {
      case PRELOGIN_OPTION.VERSION:
        if (len < 6) fail('VERSION option shorter than 6 bytes', at);
        out.version = { major: data[0]!, minor: data[1]!, build: data.readUInt16BE(2), subbuild: data.readUInt16BE(4) };
        break;
      case PRELOGIN_OPTION.ENCRYPTION:
        if (len !== 1) fail('ENCRYPTION option is not 1 byte', at);
        out.encryption = data[0]!;
        break;
      case PRELOGIN_OPTION.INSTOPT:
        out.instance = Buffer.from(data);
        break;
      case PRELOGIN_OPTION.THREADID:
        if (len >= 4) out.threadId = data.readUInt32BE(0);
        break;
      case PRELOGIN_OPTION.MARS:
        if (len >= 1) out.mars = data[0]!;
        break;
      case PRELOGIN_OPTION.TRACEID:
        out.traceId = Buffer.from(data);
        break;
      case PRELOGIN_OPTION.FEDAUTHREQUIRED:
        if (len >= 1) out.fedAuthRequired = data[0]!;
        break;
      default:
        break; // unknown options are skipped, as servers do
    }
  }
  return out;
}

export function writePrelogin(p: Prelogin): Buffer {
  const opts: { token: number; data: Buffer }[] = [];
  if (p.version) {
    const v = Buffer.alloc(6);
    v.writeUInt8(p.version.major, 0);
    v.writeUInt8(p.version.minor, 1);
    v.writeUInt16BE(p.version.build, 2);
    v.writeUInt16BE(p.version.subbuild, 4);
    opts.push({ token: PRELOGIN_OPTION.VERSION, data: v });
  }
  if (p.encryption !== undefined) opts.push({ token: PRELOGIN_OPTION.ENCRYPTION, data: Buffer.from([p.encryption]) });
  if (p.instance) opts.push({ token: PRELOGIN_OPTION.INSTOPT, data: p.instance });
  if (p.threadId !== undefined) {
    const t = Buffer.alloc(4);
    t.writeUInt32BE(p.threadId >>> 0);
    opts.push({ token: PRELOGIN_OPTION.THREADID, data: t });
  }
  if (p.mars !== undefined) opts.push({ token: PRELOGIN_OPTION.MARS, data: Buffer.from([p.mars]) });
  if (p.traceId) opts.push({ token: PRELOGIN_OPTION.TRACEID, data: p.traceId });
  if (p.fedAuthRequired !== undefined)
    opts.push({ token: PRELOGIN_OPTION.FEDAUTHREQUIRED, data: Buffer.from([p.fedAuthRequired]) });
  const table = Buffer.alloc(opts.length * 5 + 1);
  let at = table.length;
  opts.forEach((o, i) => {
    table.writeUInt8(o.token, i * 5);
    table.writeUInt16BE(at, i * 5 + 1);
    table.writeUInt16BE(o.data.length, i * 5 + 3);
    at += o.data.length;
  });
  table.writeUInt8(PRELOGIN_OPTION.TERMINATOR, opts.length * 5);
  return Buffer.concat([table, ...opts.map((o) => o.data)]);
}
