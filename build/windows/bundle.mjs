// Bundles test/windows/probe.ts (KerbProbe's own engine modules) into one CommonJS script for node.exe
// under Wine, next to the mingw-built addon: .toolchain/windows/app/probe.cjs. `kerberos` stays external
// and resolves to app/node_modules/kerberos (build/windows/build.sh), as it does in the app's bundles.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = process.env.KERBPROBE_WINDOWS_DIR ?? join(root, '.toolchain', 'windows');
await build({
  entryPoints: [join(root, 'test/windows/probe.ts')],
  outfile: join(out, 'app', 'probe.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['kerberos'],
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`windows: bundled ${join(out, 'app', 'probe.cjs').slice(root.length)}`);
