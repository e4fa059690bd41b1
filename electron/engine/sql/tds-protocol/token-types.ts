// The token stream of a tabular response (MS-TDS 2.2.7): every token starts with its type byte. These
// constants and the length-prefixed body helper are shared by the one-file-per-token readers and writers.
import { ParseError } from '../../errors';
import { readBytes, readU16LE, u16le, NeedMoreBytes, type Read } from './bytes';

export const TOKEN = {
  COLMETADATA: 0x81,
  ERROR: 0xaa,
  INFO: 0xab,
  LOGINACK: 0xad,
  ROW: 0xd1,
  ENVCHANGE: 0xe3,
  SSPI: 0xed,
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
} as const;

/** Writes a token whose body follows a 2-byte length (LOGINACK, ENVCHANGE, ERROR, INFO). */
export function withLength16(type: number, body: Buffer): Buffer {
  if (body.length > 0xffff) throw new ParseError('TDS_TOO_LONG', `token body of ${body.length} bytes`);
  return Buffer.concat([Buffer.from([type]), u16le(body.length), body]);
}

/**
 * Reads a 2-byte-length-prefixed token body (the offset is just past the type byte). The whole body must be
 * present first (NeedMoreBytes otherwise); its fields are then read from a view that ends with the body, so a
 * field that claims more than the token's own length is refused (TDS_TOKEN_INVALID), never read from the next
 * token. The fields must fill the body exactly.
 */
export function readLength16Body<T>(
  buf: Buffer,
  offset: number,
  what: string,
  readFields: (body: Buffer, start: number) => Read<T>,
): Read<T> {
  const length = readU16LE(buf, offset);
  const end = readBytes(buf, length.offset, length.value).offset;
  let fields: Read<T>;
  try {
    fields = readFields(buf.subarray(0, end), length.offset);
  } catch (err) {
    if (!(err instanceof NeedMoreBytes)) throw err;
    throw new ParseError('TDS_TOKEN_INVALID', `${what} fields run past the token length`, offset);
  }
  if (fields.offset !== end)
    throw new ParseError('TDS_TOKEN_INVALID', `${what} length does not match its fields`, offset);
  return { value: fields.value, offset: end };
}
