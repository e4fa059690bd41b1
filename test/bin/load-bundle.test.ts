// bin/load-bundle.cjs: the CLI bundle runs with the V8 code cache `npm run build` wrote beside it, and a
// cache that does not belong to the bundle or to this Node is never used: the CLI runs from source instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const { cacheKey, cachePath, cacheVariant, CACHE_VARIANTS } = require('../../bin/load-bundle.cjs') as {
  cacheKey(stat: Stats): string; cachePath(bundle: string, variant: string): string; cacheVariant(argv: string[]): string; CACHE_VARIANTS: string[];
};
const bundle = join(root, 'dist/cli.cjs');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

/** `kerbprobe ARGS` through loadBundle(file) in a new process; prints how the cache fared on stderr. */
function runBundle(file: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const script = `process.argv = [process.argv[0], ${JSON.stringify(file)}, ...${JSON.stringify(args)}];
const r = require(${JSON.stringify(join(root, 'bin/load-bundle.cjs'))}).loadBundle(${JSON.stringify(file)});
process.on('exit', () => process.stderr.write('CACHE ' + r.cache + '\\n'));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cache: /CACHE (\w+)/.exec(r.stderr)?.[1] };
}

/** `kerbprobe --version` through loadBundle(file) prints the version; the cache fared as `cache`. */
function assertVersionRun(file: string, cache: string, env: NodeJS.ProcessEnv = {}): void {
  const r = runBundle(file, ['--version'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), version);
  assert.equal(r.cache, cache);
}

/**
 * A copy of the built bundle and its caches in a directory of the checkout (so `kerberos` resolves); each
 * cache's header rewritten for the copy, so the copy runs with them as the original does.
 */
function copyOfBuild(t: { after(fn: () => void): void }): string {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const dir = mkdtempSync(join(root, 'test-results', 'code-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'cli.cjs');
  copyFileSync(bundle, file);
  for (const v of CACHE_VARIANTS) {
    const good = readFileSync(cachePath(bundle, v));
    writeFileSync(cachePath(file, v), Buffer.concat([Buffer.from(`${cacheKey(statSync(file))}\n`, 'latin1'), good.subarray(good.indexOf(10) + 1)]));
  }
  return file;
}

test('the build writes a code cache per kind of command, and the CLI picks the one its command line needs', () => {
  for (const v of CACHE_VARIANTS) {
    assert.ok(existsSync(cachePath(bundle, v)), `${cachePath(bundle, v)} exists (run npm run build first)`);
    assert.ok(statSync(cachePath(bundle, v)).size > 100_000, `the ${v} cache holds more than the top level`);
  }
  // The check's cache holds the hops a check compiled: larger than what --version sets up.
  assert.ok(statSync(cachePath(bundle, 'check')).size > statSync(cachePath(bundle, 'other')).size * 1.5);
  assert.equal(cacheVariant(['check', '--server', 'x']), 'check');
  assert.equal(cacheVariant(['collect', '--redact']), 'check');
  assert.equal(cacheVariant(['analyze', '--fleet', 'dir']), 'fleet');
  assert.equal(cacheVariant(['analyze', 'klist.txt']), 'other');
  assert.equal(cacheVariant(['--version']), 'other');
  assert.equal(cacheVariant([]), 'other');
  assertVersionRun(bundle, 'accepted');
  const r = runBundle(bundle, ['check', '--server', 'not a host', '--json']);
  assert.equal(r.cache, 'accepted');
  assert.equal(r.code, 2);
});

test('a bundle changed after its cache was written (same length: V8 alone would not notice) runs from source', (t) => {
  const file = copyOfBuild(t);
  assertVersionRun(file, 'accepted');
  const text = readFileSync(file, 'utf8');
  assert.match(text, /\/\/# sourceMappingURL=cli\.cjs\.map\n?$/);
  const before = statSync(file);
  writeFileSync(file, text.replace(/cli\.cjs\.map(\n?)$/, 'cli.cjs.mbp$1'));
  assert.equal(statSync(file).size, before.size);
  assertVersionRun(file, 'stale');
});

test('a cache V8 refuses (its data damaged behind a matching header) is dropped silently', (t) => {
  const file = copyOfBuild(t);
  const good = readFileSync(cachePath(file, 'check'));
  const body = good.subarray(good.indexOf(10) + 1);
  const damaged = Buffer.from(body);
  for (let i = 0; i < 64; i++) damaged[i] = damaged[i]! ^ 0xff; // V8's header: magic, version and source hashes
  writeFileSync(cachePath(file, 'check'), Buffer.concat([Buffer.from(`${cacheKey(statSync(file))}\n`, 'latin1'), damaged]));
  const r = runBundle(file, ['check', '--server', 'not a host', '--json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is not a valid host name.*\[INPUT_SERVER_INVALID\]/);
  assert.equal(r.cache, 'rejected');
});

test('a cache made by another Node (another header) or none at all: the CLI runs from source', (t) => {
  const file = copyOfBuild(t);
  const other = cachePath(file, 'other');
  const good = readFileSync(other);
  writeFileSync(other, Buffer.concat([Buffer.from(good.subarray(0, good.indexOf(10)).toString('latin1').replace(/ v\d+\.\d+\.\d+ /, ' v0.0.1 ') + '\n', 'latin1'), good.subarray(good.indexOf(10) + 1)]));
  assertVersionRun(file, 'stale');
  rmSync(other);
  assertVersionRun(file, 'stale');
  assertVersionRun(bundle, 'off', { KERBPROBE_NO_CODE_CACHE: '1' });
});

test('KERBPROBE_SOURCE_MAPS=1: the bin loads the bundle with its source map applied, and runs as usual', () => {
  const r = spawnSync(process.execPath, ['bin/kerbprobe.cjs', '--version'], { cwd: root, env: { PATH: process.env.PATH, KERBPROBE_SOURCE_MAPS: '1' }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), version);
});
