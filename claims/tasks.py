"""Celery tasks of the claims app: thin wrappers that take ids and call a service."""

from __future__ import annotations

from celery import shared_task

# --- Webhooks and notifications (claims/services/webhooks.py, notifications.py) --------------------


@shared_task(name="claims.webhook_deliver")
def webhook_deliver_task(delivery_id: int) -> None:
    """Make the next attempt of a webhook delivery and schedule the one after, if it failed."""
    from claims.services.webhooks import webhook_delivery_attempt

    delay = webhook_delivery_attempt(delivery_id=delivery_id)
    if delay is not None:
        webhook_deliver_task.apply_async((delivery_id,), countdown=delay)


@shared_task(name="claims.webhook_deliveries_resume")
def webhook_deliveries_resume_task() -> None:
    """Periodic: pick up deliveries whose scheduled retry was lost."""
    from claims.services.webhooks import webhook_deliveries_resume

    webhook_deliveries_resume()


@shared_task(name="claims.notification_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_email_task(kind: str, claim_id: int) -> None:
    """Email reviewers about a claim (``assigned`` / ``new_evidence``); SMTP errors are retried."""
    from claims.services.notifications import notification_email_send

    notification_email_send(kind=kind, claim_id=claim_id)
