// The files MIT's library opens itself, checked before it is called: a FIFO as KRB5_CONFIG, included by it,
// or as the ticket cache is KERBEROS_FILE_UNUSABLE (the library would block on it for ever); missing files
// and regular files are left to the library, as before.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KerbProbeError } from '../../../electron/engine/errors';
import { assertKerberosFilesUsable } from '../../../electron/engine/kerberos/kerberos-files';

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-krb-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);
const conf = join(dir, 'krb5.conf');
writeFileSync(conf, '[libdefaults]\n default_realm = CONTOSO.TEST\n');
const cache = join(dir, 'ccache');
writeFileSync(cache, '');
const refused = (what: RegExp) => (e: unknown) =>
  e instanceof KerbProbeError && e.code === 'KERBEROS_FILE_UNUSABLE' && what.test(e.message);

test('regular or missing files pass', () => {
  assertKerberosFilesUsable({ KRB5_CONFIG: conf, KRB5CCNAME: `FILE:${cache}` }, 1000);
  assertKerberosFilesUsable({ KRB5_CONFIG: join(dir, 'none'), KRB5CCNAME: join(dir, 'none') }, 1000);
  assertKerberosFilesUsable({ KRB5_CONFIG: conf, KRB5CCNAME: 'KEYRING:persistent:1000' }, 1000);
  mkdirSync(join(dir, 'collection'));
  assertKerberosFilesUsable({ KRB5_CONFIG: conf, KRB5CCNAME: `DIR:${join(dir, 'collection')}` }, 1000);
});

test('a FIFO as the configuration, one of its files, an included file or the cache is refused', () => {
  const fifoText = /named pipe \(FIFO\), not a regular file/;
  assert.throws(() => assertKerberosFilesUsable({ KRB5_CONFIG: fifo }, 1000), refused(/krb5|KRB5_CONFIG/));
  assert.throws(() => assertKerberosFilesUsable({ KRB5_CONFIG: `${conf}:${fifo}` }, 1000), refused(fifoText));
  const including = join(dir, 'including.conf');
  writeFileSync(including, `include ${fifo}\n`);
  assert.throws(() => assertKerberosFilesUsable({ KRB5_CONFIG: including }, 1000), refused(fifoText));
  for (const name of [`FILE:${fifo}`, fifo, `DIR::${fifo}`])
    assert.throws(
      () => assertKerberosFilesUsable({ KRB5_CONFIG: conf, KRB5CCNAME: name }, 1000),
      refused(/ticket cache .*KRB5CCNAME.*named pipe/),
    );
  assert.throws(
    () => assertKerberosFilesUsable({ KRB5_CONFIG: conf, KRB5CCNAME: `FILE:/dev/zero` }, 1000),
    refused(/a device, not a regular file/),
  );
});
