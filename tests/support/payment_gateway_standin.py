#!/usr/bin/env python3
"""A local stand-in for the online payment gateway (VNPay-style redirect protocol), for tests.

  python3 payment_gateway_standin.py --port 19210 --merchant MOTCUA01 --secret bi-mat \
      [--ipn-url http://127.0.0.1:8080/thanh-toan/ipn]

Prints "listening on http://127.0.0.1:PORT" once it accepts connections.

GET  /paymentv2/vpcpay.html?vnp_...&vnp_SecureHash=...   the payment page: the signature and the
     merchant code are checked (400 otherwise), then the amount and order are shown with the
     buttons "Thanh toán" and "Hủy".
POST /pay, POST /cancel   the citizen's choice: the stand-in calls the merchant's IPN URL server
     to server with signed parameters (vnp_ResponseCode 00, or 24 for a cancellation), records
     the answer, then redirects the browser to vnp_ReturnUrl with the same signed parameters.
POST /control?mode=normal|tamper_amount|bad_signature   how the next replies are made:
     tamper_amount changes vnp_Amount (and signs it, as a gateway-side error would);
     bad_signature signs with a wrong key.
GET  /control/log   JSON list of {txn_ref, amount, response_code, ipn_status, ipn_answer}.
GET  /control/transactions?date=YYYYMMDD   the gateway's own list of transactions of that day.

The IPN URL defaults to the return URL's origin + /thanh-toan/ipn (a real gateway has it
registered in the merchant's profile, not in the request).
Canonical query: vnp_ parameters except the hash, non-empty, sorted by name, each name and
value form-encoded (A-Z a-z 0-9 - _ . kept, space as +, the rest %XX) joined with &;
signature = HMAC-SHA512(secret, canonical) in lower-case hex.
"""
import argparse
import hashlib
import hmac
import html
import json
import secrets
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def encode(text):
    out = []
    for b in text.encode("utf-8"):
        if b in SAFE:
            out.append(chr(b))
        elif b == 0x20:
            out.append("+")
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def canonical(params):
    items = sorted((k, v) for k, v in params.items()
                   if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType") and v)
    return "&".join(encode(k) + "=" + encode(v) for k, v in items)


def sign(params, secret):
    return hmac.new(secret.encode(), canonical(params).encode(), hashlib.sha512).hexdigest()


class State:
    def __init__(self, merchant, secret, ipn_url):
        self.merchant = merchant
        self.secret = secret
        self.ipn_url = ipn_url
        self.mode = "normal"
        self.orders = {}  # token -> params
        self.log = []
        self.next_txn = 14000000
        self.lock = threading.Lock()


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            sys.stderr.write("gateway: " + fmt % args + "\n")

        def send(self, status, body, ctype="text/html; charset=utf-8", headers=None):
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def form(self):
            n = int(self.headers.get("Content-Length") or 0)
            return dict(urllib.parse.parse_qsl(self.rfile.read(n).decode("utf-8"), keep_blank_values=True))

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
            if url.path == "/paymentv2/vpcpay.html":
                return self.payment_page(query)
            if url.path == "/control/log":
                with state.lock:
                    return self.send(200, json.dumps(state.log), "application/json")
            if url.path == "/control/transactions":
                day = query.get("date", "")
                with state.lock:
                    rows = [e for e in state.log if e["pay_date"].startswith(day)]
                return self.send(200, json.dumps(rows), "application/json")
            return self.send(404, "not found", "text/plain")

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/control":
                mode = dict(urllib.parse.parse_qsl(url.query)).get("mode", "normal")
                if mode not in ("normal", "tamper_amount", "bad_signature"):
                    return self.send(400, "unknown mode", "text/plain")
                with state.lock:
                    state.mode = mode
                return self.send(200, json.dumps({"mode": mode}), "application/json")
            if url.path in ("/pay", "/cancel"):
                return self.finish_order(self.form().get("token", ""), url.path == "/pay")
            return self.send(404, "not found", "text/plain")

        def payment_page(self, query):
            given = query.get("vnp_SecureHash", "").lower()
            if not given or not hmac.compare_digest(given, sign(query, state.secret)):
                return self.send(400, "<h1>Sai chữ ký (vnp_SecureHash)</h1>")
            if query.get("vnp_TmnCode") != state.merchant or query.get("vnp_Command") != "pay":
                return self.send(400, "<h1>Sai mã đơn vị hoặc lệnh</h1>")
            token = secrets.token_urlsafe(12)
            with state.lock:
                state.orders[token] = query
            amount = int(query.get("vnp_Amount", "0")) // 100
            body = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Cổng thanh toán thử nghiệm</title></head><body>
<h1>Cổng thanh toán thử nghiệm</h1>
<p>Đơn vị: <strong>{html.escape(state.merchant)}</strong></p>
<p>Nội dung: <span id="order-info">{html.escape(query.get("vnp_OrderInfo", ""))}</span></p>
<p>Số tiền: <strong id="amount">{amount:,} VND</strong></p>
<form method="post" action="/pay"><input type="hidden" name="token" value="{token}">
<button type="submit" id="pay">Thanh toán</button></form>
<form method="post" action="/cancel"><input type="hidden" name="token" value="{token}">
<button type="submit" id="cancel">Hủy</button></form>
</body></html>"""
            return self.send(200, body)

        def finish_order(self, token, paid):
            with state.lock:
                order = state.orders.pop(token, None)
                mode = state.mode
                state.next_txn += 1
                txn_no = str(state.next_txn)
            if order is None:
                return self.send(400, "<h1>Giao dịch không tồn tại hoặc đã xử lý</h1>")
            amount = order["vnp_Amount"]
            if mode == "tamper_amount":
                amount = str(int(amount) // 2)
            reply = {
                "vnp_TmnCode": order["vnp_TmnCode"],
                "vnp_Amount": amount,
                "vnp_BankCode": "NCB",
                "vnp_CardType": "ATM",
                "vnp_OrderInfo": order.get("vnp_OrderInfo", ""),
                "vnp_PayDate": time.strftime("%Y%m%d%H%M%S", time.gmtime(time.time() + 7 * 3600)),
                "vnp_ResponseCode": "00" if paid else "24",
                "vnp_TransactionNo": txn_no if paid else "0",
                "vnp_TransactionStatus": "00" if paid else "02",
                "vnp_TxnRef": order["vnp_TxnRef"],
            }
            reply["vnp_SecureHash"] = sign(reply, "khoa-sai" if mode == "bad_signature" else state.secret)
            query = urllib.parse.urlencode(reply)
            return_url = order["vnp_ReturnUrl"]
            ipn_url = state.ipn_url
            if not ipn_url:
                parts = urllib.parse.urlsplit(return_url)
                ipn_url = f"{parts.scheme}://{parts.netloc}/thanh-toan/ipn"
            entry = {"txn_ref": reply["vnp_TxnRef"], "amount": int(amount) // 100,
                     "response_code": reply["vnp_ResponseCode"], "transaction_no": txn_no,
                     "pay_date": reply["vnp_PayDate"], "mode": mode}
            try:
                with urllib.request.urlopen(ipn_url + "?" + query, timeout=15) as r:
                    entry["ipn_status"] = r.status
                    entry["ipn_answer"] = json.loads(r.read().decode("utf-8"))
            except Exception as e:  # the gateway would retry; the test reads the log
                entry["ipn_status"] = getattr(e, "code", 0)
                entry["ipn_answer"] = {"error": str(e)}
            with state.lock:
                state.log.append(entry)
            sep = "&" if "?" in return_url else "?"
            self.send_response(302)
            self.send_header("Location", return_url + sep + query)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--merchant", required=True)
    ap.add_argument("--secret", required=True)
    ap.add_argument("--ipn-url", default="")
    args = ap.parse_args()
    state = State(args.merchant, args.secret, args.ipn_url)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(state))
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
