#!/usr/bin/env bash
# Browser tests in headless Chromium (Debian package `chromium`, installed by ci/setup.sh):
#   report   runs mcp-conformance against the reference server with a deliberate fault (so the
#            report has failures), then checks the HTML report against the JSON report in the
#            browser: counts, one row per case, failures first, the filters, no console errors.
#   landing  checks the reference server's GET / page (once with bearer auth, once --no-auth).
# Screenshots are kept in OUT_DIR (default build/default/browser).
#
# usage: ci/browser-check.sh report|landing [--server BIN] [--suite BIN] [--out OUT_DIR]
set -uo pipefail
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
repo="$(cd "$(dirname "$0")/.." && pwd)"
mode="${1:-}"; shift || true
server_bin="$repo/build/default/reference-server/mcp-reference-server"
suite_bin="$repo/build/default/conformance/mcp-conformance"
out="$repo/build/default/browser"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --server) server_bin="$2"; shift 2 ;;
    --suite) suite_bin="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "browser-check: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$mode" in report|landing) ;; -h|--help) usage; exit 0 ;; *) usage >&2; exit 2 ;; esac
[ -x /usr/bin/chromium ] || { echo "browser-check: /usr/bin/chromium is missing (run ci/setup.sh)"; echo "0 passed, 1 failed"; exit 1; }
node22="$("$repo/ci/npm-fixture.sh")" || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/browser-check.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

source "$repo/ci/lib/reference-server.sh"
# start NAME ARGS... -> $base
start() {
  local name="$1"; shift
  start_reference_server "$server_bin" "$work" "$name" 0 "$@" && { pids+=("$server_pid"); return 0; }
  pids+=("$server_pid")
  echo "FAIL server $name did not start: $(cat "$work/$name.err")"
  return 1
}

run_node() { timeout 120 env -u HTTP_PROXY -u HTTPS_PROXY -u http_proxy -u https_proxy HOME="$work" "$node22" "$repo/fixtures/interop/browser-check.mjs" "$@"; }

if [ "$mode" = report ]; then
  start faulty --fault unknown-method-ok --fixtures conformance || { echo "0 passed, 1 failed"; exit 1; }
  "$suite_bin" --url "$base/mcp" --token browser-check-token --html "$out/report.html" --json "$out/report.json" >"$work/suite.out" 2>&1
  rc=$?
  if [ $rc -ne 1 ]; then echo "FAIL mcp-conformance against --fault unknown-method-ok exits 1 (got $rc)"; cat "$work/suite.out"; echo "0 passed, 1 failed"; exit 1; fi
  run_node report --html "$out/report.html" --json "$out/report.json" --screenshot "$out/report.png"
else
  start bearer || { echo "0 passed, 1 failed"; exit 1; }
  run_node landing --url "$base/" --screenshot "$out/landing.png"; rc1=$?
  start open --no-auth --fixtures conformance || { echo "0 passed, 1 failed"; exit 1; }
  run_node landing --url "$base/" --expect-no-auth --screenshot "$out/landing-no-auth.png"; rc2=$?
  [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]
fi
