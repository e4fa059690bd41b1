// LOGINACK (MS-TDS 2.2.7.14): 0xAD, a 2-byte length, Interface BYTE, TDSVersion DWORD big-endian (e.g.
// 0x74000004), ProgName B_VARCHAR and the 4-byte ProgVersion (major, minor, build high, build low).
import { bVarChar, readBVarChar, readBytes, readU32BE, readU8, type Read } from './bytes';
import { readLength16Body, TOKEN, withLength16 } from './token-types';

export interface LoginAck {
  interface: number;
  tdsVersion: number;
  progName: string;
  major: number;
  minor: number;
  buildHi: number;
  buildLow: number;
}

export function loginAckToken(ack: LoginAck): Buffer {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(ack.tdsVersion >>> 0);
  return withLength16(
    TOKEN.LOGINACK,
    Buffer.concat([
      Buffer.from([ack.interface]),
      version,
      bVarChar(ack.progName),
      Buffer.from([ack.major, ack.minor, ack.buildHi, ack.buildLow]),
    ]),
  );
}

/** `offset` is just past the type byte. */
export function readLoginAckToken(buf: Buffer, offset: number): Read<LoginAck> {
  return readLength16Body(buf, offset, 'LOGINACK', (body, start) => {
    const iface = readU8(body, start);
    const tdsVersion = readU32BE(body, iface.offset);
    const progName = readBVarChar(body, tdsVersion.offset);
    const progVersion = readBytes(body, progName.offset, 4);
    const [major = 0, minor = 0, buildHi = 0, buildLow = 0] = progVersion.value;
    return {
      value: {
        interface: iface.value,
        tdsVersion: tdsVersion.value,
        progName: progName.value,
        major,
        minor,
        buildHi,
        buildLow,
      },
      offset: progVersion.offset,
    };
  });
}
