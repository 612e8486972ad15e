#!/usr/bin/env bash
# Receipts (Mẫu 01 PDF: layout, QR code, embedded fonts) rendered per second on one core, against
# the ≥ 500/s target of issue 7. The HTML twin's rate is reported alongside in the command output.
# Prints one JSON line (see scripts/bench.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${MOTCUA_BUILD:-build/release}"
BIN="$BUILD/bench/forms/bench_forms"
MIN_TIME=1
[[ "${QUICK:-0}" == 1 ]] && MIN_TIME=0.2
# One core: the renderer is single-threaded; pin it so the figure means "per core".
out=$(taskset -c 0 "$BIN" --benchmark_filter=BM_ReceiptPdf --benchmark_format=json \
      --benchmark_min_time="$MIN_TIME" 2>/dev/null)
python3 - "$out" "taskset -c 0 $BIN --benchmark_filter=BM_ReceiptPdf --benchmark_min_time=$MIN_TIME" <<'PY'
import json, sys
b = {x["name"]: x for x in json.loads(sys.argv[1])["benchmarks"]}["BM_ReceiptPdf"]
rate, target = b["items_per_second"], 500.0
print(json.dumps({
    "name": "forms", "figure": "Mẫu 01 receipts rendered as PDF per second (1 core)",
    "value": round(rate, 1), "unit": "receipts/s",
    "reference": "the issue's target", "reference_value": target,
    "ratio": round(rate / target, 2), "target": ">= 500 receipts/s",
    "target_met": rate >= target, "pdf_bytes": int(b.get("pdf_bytes", 0)),
    "command": sys.argv[2]}, ensure_ascii=False))
PY
