"""The embedded PostgreSQL and Redis start from nothing and leave no process behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from claimtrack import embedded
from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


def embedded_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "CLAIMTRACK_LOCAL"}}
    env["CLAIMTRACK_DATA_DIR"] = str(data_dir)
    return env


def processes_using(data_dir: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if str(data_dir) in " ".join(proc.info["cmdline"] or []):
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def wait_until_nothing_is_left(data_dir: Path, timeout: float = 60) -> None:
    """Fail, naming the processes (and the server logs' last lines), if any still uses ``data_dir``."""
    try:
        wait_until(lambda: processes_using(data_dir) == [], timeout=timeout)
    except AssertionError:
        left = []
        for proc in processes_using(data_dir):
            try:
                left.append(f"{proc.pid} {proc.status()} {' '.join(proc.cmdline())}")
            except psutil.NoSuchProcess:
                continue
        logs = {
            log.name: log.read_text(errors="replace").splitlines()[-5:]
            for log in (data_dir / "postgres.log", data_dir / "redis" / "redis.log")
            if log.exists()
        }
        raise AssertionError(f"processes left behind after {timeout}s: {left}; logs: {logs}") from None


def manage(data_dir: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=embedded_env(data_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def from_a_terminal(*args: str) -> list[str]:
    """``python *args`` with SIGHUP and SIGINT at their defaults, as a shell in a terminal starts a command.

    A test run started under nohup passes SIGHUP on ignored, and the project then rightly keeps ignoring
    it (a nohup'd stack outlives its terminal); the signal tests are about a command run in a terminal.
    The dispositions are reset in a small Python that then execs the command (same process, same pid).
    """
    reset = (
        "import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_DFL); "
        "signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
    )
    return [sys.executable, "-c", reset, *args]


def stop_whatever_is_left(proc: subprocess.Popen, data_dir: Path) -> None:
    """After a failed wait: kill the command and any server it left, so one failure leaves no process behind."""
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=30)
    for left in processes_using(data_dir):
        try:
            left.kill()
        except psutil.NoSuchProcess:
            continue


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_a_command_on_a_fresh_data_dir_starts_both_servers_and_stops_them_on_exit(tmp_path):
    data_dir = tmp_path / "data"
    result = manage(data_dir, "shell", "-c", "from django.db import connection; connection.ensure_connection(); "
                    "from claimtrack.health import _broker_ok; print(_broker_ok())")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "(True, 'ok')" in result.stdout
    assert (data_dir / "pgdata" / "PG_VERSION").exists()
    assert processes_using(data_dir) == []


def serve_stack_then_send(data_dir: Path, signum: int) -> subprocess.Popen:
    """Run ``manage.py runstack`` until it answers /healthz, send it ``signum`` and wait for it to exit."""
    assert manage(data_dir, "migrate", "--noinput").returncode == 0
    port = free_port()
    stack = subprocess.Popen(
        from_a_terminal(
            "manage.py",
            "runstack",
            "--port",
            str(port),
            "--web-workers",
            "1",
            "--worker-concurrency",
            "1",
        ),
        cwd=ROOT,
        env=embedded_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def healthy():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_until(healthy, timeout=90, message="runstack never became healthy")
        names = {p.name() for p in processes_using(data_dir)}
        assert names, "the stack's processes should be visible while it runs"
        stack.send_signal(signum)
        stack.wait(timeout=60)
    except BaseException:
        stop_whatever_is_left(stack, data_dir)
        raise
    return stack


@pytest.mark.slow
def test_runstack_serves_and_stops_everything_on_sigterm(tmp_path):
    data_dir = tmp_path / "data"
    stack = serve_stack_then_send(data_dir, signal.SIGTERM)
    wait_until_nothing_is_left(data_dir)
    assert stack.returncode == 0


@pytest.mark.slow
def test_runstack_stops_everything_on_sighup_when_its_terminal_is_closed(tmp_path):
    data_dir = tmp_path / "data"
    stack = serve_stack_then_send(data_dir, signal.SIGHUP)
    wait_until_nothing_is_left(data_dir)
    assert stack.returncode == 0


def run_sleeping_command_then_send(data_dir: Path, signum: int) -> subprocess.Popen:
    """Run a ``manage.py`` command that starts the servers and sleeps, send it ``signum`` and wait for it."""
    proc = subprocess.Popen(
        from_a_terminal(
            "manage.py", "shell", "--no-imports", "-c", "import time; print('up', flush=True); time.sleep(120)"
        ),
        cwd=ROOT,
        env=embedded_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "up"
        assert processes_using(data_dir), "servers should be running"
        proc.send_signal(signum)
        proc.wait(timeout=60)
    except BaseException:
        stop_whatever_is_left(proc, data_dir)
        raise
    return proc


@pytest.mark.slow
def test_ctrl_c_of_a_command_that_started_the_servers_leaves_nothing_running(tmp_path):
    data_dir = tmp_path / "data"
    run_sleeping_command_then_send(data_dir, signal.SIGINT)
    time.sleep(0.2)
    wait_until_nothing_is_left(data_dir)


@pytest.mark.slow
def test_closing_the_terminal_of_a_command_that_started_the_servers_leaves_nothing_running(tmp_path):
    data_dir = tmp_path / "data"
    run_sleeping_command_then_send(data_dir, signal.SIGHUP)
    time.sleep(0.2)
    wait_until_nothing_is_left(data_dir)


@pytest.mark.slow
def test_a_test_run_that_started_the_servers_leaves_nothing_running(tmp_path):
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/claimtrack/test_health.py"],
        cwd=ROOT,
        env=embedded_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "2 passed" in result.stdout
    assert (data_dir / "pgdata" / "PG_VERSION").exists()
    wait_until_nothing_is_left(data_dir)


def test_a_server_this_process_started_counts_as_stopped_once_it_exits_not_ten_seconds_later():
    """A child that exited stays a zombie that answers ``kill(pid, 0)`` until it is reaped: stopping
    Redis used to wait out its whole ten-second grace on it."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert embedded._reaped(child.pid) is False  # still running
    child.send_signal(signal.SIGTERM)
    wait_until(lambda: embedded._reaped(child.pid), timeout=10)
    with pytest.raises(ProcessLookupError):
        os.kill(child.pid, 0)
    assert embedded._reaped(os.getppid()) is False  # not our child: left to kill(pid, 0)
