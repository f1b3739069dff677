"""Run a real Celery worker process against the test database and the real broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    """The URL of the database the tests run against (pytest-django's ``test_`` copy)."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'] or '', safe='')}{password}@{host}{port}/{db['NAME']}"


def worker_environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CLAIMTRACK_LOCAL": "1",
            "FETCH_ALLOWED_INTERNAL_HOSTS": ",".join(settings.FETCH_ALLOWED_INTERNAL_HOSTS),
        }
    )
    env.update(extra)
    return env


class WorkerProcess:
    """A ``celery worker`` subprocess; ``stop()`` is a warm shutdown, ``kill()`` a SIGKILL."""

    def __init__(self, *, concurrency: int = 1, queues: str | None = None, env: dict[str, str] | None = None):
        argv = [
            sys.executable, "-m", "celery", "-A", "claimtrack", "worker", "--loglevel", "INFO",
            "--concurrency", str(concurrency), "--pool", "prefork", "--without-gossip", "--without-mingle",
            "--without-heartbeat",
        ]  # fmt: skip
        if queues:
            argv += ["--queues", queues]
        self.log_path = ROOT / ".local" / f"test-worker-{os.getpid()}-{time.monotonic_ns()}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            argv, cwd=ROOT, env=env or worker_environment(), stdout=self._log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log()}")
            if b"ready." in self.log_path.read_bytes():
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 30) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and its pool children)."""
        import psutil

        parent = psutil.Process(self.process.pid)
        victims = [*parent.children(recursive=True), parent]
        for proc in victims:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        self.process.wait()
        self._log.close()
