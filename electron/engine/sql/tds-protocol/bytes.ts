// Pure readers of the shape (buf, offset) → { value, offset }. A reader that runs past the end of the
// buffer throws NeedMoreBytes (the caller may wait for more input); a reader that finds bytes it can
// never accept throws a ParseError with a stable code. The two are kept distinct on purpose: a stream
// assembler waits on the first and closes the connection on the second.
import { ParseError } from '../../errors';

export class NeedMoreBytes extends Error {
  /** Total number of bytes the buffer must hold (from its start) before the read can succeed. */
  readonly needed: number;
  constructor(needed: number) {
    super(`need ${needed} bytes`);
    this.name = 'NeedMoreBytes';
    this.needed = needed;
  }
}

export interface Read<T> {
  value: T;
  offset: number;
}

function need(buf: Buffer, offset: number, n: number): void {
  if (offset < 0) throw new ParseError('TDS_BAD_OFFSET', 'negative offset', offset);
  if (buf.length < offset + n) throw new NeedMoreBytes(offset + n);
}

export function readU8(buf: Buffer, offset: number): Read<number> {
  need(buf, offset, 1);
  return { value: buf.readUInt8(offset), offset: offset + 1 };
}
export function readU16LE(buf: Buffer, offset: number): Read<number> {
  need(buf, offset, 2);
  return { value: buf.readUInt16LE(offset), offset: offset + 2 };
}
export function readU32LE(buf: Buffer, offset: number): Read<number> {
  need(buf, offset, 4);
  return { value: buf.readUInt32LE(offset), offset: offset + 4 };
}
export function readI32LE(buf: Buffer, offset: number): Read<number> {
  need(buf, offset, 4);
  return { value: buf.readInt32LE(offset), offset: offset + 4 };
}
export function readU32BE(buf: Buffer, offset: number): Read<number> {
  need(buf, offset, 4);
  return { value: buf.readUInt32BE(offset), offset: offset + 4 };
}
export function readU64LE(buf: Buffer, offset: number): Read<bigint> {
  need(buf, offset, 8);
  return { value: buf.readBigUInt64LE(offset), offset: offset + 8 };
}
export function readBytes(buf: Buffer, offset: number, n: number): Read<Buffer> {
  need(buf, offset, n);
  return { value: Buffer.from(buf.subarray(offset, offset + n)), offset: offset + n };
}
/** B_VARCHAR: 1-byte character count, UCS-2LE characters. */
export function readBVarChar(buf: Buffer, offset: number): Read<string> {
  const n = readU8(buf, offset);
  need(buf, n.offset, n.value * 2);
  return { value: buf.toString('utf16le', n.offset, n.offset + n.value * 2), offset: n.offset + n.value * 2 };
}
/** US_VARCHAR: 2-byte character count, UCS-2LE characters. */
export function readUsVarChar(buf: Buffer, offset: number): Read<string> {
  const n = readU16LE(buf, offset);
  need(buf, n.offset, n.value * 2);
  return { value: buf.toString('utf16le', n.offset, n.offset + n.value * 2), offset: n.offset + n.value * 2 };
}
/** B_VARBYTE: 1-byte length, bytes. */
export function readBVarByte(buf: Buffer, offset: number): Read<Buffer> {
  const n = readU8(buf, offset);
  return readBytes(buf, n.offset, n.value);
}
/** US_VARBYTE: 2-byte length, bytes. */
export function readUsVarByte(buf: Buffer, offset: number): Read<Buffer> {
  const n = readU16LE(buf, offset);
  return readBytes(buf, n.offset, n.value);
}

export function bVarChar(s: string): Buffer {
  const body = Buffer.from(s, 'utf16le');
  if (s.length > 255) throw new ParseError('TDS_TOO_LONG', `B_VARCHAR of ${s.length} characters`);
  return Buffer.concat([Buffer.from([s.length]), body]);
}
export function usVarChar(s: string): Buffer {
  const body = Buffer.from(s, 'utf16le');
  if (s.length > 0xffff) throw new ParseError('TDS_TOO_LONG', `US_VARCHAR of ${s.length} characters`);
  const len = Buffer.alloc(2);
  len.writeUInt16LE(s.length);
  return Buffer.concat([len, body]);
}
export function bVarByte(b: Buffer): Buffer {
  if (b.length > 255) throw new ParseError('TDS_TOO_LONG', `B_VARBYTE of ${b.length} bytes`);
  return Buffer.concat([Buffer.from([b.length]), b]);
}
export function usVarByte(b: Buffer): Buffer {
  if (b.length > 0xffff) throw new ParseError('TDS_TOO_LONG', `US_VARBYTE of ${b.length} bytes`);
  const len = Buffer.alloc(2);
  len.writeUInt16LE(b.length);
  return Buffer.concat([len, b]);
}
export function u16le(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
export function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
