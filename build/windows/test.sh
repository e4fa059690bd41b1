#!/usr/bin/env bash
# `npm run test:windows`: builds (or checks the cache of) the Windows lane, bundles the engine probe for
# node.exe, builds the Windows command and its MSI (dist-cli.sh), and runs test/windows/*.wine.ts with the project's
# Node test runner.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
t0=$(date +%s)
bash build/windows/build.sh
node build/windows/bundle.mjs
# The installed command's half (test/windows/installed-cli.wine.ts) installs what npm run dist:cli ships.
bash build/windows/dist-cli.sh
node --import tsx --test --test-concurrency=1 --test-timeout=300000 test/windows/*.wine.ts
echo "test:windows: passed in $(( $(date +%s) - t0 )) s"
