#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with clang (preset `fuzz`, build/fuzz; the default
# gcc build is untouched) and runs each for FUZZ_SECONDS (default 600), one after the other in one
# process (one core; libFuzzer's -jobs would fork and log to fuzz-N.log). New inputs go to
# build/fuzz/corpus/<target> (the committed seeds in fuzz/corpus/<target> are read, never
# written); crashes to build/fuzz/crashes/<target>/. FUZZ_TARGETS picks targets.
set -euo pipefail
cd "$(dirname "$0")/.."

MOTCUA_SETUP_FUZZ=1 MOTCUA_SETUP_NODE="${MOTCUA_SETUP_NODE:-0}" bash scripts/setup.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

SECONDS_EACH="${FUZZ_SECONDS:-600}"
TARGETS="${FUZZ_TARGETS:-http_request multipart json_body csv_import procedure_search}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
status=0
for t in $TARGETS; do
  work="build/fuzz/corpus/$t"
  crashes="build/fuzz/crashes/$t"
  mkdir -p "$work" "$crashes"
  echo "fuzz: $t for ${SECONDS_EACH}s"
  set +e
  "build/fuzz/fuzz/fuzz_$t" "$work" "fuzz/corpus/$t" -max_total_time="$SECONDS_EACH" \
    -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1 >"build/fuzz/$t.log" 2>&1
  rc=$?
  set -e
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" \
    "build/fuzz/$t.log" || true
  if [[ $rc -ne 0 ]]; then
    echo "fuzz: $t found a failure; see build/fuzz/$t.log and $crashes" >&2
    status=1
  fi
done
exit $status
