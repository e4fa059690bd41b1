import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_INPUT_BYTES, formatBytes } from '../../electron/contract/limits';
import { readBounded, readBoundedSync } from '../../electron/engine/read-bounded';
import { KerbProbeError } from '../../electron/engine/errors';

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-read-bounded-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const code = (c: string) => (e: unknown) => e instanceof KerbProbeError && e.code === c;

test('a file within the limit is read whole; one byte over is INPUT_TOO_LARGE before it is read', async () => {
  const at = join(dir, 'at');
  writeFileSync(at, Buffer.alloc(MAX_INPUT_BYTES.hostsFile, 0x61));
  assert.equal((await readBounded(at, 'hostsFile')).length, MAX_INPUT_BYTES.hostsFile);
  assert.equal(readBoundedSync(at, 'hostsFile').length, MAX_INPUT_BYTES.hostsFile);
  const sparse = join(dir, 'sparse');
  writeFileSync(sparse, '');
  truncateSync(sparse, 50_000_000_000); // 50 GB, no blocks: only fstat can refuse it this fast
  const t0 = performance.now();
  await assert.rejects(
    readBounded(sparse, 'text'),
    (e: unknown) =>
      code('INPUT_TOO_LARGE')(e) &&
      (e as Error).message === `${sparse} is larger than 2 MB, the most KerbProbe reads as klist or dsregcmd output.`,
  );
  assert.throws(
    () => readBoundedSync(sparse, 'krb5Conf', { what: 'krb5.conf' }),
    (e: unknown) => code('INPUT_TOO_LARGE')(e) && /^krb5\.conf is larger than 1 MB/.test((e as Error).message),
  );
  assert.ok(performance.now() - t0 < 1000);
});

test('a device (/dev/zero) or a FIFO is refused before a byte is read, never waited on', async () => {
  await assert.rejects(readBounded('/dev/zero', 'caFile'), code('INPUT_NOT_A_FILE'));
  assert.throws(() => readBoundedSync('/dev/zero', 'hostsFile'), code('INPUT_NOT_A_FILE'));
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  // Opened blocking, a FIFO with no writer waits for ever: the sync read would hang this test process.
  const t0 = performance.now();
  await assert.rejects(
    readBounded(fifo, 'report'),
    (e: unknown) =>
      code('INPUT_NOT_A_FILE')(e) &&
      (e as Error).message === `cannot read ${fifo}: it is a named pipe (FIFO), not a regular file`,
  );
  assert.throws(() => readBoundedSync(fifo, 'krb5Conf'), code('INPUT_NOT_A_FILE'));
  assert.ok(performance.now() - t0 < 1000);
});

test('noFollow refuses a final symbolic link', async () => {
  const target = join(dir, 'target');
  writeFileSync(target, 'x');
  const link = join(dir, 'link');
  symlinkSync(target, link);
  assert.equal((await readBounded(link, 'text')).toString(), 'x');
  await assert.rejects(
    readBounded(link, 'text', { noFollow: true }),
    (e: unknown) => code('INPUT_UNREADABLE')(e) && /ELOOP/.test((e as Error).message),
  );
  assert.throws(() => readBoundedSync(link, 'text', { noFollow: true }), code('INPUT_UNREADABLE'));
});

test('missing files and directories are INPUT_UNREADABLE with the errno', async () => {
  await assert.rejects(
    readBounded(join(dir, 'nope'), 'report'),
    (e: unknown) => code('INPUT_UNREADABLE')(e) && /ENOENT/.test((e as Error).message),
  );
  assert.throws(
    () => readBoundedSync(dir, 'report'),
    (e: unknown) => code('INPUT_UNREADABLE')(e) && /EISDIR/.test((e as Error).message),
  );
});

test('limits are stated in human units', () => {
  assert.equal(formatBytes(10_000_000), '10 MB');
  assert.equal(formatBytes(1_500), '1.5 kB');
  assert.equal(formatBytes(512), '512 bytes');
});
