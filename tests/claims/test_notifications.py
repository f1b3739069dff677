"""Emails to reviewers, and editors managing webhook subscriptions in the admin."""

from __future__ import annotations

import pytest
from django.core import mail

from claims.models import WebhookEvent, WebhookSubscription
from claims.services import workflow as wf
from claims.services.notifications import claim_new_evidence_notify, notification_email_send
from tests.claims.workflow_support import claim_with_evidence, published_verdict
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CLAIMTRACK_PUBLIC_BASE_URL = "https://desk.example.org"


@pytest.mark.django_db
def test_the_assignee_gets_an_email_once_the_assignment_commits(reviewer, django_capture_on_commit_callbacks):
    claim, _ = claim_with_evidence()
    wf.claim_accept(claim=claim, user=reviewer)
    with django_capture_on_commit_callbacks() as callbacks:
        wf.claim_assign(claim=claim, user=reviewer, assignee=reviewer)
    assert len(callbacks) == 1  # the email job; no subscription, so no webhook job

    assert notification_email_send(kind="assigned", claim_id=claim.pk) == 1

    (message,) = mail.outbox
    assert message.to == [reviewer.email]
    assert message.subject == f"Claim #{claim.pk} was assigned to you"
    assert claim.statement in message.body
    assert f"https://desk.example.org/admin/claims/claim/{claim.pk}/change/" in message.body


@pytest.mark.django_db
def test_everyone_who_reviewed_a_claim_hears_about_new_evidence(reviewer, editor, second_reviewer):
    verdict = published_verdict(reviewer, editor)
    UserFactory(username="no-mail", email="", role="reviewer")

    assert notification_email_send(kind="new_evidence", claim_id=verdict.claim_id) == 2

    assert sorted(m.to[0] for m in mail.outbox) == sorted([reviewer.email, editor.email])
    assert all("New evidence on claim" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_new_evidence_emits_a_webhook_and_an_email_job(reviewer, editor, django_capture_on_commit_callbacks):
    verdict = published_verdict(reviewer, editor)
    WebhookSubscription.objects.create(url="https://hooks.example.org/", events=[WebhookEvent.NEW_EVIDENCE])
    with django_capture_on_commit_callbacks() as callbacks:
        claim_new_evidence_notify(claim=verdict.claim)
    assert len(callbacks) == 2
    assert WebhookSubscription.objects.get().deliveries.get().event == "claim.new_evidence"


@pytest.mark.django_db
def test_no_email_for_a_claim_that_is_gone_or_an_unknown_kind(reviewer):
    assert notification_email_send(kind="assigned", claim_id=999_999) == 0
    claim, _ = claim_with_evidence()
    with pytest.raises(ValueError, match="unknown notification"):
        notification_email_send(kind="birthday", claim_id=claim.pk)
    assert mail.outbox == []


@pytest.mark.django_db
def test_editors_add_webhook_subscriptions_in_the_admin_and_reviewers_cannot(client, editor, reviewer):
    client.force_login(reviewer)
    assert client.get("/admin/claims/webhooksubscription/").status_code == 403

    client.force_login(editor)
    form = {"url": "https://hooks.example.org/claimtrack", "events": ["verdict.published"], "active": "on"}
    response = client.post("/admin/claims/webhooksubscription/add/", {**form, "secret": "abc"})

    assert response.status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert (subscription.events, subscription.created_by) == (["verdict.published"], editor)


@pytest.mark.django_db
def test_the_admin_refuses_a_subscription_without_events_or_with_a_bad_url(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/claims/webhooksubscription/add/", {"url": "ftp://hooks.example.org/", "events": [], "secret": "x"}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"url", "events"}
    assert WebhookSubscription.objects.count() == 0


@pytest.mark.django_db
def test_corroboration_notifies_once_when_it_first_flags_new_evidence(reviewer, editor):
    from claims.corroboration import _flag_new_evidence

    verdict = published_verdict(reviewer, editor)
    WebhookSubscription.objects.create(url="https://hooks.example.org/", events=[WebhookEvent.NEW_EVIDENCE])

    _flag_new_evidence(claim_id=verdict.claim_id)
    _flag_new_evidence(claim_id=verdict.claim_id)  # more evidence later: already flagged, no second event

    (delivery,) = WebhookSubscription.objects.get().deliveries.all()
    assert delivery.payload["data"]["claim"]["new_evidence_since_verdict"] is True
    verdict.claim.refresh_from_db()
    assert verdict.claim.new_evidence_since_verdict
