#!/usr/bin/env bash
# bench/catalogue: procedure search over HTTP on a 5,000-procedure catalogue (the shipped one
# multiplied), rotating Vietnamese queries with and without tone marks and filters. Figure: p99
# latency against the ≤ 5 ms target, measured with 4 keep-alive connections (a load the server
# keeps up with); reference: p99 of GET /healthz measured the same way in the same run. The
# throughput at saturation (32 connections) is reported in the figure's text.
# Why not p99 at 32 connections: on 2 cores shared by wrk and the server, 32 connections measure
# the queue, not the search. A search costs 12-55 us of CPU (bench_catalogue), and /healthz,
# which does nothing, had the same p99 order of magnitude (6.7 ms vs 13 ms) at 32 connections.
# Prints one JSON line (see scripts/bench.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${MOTCUA_BIN:-build/release/motcua}
DUR=10; [[ "${QUICK:-0}" == 1 ]] && DUR=2
CONN=4; THREADS=1; SAT_CONN=32
WORK=$(mktemp -d /tmp/motcua-bench-catalogue.XXXXXX)
cleanup() {
  [[ -n "${MPID:-}" ]] && kill -TERM "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.1; done; return 1; }

PORT=$(free_port)
"$BIN" serve --db "$WORK/bench.db" --address 127.0.0.1 --port "$PORT" --demo --no-access-log \
  --io-threads 2 --worker-threads 4 --rate-limit-per-minute 0 >"$WORK/motcua.log" 2>&1 &
MPID=$!
wait_port "$PORT" /healthz

# 5,000 procedures: the shipped ones plus copies with new codes and a numbered name.
python3 - "$WORK/big.json" <<'PY'
import json, sys
src = json.load(open("data/procedures/catalogue.json"))["procedures"]
out = []
i = 0
while len(src) + len(out) < 5000:
    p = dict(src[i % len(src)])
    p["code"] = f"0.BENCH.{i:05d}"
    p["name"] = f'{p["name"]} (bản thử {i})'
    out.append(p)
    i += 1
json.dump({"procedures": out}, open(sys.argv[1], "w"), ensure_ascii=False)
PY
TOKEN=$(curl -fs -H 'Content-Type: application/json' \
  -d '{"username":"demo.admin","password":"motcua-demo"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/octet-stream' \
  --data-binary "@$WORK/big.json" "http://127.0.0.1:$PORT/api/v1/procedures/import?format=json" >/dev/null
TOTAL=$(curl -fs "http://127.0.0.1:$PORT/api/v1/procedures?page_size=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')

cat >"$WORK/search.lua" <<'LUA'
local paths = {
  "/api/v1/procedures?q=dang%20ky%20khai%20sinh",
  "/api/v1/procedures?q=%C4%90%C4%83ng%20k%C3%BD%20k%E1%BA%BFt%20h%C3%B4n",
  "/api/v1/procedures?q=ho%20tich&page=2",
  "/api/v1/procedures?q=giay%20phep%20xay%20dung&level=commune",
  "/api/v1/procedures?q=chung%20thuc&online=toan_trinh",
  "/api/v1/procedures?field=DD&page=3",
  "/api/v1/procedures?q=1.001193",
  "/api/v1/procedures?agency=000.00.15.H99&q=giay%20phep",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
p99_ms() {  # wrk --latency "99%" line -> milliseconds
  awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}'
}
wrk -t2 -c$SAT_CONN -d1s -s "$WORK/search.lua" "http://127.0.0.1:$PORT" >/dev/null  # warm
SAT_DUR=$DUR; [[ "${QUICK:-0}" == 1 ]] && SAT_DUR=2
SAT=$(wrk -t2 -c$SAT_CONN -d${SAT_DUR}s --latency -s "$WORK/search.lua" "http://127.0.0.1:$PORT")
SEARCH=$(wrk -t$THREADS -c$CONN -d${DUR}s --latency -s "$WORK/search.lua" "http://127.0.0.1:$PORT")
HEALTH=$(wrk -t$THREADS -c$CONN -d${DUR}s --latency "http://127.0.0.1:$PORT/healthz")
S99=$(p99_ms <<<"$SEARCH"); H99=$(p99_ms <<<"$HEALTH")
SRPS=$(awk '/^Requests\/sec:/ {print $2}' <<<"$SEARCH")
SATRPS=$(awk '/^Requests\/sec:/ {print $2}' <<<"$SAT"); SAT99=$(p99_ms <<<"$SAT")
echo "catalogue: search c$CONN p99 $S99 ms at $SRPS req/s; healthz c$CONN p99 $H99 ms; search c$SAT_CONN $SATRPS req/s p99 $SAT99 ms" >&2
python3 - "$S99" "$H99" "$SRPS" "$TOTAL" "wrk -t$THREADS -c$CONN -d${DUR}s --latency, and -t2 -c$SAT_CONN for the saturation figure (bench/catalogue/run.sh)" "$SATRPS" "$SAT99" <<'PY'
import json, sys
s99, h99, rps, total, cmd = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
sat, sat99 = float(sys.argv[6]), float(sys.argv[7])
print(json.dumps({
    "name": "catalogue", "figure": f"search p99 latency, {total:,} procedures, 4 keep-alive connections ({rps:,.0f} req/s;"
              f" at saturation, 32 connections: {sat:,.0f} req/s, p99 {sat99:.1f} ms)",
    "value": round(s99, 2), "unit": "ms",
    "reference": "GET /healthz p99, same run", "reference_value": round(h99, 2),
    "ratio": round(s99 / h99, 2) if h99 else None, "target": "p99 <= 5 ms",
    "target_met": s99 <= 5.0 and total >= 5000, "command": cmd}, ensure_ascii=False))
PY
# The search alone, in-process (bench_catalogue: the same 5,000 procedures, 8 rotating queries):
# CPU time per query, which the machine's load does not inflate as it does wall-clock latency.
CAT="${MOTCUA_BUILD:-build/release}/bench/catalogue/bench_catalogue"
MIN_TIME=0.5; [[ "${QUICK:-0}" == 1 ]] && MIN_TIME=0.2
INPROC=$("$CAT" --benchmark_filter='^BM_Search$' --benchmark_format=json --benchmark_min_time=$MIN_TIME 2>/dev/null)
python3 - "$INPROC" "$CAT --benchmark_filter=^BM_Search\$ --benchmark_min_time=$MIN_TIME" <<'PY'
import json, sys
b = json.loads(sys.argv[1])["benchmarks"][0]
scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
cpu_us, wall_us = b["cpu_time"] * scale, b["real_time"] * scale
print(json.dumps({
    "name": "catalogue",
    "figure": f"one search in-process over 5,000 procedures, CPU time (mean of 8 rotating queries; wall {wall_us:,.0f} us on the loaded machine)",
    "value": round(cpu_us, 1), "unit": "us", "reference": "the p99 target, 5 ms",
    "reference_value": 5000, "ratio": round(cpu_us / 5000, 4), "target": "<= 5,000 us",
    "target_met": cpu_us <= 5000, "command": sys.argv[2]}, ensure_ascii=False))
PY
