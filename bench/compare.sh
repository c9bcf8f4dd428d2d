#!/usr/bin/env bash
# compare.sh: runs the same mcp-bench scenario against several servers in one go, alternating
# their order from run to run, and prints each run's figures, the medians, and every figure as
# a ratio to the peer (the official TypeScript SDK, fixtures/peer-ts-server) and to the ceiling
# (bench/ceiling/mcp_ceiling_server.cpp: this machine's limit for the same wire work).
# Every server is started fresh on port 0 (127.0.0.1) for every run and stopped after it.
#
#   bench/compare.sh --runs 5 -- --scenario roundtrip --sessions 16 --duration 10
#   bench/compare.sh --transport streamable -- --scenario roundtrip --sessions 16 --duration 10
#   bench/compare.sh --server 'everything=node fixtures/real-servers/loopback-launch.mjs ev ...' -- ...
#
# Options before `--`:
#   --runs N               runs per server (default 5)
#   --transport T          legacy (default: /sse) or streamable (/mcp)
#   --build-dir DIR        where mcp-bench, mcp-reference-server and mcp-ceiling-server are built
#                          (default build/default)
#   --out DIR              keep every run's JSON here (default: a temporary directory)
#   --only A,B             measure only these servers (names: reference, peer, ceiling, --server's)
#   --server NAME=COMMAND  one more server (repeatable): COMMAND runs under bash, listens on
#                          127.0.0.1 and prints "listening on http://127.0.0.1:PORT"
#   --warmup SECONDS       a discarded 4-session roundtrip after each start (default 2; 0: none),
#                          so the peer's JIT and every server's first allocations are not measured
#   --settle SECONDS       wait this long before each run (default 0): runs that open thousands of
#                          connections leave as many sockets in TIME_WAIT for 60 s, which slows the
#                          next run's connect() calls and can use up the local ports
# Everything after `--` goes to mcp-bench (never --url or --pid: the script sets those).
# A run in which mcp-bench counted errors (wrong results, lost replies or events, failed
# sessions) is shown as FAILED and left out of the medians: its figures do not count.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=5
transport=legacy
build_dir="$repo/build/default"
out_dir=""
only=""
warmup=2
settle=0
declare -A command_of=()
extra_servers=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --transport) transport=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --out) out_dir=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --server)
      [[ "$2" == *=* ]] || { echo "compare.sh: --server needs NAME=COMMAND" >&2; exit 2; }
      name=${2%%=*}
      [[ "$name" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "compare.sh: server names are letters, digits, - and _" >&2; exit 2; }
      command_of[$name]=${2#*=}; extra_servers+=("$name"); shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
bench_args=("$@")

case "$transport" in
  legacy) path=/sse ;;
  streamable) path=/mcp ;;
  *) echo "compare.sh: --transport must be legacy or streamable" >&2; exit 2 ;;
esac
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 && "$runs" -le 50 ]] || { echo "compare.sh: --runs must be 1..50" >&2; exit 2; }

scenario=roundtrip
for ((i = 0; i < ${#bench_args[@]}; ++i)); do
  case "${bench_args[$i]}" in
    --scenario) scenario=${bench_args[$((i + 1))]} ;;
    --scenario=*) scenario=${bench_args[$i]#--scenario=} ;;
  esac
done

mcp_bench="$build_dir/bench/mcp-bench"
peer_dir="$repo/fixtures/peer-ts-server"
command_of[reference]="exec '$build_dir/reference-server/mcp-reference-server' --port 0"
command_of[ceiling]="exec '$build_dir/bench/mcp-ceiling-server' --port 0"
command_of[peer]="exec node '$peer_dir/server.mjs' 0"
servers=(reference peer ceiling "${extra_servers[@]}")
if [[ -n "$only" ]]; then IFS=, read -r -a servers <<<"$only"; fi
for which in "${servers[@]}"; do
  [[ -n "${command_of[$which]:-}" ]] || { echo "compare.sh: unknown server $which" >&2; exit 2; }
done
for tool in "$mcp_bench" "$build_dir/reference-server/mcp-reference-server" "$build_dir/bench/mcp-ceiling-server"; do
  [[ -x "$tool" ]] || { echo "compare.sh: $tool not built (cmake --build $build_dir --target mcp-bench mcp-reference-server mcp-ceiling-server)" >&2; exit 2; }
done
if [[ " ${servers[*]} " == *" peer "* && ! -d "$peer_dir/node_modules" ]]; then
  echo "compare.sh: run 'npm ci' in $peer_dir first (or leave the peer out with --only)" >&2; exit 2
fi
command -v jq >/dev/null || { echo "compare.sh: jq is needed" >&2; exit 2; }

# Both servers and mcp-bench inherit this: thousands of held connections need descriptors, and
# raising the soft limit up to the hard one needs no privilege.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d)
if [[ -z "$out_dir" ]]; then out_dir="$work/runs"; fi
mkdir -p "$out_dir"
server_pid=""
# shellcheck source=../ci/lib/reference-server.sh
source "$repo/ci/lib/reference-server.sh"
stop_server_on_exit "$work"

# Starts one server; sets server_pid and server_url. Bounded wait for its "listening on" line.
start_server() {
  local which=$1 log="$work/$1.log"
  : >"$log"
  bash -c "${command_of[$which]}" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do
    server_url=$(grep -o -m1 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | sed 's/^listening on //') || true
    if [[ -n "$server_url" ]]; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "compare.sh: $which server did not start; its output:" >&2
  cat "$log" >&2
  exit 1
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# The figures compared per scenario: "label|jq expression|better (higher|lower)".
case "$scenario" in
  roundtrip) metrics=("calls/s|.calls_per_s|higher" "p50 ms|.call_latency.p50_ms|lower" "p99 ms|.call_latency.p99_ms|lower" "server CPU us/call|(if .calls_ok > 0 then .cpu.server_s / .calls_ok * 1e6 else 0 end)|lower") ;;
  stream) metrics=("events/s|.stream.events_per_s|higher" "MB/s|(.stream.bytes_per_s / 1e6)|higher" "server CPU ns/event|(if .stream.events > 0 then .cpu.server_s / .stream.events * 1e9 else 0 end)|lower") ;;
  connections) metrics=("sessions held|.server_memory.sessions_held|higher" "KiB/session|.server_memory.rss_per_session_kib|lower" "all open s|.all_open_s|lower" "first event p50 ms|.first_event_latency.p50_ms|lower" "first event p99 ms|.first_event_latency.p99_ms|lower") ;;
  exhaustion) metrics=("fresh p50 ms|.exhaustion.probe_latency.p50_ms|lower" "fresh p99 ms|.exhaustion.probe_latency.p99_ms|lower" "fresh max ms|.exhaustion.probe_latency.max_ms|lower" "fresh ok|.exhaustion.probes_ok|higher" "fresh failed|.exhaustion.probes_failed|lower" "idle held|.exhaustion.idle_held|higher" "RSS MiB|(.exhaustion.server_rss_end_kib / 1024)|lower" "threads|.exhaustion.server_threads_end|lower") ;;
  *) echo "compare.sh: unknown scenario $scenario" >&2; exit 2 ;;
esac

echo "compare.sh: $scenario over $transport, $runs runs per server (${servers[*]}), order rotating; mcp-bench ${bench_args[*]}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
n=${#servers[@]}
for ((run = 1; run <= runs; ++run)); do
  # Rotate which server goes first, so drift in machine load hits every server alike.
  for ((k = 0; k < n; ++k)); do
    which=${servers[$(((k + run - 1) % n))]}
    if [[ "$settle" != 0 ]]; then sleep "$settle"; fi
    start_server "$which"
    if [[ "$warmup" != 0 ]]; then
      "$mcp_bench" --url "$server_url$path" --sessions 4 --duration "$warmup" --no-progress >/dev/null 2>&1 || true
    fi
    json="$out_dir/$which-$run.json"
    "$mcp_bench" --url "$server_url$path" --pid "$server_pid" --json "$json" --no-progress "${bench_args[@]}" >"$work/$which-$run.txt" 2>&1 || true
    stop_server
    if [[ ! -s "$json" ]]; then
      echo "  run $run $which: mcp-bench wrote no result:" >&2
      cat "$work/$which-$run.txt" >&2
      continue
    fi
    line="  run $run $(printf '%-10s' "$which")"
    for m in "${metrics[@]}"; do
      IFS='|' read -r label expr _ <<<"$m"
      line+="  $label $(jq -r "$expr // 0 | . * 1000 | round / 1000" "$json")"
    done
    errors=$(jq -r '.errors // 0' "$json")
    if [[ "$scenario" != exhaustion && "$errors" != 0 ]]; then
      line+="  FAILED: $errors errors ($(jq -r '.failures | to_entries | map("\(.value) x \(.key)") | join("; ")' "$json")); not counted"
      mv "$json" "$json.failed"
    fi
    if grep -q 'may be the limit' "$work/$which-$run.txt"; then line+="  (client-bound)"; fi
    echo "$line"
  done
done

median() {  # median of the numbers on stdin
  sort -g | awk '{v[NR]=$1} END {if (NR==0) {print 0} else if (NR%2) {print v[(NR+1)/2]} else {print (v[NR/2]+v[NR/2+1])/2}}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3f", a / b }'; }

declare -A med=()
for which in "${servers[@]}"; do
  counted=$(ls "$out_dir/$which"-*.json 2>/dev/null | wc -l)
  for m in "${metrics[@]}"; do
    IFS='|' read -r label expr _ <<<"$m"
    med[$which|$label]=$(for f in "$out_dir/$which"-*.json; do if [[ -s "$f" ]]; then jq -r "$expr // 0" "$f"; fi; done 2>/dev/null | median)
  done
  med[$which|runs]=$counted
done

echo
printf '%-22s' "median"
for which in "${servers[@]}"; do printf ' %14s' "$which"; done
echo
printf '%-22s' "runs counted"
for which in "${servers[@]}"; do printf ' %14s' "${med[$which|runs]}"; done
echo
for m in "${metrics[@]}"; do
  IFS='|' read -r label _ better <<<"$m"
  printf '%-22s' "$label"
  for which in "${servers[@]}"; do printf ' %14.3f' "${med[$which|$label]}"; done
  echo "  ($better is better)"
done

have() { [[ " ${servers[*]} " == *" $1 "* ]]; }
if have peer || have ceiling; then
  echo
  printf '%-22s' "ratio of medians"
  columns=()
  for which in "${servers[@]}"; do
    [[ $which == ceiling ]] && continue
    if have peer && [[ $which != peer ]]; then columns+=("$which|peer"); fi
    if have ceiling; then columns+=("$which|ceiling"); fi
  done
  for c in "${columns[@]}"; do printf ' %18s' "${c%%|*}/${c#*|}"; done
  echo
  for m in "${metrics[@]}"; do
    IFS='|' read -r label _ _ <<<"$m"
    printf '%-22s' "$label"
    for c in "${columns[@]}"; do printf ' %18s' "$(ratio "${med[${c%%|*}|$label]}" "${med[${c#*|}|$label]}")"; done
    echo
  done
fi
