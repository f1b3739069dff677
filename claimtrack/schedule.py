"""The periodic schedule: the one place that lists what runs on its own, how often, and why.

Beat uses django-celery-beat's DatabaseScheduler (settings), so each entry lives as a ``PeriodicTask``
row that editors can pause or re-time in the admin. ``schedule_sync`` (``manage.py sync_schedule``,
run by ``runstack`` before beat starts) creates missing rows from the list below with the periods of
the ``SCHEDULE_*`` settings; it leaves rows an editor changed alone unless asked to reset them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    setting: str  # the SCHEDULE_* setting holding the period in seconds
    why: str


def entries() -> list[Entry]:
    return [
        Entry(
            name="Poll RSS/Atom feeds",
            task="sources.poll_feeds",
            setting="SCHEDULE_FEEDS_POLL_SECONDS",
            # 15 min: news feeds change a few times an hour; conditional GETs make a poll cheap, and
            # most publishers ask aggregators not to poll more often.
            why="New articles appear in feeds within minutes; polling every 15 minutes is polite and timely.",
        ),
        Entry(
            name="Re-corroborate open claims",
            task="claims.corroborate_open_claims",
            setting="SCHEDULE_OPEN_CLAIMS_SECONDS",
            # 6 h: a claim under review gains evidence as coverage develops over the day, while every
            # run queries external APIs (GDELT asks for one request per 5 s) for every open claim.
            why="Claims under review gain evidence as coverage develops; four times a day spares the APIs.",
        ),
        Entry(
            name="Re-check published verdicts",
            task="claims.recheck_published_verdicts",
            setting="SCHEDULE_PUBLISHED_VERDICTS_SECONDS",
            # 24 h: published verdicts rarely change; a daily check is enough to flag new evidence
            # for an editor without multiplying API calls by every claim ever checked.
            why="Flags a published claim when evidence appears after its verdict; daily is enough.",
        ),
        Entry(
            name="Send jobs recorded while the broker was down",
            task="claims.send_pending_runs",
            setting="SCHEDULE_OUTBOX_SECONDS",
            # 30 s: the outbox holds runs whose job the broker refused; a short period bounds the
            # delay after an outage, and an empty sweep is one indexed query.
            why="Sends runs recorded while the broker was unreachable, within half a minute of its return.",
        ),
        Entry(
            name="Send webhook retries that are due, and deliveries whose job was lost",
            task="claims.webhook_deliveries_resume",
            setting="SCHEDULE_WEBHOOKS_RESUME_SECONDS",
            # 1 min: retries due further off than a countdown may wait (CELERY_RETRY_BACKOFF_MAX) are
            # sent by this sweep, so its period bounds how late they go out; the sweep is one query.
            why="Sends webhook retries once due (within about a minute and a half) and deliveries whose job was lost.",
        ),
        Entry(
            name="Resume Wayback archive requests whose step was lost",
            task="sources.archive_requests_resume",
            setting="SCHEDULE_ARCHIVE_RESUME_SECONDS",
            # 15 min: archiving is not urgent (our own copy of the text is already stored), and SPN2
            # rate-limits captures, so a slow sweep is enough.
            why="Picks up Wayback archive requests stalled for 30 minutes (a lost job); archiving is not urgent.",
        ),
    ]


@transaction.atomic
def schedule_sync(*, reset: bool = False) -> list[str]:
    """Create a PeriodicTask per entry; with ``reset``, also restore the periods and switch them on.

    Returns the names of the rows created or reset. Never removes rows an editor added.
    """
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    changed = []
    for entry in entries():
        every = getattr(settings, entry.setting)
        interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=IntervalSchedule.SECONDS)
        defaults = {"task": entry.task, "interval": interval, "description": entry.why, "enabled": True}
        if reset:
            PeriodicTask.objects.update_or_create(name=entry.name, defaults=defaults)
            changed.append(entry.name)
            continue
        _, created = PeriodicTask.objects.get_or_create(name=entry.name, defaults=defaults)
        if created:
            changed.append(entry.name)
    return changed
