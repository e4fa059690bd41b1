// The MS-KKDCP probe against hostile HTTPS peers on loopback (TLS from a throwaway CA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa, issueServerCert } from '../../../electron/lab/pki';
import { decodeProxyMessage, encodeProxyMessage, probeKkdcp } from '../../../electron/engine/net/kkdcp';
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
  proxy = await startFakeKdcProxy({ key: leaf.keyPem, cert: leaf.certPem }, (req, res, body) => handler(req, res, body));
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
    res.writeHead(200, { 'Content-Type': 'application/kerberos' }).end(encodeProxyMessage(krbError(25, { realm: REALM }), REALM));
  };
  const r = await probeKkdcp({ realm: REALM, url, anchors: [caFile], budgetMs: 2000 });
  assert.equal(r.ok, true, r.detail);
  assert.equal(r.krbError?.name, 'KDC_ERR_PREAUTH_REQUIRED');
  assert.equal(r.transport, 'https');
});

test('hostile proxies: HTML, garbage, bad framing, HTTP errors, huge and hanging replies fail typed, within budget', async () => {
  const cases: [string, typeof handler, string][] = [
    ['html', (_q, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Sign in to the Wi-Fi</body></html>'), 'protocol'],
    ['garbage', (_q, res) => res.writeHead(200).end(Buffer.from([0x30, 0x03, 0xa0, 0x01])), 'protocol'],
    ['bad length', (_q, res) => res.writeHead(200).end(encodeProxyMessage(krbError(6), REALM).fill(0xff, 8, 10)), 'protocol'],
    ['http 404', (_q, res) => res.writeHead(404).end('not here'), 'http'],
    ['huge', (_q, res) => { res.writeHead(200); res.end(Buffer.alloc(200_000, 0x30)); }, 'protocol'],
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
    assert.throws(() => decodeProxyMessage(b), (e: unknown) => e instanceof ParseError && e.code === 'KKDCP_REPLY_MALFORMED');
  }
});
