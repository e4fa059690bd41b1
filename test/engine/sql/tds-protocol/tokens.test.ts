import { test } from 'node:test';
import assert from 'node:assert/strict';
import loginAckParser from 'tedious/lib/token/loginack-token-parser';
import envChangeParser from 'tedious/lib/token/env-change-token-parser';
import { NeedMoreBytes } from '../../../../electron/engine/sql/tds-protocol/bytes';
import {
  DEFAULT_COLLATION,
  ENVCHANGE_TYPE,
  envChangeCollation,
  envChangeRouting,
  envChangeText,
} from '../../../../electron/engine/sql/tds-protocol/env-change-token';
import {
  colMetadataToken,
  rowToken,
  type Column,
} from '../../../../electron/engine/sql/tds-protocol/result-set-tokens';
import { doneToken } from '../../../../electron/engine/sql/tds-protocol/done-token';
import { errorToken } from '../../../../electron/engine/sql/tds-protocol/server-message-token';
import { loginAckToken } from '../../../../electron/engine/sql/tds-protocol/login-ack-token';
import { readToken, readTokens, type TokenContext } from '../../../../electron/engine/sql/tds-protocol/token-stream';
import { sspiToken } from '../../../../electron/engine/sql/tds-protocol/sspi-token';
import { loginSucceeded, loginFailed, MSG_18452 } from '../../../../electron/lab/tds/login-response';
import { ParseError } from '../../../../electron/engine/errors';

const columns: Column[] = [
  { name: 'auth_scheme', type: 'nvarchar', maxChars: 40 },
  { name: '', type: 'int' },
];

function stream(): Buffer {
  return Buffer.concat([
    sspiToken(Buffer.from('a1143012a0030a0100a10b06092a864882f712010202', 'hex')),
    loginAckToken({
      interface: 1,
      tdsVersion: 0x74000004,
      progName: 'Microsoft SQL Server',
      major: 12,
      minor: 0,
      buildHi: 7,
      buildLow: 0xd0,
    }),
    envChangeText(ENVCHANGE_TYPE.DATABASE, 'master', ''),
    envChangeCollation(DEFAULT_COLLATION),
    envChangeRouting({ protocol: 0, port: 11000, server: 'sqlmi1-node1.lab.database.windows.net' }),
    errorToken({
      number: 18456,
      state: 1,
      class: 14,
      message: "Login failed for user 'alice@contoso.test'.",
      serverName: 'sqlmi1',
      procName: '',
      lineNumber: 1,
    }),
    colMetadataToken(columns),
    rowToken(columns, ['KERBEROS', 52]),
    rowToken(columns, [null, null]),
    doneToken({ status: 0x10, curCmd: 0xc1, rowCount: 2n }),
  ]);
}

test('every writer round-trips through its reader', () => {
  const tokens = readTokens(stream());
  assert.deepEqual(
    tokens.map((x) => x.kind),
    ['sspi', 'loginack', 'envchange', 'envchange', 'envchange', 'error', 'colmetadata', 'row', 'row', 'done'],
  );
  assert.equal(tokens[1]!.kind === 'loginack' && tokens[1]!.value.tdsVersion, 0x74000004);
  assert.deepEqual(tokens[4]!.kind === 'envchange' && tokens[4]!.routing, {
    protocol: 0,
    port: 11000,
    server: 'sqlmi1-node1.lab.database.windows.net',
  });
  assert.equal(tokens[5]!.kind === 'error' && tokens[5]!.value.number, 18456);
  assert.deepEqual(tokens[7]!.kind === 'row' && tokens[7]!.cells, ['KERBEROS', 52]);
  assert.deepEqual(tokens[8]!.kind === 'row' && tokens[8]!.cells, [null, null]);
  assert.equal(tokens[9]!.kind === 'done' && tokens[9]!.value.rowCount, 2n);
});

test('every proper prefix of the stream asks for more bytes instead of misreading', () => {
  const whole = stream();
  const boundaries = new Set<number>([0]);
  {
    const ctx: TokenContext = { columns: null };
    let offset = 0;
    while (offset < whole.length) {
      offset = readToken(whole, offset, ctx).offset;
      boundaries.add(offset);
    }
  }
  for (let cut = 0; cut < whole.length; cut++) {
    const ctx: TokenContext = { columns: null };
    let offset = 0;
    const part = whole.subarray(0, cut);
    for (;;) {
      try {
        offset = readToken(part, offset, ctx).offset;
      } catch (err) {
        assert.ok(err instanceof NeedMoreBytes, `cut ${cut}: ${String(err)}`);
        break;
      }
      if (offset === part.length) {
        assert.ok(boundaries.has(cut), `cut ${cut} ended on a non-boundary`);
        break;
      }
    }
  }
});

test("tedious' own parsers accept the LOGINACK and the routing ENVCHANGE", () => {
  const ack = loginAckToken({
    interface: 1,
    tdsVersion: 0x74000004,
    progName: 'Microsoft SQL Server',
    major: 12,
    minor: 0,
    buildHi: 7,
    buildLow: 0xd0,
  });
  const parsed = (
    loginAckParser as unknown as (
      buf: Buffer,
      offset: number,
      opts: object,
    ) => { value: { interface: string; tdsVersion: string } }
  )(ack, 1, {});
  assert.equal(parsed.value.tdsVersion, '7_4');
  assert.equal(parsed.value.interface, 'SQL_TSQL');
  const route = envChangeRouting({ protocol: 0, port: 11000, server: 'node1.example' });
  const parsedRoute = (
    envChangeParser as unknown as (
      buf: Buffer,
      offset: number,
      opts: object,
    ) => { value: { newValue: { port: number; server: string } } }
  )(route, 1, {});
  assert.deepEqual(
    { port: parsedRoute.value.newValue.port, server: parsedRoute.value.newValue.server },
    { port: 11000, server: 'node1.example' },
  );
});

test('a failed login ends with DONE carrying the error bit', () => {
  const t = readTokens(loginFailed('sqlmi1', [{ number: 18452, class: 14, text: MSG_18452 }]));
  assert.equal(t[0]!.kind === 'error' && t[0]!.value.message, MSG_18452);
  assert.equal(t[0]!.kind === 'error' && t[0]!.value.state, 1);
  assert.equal(t.at(-1)!.kind === 'done' && (t.at(-1) as { value: { status: number } }).value.status & 0x02, 0x02);
});

test('a successful login carries SSPI first, then ENVCHANGEs, LOGINACK and a final DONE', () => {
  const t = readTokens(
    loginSucceeded({ serverName: 'sqlmi1', serverToken: Buffer.from([1, 2, 3]), database: 'master', packetSize: 8192 }),
  );
  assert.equal(t[0]!.kind, 'sspi');
  const kinds = t.map((x) => x.kind);
  assert.ok(kinds.includes('loginack'));
  const envTypes = t.filter((x) => x.kind === 'envchange').map((x) => (x as { type: number }).type);
  assert.deepEqual(
    envTypes.sort((a, b) => a - b),
    [1, 2, 4, 7],
  );
  assert.equal(t.at(-1)!.kind, 'done');
});

test('hostile tokens are refused with codes', () => {
  const badRoute = envChangeRouting({ protocol: 0, port: 1, server: 'x' });
  badRoute[6] = 9; // protocol byte
  assert.throws(
    () => readTokens(badRoute),
    (e: unknown) => e instanceof ParseError && e.code === 'TDS_TOKEN_INVALID',
  );
  assert.throws(
    () => readTokens(rowToken(columns, ['x', 1])),
    (e: unknown) => e instanceof ParseError && e.code === 'TDS_TOKEN_ORDER',
  );
  assert.throws(
    () => readTokens(Buffer.from([0x42])),
    (e: unknown) => e instanceof ParseError && e.code === 'TDS_TOKEN_UNSUPPORTED',
  );
  assert.throws(
    () => readTokens(sspiToken(Buffer.alloc(10)).subarray(0, 6)),
    (e: unknown) => e instanceof ParseError && e.code === 'TDS_TOKEN_TRUNCATED',
  );
});
