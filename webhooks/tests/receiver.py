"""A webhook receiver written from the Standard Webhooks description alone: it checks
`webhook-signature` (v1, base64 of HMAC-SHA256 over "id.timestamp.body" with the base64
part of the `whsec_` secret), refuses a stale timestamp, and accepts each `webhook-id` once."""

import base64
import hashlib
import hmac
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, secret: str = "", answers=(200,), location: str = ""):
        self.secret = secret
        self.answers = list(answers)
        self.location = location
        self.seen: list[dict] = []  # every request: id, verified, status answered
        self.accepted: list[dict] = []  # messages acted upon, once per id
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                verified = receiver.verify(self.headers, body)
                status = (
                    receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                )
                message_id = self.headers.get("webhook-id")
                receiver.seen.append({"id": message_id, "verified": verified, "status": status})
                if verified and 200 <= status < 300:
                    if message_id not in {m["id"] for m in receiver.accepted}:
                        receiver.accepted.append({"id": message_id, "body": body})
                self.send_response(status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"internal secret details")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hooks"

    def verify(self, headers, body: bytes) -> bool:
        message_id = headers.get("webhook-id", "")
        timestamp = headers.get("webhook-timestamp", "")
        if not self.secret.startswith("whsec_"):
            return False
        if headers.get("Content-Type") != "application/json" or not timestamp.isdigit():
            return False
        if abs(time.time() - int(timestamp)) > 300:
            return False
        key = base64.b64decode(self.secret.split("_", 1)[1])
        expected = base64.b64encode(
            hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
        ).decode()
        offered = [s.split(",", 1)[1] for s in headers.get("webhook-signature", "").split()]
        return any(hmac.compare_digest(expected, s) for s in offered)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
