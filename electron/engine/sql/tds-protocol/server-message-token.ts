// ERROR and INFO (MS-TDS 2.2.7.10, 2.2.7.13): 0xAA / 0xAB, a 2-byte length, Number LONG, State BYTE,
// Class BYTE, MsgText US_VARCHAR, ServerName B_VARCHAR, ProcName B_VARCHAR, LineNumber LONG (TDS 7.2+).
import { bVarChar, readBVarChar, readU32LE, readU8, readUsVarChar, u32le, usVarChar, type Read } from './bytes';
import { readLength16Body, TOKEN, withLength16 } from './token-types';

export interface ServerMessage {
  number: number;
  state: number;
  class: number;
  message: string;
  serverName: string;
  procName: string;
  lineNumber: number;
}

function messageToken(type: number, message: ServerMessage): Buffer {
  return withLength16(
    type,
    Buffer.concat([
      u32le(message.number),
      Buffer.from([message.state, message.class]),
      usVarChar(message.message),
      bVarChar(message.serverName),
      bVarChar(message.procName),
      u32le(message.lineNumber),
    ]),
  );
}
export const errorToken = (message: ServerMessage): Buffer => messageToken(TOKEN.ERROR, message);
export const infoToken = (message: ServerMessage): Buffer => messageToken(TOKEN.INFO, message);

/** The body of either token; `offset` is just past the type byte. */
export function readServerMessageToken(buf: Buffer, offset: number): Read<ServerMessage> {
  return readLength16Body(buf, offset, 'ERROR/INFO', (body, start) => {
    const number = readU32LE(body, start);
    const state = readU8(body, number.offset);
    const severity = readU8(body, state.offset);
    const message = readUsVarChar(body, severity.offset);
    const serverName = readBVarChar(body, message.offset);
    const procName = readBVarChar(body, serverName.offset);
    const lineNumber = readU32LE(body, procName.offset);
    return {
      value: {
        number: number.value,
        state: state.value,
        class: severity.value,
        message: message.value,
        serverName: serverName.value,
        procName: procName.value,
        lineNumber: lineNumber.value,
      },
      offset: lineNumber.offset,
    };
  });
}
