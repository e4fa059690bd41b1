// bin/load-bundle.cjs: the CLI bundle runs with the V8 code cache `npm run build` wrote beside it, and a
// cache that does not belong to the bundle or to this Node is never used: the CLI runs from source instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const { cacheKey, cachePath, cliVariant, variantBundle, CLI_VARIANTS } = require('../../bin/load-bundle.cjs') as {
  cacheKey(stat: Stats): string;
  cachePath(bundle: string): string;
  cliVariant(argv: string[]): string;
  variantBundle(bundle: string, variant: string): string;
  CLI_VARIANTS: string[];
};
const bundle = join(root, 'dist/cli.cjs');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

/** `kerbprobe ARGS` through loadBundle(file) in a new process; prints how the cache fared on stderr. */
function runBundle(file: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const script = `process.argv = [process.argv[0], ${JSON.stringify(file)}, ...${JSON.stringify(args)}];
const r = require(${JSON.stringify(join(root, 'bin/load-bundle.cjs'))}).loadBundle(${JSON.stringify(file)});
process.on('exit', () => process.stderr.write('CACHE ' + r.cache + '\\n'));`;
  const r = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
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
 * A copy of one build of the CLI and its cache in a directory of the checkout (so `kerberos` resolves), the
 * cache's header rewritten for the copy, so the copy runs with it as the original does.
 */
function copyOfBuild(t: { after(fn: () => void): void }, variant = 'other'): string {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const dir = mkdtempSync(join(root, 'test-results', 'code-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const from = variantBundle(bundle, variant);
  const file = join(dir, from.split('/').pop()!);
  copyFileSync(from, file);
  const good = readFileSync(cachePath(from));
  writeFileSync(
    cachePath(file),
    Buffer.concat([Buffer.from(`${cacheKey(statSync(file))}\n`, 'latin1'), good.subarray(good.indexOf(10) + 1)]),
  );
  return file;
}

test('the build writes the CLI three times, each with its code cache; the bin picks the one a command needs', () => {
  for (const v of CLI_VARIANTS) {
    const file = variantBundle(bundle, v);
    assert.ok(existsSync(file) && existsSync(cachePath(file)), `${file} and its cache exist (run npm run build first)`);
    assert.ok(statSync(cachePath(file)).size > 100_000, `the ${v} cache holds more than the top level`);
  }
  // The smaller builds leave out what their commands never run.
  assert.ok(statSync(variantBundle(bundle, 'fleet')).size * 3 < statSync(bundle).size);
  assert.ok(statSync(variantBundle(bundle, 'check')).size < statSync(bundle).size * 0.85);
  // Chosen only when the command line leaves no doubt; everything else runs the whole CLI.
  assert.equal(cliVariant(['check', '--server', 'x']), 'check');
  assert.equal(cliVariant(['collect', '--redact']), 'check');
  assert.equal(cliVariant(['analyze', '--fleet', 'dir']), 'fleet');
  assert.equal(cliVariant(['analyze', 'dir', '--fleet']), 'fleet');
  assert.equal(cliVariant(['analyze', '--', '--fleet']), 'other', 'a file named --fleet');
  assert.equal(cliVariant(['analyze', 'klist.txt']), 'other');
  assert.equal(cliVariant(['--json', 'check']), 'other');
  assert.equal(cliVariant(['help', 'check']), 'other');
  assert.equal(cliVariant([]), 'other');
  assertVersionRun(bundle, 'accepted');
  // Each smaller build runs its own command with its own cache, as the whole CLI would.
  const check = runBundle(variantBundle(bundle, 'check'), ['check', '--server', 'not a host', '--json']);
  assert.equal(check.cache, 'accepted', check.stderr);
  assert.equal(check.code, 2);
  assert.match(check.stderr, /\[INPUT_SERVER_INVALID\]/);
  const fleet = runBundle(variantBundle(bundle, 'fleet'), ['analyze', '--fleet', join(root, 'package.json'), '--json']);
  assert.equal(fleet.cache, 'accepted', fleet.stderr);
  assert.equal(fleet.code, 0, fleet.stderr);
  const summary = JSON.parse(fleet.stdout) as { files: number; unreadable: { path: string }[] };
  assert.equal(summary.files, 1);
  assert.equal(
    summary.unreadable[0]?.path,
    join(root, 'package.json'),
    'a file that is no report is listed, not counted',
  );
  // A command a smaller build leaves out says so (the bin never runs it there).
  const wrong = runBundle(variantBundle(bundle, 'check'), ['history', '--json']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /is not part of the check build of the CLI/);
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
  const good = readFileSync(cachePath(file));
  const body = good.subarray(good.indexOf(10) + 1);
  const damaged = Buffer.from(body);
  for (let i = 0; i < 64; i++) damaged[i] = damaged[i]! ^ 0xff; // V8's header: magic, version and source hashes
  writeFileSync(cachePath(file), Buffer.concat([Buffer.from(`${cacheKey(statSync(file))}\n`, 'latin1'), damaged]));
  const r = runBundle(file, ['check', '--server', 'not a host', '--json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is not a valid host name.*\[INPUT_SERVER_INVALID\]/);
  assert.equal(r.cache, 'rejected');
});

test('a cache made by another Node (another header) or none at all: the CLI runs from source', (t) => {
  const file = copyOfBuild(t);
  const other = cachePath(file);
  const good = readFileSync(other);
  writeFileSync(
    other,
    Buffer.concat([
      Buffer.from(
        good
          .subarray(0, good.indexOf(10))
          .toString('latin1')
          .replace(/ v\d+\.\d+\.\d+ /, ' v0.0.1 ') + '\n',
        'latin1',
      ),
      good.subarray(good.indexOf(10) + 1),
    ]),
  );
  assertVersionRun(file, 'stale');
  rmSync(other);
  assertVersionRun(file, 'stale');
  assertVersionRun(bundle, 'off', { KERBPROBE_NO_CODE_CACHE: '1' });
});

test('KERBPROBE_SOURCE_MAPS=1: the bin loads the bundle with its source map applied, and runs as usual', () => {
  const r = spawnSync(process.execPath, ['bin/kerbprobe.cjs', '--version'], {
    cwd: root,
    env: { PATH: process.env.PATH, KERBPROBE_SOURCE_MAPS: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), version);
});
