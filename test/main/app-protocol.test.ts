// The kerbprobe://app scheme serves the packaged renderer directory and nothing else (Electron's protocol
// handler is given this function; here it runs under Node over a real directory).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APP_SCHEME_PRIVILEGES,
  APP_URL,
  createAppProtocolHandler,
  resolveAppPath,
} from '../../electron/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';

const base = mkdtempSync(join(tmpdir(), 'kerbprobe-scheme-'));
after(() => rmSync(base, { recursive: true, force: true }));
const dir = join(base, 'renderer');
mkdirSync(join(dir, 'assets'), { recursive: true });
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>KerbProbe</title>');
writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(base, 'secret.txt'), 'outside the bundle');
writeFileSync(join(base, 'secret.js'), 'outside the bundle');
symlinkSync(join(base, 'secret.js'), join(dir, 'assets', 'link.js'));

test('the scheme is standard and secure (an origin of its own for the CSP), with nothing else granted', () => {
  assert.equal(APP_URL, 'kerbprobe://app/index.html');
  assert.deepEqual(APP_SCHEME_PRIVILEGES.privileges, {
    standard: true,
    secure: true,
    supportFetchAPI: false,
    corsEnabled: false,
    allowServiceWorkers: false,
    stream: false,
    bypassCSP: false,
  });
});

test('paths resolve inside the renderer directory; traversal and foreign URLs are refused', () => {
  assert.equal(resolveAppPath(dir, 'kerbprobe://app/'), join(dir, 'index.html'));
  assert.equal(resolveAppPath(dir, APP_URL), join(dir, 'index.html'));
  assert.equal(resolveAppPath(dir, 'kerbprobe://app/assets/app.js?v=1#x'), join(dir, 'assets', 'app.js'));
  // URL parsing already folds plain `..` at the root (kerbprobe://app/../x is /x): still inside the directory.
  for (const url of [
    'kerbprobe://app/../index.html',
    'kerbprobe://app/%2e%2e/index.html',
    'kerbprobe://app/assets/../../assets/app.js',
  ]) {
    const r = resolveAppPath(dir, url);
    assert.ok(r?.startsWith(`${dir}/`), `${url} → ${r}`);
  }
  for (const url of [
    'kerbprobe://app/..%2fsecret.js',
    'kerbprobe://app/..%5csecret.js',
    'kerbprobe://app/assets\\..\\..\\secret.js',
    'kerbprobe://app/%2e%2e%2f%2e%2e%2fsecret.js',
    'kerbprobe://app/index.html%00.js',
    'kerbprobe://other/index.html',
    'kerbprobe://user@app/index.html',
    'kerbprobe://app:8080/index.html',
    'file:///etc/passwd',
    'https://app/index.html',
    'kerbprobe://app/../secret.txt',
    'not a url',
  ])
    assert.equal(resolveAppPath(dir, url), null, url);
});

test('the handler serves files with their type, the CSP and nosniff; refuses everything else with 404', async () => {
  const handle = createAppProtocolHandler(dir);
  const ok = await handle(new Request('kerbprobe://app/index.html'));
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(ok.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await ok.text(), /<title>KerbProbe/);
  assert.equal(
    (await handle(new Request('kerbprobe://app/assets/app.js'))).headers.get('content-type'),
    'text/javascript; charset=utf-8',
  );
  for (const url of [
    'kerbprobe://app/..%2fsecret.js',
    'kerbprobe://app/missing.js',
    'kerbprobe://app/assets/link.js',
    'kerbprobe://evil/index.html',
  ]) {
    const r = await handle(new Request(url));
    assert.equal(r.status, 404, url);
    assert.doesNotMatch(await r.text(), /outside the bundle/, url);
  }
  assert.equal((await handle(new Request('kerbprobe://app/index.html', { method: 'POST', body: 'x' }))).status, 405);
});
