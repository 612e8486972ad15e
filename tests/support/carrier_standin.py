#!/usr/bin/python3
"""A stand-in postal carrier speaking MotCua's carrier protocol (docs/decisions/0018).

Carrier side, what MotCua calls (X-Carrier-Key must match --key, else 401):
  POST /shipments                      {tracking_number, direction, reference, callback_url}
  GET  /shipments/<tracking>/events    -> {"events": [...]}

Test side, the "post office" a test drives (no key: bind it to 127.0.0.1 only):
  GET  /simulate/shipments/<tracking>  -> the registration, 404 until MotCua registered it
  POST /simulate/deliver  {tracking_number, code?, event_id?, location?, description?,
                           occurred_at?, sign_with?}
      records an event (code "delivered" by default) and pushes it, signed with
      X-Carrier-Signature: sha256=<hex HMAC-SHA256(key, body)>, to the shipment's callback_url;
      answers {"status": <MotCua's HTTP status>, "body": <MotCua's answer>}. `sign_with` signs
      with another key (to test a forged push); `push: false` records without pushing (for the
      poll).

Usage: python3 tests/support/carrier_standin.py --port 19400 --key SECRET
Prints "listening on <port>" once it accepts connections. Python 3 standard library only.
"""
import argparse
import hashlib
import hmac
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SHIPMENTS = {}  # tracking -> registration dict
EVENTS = {}  # tracking -> [event]
LOCK = threading.Lock()
KEY = ""
SEQ = [0]


def sign(key, body):
    return "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the test's output is what matters
        pass

    def reply(self, status, obj):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > 65536:
            return None
        raw = self.rfile.read(n) if n else b"{}"
        try:
            obj = json.loads(raw or b"{}")
        except ValueError:
            return None
        return obj if isinstance(obj, dict) else None

    def keyed(self):
        given = self.headers.get("X-Carrier-Key", "")
        if not hmac.compare_digest(given.encode(), KEY.encode()):
            self.reply(401, {"error": "bad key"})
            return False
        return True

    def do_GET(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) == 3 and parts[0] == "shipments" and parts[2] == "events":
            if not self.keyed():
                return
            with LOCK:
                if parts[1] not in SHIPMENTS:
                    return self.reply(404, {"error": "unknown shipment"})
                return self.reply(200, {"events": list(EVENTS.get(parts[1], []))})
        if len(parts) == 3 and parts[:2] == ["simulate", "shipments"]:
            with LOCK:
                s = SHIPMENTS.get(parts[2])
            return self.reply(200, s) if s else self.reply(404, {"error": "not registered"})
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        path = self.path.split("?")[0].rstrip("/")
        if path == "/shipments":
            if not self.keyed():
                return
            b = self.body()
            if b is None or not b.get("tracking_number") or not b.get("callback_url"):
                return self.reply(400, {"error": "tracking_number and callback_url required"})
            with LOCK:
                SHIPMENTS[b["tracking_number"]] = {
                    "tracking_number": b["tracking_number"],
                    "direction": b.get("direction", ""),
                    "reference": b.get("reference", ""),
                    "callback_url": b["callback_url"],
                }
            return self.reply(201, {"status": "registered"})
        if path == "/simulate/deliver":
            return self.simulate()
        self.reply(404, {"error": "not found"})

    def simulate(self):
        b = self.body()
        if b is None or not b.get("tracking_number"):
            return self.reply(400, {"error": "tracking_number required"})
        tracking = b["tracking_number"]
        with LOCK:
            shipment = SHIPMENTS.get(tracking)
            if not shipment:
                return self.reply(404, {"error": "not registered"})
            SEQ[0] += 1
            event = {
                "event_id": b.get("event_id") or "SI-%d-%d" % (int(time.time()), SEQ[0]),
                "tracking_number": tracking,
                "code": b.get("code", "delivered"),
                "description": b.get("description", "Phát thành công cho người nhận"),
                "location": b.get("location", "Bưu cục trung tâm"),
                "occurred_at": b.get("occurred_at", int(time.time())),
            }
            EVENTS.setdefault(tracking, []).append(event)
        if b.get("push", True) is False:
            return self.reply(200, {"status": 0, "body": None, "event": event})
        payload = json.dumps({"events": [event]}, ensure_ascii=False).encode()
        req = urllib.request.Request(
            shipment["callback_url"],
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Carrier-Signature": sign(b.get("sign_with", KEY), payload),
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        except OSError as e:
            return self.reply(502, {"error": str(e)})
        try:
            answer = json.loads(text)
        except ValueError:
            answer = text
        self.reply(200, {"status": status, "body": answer, "event": event})


def main():
    global KEY
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--key", required=True)
    a = p.parse_args()
    KEY = a.key
    server = ThreadingHTTPServer((a.host, a.port), Handler)
    print("listening on %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
