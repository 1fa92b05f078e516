"""A partner's feed served from this machine by http.server in a thread, for the tests of
everything the portal fetches from partners (calendars, directories).

`routes[path] = (status, body)` or `(status, body, headers)`; tests change the routes
between imports. Use it through a fixture that allows private hosts, since it listens on
127.0.0.1, which production refuses to fetch from."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FeedServer:
    def __init__(self, *, content_type: str):
        self.routes: dict[str, tuple] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, body, *headers = routes.get(self.path, (404, b"not found"))
                self.send_response(status)
                for name, value in {"Content-Type": content_type, **dict(*headers)}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def start(self) -> "FeedServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
