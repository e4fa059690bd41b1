// COLMETADATA and ROW (MS-TDS 2.2.7.4, 2.2.7.20) for the two column types a test server answers with:
// NVARCHAR (0xE7: max length in bytes, 5-byte collation; a value is a 2-byte byte count, 0xFFFF = NULL) and
// INTN of 4 bytes (0x26; a value is a 1-byte size, 0 = NULL, then an INT4). A ROW is read against the
// columns of the COLMETADATA before it.
import { ParseError } from '../../errors';
import {
  bVarChar,
  readBVarChar,
  readBytes,
  readI32LE,
  readU16LE,
  readU32LE,
  readU8,
  u16le,
  u32le,
  usVarByte,
} from './bytes';
import type { Read } from './bytes';
import { DEFAULT_COLLATION } from './env-change-token';
import { TOKEN } from './token-types';

export const DATA_TYPE = { INT4: 0x38, INTN: 0x26, NVARCHAR: 0xe7 } as const;
const NULL_USHORT = 0xffff;
const COLUMN_FLAG_NULLABLE = 0x0001;

export type Column = { name: string; type: 'nvarchar'; maxChars: number } | { name: string; type: 'int' };
export type Cell = string | number | null;

export function colMetadataToken(columns: Column[]): Buffer {
  const parts: Buffer[] = [Buffer.from([TOKEN.COLMETADATA]), u16le(columns.length)];
  for (const column of columns) {
    parts.push(u32le(0), u16le(COLUMN_FLAG_NULLABLE));
    if (column.type === 'nvarchar')
      parts.push(Buffer.from([DATA_TYPE.NVARCHAR]), u16le(Math.min(column.maxChars * 2, 8000)), DEFAULT_COLLATION);
    else parts.push(Buffer.from([DATA_TYPE.INTN, 4]));
    parts.push(bVarChar(column.name));
  }
  return Buffer.concat(parts);
}

function readColumn(buf: Buffer, offset: number): Read<Column> {
  const userType = readU32LE(buf, offset);
  const flags = readU16LE(buf, userType.offset);
  const type = readU8(buf, flags.offset);
  if (type.value === DATA_TYPE.NVARCHAR) {
    const maxBytes = readU16LE(buf, type.offset);
    const collation = readBytes(buf, maxBytes.offset, DEFAULT_COLLATION.length);
    const name = readBVarChar(buf, collation.offset);
    return { value: { name: name.value, type: 'nvarchar', maxChars: maxBytes.value / 2 }, offset: name.offset };
  }
  if (type.value === DATA_TYPE.INTN) {
    const size = readU8(buf, type.offset);
    if (size.value !== 4) throw new ParseError('TDS_TOKEN_UNSUPPORTED', `INTN of size ${size.value}`, size.offset);
    const name = readBVarChar(buf, size.offset);
    return { value: { name: name.value, type: 'int' }, offset: name.offset };
  }
  throw new ParseError('TDS_TOKEN_UNSUPPORTED', `column type 0x${type.value.toString(16)}`, flags.offset);
}

/** `offset` is just past the type byte. A count of 0xFFFF means "no metadata". */
export function readColMetadataToken(buf: Buffer, offset: number): Read<Column[]> {
  const count = readU16LE(buf, offset);
  const columns: Column[] = [];
  let at = count.offset;
  if (count.value === NULL_USHORT) return { value: columns, offset: at };
  for (let index = 0; index < count.value; index++) {
    const column = readColumn(buf, at);
    columns.push(column.value);
    at = column.offset;
  }
  return { value: columns, offset: at };
}

function cellBytes(column: Column, cell: Cell): Buffer {
  if (column.type === 'nvarchar')
    return cell === null
      ? u16le(NULL_USHORT)
      : usVarByte(Buffer.from(String(cell).slice(0, column.maxChars), 'utf16le'));
  if (cell === null) return Buffer.from([0]);
  const intn = Buffer.alloc(5);
  intn.writeUInt8(4, 0);
  intn.writeInt32LE(Number(cell), 1);
  return intn;
}

export function rowToken(columns: Column[], cells: Cell[]): Buffer {
  return Buffer.concat([
    Buffer.from([TOKEN.ROW]),
    ...columns.map((column, index) => cellBytes(column, cells[index] ?? null)),
  ]);
}

function readCell(buf: Buffer, offset: number, column: Column): Read<Cell> {
  if (column.type === 'nvarchar') {
    const length = readU16LE(buf, offset);
    if (length.value === NULL_USHORT) return { value: null, offset: length.offset };
    const text = readBytes(buf, length.offset, length.value);
    return { value: text.value.toString('utf16le'), offset: text.offset };
  }
  const size = readU8(buf, offset);
  if (size.value === 0) return { value: null, offset: size.offset };
  if (size.value !== 4) throw new ParseError('TDS_TOKEN_INVALID', `INTN value of size ${size.value}`, offset);
  const value = readI32LE(buf, size.offset);
  return { value: value.value, offset: value.offset };
}

/** `offset` is just past the type byte. */
export function readRowToken(buf: Buffer, offset: number, columns: Column[]): Read<Cell[]> {
  const cells: Cell[] = [];
  let at = offset;
  for (const column of columns) {
    const cell = readCell(buf, at, column);
    cells.push(cell.value);
    at = cell.offset;
  }
  return { value: cells, offset: at };
}
