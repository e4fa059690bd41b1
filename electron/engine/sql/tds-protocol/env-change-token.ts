// ENVCHANGE (MS-TDS 2.2.7.9): 0xE3, a 2-byte length, the change type, then new and old values whose shape
// the type decides: B_VARCHAR text (database, language, packet size), B_VARBYTE (SQL collation), or for
// routing (type 20, the Redirect policy's "reconnect there") a US_VARBYTE holding protocol 0 (TCP), a
// 2-byte port and a US_VARCHAR server name, with an empty 2-byte old value.
import { ParseError } from '../../errors';
import {
  bVarByte,
  bVarChar,
  readBVarByte,
  readBVarChar,
  readU16LE,
  readU8,
  readUsVarByte,
  readUsVarChar,
  u16le,
  usVarByte,
  usVarChar,
  type Read,
} from './bytes';
import { readLength16Body, TOKEN, withLength16 } from './token-types';

export const ENVCHANGE_TYPE = { DATABASE: 1, LANGUAGE: 2, PACKET_SIZE: 4, SQL_COLLATION: 7, ROUTING: 20 } as const;

/** SQL_Latin1_General_CP1_CI_AS as the 5-byte TDS collation (LCID 0x0409, flags, sort id 52). */
export const DEFAULT_COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

export interface Routing {
  protocol: number;
  port: number;
  server: string;
}

/** One of text, bytes or routing, as the type decides. */
export interface EnvChange {
  type: number;
  text?: { next: string; prev: string };
  bytes?: Buffer;
  routing?: Routing;
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

export function envChangeRouting(routing: Routing): Buffer {
  const value = Buffer.concat([Buffer.from([routing.protocol]), u16le(routing.port), usVarChar(routing.server)]);
  return withLength16(
    TOKEN.ENVCHANGE,
    Buffer.concat([Buffer.from([ENVCHANGE_TYPE.ROUTING]), usVarByte(value), u16le(0)]),
  );
}

function readRoutingValue(value: Buffer, tokenOffset: number): Routing {
  if (value.length < 5 || value[0] !== 0)
    throw new ParseError('TDS_TOKEN_INVALID', 'routing value is not protocol 0 with port and server', tokenOffset);
  const port = readU16LE(value, 1);
  const server = readUsVarChar(value, port.offset);
  if (server.offset !== value.length)
    throw new ParseError('TDS_TOKEN_INVALID', 'routing value has trailing bytes', tokenOffset);
  return { protocol: 0, port: port.value, server: server.value };
}

/** `offset` is just past the type byte. */
export function readEnvChangeToken(buf: Buffer, offset: number): Read<EnvChange> {
  return readLength16Body(buf, offset, 'ENVCHANGE', (body, start): Read<EnvChange> => {
    const type = readU8(body, start);
    if (type.value === ENVCHANGE_TYPE.SQL_COLLATION) {
      const next = readBVarByte(body, type.offset);
      const prev = readBVarByte(body, next.offset);
      return { value: { type: ENVCHANGE_TYPE.SQL_COLLATION, bytes: next.value }, offset: prev.offset };
    }
    if (type.value === ENVCHANGE_TYPE.ROUTING) {
      const value = readUsVarByte(body, type.offset);
      const prev = readUsVarByte(body, value.offset);
      const routing = readRoutingValue(value.value, offset);
      return { value: { type: ENVCHANGE_TYPE.ROUTING, routing }, offset: prev.offset };
    }
    const next = readBVarChar(body, type.offset);
    const prev = readBVarChar(body, next.offset);
    return { value: { type: type.value, text: { next: next.value, prev: prev.value } }, offset: prev.offset };
  });
}
