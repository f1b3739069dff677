"""The periodic schedule: one list, synced into django-celery-beat rows editors can change."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from claimtrack.celery import app
from claimtrack.schedule import entries, schedule_sync

pytestmark = pytest.mark.django_db


def test_sync_creates_a_periodic_job_per_entry_with_the_configured_period(settings):
    settings.SCHEDULE_OPEN_CLAIMS_SECONDS = 1800

    created = schedule_sync()

    assert created == [entry.name for entry in entries()]
    job = PeriodicTask.objects.get(name="Re-corroborate open claims")
    assert (job.task, job.interval.every, job.interval.period, job.enabled) == (
        "claims.corroborate_open_claims",
        1800,
        "seconds",
        True,
    )
    assert job.description.startswith("Claims under review gain evidence")


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    assert {entry.task for entry in entries()} <= set(app.tasks)


def test_sync_keeps_an_editors_changes_unless_reset():
    schedule_sync()
    PeriodicTask.objects.filter(name="Poll RSS/Atom feeds").update(enabled=False)

    assert schedule_sync() == []
    assert not PeriodicTask.objects.get(name="Poll RSS/Atom feeds").enabled

    out = io.StringIO()
    call_command("sync_schedule", "--reset", stdout=out)
    assert PeriodicTask.objects.get(name="Poll RSS/Atom feeds").enabled
    assert out.getvalue().startswith(f"Reset {len(entries())} periodic jobs")
