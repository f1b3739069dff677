"""A real HTTP server on loopback for tests: fixture pages, feeds, API responses and bad behaviours.

Register what a path answers, then fetch ``server.url("/path")``::

    server.add("/article.html", body=html, content_type="text/html; charset=utf-8")
    server.add("/slow", handler=lambda request: ...)   # full control: write to request.wfile

Every request is recorded in ``server.requests`` (method, path, headers) so tests can assert on what
was sent (user agent, query parameters).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        self.server.owner.requests.append(
            RecordedRequest(self.command, parts.path, parts.query, dict(self.headers.items()), body)
        )
        route = self.server.owner.routes.get(parts.path) or self.server.owner.routes.get(self.path)
        if route is None:
            self._write(404, b"not found", {"Content-Type": "text/plain"})
            return
        if route.handler is not None:
            route.handler(self)
            return
        self._write(route.status, route.body, route.headers)

    def _write(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_HEAD = do_PUT = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FixtureServer

    def handle_error(self, request, client_address):
        # A client that hangs up early (size cap, deadline) is expected in tests, not a server error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class FixtureServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        self.bytes_sent = 0  # set by endless_body()
        self._server = _Server((host, 0), _Handler)
        self._server.owner = self
        self.host = host
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def add(
        self,
        path: str,
        *,
        body: bytes | str = b"",
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        handler: Callable[[BaseHTTPRequestHandler], None] | None = None,
    ) -> str:
        """Register ``path``; returns its full URL."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        all_headers = {"Content-Type": content_type, **(headers or {})}
        self.routes[path] = Route(status=status, body=body, headers=all_headers, handler=handler)
        return self.url(path)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]


# --- bad behaviours: handlers for ``server.add(path, handler=...)`` ---------------------------------


def redirect_to(location: str, status: int = 302) -> Callable[[BaseHTTPRequestHandler], None]:
    """Answer with a redirect to ``location`` (any of 301, 302, 303, 307, 308)."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request._write(status, b"", {"Location": location, "Content-Type": "text/plain"})

    return handle


def dripping_body(body: bytes, interval: float, content_type: str = "text/html; charset=utf-8"):
    """Send the headers at once, then one byte every ``interval`` seconds (never trips a read timeout)."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        try:
            for index in range(len(body)):
                request.wfile.write(body[index : index + 1])
                request.wfile.flush()
                time.sleep(interval)
        except ConnectionError:
            return  # the client gave up, as it should

    return handle


def endless_body(total: int, *, declare_length: bool, chunk: int = 64 * 1024):
    """Stream ``total`` bytes generated on the fly (a 1 GB body is never held in memory).

    Without a declared length the body is close-delimited, so only a streamed size cap stops it.
    """

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        if declare_length:
            request.send_header("Content-Length", str(total))
        else:
            request.send_header("Connection", "close")
            request.close_connection = True
        request.end_headers()
        block, sent = b"a" * chunk, 0
        request.server.owner.bytes_sent = 0
        try:
            while sent < total:
                request.wfile.write(block[: min(chunk, total - sent)])
                sent += min(chunk, total - sent)
                request.server.owner.bytes_sent = sent
        except ConnectionError:
            return

    return handle


def in_turn(*responses: tuple[int, bytes, dict[str, str]]):
    """Answer each request with the next ``(status, body, headers)``; the last one repeats."""
    served = {"count": 0}

    def handle(request: BaseHTTPRequestHandler) -> None:
        index = min(served["count"], len(responses) - 1)
        served["count"] += 1
        status, body, headers = responses[index]
        request._write(status, body, {"Content-Type": "text/plain", **headers})

    return handle
