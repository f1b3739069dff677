"""Start and stop the child processes of ``manage.py runstack`` (web, worker, beat)."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass
    os.setsid()


def child_environment() -> dict[str, str]:
    """The environment of a child process: this process's, plus how to reach the same servers."""
    env = dict(os.environ)
    env["DATABASE_URL"] = settings.DATABASE_URL
    env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    if settings.LOCAL:
        env["CLAIMTRACK_LOCAL"] = "1"
    return env


@dataclass
class Child:
    name: str
    process: subprocess.Popen


def start(name: str, argv: list[str]) -> Child:
    process = subprocess.Popen(argv, env=child_environment(), preexec_fn=_die_with_parent)  # noqa: PLW1509
    return Child(name=name, process=process)


def stop_all(children: list[Child], *, grace: float = 20.0) -> None:
    """SIGTERM every child (warm shutdown), then SIGKILL whatever is still there after ``grace`` seconds."""
    for child in children:
        if child.process.poll() is None:
            child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        remaining = max(0.1, deadline - time.monotonic())
        try:
            child.process.wait(remaining)
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()


def stack_commands(*, host: str, port: int, web_workers: int, worker_concurrency: int) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [
            python,
            "-m",
            "gunicorn",
            "claimtrack.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(web_workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "claimtrack",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(worker_concurrency),
            "--without-gossip",
            "--without-mingle",
        ],
        "beat": [
            python,
            "-m",
            "celery",
            "-A",
            "claimtrack",
            "beat",
            "--loglevel",
            "INFO",
            "--scheduler",
            "django_celery_beat.schedulers:DatabaseScheduler",
        ],
    }
