#!/usr/bin/env bash
# Install and package check: `cmake --install` into a temporary prefix, then the installed
# programs run (the server starts, the suite grades it, man pages and docs are in place); CPack
# builds the .deb, whose Depends must name the Debian libraries the programs link, and the
# programs unpacked from it run too. Prints PASS/FAIL lines and `N passed, N failed`.
# usage: ci/package-check.sh [BUILD_DIR]   (default build/default, already built)
set -uo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$repo/build/default}" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/package-check.XXXXXX")"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
passed=0; failed=0
check() { # check NAME COMMAND...
  local name="$1"; shift
  if out="$("$@" 2>&1)"; then passed=$((passed + 1)); echo "PASS $name"
  else failed=$((failed + 1)); echo "FAIL $name"; printf '%s\n' "$out" | tail -15 | sed 's/^/    /'; fi
}

# --- cmake --install ------------------------------------------------------------------------
prefix="$work/prefix"
check "cmake --install into a temporary prefix" cmake --install "$build" --prefix "$prefix"
for program in mcp-reference-server mcp-conformance; do
  check "installed $program runs (--help)" "$prefix/bin/$program" --help
  check "installed man page $program.1" grep -q '^\.TH' "$prefix/share/man/man1/$program.1"
done
check "installed docs (README.md, conformance.md, examples/github-workflow.yml)" \
  test -s "$prefix/share/doc/mcp_harness/README.md" -a -s "$prefix/share/doc/mcp_harness/conformance.md" \
       -a -s "$prefix/share/doc/mcp_harness/examples/github-workflow.yml"

source "$repo/ci/lib/reference-server.sh"
start_reference_server "$prefix/bin/mcp-reference-server" "$work" server 0 --token package-check-token
check "the installed server starts on 127.0.0.1" test -n "$base"
if [ -n "$base" ]; then
  check "the installed suite grades the installed server (ping, header echo) on /mcp" \
    timeout 120 "$prefix/bin/mcp-conformance" --url "$base/mcp" --token package-check-token --filter 'U-PING-,ECHO-'
  check "... and on /sse" \
    timeout 120 "$prefix/bin/mcp-conformance" --url "$base/sse" --token package-check-token --filter 'U-PING-,ECHO-'
fi

# --- CPack .deb ---------------------------------------------------------------------------------
check "cpack -G DEB" cpack -G DEB -B "$work/pkg" --config "$build/CPackConfig.cmake"
deb="$(ls "$work"/pkg/*.deb 2>/dev/null | head -n 1)"
if [ -n "$deb" ]; then
  depends="$(dpkg-deb -f "$deb" Depends)"
  echo "     $(basename "$deb"): Depends: $depends"
  for lib in libpoconet libpocofoundation libpocojson libpocoutil libssl libstdc++6 libc6; do
    check "the .deb depends on $lib" grep -q "$lib" <<<"$depends"
  done
  check "dpkg-deb -x unpacks it" dpkg-deb -x "$deb" "$work/root"
  for program in mcp-reference-server mcp-conformance; do
    check "$program from the .deb runs (--help)" "$work/root/usr/bin/$program" --help
    check "$program.1 is in the .deb" test -s "$work/root/usr/share/man/man1/$program.1"
  done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
