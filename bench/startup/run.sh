#!/usr/bin/env bash
# bench/startup (issue 9): cold start and memory of a release `motcua serve --demo` (SQLite).
#   - start time: process spawn to the first 200 from GET /readyz (polled every 5 ms), for
#       (a) the first start on an empty database (migrations, demo agencies and users — whose
#           passwords are hashed with Argon2id, deliberately slow — demo dossiers, catalogue load);
#       (b) a restart on that database, the usual case; the reference is nginx started the same
#           way and polled the same way for a static file;
#   - RSS (VmRSS) after the restart, and after a lifecycle load by bench/lifecycle's client.
# The page cache is warm (we do not drop caches on a shared machine). Prints JSON lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${MOTCUA_BIN:-$ROOT/build/release/motcua}
BUILD=${MOTCUA_BUILD:-$ROOT/build/release}
CLIENT="$BUILD/bench/lifecycle/bench_lifecycle"
DUR=15; RUNS=5
[[ "${QUICK:-0}" == 1 ]] && DUR=2 && RUNS=3
WORK=$(mktemp -d "${MOTCUA_BENCH_DIR:-/tmp}/motcua-bench-startup.XXXXXX")
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/www" "$WORK/tmp"
echo '{"status":"ready"}' >"$WORK/www/readyz"
chmod -R a+rX "$WORK/www"

python3 - "$BIN" "$ROOT" "$WORK" "$CLIENT" "$DUR" "$RUNS" <<'PY'
import json, os, signal, socket, statistics, subprocess, sys, time

BIN, ROOT, WORK, CLIENT, DUR, RUNS = sys.argv[1:7]
DUR, RUNS = float(DUR), int(RUNS)

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def ready(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False

def wait_ready(proc, port, path, limit=60.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"process exited with {proc.returncode}")
        if ready(port, path):
            return
        time.sleep(0.005)
    raise SystemExit(f"not ready on {port}{path} after {limit} s")

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def start_motcua(db):
    port = free_port()
    t0 = time.monotonic()
    proc = subprocess.Popen([BIN, "serve", "--demo", "--db", db, "--address", "127.0.0.1",
                             "--port", str(port), "--no-access-log", "--data-dir", ROOT],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(proc, port, "/readyz")
    return proc, port, time.monotonic() - t0

def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill(); proc.wait()

def start_nginx():
    port = free_port()
    conf = os.path.join(WORK, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 2; daemon off; pid {WORK}/nginx.pid; error_log {WORK}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {WORK}/tmp; proxy_temp_path {WORK}/tmp;
  fastcgi_temp_path {WORK}/tmp; uwsgi_temp_path {WORK}/tmp; scgi_temp_path {WORK}/tmp;
  server {{ listen 127.0.0.1:{port};
    location = /readyz {{ default_type application/json; alias {WORK}/www/readyz; }} }} }}
""")
    t0 = time.monotonic()
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", WORK],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(proc, port, "/readyz")
    return proc, time.monotonic() - t0

db = os.path.join(WORK, "motcua.db")
proc, port, first = start_motcua(db)
stop(proc)

restarts = []
for _ in range(RUNS):
    proc, port, t = start_motcua(db)
    restarts.append(t)
    if len(restarts) < RUNS:
        stop(proc)
# The last restart stays up for the memory figures.
time.sleep(0.2)
rss_start = rss_kib(proc.pid)
load = subprocess.run([CLIENT, "--port", str(port), "--threads", "16", "--seconds", str(DUR)],
                      capture_output=True, text=True)
if load.returncode != 0:
    print(load.stderr, file=sys.stderr)
rss_load = rss_kib(proc.pid)
stop(proc)
loaded = json.loads(load.stdout) if load.stdout.strip() else {}

nginx = []
for _ in range(RUNS):
    p, t = start_nginx()
    nginx.append(t)
    p.send_signal(signal.SIGQUIT)
    p.wait(timeout=10)

restart, ng = statistics.median(restarts), statistics.median(nginx)
print(f"startup: first {first:.3f} s, restarts {restarts}, nginx {nginx}, rss {rss_start} -> {rss_load} KiB,"
      f" load {loaded}", file=sys.stderr)
cmd = f"make bench (bench/startup/run.sh: median of {RUNS} starts, /readyz polled every 5 ms)"
print(json.dumps({
    "name": "startup", "figure": "cold start: restart of motcua serve --demo on its SQLite database, spawn to /readyz 200 (median)",
    "value": round(restart * 1000, 1), "unit": "ms",
    "reference": "nginx 2 workers, spawn to first 200 for a static file, same polling (median)",
    "reference_value": round(ng * 1000, 1), "ratio": round(restart / ng, 2),
    "target": "none (reported; lower is better)", "command": cmd}, ensure_ascii=False))
print(json.dumps({
    "name": "startup", "figure": "first start of motcua serve --demo on an empty database (migrations, demo data with Argon2id password hashes, catalogue of 216 procedures)",
    "value": round(first * 1000, 1), "unit": "ms", "reference": "none", "reference_value": None,
    "ratio": None, "target": "none (reported)", "command": cmd}, ensure_ascii=False))
print(json.dumps({
    "name": "startup", "figure": "server RSS after start (demo data)",
    "value": round(rss_start / 1024, 1), "unit": "MiB", "reference": "none", "reference_value": None,
    "ratio": None, "target": "none (reported)", "command": cmd}, ensure_ascii=False))
print(json.dumps({
    "name": "startup",
    "figure": f"server RSS after {DUR:g} s of lifecycle load ({loaded.get('lifecycles', 0)} lifecycles, 16 clients)",
    "value": round(rss_load / 1024, 1), "unit": "MiB", "reference": "none", "reference_value": None,
    "ratio": None, "target": "none (reported)", "command": cmd}, ensure_ascii=False))
PY
