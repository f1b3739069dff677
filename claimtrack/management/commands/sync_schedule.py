"""``manage.py sync_schedule [--reset]``: create the periodic jobs of ``claimtrack/schedule.py``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from claimtrack.schedule import schedule_sync


class Command(BaseCommand):
    help = "Create the periodic jobs (PeriodicTask rows) beat runs; --reset restores their periods from settings."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="overwrite periods changed in the admin")

    def handle(self, *args, reset: bool, **options):
        changed = schedule_sync(reset=reset)
        verb = "Reset" if reset else "Created"
        self.stdout.write(f"{verb} {len(changed)} periodic jobs" + (f": {', '.join(changed)}" if changed else ""))
