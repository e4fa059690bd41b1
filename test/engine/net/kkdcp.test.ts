// The MS-KKDCP probe against hostile HTTPS peers on loopback (TLS from a throwaway CA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa, issueServerCert } from '../../../electron/lab/pki';
import * as asn1js from 'asn1js';
import {
  decodeProxyMessage,
  encodeProxyMessage,
  httpDateReading,
  probeKkdcp,
} from '../../../electron/engine/net/kkdcp';
import { locatedRealm, probeRealmConfig } from '../../../electron/engine/net/realm-probe';
import { ParseError } from '../../../electron/engine/errors';
import { krbError } from '../krb-wire/token-fixtures';
import { startFakeKdcProxy, type FakeKdcProxy, type ProxyHandler } from './fake-kdc-proxy';

const REALM = 'KERBEROS.MICROSOFTONLINE.COM';
const dir = mkdtempSync(join(tmpdir(), 'kp-kkdcp-'));
const caFile = join(dir, 'ca.pem');
/** What the one proxy of this file does with the next request; each test sets it. */
let handler: ProxyHandler = () => undefined;
let proxy: FakeKdcProxy;
let url = '';

before(async () => {
  const ca = await createCa('KKDCP test CA');
  const leaf = await issueServerCert(ca, { commonName: 'localhost', dnsNames: ['localhost'] });
  writeFileSync(caFile, ca.certPem);
  proxy = await startFakeKdcProxy({ key: leaf.keyPem, cert: leaf.certPem }, (req, res, body) =>
    handler(req, res, body),
  );
  url = proxy.url;
});
after(async () => {
  await proxy?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the KDC-PROXY-MESSAGE round-trips; a proxy answer with a KRB-ERROR is a live KDC', async () => {
  const msg = krbError(6, { realm: REALM });
  assert.deepEqual(Buffer.from(decodeProxyMessage(encodeProxyMessage(msg, REALM))), msg);
  handler = (req, res, body) => {
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['content-type'], 'application/kerberos');
    const inner = decodeProxyMessage(body);
    assert.equal(inner[0], 0x6a, 'an AS-REQ inside');
    res
      .writeHead(200, { 'Content-Type': 'application/kerberos' })
      .end(encodeProxyMessage(krbError(25, { realm: REALM }), REALM));
  };
  const r = await probeKkdcp({ realm: REALM, url, anchors: [caFile], budgetMs: 2000 });
  assert.equal(r.ok, true, r.detail);
  assert.equal(r.krbError?.name, 'KDC_ERR_PREAUTH_REQUIRED');
  assert.equal(r.transport, 'https');
});

test('hostile proxies: HTML, garbage, bad framing, HTTP errors, huge or hanging replies: typed, in budget', async () => {
  const cases: [string, typeof handler, string][] = [
    [
      'html',
      (_q, res) =>
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Sign in to the Wi-Fi</body></html>'),
      'protocol',
    ],
    ['garbage', (_q, res) => res.writeHead(200).end(Buffer.from([0x30, 0x03, 0xa0, 0x01])), 'protocol'],
    [
      'bad length',
      (_q, res) => res.writeHead(200).end(encodeProxyMessage(krbError(6), REALM).fill(0xff, 8, 10)),
      'protocol',
    ],
    ['http 404', (_q, res) => res.writeHead(404).end('not here'), 'http'],
    [
      'huge',
      (_q, res) => {
        res.writeHead(200);
        res.end(Buffer.alloc(200_000, 0x30));
      },
      'protocol',
    ],
    ['hang', () => undefined, 'timeout'],
  ];
  for (const [name, h, failure] of cases) {
    handler = h;
    const t0 = performance.now();
    const r = await probeKkdcp({ realm: REALM, url, anchors: [caFile], budgetMs: 500 });
    assert.equal(r.ok, false, name);
    assert.equal(r.failure, failure, `${name}: ${r.detail}`);
    assert.ok(performance.now() - t0 < 1000, `${name} took too long`);
  }
});

test('an untrusted certificate and a missing CA file are told apart', async () => {
  handler = (_q, res) => res.writeHead(200).end(encodeProxyMessage(krbError(6, { realm: REALM }), REALM));
  const untrusted = await probeKkdcp({ realm: REALM, url, budgetMs: 1000 });
  assert.equal(untrusted.failure, 'tls');
  const noCa = await probeKkdcp({ realm: REALM, url, anchors: [join(dir, 'missing.pem')], budgetMs: 1000 });
  assert.equal(noCa.failure, 'config');
});

test('decodeProxyMessage refuses garbage with its typed error', () => {
  for (const b of [Buffer.alloc(0), Buffer.from('<html>'), Buffer.from([0x30, 0x00])]) {
    assert.throws(
      () => decodeProxyMessage(b),
      (e: unknown) => e instanceof ParseError && e.code === 'KKDCP_REPLY_MALFORMED',
    );
  }
});

test('the HTTP Date header as a clock reading: IMF-fixdate only, against the midpoint of the exchange', () => {
  const at = Date.UTC(2031, 1, 3, 4, 5, 6, 0);
  assert.deepEqual(httpDateReading('Mon, 03 Feb 2031 04:15:06 GMT', at - 200, at + 200), {
    skewSeconds: 600,
    serverTime: '2031-02-03T04:15:06.000Z',
    localTime: '2031-02-03T04:05:06.000Z',
  });
  assert.equal(httpDateReading('Mon, 03 Feb 2031 03:55:06 GMT', at, at)?.skewSeconds, -600);
  for (const bad of [
    undefined,
    '',
    'Monday, 03-Feb-31 04:15:06 GMT',
    'Mon Feb  3 04:15:06 2031',
    'Mon, 31 Feb 2031 04:15:06 GMT',
    'Mon, 03 Feb 2031 25:15:06 GMT',
    'Mon, 03 Feb 2031 04:15:06 +0000',
  ]) {
    assert.equal(httpDateReading(bad, at, at), null, String(bad));
  }
});

test("a proxy's Date header is kept beside the KDC's stime, and stands in for it when the reply has none", async () => {
  const ahead = () => new Date(Date.now() + 600_000).toUTCString();
  handler = (_q, res) =>
    res
      .writeHead(200, { 'Content-Type': 'application/kerberos', Date: ahead() })
      .end(encodeProxyMessage(krbError(6, { realm: REALM, stime: new Date() }), REALM));
  const r = await probeKkdcp({ realm: REALM, url, anchors: [caFile], budgetMs: 2000 });
  assert.equal(r.ok, true, r.detail);
  assert.ok(Math.abs((r.httpDate?.skewSeconds ?? 0) - 600) <= 2, JSON.stringify(r.httpDate));
  assert.ok(Math.abs(r.clock?.skewSeconds ?? 99) <= 2, 'the KDC time stays the KDC reading');
  assert.ok(
    r.evidence.some((e) => /HTTP Date .*proxy clock \+\d/.test(e)),
    r.evidence.join('\n'),
  );
  const cfg = locatedRealm(REALM, { proxyUrls: [url], anchors: [caFile] });
  const withStime = await probeRealmConfig(cfg, { budgetMs: 2000 });
  assert.ok(Math.abs(withStime.skewSeconds ?? 99) <= 2, 'the realm reading is the KDC stime when there is one');
  // An AS-REP carries no KDC time: the proxy's Date is the only clock reading.
  const ctx = (n: number, inner: asn1js.BaseBlock) =>
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [inner] });
  const asRep = Buffer.from(
    new asn1js.Constructed({
      idBlock: { tagClass: 2, tagNumber: 11 },
      value: [
        new asn1js.Sequence({
          value: [ctx(0, new asn1js.Integer({ value: 5 })), ctx(1, new asn1js.Integer({ value: 11 }))],
        }),
      ],
    }).toBER(),
  );
  handler = (_q, res) =>
    res.writeHead(200, { 'Content-Type': 'application/kerberos', Date: ahead() }).end(encodeProxyMessage(asRep, REALM));
  const viaDate = await probeRealmConfig(cfg, { budgetMs: 2000 });
  assert.equal(viaDate.ok, true, viaDate.detail);
  assert.ok(Math.abs((viaDate.skewSeconds ?? 0) - 600) <= 2, JSON.stringify(viaDate));
  assert.equal(viaDate.toleranceSeconds, 300);
});
