// esbuild plugins that keep what a process never (or rarely) runs out of the bytes it reads at start-up.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory, beside the bundles, of the files lazyChunks leaves out of them. */
export const LAZY_DIR = 'lazy';

/**
 * iconv-lite's double-byte tables (Shift-JIS, GBK, Big5, EUC-KR…, ~450 KB of JSON) are required only the
 * first time tedious decodes a varchar in such a collation. The bundles require them from dist/lazy/ at
 * that moment instead of carrying them (build/electron-builder.json packs dist/lazy/).
 */
export function lazyChunks(outdir) {
  const files = new Map();
  return {
    plugin: {
      name: 'lazy-chunks',
      setup(build) {
        build.onResolve({ filter: /^\.\/tables\/[\w-]+\.json$/ }, (args) => {
          if (!/[\\/]iconv-lite[\\/]encodings$/.test(args.resolveDir)) return undefined;
          const name = `iconv-${basename(args.path)}`;
          files.set(name, join(args.resolveDir, args.path));
          return { path: `./${LAZY_DIR}/${name}`, external: true };
        });
      },
    },
    /** Copies the files the bundles now require at run time into OUTDIR/lazy/. */
    copy() {
      mkdirSync(join(outdir, LAZY_DIR), { recursive: true });
      for (const [name, from] of files) copyFileSync(from, join(outdir, LAZY_DIR, name));
      return [...files.keys()];
    },
  };
}

/**
 * zod's classic API re-exports every locale (`z.locales`, ~390 KB); KerbProbe speaks English and never
 * reads z.locales, and zod itself installs English from locales/en.js. The namespace keeps only `en`.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * commander imports `node:child_process` at start-up for executable sub-commands (programs on PATH), which
 * KerbProbe never registers; loading it pulls in node's net, dgram and socket modules before the first line
 * of any command runs (--version, history and the fleet view need none of them). Commander calls only
 * `spawn` on it: for commander alone, the import is a module whose `spawn` loads the real one on first use.
 */
export const commanderLazySpawn = {
  name: 'commander-lazy-spawn',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]lib$/.test(args.resolveDir)
        ? { path: 'commander-child-process', namespace: 'lazy-spawn' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-spawn' }, () => ({
      contents: "export default { spawn: (...args) => require('node:child_process').spawn(...args) };\n",
      loader: 'js',
    }));
  },
};

/**
 * tedious requires @azure/identity and @azure/core-auth at load time for Entra token authentication, which
 * KerbProbe never uses (Kerberos only): for tedious alone they are a stub. Everything else — `kerbprobe admin`'s
 * sign-in — gets the real packages.
 */
export const tediousAzureStub = {
  name: 'tedious-azure-stub',
  setup(b) {
    const stub = fileURLToPath(new URL('stubs/azure-identity.cjs', import.meta.url));
    b.onResolve({ filter: /^@azure\/(identity|core-auth)$/ }, (args) =>
      /[\\/]node_modules[\\/]tedious[\\/]/.test(args.importer) ? { path: stub } : undefined,
    );
  },
};
