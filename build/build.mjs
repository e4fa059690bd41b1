// Bundles the Node side (CLI, lab servers, Electron main/preload/engine host) with esbuild and the
// renderer with Vite. One bundle per process entry keeps cold start low (no module resolution walk).
// Cold start is read + compile + module set-up of what a process loads (issue 16; `npm run bench`), so the
// bundles are minified — whitespace and syntax only: identifiers keep their names, so stack traces and
// error names read as in the source (the linked source maps give file and line with KERBPROBE_SOURCE_MAPS=1);
// mangling them too (with esbuild's keepNames to keep names) measured no faster for the CLI and slower
// for the utility process — data only a rare path needs is left in files beside the bundle (lazy-chunks.mjs); the
// CLI's compiled code is kept by Node's own compile cache, which bin/kerbprobe.cjs enables.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { commanderLazySpawn, lazyChunks, tediousAzureStub, zodEnglishOnly } from './lazy-chunks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
mkdirSync('dist', { recursive: true });
// What earlier builds wrote and this one does not: the CLI's smaller builds and their V8 code caches.
for (const name of readdirSync('dist'))
  if (/^cli-(check|fleet)\.cjs/.test(name) || /\.v8cache$/.test(name)) rmSync(join('dist', name), { force: true });

// One bundle per process.
const entries = [
  { in: 'electron/cli/cli-entry.ts', out: 'dist/cli.cjs' },
  { in: 'electron/lab/tds/server-main.ts', out: 'dist/lab-tds-server.cjs' },
  { in: 'electron/lab/latency/relay-main.ts', out: 'dist/lab-relay.cjs' },
  { in: 'electron/lab/azure-emulator/emulator-main.ts', out: 'dist/lab-azure-emulator.cjs' },
  { in: 'electron/main/main.ts', out: 'dist/main.cjs', external: ['electron'] },
  { in: 'electron/preload/preload.ts', out: 'dist/preload.cjs', external: ['electron'] },
  { in: 'electron/utility/engine-host.ts', out: 'dist/engine-host.cjs', external: ['electron'] },
  // The fleet view's worker thread, started by the CLI and the utility process for a big history file.
  { in: 'electron/engine/fleet/fleet-worker.ts', out: 'dist/fleet-worker.cjs' },
  // `kerbprobe admin` (engine/admin/ with @azure/identity and MSAL): loaded from beside the bundle by an admin read.
  { in: 'electron/engine/admin/run-admin.ts', out: 'dist/kerbprobe-admin.cjs', admin: true },
];

/** The engine API's admin read is the bundle beside (dist/kerbprobe-admin.cjs), required when it runs. */
const adminBesideBundle = {
  name: 'admin-beside-bundle',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/admin\/run-admin$/ }, (args) =>
      /[\\/]engine[\\/]api[\\/]/.test(args.importer) ? { path: './kerbprobe-admin.cjs', external: true } : undefined,
    );
  },
};

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
      plugins: [
        zodEnglishOnly,
        commanderLazySpawn,
        chunks.plugin,
        tediousAzureStub,
        ...(entry.admin ? [] : [adminBesideBundle]),
        ...(entry.plugins ?? []),
      ],
      logLevel: 'warning',
    }),
  ),
);
chunks.copy();

const vite = spawnSync(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
  { stdio: 'inherit' },
);
if (vite.status !== 0) process.exit(vite.status ?? 1);
console.log(`build: ${entries.length} bundles + renderer`);
