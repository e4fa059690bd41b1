// Bundles the Node side (CLI, lab servers, Electron main/preload/engine host) with esbuild and the
// renderer with Vite. One bundle per process entry keeps cold start low (no module resolution walk).
// Cold start is read + compile + module set-up of what a process loads (issue 16; `npm run bench`), so the
// bundles are minified — whitespace and syntax only: identifiers keep their names, so stack traces and
// error names read as in the source (the linked source maps give file and line with KERBPROBE_SOURCE_MAPS=1);
// mangling them too (with esbuild's keepNames to keep names) measured no faster for the CLI and slower
// for the utility process — data only a rare path needs is left in files beside the bundle (lazy-chunks.mjs), and
// the CLI gets a V8 code cache (write-code-cache.cjs).
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { lazyChunks, zodEnglishOnly } from './lazy-chunks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
mkdirSync('dist', { recursive: true });
// A code cache from an earlier build must not outlive its bundle (the loader would reject it anyway).
rmSync('dist/cli.cjs.v8cache', { force: true });

// One bundle per process.
const entries = [
  { in: 'electron/cli/main.ts', out: 'dist/cli.cjs' },
  { in: 'electron/lab/tds/server-main.ts', out: 'dist/lab-tds-server.cjs' },
  { in: 'electron/main/main.ts', out: 'dist/main.cjs', external: ['electron'] },
  { in: 'electron/preload/preload.ts', out: 'dist/preload.cjs', external: ['electron'] },
  { in: 'electron/utility/engine-host.ts', out: 'dist/engine-host.cjs', external: ['electron'] },
  // The fleet view's worker thread, started by the CLI and the utility process for a big history file.
  { in: 'electron/engine/fleet/fleet-worker.ts', out: 'dist/fleet-worker.cjs' },
];

const chunks = lazyChunks('dist');
await Promise.all(entries.map((e) => build({
  entryPoints: [e.in],
  outfile: e.out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // Native addon: loaded from node_modules at run time (unpacked from the asar in the app).
  external: ['kerberos', ...(e.external ?? [])],
  // tedious' Entra-token authentication stack is never used (Kerberos only): keep it out of the bundles.
  alias: { '@azure/identity': './build/stubs/azure-identity.cjs', '@azure/core-auth': './build/stubs/azure-identity.cjs' },
  plugins: [zodEnglishOnly, chunks.plugin],
  logLevel: 'warning',
})));
chunks.copy();

// The CLI's code cache: V8's compiled code for what a check runs, from a check that fails at once — a
// name under .invalid (RFC 6761: never resolves), a closed local port, an empty krb5.conf, no ticket
// cache, a 1 s budget, no history, no HOME — so the engine, tedious and the diagnosis are compiled.
const warmArgs = ['check', '--server', 'warm-up.invalid', '--address', '127.0.0.1', '--port', '9', '--timeout', '1', '--no-history', '--json'];
const warm = spawnSync(process.execPath, ['build/write-code-cache.cjs', 'dist/cli.cjs', ...warmArgs], {
  stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 30_000,
  env: { PATH: process.env.PATH, KRB5_CONFIG: '/dev/null', KRB5CCNAME: 'FILE:/nonexistent/kerbprobe-warm-up' },
});
if (!/^code cache: /m.test(warm.stderr ?? '')) {
  process.stderr.write(`build: the CLI's code cache was not written (the CLI still works, cold starts are slower):\n${warm.stderr}\n`);
}

const vite = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
if (vite.status !== 0) process.exit(vite.status ?? 1);
console.log(`build: ${entries.length} bundles + renderer`);
