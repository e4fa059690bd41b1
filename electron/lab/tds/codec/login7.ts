// LOGIN7 payload (MS-TDS 2.2.6.4): a fixed part of scalars and (offset, length) pairs into the variable
// part — 86 bytes as TDS 7.0/7.1 clients send it, 94 from TDS 7.2 on (ibChangePassword/cchChangePassword
// and cbSSPILong were added there). An empty field may carry any offset, 0 included, as FreeTDS sends it. Integrated security sets OptionFlags2 0x80 and carries the GSS/SSPI token at
// ibSSPI/cbSSPI; a token of 65535 bytes or more sets cbSSPI to 0xFFFF and the real length in cbSSPILong.
// The password is never decoded: this server only does integrated security, and secrets stay out.
import { ParseError } from '../../../engine/errors';

export const LOGIN7_FIXED_LENGTH = 94;
/** The TDS 7.0/7.1 fixed part: everything up to ibAtchDBFile/cchAtchDBFile. */
export const LOGIN7_FIXED_LENGTH_7_1 = 86;
export const TDS_VERSION_7_1 = 0x71000001;
export const OPTION_FLAGS2_INTEGRATED_SECURITY = 0x80;
export const TDS_VERSION_7_4 = 0x74000004;

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

export function readLogin7(payload: Buffer): Login7 {
  if (payload.length < LOGIN7_FIXED_LENGTH_7_1)
    fail(`LOGIN7 of ${payload.length} bytes is shorter than its fixed part`);
  const fixedLength = login7FixedLength(payload.readUInt32LE(4));
  if (payload.length < fixedLength)
    fail(`LOGIN7 of ${payload.length} bytes is shorter than its ${fixedLength}-byte fixed part`);
  const length = payload.readUInt32LE(0);
  if (length < fixedLength || length > payload.length)
    fail(`LOGIN7 length field ${length} does not match the ${payload.length} bytes received`, 0);
  const body = payload.subarray(0, length);
  const span = (at: number, bytesPerUnit: 1 | 2): { ib: number; n: number } => {
    const ib = body.readUInt16LE(at);
    const n = body.readUInt16LE(at + 2) * bytesPerUnit;
    if (n > 0 && (ib < fixedLength || ib + n > length)) fail(`field at ${at} points outside the LOGIN7 record`, at);
    return { ib, n };
  };
  const text = (at: number): string => {
    const { ib, n } = span(at, 2);
    return body.toString('utf16le', ib, ib + n);
  };
  const optionFlags2 = body.readUInt8(25);
  let sspi = Buffer.alloc(0);
  {
    const ib = body.readUInt16LE(78);
    let n = body.readUInt16LE(80);
    if (n === 0xffff && fixedLength >= LOGIN7_FIXED_LENGTH) {
      const long = body.readUInt32LE(90);
      if (long !== 0) n = long;
    }
    if (n > 0) {
      if (ib < fixedLength || ib + n > length)
        fail(`SSPI token of ${n} bytes at ${ib} runs past the LOGIN7 record`, 78);
      sspi = Buffer.from(body.subarray(ib, ib + n));
    }
  }
  return {
    tdsVersion: body.readUInt32LE(4),
    packetSize: body.readUInt32LE(8),
    clientProgVer: body.readUInt32LE(12),
    clientPid: body.readUInt32LE(16),
    connectionId: body.readUInt32LE(20),
    optionFlags1: body.readUInt8(24),
    optionFlags2,
    typeFlags: body.readUInt8(26),
    optionFlags3: body.readUInt8(27),
    integratedSecurity: (optionFlags2 & OPTION_FLAGS2_INTEGRATED_SECURITY) !== 0,
    hostName: text(36),
    userName: text(40),
    hasPassword: span(44, 2).n > 0,
    appName: text(48),
    serverName: text(52),
    libraryName: text(60),
    language: text(64),
    database: text(68),
    sspi,
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

/** Builds a LOGIN7 payload (used by test clients; the layout mirrors what drivers send): the 86-byte
 *  fixed part for a TDS 7.0/7.1 version, else the 94-byte one. */
export function writeLogin7(input: Login7Input): Buffer {
  const tdsVersion = input.tdsVersion ?? TDS_VERSION_7_4;
  const fixedLength = login7FixedLength(tdsVersion);
  const fixed = Buffer.alloc(fixedLength);
  const parts: Buffer[] = [];
  let at = fixedLength;
  const put = (slot: number, s: string | undefined): void => {
    const b = Buffer.from(s ?? '', 'utf16le');
    fixed.writeUInt16LE(b.length === 0 && input.emptyAtZero ? 0 : at, slot);
    fixed.writeUInt16LE(b.length / 2, slot + 2);
    parts.push(b);
    at += b.length;
  };
  fixed.writeUInt32LE(tdsVersion, 4);
  fixed.writeUInt32LE(input.packetSize ?? 4096, 8);
  fixed.writeUInt32LE(0x07000000, 12);
  fixed.writeUInt32LE(process.pid, 16);
  fixed.writeUInt8(0xe0, 24);
  fixed.writeUInt8(0x03 | (input.sspi ? OPTION_FLAGS2_INTEGRATED_SECURITY : 0), 25);
  fixed.writeUInt32LE(0x0409, 32);
  put(36, input.hostName ?? 'lab-client');
  put(40, input.userName);
  put(44, undefined);
  put(48, input.appName ?? 'kerbprobe-lab-test');
  put(52, input.serverName);
  fixed.writeUInt16LE(input.emptyAtZero ? 0 : at, 56); // no feature extension
  put(60, input.libraryName ?? 'kerbprobe');
  put(64, input.language);
  put(68, input.database);
  put(82, undefined);
  if (fixedLength >= LOGIN7_FIXED_LENGTH) put(86, undefined);
  // The token goes last so every USHORT offset stays below 64 KiB even when it needs cbSSPILong.
  const sspi = input.sspi ?? Buffer.alloc(0);
  if (fixedLength < LOGIN7_FIXED_LENGTH && sspi.length >= 0xffff)
    throw new RangeError('a TDS 7.1 LOGIN7 carries at most 65534 token bytes');
  fixed.writeUInt16LE(sspi.length ? at : 0, 78);
  fixed.writeUInt16LE(sspi.length >= 0xffff ? 0xffff : sspi.length, 80);
  parts.push(sspi);
  if (fixedLength >= LOGIN7_FIXED_LENGTH) fixed.writeUInt32LE(sspi.length >= 0xffff ? sspi.length : 0, 90);
  const out = Buffer.concat([fixed, ...parts]);
  out.writeUInt32LE(out.length, 0);
  return out;
}
