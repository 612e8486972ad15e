"""bench/scale driver (issue 9, items 3 and 4): how cost grows with the number of dossiers.

For each size (full: 10 thousand, 1 million, 10 million; QUICK=1: 10 thousand, 100 thousand):
  1. bench_generate makes (or reuses, from $MOTCUA_BENCH_DIR) a SQLite database of that many
     synthetic dossiers with valid codes, applicants and workflow steps;
  2. bench_reports: timeliness report p50 by the in-memory columnar index against a plain SQL
     GROUP BY over the same rows (identical numbers asserted);
  3. a release `motcua serve` on that database (lookup rate limit off: --lookup-rate-per-minute 0)
     under wrk: GET /api/v1/lookup/{code} with codes drawn at random from 20,000 existing ones,
     2 threads, 32 keep-alive connections; reference in the same run: bench_point_select, the
     same reads (dossier by code, its steps, its agency) straight on SQLite in-process, 2 threads;
  4. the server loads the columnar report index in the background once ready (from the snapshot
     bench_reports left): the first timeliness report over HTTP, sent as soon as /readyz answers,
     waits for that load (timed from ready, and from the spawn of the process: the restart); then the lookup load above runs on the settled server; the RSS at ready, after
     the lookups and after the reports (index in memory); the warm reports' HTTP p50.
Prints one JSON line per size ("name": "scale", the curve) and the figure lines of the largest
size (scripts/bench.sh contract).
"""

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("MOTCUA_BIN", os.path.join(ROOT, "build/release/motcua"))
BUILD = os.environ.get("MOTCUA_BUILD", os.path.join(ROOT, "build/release"))
DIR = os.environ.get("MOTCUA_BENCH_DIR", "/tmp")
QUICK = os.environ.get("QUICK", "0") == "1"
SIZES = [int(s) for s in os.environ.get(
    "SCALE_SIZES", "10000 100000" if QUICK else "10000 1000000 10000000").split()]
DUR = 2 if QUICK else 8
CONN, THREADS = 32, 2


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def http(port, method, path, body=None, token=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=600) as r:
        return r.status, r.read()


def wait_ready(proc, port):
    for _ in range(1200):
        if proc.poll() is not None:
            raise SystemExit(f"motcua serve exited with {proc.returncode}")
        try:
            if http(port, "GET", "/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("motcua serve not ready")


def ms(text):  # wrk latency "1.23ms" / "850.00us" / "1.02s" -> ms
    v = float(re.sub(r"[a-z]+$", "", text))
    return v / 1000 if text.endswith("us") else v * 1000 if text.endswith("s") and not text.endswith("ms") else v


def wrk(port, script, codes, seconds):
    out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONN}", f"-d{seconds}s", "--latency",
                          "-s", script, f"http://127.0.0.1:{port}", "--", codes],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50_ms": ms(lat["50"]), "p99_ms": ms(lat["99"]),
            "non_2xx": int(bad.group(1)) if bad else 0}


LUA = """
local codes = {}
init = function(args)
  for line in io.lines(args[1]) do codes[#codes + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
request = function()
  return wrk.format("GET", "/api/v1/lookup/" .. codes[math.random(#codes)])
end
"""


def one_size(rows, work):
    t0 = time.monotonic()
    gen = subprocess.run([f"{BUILD}/bench/scale/bench_generate", "--rows", str(rows), "--dir", DIR],
                         capture_output=True, text=True)
    if gen.returncode != 0:
        raise SystemExit(gen.stderr)
    db = gen.stdout.strip().splitlines()[-1]
    generated = "bench_generate:" in gen.stderr
    gen_s = time.monotonic() - t0
    log(gen.stderr.strip() or f"reused {db}")
    codes = db + ".codes"
    db_mib = os.path.getsize(db) / 2**20

    # In-process report latency, index against SQL. The SQL reference takes seconds per query at
    # millions of rows: once per query from 1 million rows up.
    sql_runs = 1 if QUICK or rows >= 1_000_000 else 3
    fast_runs = 11 if QUICK else 21
    rep = subprocess.run([f"{BUILD}/bench/reports/bench_reports", "--rows", str(rows), "--db", db,
                          "--fast-runs", str(fast_runs), "--sql-runs", str(sql_runs)],
                         capture_output=True, text=True)
    log(rep.stderr.strip())
    if rep.returncode != 0:
        raise SystemExit(f"bench_reports failed: {rep.returncode}")
    # The service's log lines (spdlog, on stdout) sit between the JSON lines.
    lines = [json.loads(line) for line in rep.stdout.strip().splitlines() if line.startswith("{")]
    report = next(x for x in lines if x["figure"].startswith("timeliness report p50"))
    # The restart figure (decision 0022); bench_reports leaves the snapshot at <db>.reports, so
    # the server below also starts from it, as a restarted server would.
    restart = next((x for x in lines if x["figure"].startswith("restart to first report")), None)

    port = free_port()
    spawned_at = time.monotonic()
    proc = subprocess.Popen([BIN, "serve", "--db", db, "--address", "127.0.0.1", "--port",
                             str(port), "--no-access-log", "--io-threads", "2",
                             "--worker-threads", "4", "--lookup-rate-per-minute", "0",
                             "--rate-limit-per-minute", "0"],
                            stdout=subprocess.DEVNULL, stderr=open(f"{work}/serve-{rows}.log", "w"))
    try:
        wait_ready(proc, port)
        ready_at = time.monotonic()
        rss_ready = rss_mib(proc.pid)
        # The server loads the report index in the background after it is ready; the first
        # report waits for that load. Lookups are measured after it, on a settled server.
        token = json.loads(http(port, "POST", "/api/v1/auth/login",
                                {"username": "bench.leader", "password": "motcua-bench"})[1])["token"]
        path = "/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&group_by=agency"
        status, _ = http(port, "GET", path, token=token)
        if status != 200:
            raise SystemExit(f"report: HTTP {status}")
        first_report_ms = (time.monotonic() - ready_at) * 1000
        # A restart as an operator sees it: process spawned to the first report answered.
        spawn_to_report_ms = (time.monotonic() - spawned_at) * 1000
        script = f"{work}/lookup.lua"
        with open(script, "w") as f:
            f.write(LUA)
        wrk(port, script, codes, 1)  # warm: the pages of the sampled rows into the page cache
        look = wrk(port, script, codes, DUR)
        rss_lookup = rss_mib(proc.pid)
        raw = json.loads(subprocess.run(
            [f"{BUILD}/bench/scale/bench_point_select", "--db", db, "--codes", codes,
             "--seconds", str(DUR), "--threads", str(THREADS)],
            capture_output=True, text=True, check=True).stdout)
        times = []
        for _ in range(5 if QUICK else 9):
            s = time.monotonic()
            status, _ = http(port, "GET", path, token=token)
            times.append((time.monotonic() - s) * 1000)
            if status != 200:
                raise SystemExit(f"report: HTTP {status}")
        rss_index = rss_mib(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    point = {
        "name": "scale", "rows": rows, "db_mib": round(db_mib, 1),
        "generated": generated, "generate_s": round(gen_s, 1),
        "lookup_rps": round(look["rps"], 1), "lookup_p50_ms": round(look["p50_ms"], 2),
        "lookup_p99_ms": round(look["p99_ms"], 2), "lookup_non_2xx": look["non_2xx"],
        "raw_lookup_per_sec": raw["lookups_per_sec"], "raw_p99_ms": round(raw["p99_us"] / 1000, 3),
        "report_p50_ms": report["value"], "report_sql_ms": report["reference_value"],
        "report_ratio": report["ratio"], "report_identical": report["identical"],
        "index_load_ms": report["index_load_ms"], "report_sql_runs": sql_runs,
        "report_http_first_ms": round(first_report_ms, 1),
        "spawn_to_first_report_ms": round(spawn_to_report_ms, 1),
        "restart_snapshot_ms": restart["value"] if restart else None,
        "restart_full_ms": restart["reference_value"] if restart else None,
        "restart_line": restart,
        "report_http_p50_ms": round(statistics.median(times), 2),
        "rss_at_ready_mib": round(rss_ready, 1),
        "rss_after_lookups_mib": round(rss_lookup, 1), "rss_with_index_mib": round(rss_index, 1),
    }
    log(json.dumps(point))
    if look["non_2xx"]:
        raise SystemExit(f"{look['non_2xx']} lookups were not answered 200")
    return point, report


def main():
    work = tempfile.mkdtemp(prefix="motcua-bench-scale.", dir=DIR)
    points, report = [], None
    try:
        for rows in SIZES:
            point, report = one_size(rows, work)
            points.append(point)
    finally:
        subprocess.run(["rm", "-rf", work])
    for p in points:
        print(json.dumps({k: v for k, v in p.items() if k != "restart_line"}, ensure_ascii=False))
    top = points[-1]
    n = f"{top['rows']:,}"
    cmd = (f"make bench (bench/scale/run.sh: sizes {' '.join(map(str, SIZES))}; wrk -t{THREADS}"
           f" -c{CONN} -d{DUR}s --latency, Lua picking random codes; motcua serve"
           f" --lookup-rate-per-minute 0 --io-threads 2 --worker-threads 4)")
    print(json.dumps({
        "name": "lookup",
        "figure": f"public lookups/s, GET /api/v1/lookup/{{code}} over HTTP, random codes, {n} dossiers"
                  f" ({CONN} keep-alive connections; p50 {top['lookup_p50_ms']} ms)",
        "value": top["lookup_rps"], "unit": "req/s",
        "reference": f"the same reads straight on SQLite in-process (dossier by code, its steps, its"
                     f" agency), {THREADS} threads, same rows, same run",
        "reference_value": top["raw_lookup_per_sec"],
        "ratio": round(top["lookup_rps"] / top["raw_lookup_per_sec"], 3),
        "target": "none (reported; HTTP, JSON and masking cost against the bare reads)",
        "command": cmd}, ensure_ascii=False))
    print(json.dumps({
        "name": "lookup", "figure": f"public lookup p99 latency, {n} dossiers, {CONN} connections",
        "value": top["lookup_p99_ms"], "unit": "ms",
        "reference": f"p99 of the same reads straight on SQLite, {THREADS} threads (no queueing)",
        "reference_value": top["raw_p99_ms"],
        "ratio": round(top["lookup_p99_ms"] / top["raw_p99_ms"], 1) if top["raw_p99_ms"] else None,
        "target": "none (reported)", "command": cmd}, ensure_ascii=False))
    report["figure"] += (f" (index {report['index_load_ms']:,.0f} ms to load;"
                         f" SQL reference run {top['report_sql_runs']} time(s) per query)")
    report["command"] = f"bench/scale/run.sh -> {report['command']}"
    print(json.dumps(report, ensure_ascii=False))
    if top.get("restart_line"):
        restart = dict(top["restart_line"])
        restart["command"] = f"bench/scale/run.sh -> {restart['command']}"
        print(json.dumps(restart, ensure_ascii=False))
    print(json.dumps({
        "name": "rss",
        "figure": f"server RSS with {n} dossiers, after the lookup load and the reports"
                  f" (columnar index of every dossier in memory; {top['rss_at_ready_mib']} MiB"
                  f" when ready, before the background index load)",
        "value": top["rss_with_index_mib"], "unit": "MiB",
        "reference": "size of the SQLite database file (same rows)", "reference_value": top["db_mib"],
        "ratio": round(top["rss_with_index_mib"] / top["db_mib"], 3),
        "target": "none (reported; lower is better)", "command": cmd}, ensure_ascii=False))
    print(json.dumps({
        "name": "reports",
        "figure": f"timeliness report over HTTP, {n} dossiers, year by agency (p50 of warm requests;"
                  f" the first, sent as soon as /readyz answered, waits for the background index"
                  f" load, from its snapshot: {top['report_http_first_ms']:,.0f} ms after ready)",
        "value": top["report_http_p50_ms"], "unit": "ms",
        "reference": "none (the in-process index against SQL is the reports line above)",
        "reference_value": None, "ratio": None,
        "target": "<= 20 ms", "target_met": top["report_http_p50_ms"] <= 20,
        "command": cmd}, ensure_ascii=False))
    print(json.dumps({
        "name": "reports",
        "figure": f"restart of motcua serve over HTTP, {n} dossiers: process spawned to the first"
                  f" timeliness report (year by agency) answered 200, index from its snapshot"
                  f" (ready after {top['spawn_to_first_report_ms'] - top['report_http_first_ms']:,.0f}"
                  f" ms)",
        "value": top["spawn_to_first_report_ms"], "unit": "ms",
        "reference": "none (the in-process restart against a full load is the restart line above)",
        "reference_value": None, "ratio": None,
        "target": "< 1000 ms", "target_met": top["spawn_to_first_report_ms"] < 1000,
        "command": cmd}, ensure_ascii=False))


if __name__ == "__main__":
    main()
