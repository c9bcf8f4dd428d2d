#!/usr/bin/env bash
# The main job: set up, build, start the reference server on 127.0.0.1, and run the
# conformance suite against both of its transports, with a readable report.
# Usage: ci/quickstart.sh [extra mcp-conformance options, e.g. --trace or --filter AB-]
set -euo pipefail
cd "$(dirname "$0")/.."
ci/setup.sh
ci/build.sh default
bin=build/default
reports=build/reports
mkdir -p "$reports"

server_log="$reports/reference-server.log"
"$bin/reference-server/mcp-reference-server" --port 0 >"$reports/server.out" 2>"$server_log" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT

# Wait (bounded) for the "listening on" line that carries the chosen port.
base=""
for _ in $(seq 1 100); do
  base=$(sed -n 's/^mcp-reference-server listening on //p' "$reports/server.out")
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log"; echo "server failed to start"; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "server did not report its address"; exit 1; }
echo "reference server: $base (log: $server_log)"

status=0
for endpoint in sse mcp; do
  echo
  echo "=== mcp-conformance --url $base/$endpoint ==="
  "$bin/conformance/mcp-conformance" --url "$base/$endpoint" --token quickstart-token --token-alt quickstart-token-2 \
    --json "$reports/conformance-$endpoint.json" --junit "$reports/conformance-$endpoint.xml" \
    --html "$reports/conformance-$endpoint.html" "$@" || status=$?
done
echo
echo "reports: $reports/conformance-{sse,mcp}.{html,json,xml}"
exit "$status"
