#!/usr/bin/env bash
# compare.sh: runs the same mcp-bench scenario against the reference server and the peer
# server on the official TypeScript SDK (fixtures/peer-ts-server), alternating runs, and
# prints each run's figures, the medians and the ratio of medians (reference / peer).
# Both servers are started fresh on port 0 (127.0.0.1) for every run and stopped after it.
#
#   bench/compare.sh --runs 5 -- --scenario roundtrip --sessions 16 --duration 10
#   bench/compare.sh --transport streamable -- --scenario stream --sessions 100 --events 20000
#
# Options before `--`:
#   --runs N               runs per server (default 5)
#   --transport T          legacy (default: /sse) or streamable (/mcp)
#   --build-dir DIR        where mcp-bench and mcp-reference-server are built (default build/bench-dev)
#   --out DIR              keep every run's JSON here (default: a temporary directory)
#   --only reference|peer  measure one server only
#   --warmup SECONDS       a discarded 4-session roundtrip after each start (default 2; 0: none),
#                          so the peer's JIT and both servers' first allocations are not measured
#   --settle SECONDS       wait this long before each run (default 0): runs that open thousands of
#                          connections leave as many sockets in TIME_WAIT for 60 s, which slows the
#                          next run's connect() calls
# Everything after `--` goes to mcp-bench (never --url or --pid: the script sets those).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=5
transport=legacy
build_dir="$repo/build/bench-dev"
out_dir=""
only=""
warmup=2
settle=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --transport) transport=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --out) out_dir=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
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
reference_bin="$build_dir/reference-server/mcp-reference-server"
peer_dir="$repo/fixtures/peer-ts-server"
for tool in "$mcp_bench" "$reference_bin"; do
  [[ -x "$tool" ]] || { echo "compare.sh: $tool not built (cmake --build $build_dir --target mcp-bench mcp-reference-server)" >&2; exit 2; }
done
[[ -d "$peer_dir/node_modules" ]] || { echo "compare.sh: run 'npm ci' in $peer_dir first" >&2; exit 2; }
command -v jq >/dev/null || { echo "compare.sh: jq is needed" >&2; exit 2; }

# Both servers and mcp-bench inherit this: thousands of held connections need descriptors, and
# raising the soft limit up to the hard one needs no privilege.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d)
if [[ -z "$out_dir" ]]; then out_dir="$work/runs"; fi
mkdir -p "$out_dir"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts one server; sets server_pid and server_url. Bounded wait for its "listening on" line.
start_server() {
  local which=$1 log="$work/$1.log"
  : >"$log"
  if [[ $which == reference ]]; then
    "$reference_bin" --port 0 >"$log" 2>&1 &
  else
    node "$peer_dir/server.mjs" 0 >"$log" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 1 100); do
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
  roundtrip) metrics=("calls/s|.calls_per_s|higher" "p50 ms|.call_latency.p50_ms|lower" "p99 ms|.call_latency.p99_ms|lower" "errors|.errors|lower") ;;
  stream) metrics=("events/s|.stream.events_per_s|higher" "MB/s|(.stream.bytes_per_s / 1e6)|higher" "lost|.stream.lost|lower" "reordered|.stream.reordered|lower" "errors|.errors|lower") ;;
  connections) metrics=("sessions held|.server_memory.sessions_held|higher" "KiB/session|.server_memory.rss_per_session_kib|lower" "first event p50 ms|.first_event_latency.p50_ms|lower" "first event p99 ms|.first_event_latency.p99_ms|lower" "failed|.sessions_failed|lower") ;;
  exhaustion) metrics=("fresh p50 ms|.exhaustion.probe_latency.p50_ms|lower" "fresh p99 ms|.exhaustion.probe_latency.p99_ms|lower" "fresh max ms|.exhaustion.probe_latency.max_ms|lower" "fresh ok|.exhaustion.probes_ok|higher" "fresh failed|.exhaustion.probes_failed|lower" "idle held|.exhaustion.idle_held|higher" "RSS MiB|(.exhaustion.server_rss_end_kib / 1024)|lower" "threads|.exhaustion.server_threads_end|lower") ;;
  *) echo "compare.sh: unknown scenario $scenario" >&2; exit 2 ;;
esac

servers=(reference peer)
if [[ -n "$only" ]]; then servers=("$only"); fi

echo "compare.sh: $scenario over $transport, $runs runs per server, alternating; mcp-bench ${bench_args[*]}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ)"
for ((run = 1; run <= runs; ++run)); do
  # Alternate which server goes first, so drift in machine load hits both alike.
  order=("${servers[@]}")
  if (( run % 2 == 0 )) && [[ ${#servers[@]} -eq 2 ]]; then order=(peer reference); fi
  for which in "${order[@]}"; do
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
    line="  run $run $(printf '%-9s' "$which")"
    for m in "${metrics[@]}"; do
      IFS='|' read -r label expr _ <<<"$m"
      line+="  $label $(jq -r "$expr // 0 | . * 1000 | round / 1000" "$json")"
    done
    echo "$line"
  done
done

median() {  # median of the numbers on stdin
  sort -g | awk '{v[NR]=$1} END {if (NR==0) {print 0} else if (NR%2) {print v[(NR+1)/2]} else {print (v[NR/2]+v[NR/2+1])/2}}'
}

echo
printf '%-22s %14s %14s %12s\n' "median of $runs" reference peer "ref/peer"
for m in "${metrics[@]}"; do
  IFS='|' read -r label expr better <<<"$m"
  declare -A med=()
  for which in reference peer; do
    med[$which]=$(for f in "$out_dir/$which"-*.json; do if [[ -s "$f" ]]; then jq -r "$expr // 0" "$f"; fi; done 2>/dev/null | median)
  done
  ratio=$(awk -v a="${med[reference]}" -v b="${med[peer]}" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }')
  printf '%-22s %14.3f %14.3f %12s  (%s is better)\n' "$label" "${med[reference]}" "${med[peer]}" "$ratio" "$better"
  unset med
done
