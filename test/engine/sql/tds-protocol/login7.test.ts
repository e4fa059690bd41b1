import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Login7Payload from 'tedious/lib/login7-payload';
import {
  readLogin7,
  writeLogin7,
  TDS_VERSION_7_1,
  TDS_VERSION_7_4,
  LOGIN7_FIXED_LENGTH_7_1,
} from '../../../../electron/engine/sql/tds-protocol/login7';
import { MessageAssembler } from '../../../../electron/engine/sql/tds-protocol/message-assembler';
import { PACKET_TYPE, writeMessage } from '../../../../electron/engine/sql/tds-protocol/packet';
import { ParseError } from '../../../../electron/engine/errors';

test("reads tedious' own LOGIN7 (TDS 7.4, feature extension, SSPI)", () => {
  const payload = new Login7Payload({
    tdsVersion: TDS_VERSION_7_4,
    packetSize: 8192,
    clientProgVer: 0,
    clientPid: 42,
    connectionId: 0,
    clientTimeZone: 0,
    clientLcid: 0x409,
  });
  payload.hostname = 'WS-17';
  payload.appName = 'probe';
  payload.serverName = 'sqlmi1.lab.database.windows.net';
  payload.libraryName = 'Tedious';
  payload.database = 'master';
  payload.sspi = Buffer.from('60820a0b06092a864886f712010202', 'hex');
  const login = readLogin7(payload.toBuffer());
  assert.equal(login.tdsVersion, TDS_VERSION_7_4);
  assert.equal(login.packetSize, 8192);
  assert.equal(login.integratedSecurity, true);
  assert.equal(login.hostName, 'WS-17');
  assert.equal(login.serverName, 'sqlmi1.lab.database.windows.net');
  assert.equal(login.database, 'master');
  assert.equal(login.userName, '');
  assert.equal(login.hasPassword, false);
  assert.ok(login.sspi.equals(Buffer.from('60820a0b06092a864886f712010202', 'hex')));
});

test('a token of 65535 bytes or more travels in cbSSPILong', () => {
  const big = Buffer.alloc(70000, 0x5a);
  const bytes = writeLogin7({ sspi: big, database: 'master' });
  assert.equal(bytes.readUInt16LE(80), 0xffff);
  assert.equal(bytes.readUInt32LE(90), 70000);
  const l = readLogin7(bytes);
  assert.equal(l.sspi.length, 70000);
  assert.ok(l.sspi.equals(big));
  assert.equal(l.database, 'master');
});

test('SQL authentication is recognised without ever decoding the password', () => {
  const payload = new Login7Payload({
    tdsVersion: TDS_VERSION_7_4,
    packetSize: 4096,
    clientProgVer: 0,
    clientPid: 1,
    connectionId: 0,
    clientTimeZone: 0,
    clientLcid: 0,
  });
  payload.hostname = 'WS-17';
  payload.userName = 'sa';
  payload.password = 'S3cret!';
  const login = readLogin7(payload.toBuffer());
  assert.equal(login.integratedSecurity, false);
  assert.equal(login.userName, 'sa');
  assert.equal(login.hasPassword, true);
  assert.ok(!JSON.stringify(login).includes('S3cret'));
});

test('lengths that point outside the record are refused with TDS_LOGIN7_INVALID', () => {
  const good = writeLogin7({ sspi: Buffer.alloc(100, 1), database: 'master' });
  const cases: [string, (bytes: Buffer) => void][] = [
    ['short', () => undefined],
    ['length field larger than data', (b) => b.writeUInt32LE(b.length + 10, 0)],
    ['SSPI past the end', (b) => b.writeUInt16LE(5000, 80)],
    [
      'cbSSPILong past the end',
      (b) => {
        b.writeUInt16LE(0xffff, 80);
        b.writeUInt32LE(1 << 30, 90);
      },
    ],
    [
      'name inside the fixed part',
      (b) => {
        b.writeUInt16LE(10, 68);
      },
    ],
  ];
  for (const [name, mutate] of cases) {
    const bytes = name === 'short' ? good.subarray(0, 60) : Buffer.from(good);
    mutate(bytes);
    assert.throws(
      () => readLogin7(bytes),
      (err: unknown) => err instanceof ParseError && err.code === 'TDS_LOGIN7_INVALID',
      name,
    );
  }
});

test('fuzz: mutated LOGIN7 records give a value or TDS_LOGIN7_INVALID', () => {
  const base = writeLogin7({ sspi: Buffer.alloc(64, 3), database: 'master', serverName: 'x' });
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(255)), { maxLength: 8 }),
      fc.nat(base.length),
      (edits, cut) => {
        const b = Buffer.from(base.subarray(0, cut));
        for (const [i, v] of edits) if (i < b.length) b[i] = v;
        try {
          readLogin7(b);
        } catch (err) {
          assert.ok(err instanceof ParseError && err.code === 'TDS_LOGIN7_INVALID', String(err));
        }
      },
    ),
    { numRuns: 1000 },
  );
});

/** A LOGIN7 as a TDS 7.1 client lays it out, byte by byte (not through writeLogin7): an 86-byte fixed
 *  part with no ibChangePassword/cchChangePassword/cbSSPILong, and every empty field at offset 0. */
function tds71Login7(sspi: Buffer): Buffer {
  const fixed = Buffer.alloc(86);
  fixed.writeUInt32LE(0x71000001, 4); // TDS 7.1 rev 1, as FreeTDS sends it
  fixed.writeUInt32LE(4096, 8);
  fixed.writeUInt32LE(0x06000000, 12);
  fixed.writeUInt32LE(4242, 16);
  fixed.writeUInt8(0xe0, 24);
  fixed.writeUInt8(0x03 | 0x80, 25); // integrated security
  fixed.writeUInt32LE(0x0409, 32);
  const vars: Buffer[] = [];
  let at = 86;
  const put = (slot: number, s: string): void => {
    const b = Buffer.from(s, 'utf16le');
    fixed.writeUInt16LE(at, slot);
    fixed.writeUInt16LE(s.length, slot + 2);
    vars.push(b);
    at += b.length;
  };
  put(36, 'WS-17'); // hostname
  // user name, password: empty, offset 0
  put(48, 'TSQL'); // app name
  put(52, 'sqlmi1.lab.database.windows.net');
  // 56: unused, offset 0
  put(60, 'freetds');
  // language: empty, offset 0
  put(68, 'master');
  fixed.writeUInt16LE(at, 78);
  fixed.writeUInt16LE(sspi.length, 80);
  vars.push(sspi);
  // 82: AtchDBFile empty, offset 0
  const out = Buffer.concat([fixed, ...vars]);
  out.writeUInt32LE(out.length, 0);
  return out;
}

test('reads the TDS 7.1 layout: an 86-byte fixed part and empty fields at offset 0', () => {
  const token = Buffer.from('60820a0b06092a864886f712010202', 'hex');
  const bytes = tds71Login7(token);
  assert.equal(bytes.readUInt16LE(36), 86, 'the host name starts right after the 86-byte fixed part');
  const login = readLogin7(bytes);
  assert.equal(login.tdsVersion, 0x71000001);
  assert.equal(login.integratedSecurity, true);
  assert.equal(login.hostName, 'WS-17');
  assert.equal(login.userName, '');
  assert.equal(login.hasPassword, false);
  assert.equal(login.appName, 'TSQL');
  assert.equal(login.serverName, 'sqlmi1.lab.database.windows.net');
  assert.equal(login.libraryName, 'freetds');
  assert.equal(login.language, '');
  assert.equal(login.database, 'master');
  assert.ok(login.sspi.equals(token));
});

test('every layout SQL Server accepts parses, also when the stream is split at every byte offset', () => {
  const token = Buffer.alloc(300, 7);
  const layouts: [string, Buffer][] = [
    ['TDS 7.1 by hand', tds71Login7(token)],
    ['TDS 7.0 (86 bytes)', writeLogin7({ tdsVersion: 0x70000000, sspi: token, database: 'master' })],
    [
      'TDS 7.1 (86 bytes, empty at 0)',
      writeLogin7({ tdsVersion: TDS_VERSION_7_1, sspi: token, database: 'master', emptyAtZero: true }),
    ],
    ['TDS 7.2 (94 bytes)', writeLogin7({ tdsVersion: 0x72090002, sspi: token, database: 'master' })],
    [
      'TDS 7.4 (94 bytes, empty at 0)',
      writeLogin7({ tdsVersion: TDS_VERSION_7_4, sspi: token, database: 'master', emptyAtZero: true }),
    ],
    ['TDS 8.0 (94 bytes)', writeLogin7({ tdsVersion: 0x08000000, sspi: token, database: 'master' })],
  ];
  assert.equal(layouts[1]![1].readUInt16LE(36), LOGIN7_FIXED_LENGTH_7_1);
  assert.equal(layouts[3]![1].readUInt16LE(36), 94);
  for (const [name, payload] of layouts) {
    const whole = readLogin7(payload);
    assert.equal(whole.database, 'master', name);
    assert.ok(whole.sspi.equals(token), name);
    const wire = writeMessage(PACKET_TYPE.LOGIN7, payload, { packetSize: 512 });
    for (let cut = 0; cut <= wire.length; cut++) {
      const assembler = new MessageAssembler({ maxPacketSize: 4096, maxMessageSize: 1 << 20 });
      const got = [...assembler.push(wire.subarray(0, cut)), ...assembler.push(wire.subarray(cut))];
      assert.equal(got.length, 1, `${name}, cut at ${cut}`);
      assert.deepEqual(readLogin7(got[0]!.payload), whole, `${name}, cut at ${cut}`);
    }
  }
});

test('a TDS 7.1 record still refuses fields inside its 86-byte fixed part and 7.2+ ones inside 94', () => {
  const old = tds71Login7(Buffer.alloc(8, 1));
  old.writeUInt16LE(80, 36);
  assert.throws(
    () => readLogin7(old),
    (err: unknown) => err instanceof ParseError && err.code === 'TDS_LOGIN7_INVALID',
  );
  const v74 = writeLogin7({ database: 'master' });
  v74.writeUInt16LE(88, 68);
  assert.throws(
    () => readLogin7(v74),
    (err: unknown) => err instanceof ParseError && err.code === 'TDS_LOGIN7_INVALID',
  );
  assert.throws(
    () => readLogin7(tds71Login7(Buffer.alloc(0)).subarray(0, 85)),
    (err: unknown) => err instanceof ParseError && err.code === 'TDS_LOGIN7_INVALID',
  );
});
