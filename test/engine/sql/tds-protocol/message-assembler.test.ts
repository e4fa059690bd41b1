import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MessageAssembler } from '../../../../electron/engine/sql/tds-protocol/message-assembler';
import { PACKET_TYPE, writeMessage } from '../../../../electron/engine/sql/tds-protocol/packet';
import { ParseError } from '../../../../electron/engine/errors';

const limits = { maxPacketSize: 4096, maxMessageSize: 64 * 1024 };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ParseError ? err.code : `not a ParseError: ${String(err)}`;
  }
  return undefined;
}

test('a multi-packet message re-assembles identically when the stream is split at every byte offset', () => {
  const payload = Buffer.from(Array.from({ length: 9000 }, (_, i) => i % 251));
  const wire = Buffer.concat([
    writeMessage(PACKET_TYPE.SQL_BATCH, payload, { packetSize: 4096 }),
    writeMessage(PACKET_TYPE.ATTENTION, Buffer.alloc(0)),
  ]);
  for (let cut = 0; cut <= wire.length; cut++) {
    const assembler = new MessageAssembler(limits);
    const got = [...assembler.push(wire.subarray(0, cut)), ...assembler.push(wire.subarray(cut))];
    assert.equal(got.length, 2, `cut at ${cut}`);
    assert.equal(got[0]!.type, PACKET_TYPE.SQL_BATCH);
    assert.ok(got[0]!.payload.equals(payload), `cut at ${cut}`);
    assert.equal(got[1]!.type, PACKET_TYPE.ATTENTION);
    assert.equal(assembler.buffered, 0);
  }
});

test('byte-at-a-time delivery yields the same messages', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 512, max: 4096 }), (bytes, size) => {
      const payload = Buffer.from(bytes);
      const wire = writeMessage(PACKET_TYPE.LOGIN7, payload, { packetSize: size });
      const a = new MessageAssembler(limits);
      const got = [];
      for (const b of wire) got.push(...a.push(Buffer.from([b])));
      assert.equal(got.length, 1);
      assert.ok(got[0]!.payload.equals(payload));
    }),
    { numRuns: 50 },
  );
});

test('an incomplete packet is held, not an error', () => {
  const wire = writeMessage(PACKET_TYPE.PRELOGIN, Buffer.alloc(40, 1));
  const a = new MessageAssembler(limits);
  assert.deepEqual(a.push(wire.subarray(0, 20)), []);
  assert.equal(a.buffered, 20);
});

test('hostile framing is refused with stable codes', () => {
  const header = (type: number, status: number, length: number) => {
    const b = Buffer.alloc(8);
    b.writeUInt8(type, 0);
    b.writeUInt8(status, 1);
    b.writeUInt16BE(length, 2);
    return b;
  };
  assert.equal(
    codeOf(() => new MessageAssembler(limits).push(header(0x12, 1, 4))),
    'TDS_PACKET_LENGTH',
  );
  assert.equal(
    codeOf(() => new MessageAssembler(limits).push(header(0x12, 1, 8000))),
    'TDS_PACKET_TOO_LARGE',
  );
  assert.equal(
    codeOf(() => new MessageAssembler(limits).push(header(0x77, 1, 8))),
    'TDS_PACKET_TYPE',
  );
  const interleaved = Buffer.concat([header(0x01, 0, 9), Buffer.from([1]), header(0x10, 1, 8)]);
  assert.equal(
    codeOf(() => new MessageAssembler(limits).push(interleaved)),
    'TDS_PACKET_INTERLEAVED',
  );
  const small = new MessageAssembler({ maxPacketSize: 4096, maxMessageSize: 100 });
  assert.equal(
    codeOf(() => small.push(writeMessage(PACKET_TYPE.SQL_BATCH, Buffer.alloc(200)))),
    'TDS_MESSAGE_TOO_LARGE',
  );
});

test('fuzz: random bytes never throw anything but ParseError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        new MessageAssembler(limits).push(Buffer.from(bytes));
      } catch (err) {
        assert.ok(err instanceof ParseError, String(err));
      }
    }),
    { numRuns: 500 },
  );
});
