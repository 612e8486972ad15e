#!/usr/bin/env bash
# bench/http: keep-alive throughput of a small JSON endpoint (GET /healthz) against nginx serving
# a static file of the same size, both on loopback, measured by wrk in the same run.
# Target: motcua >= 0.5 x nginx. Prints one JSON line (see scripts/bench.sh).
set -euo pipefail
BIN=${MOTCUA_BIN:-build/release/motcua}
DUR=10; [[ "${QUICK:-0}" == 1 ]] && DUR=2
CONN=32; THREADS=2
WORK=$(mktemp -d /tmp/motcua-bench-http.XXXXXX)
chmod 755 "$WORK"
cleanup() {
  [[ -n "${MPID:-}" ]] && kill -TERM "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null || true
  [[ -f "$WORK/nginx.pid" ]] && kill -QUIT "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.1; done; return 1; }
rps() { awk '/^Requests\/sec:/ {print $2}'; }

MPORT=$(free_port)
"$BIN" serve --db "$WORK/bench.db" --address 127.0.0.1 --port "$MPORT" --no-access-log \
  --io-threads 2 --worker-threads 4 --rate-limit-per-minute 0 >"$WORK/motcua.log" 2>&1 &
MPID=$!
wait_port "$MPORT" /healthz
curl -fs "http://127.0.0.1:$MPORT/healthz" >"$WORK/healthz.json"

NPORT=$(free_port)
mkdir -p "$WORK/www"
cp "$WORK/healthz.json" "$WORK/www/healthz.json"
chmod -R a+rX "$WORK/www"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NPORT;
    location = /healthz { default_type application/json; alias $WORK/www/healthz.json; }
  }
}
NGINX
mkdir -p "$WORK/tmp"
nginx -c "$WORK/nginx.conf" -p "$WORK"
wait_port "$NPORT" /healthz

# Warm both, then measure each for the same duration.
wrk -t$THREADS -c$CONN -d1s "http://127.0.0.1:$MPORT/healthz" >/dev/null
wrk -t$THREADS -c$CONN -d1s "http://127.0.0.1:$NPORT/healthz" >/dev/null
M=$(wrk -t$THREADS -c$CONN -d${DUR}s "http://127.0.0.1:$MPORT/healthz" | tee "$WORK/m.txt" | rps)
N=$(wrk -t$THREADS -c$CONN -d${DUR}s "http://127.0.0.1:$NPORT/healthz" | tee "$WORK/n.txt" | rps)
cat "$WORK/m.txt" "$WORK/n.txt" >&2
python3 - "$M" "$N" "$DUR" "$CONN" <<'PY'
import json, sys
m, n, dur, conn = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
print(json.dumps({"name": "http", "figure": "GET /healthz keep-alive req/s", "value": round(m, 1),
  "unit": "req/s", "reference": "nginx static file of the same size", "reference_value": round(n, 1),
  "ratio": round(m / n, 3), "target": ">= 0.5",
  "command": f"make bench (bench/http/run.sh: wrk -t2 -c{conn} -d{dur}s on loopback)"}))
PY
