#!/bin/sh
# Runs a command with the project's Node toolchain (the major the pinned Electron embeds) first on PATH.
# `npm run setup` installs it under .toolchain/; without it the machine's node is used.
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
if [ -x "$root/.toolchain/node_modules/.bin/node" ]; then
  PATH="$root/.toolchain/node_modules/.bin:$root/node_modules/.bin:$PATH"
else
  PATH="$root/node_modules/.bin:$PATH"
fi
export PATH
exec "$@"
