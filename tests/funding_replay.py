"""A local stand-in for the EU Funding & Tenders Portal search API, replaying recorded pages.

It answers like the real API: pages by `pageNumber`, and HTTP 500 when the `query` part is not
sent as a JSON file part. It can also fail on purpose (500s, a slow page) and records requests.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "funding_api"
_QUERY_PART = re.compile(rb'name="query"[^\r\n]*\r\nContent-Type: application/json', re.I)


class ReplayServer:
    def __init__(self, pages_dir: Path = FIXTURES) -> None:
        self.pages = {int(path.stem.split("_")[1]): path.read_bytes()
                      for path in pages_dir.glob("page_*.json")}
        self.requests: list[dict] = []
        self.failures_left = 0  # answer this many requests with HTTP 500 first
        self.always_fail = False
        self.slow_page: int | None = None  # delay this page once, by `delay` seconds
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                query = parse_qs(urlparse(self.path).query)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                page = int(query.get("pageNumber", ["1"])[0])
                server.requests.append({"page": page, "query": query, "body": body})
                if server.slow_page == page:
                    server.slow_page = None
                    time.sleep(server.delay)
                if server.always_fail or server.failures_left > 0 or \
                        not _QUERY_PART.search(body):
                    server.failures_left = max(0, server.failures_left - 1)
                    self._answer(500, b'{"error": "Internal Server Error"}')
                    return
                empty = json.dumps({"totalResults": 0, "pageNumber": page, "results": []})
                self._answer(200, server.pages.get(page, empty.encode()))

            def _answer(self, status: int, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):  # the client gave up (time-out)
                    self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/search-api/prod/rest/search"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
