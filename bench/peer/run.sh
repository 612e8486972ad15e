#!/usr/bin/env bash
# bench/peer (issue 9): MotCua against a general-purpose workflow engine, measured side by side.
# The peer is bpmn-engine (npm, pinned in package.json) running the five-step dossier flow
# (receive, appraise, inter-agency step, approve, return) as user tasks, with its state serialised
# after each step (getState -> JSON -> file, fsync) as a durable user would: peer.mjs.
# MotCua: bench/lifecycle's client against a release `motcua serve --demo` on loopback (7 durable
# transitions per lifecycle, with permission checks, history, step timeliness), same concurrency,
# same duration, same disk. Prints two JSON lines (see scripts/bench.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${MOTCUA_BIN:-$ROOT/build/release/motcua}
BUILD=${MOTCUA_BUILD:-$ROOT/build/release}
CLIENT="$BUILD/bench/lifecycle/bench_lifecycle"
DUR=20; ROUNDS=10; [[ "${QUICK:-0}" == 1 ]] && DUR=4 && ROUNDS=2
CONC=${LIFECYCLE_THREADS:-16}
WORK=$(mktemp -d "${MOTCUA_BENCH_DIR:-/tmp}/motcua-bench-peer.XXXXXX")
cleanup() {
  [[ -n "${MPID:-}" ]] && kill -TERM "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The peer's package, installed from the lock file into bench/peer/node_modules.
if [[ ! -f bench/peer/node_modules/bpmn-engine/package.json ]]; then
  (cd bench/peer && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$1/readyz" && return 0; sleep 0.05; done; return 1; }

PORT=$(free_port)
"$BIN" serve --demo --db "$WORK/motcua.db" --address 127.0.0.1 --port "$PORT" --no-access-log \
  --data-dir "$ROOT" >"$WORK/server.log" 2>&1 &
MPID=$!
wait_ready "$PORT" || { cat "$WORK/server.log" >&2; exit 1; }
# Interleaved: a MotCua slice, then a peer slice of the same length while MotCua's clients are
# idle, ROUNDS times, so both see the shared disk at the same moments.
SLICE=$(python3 -c "print($DUR/$ROUNDS)")
M=$("$CLIENT" --port "$PORT" --threads "$CONC" --seconds "$DUR" --rounds "$ROUNDS" \
  --between "cd '$ROOT/bench/peer' && node peer.mjs --dir '$WORK/peer-state' --concurrency $CONC --seconds $SLICE >>'$WORK/peer.jsonl'")
kill -TERM "$MPID" && wait "$MPID" 2>/dev/null || true
MPID=
sed 's/^/peer slice: /' "$WORK/peer.jsonl" >&2
P=$(python3 - "$WORK/peer.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
f, st, s = (sum(r[k] for r in rows) for k in ("flows", "steps", "seconds"))
print(json.dumps({"flows": f, "steps": st, "seconds": s, "flows_per_sec": round(f / s, 1),
                  "steps_per_sec": round(st / s, 1), "p99_step_ms": max(r["p99_step_ms"] for r in rows),
                  "state_bytes": rows[-1]["state_bytes"], "node": rows[-1]["node"]}))
PY
)
echo "motcua: $M" >&2
echo "peer:   $P" >&2

python3 - "$M" "$P" "$DUR" "$CONC" <<'PY'
import json, sys
m, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
dur, conc = sys.argv[3], sys.argv[4]
cmd = (f"make bench (bench/peer/run.sh: bench_lifecycle --threads {conc} --seconds {dur} "
       f" --rounds N, node peer.mjs --concurrency {conc} between the rounds for as long, bpmn-engine 25.0.1, {p['node']})")
print(json.dumps({
    "name": "peer",
    "figure": "durable dossier flows/s: MotCua lifecycles over HTTP (7 transitions, SQLite synchronous=FULL)"
              " vs bpmn-engine five-step flow with state JSON fsynced after each step",
    "value": m["lifecycles_per_sec"], "unit": "flows/s",
    "reference": "bpmn-engine (npm) same flow in one Node.js process, state file fsynced per step",
    "reference_value": p["flows_per_sec"],
    "ratio": round(m["lifecycles_per_sec"] / p["flows_per_sec"], 3) if p["flows_per_sec"] else None,
    "target": "> 1", "peer_state_bytes": p["state_bytes"], "command": cmd}, ensure_ascii=False))
print(json.dumps({
    "name": "peer",
    "figure": "durable steps/s: MotCua transitions over HTTP vs bpmn-engine steps (state fsynced)",
    "value": m["transitions_per_sec"], "unit": "steps/s",
    "reference": "bpmn-engine steps/s, same run", "reference_value": p["steps_per_sec"],
    "ratio": round(m["transitions_per_sec"] / p["steps_per_sec"], 3) if p["steps_per_sec"] else None,
    "target": "> 1", "p99_ms": m["p99_ms"], "peer_p99_step_ms": p["p99_step_ms"],
    "command": cmd}, ensure_ascii=False))
PY
