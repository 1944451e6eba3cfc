#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_{model,csv,config,url,strokes}.cpp) with Debian's clang,
# instrumented with ASan + UBSan, and runs each for a bounded time on a copy of its committed
# seed corpus (tests/fuzz/corpus/<target>). Crashes are written to build/fuzz/crashes/.
#   scripts/fuzz.sh [seconds per target = 20] [target ...]      (targets: model csv config url strokes)
# Needs clang and libclang-rt-*-dev (the fuzzer runtime): scripts/deps.sh --fuzz installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(model csv config url strokes)
build=build/fuzz
CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBPL_FUZZ=ON -DBPL_BUILD_APP=OFF -DBPL_BUILD_CLI=OFF -DBPL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target $(printf 'fuzz_%s ' "${targets[@]}")
mkdir -p "$build/crashes"
status=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t"          # grows while fuzzing; the committed seeds stay small
  mkdir -p "$work"
  echo "==== fuzz_$t for ${secs}s"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz_$t" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$build/crashes/${t}-" "$work" "tests/fuzz/corpus/$t" \
    > "$build/fuzz_$t.log" 2>&1 || { status=1; echo "fuzz_$t FAILED (log: $build/fuzz_$t.log)"; }
  # Summary: the final coverage line, the stats, any sanitizer report or crash artifact.
  awk '/^#[0-9]+.*(DONE|cov:)/ {last=$0} /^stat::|ERROR|SUMMARY|artifact|Test unit written/ {print} END {print last}' \
    "$build/fuzz_$t.log"
done
exit $status
