"""A webhook receiver on the loopback fixture server that answers from a script (e.g. down, then up)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from tests.support.http_server import FixtureServer


@dataclass
class Receiver:
    server: FixtureServer
    path: str = "/hooks/claimtrack"
    statuses: list[int] = field(default_factory=lambda: [200])  # the last one repeats
    received: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self) -> Receiver:
        self.server.add(self.path, handler=self._answer)
        return self

    @property
    def url(self) -> str:
        return self.server.url(self.path)

    def _answer(self, handler) -> None:
        request = self.server.requests[-1]
        with self._lock:
            status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
            self.received.append((status, request.headers, request.body))
        body = b'{"ok": true}' if status < 300 else b"receiver is down"
        handler._write(status, body, {"Content-Type": "application/json" if status < 300 else "text/plain"})
