#!/usr/bin/env bash
# verify_servers.sh: drives the reference server and the ceiling program (bench/ceiling/) with
# short mcp-bench runs of every scenario on both transports and fails when any run has an error
# (a wrong sum, an unknown id, a reply that never came, a lost or reordered event, a failed
# session). It proves that both speak what mcp-bench checks, so their figures in compare.sh
# count. Figures are not judged here (the machine may be busy). Servers bind 127.0.0.1 port 0.
#   bench/verify_servers.sh [BUILD_DIR]      (default build/default)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$repo/build/default}
# shellcheck source=../ci/lib/reference-server.sh
source "$repo/ci/lib/reference-server.sh"
logs=$(mktemp -d)
server_pid=""
trap '[[ -z "$server_pid" ]] || kill "$server_pid" 2>/dev/null; rm -rf "$logs"' EXIT

failures=0
for server in bench/mcp-ceiling-server reference-server/mcp-reference-server; do
  name=$(basename "$server")
  start_reference_server "$build_dir/$server" "$logs" "$name" 0 || { echo "verify_servers: $name did not start"; cat "$logs/$name".*; exit 1; }
  for run in "sse --scenario roundtrip --sessions 8 --inflight 2 --max-calls 4000" \
             "mcp --scenario roundtrip --sessions 8 --inflight 2 --max-calls 4000" \
             "sse --scenario stream --sessions 8 --events 5000 --event-size 120" \
             "sse --scenario connections --sessions 300 --tokens 4 --duration 1.5" \
             "mcp --scenario connections --sessions 300 --tokens 4 --duration 1.5"; do
    read -r path args <<<"$run"
    # shellcheck disable=SC2086  # $args is a list of options
    if timeout 60 "$build_dir/bench/mcp-bench" --url "$base/$path" --duration 20 $args --no-progress >"$logs/bench.out" 2>&1; then
      echo "ok    $name /$path $args"
    else
      echo "FAIL  $name /$path $args"
      cat "$logs/bench.out"
      failures=$((failures + 1))
    fi
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
echo "verify_servers: $failures failed runs"
[[ $failures -eq 0 ]]
