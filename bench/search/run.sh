#!/usr/bin/env bash
# bench/search: the ranked catalogue search over the whole national catalogue (data/catalogue/
# national, 5,670 procedures), in-process, against the search it replaced (bench/search/
# reference_search.cc, all query words required) on the same queries in the same run: p50/p99
# latency and their ratio (target p99 <= 5 ms), and the share of citizen phrasings
# (tests/data/search_queries.tsv) with a wanted procedure in the top 5 (target >= 95 %).
# A held-out set is measured with `bench_search --eval FILE`.
# Prints JSON lines (see scripts/bench.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${MOTCUA_BUILD:-build/release}"
ARGS=()
[[ "${QUICK:-0}" == 1 ]] && ARGS=(--quick)
"$BUILD/bench/search/bench_search" "${ARGS[@]}"
