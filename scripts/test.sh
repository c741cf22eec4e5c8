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

npm ci --no-audit --no-fund
npm run typecheck
npm run build
results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
npx jest --ci --json --outputFile="$results" || status=$?
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);' "$results"
exit "$status"
