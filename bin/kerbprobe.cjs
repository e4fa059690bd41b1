#!/usr/bin/env node
'use strict';
// The `kerbprobe` command: runs the bundled CLI (built by `npm run setup` / `npm run build`).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const bundle = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(bundle)) {
  process.stderr.write('kerbprobe: not built yet — run `npm run setup` (or `npm run build`) in the checkout first.\n');
  process.exit(2);
}
require(bundle);
