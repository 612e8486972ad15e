#!/usr/bin/env bash
# bench/scale (issue 9): public lookups/s and p99, report latency and server RSS at 10 thousand,
# 1 million and 10 million dossiers (QUICK=1: 10 thousand and 100 thousand), each against its
# reference in the same run; the curve goes to bench/results.json ("scale") and
# docs/bench-scale.svg. See scale.py for what is measured. The generated databases are kept in
# $MOTCUA_BENCH_DIR (default /tmp), keyed by size, generator and schema version, and reused.
# Environment: MOTCUA_BIN, MOTCUA_BUILD, MOTCUA_BENCH_DIR, QUICK=1, SCALE_SIZES="N N ...".
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 bench/scale/scale.py
