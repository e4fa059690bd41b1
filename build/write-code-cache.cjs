'use strict';
// `node build/write-code-cache.cjs BUNDLE [ARGS…]`: runs BUNDLE with ARGS as its command line (output
// discarded by the caller) and, when the run ends, writes BUNDLE's V8 code cache (BUNDLE.v8cache) from what
// it compiled.
const { loadBundle, writeCache } = require('../bin/load-bundle.cjs');

const [bundle, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], bundle, ...args];
const loaded = loadBundle(bundle, { useCache: false });
process.on('exit', () => {
  const written = writeCache(bundle, loaded);
  process.stderr.write(`code cache: ${written.file}, ${written.bytes} bytes\n`);
});
