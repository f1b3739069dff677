"""API of the extras: imported reviews (read), webhook subscriptions (editors), deliveries (read)."""

from __future__ import annotations

import pytest

from claims.models import ExternalReviewSource, WebhookEvent, WebhookSubscription
from claims.services.external_reviews import ReviewRecord, external_reviews_import
from claims.services.notifications import event_emit
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

HOOK = {"url": "https://hooks.example.org/claimtrack", "events": ["verdict.published", "claim.assigned"]}


def test_reviewers_list_the_imported_reviews_matched_to_a_claim(client_for, reviewer):
    claim = ClaimFactory(statement="Exports doubled since 2020 according to the ministry.")
    external_reviews_import(
        records=[
            ReviewRecord(url="https://a.example/1", claim_text=claim.statement, rating_text="False"),
            ReviewRecord(url="https://a.example/2", claim_text="Something else entirely", rating_text="True"),
        ],
        source=ExternalReviewSource.FILE,
    )

    response = client_for(reviewer).get(f"/api/v1/external-reviews/?matched_claim={claim.pk}")

    assert response.status_code == 200
    (item,) = response.json()["results"]
    assert (item["url"], item["rating_text"], item["matched_claim"]) == ("https://a.example/1", "False", claim.pk)
    assert client_for(reviewer).get("/api/v1/external-reviews/?matched=false").json()["results"][0]["url"] == (
        "https://a.example/2"
    )


def test_an_editor_creates_a_subscription_and_sees_its_secret_once(client_for, editor):
    response = client_for(editor).post("/api/v1/webhook-subscriptions/", HOOK, format="json")

    assert response.status_code == 201
    subscription = WebhookSubscription.objects.get()
    assert response.json()["secret"] == subscription.secret
    assert (subscription.events, subscription.created_by) == (["claim.assigned", "verdict.published"], editor)
    listed = client_for(editor).get("/api/v1/webhook-subscriptions/").json()["results"]
    assert "secret" not in listed[0]


def test_reviewers_can_neither_see_nor_manage_subscriptions(client_for, reviewer):
    assert client_for(reviewer).post("/api/v1/webhook-subscriptions/", HOOK, format="json").status_code == 403
    assert client_for(reviewer).get("/api/v1/webhook-subscriptions/").status_code == 403
    assert WebhookSubscription.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**HOOK, "url": "ftp://hooks.example.org/"}, "url"),
        ({**HOOK, "events": []}, "events"),
        ({**HOOK, "events": ["verdict.deleted"]}, "events"),
        ({**HOOK, "colour": "red"}, "colour"),
    ],
)
def test_a_bad_subscription_is_a_400_naming_the_field_and_writes_nothing(client_for, editor, body, field):
    response = client_for(editor).post("/api/v1/webhook-subscriptions/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert WebhookSubscription.objects.count() == 0


def test_editors_read_deliveries_with_their_attempts(client_for, editor):
    subscription = WebhookSubscription.objects.create(url=HOOK["url"], events=[WebhookEvent.CLAIM_ASSIGNED])
    event_emit(kind=WebhookEvent.CLAIM_ASSIGNED, payload={"claim": {"id": 1}})

    response = client_for(editor).get(f"/api/v1/webhook-deliveries/?subscription={subscription.pk}")

    assert response.status_code == 200
    (delivery,) = response.json()["results"]
    assert (delivery["event"], delivery["status"], delivery["attempt_log"]) == ("claim.assigned", "pending", [])
    assert delivery["payload"]["data"] == {"claim": {"id": 1}}
