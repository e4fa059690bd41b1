// Every parser that reads bytes or text we did not write, as a fuzz target: its inputs (generated, and
// mutations of real fixtures or builder output), the call, the invariants a result must keep, and the
// typed errors it may end in. Shared by the 10,000-case run in `npm test` and `npm run fuzz`.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { NotEnoughDataError } from 'tedious/lib/token/helpers';
import { parseCcache } from '../../../electron/engine/tickets/ccache';
import { parseWindowsKlist } from '../../../electron/engine/tickets/windows-klist';
import { parseKlistGet } from '../../../electron/engine/tickets/windows-klist-get';
import { parseKlistTgt } from '../../../electron/engine/tickets/windows-klist-tgt';
import { parseCloudDebug } from '../../../electron/engine/environment/windows-cloud-debug';
import { parseDsregcmd } from '../../../electron/engine/environment/dsregcmd';
import { parseMitKlist } from '../../../electron/engine/tickets/mit-klist';
import { inspectToken } from '../../../electron/engine/krb-wire/token-inspect';
import { parseKdcReply } from '../../../electron/engine/net/kdc-reply';
import { decodeProxyMessage, encodeProxyMessage } from '../../../electron/engine/net/kkdcp';
import { parseRawSspi, RawSspiStreamParser, RawSspiToken } from '../../../electron/engine/sql/tedious-kerberos';
import { MessageAssembler } from '../../../electron/engine/sql/tds-protocol/message-assembler';
import { PACKET_TYPE, writeMessage } from '../../../electron/engine/sql/tds-protocol/packet';
import { ENCRYPT, readPrelogin, writePrelogin } from '../../../electron/engine/sql/tds-protocol/prelogin';
import { readLogin7, writeLogin7 } from '../../../electron/engine/sql/tds-protocol/login7';
import { colMetadataToken, rowToken, type Column } from '../../../electron/engine/sql/tds-protocol/result-set-tokens';
import { doneToken } from '../../../electron/engine/sql/tds-protocol/done-token';
import { envChangeRouting, envChangeText } from '../../../electron/engine/sql/tds-protocol/env-change-token';
import { errorToken, infoToken } from '../../../electron/engine/sql/tds-protocol/server-message-token';
import { loginAckToken } from '../../../electron/engine/sql/tds-protocol/login-ack-token';
import { readTokens } from '../../../electron/engine/sql/tds-protocol/token-stream';
import { sspiToken } from '../../../electron/engine/sql/tds-protocol/sspi-token';
import {
  apRep,
  apReq,
  krb5Token,
  krbError,
  negTokenResp,
  ntlm,
  OIDS,
  spnegoInit,
} from '../../engine/krb-wire/token-fixtures';
import { buildCcache, derTicket } from '../../engine/tickets/ccache-builder';
import { tokens as tdsTokens } from '../../engine/sql/hostile-peer';
import { type FuzzTarget, kerbProbeCode } from './harness';
import { anyBytes, anyText, chunked, mutatedBytes } from './mutate';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
function texts(dir: string, match: RegExp): string[] {
  const found = readdirSync(fixtures + dir)
    .filter((f) => match.test(f) && !f.includes('utf16'))
    .sort()
    .map((f) => readFileSync(`${fixtures}${dir}/${f}`, 'utf8'));
  if (found.length === 0) throw new Error(`no fixtures in ${dir} match ${match}`);
  return found;
}

const textTarget = (name: string, seeds: string[], parse: (s: string) => unknown): FuzzTarget<string> => ({
  name,
  input: anyText(seeds),
  run: (s) => {
    parse(s);
  },
});

// ---- ccache ---------------------------------------------------------------------------------------
const KEY = Buffer.alloc(32, 0xa5);
const cred = (server: string[], realm: string, etype: number) => ({
  client: { realm: 'CONTOSO.TEST', components: ['alice'] },
  server: { realm, components: server },
  keyEnctype: etype,
  key: KEY.subarray(0, etype === 17 ? 16 : 32),
  times: [1_800_000_000, 1_800_000_000, 1_800_036_000, 1_800_604_800] as [number, number, number, number],
  flags: 0x40e10000,
  ticket: derTicket(etype, 2, Buffer.alloc(120, 7)),
});
const ccacheSeeds: Uint8Array[] = [
  ...readdirSync(`${fixtures}ccache`)
    .filter((f) => f.endsWith('.ccache'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(`${fixtures}ccache/${f}`))),
  ...([1, 2, 3, 4] as const).map((v) =>
    buildCcache(v, { realm: 'CONTOSO.TEST', components: ['alice'] }, [
      cred(['krbtgt', 'CONTOSO.TEST'], 'CONTOSO.TEST', 18),
      cred(['MSSQLSvc', 'sqlmi1.example.database.windows.net:1433'], 'KERBEROS.MICROSOFTONLINE.COM', 17),
    ]),
  ),
];

const ccache: FuzzTarget<Buffer> = {
  name: 'ccache',
  input: anyBytes(ccacheSeeds, 800),
  run: (b) => {
    const c = parseCcache(b);
    // The parser keeps no key bytes: the planted key must not come back in any form.
    assert.ok(!JSON.stringify(c).includes(KEY.toString('hex')), 'key bytes in the parse result');
  },
};

// ---- Kerberos tokens, KDC replies, KKDCP ------------------------------------------------------------
const REALM = 'KERBEROS.MICROSOFTONLINE.COM';
const SNAME = ['MSSQLSvc', 'sqlmi1.example.database.windows.net:1433'];
const tokenSeeds = [
  krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME, etype: 18, kvno: 3 })),
  krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME, etype: 23, kvno: null, mutual: false })),
  spnegoInit([OIDS.msKrb5, OIDS.krb5], krb5Token(0x0100, apReq({ realm: REALM, sname: SNAME }))),
  spnegoInit([OIDS.ntlm], ntlm(1)),
  negTokenResp(0, OIDS.krb5, krb5Token(0x0200, apRep())),
  negTokenResp(2, null),
  krb5Token(0x0300, krbError(7, { eText: 'x' })),
  ntlm(1),
  ntlm(2),
  ntlm(3),
];
const token: FuzzTarget<Buffer | string> = {
  name: 'token inspector',
  input: fc.oneof(
    anyBytes(tokenSeeds),
    mutatedBytes(tokenSeeds).map((b) => b.toString('base64')),
  ),
  run: (b) => {
    assert.ok(['spnego', 'krb5', 'ntlm'].includes(inspectToken(b).mechanism));
  },
  typed: (e) => kerbProbeCode(e, ['TOKEN_MALFORMED']),
};

const kdcSeeds = [
  krbError(6, { realm: 'CONTOSO.TEST', eText: 'CLIENT_NOT_FOUND' }),
  krbError(25, { realm: REALM, stime: new Date(2027, 0, 1), susec: 999_999 }),
  krbError(7, { realm: REALM }),
  krbError(68),
];
const kdcReply: FuzzTarget<Buffer> = {
  name: 'KDC reply',
  input: anyBytes(kdcSeeds),
  run: (b) => {
    parseKdcReply(b);
  },
  typed: (e) => kerbProbeCode(e, ['KDC_REPLY_MALFORMED']),
};

const kkdcp: FuzzTarget<Buffer> = {
  name: 'KKDCP decoder',
  input: anyBytes(kdcSeeds.map((k) => encodeProxyMessage(k, REALM))),
  // The probe's own path: unwrap the proxy message, then read the Kerberos reply inside.
  run: (b) => {
    parseKdcReply(decodeProxyMessage(b));
  },
  typed: (e) => kerbProbeCode(e, ['KKDCP_REPLY_MALFORMED', 'KDC_REPLY_MALFORMED']),
};

// ---- our TDS login path: the raw 0xED reader ---------------------------------------------------------
const parserOptions = {
  useUTC: true,
  lowerCaseGuids: false,
  tdsVersion: '7_4',
  useColumnNames: false,
  columnNameReplacer: undefined,
  camelCaseColumns: false,
};
/** tedious' parsers signal "wait for more bytes" with NotEnoughDataError; the stream parser relies on it. */
const needMore = (e: unknown): string | undefined => (e instanceof NotEnoughDataError ? 'NOT_ENOUGH_DATA' : undefined);

const rawSspi: FuzzTarget<{ buf: Buffer; offset: number } | { chunks: Buffer[]; payload: Buffer }> = {
  name: 'TDS 0xED (parseRawSspi)',
  input: fc.oneof(
    // Direct: arbitrary and mutated bytes at an arbitrary offset.
    fc
      .tuple(
        anyBytes(
          [
            tdsTokens.sspi(Buffer.alloc(40, 0x60)),
            tdsTokens.sspi(Buffer.alloc(0)),
            tdsTokens.sspi(Buffer.alloc(5), 400),
          ],
          300,
        ),
        fc.nat(8),
      )
      .map(([buf, o]) => ({ buf, offset: Math.min(o, buf.length) })),
    // Through the stream parser, split anywhere, as the connection feeds it.
    fc.uint8Array({ maxLength: 400 }).chain((p) =>
      chunked(fc.constant(Buffer.concat([tdsTokens.sspi(Buffer.from(p)), tdsTokens.done()]))).map((chunks) => ({
        chunks,
        payload: Buffer.from(p),
      })),
    ),
  ),
  run: (x) => {
    if ('buf' in x) {
      try {
        const r = parseRawSspi(x.buf, x.offset);
        const len = x.buf.readUInt16LE(x.offset);
        assert.deepEqual(r.value.payload, x.buf.subarray(x.offset + 2, x.offset + 2 + len));
        assert.equal(r.offset, x.offset + 2 + len);
      } catch (e) {
        if (e instanceof NotEnoughDataError) assert.ok(e.byteCount > x.buf.length, 'asks for bytes it already has');
        throw e;
      }
      return;
    }
    const p = new RawSspiStreamParser(parserOptions);
    const got: unknown[] = [];
    for (const c of x.chunks) {
      p.write(c);
      for (let t = p.read(); t !== undefined; t = p.read()) got.push(t);
    }
    assert.equal(got.length, 2, 'the 0xED token and the DONE after it');
    assert.ok(got[0] instanceof RawSspiToken);
    assert.deepEqual(got[0].payload, x.payload);
  },
  typed: needMore,
};

// ---- the lab TDS server's codec ------------------------------------------------------------------------
const columns: Column[] = [
  { name: 'login', type: 'nvarchar', maxChars: 128 },
  { name: 'n', type: 'int' },
];
const responseSeeds = [
  Buffer.concat([
    sspiToken(Buffer.alloc(90, 0x6f)),
    loginAckToken({
      interface: 1,
      tdsVersion: 0x74000004,
      progName: 'Microsoft SQL Server',
      major: 16,
      minor: 0,
      buildHi: 0x10,
      buildLow: 0,
    }),
    envChangeText(1, 'master', ''),
    doneToken({ status: 0, curCmd: 0, rowCount: 0n }),
  ]),
  Buffer.concat([
    colMetadataToken(columns),
    rowToken(columns, ['alice@contoso.test', 1]),
    rowToken(columns, [null, null]),
    doneToken({ status: 0x10, curCmd: 0xc1, rowCount: 2n }),
  ]),
  Buffer.concat([
    errorToken({
      number: 18456,
      state: 1,
      class: 14,
      message: "Login failed for user 'alice@contoso.test'.",
      serverName: 'sqlmi1',
      procName: '',
      lineNumber: 1,
    }),
    infoToken({
      number: 5701,
      state: 2,
      class: 0,
      message: 'Changed database context',
      serverName: 'sqlmi1',
      procName: '',
      lineNumber: 1,
    }),
    doneToken({ status: 2, curCmd: 0, rowCount: 0n }),
  ]),
  Buffer.concat([
    envChangeRouting({ protocol: 0, port: 11000, server: 'node1.example.database.windows.net' }),
    doneToken({ status: 0, curCmd: 0, rowCount: 0n }),
  ]),
];
const preloginSeeds = [
  writePrelogin({
    version: { major: 16, minor: 0, build: 1000, subbuild: 0 },
    encryption: ENCRYPT.ON,
    instance: Buffer.from([0]),
    threadId: 7,
    mars: 0,
    traceId: Buffer.alloc(36, 1),
    fedAuthRequired: 1,
  }),
  writePrelogin({ encryption: ENCRYPT.REQ }),
];
const login7Seeds = [
  writeLogin7({
    hostName: 'WS01',
    appName: 'kerbprobe',
    serverName: 'sqlmi1.example.database.windows.net',
    database: 'master',
    sspi: Buffer.alloc(200, 0x60),
  }),
  writeLogin7({ userName: 'alice', sspi: Buffer.alloc(0) }),
];
const packetSeeds = [
  writeMessage(PACKET_TYPE.PRELOGIN, preloginSeeds[0]!),
  writeMessage(PACKET_TYPE.LOGIN7, login7Seeds[0]!, { packetSize: 512 }),
  writeMessage(PACKET_TYPE.TABULAR_RESULT, responseSeeds[1]!, { packetSize: 512 }),
];

const tdsPackets: FuzzTarget<Buffer[]> = {
  name: 'lab TDS packet stream',
  input: chunked(anyBytes(packetSeeds, 1200)),
  run: (chunks) => {
    const a = new MessageAssembler({ maxPacketSize: 4096, maxMessageSize: 16_384 });
    for (const c of chunks) for (const m of a.push(c)) assert.ok(m.payload.length <= 16_384);
    assert.ok(a.buffered <= 16_384 + 4096, 'buffers beyond its limits');
  },
};
const tdsPrelogin: FuzzTarget<Buffer> = {
  name: 'lab TDS PRELOGIN',
  input: anyBytes(preloginSeeds, 200),
  run: (b) => {
    readPrelogin(b);
  },
};
const tdsLogin7: FuzzTarget<Buffer> = {
  name: 'lab TDS LOGIN7',
  input: anyBytes(login7Seeds, 600),
  run: (b) => {
    readLogin7(b);
  },
};
const tdsTokensTarget: FuzzTarget<Buffer> = {
  name: 'lab TDS tokens',
  input: anyBytes(responseSeeds, 600),
  run: (b) => {
    readTokens(b);
  },
};

export const targets: FuzzTarget<never>[] = [
  ccache,
  textTarget('Windows klist', texts('windows', /^klist-(?!get|tgt|cloud-debug)/), (s) => parseWindowsKlist(s)),
  textTarget('Windows klist get', texts('windows', /^klist-get-/), (s) => parseKlistGet(s)),
  textTarget('Windows klist tgt', texts('windows', /^klist-tgt/), (s) => parseKlistTgt(s)),
  textTarget('Windows cloud_debug', texts('windows', /^klist-cloud-debug/), parseCloudDebug),
  textTarget('dsregcmd', texts('windows', /^dsregcmd/), parseDsregcmd),
  textTarget('MIT klist', texts('ccache', /\.klist$/), (s) => parseMitKlist(s)),
  token,
  kdcReply,
  kkdcp,
  rawSspi,
  tdsPackets,
  tdsPrelogin,
  tdsLogin7,
  tdsTokensTarget,
] as FuzzTarget<never>[];
