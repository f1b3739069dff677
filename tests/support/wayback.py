"""A scripted Wayback Machine on the loopback fixture server: SPN2 submit and status, availability API.

Answers come from queues the test fills, in the shapes of tests/fixtures/wayback/*.json (copied from
the real API's documented and captured responses). When a queue has one answer left it is repeated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.http_server import FixtureServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wayback"
JOB_ID = "spn2-9c41d0e7b2a85f3e61c0d4a7b9e2f58c13a6d720"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


@dataclass
class Answer:
    body: dict | str
    status: int = 200


@dataclass
class FakeWayback:
    server: FixtureServer
    submits: list[Answer] = field(default_factory=list)
    statuses: list[Answer] = field(default_factory=list)
    availability: list[Answer] = field(default_factory=lambda: [Answer(fixture("wayback-unavailable.json"))])

    def install(self, *, job_id: str = JOB_ID) -> FakeWayback:
        self.server.add("/save", handler=lambda h: self._answer(h, self.submits))
        self.server.add(f"/save/status/{job_id}", handler=lambda h: self._answer(h, self.statuses))
        self.server.add("/wayback/available", handler=lambda h: self._answer(h, self.availability))
        return self

    @property
    def save_url(self) -> str:
        return self.server.url("/save")

    @property
    def available_url(self) -> str:
        return self.server.url("/wayback/available")

    def _answer(self, handler, queue: list[Answer]) -> None:
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        body = answer.body if isinstance(answer.body, str) else json.dumps(answer.body)
        handler._write(answer.status, body.encode(), {"Content-Type": "application/json"})
