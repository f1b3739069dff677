"""The run outbox: send the jobs of queued runs, and sweep up those whose job never reached the broker."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from claims.models import CorroborationRun, RunStatus


def runs_send(*, run_ids: list[int]) -> int:
    """Send the jobs of ``run_ids``; return how many the broker took (the rest stay in the outbox)."""
    from claims.tasks import corroboration_run_task
    from claimtrack.queueing import publish_each

    def mark_sent(run_id: int) -> None:
        CorroborationRun.objects.filter(id=run_id, enqueued_at__isnull=True).update(enqueued_at=timezone.now())

    return publish_each(corroboration_run_task, ids=run_ids, mark_sent=mark_sent)


def runs_send_pending(*, min_age: float = 5.0) -> int:
    """The outbox sweeper: send every queued run whose job never reached the broker; return how many.

    Runs younger than ``min_age`` seconds are left to the request that created them (its on-commit
    send is probably under way). Also requeues runs whose job was lost with a broker that lost its
    data: queued-and-sent or running-with-a-dead-heartbeat for longer than ``lost_after``.
    """
    from claimtrack.queueing import lost_job_age

    now = timezone.now()
    lost_after = lost_job_age()
    CorroborationRun.objects.filter(
        Q(status=RunStatus.QUEUED, enqueued_at__lt=now - lost_after)
        | Q(status=RunStatus.RUNNING, heartbeat_at__lt=now - lost_after)
    ).update(status=RunStatus.QUEUED, enqueued_at=None)
    pending = CorroborationRun.objects.filter(
        status=RunStatus.QUEUED, enqueued_at__isnull=True, created_at__lt=now - timedelta(seconds=min_age)
    )
    return runs_send(run_ids=list(pending.order_by("created_at").values_list("id", flat=True)))
