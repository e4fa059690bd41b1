// Runs every test under test/ (or under the folders given) with Node's test runner and tsx.
// Test files end in .test.ts; they start and stop their own peers (KDCs, TDS servers, browsers).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== 'fixtures') collect(p, out); }
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}
const files = dirs.flatMap((d) => collect(join(root, d), []));
if (files.length === 0) { console.error('run-tests: no test files found'); process.exit(1); }
const concurrency = process.env.KERBPROBE_TEST_CONCURRENCY ?? '2';
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`,
  '--test-timeout=300000', ...files], { cwd: root, stdio: 'inherit', env: { ...process.env, KERBPROBE_TEST: '1' } });
process.exit(r.status ?? 1);
