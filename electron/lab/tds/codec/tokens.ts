// Response token stream (MS-TDS 2.2.7): writers and readers side by side for the tokens this lab server
// sends. Readers serve the tests and the lab's own probes; a reader never trusts a length beyond the
// bytes present (NeedMoreBytes) and rejects what it cannot represent (ParseError).
import { ParseError } from '../../../engine/errors';
import {
  bVarByte,
  bVarChar,
  readBVarByte,
  readBVarChar,
  readBytes,
  readI32LE,
  readU16LE,
  readU32BE,
  readU32LE,
  readU64LE,
  readU8,
  readUsVarByte,
  readUsVarChar,
  u16le,
  u32le,
  usVarByte,
  usVarChar,
  type Read,
} from './bytes';

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

export const DONE_STATUS = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, COUNT: 0x10, SRVERROR: 0x100 } as const;
export const CUR_CMD_SELECT = 0xc1;

export const ENVCHANGE_TYPE = { DATABASE: 1, LANGUAGE: 2, PACKET_SIZE: 4, SQL_COLLATION: 7, ROUTING: 20 } as const;

/** SQL_Latin1_General_CP1_CI_AS as the 5-byte TDS collation (LCID 0x0409, flags, sort id 52). */
export const DEFAULT_COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

export const TYPE = { INT4: 0x38, INTN: 0x26, NVARCHAR: 0xe7 } as const;

// ---------- writers ----------

function withLength16(type: number, body: Buffer): Buffer {
  if (body.length > 0xffff) throw new ParseError('TDS_TOO_LONG', `token body of ${body.length} bytes`);
  return Buffer.concat([Buffer.from([type]), u16le(body.length), body]);
}

export function sspiToken(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([TOKEN.SSPI]), usVarByte(data)]);
}

export interface LoginAck {
  interface: number;
  tdsVersion: number;
  progName: string;
  major: number;
  minor: number;
  buildHi: number;
  buildLow: number;
}

export function loginAckToken(a: LoginAck): Buffer {
  const v = Buffer.alloc(4);
  v.writeUInt32BE(a.tdsVersion >>> 0);
  return withLength16(
    TOKEN.LOGINACK,
    Buffer.concat([
      Buffer.from([a.interface]),
      v,
      bVarChar(a.progName),
      Buffer.from([a.major, a.minor, a.buildHi, a.buildLow]),
    ]),
  );
}

export function envChangeText(type: number, next: string, prev: string): Buffer {
  return withLength16(TOKEN.ENVCHANGE, Buffer.concat([Buffer.from([type]), bVarChar(next), bVarChar(prev)]));
}

export function envChangeCollation(next: Buffer, prev: Buffer = Buffer.alloc(0)): Buffer {
  return withLength16(
    TOKEN.ENVCHANGE,
    Buffer.concat([Buffer.from([ENVCHANGE_TYPE.SQL_COLLATION]), bVarByte(next), bVarByte(prev)]),
  );
}

export interface Routing {
  protocol: number;
  port: number;
  server: string;
}

/** ENVCHANGE 20: the Redirect policy's "reconnect there" (protocol 0 = TCP, port, server name). */
export function envChangeRouting(r: Routing): Buffer {
  const port = Buffer.alloc(2);
  port.writeUInt16LE(r.port);
  const value = Buffer.concat([Buffer.from([r.protocol]), port, usVarChar(r.server)]);
  return withLength16(
    TOKEN.ENVCHANGE,
    Buffer.concat([Buffer.from([ENVCHANGE_TYPE.ROUTING]), usVarByte(value), u16le(0)]),
  );
}

export interface ServerMessage {
  number: number;
  state: number;
  class: number;
  message: string;
  serverName: string;
  procName: string;
  lineNumber: number;
}

function messageToken(type: number, m: ServerMessage): Buffer {
  return withLength16(
    type,
    Buffer.concat([
      u32le(m.number),
      Buffer.from([m.state, m.class]),
      usVarChar(m.message),
      bVarChar(m.serverName),
      bVarChar(m.procName),
      u32le(m.lineNumber),
    ]),
  );
}
export const errorToken = (m: ServerMessage): Buffer => messageToken(TOKEN.ERROR, m);
export const infoToken = (m: ServerMessage): Buffer => messageToken(TOKEN.INFO, m);

export interface Done {
  status: number;
  curCmd: number;
  rowCount: bigint;
}

export function doneToken(d: Done, type: number = TOKEN.DONE): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt8(type, 0);
  b.writeUInt16LE(d.status, 1);
  b.writeUInt16LE(d.curCmd, 3);
  b.writeBigUInt64LE(d.rowCount, 5);
  return b;
}

export type Column = { name: string; type: 'nvarchar'; maxChars: number } | { name: string; type: 'int' };
export type Cell = string | number | null;

export function colMetadataToken(columns: Column[]): Buffer {
  const parts: Buffer[] = [Buffer.from([TOKEN.COLMETADATA]), u16le(columns.length)];
  for (const c of columns) {
    parts.push(u32le(0), u16le(0x0001 /* nullable */));
    if (c.type === 'nvarchar')
      parts.push(Buffer.from([TYPE.NVARCHAR]), u16le(Math.min(c.maxChars * 2, 8000)), DEFAULT_COLLATION);
    else parts.push(Buffer.from([TYPE.INTN, 4]));
    parts.push(bVarChar(c.name));
  }
  return Buffer.concat(parts);
}

export function rowToken(columns: Column[], cells: Cell[]): Buffer {
  const parts: Buffer[] = [Buffer.from([TOKEN.ROW])];
  columns.forEach((c, i) => {
    const v = cells[i] ?? null;
    if (c.type === 'nvarchar') {
      if (v === null) parts.push(u16le(0xffff));
      else parts.push(usVarByte(Buffer.from(String(v).slice(0, c.maxChars), 'utf16le')));
    } else if (v === null) parts.push(Buffer.from([0]));
    else {
      const n = Buffer.alloc(5);
      n.writeUInt8(4, 0);
      n.writeInt32LE(Number(v), 1);
      parts.push(n);
    }
  });
  return Buffer.concat(parts);
}

// ---------- readers ----------

export type Token =
  | { kind: 'sspi'; data: Buffer }
  | { kind: 'loginack'; value: LoginAck }
  | { kind: 'error' | 'info'; value: ServerMessage }
  | { kind: 'envchange'; type: number; text?: { next: string; prev: string }; bytes?: Buffer; routing?: Routing }
  | { kind: 'done'; token: number; value: Done }
  | { kind: 'colmetadata'; columns: Column[] }
  | { kind: 'row'; cells: Cell[] };

export interface TokenContext {
  columns: Column[] | null;
}

function readMessage(buf: Buffer, offset: number): Read<ServerMessage> {
  const len = readU16LE(buf, offset);
  readBytes(buf, len.offset, len.value); // whole token present before reading fields
  const end = len.offset + len.value;
  let o = len.offset;
  const number = readU32LE(buf, o);
  o = number.offset;
  const state = readU8(buf, o);
  o = state.offset;
  const klass = readU8(buf, o);
  o = klass.offset;
  const message = readUsVarChar(buf, o);
  o = message.offset;
  const serverName = readBVarChar(buf, o);
  o = serverName.offset;
  const procName = readBVarChar(buf, o);
  o = procName.offset;
  const line = readU32LE(buf, o);
  o = line.offset;
  if (o !== end) throw new ParseError('TDS_TOKEN_INVALID', 'message token length does not match its fields', offset);
  return {
    value: {
      number: number.value,
      state: state.value,
      class: klass.value,
      message: message.value,
      serverName: serverName.value,
      procName: procName.value,
      lineNumber: line.value,
    },
    offset: end,
  };
}

function readEnvChange(buf: Buffer, offset: number): Read<Token> {
  const len = readU16LE(buf, offset);
  readBytes(buf, len.offset, len.value);
  const end = len.offset + len.value;
  const type = readU8(buf, len.offset);
  const local = buf.subarray(0, end); // a field can never read past the token's own length
  let o = type.offset;
  let token: Token;
  try {
    if (type.value === ENVCHANGE_TYPE.SQL_COLLATION) {
      const next = readBVarByte(local, o);
      o = next.offset;
      const prev = readBVarByte(local, o);
      o = prev.offset;
      token = { kind: 'envchange', type: type.value, bytes: next.value };
    } else if (type.value === ENVCHANGE_TYPE.ROUTING) {
      const value = readUsVarByte(local, o);
      o = value.offset;
      const prev = readUsVarByte(local, o);
      o = prev.offset;
      const v = value.value;
      if (v.length < 5 || v[0] !== 0)
        throw new ParseError('TDS_TOKEN_INVALID', 'routing value is not protocol 0 with port and server', offset);
      const server = readUsVarChar(v, 3);
      if (server.offset !== v.length)
        throw new ParseError('TDS_TOKEN_INVALID', 'routing value has trailing bytes', offset);
      token = {
        kind: 'envchange',
        type: type.value,
        routing: { protocol: 0, port: v.readUInt16LE(1), server: server.value },
      };
    } else {
      const next = readBVarChar(local, o);
      o = next.offset;
      const prev = readBVarChar(local, o);
      o = prev.offset;
      token = { kind: 'envchange', type: type.value, text: { next: next.value, prev: prev.value } };
    }
  } catch (err) {
    if (err instanceof ParseError) throw err;
    throw new ParseError('TDS_TOKEN_INVALID', 'ENVCHANGE fields run past the token length', offset);
  }
  if (o !== end) throw new ParseError('TDS_TOKEN_INVALID', 'ENVCHANGE length does not match its fields', offset);
  return { value: token, offset: end };
}

function readColMetadata(buf: Buffer, offset: number): Read<Column[]> {
  const count = readU16LE(buf, offset);
  let o = count.offset;
  const columns: Column[] = [];
  if (count.value === 0xffff) return { value: [], offset: o }; // "no metadata"
  for (let i = 0; i < count.value; i++) {
    o = readU32LE(buf, o).offset; // user type
    o = readU16LE(buf, o).offset; // flags
    const type = readU8(buf, o);
    o = type.offset;
    if (type.value === TYPE.NVARCHAR) {
      const max = readU16LE(buf, o);
      o = max.offset;
      o = readBytes(buf, o, 5).offset;
      const name = readBVarChar(buf, o);
      o = name.offset;
      columns.push({ name: name.value, type: 'nvarchar', maxChars: max.value / 2 });
    } else if (type.value === TYPE.INTN) {
      const size = readU8(buf, o);
      o = size.offset;
      if (size.value !== 4) throw new ParseError('TDS_TOKEN_UNSUPPORTED', `INTN of size ${size.value}`, o);
      const name = readBVarChar(buf, o);
      o = name.offset;
      columns.push({ name: name.value, type: 'int' });
    } else {
      throw new ParseError('TDS_TOKEN_UNSUPPORTED', `column type 0x${type.value.toString(16)}`, o - 1);
    }
  }
  return { value: columns, offset: o };
}

function readRow(buf: Buffer, offset: number, columns: Column[]): Read<Cell[]> {
  const cells: Cell[] = [];
  let o = offset;
  for (const c of columns) {
    if (c.type === 'nvarchar') {
      const len = readU16LE(buf, o);
      if (len.value === 0xffff) {
        cells.push(null);
        o = len.offset;
        continue;
      }
      const b = readBytes(buf, len.offset, len.value);
      o = b.offset;
      cells.push(b.value.toString('utf16le'));
    } else {
      const size = readU8(buf, o);
      o = size.offset;
      if (size.value === 0) {
        cells.push(null);
        continue;
      }
      if (size.value !== 4) throw new ParseError('TDS_TOKEN_INVALID', `INTN value of size ${size.value}`, o - 1);
      const v = readI32LE(buf, o);
      o = v.offset;
      cells.push(v.value);
    }
  }
  return { value: cells, offset: o };
}

export function readToken(buf: Buffer, offset: number, ctx: TokenContext): Read<Token> {
  const t = readU8(buf, offset);
  switch (t.value) {
    case TOKEN.SSPI: {
      const d = readUsVarByte(buf, t.offset);
      return { value: { kind: 'sspi', data: d.value }, offset: d.offset };
    }
    case TOKEN.LOGINACK: {
      const len = readU16LE(buf, t.offset);
      readBytes(buf, len.offset, len.value);
      const end = len.offset + len.value;
      const local = buf.subarray(0, end);
      let o = len.offset;
      try {
        const iface = readU8(local, o);
        o = iface.offset;
        const ver = readU32BE(local, o);
        o = ver.offset;
        const prog = readBVarChar(local, o);
        o = prog.offset;
        const v = readBytes(local, o, 4);
        o = v.offset;
        if (o !== end) throw new ParseError('TDS_TOKEN_INVALID', 'LOGINACK length does not match its fields', offset);
        return {
          value: {
            kind: 'loginack',
            value: {
              interface: iface.value,
              tdsVersion: ver.value,
              progName: prog.value,
              major: v.value[0]!,
              minor: v.value[1]!,
              buildHi: v.value[2]!,
              buildLow: v.value[3]!,
            },
          },
          offset: end,
        };
      } catch (err) {
        if (err instanceof ParseError) throw err;
        throw new ParseError('TDS_TOKEN_INVALID', 'LOGINACK fields run past the token length', offset);
      }
    }
    case TOKEN.ERROR:
    case TOKEN.INFO: {
      const m = readMessage(buf, t.offset);
      return { value: { kind: t.value === TOKEN.ERROR ? 'error' : 'info', value: m.value }, offset: m.offset };
    }
    case TOKEN.ENVCHANGE:
      return readEnvChange(buf, t.offset);
    case TOKEN.DONE:
    case TOKEN.DONEPROC:
    case TOKEN.DONEINPROC: {
      const status = readU16LE(buf, t.offset);
      const cmd = readU16LE(buf, status.offset);
      const rows = readU64LE(buf, cmd.offset);
      return {
        value: {
          kind: 'done',
          token: t.value,
          value: { status: status.value, curCmd: cmd.value, rowCount: rows.value },
        },
        offset: rows.offset,
      };
    }
    case TOKEN.COLMETADATA: {
      const c = readColMetadata(buf, t.offset);
      ctx.columns = c.value;
      return { value: { kind: 'colmetadata', columns: c.value }, offset: c.offset };
    }
    case TOKEN.ROW: {
      if (!ctx.columns) throw new ParseError('TDS_TOKEN_ORDER', 'ROW before COLMETADATA', offset);
      const r = readRow(buf, t.offset, ctx.columns);
      return { value: { kind: 'row', cells: r.value }, offset: r.offset };
    }
    default:
      throw new ParseError('TDS_TOKEN_UNSUPPORTED', `token 0x${t.value.toString(16)}`, offset);
  }
}

/** Reads a whole response message into tokens (the message is complete, so running short is an error). */
export function readTokens(payload: Buffer): Token[] {
  const ctx: TokenContext = { columns: null };
  const out: Token[] = [];
  let offset = 0;
  while (offset < payload.length) {
    try {
      const r = readToken(payload, offset, ctx);
      out.push(r.value);
      offset = r.offset;
    } catch (err) {
      if (err instanceof ParseError) throw err;
      throw new ParseError('TDS_TOKEN_TRUNCATED', 'response message ends inside a token', offset);
    }
  }
  return out;
}
