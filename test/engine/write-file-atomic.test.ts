// The one writer of output files: whole or nothing, mode 0600, an existing name kept unless asked, and a
// final symbolic link replaced (with overwrite) or refused (without), its target never written.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../electron/engine/write-file-atomic';

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-write-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const errno = (c: string) => (e: unknown) => (e as NodeJS.ErrnoException).code === c;

test('a new file is 0600 whatever the umask allows; an existing name is EEXIST unless overwrite', async () => {
  const path = join(dir, 'report.json');
  await writeFileAtomic(path, 'one');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  await assert.rejects(writeFileAtomic(path, 'two'), errno('EEXIST'));
  assert.equal(readFileSync(path, 'utf8'), 'one');
  writeFileSync(path, 'world-readable', { mode: 0o644 });
  await writeFileAtomic(path, 'three', { overwrite: true });
  assert.equal(readFileSync(path, 'utf8'), 'three');
  assert.equal(statSync(path).mode & 0o777, 0o600, 'the replaced file is a new file, 0600');
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.endsWith('.tmp')),
    [],
    'no temporary file left',
  );
});

test('a symbolic link of that name: its target is never written nor re-moded', async () => {
  const target = join(dir, 'target.txt');
  writeFileSync(target, 'keep me', { mode: 0o644 });
  const link = join(dir, 'link.json');
  symlinkSync(target, link);
  await assert.rejects(writeFileAtomic(link, 'secret'), errno('EEXIST'));
  const dangling = join(dir, 'dangling.json');
  symlinkSync(join(dir, 'nowhere'), dangling);
  await assert.rejects(writeFileAtomic(dangling, 'secret'), errno('EEXIST'));
  await writeFileAtomic(link, 'secret', { overwrite: true });
  assert.equal(readFileSync(target, 'utf8'), 'keep me');
  assert.equal(statSync(target).mode & 0o777, 0o644);
  assert.ok(!lstatSync(link).isSymbolicLink(), 'the link itself was replaced by the file');
  assert.equal(readFileSync(link, 'utf8'), 'secret');
  assert.equal(statSync(link).mode & 0o777, 0o600);
});
