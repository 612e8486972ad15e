#!/usr/bin/env bash
# Timeliness report latency (p50) over 10 million synthetic dossiers (QUICK=1: 1 million): the
# in-memory columnar index against a plain SQL GROUP BY over the same SQLite rows, same run,
# identical numbers asserted. Prints one JSON line (see scripts/bench.sh). The generated database
# is kept in $MOTCUA_BENCH_DIR (default /tmp) and reused when it already holds the rows.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${MOTCUA_BUILD:-build/release}"
BIN="$BUILD/bench/reports/bench_reports"
ROWS=10000000
[[ "${QUICK:-0}" == 1 ]] && ROWS=1000000
DIR="${MOTCUA_BENCH_DIR:-/tmp}"
"$BIN" --rows "$ROWS" --db "$DIR/motcua-bench-reports-$ROWS.db" --fast-runs 21 --sql-runs 3 | tail -1
