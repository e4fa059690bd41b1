#!/usr/bin/env node
'use strict';
// The `kerbprobe` command: runs the bundled CLI (built by `npm run setup` / `npm run build`).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const bundle = join(__dirname, '..', 'dist', 'cli.cjs');
// A native Kerberos call that outlives its budget is abandoned but keeps a libuv worker until MIT gives up
// (~27 s against a silent KDC); more workers keep DNS and file reads from queueing behind it.
process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || '8';
// V8 keeps the compiled bundle on disk between runs (Node ≥ 22.1): most of a cold start is compiling it.
try {
  require('node:module').enableCompileCache?.();
} catch {
  /* an unwritable cache directory only costs speed */
}
if (!existsSync(bundle)) {
  process.stderr.write('kerbprobe: not built yet — run `npm run setup` (or `npm run build`) in the checkout first.\n');
  process.exit(2);
}
require(bundle);
