// One realm on its own: database, kadmin.local batches, and krb5kdc's start-up (bind conflicts included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KerbProbeError } from '../../electron/engine/errors';
import { renderKdcKrb5Conf } from '../../electron/lab/krb5-profiles';
import { freePort } from '../../electron/lab/ports';
import { stopProcesses } from '../../electron/lab/processes';
import { createRealm, kadmin, startKdc } from '../../electron/lab/realm';

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-realm-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const kdcKrb5Conf = join(dir, 'kdc-krb5.conf');
writeFileSync(kdcKrb5Conf, renderKdcKrb5Conf());

test('a kadmin.local batch that fails is a typed error naming the problem, never echoing a password', async () => {
  const realm = await createRealm({
    name: 'EXAMPLE.TEST',
    role: 'onprem',
    dir: join(dir, 'a'),
    port: await freePort({ udp: true }),
    kdcKrb5Conf,
    supportedEnctypes: 'aes256-cts-hmac-sha1-96:normal',
  });
  await kadmin(realm, ['addprinc -pw Sekrit1234 carol']);
  await assert.rejects(
    kadmin(realm, ['addprinc -pw Sekrit1234 carol']),
    (e: unknown) =>
      e instanceof KerbProbeError &&
      e.code === 'LAB_TOOL_FAILED' &&
      /already exists/.test(e.message) &&
      !e.message.includes('Sekrit1234'),
  );
});

test('krb5kdc on a port another program holds: LAB_PORT_TAKEN (so lab up retries on new ports)', async () => {
  const port = await freePort({ udp: true });
  const squatter = createServer();
  await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
  try {
    const realm = await createRealm({
      name: 'EXAMPLE.TEST',
      role: 'onprem',
      dir: join(dir, 'b'),
      port,
      kdcKrb5Conf,
      supportedEnctypes: 'aes256-cts-hmac-sha1-96:normal',
    });
    await assert.rejects(startKdc(realm), (e: unknown) => e instanceof KerbProbeError && e.code === 'LAB_PORT_TAKEN');
  } finally {
    squatter.close();
  }
});

test('krb5kdc starts, answers on its port, and stops', async () => {
  const realm = await createRealm({
    name: 'EXAMPLE.TEST',
    role: 'onprem',
    dir: join(dir, 'c'),
    port: await freePort({ udp: true }),
    kdcKrb5Conf,
    supportedEnctypes: 'aes256-cts-hmac-sha1-96:normal',
  });
  const kdc = await startKdc(realm);
  assert.equal(kdc.role, 'kdc:EXAMPLE.TEST');
  await stopProcesses([kdc]);
});
