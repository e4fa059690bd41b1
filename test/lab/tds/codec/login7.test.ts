import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Login7Payload from 'tedious/lib/login7-payload';
import { readLogin7, writeLogin7, TDS_VERSION_7_4 } from '../../../../electron/lab/tds/codec/login7';
import { ParseError } from '../../../../electron/engine/errors';

test("reads tedious' own LOGIN7 (TDS 7.4, feature extension, SSPI)", () => {
  const p = new Login7Payload({ tdsVersion: TDS_VERSION_7_4, packetSize: 8192, clientProgVer: 0, clientPid: 42, connectionId: 0, clientTimeZone: 0, clientLcid: 0x409 });
  p.hostname = 'WS-17';
  p.appName = 'probe';
  p.serverName = 'sqlmi1.lab.database.windows.net';
  p.libraryName = 'Tedious';
  p.database = 'master';
  p.sspi = Buffer.from('60820a0b06092a864886f712010202', 'hex');
  const l = readLogin7(p.toBuffer());
  assert.equal(l.tdsVersion, TDS_VERSION_7_4);
  assert.equal(l.packetSize, 8192);
  assert.equal(l.integratedSecurity, true);
  assert.equal(l.hostName, 'WS-17');
  assert.equal(l.serverName, 'sqlmi1.lab.database.windows.net');
  assert.equal(l.database, 'master');
  assert.equal(l.userName, '');
  assert.equal(l.hasPassword, false);
  assert.ok(l.sspi.equals(Buffer.from('60820a0b06092a864886f712010202', 'hex')));
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
  const p = new Login7Payload({ tdsVersion: TDS_VERSION_7_4, packetSize: 4096, clientProgVer: 0, clientPid: 1, connectionId: 0, clientTimeZone: 0, clientLcid: 0 });
  p.hostname = 'WS-17';
  p.userName = 'sa';
  p.password = 'S3cret!';
  const l = readLogin7(p.toBuffer());
  assert.equal(l.integratedSecurity, false);
  assert.equal(l.userName, 'sa');
  assert.equal(l.hasPassword, true);
  assert.ok(!JSON.stringify(l).includes('S3cret'));
});

test('lengths that point outside the record are refused with TDS_LOGIN7_INVALID', () => {
  const good = writeLogin7({ sspi: Buffer.alloc(100, 1), database: 'master' });
  const cases: [string, (b: Buffer) => void][] = [
    ['short', () => undefined],
    ['length field larger than data', (b) => b.writeUInt32LE(b.length + 10, 0)],
    ['SSPI past the end', (b) => b.writeUInt16LE(5000, 80)],
    ['cbSSPILong past the end', (b) => { b.writeUInt16LE(0xffff, 80); b.writeUInt32LE(1 << 30, 90); }],
    ['name inside the fixed part', (b) => { b.writeUInt16LE(10, 68); }],
  ];
  for (const [name, mutate] of cases) {
    const b = name === 'short' ? good.subarray(0, 60) : Buffer.from(good);
    mutate(b);
    assert.throws(() => readLogin7(b), (err: unknown) => err instanceof ParseError && err.code === 'TDS_LOGIN7_INVALID', name);
  }
});

test('fuzz: mutated LOGIN7 records give a value or TDS_LOGIN7_INVALID', () => {
  const base = writeLogin7({ sspi: Buffer.alloc(64, 3), database: 'master', serverName: 'x' });
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(255)), { maxLength: 8 }), fc.nat(base.length), (edits, cut) => {
    const b = Buffer.from(base.subarray(0, cut));
    for (const [i, v] of edits) if (i < b.length) b[i] = v;
    try { readLogin7(b); } catch (err) { assert.ok(err instanceof ParseError && err.code === 'TDS_LOGIN7_INVALID', String(err)); }
  }), { numRuns: 1000 });
});
