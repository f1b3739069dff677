"""What the workflow tells the outside world: webhook events and emails to reviewers.

The workflow services call the ``*_notify`` functions inside their transaction; webhooks and emails
leave only after it commits (Celery jobs enqueued with ``transaction.on_commit``), so a rolled-back
action notifies nobody.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from claims.models import Claim, Verdict, WebhookDelivery, WebhookEvent
from claims.services.webhooks import webhook_deliveries_create


def event_emit(*, kind: WebhookEvent, payload: dict) -> list[WebhookDelivery]:
    """Send ``payload`` as event ``kind`` to every active subscription to it (after commit)."""
    return webhook_deliveries_create(event=kind, payload=payload)


def verdict_published_notify(*, verdict: Verdict) -> None:
    event_emit(kind=WebhookEvent.VERDICT_PUBLISHED, payload=verdict_payload(verdict=verdict))


def verdict_changed_notify(*, verdict: Verdict, change: str) -> None:
    """``change`` says what happened to the published verdict: ``retracted`` or ``reopened``."""
    event_emit(kind=WebhookEvent.VERDICT_CHANGED, payload={**verdict_payload(verdict=verdict), "change": change})


def claim_assigned_notify(*, claim: Claim) -> None:
    """Webhook ``claim.assigned`` and an email to the assignee."""
    event_emit(kind=WebhookEvent.CLAIM_ASSIGNED, payload=claim_payload(claim=claim))
    from claims.tasks import notification_email_task

    transaction.on_commit(lambda: notification_email_task.delay("assigned", claim.pk))


def claim_new_evidence_notify(*, claim: Claim) -> None:
    """Webhook ``claim.new_evidence`` and an email to the claim's reviewers (call when evidence arrives
    for a claim that already has a verdict, i.e. when ``new_evidence_since_verdict`` becomes true)."""
    event_emit(kind=WebhookEvent.NEW_EVIDENCE, payload=claim_payload(claim=claim))
    from claims.tasks import notification_email_task

    transaction.on_commit(lambda: notification_email_task.delay("new_evidence", claim.pk))


# --- payloads --------------------------------------------------------------------------------------


def claim_payload(*, claim: Claim) -> dict:
    return {
        "claim": {
            "id": claim.pk,
            "statement": claim.statement,
            "status": claim.status,
            "speaker": claim.speaker.name if claim.speaker_id else None,
            "assignee": claim.assignee.get_username() if claim.assignee_id else None,
            "new_evidence_since_verdict": claim.new_evidence_since_verdict,
            "admin_url": _absolute(f"/admin/claims/claim/{claim.pk}/change/"),
        }
    }


def verdict_payload(*, verdict: Verdict) -> dict:
    public = verdict.published_at is not None
    return {
        **claim_payload(claim=verdict.claim),
        "verdict": {
            "id": verdict.pk,
            "status": verdict.status,
            "rating": verdict.rating.label,
            "rating_value": verdict.rating.rating_value,
            "published_at": verdict.published_at.isoformat() if public else None,
            "retracted_at": verdict.retracted_at.isoformat() if verdict.retracted_at else None,
            "retraction_reason": verdict.retraction_reason,
            "review_url": _absolute(f"/claim-reviews/{verdict.pk}/") if public else None,
        },
    }


def _absolute(path: str) -> str:
    return settings.CLAIMTRACK_PUBLIC_BASE_URL.rstrip("/") + path


# --- emails ----------------------------------------------------------------------------------------


def notification_email_send(*, kind: str, claim_id: int) -> int:
    """Send the ``assigned`` or ``new_evidence`` email for a claim; returns how many were sent."""
    claim = Claim.objects.select_related("assignee", "speaker").filter(pk=claim_id).first()
    if claim is None:
        return 0
    if kind == "assigned":
        recipients = [claim.assignee] if claim.assignee_id else []
        subject = f"Claim #{claim.pk} was assigned to you"
        intro = "A claim was assigned to you for review:"
    elif kind == "new_evidence":
        recipients = claim_reviewers(claim=claim)
        subject = f"New evidence on claim #{claim.pk}, which has a verdict"
        intro = "New evidence was found for a claim you reviewed. Check whether the verdict still holds:"
    else:
        raise ValueError(f"unknown notification {kind!r}")
    body = f"{intro}\n\n{claim.statement}\n\n{_absolute(f'/admin/claims/claim/{claim.pk}/change/')}\n"
    sent = 0
    for user in recipients:
        if user.is_active and user.email:
            sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent


def claim_reviewers(*, claim: Claim) -> list:
    """The people who reviewed ``claim``: its assignee and the authors and approvers of its verdicts."""
    ids = {claim.assignee_id} if claim.assignee_id else set()
    for author_id, approver_id in claim.verdicts.values_list("author_id", "approver_id"):
        ids |= {author_id, approver_id} - {None}
    return list(get_user_model().objects.filter(pk__in=ids).order_by("pk"))
