"""A local stand-in for the Helpdesk's chat tool: an HTTP receiver of webhook posts."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple


class Delivery(NamedTuple):
    path: str
    headers: dict
    body: dict


class WebhookReceiver:
    """Answers `failures` posts with 503, then every post with `status` after `delay` seconds;
    records every accepted post and counts every attempt."""

    def __init__(self, status: int = 200, delay: float = 0.0, failures: int = 0) -> None:
        self.status, self.delay, self.failures = status, delay, failures
        self.received: list[Delivery] = []
        self.attempts = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.attempts += 1
                if receiver.failures > 0:
                    receiver.failures -= 1
                    status = 503
                else:
                    receiver.received.append(Delivery(self.path, dict(self.headers), body))
                    time.sleep(receiver.delay)
                    status = receiver.status
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def bodies(self) -> list[dict]:
        return [delivery.body for delivery in self.received]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
