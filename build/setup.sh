#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine: system packages, the Node major the pinned Electron
# embeds (from the npm registry), the npm dependencies (lockfile), and a first build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Debian packages: the Kerberos toolchain and KDCs for the lab; FreeTDS and impacket (mssqlclient -k: SPNEGO, a
# bare AP-REQ, TDS 7.1) as independent TDS clients; Chromium for the browser tests; the MS-KKDCP proxy; libfaketime
# for clock-skew scenarios; jq, the reference tool the fleet benchmark (npm run bench) is measured against; Wine and
# mingw-w64 for the Windows lane (npm run test:windows: node.exe and the kerberos addon built from its Windows
# sources, see build/windows/); wixl and msitools build the Windows command's MSI (npm run dist:cli).
apt_packages=(libkrb5-dev krb5-kdc krb5-admin-server krb5-user krb5-k5tls freetds-bin chromium
  python3-kdcproxy python3-impacket faketime openssl ca-certificates jq
  wine64 g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 wixl msitools)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Node major that Electron (pinned in package.json) embeds: Electron 45 → Node 24.
node_version=$(node -p "require('./build/toolchain.json').node")
if [ "$(.toolchain/node_modules/.bin/node --version 2>/dev/null)" != "v$node_version" ]; then
  echo "setup: installing Node $node_version into .toolchain/"
  rm -rf .toolchain && mkdir -p .toolchain
  (cd .toolchain && echo '{"private":true}' > package.json &&
    npm install --no-save --no-package-lock --no-audit --no-fund "node@$node_version" >/dev/null)
fi

# Native addons (kerberos) build from source against the machine's Node headers: no prebuilt
# binary or header download is possible here. N-API keeps one binary valid for Node and Electron.
if [ -z "$(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true)" ]; then
  for d in /usr/include/node "$(dirname "$(dirname "$(command -v node)")")/include/node"; do
    if [ -f "$d/node_api.h" ]; then export npm_config_nodedir=$(dirname "$(dirname "$d")"); break; fi
  done
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
sh build/with-node.sh npm ci --no-audit --no-fund
sh build/with-node.sh npm run build
# The Windows lane's toolchain, cached under .toolchain/windows/ (a second run only checks its stamps).
sh build/with-node.sh bash build/windows/build.sh
echo "setup: done ($(sh build/with-node.sh node --version))"
