// The token streams a SQL Server login ends with, for each outcome, in the order SQL Server sends them.
import {
  DEFAULT_COLLATION,
  ENVCHANGE_TYPE,
  envChangeCollation,
  envChangeRouting,
  envChangeText,
} from '../../engine/sql/tds-protocol/env-change-token';
import { DONE_STATUS, doneToken } from '../../engine/sql/tds-protocol/done-token';
import { errorToken, infoToken, type ServerMessage } from '../../engine/sql/tds-protocol/server-message-token';
import { loginAckToken } from '../../engine/sql/tds-protocol/login-ack-token';
import { sspiToken } from '../../engine/sql/tds-protocol/sspi-token';
import { TDS_VERSION_7_4 } from '../../engine/sql/tds-protocol/login7';

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
}

export function loginSucceeded(success: LoginSuccess): Buffer {
  const parts: Buffer[] = [];
  if (success.serverToken.length) parts.push(sspiToken(success.serverToken));
  parts.push(
    envChangeText(ENVCHANGE_TYPE.DATABASE, success.database, 'master'),
    infoToken(message(success.serverName, 5701, 0, 2, `Changed database context to '${success.database}'.`)),
    envChangeText(ENVCHANGE_TYPE.LANGUAGE, 'us_english', ''),
    infoToken(message(success.serverName, 5703, 0, 1, 'Changed language setting to us_english.')),
    envChangeCollation(DEFAULT_COLLATION),
    loginAckToken({
      interface: 1,
      tdsVersion: TDS_VERSION_7_4,
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
  parts.push(doneToken({ status: DONE_STATUS.FINAL, curCmd: 0, rowCount: 0n }));
  return Buffer.concat(parts);
}

/** A failed login: the errors, then DONE with the error bit; the server closes afterwards. */
export function loginFailed(
  serverName: string,
  errors: { number: number; class: number; text: string }[],
  serverToken?: Buffer,
): Buffer {
  return Buffer.concat([
    ...(serverToken?.length ? [sspiToken(serverToken)] : []),
    ...errors.map((e) => errorToken(message(serverName, e.number, e.class, 1, e.text))),
    doneToken({ status: DONE_STATUS.ERROR, curCmd: 0, rowCount: 0n }),
  ]);
}
