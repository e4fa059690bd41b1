// Bundles the Node side (CLI, lab servers, Electron main/preload/engine host) with esbuild and the
// renderer with Vite. One bundle per process entry keeps cold start low (no module resolution walk).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
mkdirSync('dist', { recursive: true });

// One bundle per process.
const entries = [
  { in: 'electron/cli/main.ts', out: 'dist/cli.cjs' },
  { in: 'electron/lab/tds/server-main.ts', out: 'dist/lab-tds-server.cjs' },
  { in: 'electron/main/main.ts', out: 'dist/main.cjs', external: ['electron'] },
  { in: 'electron/preload/preload.ts', out: 'dist/preload.cjs', external: ['electron'] },
  { in: 'electron/utility/engine-host.ts', out: 'dist/engine-host.cjs', external: ['electron'] },
];

await Promise.all(entries.map((e) => build({
  entryPoints: [e.in],
  outfile: e.out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // Native addon: loaded from node_modules at run time (unpacked from the asar in the app).
  external: ['kerberos', ...(e.external ?? [])],
  // tedious' Entra-token authentication stack is never used (Kerberos only): keep it out of the bundles.
  alias: { '@azure/identity': './build/stubs/azure-identity.cjs', '@azure/core-auth': './build/stubs/azure-identity.cjs' },
  logLevel: 'warning',
})));

const vite = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
if (vite.status !== 0) process.exit(vite.status ?? 1);
console.log(`build: ${entries.length} bundles + renderer`);
