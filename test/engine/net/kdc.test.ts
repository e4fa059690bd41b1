// The KDC probe against hostile fake KDCs on loopback: every bad reply is a typed failure within budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { probeKdc, probeRealmKdcs } from '../../../electron/engine/net/kdc';
import { parseKdcReply } from '../../../electron/engine/net/kdc-reply';
import { ParseError } from '../../../electron/engine/errors';
import { freePort } from '../../../electron/lab/ports';
import { krbError } from '../krb-wire/token-fixtures';
import { frame, startFakeKdc } from './fake-kdc';
import fc from 'fast-check';

const REALM = 'EXAMPLE.TEST';

/** A fake KDC closed when the test ends; returns its port. */
async function fakeKdc(
  onData: (c: Socket, d: Buffer) => void,
  t: { after: (fn: () => Promise<void>) => void },
): Promise<number> {
  const kdc = await startFakeKdc(onData);
  t.after(() => kdc.close());
  return kdc.port;
}

test('a KRB-ERROR answer proves the KDC and measures its clock', async (t) => {
  const port = await fakeKdc((c, d) => {
    assert.equal(d.readUInt32BE(0), d.length - 4, 'the probe frames its AS-REQ');
    assert.equal(d[4], 0x6a, 'an AS-REQ ([APPLICATION 10])');
    c.end(
      frame(
        krbError(6, { realm: REALM, stime: new Date(Date.now() + 600_000), susec: 250_000, eText: 'CLIENT_NOT_FOUND' }),
      ),
    );
  }, t);
  const r = await probeKdc({ realm: REALM, host: '127.0.0.1', port, transport: 'tcp', budgetMs: 1000 });
  assert.equal(r.ok, true);
  assert.equal(r.krbError?.name, 'KDC_ERR_C_PRINCIPAL_UNKNOWN');
  assert.ok(r.clock && Math.abs(r.clock.skewSeconds - 600) < 3, `skew ${r.clock?.skewSeconds}`);
  assert.equal(r.clock?.withinTolerance, false);
});

test('hostile KDCs: garbage, truncated, huge, wrong realm, silent, closing: typed failures in budget', async (t) => {
  const cases: [string, (c: Socket, d: Buffer) => void, string][] = [
    ['garbage', (c) => c.end(frame(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))), 'protocol'],
    ['truncated', (c) => c.end(Buffer.concat([Buffer.from([0, 0, 0, 200]), krbError(6).subarray(0, 20)])), 'protocol'],
    ['huge', (c) => c.write(Buffer.from([0x00, 0xff, 0xff, 0xff, 1, 2, 3])), 'protocol'],
    ['reserved bit', (c) => c.write(Buffer.from([0x80, 0, 0, 4, 1, 2, 3, 4])), 'protocol'],
    ['wrong realm', (c) => c.end(frame(krbError(6, { realm: 'OTHER.TEST' }))), 'protocol'],
    [
      'trailing bytes',
      (c) => c.end(Buffer.concat([frame(krbError(6, { realm: REALM })), Buffer.from([1])])),
      'protocol',
    ],
    ['silent', () => undefined, 'timeout'],
    ['closing', (c) => c.destroy(), 'closed'],
  ];
  await Promise.all(
    cases.map(async ([name, behave, failure]) => {
      const port = await fakeKdc(behave, t);
      const t0 = performance.now();
      const r = await probeKdc({ realm: REALM, host: '127.0.0.1', port, transport: 'tcp', budgetMs: 400 });
      const ms = performance.now() - t0;
      assert.equal(r.ok, false, name);
      assert.equal(r.failure, failure, `${name}: ${r.detail}`);
      assert.ok(ms < 900, `${name} took ${ms} ms`);
      assert.ok(r.evidence.length > 0);
    }),
  );
});

test('UDP: an answer and a silent port', async (t) => {
  const udp = createSocket('udp4');
  udp.on('message', (m, rinfo) => udp.send(krbError(25, { realm: REALM }), rinfo.port, rinfo.address));
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  const silent = createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
  t.after(() => {
    udp.close();
    silent.close();
  });
  const ok = await probeKdc({
    realm: REALM,
    host: '127.0.0.1',
    port: udp.address().port,
    transport: 'udp',
    budgetMs: 800,
  });
  assert.equal(ok.ok, true);
  assert.equal(ok.krbError?.name, 'KDC_ERR_PREAUTH_REQUIRED');
  const t0 = performance.now();
  const none = await probeKdc({
    realm: REALM,
    host: '127.0.0.1',
    port: silent.address().port,
    transport: 'udp',
    budgetMs: 300,
  });
  assert.equal(none.failure, 'timeout');
  assert.ok(performance.now() - t0 < 700);
});

test('a refused TCP port is reported as refused', async () => {
  const closed = await freePort(); // bound and closed again: nothing listens there
  const r = await probeKdc({ realm: REALM, host: '127.0.0.1', port: closed, transport: 'tcp', budgetMs: 500 });
  assert.equal(r.failure, 'refused');
});

test('property: arbitrary and mutated KDC replies only ever give KDC_REPLY_MALFORMED', () => {
  const seed = krbError(6, { realm: REALM, eText: 'x' });
  const inputs = fc.oneof(
    fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
    fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([p, v, cut]) => {
      const b = Buffer.from(seed);
      const i = p % b.length;
      if (cut) return b.subarray(0, i);
      b[i] = v;
      return b;
    }),
  );
  fc.assert(
    fc.property(inputs, (b) => {
      try {
        parseKdcReply(b);
      } catch (e) {
        if (!(e instanceof ParseError && e.code === 'KDC_REPLY_MALFORMED')) throw e;
      }
    }),
    { numRuns: 10_000, seed: 4120 },
  );
});

test('a realm probe builds its AS-REQ once: the message sized for UDP is the one sent on every transport', async (t) => {
  // Building an AS-REQ is a few milliseconds of the check's start (the SQL connection waits for the same thread).
  const requests: Buffer[] = [];
  const port = await fakeKdc((c, d) => {
    requests.push(d.subarray(4));
    c.end(frame(krbError(25, { realm: REALM })));
  }, t);
  const udp = createSocket('udp4');
  udp.on('message', (d, from) => {
    requests.push(d);
    udp.send(krbError(25, { realm: REALM }), from.port, from.address);
  });
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
  t.after(() => udp.close());
  const results = await probeRealmKdcs({
    realm: REALM,
    kdcs: [{ kind: 'kdc', host: '127.0.0.1', port, transport: 'any', raw: `127.0.0.1:${port}` }],
    proxies: [],
    httpAnchors: [],
    udpPreferenceLimit: 1465,
    clockSkew: 300,
    dnsLookupKdc: false,
    files: [],
  });
  assert.deepEqual(
    results.map((r) => [r.transport, r.ok]),
    [
      ['tcp', true],
      ['udp', true],
    ],
  );
  assert.equal(requests.length, 2);
  assert.ok(requests[0]!.equals(requests[1]!), 'one AS-REQ (one nonce) for both transports');
});
