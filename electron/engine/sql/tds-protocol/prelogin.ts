// PRELOGIN (MS-TDS 2.2.6.5): an option table of { token, offset BE16, length BE16 } ended by
// 0xFF, then the option data. Offsets are from the payload start and must point past the table.
import { ParseError } from '../../errors';

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

interface OptionEntry {
  token: number;
  at: number;
  length: number;
}

/** The option table: entries up to the 0xFF terminator, each pointing past the table and inside the payload. */
function readOptionTable(payload: Buffer): OptionEntry[] {
  const seen = new Set<number>();
  const entries: OptionEntry[] = [];
  let offset = 0;
  for (;;) {
    if (offset >= payload.length) fail('option table is not terminated', offset);
    const token = payload[offset]!;
    if (token === PRELOGIN_OPTION.TERMINATOR) break;
    if (offset + 5 > payload.length) fail('truncated option entry', offset);
    if (seen.has(token)) fail(`duplicate option 0x${token.toString(16)}`, offset);
    seen.add(token);
    entries.push({ token, at: payload.readUInt16BE(offset + 1), length: payload.readUInt16BE(offset + 3) });
    offset += 5;
  }
  const tableEnd = offset + 1;
  for (const { token, at, length } of entries) {
    if (at < tableEnd || at + length > payload.length)
      fail(`option 0x${token.toString(16)} points outside the payload`, at);
  }
  return entries;
}

function readOption(into: Prelogin, { token, at, length }: OptionEntry, data: Buffer): void {
  switch (token) {
    case PRELOGIN_OPTION.VERSION:
      if (length < 6) fail('VERSION option shorter than 6 bytes', at);
      into.version = { major: data[0]!, minor: data[1]!, build: data.readUInt16BE(2), subbuild: data.readUInt16BE(4) };
      break;
    case PRELOGIN_OPTION.ENCRYPTION:
      if (length !== 1) fail('ENCRYPTION option is not 1 byte', at);
      into.encryption = data[0]!;
      break;
    case PRELOGIN_OPTION.INSTOPT:
      into.instance = Buffer.from(data);
      break;
    case PRELOGIN_OPTION.THREADID:
      if (length >= 4) into.threadId = data.readUInt32BE(0);
      break;
    case PRELOGIN_OPTION.MARS:
      if (length >= 1) into.mars = data[0]!;
      break;
    case PRELOGIN_OPTION.TRACEID:
      into.traceId = Buffer.from(data);
      break;
    case PRELOGIN_OPTION.FEDAUTHREQUIRED:
      if (length >= 1) into.fedAuthRequired = data[0]!;
      break;
    default:
      break; // unknown options are skipped, as servers do
  }
}

/** Parses a complete PRELOGIN payload (it arrives as one message, so truncation is an error here). */
export function readPrelogin(payload: Buffer): Prelogin {
  const prelogin: Prelogin = {};
  for (const entry of readOptionTable(payload))
    readOption(prelogin, entry, payload.subarray(entry.at, entry.at + entry.length));
  return prelogin;
}

function optionsOf(prelogin: Prelogin): { token: number; data: Buffer }[] {
  const options: { token: number; data: Buffer }[] = [];
  const { version } = prelogin;
  if (version) {
    const data = Buffer.alloc(6);
    data.writeUInt8(version.major, 0);
    data.writeUInt8(version.minor, 1);
    data.writeUInt16BE(version.build, 2);
    data.writeUInt16BE(version.subbuild, 4);
    options.push({ token: PRELOGIN_OPTION.VERSION, data });
  }
  const byte = (value: number) => Buffer.from([value]);
  if (prelogin.encryption !== undefined)
    options.push({ token: PRELOGIN_OPTION.ENCRYPTION, data: byte(prelogin.encryption) });
  if (prelogin.instance) options.push({ token: PRELOGIN_OPTION.INSTOPT, data: prelogin.instance });
  if (prelogin.threadId !== undefined) {
    const data = Buffer.alloc(4);
    data.writeUInt32BE(prelogin.threadId >>> 0);
    options.push({ token: PRELOGIN_OPTION.THREADID, data });
  }
  if (prelogin.mars !== undefined) options.push({ token: PRELOGIN_OPTION.MARS, data: byte(prelogin.mars) });
  if (prelogin.traceId) options.push({ token: PRELOGIN_OPTION.TRACEID, data: prelogin.traceId });
  if (prelogin.fedAuthRequired !== undefined)
    options.push({ token: PRELOGIN_OPTION.FEDAUTHREQUIRED, data: byte(prelogin.fedAuthRequired) });
  return options;
}

/** The option table (5 bytes an option, then 0xFF), then the options' data in the same order. */
export function writePrelogin(prelogin: Prelogin): Buffer {
  const options = optionsOf(prelogin);
  const table = Buffer.alloc(options.length * 5 + 1);
  let dataAt = table.length;
  options.forEach((option, index) => {
    table.writeUInt8(option.token, index * 5);
    table.writeUInt16BE(dataAt, index * 5 + 1);
    table.writeUInt16BE(option.data.length, index * 5 + 3);
    dataAt += option.data.length;
  });
  table.writeUInt8(PRELOGIN_OPTION.TERMINATOR, options.length * 5);
  return Buffer.concat([table, ...options.map((option) => option.data)]);
}
