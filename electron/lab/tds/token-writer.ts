// The tokens whose layout depends on the TDS version the login settled on, written in that version's layout.
// SQL Server answers a TDS 7.1 client (impacket's mssqlclient sends 0x71000001 in LOGIN7) in TDS 7.1:
//   - LOGINACK names TDS 7.1 ([MS-TDS] 2.2.7.14: the TDS version the server agreed to);
//   - ERROR/INFO end with LineNumber USHORT before TDS 7.2, LONG from 7.2 ([MS-TDS] 2.2.7.10, 2.2.7.13);
//   - DONE/DONEPROC/DONEINPROC carry DoneRowCount LONG before TDS 7.2, ULONGLONG from 7.2 ([MS-TDS] 2.2.7.6-8);
//   - COLMETADATA's UserType is USHORT before TDS 7.2, ULONG from 7.2 ([MS-TDS] 2.2.7.4);
//   - SQLBatch has no ALL_HEADERS before TDS 7.2 ([MS-TDS] 2.2.6.7; read in tds-connection.ts).
// https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-tds/b46a581a-39de-4745-b076-ec4dbb7d13ec
// A 7.2+ client gets the TDS 7.4 layout as before.
import { doneToken, type Done } from '../../engine/sql/tds-protocol/done-token';
import { errorToken, infoToken, type ServerMessage } from '../../engine/sql/tds-protocol/server-message-token';
import { TDS_VERSION_7_1, TDS_VERSION_7_4 } from '../../engine/sql/tds-protocol/login7';
import { TOKEN } from '../../engine/sql/tds-protocol/token-types';
import { colMetadataToken, type Column } from '../../engine/sql/tds-protocol/result-set-tokens';

export interface TokenWriter {
  /** The version LOGINACK states. */
  tdsVersion: number;
  done(done: Done, type?: number): Buffer;
  error(message: ServerMessage): Buffer;
  info(message: ServerMessage): Buffer;
  colMetadata(columns: Column[]): Buffer;
}

const TDS_7_2_MAJOR = 0x72;

const tds74: TokenWriter = {
  tdsVersion: TDS_VERSION_7_4,
  done: doneToken,
  error: errorToken,
  info: infoToken,
  colMetadata: colMetadataToken,
};

/** The 7.4 column description starts with UserType ULONG after the token's 3-byte head; 7.1 has a USHORT there. */
const COLMETADATA_HEAD = 3;
const USER_TYPE_74 = 4;

function colMetadata71(columns: Column[]): Buffer {
  const head = Buffer.from([TOKEN.COLMETADATA, 0, 0]);
  head.writeUInt16LE(columns.length, 1);
  const described = columns.map((column) =>
    Buffer.concat([Buffer.alloc(2), colMetadataToken([column]).subarray(COLMETADATA_HEAD + USER_TYPE_74)]),
  );
  return Buffer.concat([head, ...described]);
}

function done71(done: Done, type: number = TOKEN.DONE): Buffer {
  const bytes = Buffer.alloc(9);
  bytes.writeUInt8(type, 0);
  bytes.writeUInt16LE(done.status, 1);
  bytes.writeUInt16LE(done.curCmd, 3);
  bytes.writeUInt32LE(Number(done.rowCount & 0xffffffffn), 5);
  return bytes;
}

function message71(type: number, message: ServerMessage): Buffer {
  const text = Buffer.from(message.message, 'utf16le');
  const server = Buffer.from(message.serverName.slice(0, 255), 'utf16le');
  const proc = Buffer.from(message.procName.slice(0, 255), 'utf16le');
  const body = Buffer.concat([
    Buffer.alloc(4),
    Buffer.from([message.state, message.class]),
    Buffer.alloc(2),
    text,
    Buffer.from([server.length / 2]),
    server,
    Buffer.from([proc.length / 2]),
    proc,
    Buffer.alloc(2),
  ]);
  body.writeUInt32LE(message.number >>> 0, 0);
  body.writeUInt16LE(text.length / 2, 6);
  body.writeUInt16LE(message.lineNumber & 0xffff, body.length - 2);
  const header = Buffer.alloc(3);
  header.writeUInt8(type, 0);
  header.writeUInt16LE(body.length, 1);
  return Buffer.concat([header, body]);
}

const tds71: TokenWriter = {
  tdsVersion: TDS_VERSION_7_1,
  done: done71,
  error: (message) => message71(TOKEN.ERROR, message),
  info: (message) => message71(TOKEN.INFO, message),
  colMetadata: colMetadata71,
};

/** The writer for the TDS version a client asked for in LOGIN7 (its high byte is the major version, 0x71…). */
export function tokenWriterFor(clientTdsVersion: number): TokenWriter {
  return clientTdsVersion >>> 24 < TDS_7_2_MAJOR ? tds71 : tds74;
}

export const TDS_74_WRITER = tds74;
