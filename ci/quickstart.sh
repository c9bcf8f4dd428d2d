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

source ci/lib/reference-server.sh
server_pid=""
trap '[ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; } || true' EXIT
server_log="$reports/reference-server.err"
# The fixtures make progress, cancellation and server-to-client requests gradable; a short
# client-request timeout lets LC-14 see the server give up on an unanswered request.
if ! start_reference_server "$bin/reference-server/mcp-reference-server" "$reports" reference-server 0 \
     --fixtures conformance --client-request-timeout 2; then
  cat "$server_log"
  echo "the reference server did not start"
  exit 1
fi
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
