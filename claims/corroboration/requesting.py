"""Requesting runs: queue one corroboration run per connector for a claim, and add reviewer URLs.

A run is recorded ``queued`` in the request's transaction; its job is sent on commit (``outbox``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from claims.corroboration.outbox import runs_send
from claims.models import Claim, ClaimStatus, ClaimURL, CorroborationRun, RunStatus, RunTrigger
from claimtrack.exceptions import ApplicationError
from sources.models import Connector, ConnectorKind

# Claims still being checked: re-corroborated on a schedule.
OPEN_STATUSES = [ClaimStatus.ACCEPTED, ClaimStatus.IN_REVIEW, ClaimStatus.VERDICT_PROPOSED]


@transaction.atomic
def claim_corroborate(
    *, claim: Claim, connectors: list[str] | None = None, trigger: str, user=None, send: bool = True
) -> list[CorroborationRun]:
    """Queue one run per connector (default: every enabled one) for ``claim``; jobs are sent on commit.

    ``send=False`` records the runs without sending jobs (the caller executes them itself).

    A connector that already has a queued or running run for the claim keeps it (returned, not
    duplicated). Raises ``ApplicationError`` for a rejected claim, an unknown or disabled connector,
    or an unknown trigger; nothing is written then.
    """
    kinds = _connector_kinds(connectors)
    if trigger not in RunTrigger.values:
        raise ApplicationError(f"Unknown trigger {trigger!r}", code="invalid_trigger")
    if claim.status == ClaimStatus.REJECTED:
        raise ApplicationError("A rejected claim is not corroborated", code="claim_rejected")
    runs = [_open_run(claim=claim, kind=kind, trigger=trigger, user=user) for kind in kinds]
    run_ids = [run.id for run in runs if run.status == RunStatus.QUEUED and run.enqueued_at is None]
    if send:
        transaction.on_commit(lambda: runs_send(run_ids=run_ids))
    return runs


@transaction.atomic
def claim_url_add(*, claim: Claim, url: str, user=None) -> CorroborationRun:
    """Add a page a reviewer wants searched for ``claim`` and queue the URL connector's run for it.

    The URL is canonicalised (http/https only); adding it twice keeps one row. Raises
    ``ApplicationError`` (nothing written) for a malformed URL, a rejected claim or a disabled URL
    connector. The page is fetched by the run, through the safe fetching module.
    """
    from sources.text import canonicalize_url

    canonical = canonicalize_url(url)
    ClaimURL.objects.get_or_create(claim=claim, url=canonical, defaults={"added_by": user})
    # A run already queued picks the new URL up when it builds its query; a running one does not, so
    # the next run does (the unique open-run constraint keeps one of each).
    (run,) = claim_corroborate(claim=claim, connectors=[ConnectorKind.URL], trigger=RunTrigger.MANUAL, user=user)
    return run


def _connector_kinds(requested: list[str] | None) -> list[str]:
    enabled = list(Connector.objects.filter(enabled=True).values_list("kind", flat=True))
    if requested is None:
        if not enabled:
            raise ApplicationError("No connector is enabled", code="no_connector")
        return enabled
    unknown = [kind for kind in requested if kind not in ConnectorKind.values]
    if unknown:
        raise ApplicationError(f"Unknown connector: {', '.join(unknown)}", code="unknown_connector")
    disabled = [kind for kind in requested if kind not in enabled]
    if disabled:
        raise ApplicationError(f"Connector disabled: {', '.join(disabled)}", code="connector_disabled")
    return list(dict.fromkeys(requested))


def _open_run(*, claim: Claim, kind: str, trigger: str, user) -> CorroborationRun:
    """The claim's queued/running run for ``kind``, or a new queued one (the unique constraint decides)."""
    open_runs = CorroborationRun.objects.filter(
        claim=claim, connector=kind, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    )
    existing = open_runs.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a savepoint: a concurrent request may create the same run
            return CorroborationRun.objects.create(claim=claim, connector=kind, trigger=trigger, requested_by=user)
    except IntegrityError:
        return open_runs.get()
