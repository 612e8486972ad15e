#!/usr/bin/python3
"""A local stand-in for the brand-name SMS gateway and the Zalo ZNS API (decision 0015).

    python3 tests/support/sms_standin.py --port 19150 --key KEY [--zalo-token TOKEN]
                                         [--record FILE] [--brandname NAME]

It checks every request the way the real providers would refuse a bad one, and records what it
accepted:

  POST /sms   JSON {"brandname", "phone", "message", "request_id"}, header
              X-Signature: hex(HMAC-SHA256(KEY, raw body)). The phone is 84 followed by 9 or 10
              digits, the message GSM-7 without accents and at most 160 characters, the
              brandname the configured one (when --brandname is given). 200
              {"status": "accepted", "id": N}; 401 for a bad signature; 400 for a bad shape.
  POST /zalo  JSON {"phone", "template_id", "template_data" (object of strings),
              "tracking_id"}, header access_token: TOKEN (default: KEY). 200 {"error": 0,
              "message": "Success", "data": {"msg_id": "N"}}; otherwise 200 with a non-zero
              "error", as Zalo answers.
  GET /messages  the accepted requests, oldest first: [{"channel": "sms"|"zalo", "at": unix,
                 ...the request's fields...}]
  GET /rejected  the refused requests: [{"path", "reason"}]
  POST /reset    forgets both lists.

With --record FILE every accepted request is also appended to FILE as one JSON line. It prints
"listening on <port>" once bound (--port 0 picks a free port). Python standard library only.
"""

import argparse
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENSION = set("^{}\\[~]|€\f")


def gsm7_length(text):
    n = 0
    for ch in text:
        if ch in GSM7_BASIC:
            n += 1
        elif ch in GSM7_EXTENSION:
            n += 2
        else:
            return None
    return n


def valid_phone(phone):
    return isinstance(phone, str) and phone.isdigit() and phone.startswith("84") and \
        11 <= len(phone) <= 12


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.messages = []
        self.rejected = []


def make_handler(state):
    args = state.args

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):  # quiet: the tests read /messages
            pass

        def reply(self, status, body):
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def refuse(self, status, reason, body=None):
            with state.lock:
                state.rejected.append({"path": self.path, "reason": reason})
            self.reply(status, body if body is not None else {"error": reason})

        def accept(self, channel, request):
            with state.lock:
                entry = dict(request)
                entry["channel"] = channel
                entry["at"] = int(time.time())
                state.messages.append(entry)
                number = len(state.messages)
                if args.record:
                    with open(args.record, "a", encoding="utf-8") as f:
                        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            return number

        def do_GET(self):
            with state.lock:
                if self.path == "/messages":
                    return self.reply(200, state.messages)
                if self.path == "/rejected":
                    return self.reply(200, state.rejected)
            self.reply(404, {"error": "not_found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length > 0 else b""
            if self.path == "/reset":
                with state.lock:
                    state.messages.clear()
                    state.rejected.clear()
                return self.reply(200, {"status": "ok"})
            if self.path not in ("/sms", "/zalo"):
                return self.reply(404, {"error": "not_found"})
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                return self.refuse(400, "content_type")
            try:
                request = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                return self.refuse(400, "invalid_json")
            if not isinstance(request, dict):
                return self.refuse(400, "invalid_json")
            if self.path == "/sms":
                return self.sms(raw, request)
            return self.zalo(request)

        def sms(self, raw, request):
            expected = hmac.new(args.key.encode("utf-8"), raw, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, (self.headers.get("X-Signature") or "").lower()):
                return self.refuse(401, "bad_signature")
            if set(request) != {"brandname", "phone", "message", "request_id"}:
                return self.refuse(400, "fields")
            if not isinstance(request["brandname"], str) or not request["brandname"] or (
                    args.brandname and request["brandname"] != args.brandname):
                return self.refuse(400, "brandname")
            if not valid_phone(request["phone"]):
                return self.refuse(400, "phone")
            message = request["message"]
            if not isinstance(message, str) or not message:
                return self.refuse(400, "message")
            n = gsm7_length(message)
            if n is None:
                return self.refuse(400, "not_gsm7")
            if n > 160:
                return self.refuse(400, "too_long")
            if not isinstance(request["request_id"], str) or not request["request_id"]:
                return self.refuse(400, "request_id")
            number = self.accept("sms", request)
            self.reply(200, {"status": "accepted", "id": number})

        def zalo(self, request):
            token = args.zalo_token if args.zalo_token else args.key
            if self.headers.get("access_token") != token:
                return self.refuse(200, "access_token", {"error": -124,
                                                         "message": "Access token is invalid"})
            if set(request) != {"phone", "template_id", "template_data", "tracking_id"}:
                return self.refuse(200, "fields", {"error": -108, "message": "Invalid params"})
            data = request["template_data"]
            if not valid_phone(request["phone"]) or not isinstance(request["template_id"], str) \
                    or not request["template_id"] or not isinstance(data, dict) or \
                    not all(isinstance(v, str) for v in data.values()) or \
                    not isinstance(request["tracking_id"], str):
                return self.refuse(200, "shape", {"error": -108, "message": "Invalid params"})
            number = self.accept("zalo", request)
            self.reply(200, {"error": 0, "message": "Success", "data": {"msg_id": str(number)}})

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--key", required=True, help="HMAC key of the SMS gateway")
    parser.add_argument("--zalo-token", default="", help="Zalo access token (default: --key)")
    parser.add_argument("--brandname", default="", help="the only brand name accepted")
    parser.add_argument("--record", default="", help="append accepted requests to this file")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), make_handler(State(args)))
    print("listening on %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
