// Bundles the CLI for kerbprobe.exe, Node's single-executable application (build/windows/dist-cli.sh): the same
// entry as dist/cli.cjs (electron/cli/cli-entry.ts), with two differences a single executable needs.
//  - Inside a SEA the main script's `require` serves Node's built-in modules only. `kerberos` (the native addon,
//    installed beside the exe in kerberos\) is required through a require made for the exe's own path.
//  - Nothing is left in files beside the bundle: the iconv tables dist/cli.cjs reads from dist/lazy/ are
//    carried inside (no lazy-chunks plugin).
// Node's SEA documentation: https://nodejs.org/api/single-executable-applications.html ("require(id) in the
// injected main script is not the file based require() … it can only load built-in modules";
// "use module.createRequire()" to load files from the disk).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { commanderLazySpawn, tediousAzureStub, zodEnglishOnly } from '../lazy-chunks.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const [outfile] = process.argv.slice(2);
if (!outfile) {
  console.error('usage: node build/windows/bundle-cli.mjs OUT.cjs');
  process.exit(2);
}

/** `kerberos` → the package in kerberos\ beside the exe, loaded with a file-based require. */
const kerberosBesideExe = {
  name: 'kerberos-beside-exe',
  setup(b) {
    b.onResolve({ filter: /^kerberos$/ }, () => ({ path: 'kerberos', namespace: 'beside-exe' }));
    b.onLoad({ filter: /.*/, namespace: 'beside-exe' }, () => ({
      contents:
        "const { createRequire } = require('node:module');\n" +
        "const { dirname, join } = require('node:path');\n" +
        "module.exports = createRequire(process.execPath)(join(dirname(process.execPath), 'kerberos'));\n",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [join(root, 'electron/cli/cli-entry.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The Windows node.exe the lane carries (build/windows/build.sh: NODE_WIN_VERSION).
  target: 'node22',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  plugins: [zodEnglishOnly, commanderLazySpawn, kerberosBesideExe, tediousAzureStub],
  logLevel: 'warning',
});
console.log(`windows: bundled ${outfile.startsWith(root) ? outfile.slice(root.length) : outfile}`);
