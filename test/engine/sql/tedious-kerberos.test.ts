// The tedious coupling, pinned: the version and hooks we rely on, the raw 0xED reader (which must never
// decode NTLM or throw on short payloads), and LOGIN7's SSPI length fields at the 16-bit boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Login7Payload from 'tedious/lib/login7-payload';
import { Connection } from 'tedious';
import { KerbProbeError } from '../../../electron/engine/errors';
import {
  assertTediousCompatible,
  encodeLogin7,
  parseRawSspi,
  RawSspiStreamParser,
  RawSspiToken,
  TEDIOUS_VERSION,
} from '../../../electron/engine/sql/tedious-kerberos';
import { tokens } from './hostile-peer';

const parserOptions = {
  useUTC: true,
  lowerCaseGuids: false,
  tdsVersion: '7_4',
  useColumnNames: false,
  columnNameReplacer: undefined,
  camelCaseColumns: false,
};

function parseAll(chunks: Buffer[]): unknown[] {
  const p = new RawSspiStreamParser(parserOptions);
  const out: unknown[] = [];
  for (const c of chunks) {
    p.write(c);
    for (let t = p.read(); t !== undefined; t = p.read()) out.push(t);
  }
  p.end();
  return out;
}

test('written for the pinned tedious; a different version or a missing hook fails loudly', () => {
  assert.doesNotThrow(() => assertTediousCompatible());
  assert.equal(TEDIOUS_VERSION, '20.3.9');
  assert.throws(
    () => assertTediousCompatible('20.4.0'),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'TEDIOUS_VERSION',
  );
  const proto = Object.create(Connection.prototype) as Record<string, unknown>;
  proto.sendLogin7Packet = undefined;
  assert.throws(() => assertTediousCompatible(TEDIOUS_VERSION, proto), /sendLogin7Packet/);
});

test('0xED payloads of 0–60 bytes come out raw, whatever they contain', () => {
  for (let len = 0; len <= 60; len++) {
    const payload = Buffer.alloc(len, len);
    const [tok, ...rest] = parseAll([Buffer.concat([tokens.sspi(payload), tokens.done()])]);
    assert.ok(tok instanceof RawSspiToken);
    assert.deepEqual(tok.payload, payload);
    assert.equal(rest.length, 1, 'the DONE after it is parsed too');
  }
});

test('a truncated 0xED asks for more bytes and ends in a parse error, not a crash', () => {
  assert.throws(
    () => parseRawSspi(Buffer.from([0xed, 10, 0, 1, 2]), 1),
    (e: unknown) => (e as { byteCount?: number }).byteCount === 13,
  );
  assert.throws(() => parseAll([tokens.sspi(Buffer.alloc(5), 50)]), /unexpected end of data/);
});

test('any split of a reply into chunks parses to the same tokens', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
      const whole = Buffer.concat([tokens.sspi(Buffer.from(bytes)), tokens.loginAck(), tokens.done()]);
      const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let last = 0;
      for (const p of points) {
        chunks.push(whole.subarray(last, p));
        last = p;
      }
      chunks.push(whole.subarray(last));
      const got = parseAll(chunks);
      assert.equal(got.length, 3);
      assert.deepEqual((got[0] as RawSspiToken).payload, Buffer.from(bytes));
    }),
    { numRuns: 300, seed: 5 },
  );
});

function login7With(sspiLength: number): Buffer {
  const p = new Login7Payload({
    tdsVersion: 0x74000004,
    packetSize: 4096,
    clientProgVer: 0,
    clientPid: 1,
    connectionId: 0,
    clientTimeZone: 0,
    clientLcid: 0x409,
  });
  p.sspi = Buffer.alloc(sspiLength, 0x60);
  p.serverName = 'sqlmi1.example.database.windows.net';
  return encodeLogin7(p);
}

test('LOGIN7: fIntSecurity, no credentials, and cbSSPILong from 65535 bytes up', () => {
  for (const [len, cb, cbLong] of [
    [1200, 1200, 0],
    [40000, 40000, 0],
    [65534, 65534, 0],
    [65535, 0xffff, 65535],
    [70000, 0xffff, 70000],
    [200000, 0xffff, 200000],
  ] as const) {
    const login7 = login7With(len);
    assert.equal(login7[25]! & 0x80, 0x80, 'fIntSecurity');
    assert.equal(login7.readUInt16LE(42) + login7.readUInt16LE(46), 0, 'no user name, no password');
    assert.equal(login7.readUInt16LE(80), cb, `cbSSPI for ${len}`);
    assert.equal(login7.readUInt32LE(90), cbLong, `cbSSPILong for ${len}`);
    const ib = login7.readUInt16LE(78);
    assert.equal(
      login7.subarray(ib, ib + len).every((x) => x === 0x60),
      true,
      'the token bytes sit where ibSSPI points',
    );
    assert.equal(login7.readUInt32LE(0), login7.length, 'LOGIN7 length');
    const ibServer = login7.readUInt16LE(52);
    assert.equal(
      login7.subarray(ibServer, ibServer + login7.readUInt16LE(54) * 2).toString('ucs2'),
      'sqlmi1.example.database.windows.net',
      'other fields intact',
    );
  }
});
