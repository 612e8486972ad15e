#!/usr/bin/env python3
"""Load for the failover test (tests/ha/failover_test.sh): reception officers over HTTP.

Each worker receives dossiers at the counter (POST /api/v1/dossiers, a transition into "received")
and forwards every other one (POST .../actions {"action": "forward"}). Only an answer with a 2xx
status counts as acknowledged; every acknowledged transition is written to --acked as one JSON
line {"code", "action", "version", "applicant", "at"} the moment it is acknowledged, so a kill of this client
could not hide one either. Everything else (connection refused or reset, 5xx, 4xx) is counted as
refused and never retried: a write the service did not acknowledge may or may not be there.

The client runs until --stop-file appears, or --max-seconds pass, then writes a summary JSON to
--summary: counts, and the first refusal and the first success after --kill-file appeared
(the failover test touches that file when it kills the primary), from which the outage is measured.
"""
import argparse
import http.client
import json
import os
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--acked", required=True)
    ap.add_argument("--summary", required=True)
    ap.add_argument("--stop-file", required=True)
    ap.add_argument("--kill-file", required=True)
    ap.add_argument("--max-seconds", type=float, default=180)
    args = ap.parse_args()

    lock = threading.Lock()
    acked_out = open(args.acked, "w", buffering=1)
    stats = {"receptions_acknowledged": 0, "forwards_acknowledged": 0, "refused": 0,
             "refused_after_kill": 0, "first_refusal_after_kill": None,
             "last_refusal_after_kill": None, "first_success_after_kill": None,
             "refused_after_resume": 0, "refusal_samples": {},
             "kill_at": None, "refusals_by_status": {}}
    started = time.time()

    def killed_at():
        if stats["kill_at"] is None and os.path.exists(args.kill_file):
            stats["kill_at"] = os.path.getmtime(args.kill_file)
        return stats["kill_at"]

    def request(conn_box, method, path, body, headers):
        """One request on a kept-alive connection; (status, json) or (None, reason). Never resent:
        a request that failed in flight may or may not have been carried out."""
        if conn_box[0] is None:
            conn_box[0] = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        conn = conn_box[0]
        try:
            conn.request(method, path, body=body.encode("utf-8"), headers=headers)
            r = conn.getresponse()
            data = r.read()
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn_box[0] = None
            try:
                parsed = json.loads(data) if data else {}
            except ValueError:
                parsed = {"raw": data[:200].decode("utf-8", "replace")}
            return r.status, parsed
        except (http.client.HTTPException, OSError) as e:
            conn.close()
            conn_box[0] = None
            return None, type(e).__name__

    def log_in():
        box = [None]
        while time.time() - started < args.max_seconds:
            status, body = request(box, "POST", "/api/v1/auth/login",
                                   json.dumps({"username": "demo.reception_officer",
                                               "password": "motcua-demo"}),
                                   {"Content-Type": "application/json"})
            if status == 200:
                return body["token"]
            time.sleep(0.5)
        raise SystemExit("cannot log in: %r %r" % (status, body))

    def record(code, action, version, applicant):
        now = time.time()
        with lock:
            acked_out.write(json.dumps({"code": code, "action": action, "version": version,
                                        "applicant": applicant, "at": now},
                                       ensure_ascii=False) + "\n")
            stats["receptions_acknowledged" if action == "receive" else
                  "forwards_acknowledged"] += 1
            k = killed_at()
            if k is not None and now > k and stats["first_success_after_kill"] is None \
                    and stats["first_refusal_after_kill"] is not None:
                stats["first_success_after_kill"] = now

    def refuse(status, body):
        now = time.time()
        with lock:
            stats["refused"] += 1
            key = str(status)
            stats["refusals_by_status"][key] = stats["refusals_by_status"].get(key, 0) + 1
            samples = stats["refusal_samples"].setdefault(key, [])
            if len(samples) < 3:
                samples.append(body)
            k = killed_at()
            if k is not None and now > k:
                stats["refused_after_kill"] += 1
                if stats["first_refusal_after_kill"] is None:
                    stats["first_refusal_after_kill"] = now
                stats["last_refusal_after_kill"] = now
                # Refusals once writes succeed again: stale pooled connections, a second hiccup.
                if stats["first_success_after_kill"] is not None:
                    stats["refused_after_resume"] += 1

    def worker(w, token):
        box = [None]
        headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        n = 0
        while not os.path.exists(args.stop_file) and time.time() - started < args.max_seconds:
            n += 1
            # Unique per request: a dossier code alone could be issued again by a new primary that
            # never saw the first dossier, and would hide its loss.
            applicant = "Người thử chuyển đổi %d-%d-%d" % (os.getpid(), w, n)
            body = json.dumps({
                "procedure_code": "1.000502", "channel": "counter",
                "applicant": {"type": "citizen", "full_name": applicant,
                              "id_number": "001090012345", "phone": "0912345678",
                              "address": "Số 1 phố Huế"},
                "components": [{"name": "Tờ khai", "originals": 1, "copies": 0}]})
            status, r = request(box, "POST", "/api/v1/dossiers", body, headers)
            if status is None or not 200 <= status < 300:
                refuse(status, r)
                time.sleep(0.05)
                continue
            code, version = r["code"], r["version"]
            record(code, "receive", version, applicant)
            if n % 2:
                continue
            status, r = request(box, "POST", "/api/v1/dossiers/%s/actions" % code,
                                json.dumps({"action": "forward", "version": version}), headers)
            if status is None or not 200 <= status < 300:
                refuse(status, r)
                time.sleep(0.05)
                continue
            record(code, "forward", r["version"], applicant)

    token = log_in()
    threads = [threading.Thread(target=worker, args=(w, token), daemon=True)
               for w in range(args.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    killed_at()
    stats["seconds"] = time.time() - started
    with open(args.summary, "w") as f:
        json.dump(stats, f)


if __name__ == "__main__":
    main()
