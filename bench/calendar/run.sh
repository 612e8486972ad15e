#!/usr/bin/env bash
# Due-instant computations per second (random instants 1995–2050, 1–60 working days) on one core,
# against the ≥ 5 M/s target and a naive day-by-day walk measured in the same run.
# Prints one JSON line (see scripts/bench.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${MOTCUA_BUILD:-build/release}"
BIN="$BUILD/bench/calendar/bench_calendar"
MIN_TIME=1
[[ "${QUICK:-0}" == 1 ]] && MIN_TIME=0.2
out=$("$BIN" --benchmark_format=json --benchmark_min_time="$MIN_TIME" 2>/dev/null)
python3 - "$out" "$BIN --benchmark_min_time=$MIN_TIME" <<'PY'
import json, sys
r = {b["name"]: b["items_per_second"] for b in json.loads(sys.argv[1])["benchmarks"]}
idx, naive = r["BM_DueIndexed"], r["BM_DueNaive"]
print(json.dumps({
    "name": "calendar", "figure": "due-instant computations per second (1 core)",
    "value": round(idx, 1), "unit": "ops/s",
    "reference": "naive day-by-day walk, same run", "reference_value": round(naive, 1),
    "ratio": round(idx / naive, 1), "target": ">= 5,000,000 ops/s",
    "target_met": idx >= 5e6, "command": sys.argv[2]}, ensure_ascii=False))
PY
