#!/usr/bin/env bash
# bench/lifecycle (issue 5 item 13): full dossier lifecycles over HTTP against a release
# `motcua serve --demo` (SQLite, WAL, synchronous=FULL) on loopback, by bench_lifecycle: N
# keep-alive client threads, each lifecycle = counter reception + forward x4 + approve + return of
# procedure 1.001612 (centre -> Sở Tài chính -> Thuế tỉnh -> Sở Tài chính), 7 durable
# transitions. References, same run, same disk: bench_raw_lifecycle, the same writes through the
# storage layer straight to SQLite, one transaction per transition (one thread),
#   - with the server's durability (synchronous=FULL): target HTTP transitions/s >= 0.5 x raw;
#   - with synchronous=NORMAL (no fsync per commit; issue 18): target >= 0.25 x raw, reached only
#     by group commit (decision 0019), and p99 <= 20 ms at 16 clients.
# In-process figure, same run: bench_raw_lifecycle --threads $THREADS, synchronous=FULL, i.e. the
# storage layer's group commit without HTTP, and bench_service_lifecycle --threads $THREADS, the
# service layer (DossierService) without HTTP. Prints seven JSON lines (see scripts/bench.sh); the
# last is the CPU time one transition costs: the server's user + system time (/proc/PID/stat)
# over the HTTP run divided by its transitions (the server idles while the references run), and
# bench_service_lifecycle's own (getrusage) over its slices.
#
# Environment: MOTCUA_BIN, MOTCUA_BUILD, QUICK=1 (4 s runs instead of 20 s),
# LIFECYCLE_THREADS (default 16). With LIFECYCLE_JSON=FILE the client's raw JSON is also
# written there (bench/startup and bench/peer reuse the client, not this file).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${MOTCUA_BIN:-$ROOT/build/release/motcua}
BUILD=${MOTCUA_BUILD:-$ROOT/build/release}
CLIENT="$BUILD/bench/lifecycle/bench_lifecycle"
RAW="$BUILD/bench/lifecycle/bench_raw_lifecycle"
SERVICE="$BUILD/bench/lifecycle/bench_service_lifecycle"
DUR=20; ROUNDS=10; MAX=100000
[[ "${QUICK:-0}" == 1 ]] && DUR=4 && ROUNDS=2 && MAX=20000
THREADS=${LIFECYCLE_THREADS:-16}
# The databases go where the server's would: a directory on the same disk as the build tree.
WORK=$(mktemp -d "${MOTCUA_BENCH_DIR:-/tmp}/motcua-bench-lifecycle.XXXXXX")
cleanup() {
  [[ -n "${MPID:-}" ]] && kill -TERM "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$1/readyz" && return 0; sleep 0.05; done; return 1; }

PORT=$(free_port)
"$BIN" serve --demo --db "$WORK/motcua.db" --address 127.0.0.1 --port "$PORT" --no-access-log \
  --data-dir "$ROOT" >"$WORK/server.log" 2>&1 &
MPID=$!
wait_ready "$PORT" || { cat "$WORK/server.log" >&2; exit 1; }

# Figure and references interleaved in ROUNDS slices (HTTP slice, then raw slices of the same
# length while the clients are idle), so that the shared machine's varying fsync latency weighs
# on all alike.
SLICE=$(python3 -c "print($DUR/$ROUNDS)")
RAWCMD="'$RAW' --db '$WORK/raw.db' --seconds $SLICE --max-lifecycles $MAX"
BETWEEN="$RAWCMD >>'$WORK/raw.jsonl' && $RAWCMD --synchronous NORMAL >>'$WORK/raw-normal.jsonl'"
BETWEEN+=" && $RAWCMD --threads $THREADS >>'$WORK/raw-group.jsonl'"
BETWEEN+=" && '$SERVICE' --db '$WORK/service.db' --seconds $SLICE --threads $THREADS >>'$WORK/service.jsonl'"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CPU0=$(cpu_ticks "$MPID")
HTTP=$("$CLIENT" --port "$PORT" --threads "$THREADS" --seconds "$DUR" --max-lifecycles "$MAX" \
  --rounds "$ROUNDS" --between "$BETWEEN")
SERVER_CPU_S=$(python3 -c "print(($(cpu_ticks "$MPID") - $CPU0) / $(getconf CLK_TCK))")
kill -TERM "$MPID" && wait "$MPID" 2>/dev/null || true
MPID=
echo "http: $HTTP" >&2
sed 's/^/raw slice: /' "$WORK/raw.jsonl" >&2
sed 's/^/raw NORMAL slice: /' "$WORK/raw-normal.jsonl" >&2
sed 's/^/raw 16-thread slice: /' "$WORK/raw-group.jsonl" >&2
sed 's/^/service slice: /' "$WORK/service.jsonl" >&2
SERVICEOUT=$(python3 - "$WORK/service.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
t, s = (sum(r[k] for r in rows) for k in ("transitions", "seconds"))
print(json.dumps({"transitions": t, "seconds": s, "transitions_per_sec": round(t / s, 1),
                  "worst_slice_p99_ms": max(r["p99_ms"] for r in rows),
                  "median_slice_p99_ms": sorted(r["p99_ms"] for r in rows)[len(rows) // 2],
                  "cpu_ms_per_transition": round(sum(r.get("cpu_ms_per_transition", 0) * r["transitions"]
                                                     for r in rows) / max(t, 1), 3)}))
PY
)
sum_slices() {
  python3 - "$1" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
n, t, s = (sum(r[k] for r in rows) for k in ("lifecycles", "transitions", "seconds"))
print(json.dumps({"lifecycles": n, "transitions": t, "seconds": s, "lifecycles_per_sec": round(n / s, 1),
                  "transitions_per_sec": round(t / s, 1), "synchronous": rows[0]["synchronous"]}))
PY
}
RAWOUT=$(sum_slices "$WORK/raw.jsonl")
NORMALOUT=$(sum_slices "$WORK/raw-normal.jsonl")
GROUPOUT=$(sum_slices "$WORK/raw-group.jsonl")
[[ -n "${LIFECYCLE_JSON:-}" ]] && echo "$HTTP" >"$LIFECYCLE_JSON"

python3 - "$HTTP" "$RAWOUT" "$DUR" "$THREADS" "$NORMALOUT" "$GROUPOUT" "$SERVICEOUT" "$SERVER_CPU_S" <<'PY'
import json, sys
h, r = json.loads(sys.argv[1]), json.loads(sys.argv[2])
server_cpu_s = float(sys.argv[8])
dur, threads = sys.argv[3], sys.argv[4]
n, g, sv = json.loads(sys.argv[5]), json.loads(sys.argv[6]), json.loads(sys.argv[7])
sync = r["synchronous"]
durability = f"SQLite WAL, synchronous={sync}, group commit: one fsync per batch of queued writes"
cmd = (f"make bench (bench/lifecycle/run.sh: bench_lifecycle --threads {threads} --seconds {dur}"
       f" against motcua serve --demo; --rounds N, bench_raw_lifecycle run between the rounds for as long:"
       f" synchronous=FULL, synchronous=NORMAL, and --threads {threads}; bench_service_lifecycle"
       f" --threads {threads})")
ratio = h["transitions_per_sec"] / r["transitions_per_sec"]
print(json.dumps({
    "name": "lifecycle",
    "figure": f"dossier transitions/s over HTTP, durable ({durability}; {threads} keep-alive clients,"
              f" 7 transitions per lifecycle)",
    "value": h["transitions_per_sec"], "unit": "transitions/s",
    "reference": f"raw SQLite commits of the same writes, one transaction per transition, synchronous={sync}",
    "reference_value": r["transitions_per_sec"], "ratio": round(ratio, 3), "target": ">= 0.5",
    "target_met": ratio >= 0.5, "errors": h["errors"], "command": cmd}, ensure_ascii=False))
ratio_n = h["transitions_per_sec"] / n["transitions_per_sec"]
print(json.dumps({
    "name": "lifecycle",
    "figure": f"dossier transitions/s over HTTP, durable ({durability}; {threads} keep-alive clients)"
              " against the same writes without the fsync per commit (issue 18)",
    "value": h["transitions_per_sec"], "unit": "transitions/s",
    "reference": "raw SQLite commits of the same writes, one transaction per transition, one thread,"
                 " synchronous=NORMAL",
    "reference_value": n["transitions_per_sec"], "ratio": round(ratio_n, 3), "target": ">= 0.25",
    "target_met": ratio_n >= 0.25, "absolute_target": ">= 10000 transitions/s (issue 18, 2 cores)",
    "absolute_target_met": h["transitions_per_sec"] >= 10000, "errors": h["errors"],
    "command": cmd}, ensure_ascii=False))
ratio_g = g["transitions_per_sec"] / n["transitions_per_sec"]
print(json.dumps({
    "name": "lifecycle",
    "figure": f"in-process dossier transitions/s through the storage layer, durable (synchronous={sync},"
              f" group commit; {threads} threads, no HTTP, no reads)",
    "value": g["transitions_per_sec"], "unit": "transitions/s",
    "reference": "raw SQLite commits of the same writes, one transaction per transition, one thread,"
                 " synchronous=NORMAL",
    "reference_value": n["transitions_per_sec"], "ratio": round(ratio_g, 3), "target": ">= 0.25",
    "target_met": ratio_g >= 0.25, "command": cmd}, ensure_ascii=False))
ratio_s = sv["transitions_per_sec"] / n["transitions_per_sec"]
print(json.dumps({
    "name": "lifecycle",
    "figure": f"in-process dossier transitions/s through DossierService, durable (synchronous={sync},"
              f" group commit; {threads} threads, no HTTP; p99 per call {sv['median_slice_p99_ms']} ms,"
              f" worst slice {sv['worst_slice_p99_ms']} ms)",
    "value": sv["transitions_per_sec"], "unit": "transitions/s",
    "reference": "raw SQLite commits of the same writes, one transaction per transition, one thread,"
                 " synchronous=NORMAL",
    "reference_value": n["transitions_per_sec"], "ratio": round(ratio_s, 3), "target": ">= 0.25",
    "target_met": ratio_s >= 0.25, "command": cmd}, ensure_ascii=False))
print(json.dumps({
    "name": "lifecycle",
    "figure": f"full dossier lifecycles/s over HTTP (receive, 3 agencies' steps, approve, return; synchronous={sync})",
    "value": h["lifecycles_per_sec"], "unit": "lifecycles/s",
    "reference": "raw SQLite lifecycles/s, same writes",
    "reference_value": r["lifecycles_per_sec"], "ratio": round(h["lifecycles_per_sec"] / r["lifecycles_per_sec"], 3),
    "target": ">= 0.5", "lifecycles": h["lifecycles"], "command": cmd}, ensure_ascii=False))
print(json.dumps({
    "name": "lifecycle",
    "figure": f"p99 latency per lifecycle request ({threads} concurrent clients; p50 {h['p50_ms']} ms)",
    "value": h["p99_ms"], "unit": "ms",
    "reference": f"raw SQLite mean time per transaction (1 writer, synchronous={sync})",
    "reference_value": round(1000.0 / r["transitions_per_sec"], 2),
    "ratio": round(h["p99_ms"] / (1000.0 / r["transitions_per_sec"]), 2),
    "target": "<= 20 ms", "target_met": h["p99_ms"] <= 20, "p50_ms": h["p50_ms"],
    "command": cmd}, ensure_ascii=False))
server_ms = 1000.0 * server_cpu_s / max(h["transitions"], 1)
print(json.dumps({
    "name": "lifecycle",
    "figure": f"CPU time per durable transition in motcua serve over HTTP (user + system, /proc, {threads}"
              f" clients; in-process through DossierService: {sv['cpu_ms_per_transition']} ms)",
    "value": round(server_ms, 3), "unit": "ms",
    "reference": "raw SQLite wall time per transaction of the same writes (1 thread, synchronous=NORMAL)",
    "reference_value": round(1000.0 / n["transitions_per_sec"], 3),
    "ratio": round(server_ms / (1000.0 / n["transitions_per_sec"]), 2),
    "service_cpu_ms": sv["cpu_ms_per_transition"], "command": cmd}, ensure_ascii=False))
PY
