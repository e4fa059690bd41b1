import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ENCRYPT, readPrelogin, writePrelogin } from '../../../../electron/engine/sql/tds-protocol/prelogin';
import { ParseError } from '../../../../electron/engine/errors';

// What tedious 20 sends with encrypt: true (version 0.0.0.0, ENCRYPT_ON, INSTOPT, THREADID, MARS, TRACEID,
// FEDAUTHREQUIRED).
function tediousLike(): Buffer {
  return writePrelogin({
    version: { major: 0, minor: 0, build: 0, subbuild: 0 },
    encryption: ENCRYPT.ON,
    instance: Buffer.from([0]),
    threadId: 0,
    mars: 0,
    traceId: Buffer.alloc(36, 7),
    fedAuthRequired: 1,
  });
}

test('round-trips every option', () => {
  const p = readPrelogin(tediousLike());
  assert.equal(p.encryption, ENCRYPT.ON);
  assert.deepEqual(p.version, { major: 0, minor: 0, build: 0, subbuild: 0 });
  assert.equal(p.threadId, 0);
  assert.equal(p.mars, 0);
  assert.equal(p.traceId?.length, 36);
  assert.equal(p.fedAuthRequired, 1);
});

test("parses FreeTDS 1.3's PRELOGIN as captured on the wire", () => {
  // Payload of the PRELOGIN packet tsql 1.3.17 sent to the lab with `encryption = require`.
  const wire = Buffer.from(
    '00001a0006' +
      '0100200001' +
      '020021000c' +
      '03002d0004' +
      '0400310001' +
      'ff' +
      '090000000000' +
      '01' +
      '4d5353514c53657276657200' +
      'f24e0000' +
      '00',
    'hex',
  );
  const prelogin = readPrelogin(wire);
  assert.equal(prelogin.encryption, ENCRYPT.ON);
  assert.deepEqual(prelogin.version, { major: 9, minor: 0, build: 0, subbuild: 0 });
  assert.equal(prelogin.instance?.toString('latin1'), 'MSSQLServer\0');
  assert.equal(prelogin.threadId, 0xf24e0000);
  assert.equal(prelogin.mars, 0);
});

test('malformed option tables are refused with TDS_PRELOGIN_INVALID', () => {
  const bad = [
    Buffer.alloc(0),
    Buffer.from([0x00, 0x00, 0x06]), // truncated entry
    Buffer.from([0x01, 0x00, 0x06, 0x00, 0x01]), // no terminator
    Buffer.from([0x01, 0x00, 0x00, 0x00, 0x01, 0xff, 0x01]), // offset inside the table
    Buffer.from([0x01, 0x00, 0x06, 0x00, 0x09, 0xff, 0x01]), // runs past the end
    Buffer.from([0x01, 0x00, 0x0b, 0x00, 0x01, 0x01, 0x00, 0x0b, 0x00, 0x01, 0xff, 0x01]), // duplicate
    Buffer.from([0x01, 0x00, 0x06, 0x00, 0x02, 0xff, 0x01, 0x01]), // ENCRYPTION of 2 bytes
  ];
  for (const bytes of bad) {
    assert.throws(
      () => readPrelogin(bytes),
      (err: unknown) => err instanceof ParseError && err.code === 'TDS_PRELOGIN_INVALID',
      bytes.toString('hex'),
    );
  }
});

test('fuzz: arbitrary payloads give a value or TDS_PRELOGIN_INVALID, never a crash', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      try {
        readPrelogin(Buffer.from(bytes));
      } catch (err) {
        assert.ok(err instanceof ParseError && err.code === 'TDS_PRELOGIN_INVALID', String(err));
      }
    }),
    { numRuns: 1000 },
  );
});
