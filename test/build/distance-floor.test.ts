// The floor model against round trips counted by hand from the protocols (RFC 4120 over TCP, MS-KKDCP, MS-TDS
// with TLS 1.2 in PRELOGIN or TDS 8.0 with TLS 1.3): the expected figures below are that arithmetic, not the
// model's output.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { describeFloor, distanceFloor, type FloorFlow } from '../../build/distance-floor';

const hybrid = { 'user-kdc': 2, 'cloud-kdc': 30, 'kdc-proxy': 30, sql: 40 };
const far = { 'user-kdc': 2, 'cloud-kdc': 80, 'kdc-proxy': 80, sql: 150 };
const flow = (over: Partial<FloorFlow>): FloorFlow => ({
  kind: 'trust',
  cloud: 'direct',
  proxyTls: '1.3',
  tds: '7.4',
  sqlTls: '1.2',
  ...over,
});

describe('distance floor (build/distance-floor.ts)', () => {
  it('trust flow, direct, TDS 7.4 with TLS 1.2: the SQL connection up to LOGIN7 outlasts both KDC exchanges', () => {
    // Kerberos: 2 × 2 (referral) + 2 × 30 (service ticket) = 64. SQL before the token: TCP + PRELOGIN + 2 TLS =
    // 4 × 40 = 160. Then LOGIN7 and the query: 2 × 40 = 80.
    const floor = distanceFloor(flow({}), hybrid);
    assert.equal(floor.kerberosMs, 64);
    assert.equal(floor.sqlBeforeTokenMs, 160);
    assert.equal(floor.floorMs, 240);
    assert.deepEqual(
      floor.kerberos.map((h) => [h.peer, h.roundTrips]),
      [
        ['user-kdc', 2],
        ['cloud-kdc', 2],
      ],
    );
  });

  it('through the KDC proxy: TCP, TLS and the POST per exchange', () => {
    // 2 × 2 + (1 + 1 + 1) × 80 = 244 against 4 × 150 = 600; + 300.
    const floor = distanceFloor(flow({ cloud: 'kdc-proxy' }), far);
    assert.equal(floor.kerberosMs, 244);
    assert.equal(floor.floorMs, 900);
    // A TLS 1.2 proxy costs one more round trip: 2 × 2 + 4 × 80.
    assert.equal(distanceFloor(flow({ cloud: 'kdc-proxy', proxyTls: '1.2' }), far).kerberosMs, 324);
  });

  it('the modern flow asks the cloud KDC only; TDS 8.0 with TLS 1.3 saves a round trip', () => {
    const floor = distanceFloor(flow({ kind: 'modern', tds: '8.0', sqlTls: '1.3' }), hybrid);
    assert.equal(floor.kerberosMs, 60);
    assert.equal(floor.sqlBeforeTokenMs, 120);
    assert.equal(floor.floorMs, 200);
    assert.deepEqual(
      floor.sqlBeforeToken.map((h) => h.hop),
      ['TCP', 'TLS 1.3 handshake', 'PRELOGIN'],
    );
  });

  it('when the Kerberos exchanges are the longer part, they set the floor', () => {
    const slowProxy = { 'user-kdc': 2, 'cloud-kdc': 80, 'kdc-proxy': 100, sql: 1 };
    // 2 × 2 + 3 × 100 = 304 against 4 × 1; + 2 × 1.
    assert.equal(distanceFloor(flow({ cloud: 'kdc-proxy' }), slowProxy).floorMs, 306);
  });

  it("KerbProbe's schedule asks each KDC on the path once first: only through the KDC proxy at hybrid does it show", () => {
    // The probes run in parallel, one AS exchange per KDC: the user KDC 2 × 2, the cloud KDC 2 × 30 (TCP + AS), the
    // KDC proxy (1 + 1 + 1) × 30 (TCP, TLS 1.3, POST). Direct: max(4, 60) + 64 = 124 < 160, so 240 still.
    const direct = distanceFloor(flow({}), hybrid);
    assert.equal(direct.probesMs, 60);
    assert.equal(direct.scheduleFloorMs, 240);
    // Via the proxy: max(4, 90) + (4 + 90) = 184 > 160: 184 + 80 = 264.
    const proxy = distanceFloor(flow({ cloud: 'kdc-proxy' }), hybrid);
    assert.equal(proxy.probesMs, 90);
    assert.equal(proxy.floorMs, 240);
    assert.equal(proxy.scheduleFloorMs, 264);
    // Far: 240 + 244 = 484 < 600: the SQL connection still sets it.
    assert.equal(distanceFloor(flow({ cloud: 'kdc-proxy' }), far).scheduleFloorMs, 900);
    // The modern flow has no on-premises KDC to probe.
    assert.deepEqual(
      distanceFloor(flow({ kind: 'modern' }), hybrid).probes.map((h) => [h.peer, h.roundTrips]),
      [['cloud-kdc', 2]],
    );
  });

  it('prints the round trips of each hop', () => {
    const lines = describeFloor(distanceFloor(flow({}), hybrid));
    assert.ok(lines.some((l) => /user-kdc\s+2 × RTT =\s+4 ms/.test(l)));
    assert.ok(lines.some((l) => /^floor = max\(64, 160\) \+ after the token = 240 ms$/.test(l)));
    assert.match(lines.at(-1)!, /with the probes first: max\(60 \+ 64, 160\) \+ after the token = 240 ms/);
  });
});
