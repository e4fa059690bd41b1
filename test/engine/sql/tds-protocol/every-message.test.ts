// Every message the protocol module writes, as the lab server and the hostile peers send it: re-read equal
// to what was written; re-assembled identically when the byte stream is split at every offset (the first
// half only ever "needs more bytes"); every length that claims more than the bytes that remain refused with
// a typed error. The expected byte layouts are written out field by field from MS-TDS (sections cited), and
// tedious' own parsers read what the module writes: neither comes from the module itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorParser } from 'tedious/lib/token/infoerror-token-parser';
import { doneParser } from 'tedious/lib/token/done-token-parser';
import { ParseError } from '../../../../electron/engine/errors';
import { NeedMoreBytes } from '../../../../electron/engine/sql/tds-protocol/bytes';
import { MessageAssembler } from '../../../../electron/engine/sql/tds-protocol/message-assembler';
import {
  MAX_PACKET_SIZE,
  PACKET_TYPE,
  readPacket,
  writeMessage,
  writePacket,
  type Packet,
} from '../../../../electron/engine/sql/tds-protocol/packet';
import {
  ENCRYPT,
  readPrelogin,
  writePrelogin,
  type Prelogin,
} from '../../../../electron/engine/sql/tds-protocol/prelogin';
import {
  LOGIN7_OFFSET,
  TDS_VERSION_7_1,
  TDS_VERSION_7_4,
  readLogin7,
  writeLogin7,
  type Login7Input,
} from '../../../../electron/engine/sql/tds-protocol/login7';
import { readSspiToken, sspiToken } from '../../../../electron/engine/sql/tds-protocol/sspi-token';
import { loginAckToken, type LoginAck } from '../../../../electron/engine/sql/tds-protocol/login-ack-token';
import {
  DEFAULT_COLLATION,
  ENVCHANGE_TYPE,
  envChangeCollation,
  envChangeRouting,
  envChangeText,
} from '../../../../electron/engine/sql/tds-protocol/env-change-token';
import {
  errorToken,
  infoToken,
  type ServerMessage,
} from '../../../../electron/engine/sql/tds-protocol/server-message-token';
import {
  CUR_CMD_SELECT,
  DONE_STATUS,
  doneToken,
  type Done,
} from '../../../../electron/engine/sql/tds-protocol/done-token';
import {
  colMetadataToken,
  rowToken,
  type Cell,
  type Column,
} from '../../../../electron/engine/sql/tds-protocol/result-set-tokens';
import {
  readToken,
  readTokens,
  type Token,
  type TokenContext,
} from '../../../../electron/engine/sql/tds-protocol/token-stream';
import { TOKEN } from '../../../../electron/engine/sql/tds-protocol/token-types';

// ---- the messages ------------------------------------------------------------------------------------

const AP_REQ = Buffer.concat([Buffer.from('6082029a06092a864886f71201020201', 'hex'), Buffer.alloc(640, 0x5a)]);
const AP_REP = Buffer.from('6f8188308185a003020105a10302010fa2793077a003020112a270046e', 'hex');
const ACK: LoginAck = {
  interface: 1,
  tdsVersion: TDS_VERSION_7_4,
  progName: 'Microsoft SQL Server',
  major: 16,
  minor: 0,
  buildHi: 0x10,
  buildLow: 0x00,
};
const LOGIN_FAILED: ServerMessage = {
  number: 18456,
  state: 1,
  class: 14,
  message: "Login failed for user 'alice@contoso.test'.",
  serverName: 'sqlmi1',
  procName: '',
  lineNumber: 1,
};
const CHANGED_DATABASE: ServerMessage = {
  number: 5701,
  state: 2,
  class: 0,
  message: "Changed database context to 'master'.",
  serverName: 'sqlmi1',
  procName: '',
  lineNumber: 1,
};
const COLUMNS: Column[] = [
  { name: 'auth_scheme', type: 'nvarchar', maxChars: 40 },
  { name: 'session_id', type: 'int' },
];
const ROWS: Cell[][] = [
  ['KERBEROS', 52],
  [null, null],
  ['', -1],
];
const done = (status: number, rowCount = 0n, curCmd = 0): Done => ({ status, curCmd, rowCount });

/** A response written token by token, and the tokens a reader must give back. */
function response(parts: [Buffer, Token][]): { payload: Buffer; tokens: Token[] } {
  return { payload: Buffer.concat(parts.map(([bytes]) => bytes)), tokens: parts.map(([, token]) => token) };
}

const loginSucceeded = response([
  [sspiToken(AP_REP), { kind: 'sspi', data: AP_REP }],
  [
    envChangeText(ENVCHANGE_TYPE.DATABASE, 'master', ''),
    { kind: 'envchange', type: ENVCHANGE_TYPE.DATABASE, text: { next: 'master', prev: '' } },
  ],
  [infoToken(CHANGED_DATABASE), { kind: 'info', value: CHANGED_DATABASE }],
  [
    envChangeCollation(DEFAULT_COLLATION),
    { kind: 'envchange', type: ENVCHANGE_TYPE.SQL_COLLATION, bytes: DEFAULT_COLLATION },
  ],
  [
    envChangeText(ENVCHANGE_TYPE.LANGUAGE, 'us_english', ''),
    { kind: 'envchange', type: ENVCHANGE_TYPE.LANGUAGE, text: { next: 'us_english', prev: '' } },
  ],
  [loginAckToken(ACK), { kind: 'loginack', value: ACK }],
  [
    envChangeText(ENVCHANGE_TYPE.PACKET_SIZE, '8000', '4096'),
    { kind: 'envchange', type: ENVCHANGE_TYPE.PACKET_SIZE, text: { next: '8000', prev: '4096' } },
  ],
  [doneToken(done(DONE_STATUS.FINAL)), { kind: 'done', token: TOKEN.DONE, value: done(DONE_STATUS.FINAL) }],
]);

const loginFailed = response([
  [errorToken(LOGIN_FAILED), { kind: 'error', value: LOGIN_FAILED }],
  [doneToken(done(DONE_STATUS.ERROR)), { kind: 'done', token: TOKEN.DONE, value: done(DONE_STATUS.ERROR) }],
]);

const ROUTE = { protocol: 0, port: 11000, server: 'sqlmi1-node1.lab.database.windows.net' };
const routed = response([
  [sspiToken(AP_REP), { kind: 'sspi', data: AP_REP }],
  [loginAckToken(ACK), { kind: 'loginack', value: ACK }],
  [envChangeRouting(ROUTE), { kind: 'envchange', type: ENVCHANGE_TYPE.ROUTING, routing: ROUTE }],
  [doneToken(done(DONE_STATUS.FINAL)), { kind: 'done', token: TOKEN.DONE, value: done(DONE_STATUS.FINAL) }],
]);

const selectDone = done(DONE_STATUS.COUNT, BigInt(ROWS.length), CUR_CMD_SELECT);
const resultSet = response([
  [colMetadataToken(COLUMNS), { kind: 'colmetadata', columns: COLUMNS }],
  ...ROWS.map((cells): [Buffer, Token] => [rowToken(COLUMNS, cells), { kind: 'row', cells }]),
  [doneToken(selectDone), { kind: 'done', token: TOKEN.DONE, value: selectDone }],
]);

const CLIENT_PRELOGIN: Prelogin = {
  version: { major: 0, minor: 0, build: 0, subbuild: 0 },
  encryption: ENCRYPT.ON,
  instance: Buffer.from([0]),
  threadId: 0,
  mars: 0,
  traceId: Buffer.alloc(36, 7),
  fedAuthRequired: 1,
};
const SERVER_PRELOGIN: Prelogin = { version: { major: 16, minor: 0, build: 0x1000, subbuild: 0 }, encryption: 0 };

const LOGIN7_INPUTS: [string, Login7Input][] = [
  [
    'TDS 7.4 with an AP-REQ',
    { serverName: 'sqlmi1.lab.database.windows.net', database: 'master', language: 'us_english', sspi: AP_REQ },
  ],
  ['TDS 7.1, empty fields at offset 0', { tdsVersion: TDS_VERSION_7_1, sspi: AP_REQ, emptyAtZero: true }],
  ['SQL authentication (a user name, no token)', { userName: 'sa', database: 'master' }],
];

/** What readLogin7 must give back for a writeLogin7 input (the fields the writer fills from it). */
function login7Expected(input: Login7Input) {
  return {
    tdsVersion: input.tdsVersion ?? TDS_VERSION_7_4,
    packetSize: input.packetSize ?? 4096,
    hostName: input.hostName ?? 'kerbprobe-client',
    userName: input.userName ?? '',
    hasPassword: false,
    appName: input.appName ?? 'kerbprobe-test',
    serverName: input.serverName ?? '',
    libraryName: input.libraryName ?? 'kerbprobe',
    language: input.language ?? '',
    database: input.database ?? '',
    integratedSecurity: input.sspi !== undefined,
    sspi: input.sspi ?? Buffer.alloc(0),
  };
}

interface Sample {
  name: string;
  type: number;
  payload: Buffer;
  packetSize?: number;
  /** Reads a complete payload back; the result must equal `expected`. */
  read: (payload: Buffer) => unknown;
  expected: unknown;
}

const readTokensBack = (payload: Buffer): Token[] => readTokens(payload);
const SAMPLES: Sample[] = [
  {
    name: 'PRELOGIN from a client (every option)',
    type: PACKET_TYPE.PRELOGIN,
    payload: writePrelogin(CLIENT_PRELOGIN),
    read: readPrelogin,
    expected: CLIENT_PRELOGIN,
  },
  {
    name: 'PRELOGIN response',
    type: PACKET_TYPE.TABULAR_RESULT,
    payload: writePrelogin(SERVER_PRELOGIN),
    read: readPrelogin,
    expected: SERVER_PRELOGIN,
  },
  ...LOGIN7_INPUTS.map(([name, input]) => ({
    name: `LOGIN7, ${name}`,
    type: PACKET_TYPE.LOGIN7,
    payload: writeLogin7(input),
    packetSize: 512,
    read: (payload: Buffer) => {
      const login = readLogin7(payload);
      const expected = login7Expected(input);
      return Object.fromEntries(Object.keys(expected).map((key) => [key, login[key as keyof typeof login]]));
    },
    expected: login7Expected(input),
  })),
  {
    name: 'SSPI continuation from a client (raw token bytes)',
    type: PACKET_TYPE.SSPI,
    payload: AP_REQ,
    read: (payload: Buffer) => Buffer.from(payload),
    expected: AP_REQ,
  },
  {
    name: 'login response: SSPI, ENVCHANGEs, INFO, LOGINACK, DONE',
    type: PACKET_TYPE.TABULAR_RESULT,
    payload: loginSucceeded.payload,
    read: readTokensBack,
    expected: loginSucceeded.tokens,
  },
  {
    name: 'failed login: ERROR, DONE with the error bit',
    type: PACKET_TYPE.TABULAR_RESULT,
    payload: loginFailed.payload,
    read: readTokensBack,
    expected: loginFailed.tokens,
  },
  {
    name: 'routed login: SSPI, LOGINACK, routing ENVCHANGE, DONE',
    type: PACKET_TYPE.TABULAR_RESULT,
    payload: routed.payload,
    read: readTokensBack,
    expected: routed.tokens,
  },
  {
    name: 'result set: COLMETADATA, ROWs (NULLs too), DONE with a count',
    type: PACKET_TYPE.TABULAR_RESULT,
    payload: resultSet.payload,
    read: readTokensBack,
    expected: resultSet.tokens,
  },
];

// ---- written, then read back equal ---------------------------------------------------------------------

const LIMITS = { maxPacketSize: MAX_PACKET_SIZE, maxMessageSize: 1 << 20 };
const wireOf = (sample: Sample): Buffer =>
  writeMessage(sample.type, sample.payload, { packetSize: sample.packetSize ?? 4096 });

for (const sample of SAMPLES) {
  test(`${sample.name}: written, framed and read back equal`, () => {
    const messages = new MessageAssembler(LIMITS).push(wireOf(sample));
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.type, sample.type);
    assert.ok(messages[0]!.payload.equals(sample.payload));
    assert.deepEqual(sample.read(messages[0]!.payload), sample.expected);
  });
}

test('a packet header is read back as written (MS-TDS 2.2.3.1)', () => {
  const packet: Packet = { type: PACKET_TYPE.SQL_BATCH, status: 0, spid: 0x1234, packetId: 7, payload: AP_REP };
  const read = readPacket(writePacket(packet), 0);
  assert.deepEqual(read.value, packet);
  assert.equal(read.offset, 8 + AP_REP.length);
});

// ---- split at every byte offset -------------------------------------------------------------------------

/** How many splits the suite makes (reported, and a floor so the loop cannot silently shrink). */
let splits = 0;

for (const sample of SAMPLES) {
  test(`${sample.name}: split at every byte offset, the first half needs more bytes, then the same message`, () => {
    const wire = wireOf(sample);
    for (let cut = 0; cut <= wire.length; cut++) {
      const assembler = new MessageAssembler(LIMITS);
      const first = assembler.push(wire.subarray(0, cut));
      assert.equal(first.length, cut === wire.length ? 1 : 0, `cut at ${cut}: nothing before the last byte`);
      const messages = [...first, ...assembler.push(wire.subarray(cut))];
      assert.equal(messages.length, 1, `cut at ${cut}`);
      assert.ok(messages[0]!.payload.equals(sample.payload), `cut at ${cut}`);
      assert.deepEqual(sample.read(messages[0]!.payload), sample.expected, `cut at ${cut}`);
      assert.equal(assembler.buffered, 0);
      splits++;
    }
  });
}

test('every token, cut short at every offset, asks for exactly more bytes (NeedMoreBytes), never misreads', () => {
  for (const { payload, tokens } of [loginSucceeded, loginFailed, routed, resultSet]) {
    const context: TokenContext = { columns: null };
    let start = 0;
    for (const expected of tokens) {
      const whole = readToken(payload, start, { ...context });
      for (let end = start; end < whole.offset; end++) {
        assert.throws(
          () => readToken(payload.subarray(0, end), start, { ...context }),
          (err: unknown) => err instanceof NeedMoreBytes && err.needed > end,
          `${expected.kind} cut at ${end - start} of ${whole.offset - start}`,
        );
        splits++;
      }
      assert.deepEqual(readToken(payload, start, context).value, expected);
      start = whole.offset;
    }
    assert.equal(start, payload.length);
  }
});

test('the split tests ran (count)', () => {
  // Sum of (wire length + 1) over the samples plus every proper prefix of every token.
  assert.ok(splits > 3000, `${splits} splits`);
  console.log(`# split-at-every-offset cases: ${splits}`);
});

// ---- lengths beyond the bytes that remain ------------------------------------------------------------

const refusedWith = (code: string) => (err: unknown) => err instanceof ParseError && err.code === code;

test('a packet header whose Length passes the bytes present needs more bytes; beyond the limits it is refused', () => {
  const wire = writeMessage(PACKET_TYPE.TABULAR_RESULT, loginFailed.payload);
  const longer = Buffer.from(wire);
  longer.writeUInt16BE(wire.length + 1, 2);
  assert.throws(
    () => readPacket(longer, 0),
    (err: unknown) => err instanceof NeedMoreBytes,
  );
  assert.deepEqual(new MessageAssembler(LIMITS).push(longer), [], 'held, never delivered short');
  const huge = Buffer.from(wire);
  huge.writeUInt16BE(MAX_PACKET_SIZE + 1, 2);
  assert.throws(() => readPacket(huge, 0), refusedWith('TDS_PACKET_LENGTH'));
  assert.throws(
    () => new MessageAssembler({ maxPacketSize: 4096, maxMessageSize: 1 << 20 }).push(huge),
    refusedWith('TDS_PACKET_TOO_LARGE'),
  );
});

test('PRELOGIN: an option whose length passes the payload is refused', () => {
  const payload = writePrelogin(SERVER_PRELOGIN);
  const lastOption = 5; // the second table entry: ENCRYPTION, at offset 5
  payload.writeUInt16BE(payload.readUInt16BE(lastOption + 3) + 1, lastOption + 3);
  assert.throws(() => readPrelogin(payload), refusedWith('TDS_PRELOGIN_INVALID'));
});

test('LOGIN7: Length, a name, cbSSPI and cbSSPILong that pass the record are refused', () => {
  const small = writeLogin7({ serverName: 'sqlmi1', sspi: AP_REQ });
  const big = writeLogin7({ sspi: Buffer.alloc(70_000, 0x60) });
  const cases: [string, Buffer, (bytes: Buffer) => void][] = [
    ['Length', small, (bytes) => bytes.writeUInt32LE(bytes.length + 1, LOGIN7_OFFSET.LENGTH)],
    ['cchServerName', small, (bytes) => bytes.writeUInt16LE(0x7fff, LOGIN7_OFFSET.SERVER_NAME + 2)],
    ['cbSSPI', small, (bytes) => bytes.writeUInt16LE(AP_REQ.length + 1, LOGIN7_OFFSET.CB_SSPI)],
    ['cbSSPILong', big, (bytes) => bytes.writeUInt32LE(70_001, LOGIN7_OFFSET.CB_SSPI_LONG)],
  ];
  for (const [field, good, lie] of cases) {
    const bytes = Buffer.from(good);
    lie(bytes);
    assert.throws(() => readLogin7(bytes), refusedWith('TDS_LOGIN7_INVALID'), field);
  }
});

test('tokens: a length beyond the message is TDS_TOKEN_TRUNCATED, a field beyond its token TDS_TOKEN_INVALID', () => {
  const withLength = (token: Buffer, at: number, length: number) => {
    const copy = Buffer.from(token);
    copy.writeUInt16LE(length, at);
    return copy;
  };
  const ack = loginAckToken(ACK);
  const route = envChangeRouting(ROUTE);
  const error = errorToken(LOGIN_FAILED);
  const beyondMessage: [string, Buffer][] = [
    ['SSPI length', withLength(sspiToken(AP_REP), 1, AP_REP.length + 1)],
    ['LOGINACK length', withLength(ack, 1, ack.length - 3 + 1)],
    ['ENVCHANGE length', withLength(route, 1, route.length - 3 + 1)],
    ['ERROR length', withLength(error, 1, error.length - 3 + 1)],
    [
      'NVARCHAR cell',
      Buffer.concat([colMetadataToken(COLUMNS), withLength(rowToken(COLUMNS, ['KERBEROS', 1]), 1, 16 + 5 + 1)]),
    ],
  ];
  for (const [field, bytes] of beyondMessage)
    assert.throws(() => readTokens(bytes), refusedWith('TDS_TOKEN_TRUNCATED'), field);
  const progNameAt = 1 + 2 + 1 + 4; // type, length, interface, TDS version
  const beyondToken: [string, Buffer][] = [
    ['ProgName', Buffer.concat([Buffer.from(ack).fill(0xff, progNameAt, progNameAt + 1), doneToken(done(0))])],
    ['routing value', Buffer.concat([withLength(route, 4, route.length), doneToken(done(0))])],
    ['MsgText', Buffer.concat([withLength(error, 1 + 2 + 4 + 2, 0x7fff), doneToken(done(0))])],
  ];
  for (const [field, bytes] of beyondToken)
    assert.throws(() => readTokens(bytes), refusedWith('TDS_TOKEN_INVALID'), field);
});

// ---- byte layouts from MS-TDS, and tedious reading what the module writes --------------------------------

const hex = (...fields: string[]) => fields.join('');
const ucs2Hex = (text: string) => Buffer.from(text, 'utf16le').toString('hex');

test('the bytes are the layouts MS-TDS defines, field by field', () => {
  const layouts: [string, Buffer, string][] = [
    [
      'packet header (2.2.3.1): Type 0x04, Status EOM, Length BE 9, SPID 0, PacketID 1, Window 0',
      writeMessage(PACKET_TYPE.TABULAR_RESULT, Buffer.from([0xfd])),
      hex('04', '01', '0009', '0000', '01', '00', 'fd'),
    ],
    [
      'PRELOGIN (2.2.6.5): VERSION at 11 (6 bytes), ENCRYPTION at 17 (1 byte), terminator, data',
      writePrelogin({ version: { major: 16, minor: 0, build: 0x1000, subbuild: 0 }, encryption: ENCRYPT.ON }),
      hex('00', '000b', '0006', '01', '0011', '0001', 'ff', '10', '00', '1000', '0000', '01'),
    ],
    ['SSPI (2.2.7.22): 0xED, US_VARBYTE', sspiToken(Buffer.from([0x60, 1, 2])), hex('ed', '0300', '600102')],
    [
      'LOGINACK (2.2.7.14): length, Interface, TDSVersion big-endian, ProgName B_VARCHAR, ProgVersion',
      loginAckToken(ACK),
      hex('ad', '3200', '01', '74000004', '14', ucs2Hex('Microsoft SQL Server'), '10001000'),
    ],
    [
      'ENVCHANGE routing (2.2.7.9): type 20, US_VARBYTE{protocol 0, port, US_VARCHAR server}, empty old value',
      envChangeRouting({ protocol: 0, port: 11000, server: 'node1.example' }),
      hex('e3', '2400', '14', '1f00', '00', 'f82a', '0d00', ucs2Hex('node1.example'), '0000'),
    ],
    [
      'ERROR (2.2.7.10): length, Number, State, Class, MsgText US_VARCHAR, ServerName, ProcName, LineNumber',
      errorToken({ ...LOGIN_FAILED, message: "Login failed for user 'x'.", serverName: 'hostile' }),
      hex(
        'aa',
        '5000',
        '18480000',
        '01',
        '0e',
        '1a00',
        ucs2Hex("Login failed for user 'x'."),
        '07',
        ucs2Hex('hostile'),
        '00',
        '01000000',
      ),
    ],
    [
      'DONE (2.2.7.6): Status ERROR, CurCmd 0, DoneRowCount 0 (ULONGLONG)',
      doneToken(done(DONE_STATUS.ERROR)),
      hex('fd', '0200', '0000', '0000000000000000'),
    ],
  ];
  for (const [name, bytes, expected] of layouts) assert.equal(bytes.toString('hex'), expected, name);
});

test("tedious' parsers read the ERROR and DONE tokens the module writes", () => {
  const options = { tdsVersion: '7_4' } as never;
  const error = errorParser(errorToken(LOGIN_FAILED), 1, options).value;
  assert.deepEqual(
    { number: error.number, state: error.state, class: error.class, message: error.message },
    { number: 18456, state: 1, class: 14, message: LOGIN_FAILED.message },
  );
  assert.equal(error.serverName, 'sqlmi1');
  const doneRead = doneParser(doneToken(selectDone), 1, options).value;
  assert.equal(doneRead.rowCount, ROWS.length);
  assert.equal(doneRead.curCmd, CUR_CMD_SELECT);
  assert.equal(doneRead.more, false);
});

test('the SSPI reader is the one the engine hands to tedious', () => {
  assert.deepEqual(readSspiToken(sspiToken(AP_REP), 1), { value: AP_REP, offset: 3 + AP_REP.length });
});
