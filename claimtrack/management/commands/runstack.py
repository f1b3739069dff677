"""Run the whole application in the foreground: web (gunicorn), a Celery worker and beat.

Ctrl-C, SIGTERM or SIGHUP (its terminal closed) stops all three, then the embedded servers if this
process started them.
"""

from __future__ import annotations

import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from claimtrack import processes


class Command(BaseCommand):
    help = "Run web, worker and beat together until Ctrl-C, SIGTERM or SIGHUP."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--worker-concurrency", type=int, default=2)
        parser.add_argument("--only", nargs="*", choices=["web", "worker", "beat"], help="run only these parts")

    def handle(self, *args, **options):
        commands = processes.stack_commands(
            host=options["host"],
            port=options["port"],
            web_workers=options["web_workers"],
            worker_concurrency=options["worker_concurrency"],
        )
        wanted = options["only"] or list(commands)
        if "beat" in wanted:
            call_command("sync_schedule")  # beat's DatabaseScheduler reads the rows this creates
        stopping = {"signal": None}

        def request_stop(signum, frame):
            stopping["signal"] = signum

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:  # under nohup the stack outlives its terminal
            signal.signal(signal.SIGHUP, request_stop)
        children = [processes.start(name, commands[name]) for name in wanted]
        self.stdout.write(
            f"ClaimTrack is running: admin http://{options['host']}:{options['port']}/admin/ , "
            f"API http://{options['host']}:{options['port']}/api/v1/ ; Ctrl-C stops everything."
        )
        exit_code = 0
        try:
            while stopping["signal"] is None:
                dead = [c for c in children if c.process.poll() is not None]
                if dead:
                    self.stderr.write(f"{dead[0].name} exited with {dead[0].process.returncode}; stopping.")
                    exit_code = 1
                    break
                time.sleep(0.5)
        finally:
            processes.stop_all(children)
        try:
            self.stdout.write("ClaimTrack stopped.")
        except OSError:  # after a hangup the terminal is gone (EIO); everything is already stopped
            pass
        if exit_code:
            raise SystemExit(exit_code)
