// The token streams a SQL Server login ends with, for each outcome, in the order SQL Server sends them.
import {
  DEFAULT_COLLATION,
  ENVCHANGE_TYPE,
  envChangeCollation,
  envChangeRouting,
  envChangeText,
} from '../../engine/sql/tds-protocol/env-change-token';
import { DONE_STATUS } from '../../engine/sql/tds-protocol/done-token';
import type { ServerMessage } from '../../engine/sql/tds-protocol/server-message-token';
import { loginAckToken } from '../../engine/sql/tds-protocol/login-ack-token';
import { sspiToken } from '../../engine/sql/tds-protocol/sspi-token';
import { TDS_74_WRITER, type TokenWriter } from './token-writer';

export const MSG_18452 =
  'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.';
export const msg18456 = (user: string): string => `Login failed for user '${user}'.`;

const message = (serverName: string, number: number, klass: number, state: number, text: string): ServerMessage => ({
  number,
  class: klass,
  state,
  message: text,
  serverName,
  procName: '',
  lineNumber: 1,
});

export interface LoginSuccess {
  serverName: string;
  serverToken: Buffer;
  database: string;
  packetSize: number;
  routeTo?: { server: string; port: number };
  /** The layout of the TDS version the client asked for (TDS 7.4 when not given). */
  writer?: TokenWriter;
}

export function loginSucceeded(success: LoginSuccess): Buffer {
  const writer = success.writer ?? TDS_74_WRITER;
  const parts: Buffer[] = [];
  if (success.serverToken.length) parts.push(sspiToken(success.serverToken));
  parts.push(
    envChangeText(ENVCHANGE_TYPE.DATABASE, success.database, 'master'),
    writer.info(message(success.serverName, 5701, 0, 2, `Changed database context to '${success.database}'.`)),
    envChangeText(ENVCHANGE_TYPE.LANGUAGE, 'us_english', ''),
    writer.info(message(success.serverName, 5703, 0, 1, 'Changed language setting to us_english.')),
    envChangeCollation(DEFAULT_COLLATION),
    loginAckToken({
      interface: 1,
      tdsVersion: writer.tdsVersion,
      progName: 'Microsoft SQL Server',
      major: 12,
      minor: 0,
      buildHi: 0x07,
      buildLow: 0xd0,
    }),
    envChangeText(ENVCHANGE_TYPE.PACKET_SIZE, String(success.packetSize), '4096'),
  );
  if (success.routeTo)
    parts.push(envChangeRouting({ protocol: 0, port: success.routeTo.port, server: success.routeTo.server }));
  parts.push(writer.done({ status: DONE_STATUS.FINAL, curCmd: 0, rowCount: 0n }));
  return Buffer.concat(parts);
}

/** A failed login: the errors, then DONE with the error bit; the server closes afterwards. */
export function loginFailed(
  serverName: string,
  errors: { number: number; class: number; text: string }[],
  serverToken?: Buffer,
  writer: TokenWriter = TDS_74_WRITER,
): Buffer {
  return Buffer.concat([
    ...(serverToken?.length ? [sspiToken(serverToken)] : []),
    ...errors.map((e) => writer.error(message(serverName, e.number, e.class, 1, e.text))),
    writer.done({ status: DONE_STATUS.ERROR, curCmd: 0, rowCount: 0n }),
  ]);
}
