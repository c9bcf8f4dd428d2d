#!/usr/bin/env bash
# soak.sh: runs the reference server under a rotating mix of load for a fixed time and reports
# its resident memory, open descriptors and threads at the start, the highest seen, and at the
# end (after the load stopped and one housekeeping tick gave freed memory back). Everything on
# 127.0.0.1; every step is bounded by its own --duration and by `timeout`.
#
#   bench/soak.sh                          # 10 minutes, build/default
#   bench/soak.sh --minutes 1 --build-dir build/bench-dev
#
# The mix, repeated until the time is up: roundtrip on both transports (16 sessions), stream on
# both transports (100 sessions x 2,000 events), 2,000 held SSE sessions, and the exhaustion
# scenario (1,000 idle + 300 slowloris connections, 50 fresh sessions), each for up to 20 s.
# Every mcp-bench exit ends its connections abruptly (no DELETE): the server must notice.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
minutes=10
build_dir="$repo/build/default"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -ge 1 && "$minutes" -le 240 ]] || { echo "soak.sh: --minutes must be 1..240" >&2; exit 2; }
bench="$build_dir/bench/mcp-bench"
server_bin="$build_dir/reference-server/mcp-reference-server"
for tool in "$bench" "$server_bin"; do
  [[ -x "$tool" ]] || { echo "soak.sh: $tool not built" >&2; exit 2; }
done

work=$(mktemp -d)
server_pid=""
# shellcheck source=../ci/lib/reference-server.sh
source "$repo/ci/lib/reference-server.sh"
stop_server_on_exit "$work"

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$server_bin" --port 0 >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o -m1 'listening on http://127\.0\.0\.1:[0-9]*' "$work/server.out" | sed 's/^listening on //') || true
  [[ -n "$url" ]] && break
  sleep 0.1
done
[[ -n "$url" ]] || { echo "soak.sh: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

# "rss_kib fds threads" of the server.
sample() {
  local rss threads fds
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status")
  fds=$(ls "/proc/$server_pid/fd" | wc -l)
  echo "$rss $fds $threads"
}

peak_rss=0
note_peak() {
  local rss
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
  if (( rss > peak_rss )); then peak_rss=$rss; fi
}

run() {  # one bounded mcp-bench run; its figures go to the log, failures do not stop the soak
  timeout 60 "$bench" --no-progress --pid "$server_pid" "$@" >>"$work/bench.log" 2>&1 || echo "  (mcp-bench exited $?: $*)" >>"$work/bench.log"
  note_peak
}

sleep 1
read -r start_rss start_fds start_threads < <(sample)
started=$(date +%s)
deadline=$((started + minutes * 60))
rounds=0
echo "soak.sh: $minutes min against $url (pid $server_pid), started $(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
while (( $(date +%s) < deadline )); do
  run --url "$url/sse" --scenario roundtrip --sessions 16 --duration 20
  run --url "$url/mcp" --scenario roundtrip --sessions 16 --duration 20
  run --url "$url/sse" --scenario stream --sessions 100 --events 2000 --duration 20
  run --url "$url/mcp" --scenario stream --sessions 100 --events 2000 --duration 20
  run --url "$url/sse" --scenario connections --sessions 2000 --tokens 40 --duration 10
  run --url "$url/sse" --scenario exhaustion --idle 1000 --slowloris 300 --sessions 50 --duration 20
  rounds=$((rounds + 1))
done
# One housekeeping tick (1 s) returns what glibc holds; connections closed by the clients are gone.
sleep 3
read -r end_rss end_fds end_threads < <(sample)
elapsed=$(( $(date +%s) - started ))
failures=$(grep -c "exited" "$work/bench.log" || true)

printf '\nsoak: %d s, %d rounds of the mix, %s mcp-bench runs ended with an error\n' "$elapsed" "$rounds" "$failures"
printf '%-18s %12s %12s %12s\n' "" "start" "peak" "end"
printf '%-18s %12s %12s %12s\n' "RSS (KiB)" "$start_rss" "$peak_rss" "$end_rss"
printf '%-18s %12s %12s %12s\n' "open descriptors" "$start_fds" "-" "$end_fds"
printf '%-18s %12s %12s %12s\n' "threads" "$start_threads" "-" "$end_threads"
echo
echo "server metrics at the end:"
curl -s "$url/metrics" | grep -E '^mcp_(connections|sessions|queued_bytes|refusals_total|streams_dropped_total)' | grep -v ' 0$' | sed 's/^/  /'
echo
echo "last mcp-bench figures of each kind:"
grep -E "calls per second|events per second \(total\)|sessions held at sample|fresh session latency" "$work/bench.log" | tail -4 | sed 's/^/  /'
if ! kill -0 "$server_pid" 2>/dev/null; then echo "FAIL: the server died"; exit 1; fi
