#!/usr/bin/env bash
# The failover test (`make ha`; CTest test "ha_failover", labels slow and ha): on loopback only,
#   etcd (1 member) -> 3 Patroni-managed PostgreSQL 15 nodes (synchronous_mode) -> HAProxy
#   (write port follows the Patroni leader via GET /primary) -> 2 `motcua serve` processes behind
#   HAProxy's HTTP frontend -> tests/ha/load_client.py (4 reception officers over HTTP).
# Under load the standbys first fall behind for 2 s (the primary's WAL senders stopped, as in a
# network hiccup), then the primary's node dies (SIGKILL of its Patroni and of every PostgreSQL
# process of that node, as a machine crash would; MOTCUA_HA_FAULT=freeze stops them instead, as
# a hung host). Patroni promotes the synchronous standby once the leader key expires; HAProxy
# moves the write port; the motcua servers reconnect by themselves. The test then checks that new
# writes succeed again within $MOTCUA_HA_RESUME_SECONDS and that every transition acknowledged
# with a 2xx is in the new primary (same dossier code and applicant, dossiers.version and
# dossier_history), prints the outage and the counts, and exits non-zero on any loss. Last, the
# old node's Patroni is started again and must rejoin as a standby (pg_rewind) with the leader's
# history. MOTCUA_HA_SYNCHRONOUS=0 is the control experiment (asynchronous replication: it fails).
#
# Needs root or a non-root user (PostgreSQL refuses root: as root the cluster runs as "postgres"),
# the Debian packages of scripts/setup-ha.sh, and the motcua binary ($MOTCUA_BINARY, else
# build/debug/motcua). Ports 19700-19759 on 127.0.0.1. Everything stops by itself (trap on exit).
# MOTCUA_HA_REPORT=<file> also writes the figures as JSON; MOTCUA_HA_KEEP=1 keeps the temp dir.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${MOTCUA_BINARY:-$SRC/build/debug/motcua}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
LOAD_SECONDS_BEFORE_KILL=${MOTCUA_HA_WARMUP_SECONDS:-8}
RESUME_SECONDS=${MOTCUA_HA_RESUME_SECONDS:-60}
LOAD_SECONDS_AFTER_RESUME=${MOTCUA_HA_AFTER_SECONDS:-8}
# kill: SIGKILL, as a crashed host (its kernel resets the TCP connections). freeze: SIGSTOP, as a
# hung host or a cut cable (nothing answers, no connection is reset; HAProxy must cut them).
FAULT=${MOTCUA_HA_FAULT:-kill}
# 0 runs the control experiment: asynchronous replication, where a failover may lose
# acknowledged commits (and this test then fails). Production uses synchronous_mode (1).
SYNCHRONOUS=${MOTCUA_HA_SYNCHRONOUS:-1}
# Before the fault the standbys fall behind for this long (the primary's WAL senders are stopped),
# as in a network hiccup between the hosts just before the primary dies. With synchronous_mode the
# primary cannot acknowledge a commit meanwhile; with asynchronous replication it does, and those
# commits die with it. 0 leaves replication alone.
LAG_SECONDS=${MOTCUA_HA_LAG_SECONDS:-2}
case "$FAULT" in kill | freeze) ;; *) echo "ha: MOTCUA_HA_FAULT is kill or freeze" >&2; exit 2 ;; esac

ETCD_CLIENT=19700 ETCD_PEER=19701
API=(19710 19711 19712)       # Patroni REST API of pg1..pg3
PGPORT=(19720 19721 19722)    # PostgreSQL of pg1..pg3
HA_WRITE=19730 HA_READ=19731 HA_STATS=19732 HA_HTTP=19740
APP=(19750 19751)             # motcua serve instances

for tool in patroni etcd haproxy curl python3 "$PG_BIN/postgres" "$BIN"; do
  command -v "$tool" >/dev/null || { echo "ha: missing $tool (run scripts/setup-ha.sh)" >&2; exit 2; }
done

DIR=$(mktemp -d /tmp/motcua-ha-XXXXXX)
chmod 755 "$DIR"
PIDS=()
VICTIMS=""
SENDERS=""
LAG_T=""
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$DIR"
  # setpriv execs (runuser would fork), so $! is the process itself and can be killed by pid.
  RUN_AS=(setpriv --reuid=postgres --regid=postgres --init-groups env HOME="$DIR")
fi

cleanup() {
  local rc=$?
  set +e
  # A frozen node is killed outright (SIGTERM would wait for a SIGCONT).
  # shellcheck disable=SC2086
  [ -n "$VICTIMS" ] && kill -KILL $VICTIMS 2>/dev/null
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  sleep 1
  # Patroni stops its PostgreSQL on SIGTERM; any postmaster left over is stopped by its pid file.
  for n in 1 2 3; do
    local pm
    pm=$(head -1 "$DIR/pg$n/data/postmaster.pid" 2>/dev/null)
    # Only if that pid is still this node's postmaster (a killed node leaves a stale pid file).
    if [ -n "$pm" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pm/cmdline" | grep -qF "$DIR/pg$n/data"; then
      kill -KILL "$pm" 2>/dev/null
    fi
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$rc" != 0 ]; then
    echo "ha: FAILED (exit $rc); logs:" >&2
    for f in "$DIR"/*.log; do echo "--- $f (tail)" >&2; tail -n 15 "$f" >&2; done
  fi
  if [ -z "${MOTCUA_HA_KEEP:-}" ]; then rm -rf "$DIR"; else echo "ha: kept $DIR" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "ha: $(date -u +%H:%M:%S) $*"; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in $ETCD_CLIENT $ETCD_PEER "${API[@]}" "${PGPORT[@]}" $HA_WRITE $HA_READ $HA_STATS $HA_HTTP \
  "${APP[@]}"; do
  port_free "$p" || { echo "ha: port $p on 127.0.0.1 is in use" >&2; exit 2; }
done

# wait_for SECONDS COMMAND...: polls COMMAND every 0.2 s.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}
psql_write() {
  "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$HA_WRITE" -U postgres "$@"
}

# --- etcd: one member on loopback (production runs three, see deploy/etcd/) ----------------------
say "starting etcd"
etcd --name etcd1 --data-dir "$DIR/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
  --initial-cluster "etcd1=http://127.0.0.1:$ETCD_PEER" --initial-cluster-state new \
  --listen-metrics-urls "" >"$DIR/etcd.log" 2>&1 &
PIDS+=($!)
wait_for 30 curl -sf "http://127.0.0.1:$ETCD_CLIENT/health" || { echo "ha: etcd did not start" >&2; exit 1; }

# --- Patroni: three PostgreSQL 15 nodes, same settings as deploy/patroni/patroni.yml --------------
# Timings are shorter than production (ttl 30) so the demo fails over in about ten seconds.
PATRONI_PID=()
for n in 1 2 3; do
  i=$((n - 1))
  mkdir -p "$DIR/pg$n"
  cat >"$DIR/pg$n.yml" <<EOF
scope: motcua-ha-test
namespace: /motcua/
name: pg$n
log:
  level: INFO
restapi:
  listen: 127.0.0.1:${API[$i]}
  connect_address: 127.0.0.1:${API[$i]}
etcd3:
  hosts: 127.0.0.1:$ETCD_CLIENT
bootstrap:
  dcs:
    ttl: 12
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: $([ "$SYNCHRONOUS" = 1 ] && echo true || echo false)
    synchronous_mode_strict: false
    synchronous_node_count: 1
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 100
        synchronous_commit: "on"
  initdb:
  - encoding: UTF8
  - locale: C.UTF-8
  - data-checksums
  pg_hba:
  - local all all trust
  - host replication replicator 127.0.0.1/32 trust
  - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:${PGPORT[$i]}
  connect_address: 127.0.0.1:${PGPORT[$i]}
  data_dir: $DIR/pg$n/data
  bin_dir: $PG_BIN
  pgpass: $DIR/pg$n/pgpass
  authentication:
    superuser: {username: postgres, password: postgres}
    replication: {username: replicator, password: replicator}
    rewind: {username: postgres, password: postgres}
  parameters:
    unix_socket_directories: $DIR/pg$n
    shared_buffers: 32MB
tags:
  nofailover: false
  noloadbalance: false
EOF
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DIR/pg$n" "$DIR/pg$n.yml"
  "${RUN_AS[@]}" patroni "$DIR/pg$n.yml" >"$DIR/patroni$n.log" 2>&1 &
  PIDS+=($!)
  PATRONI_PID[n]=$!
  # The first node bootstraps the cluster alone; the others then clone it with pg_basebackup.
  if [ "$n" = 1 ]; then
    say "waiting for pg1 to bootstrap"
    wait_for 90 curl -sf "http://127.0.0.1:${API[0]}/primary" ||
      { echo "ha: pg1 did not become primary" >&2; exit 1; }
  fi
done

leader() {
  local n
  for n in 1 2 3; do
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:${API[$((n - 1))]}/primary"; then
      echo "$n"; return 0
    fi
  done
  return 1
}
sync_standby_ready() {
  curl -sf --max-time 2 "http://127.0.0.1:${API[0]}/cluster" |
    python3 -c 'import json,sys; c=json.load(sys.stdin)["members"];
sys.exit(0 if sum(m["role"]=="sync_standby" and m["state"] in ("running","streaming") for m in c)==1
            and sum(m["role"]=="replica" and m["state"] in ("running","streaming") for m in c)==1 else 1)'
}
standbys_ready() {
  curl -sf --max-time 2 "http://127.0.0.1:${API[0]}/cluster" |
    python3 -c 'import json,sys; c=json.load(sys.stdin)["members"];
sys.exit(0 if sum(m["role"]=="replica" and m["state"] in ("running","streaming") for m in c)==2 else 1)'
}
if [ "$SYNCHRONOUS" = 1 ]; then
  say "waiting for the two standbys (one synchronous)"
  wait_for 120 sync_standby_ready || { echo "ha: standbys did not come up" >&2; exit 1; }
else
  say "waiting for the two standbys (CONTROL EXPERIMENT: asynchronous replication)"
  wait_for 120 standbys_ready || { echo "ha: standbys did not come up" >&2; exit 1; }
fi

# --- HAProxy: same shape as deploy/haproxy/haproxy.cfg ---------------------------------------------
cat >"$DIR/haproxy.cfg" <<EOF
global
  maxconn 2000
defaults
  log global
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 2s
listen stats
  mode http
  bind 127.0.0.1:$HA_STATS
  stats enable
  stats uri /
listen postgres_write
  mode tcp
  bind 127.0.0.1:$HA_WRITE
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
  server pg1 127.0.0.1:${PGPORT[0]} check port ${API[0]}
  server pg2 127.0.0.1:${PGPORT[1]} check port ${API[1]}
  server pg3 127.0.0.1:${PGPORT[2]} check port ${API[2]}
listen postgres_read
  mode tcp
  bind 127.0.0.1:$HA_READ
  balance roundrobin
  option httpchk GET /replica
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
  server pg1 127.0.0.1:${PGPORT[0]} check port ${API[0]}
  server pg2 127.0.0.1:${PGPORT[1]} check port ${API[1]}
  server pg3 127.0.0.1:${PGPORT[2]} check port ${API[2]}
frontend motcua_http
  mode http
  bind 127.0.0.1:$HA_HTTP
  option forwardfor
  default_backend motcua
backend motcua
  mode http
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 1
  server app1 127.0.0.1:${APP[0]} check
  server app2 127.0.0.1:${APP[1]} check
EOF
haproxy -c -q -f "$DIR/haproxy.cfg"
say "starting HAProxy"
haproxy -db -f "$DIR/haproxy.cfg" >"$DIR/haproxy.log" 2>&1 &
PIDS+=($!)
# HAProxy 2.6 counts a server as up until its first check: wait until the write port has exactly
# one server up (the primary) before anything connects through it.
write_port_settled() {
  curl -sf --max-time 1 "http://127.0.0.1:$HA_STATS/;csv" |
    awk -F, '$1 == "postgres_write" && $2 ~ /^pg/ && $18 != "DOWN" { alive++; if ($18 == "UP") up++ }
         END { exit alive == 1 && up == 1 ? 0 : 1 }'
}
wait_for 30 write_port_settled || { echo "ha: HAProxy did not settle on one primary" >&2; exit 1; }
[ "$(psql_write -d postgres -c "SELECT pg_is_in_recovery()")" = f ] ||
  { echo "ha: the write port does not lead to the primary" >&2; exit 1; }
psql_write -d postgres -c "CREATE DATABASE motcua"

# --- motcua serve x2 through the HAProxy write port ------------------------------------------------
DB_URL="postgresql://postgres@127.0.0.1:$HA_WRITE/motcua"
start_app() {
  local i=$1
  "$BIN" serve --demo --db "$DB_URL" --address 127.0.0.1 --port "${APP[$i]}" \
    --data-dir "$SRC" --no-access-log --rate-limit-per-minute 0 \
    --trusted-proxies 127.0.0.1/32 >"$DIR/serve$((i + 1)).log" 2>&1 &
  PIDS+=($!)
  wait_for 120 curl -sf "http://127.0.0.1:${APP[$i]}/readyz" ||
    { echo "ha: motcua serve $((i + 1)) did not come up" >&2; exit 1; }
}
# One after the other: the first one migrates and seeds the demo, the second finds it done.
say "starting motcua serve x2"
start_app 0
start_app 1
wait_for 30 curl -sf "http://127.0.0.1:$HA_HTTP/readyz" || { echo "ha: HTTP frontend not ready" >&2; exit 1; }

# --- load, kill, resume ------------------------------------------------------------------------------
say "load: 4 reception officers through http://127.0.0.1:$HA_HTTP"
python3 "$SRC/tests/ha/load_client.py" --port "$HA_HTTP" --workers 4 \
  --acked "$DIR/acked.jsonl" --summary "$DIR/summary.json" \
  --stop-file "$DIR/stop" --kill-file "$DIR/killed" \
  --max-seconds $((LOAD_SECONDS_BEFORE_KILL + RESUME_SECONDS + LOAD_SECONDS_AFTER_RESUME + 60)) \
  >"$DIR/load.log" 2>&1 &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
sleep "$LOAD_SECONDS_BEFORE_KILL"
acked_lines() { if [ -f "$DIR/acked.jsonl" ]; then wc -l <"$DIR/acked.jsonl"; else echo 0; fi; }
[ "$(acked_lines)" -gt 0 ] || { echo "ha: no write acknowledged before the kill" >&2; exit 1; }

OLD=$(leader) || { echo "ha: no leader before the kill" >&2; exit 1; }
POSTMASTER=$(head -1 "$DIR/pg$OLD/data/postmaster.pid")
# The whole node at once: Patroni (else it would just restart PostgreSQL in place), the postmaster
# and every backend, so the clients' connections are cut as by a crashed machine.
VICTIMS="${PATRONI_PID[$OLD]} $POSTMASTER $(ps -o pid= --ppid "$POSTMASTER" | tr '\n' ' ')"
# The primary's WAL senders (stopping them, not the standbys' receivers: WAL already in a
# receiver's socket buffer would still reach it after the primary's death).
if [ "$LAG_SECONDS" != 0 ]; then
  for child in $(ps -o pid= --ppid "$POSTMASTER"); do
    if tr '\0' ' ' 2>/dev/null <"/proc/$child/cmdline" | grep -q walsender; then
      SENDERS="$SENDERS $child"
    fi
  done
  [ -n "$SENDERS" ] || { echo "ha: no WAL sender found on the primary" >&2; exit 1; }
  # shellcheck disable=SC2086
  kill -STOP $SENDERS
  LAG_T=$(date +%s.%N)
  say "standbys fall behind: the primary's WAL senders$SENDERS stopped for $LAG_SECONDS s"
  sleep "$LAG_SECONDS"
fi
# Gone: no such process, or a zombie waiting for its reaper.
gone() {
  local p st
  for p in $VICTIMS; do
    st=$(ps -o stat= -p "$p" 2>/dev/null) || continue
    case "$st" in Z*) ;; *) return 1 ;; esac
  done
}
BEFORE=$(acked_lines)
touch "$DIR/killed"
FAULT_T=$(date +%s.%N)
if [ "$FAULT" = kill ]; then
  # shellcheck disable=SC2086
  kill -KILL $VICTIMS
  wait "${PATRONI_PID[$OLD]}" 2>/dev/null || true
  wait_for 30 gone || { echo "ha: the old node's processes did not exit" >&2; exit 1; }
  say "killed node pg$OLD (the primary: Patroni and PostgreSQL pids $VICTIMS) after $BEFORE acknowledged transitions"
  VICTIMS=""  # all gone: their pids must not be signalled again
else
  # shellcheck disable=SC2086
  kill -STOP $VICTIMS
  say "froze node pg$OLD (the primary: Patroni and PostgreSQL pids $VICTIMS) after $BEFORE acknowledged transitions"
fi


new_leader() { local n; n=$(leader) && [ "$n" != "$OLD" ] && echo "$n"; }
wait_for "$RESUME_SECONDS" new_leader || { echo "ha: no new leader within ${RESUME_SECONDS}s" >&2; exit 1; }
NEW=$(new_leader)
PROMOTED_T=$(date +%s.%N)
say "pg$NEW promoted after $(python3 -c "print(f'{$PROMOTED_T-$FAULT_T:.1f}')") s"

# Resumed = the load client has had acknowledged writes after the kill.
resumed() {
  python3 - "$DIR/acked.jsonl" "$FAULT_T" <<'PY'
import json, sys
t = float(sys.argv[2]); n = 0
for line in open(sys.argv[1]):
    if line.strip() and json.loads(line)["at"] > t + 0.0: n += 1
sys.exit(0 if n >= 20 else 1)
PY
}
wait_for "$RESUME_SECONDS" resumed || { echo "ha: service did not resume within ${RESUME_SECONDS}s" >&2; exit 1; }
say "service resumed; $LOAD_SECONDS_AFTER_RESUME s more load on the new primary"
sleep "$LOAD_SECONDS_AFTER_RESUME"
touch "$DIR/stop"
wait "$LOAD_PID"

# --- every acknowledged transition is on the new primary ----------------------------------------
[ "$(leader)" = "$NEW" ] || { echo "ha: the leader changed again during the test" >&2; exit 1; }
psql_write -d motcua -F $'\x1f' -c "SELECT d.code, d.version, d.applicant, h.action FROM dossiers d
    JOIN dossier_history h ON h.dossier_id = d.id" >"$DIR/history.txt"
python3 - "$DIR/acked.jsonl" "$DIR/history.txt" "$DIR/summary.json" "$FAULT_T" "$PROMOTED_T" \
  "$OLD" "$NEW" "${MOTCUA_HA_REPORT:-}" "$FAULT" "$SYNCHRONOUS" "$LAG_SECONDS" "$LAG_T" <<'PY'
import collections, json, sys
(acked_path, history_path, summary_path, fault_t, promoted_t, old, new, report, fault, synchronous,
 lag, lag_t) = sys.argv[1:13]
fault_t, promoted_t = float(fault_t), float(promoted_t)
version, applicant, actions = {}, {}, collections.defaultdict(collections.Counter)
for line in open(history_path, encoding="utf-8"):
    if not line.strip():
        continue
    code, v, appl, action = line.rstrip("\n").split("\x1f")
    version[code] = int(v)
    applicant[code] = json.loads(appl).get("full_name")
    actions[code][action] += 1
acked = [json.loads(l) for l in open(acked_path) if l.strip()]
s = json.load(open(summary_path))
lost = []
for a in acked:
    code = a["code"]
    # The same dossier (same applicant), at least as far along as the acknowledged answer said.
    if code not in version or applicant[code] != a["applicant"] or version[code] < a["version"]:
        lost.append(a)
    elif a["action"] == "forward" and actions[code]["forward"] < 1:
        lost.append(a)
after = [a for a in acked if a["at"] > fault_t]
# The outage runs from the kill to the first acknowledgement after the first refusal: an answer
# for a commit that beat the kill can arrive a moment after it and says nothing about recovery.
first_refusal = s["first_refusal_after_kill"]
first_back = min((a["at"] for a in after if first_refusal and a["at"] > first_refusal),
                 default=None)
outage = (first_back - fault_t) if first_back else None
result = {
    "fault": fault, "synchronous_mode": synchronous == "1", "standby_lag_seconds": float(lag),
    "old_primary": "pg" + old, "new_primary": "pg" + new,
    "promotion_seconds": round(promoted_t - fault_t, 1),
    "outage_seconds": round(outage, 1) if outage is not None else None,
    "transitions_acknowledged": len(acked),
    "receptions_acknowledged": s["receptions_acknowledged"],
    "forwards_acknowledged": s["forwards_acknowledged"],
    "acknowledged_after_fault": len(after),
    # With synchronous replication the primary cannot acknowledge while its standbys are behind.
    "acknowledged_while_standbys_behind":
        sum(1 for a in acked if lag_t and float(lag_t) < a["at"] < fault_t),
    "refused_requests": s["refused"], "refusals_by_status": s["refusals_by_status"],
    "refused_after_resume": s["refused_after_resume"],
    "refusal_samples": {k: v for k, v in s["refusal_samples"].items() if k != "503"},
    "lost": len(lost),
    # Lost receptions whose dossier code the new primary issued again, to another applicant.
    "codes_reissued": sum(1 for a in lost if a["action"] == "receive" and a["code"] in applicant
                          and applicant[a["code"]] != a["applicant"]),
    "load_seconds": round(s["seconds"], 1),
}
print(json.dumps(result, indent=2, ensure_ascii=False))
if report:
    json.dump(result, open(report, "w"), indent=2)
for a in lost[:20]:
    print("LOST:", a, "in database: version", version.get(a["code"]), applicant.get(a["code"]),
          dict(actions.get(a["code"], {})))
sys.exit(1 if lost or not after else 0)
PY
say "every acknowledged transition survived the failover"

# --- the old primary comes back as a standby ---------------------------------------------------
# As when the crashed host is repaired: Patroni starts, finds a newer timeline in etcd, rewinds
# the old data directory (pg_rewind drops whatever the dead primary had that was never
# acknowledged) and follows the new leader. MOTCUA_HA_REJOIN=0 skips it.
if [ "${MOTCUA_HA_REJOIN:-1}" = 1 ]; then
  if [ "$FAULT" = freeze ]; then
    # shellcheck disable=SC2086
    kill -KILL $VICTIMS 2>/dev/null || true
    wait "${PATRONI_PID[$OLD]}" 2>/dev/null || true
  fi
  wait_for 30 gone || { echo "ha: the old node's processes did not exit" >&2; exit 1; }
  VICTIMS=""
  "${RUN_AS[@]}" patroni "$DIR/pg$OLD.yml" >>"$DIR/patroni$OLD.log" 2>&1 &
  PIDS+=($!)
  rejoined() {
    curl -sf --max-time 2 "http://127.0.0.1:${API[$((NEW - 1))]}/cluster" |
      python3 -c 'import json,sys; m=[m for m in json.load(sys.stdin)["members"] if m["name"]==sys.argv[1]];
sys.exit(0 if m and m[0]["role"] in ("replica","sync_standby") and m[0]["state"] in ("running","streaming") else 1)' "pg$OLD"
  }
  wait_for 120 rejoined || { echo "ha: pg$OLD did not rejoin as a standby" >&2; exit 1; }
  count_on() {
    "$PG_BIN/psql" -X -q -A -t -h 127.0.0.1 -p "$1" -U postgres -d motcua \
      -c "SELECT count(*) || '/' || coalesce(max(id), 0) FROM dossier_history"
  }
  LEADER_COUNT=$(count_on "${PGPORT[$((NEW - 1))]}")
  same_history() { [ "$(count_on "${PGPORT[$((OLD - 1))]}")" = "$LEADER_COUNT" ]; }
  wait_for 60 same_history ||
    { echo "ha: pg$OLD rejoined but its history differs from the leader's ($LEADER_COUNT rows/max id)" >&2; exit 1; }
  say "pg$OLD rejoined as a standby (pg_rewind) and has the leader's history ($LEADER_COUNT rows/max id)"
fi
say "PASS"
