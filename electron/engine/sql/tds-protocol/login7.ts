// LOGIN7 (MS-TDS 2.2.6.4): a fixed part of scalars and (offset, length) pairs into the variable part: 86
// bytes as TDS 7.0/7.1 clients send it, 94 from TDS 7.2 on (ibChangePassword/cchChangePassword and
// cbSSPILong were added there). An empty field may carry any offset, 0 included, as FreeTDS sends it.
// Integrated security sets OptionFlags2 0x80 (fIntSecurity) and carries the GSS/SSPI token at
// ibSSPI/cbSSPI; a token of 65535 bytes or more sets cbSSPI to 0xFFFF and the real length in cbSSPILong.
// The password is never decoded: only integrated security is spoken here, and secrets stay out.
import { ParseError } from '../../errors';

export const LOGIN7_FIXED_LENGTH = 94;
/** The TDS 7.0/7.1 fixed part: everything up to ibAtchDBFile/cchAtchDBFile. */
export const LOGIN7_FIXED_LENGTH_7_1 = 86;
export const TDS_VERSION_7_1 = 0x71000001;
export const TDS_VERSION_7_4 = 0x74000004;
export const OPTION_FLAGS2_INTEGRATED_SECURITY = 0x80;

/** Where each field of the fixed part sits (byte offsets from the start of the LOGIN7 payload). */
export const LOGIN7_OFFSET = {
  LENGTH: 0,
  TDS_VERSION: 4,
  PACKET_SIZE: 8,
  CLIENT_PROG_VER: 12,
  CLIENT_PID: 16,
  CONNECTION_ID: 20,
  OPTION_FLAGS1: 24,
  OPTION_FLAGS2: 25,
  TYPE_FLAGS: 26,
  OPTION_FLAGS3: 27,
  CLIENT_LCID: 32,
  HOST_NAME: 36,
  USER_NAME: 40,
  PASSWORD: 44,
  APP_NAME: 48,
  SERVER_NAME: 52,
  EXTENSION: 56,
  LIBRARY_NAME: 60,
  LANGUAGE: 64,
  DATABASE: 68,
  IB_SSPI: 78,
  CB_SSPI: 80,
  ATTACH_DB_FILE: 82,
  CHANGE_PASSWORD: 86,
  CB_SSPI_LONG: 90,
} as const;

/** cbSSPI's value when the token's length is in cbSSPILong. */
export const CB_SSPI_USE_LONG = 0xffff;

export interface Login7 {
  tdsVersion: number;
  packetSize: number;
  clientProgVer: number;
  clientPid: number;
  connectionId: number;
  optionFlags1: number;
  optionFlags2: number;
  typeFlags: number;
  optionFlags3: number;
  integratedSecurity: boolean;
  hostName: string;
  userName: string;
  /** Only whether one was sent: the scrambled password itself is never read. */
  hasPassword: boolean;
  appName: string;
  serverName: string;
  libraryName: string;
  language: string;
  database: string;
  sspi: Buffer;
}

function fail(message: string, offset?: number): never {
  throw new ParseError('TDS_LOGIN7_INVALID', message, offset);
}

/** The fixed part's length for the TDSVersion a client sends: 86 bytes for TDS 7.0 and 7.1, else 94. */
export function login7FixedLength(tdsVersion: number): number {
  const major = tdsVersion >>> 24;
  return major === 0x70 || major === 0x71 ? LOGIN7_FIXED_LENGTH_7_1 : LOGIN7_FIXED_LENGTH;
}

/** The LOGIN7 record (Length bytes of the payload), refused unless its length and fixed part fit. */
function readRecord(payload: Buffer): { record: Buffer; fixedLength: number } {
  if (payload.length < LOGIN7_FIXED_LENGTH_7_1)
    fail(`LOGIN7 of ${payload.length} bytes is shorter than its fixed part`);
  const fixedLength = login7FixedLength(payload.readUInt32LE(LOGIN7_OFFSET.TDS_VERSION));
  if (payload.length < fixedLength)
    fail(`LOGIN7 of ${payload.length} bytes is shorter than its ${fixedLength}-byte fixed part`);
  const length = payload.readUInt32LE(LOGIN7_OFFSET.LENGTH);
  if (length < fixedLength || length > payload.length)
    fail(`LOGIN7 length field ${length} does not match the ${payload.length} bytes received`, LOGIN7_OFFSET.LENGTH);
  return { record: payload.subarray(0, length), fixedLength };
}

/** An (offset, count) pair of the fixed part as a byte range inside the record, or a refusal. */
function fieldRange(record: Buffer, fixedLength: number, slot: number, bytesPerUnit: 1 | 2) {
  const start = record.readUInt16LE(slot);
  const byteLength = record.readUInt16LE(slot + 2) * bytesPerUnit;
  if (byteLength > 0 && (start < fixedLength || start + byteLength > record.length))
    fail(`field at ${slot} points outside the LOGIN7 record`, slot);
  return { start, byteLength };
}

function readSspi(record: Buffer, fixedLength: number): Buffer {
  const start = record.readUInt16LE(LOGIN7_OFFSET.IB_SSPI);
  let byteLength = record.readUInt16LE(LOGIN7_OFFSET.CB_SSPI);
  if (byteLength === CB_SSPI_USE_LONG && fixedLength >= LOGIN7_FIXED_LENGTH) {
    const long = record.readUInt32LE(LOGIN7_OFFSET.CB_SSPI_LONG);
    if (long !== 0) byteLength = long;
  }
  if (byteLength === 0) return Buffer.alloc(0);
  if (start < fixedLength || start + byteLength > record.length)
    fail(`SSPI token of ${byteLength} bytes at ${start} runs past the LOGIN7 record`, LOGIN7_OFFSET.IB_SSPI);
  return Buffer.from(record.subarray(start, start + byteLength));
}

export function readLogin7(payload: Buffer): Login7 {
  const { record, fixedLength } = readRecord(payload);
  const text = (slot: number): string => {
    const { start, byteLength } = fieldRange(record, fixedLength, slot, 2);
    return record.toString('utf16le', start, start + byteLength);
  };
  const optionFlags2 = record.readUInt8(LOGIN7_OFFSET.OPTION_FLAGS2);
  return {
    tdsVersion: record.readUInt32LE(LOGIN7_OFFSET.TDS_VERSION),
    packetSize: record.readUInt32LE(LOGIN7_OFFSET.PACKET_SIZE),
    clientProgVer: record.readUInt32LE(LOGIN7_OFFSET.CLIENT_PROG_VER),
    clientPid: record.readUInt32LE(LOGIN7_OFFSET.CLIENT_PID),
    connectionId: record.readUInt32LE(LOGIN7_OFFSET.CONNECTION_ID),
    optionFlags1: record.readUInt8(LOGIN7_OFFSET.OPTION_FLAGS1),
    optionFlags2,
    typeFlags: record.readUInt8(LOGIN7_OFFSET.TYPE_FLAGS),
    optionFlags3: record.readUInt8(LOGIN7_OFFSET.OPTION_FLAGS3),
    integratedSecurity: (optionFlags2 & OPTION_FLAGS2_INTEGRATED_SECURITY) !== 0,
    hostName: text(LOGIN7_OFFSET.HOST_NAME),
    userName: text(LOGIN7_OFFSET.USER_NAME),
    hasPassword: fieldRange(record, fixedLength, LOGIN7_OFFSET.PASSWORD, 2).byteLength > 0,
    appName: text(LOGIN7_OFFSET.APP_NAME),
    serverName: text(LOGIN7_OFFSET.SERVER_NAME),
    libraryName: text(LOGIN7_OFFSET.LIBRARY_NAME),
    language: text(LOGIN7_OFFSET.LANGUAGE),
    database: text(LOGIN7_OFFSET.DATABASE),
    sspi: readSspi(record, fixedLength),
  };
}

export interface Login7Input {
  tdsVersion?: number;
  packetSize?: number;
  hostName?: string;
  appName?: string;
  serverName?: string;
  libraryName?: string;
  language?: string;
  database?: string;
  userName?: string;
  sspi?: Buffer;
  /** Empty fields get offset 0 rather than the running offset (as FreeTDS sends them). */
  emptyAtZero?: boolean;
}

/**
 * A LOGIN7 payload as test clients and hostile peers send it (the layout mirrors what drivers send): the
 * 86-byte fixed part for a TDS 7.0/7.1 version, else the 94-byte one; the token goes last so every 2-byte
 * offset stays below 64 KiB even when it needs cbSSPILong.
 */
export function writeLogin7(input: Login7Input): Buffer {
  const tdsVersion = input.tdsVersion ?? TDS_VERSION_7_4;
  const fixedLength = login7FixedLength(tdsVersion);
  const fixed = Buffer.alloc(fixedLength);
  const parts: Buffer[] = [];
  let variableAt = fixedLength;
  const put = (slot: number, value: string | undefined): void => {
    const bytes = Buffer.from(value ?? '', 'utf16le');
    fixed.writeUInt16LE(bytes.length === 0 && input.emptyAtZero ? 0 : variableAt, slot);
    fixed.writeUInt16LE(bytes.length / 2, slot + 2);
    parts.push(bytes);
    variableAt += bytes.length;
  };
  fixed.writeUInt32LE(tdsVersion, LOGIN7_OFFSET.TDS_VERSION);
  fixed.writeUInt32LE(input.packetSize ?? 4096, LOGIN7_OFFSET.PACKET_SIZE);
  fixed.writeUInt32LE(0x07000000, LOGIN7_OFFSET.CLIENT_PROG_VER);
  fixed.writeUInt32LE(process.pid, LOGIN7_OFFSET.CLIENT_PID);
  fixed.writeUInt8(0xe0, LOGIN7_OFFSET.OPTION_FLAGS1);
  const integrated = input.sspi ? OPTION_FLAGS2_INTEGRATED_SECURITY : 0;
  fixed.writeUInt8(0x03 | integrated, LOGIN7_OFFSET.OPTION_FLAGS2);
  fixed.writeUInt32LE(0x0409, LOGIN7_OFFSET.CLIENT_LCID);
  put(LOGIN7_OFFSET.HOST_NAME, input.hostName ?? 'kerbprobe-client');
  put(LOGIN7_OFFSET.USER_NAME, input.userName);
  put(LOGIN7_OFFSET.PASSWORD, undefined);
  put(LOGIN7_OFFSET.APP_NAME, input.appName ?? 'kerbprobe-test');
  put(LOGIN7_OFFSET.SERVER_NAME, input.serverName);
  fixed.writeUInt16LE(input.emptyAtZero ? 0 : variableAt, LOGIN7_OFFSET.EXTENSION); // no feature extension
  put(LOGIN7_OFFSET.LIBRARY_NAME, input.libraryName ?? 'kerbprobe');
  put(LOGIN7_OFFSET.LANGUAGE, input.language);
  put(LOGIN7_OFFSET.DATABASE, input.database);
  put(LOGIN7_OFFSET.ATTACH_DB_FILE, undefined);
  if (fixedLength >= LOGIN7_FIXED_LENGTH) put(LOGIN7_OFFSET.CHANGE_PASSWORD, undefined);
  const sspi = input.sspi ?? Buffer.alloc(0);
  if (fixedLength < LOGIN7_FIXED_LENGTH && sspi.length >= CB_SSPI_USE_LONG)
    throw new RangeError('a TDS 7.1 LOGIN7 carries at most 65534 token bytes');
  fixed.writeUInt16LE(sspi.length ? variableAt : 0, LOGIN7_OFFSET.IB_SSPI);
  fixed.writeUInt16LE(Math.min(sspi.length, CB_SSPI_USE_LONG), LOGIN7_OFFSET.CB_SSPI);
  parts.push(sspi);
  if (fixedLength >= LOGIN7_FIXED_LENGTH)
    fixed.writeUInt32LE(sspi.length >= CB_SSPI_USE_LONG ? sspi.length : 0, LOGIN7_OFFSET.CB_SSPI_LONG);
  const payload = Buffer.concat([fixed, ...parts]);
  payload.writeUInt32LE(payload.length, LOGIN7_OFFSET.LENGTH);
  return payload;
}
