#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine (the Debian packages in scripts/apt-packages.txt and
# the npm packages in package-lock.json), then type-checks, builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(grep -v -e '^#' -e '^[[:space:]]*$' scripts/apt-packages.txt)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node.js: the LTS release pinned in .nvmrc. When the machine's node is older than the project's engines (>=22), the
# pinned binary comes from the npm registry (package node-linux-<arch>, integrity-checked by npm) into .cache/, once.
required_major=22
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt "$required_major" ]; then
  version=$(tr -d '[:space:]' < .nvmrc)
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "scripts/test.sh: no Node.js $version binary for $(uname -m): install Node.js $required_major or later." >&2; exit 2 ;;
  esac
  node_dir="$PWD/.cache/node-$version-linux-$arch"
  if [ ! -x "$node_dir/bin/node" ]; then
    download=$(mktemp -d)
    (cd "$download" && npm pack "node-linux-$arch@$version" --silent > /dev/null)
    mkdir -p "$node_dir.partial"
    tar -xzf "$download"/node-linux-"$arch"-"$version".tgz -C "$node_dir.partial" --strip-components=1 package/bin/node
    rm -rf "$download" "$node_dir"
    mv "$node_dir.partial" "$node_dir"
  fi
  export PATH="$node_dir/bin:$PATH"
fi
echo "node $(node --version)"

npm ci --no-audit --no-fund
npm run typecheck
npm run build
results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
npx jest --ci --json --outputFile="$results" || status=$?
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);' "$results"
exit "$status"
