// The trust anchors on every supported Node: getCACertificates where Node has it (≥ 22.15), else
// tls.rootCertificates and the OS bundle file — never a call to an API the running Node lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tls from 'node:tls';
import {
  bundledRoots,
  hasGetCACertificates,
  splitPem,
  systemBundleFromFile,
  systemRoots,
  type TlsRoots,
} from '../../../electron/engine/sql/trust-store';

const PEM_A = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
const PEM_B = '-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----';
/** node:tls as Node 20 and 22.0–22.14 have it: rootCertificates, no getCACertificates. */
const oldTls: TlsRoots = { rootCertificates: [PEM_A] };

test('a Node without getCACertificates: bundled = tls.rootCertificates, system = the OS bundle file', () => {
  assert.equal(hasGetCACertificates(oldTls), false);
  assert.deepEqual(bundledRoots(oldTls), [PEM_A]);
  const files: Record<string, string> = { '/os/bundle.crt': `# comment\n${PEM_A}\n\n${PEM_B}\n` };
  const read = (p: string) => {
    if (!(p in files)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return files[p]!;
  };
  assert.deepEqual(systemRoots(oldTls, { env: {}, files: ['/missing.pem', '/os/bundle.crt'], read }), [
    `${PEM_A}\n`,
    `${PEM_B}\n`,
  ]);
});

test('the OS bundle: SSL_CERT_FILE first, a file without certificates is passed over, none readable is []', () => {
  const files: Record<string, string> = { '/env.pem': PEM_B, '/empty.pem': 'not a certificate', '/os.pem': PEM_A };
  const read = (p: string) => {
    if (!(p in files)) throw new Error('ENOENT');
    return files[p]!;
  };
  assert.deepEqual(systemBundleFromFile({ env: { SSL_CERT_FILE: '/env.pem' }, files: ['/os.pem'], read }), [
    `${PEM_B}\n`,
  ]);
  assert.deepEqual(systemBundleFromFile({ env: {}, files: ['/empty.pem', '/os.pem'], read }), [`${PEM_A}\n`]);
  assert.deepEqual(systemBundleFromFile({ env: {}, files: ['/nope.pem'], read }), []);
  assert.deepEqual(splitPem(''), []);
});

test('a Node with getCACertificates: it is what is asked, for each store', () => {
  const asked: string[] = [];
  const newTls: TlsRoots = {
    rootCertificates: [PEM_A],
    getCACertificates: (type) => {
      asked.push(String(type));
      return type === 'system' ? [PEM_B] : [PEM_A];
    },
  };
  assert.deepEqual(bundledRoots(newTls), [PEM_A]);
  assert.deepEqual(
    systemRoots(newTls, { read: () => assert.fail('the OS file is not read when Node reads the store') }),
    [PEM_B],
  );
  assert.deepEqual(asked, ['bundled', 'system']);
});

test("on this Node: the bundled roots are Node's own set, and the OS store reads", () => {
  assert.deepEqual(new Set(bundledRoots()), new Set(tls.rootCertificates));
  assert.ok(Array.isArray(systemRoots()));
  // On the Debian build machine the OS bundle file exists: the fallback finds real certificates there too.
  if (process.platform === 'linux')
    assert.ok(systemBundleFromFile().length > 10, 'the OS bundle file holds certificates');
});
