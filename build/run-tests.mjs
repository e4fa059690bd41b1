// Runs every test under test/ (or under the folders given) with Node's test runner and tsx.
// Test files end in .test.ts; they start and stop their own peers (KDCs, TDS servers, browsers).
//
// Then the clock proof: nothing may judge by the wall clock except through an injected clock, so every
// suite that starts no KDC runs again with the wall clock moved +400 days and −30 days from the real date
// (libfaketime via Debian's `faketime`, installed by build/setup.sh). Only the wall clock moves
// (FAKETIME_DONT_FAKE_MONOTONIC=1): timers, budgets and performance.now() keep real time (measured on
// Node 24: with the monotonic clock faked too, timers still fire but every process start is slower).
//
// Which suites run shifted is decided mechanically, not by a list: a suite is left out when it, or any
// module it imports (static value imports, followed through test/ and electron/; `import type` and
// dynamic `import()` are not followed), names in a string literal
//   'krb5kdc'          it starts a KDC — today electron/lab/realm.ts, reached through the lab
//                      (electron/lab/lab.ts, test/lab/lab-helpers.ts);
//   'playwright-core'  it drives Chromium, which libfaketime breaks (crashpad's clock_gettime fails in a
//                      loop and the browser never comes up: measured, not assumed).
// `--list-shifted` prints the decision and the import path that left each suite out.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const listOnly = args.includes('--list-shifted');
const dirsGiven = args.filter((a) => !a.startsWith('--'));
const dirs = dirsGiven.length ? dirsGiven : ['test'];
const SHIFTS = ['+400d', '-30d'];

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures') collect(p, out);
    } else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const IMPORT = /(?:^|[\n;])\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g;
const NOT_SHIFTED = /['"`](krb5kdc|playwright-core)['"`]/;

function resolveImport(from, spec) {
  const base = join(dirname(from), spec);
  for (const c of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base])
    if (/\.[cm]?[jt]sx?$/.test(c) && existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/** The import path from `file` to a module that starts krb5kdc or Chromium, or null when it starts neither. */
function kdcPath(file, seen = new Set()) {
  if (seen.has(file)) return null;
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  if (NOT_SHIFTED.test(src)) return [file];
  for (const m of src.matchAll(IMPORT)) {
    if (m[1]) continue; // import type: erased at run time
    const dep = resolveImport(file, m[2]);
    const via = dep && kdcPath(dep, seen);
    if (via) return [file, ...via];
  }
  return null;
}

const files = dirs.flatMap((d) => collect(join(root, d), []));
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const shifted = [];
const excluded = [];
for (const f of files) {
  const via = kdcPath(join(root, f));
  if (via)
    excluded.push(
      `${f}  (${via
        .slice(1)
        .map((p) => relative(root, p))
        .join(' > ')})`,
    );
  else shifted.push(f);
}
if (listOnly) {
  console.log(
    `shifted-clock runs (${shifted.length}):\n  ${shifted.join('\n  ')}\nnot shifted, start a KDC or a browser ` +
      `(${excluded.length}):\n  ${excluded.join('\n  ')}`,
  );
  process.exit(0);
}

const concurrency = process.env.KERBPROBE_TEST_CONCURRENCY ?? '2';

/** The MIT matrix (test/cli/check-matrix) and the Windows one (test/engine/check/windows-path) in one file. */
function joinFaultMatrices() {
  const dir = join(root, 'test-results');
  const mit = join(dir, 'fault-matrix.md');
  const win = join(dir, 'fault-matrix-windows.md');
  if (!existsSync(mit) || !existsSync(win)) return;
  const text = readFileSync(mit, 'utf8').split('\n## Windows path')[0].trimEnd();
  writeFileSync(
    mit,
    `${text}\n\n## Windows path (the check's win32 path against the same lab ` +
      `scenarios)\n\n${readFileSync(win, 'utf8')}`,
  );
}
function run(list, prefix = [], extraEnv = {}) {
  const argv = [
    ...prefix,
    process.execPath,
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-timeout=300000',
    ...list,
  ];
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KERBPROBE_TEST: '1', ...extraEnv },
  });
  if (result.error) {
    console.error(`run-tests: cannot run ${argv[0]}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

const t0 = performance.now();
const status = run(files);
joinFaultMatrices();
if (status !== 0) process.exit(status);
if (shifted.length === 0) process.exit(0);
if (spawnSync('faketime', ['-f', '+0d', 'true']).status !== 0) {
  console.error(
    'run-tests: `faketime` is missing (Debian package faketime; `npm run setup` installs it) — the clock proof ' +
      'cannot run',
  );
  process.exit(1);
}
for (const shift of SHIFTS) {
  const t = performance.now();
  console.log(`\nrun-tests: ${shifted.length} suites that start no KDC or browser, wall clock ${shift} (faketime)`);
  const s = run(shifted, ['faketime', '-f', shift], { FAKETIME_DONT_FAKE_MONOTONIC: '1' });
  console.log(
    `run-tests: clock ${shift}: ${s === 0 ? 'pass' : 'FAIL'} in ${Math.round((performance.now() - t) / 1000)} s`,
  );
  if (s !== 0) process.exit(s);
}
console.log(
  `run-tests: all passed in ${Math.round((performance.now() - t0) / 1000)} s (normal run, then clock ` +
    `${SHIFTS.join(' and ')})`,
);
