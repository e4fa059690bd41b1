#!/usr/bin/env bash
# `npm run test:windows`: builds (or checks the cache of) the Windows lane, bundles the engine probe for
# node.exe, builds the Windows command and its MSI (dist-cli.sh), and runs test/windows/*.wine.ts with the project's
# Node test runner.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
t0=$(date +%s)
# dist-cli.sh builds the lane's toolchain first (build.sh), then the command and the MSI that
# test/windows/installed-cli.wine.ts installs; the engine probe is bundled beside the lane's addon after it.
bash build/windows/dist-cli.sh
node build/windows/bundle.mjs
node --import tsx --test --test-concurrency=1 --test-timeout=300000 test/windows/*.wine.ts
echo "test:windows: passed in $(( $(date +%s) - t0 )) s"
