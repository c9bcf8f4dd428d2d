#!/usr/bin/env bash
# Builds the `fuzz` preset (clang, libFuzzer, ASan+UBSan) and runs every fuzz target for a
# bounded time. New inputs that add coverage are merged into fixtures/fuzz/<target>/corpus;
# crashing inputs are kept under fuzz-out/crashes/<target>/ with the command that reproduces
# them. Exits non-zero when any target crashed (or timed out / ran out of memory).
#
# Usage: ci/fuzz.sh [seconds-per-target] [target...]     (default: $FUZZ_SECONDS or 60, all)
# Environment: FUZZ_SECONDS, FUZZ_MERGE=0 (keep new inputs in fuzz-out/new only),
#              FUZZ_SKIP_BUILD=1 (use build/fuzz as it is), FUZZ_BUILD_JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-${FUZZ_SECONDS:-60}}"
[ $# -gt 0 ] && shift
case "$seconds" in ''|*[!0-9]*) echo "fuzz: seconds must be a number, got '$seconds'" >&2; exit 2 ;; esac

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (install clang and libclang-rt-14-dev, see ci/setup.sh)" >&2
  exit 2
fi
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j "${FUZZ_BUILD_JOBS:-2}" --target mcp_fuzz_targets
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for dir in fixtures/fuzz/*/; do
    name="$(basename "$dir")"
    [ -x "build/fuzz/fuzz/$name" ] && targets+=("$name")
  done
fi

out=fuzz-out
mkdir -p "$out/logs"
failed=0
summary=()
for target in "${targets[@]}"; do
  bin="$PWD/build/fuzz/fuzz/$target"
  corpus="fixtures/fuzz/$target/corpus"
  dict="fixtures/fuzz/$target/$target.dict"
  new="$out/new/$target"
  crashes="$out/crashes/$target"
  log="$out/logs/$target.log"
  # Artifacts of an earlier run were reported then; only this run's count now.
  rm -rf "$crashes"
  mkdir -p "$new" "$crashes" "$corpus"
  [ -t 1 ] && echo "fuzz: $target for ${seconds}s ..."
  dict_flag=(); [ -f "$dict" ] && dict_flag=("-dict=$dict")
  status=0
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "${dict_flag[@]}" "$new" "$corpus" >"$log" 2>&1 || status=$?

  # The last status line has cov/ft; the final stats the average executions per second.
  last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
  execs="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"

  result=ok
  shopt -s nullglob
  found=("$crashes"/crash-* "$crashes"/timeout-* "$crashes"/oom-* "$crashes"/leak-*)
  shopt -u nullglob
  if [ $status -ne 0 ] || [ ${#found[@]} -gt 0 ]; then
    result=CRASH
    failed=1
    for input in "${found[@]}"; do
      repro="$bin $input"
      echo "$repro" >"$input.reproduce"
      echo "fuzz: $target: crashing input $input" >&2
      echo "fuzz:   reproduce with: $repro" >&2
    done
    [ ${#found[@]} -eq 0 ] && echo "fuzz: $target exited $status without an artifact; see $log" >&2
    grep -m 5 -E 'ERROR|property violated|SUMMARY' "$log" >&2 || true
  fi
  if [ "${FUZZ_MERGE:-1}" = 1 ] && [ "$result" = ok ]; then
    "$bin" -merge=1 "${dict_flag[@]}" "$corpus" "$new" >"$out/logs/$target.merge.log" 2>&1 || true
  fi
  summary+=("$(printf '%-28s %-6s runs=%-9s exec/s=%-7s cov=%-6s ft=%-6s' "$target" "$result" "${runs:-?}" "${execs:-?}" "${cov:-?}" "${ft:-?}")")
done

echo "fuzz: ${seconds}s per target"
printf '%s\n' "${summary[@]}"
exit $failed
