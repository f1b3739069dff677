"""Aggregates for the admin metrics dashboard: a fixed number of grouped queries, never a query per row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, Q
from django.utils import timezone

from claims.models import Claim, ClaimStatus, CorroborationRun, Evidence, RunStatus, Verdict, VerdictStatus


class Percentile(Aggregate):
    """PostgreSQL ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def _seconds(expression) -> Func:
    """An interval as seconds (``EXTRACT(EPOCH FROM ...)``)."""
    return Func(expression, template="EXTRACT(EPOCH FROM %(expressions)s)", output_field=FloatField())


@dataclass(frozen=True)
class Window:
    days: int

    @property
    def since(self):
        return timezone.now() - timedelta(days=self.days)


def claims_by_status() -> list[dict]:
    counts = dict(Claim.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [{"status": label, "count": counts.get(value, 0)} for value, label in ClaimStatus.choices]


def published_by_rating() -> list[dict]:
    return list(
        Verdict.objects.filter(status=VerdictStatus.PUBLISHED)
        .values(label=F("rating__label"), value=F("rating__rating_value"))
        .annotate(count=Count("id"))
        .order_by("-value")
    )


def time_to_publish() -> dict:
    """Seconds from a claim's creation (candidate) to its verdict's publication: count, mean, median, p90."""
    seconds = _seconds(F("published_at") - F("claim__created_at"))
    return Verdict.objects.filter(published_at__isnull=False).aggregate(
        count=Count("id"),
        mean=Avg(seconds),
        median=Percentile(seconds, fraction=0.5),
        p90=Percentile(seconds, fraction=0.9),
    )


def reviewer_throughput(*, window: Window) -> list[dict]:
    """Per person over the window: evidence decisions, verdicts proposed, verdicts published as editor."""
    since = window.since
    decisions = dict(
        Evidence.objects.filter(decided_at__gte=since, decided_by__isnull=False)
        .values_list("decided_by")
        .annotate(n=Count("id"))
        .order_by()
    )
    proposed = dict(
        Verdict.objects.filter(created_at__gte=since).values_list("author").annotate(n=Count("id")).order_by()
    )
    published = dict(
        Verdict.objects.filter(published_at__gte=since, approver__isnull=False)
        .values_list("approver")
        .annotate(n=Count("id"))
        .order_by()
    )
    ids = set(decisions) | set(proposed) | set(published)
    names = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
    rows = [
        {
            "user": names.get(pk, f"#{pk}"),
            "decisions": decisions.get(pk, 0),
            "proposed": proposed.get(pk, 0),
            "published": published.get(pk, 0),
        }
        for pk in ids
    ]
    return sorted(rows, key=lambda r: (-(r["decisions"] + r["proposed"] + r["published"]), r["user"]))


def connector_health(*, window: Window) -> list[dict]:
    """Per connector over the window: runs, success rate of finished runs, latency mean and p95 (s)."""
    finished = Q(status__in=[RunStatus.SUCCEEDED, RunStatus.FAILED])
    latency = _seconds(F("finished_at") - F("started_at"))
    timed = finished & Q(started_at__isnull=False, finished_at__isnull=False)
    rows = (
        CorroborationRun.objects.filter(created_at__gte=window.since)
        .values("connector")
        .annotate(
            runs=Count("id"),
            finished=Count("id", filter=finished),
            succeeded=Count("id", filter=Q(status=RunStatus.SUCCEEDED)),
            latency_mean=Avg(latency, filter=timed),
            latency_p95=Percentile(latency, fraction=0.95, filter=timed),
        )
        .order_by("connector")
    )
    return [{**row, "success_rate": row["succeeded"] / row["finished"] if row["finished"] else None} for row in rows]


def claims_with_new_evidence(*, limit: int = 20) -> dict:
    queryset = Claim.objects.filter(new_evidence_since_verdict=True)
    return {
        "count": queryset.count(),
        "latest": list(queryset.order_by("-updated_at").values("id", "statement")[:limit]),
    }


def dashboard_metrics(*, days: int = 30) -> dict:
    window = Window(days=days)
    return {
        "days": days,
        "claims_by_status": claims_by_status(),
        "published_by_rating": published_by_rating(),
        "time_to_publish": time_to_publish(),
        "reviewer_throughput": reviewer_throughput(window=window),
        "connector_health": connector_health(window=window),
        "new_evidence": claims_with_new_evidence(),
    }
