// DONE, DONEPROC, DONEINPROC (MS-TDS 2.2.7.6–8): the type byte, Status USHORT, CurCmd USHORT and
// DoneRowCount ULONGLONG (TDS 7.2+): 13 bytes in all, no length field.
import { readU16LE, readU64LE, type Read } from './bytes';
import { TOKEN } from './token-types';

export const DONE_STATUS = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, COUNT: 0x10, SRVERROR: 0x100 } as const;
export const CUR_CMD_SELECT = 0xc1;

export interface Done {
  status: number;
  curCmd: number;
  rowCount: bigint;
}

export function doneToken(done: Done, type: number = TOKEN.DONE): Buffer {
  const bytes = Buffer.alloc(13);
  bytes.writeUInt8(type, 0);
  bytes.writeUInt16LE(done.status, 1);
  bytes.writeUInt16LE(done.curCmd, 3);
  bytes.writeBigUInt64LE(done.rowCount, 5);
  return bytes;
}

/** `offset` is just past the type byte. */
export function readDoneToken(buf: Buffer, offset: number): Read<Done> {
  const status = readU16LE(buf, offset);
  const curCmd = readU16LE(buf, status.offset);
  const rowCount = readU64LE(buf, curCmd.offset);
  return { value: { status: status.value, curCmd: curCmd.value, rowCount: rowCount.value }, offset: rowCount.offset };
}
