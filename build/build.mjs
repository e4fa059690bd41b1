// Bundles the Node side (CLI, lab servers, Electron main/preload/engine host) with esbuild and the
// renderer with Vite. One bundle per process entry keeps cold start low (no module resolution walk).
// Cold start is read + compile + module set-up of what a process loads (issue 16; `npm run bench`), so the
// bundles are minified — whitespace and syntax only: identifiers keep their names, so stack traces and
// error names read as in the source (the linked source maps give file and line with KERBPROBE_SOURCE_MAPS=1);
// mangling them too (with esbuild's keepNames to keep names) measured no faster for the CLI and slower
// for the utility process — data only a rare path needs is left in files beside the bundle (lazy-chunks.mjs), and
// the CLI gets a V8 code cache (write-code-cache.cjs).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { commandScope, commanderLazySpawn, lazyChunks, zodEnglishOnly } from './lazy-chunks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
mkdirSync('dist', { recursive: true });
// A code cache from an earlier build must not outlive its bundle (the loader would reject it anyway).
for (const name of readdirSync('dist'))
  if (/^cli(-\w+)?\.cjs\.(\w+\.)?v8cache$/.test(name)) rmSync(join('dist', name), { force: true });

// One bundle per process; the CLI also in two smaller builds, each with only what its commands run (the bin
// picks one by the command line: bin/load-bundle.cjs's cliVariant). What the engine API's methods load, per
// build: `check` and `collect` call checkTarget, check, readCheckConfig, writeReport, renderReport, collectToFile.
const CHECK_API_LOADS = new Set([
  '../check/target',
  '../check/run-check',
  '../check/real-deps',
  '../report/redact',
  '../report/write-report',
  '../history/record-check',
  './check-config-file',
  './collect-bundle',
  '../run-tool',
]);
const FLEET_API_LOADS = new Set(['../fleet/analyze-fleet', '../fleet/fleet-workers']);
const engineApiKeeps = (loads) => (from, spec) =>
  from === 'engine-api.ts' && (loads.has(spec) || spec.startsWith('node:'));
const entries = [
  { in: 'electron/cli/cli-entry.ts', out: 'dist/cli.cjs' },
  {
    in: 'electron/cli/cli-entry.ts',
    out: 'dist/cli-check.cjs',
    plugins: [
      commandScope(
        'check',
        (from, spec) =>
          from === 'check-command.ts' || from === 'collect-command.ts' || engineApiKeeps(CHECK_API_LOADS)(from, spec),
      ),
    ],
  },
  {
    in: 'electron/cli/cli-entry.ts',
    out: 'dist/cli-fleet.cjs',
    plugins: [
      commandScope(
        'fleet',
        (from, spec) =>
          (from === 'analyze-command.ts' && spec === '../render-fleet') || engineApiKeeps(FLEET_API_LOADS)(from, spec),
      ),
    ],
  },
  { in: 'electron/lab/tds/server-main.ts', out: 'dist/lab-tds-server.cjs' },
  { in: 'electron/main/main.ts', out: 'dist/main.cjs', external: ['electron'] },
  { in: 'electron/preload/preload.ts', out: 'dist/preload.cjs', external: ['electron'] },
  { in: 'electron/utility/engine-host.ts', out: 'dist/engine-host.cjs', external: ['electron'] },
  // The fleet view's worker thread, started by the CLI and the utility process for a big history file.
  { in: 'electron/engine/fleet/fleet-worker.ts', out: 'dist/fleet-worker.cjs' },
];

const chunks = lazyChunks('dist');
await Promise.all(
  entries.map((entry) =>
    build({
      entryPoints: [entry.in],
      outfile: entry.out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'linked',
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      // Native addon: loaded from node_modules at run time (unpacked from the asar in the app).
      external: ['kerberos', ...(entry.external ?? [])],
      // tedious' Entra-token authentication stack is never used (Kerberos only): keep it out of the bundles.
      alias: {
        '@azure/identity': './build/stubs/azure-identity.cjs',
        '@azure/core-auth': './build/stubs/azure-identity.cjs',
      },
      plugins: [zodEnglishOnly, commanderLazySpawn, chunks.plugin, ...(entry.plugins ?? [])],
      logLevel: 'warning',
    }),
  ),
);
chunks.copy();

// The CLI's code caches, one per build (BUNDLE.v8cache), each V8's compiled code of a run of what the build
// is for. dist/cli-check.cjs (`check`, `collect`): a check that fails at once — a name under .invalid (RFC
// 6761: never resolves), a closed local port, an empty krb5.conf, no ticket cache, a 1 s budget — so the build
// starts no Kerberos or SQL server. A cache from a healthy check against the lab made a cold healthy check
// ~3 % less CPU (alternating cold runs); Node's own compile cache (module.enableCompileCache) with one bundle
// took 10-14 % more CPU than these caches, as it keeps only the code compiled before the bundle's first line
// runs. dist/cli-fleet.cjs: the fleet view over the history line that check wrote. dist/cli.cjs (everything
// else): `--version` (what every command sets up).
function writeCodeCaches() {
  const quiet = { PATH: process.env.PATH, LC_ALL: 'C', KERBPROBE_NO_CODE_CACHE: '1' };
  // The build of the CLI each warm-up runs is the one the bin would pick for that command line.
  const { cliVariant, variantBundle } = createRequire(import.meta.url)('../bin/load-bundle.cjs');
  const warmUp = (args, env) => {
    const bundle = variantBundle('dist/cli.cjs', cliVariant(args));
    const run = spawnSync(process.execPath, ['build/write-code-cache.cjs', bundle, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      timeout: 30_000,
      env,
    });
    return /^code cache: /m.test(run.stderr ?? '') ? null : run.stderr;
  };
  const made = [];
  const work = mkdtempSync(join(tmpdir(), 'kerbprobe-build-'));
  try {
    const history = join(work, 'history.jsonl');
    const checkArgs = ['check', '--server', 'warm-up.invalid', '--address', '127.0.0.1', '--port', '9'];
    const check = warmUp([...checkArgs, '--timeout', '1', '--json'], {
      ...quiet,
      HOME: work,
      KERBPROBE_HISTORY: history,
      KRB5_CONFIG: '/dev/null',
      KRB5CCNAME: `FILE:${join(work, 'no-ccache')}`,
    });
    made.push(check === null ? 'check from a check that fails at once' : `no check cache (${check.trim()})`);
    writeFileSync(history, '', { flag: 'a' }); // there even when no check wrote a line
    const fleet = warmUp(['analyze', '--fleet', history, '--json'], { ...quiet, HOME: work });
    made.push(fleet === null ? 'fleet from the fleet view' : `no fleet cache (${fleet.trim()})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const other = warmUp(['--version'], quiet);
  made.push(other === null ? 'the rest from --version' : `no cache for the other commands (${other.trim()})`);
  if (made.some((m) => m.startsWith('no ')))
    process.stderr.write(
      `build: a code cache of the CLI was not written (the CLI still works, cold starts are slower): ` +
        `${made.join('; ')}\n`,
    );
  return made.join(', ');
}
const cacheFrom = writeCodeCaches();

const vite = spawnSync(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
  { stdio: 'inherit' },
);
if (vite.status !== 0) process.exit(vite.status ?? 1);
console.log(`build: ${entries.length} bundles + renderer; the CLI's code caches: ${cacheFrom}`);
