// Turns a batch result into the token stream SQL Server sends: per SELECT, COLMETADATA, ROWs and a DONE
// with the row count; USE adds ENVCHANGE + INFO 5701; an error ends the batch with ERROR and DONE(error).
import { CUR_CMD_SELECT, DONE_STATUS } from '../../engine/sql/tds-protocol/done-token';
import { ENVCHANGE_TYPE, envChangeText } from '../../engine/sql/tds-protocol/env-change-token';
import { rowToken } from '../../engine/sql/tds-protocol/result-set-tokens';
import type { BatchResult } from './sql/execute-batch';
import { TDS_74_WRITER, type TokenWriter } from './token-writer';

export function batchResponse(result: BatchResult, serverName: string, writer: TokenWriter = TDS_74_WRITER): Buffer {
  const parts: Buffer[] = [];
  const last = result.items.length - 1;
  result.items.forEach((item, index) => {
    const more = index < last || result.error ? DONE_STATUS.MORE : 0;
    if (item.kind === 'rows') {
      parts.push(writer.colMetadata(item.columns));
      for (const row of item.rows) parts.push(rowToken(item.columns, row));
      parts.push(
        writer.done({ status: DONE_STATUS.COUNT | more, curCmd: CUR_CMD_SELECT, rowCount: BigInt(item.rows.length) }),
      );
    } else if (item.kind === 'use') {
      parts.push(envChangeText(ENVCHANGE_TYPE.DATABASE, item.database, item.previous));
      parts.push(
        writer.info({
          number: 5701,
          state: 1,
          class: 0,
          message: `Changed database context to '${item.database}'.`,
          serverName,
          procName: '',
          lineNumber: 1,
        }),
      );
      parts.push(writer.done({ status: more, curCmd: 0xe2, rowCount: 0n }));
    } else if (index === last && !result.error) {
      parts.push(writer.done({ status: 0, curCmd: 0xbe, rowCount: 0n }));
    }
  });
  if (result.error) {
    const error = result.error;
    parts.push(
      writer.error({
        number: error.number,
        state: error.state,
        class: error.class,
        message: error.message,
        serverName,
        procName: '',
        lineNumber: error.line,
      }),
    );
    parts.push(writer.done({ status: DONE_STATUS.ERROR, curCmd: 0, rowCount: 0n }));
  }
  if (parts.length === 0) parts.push(writer.done({ status: 0, curCmd: 0, rowCount: 0n }));
  return Buffer.concat(parts);
}
