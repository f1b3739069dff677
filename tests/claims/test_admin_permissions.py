"""The permission matrix in the admin: each role against each action, checked by the database state after."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Decision, Evidence, RatingLabel, Verdict, VerdictStatus
from sources.models import Connector, ConnectorKind, Feed
from tests.claims.workflow_support import (
    approved_verdict,
    claim_in_review,
    claim_with_evidence,
    proposed_verdict,
    published_verdict,
)
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["viewer", "reviewer", "editor", "admin"]


@pytest.fixture
def author(db):
    """Someone else who wrote the verdicts the matrix tries to approve, publish or retract."""
    return UserFactory(username="aaron-author", role="reviewer")


@pytest.fixture
def approver(db):
    return UserFactory(username="abby-approver", role="editor")


@pytest.fixture
def people(viewer, reviewer, editor):
    # The admin role as a group member (not a superuser), so the group's permissions are what is tested.
    return {"viewer": viewer, "reviewer": reviewer, "editor": editor, "admin": UserFactory(username="al", role="admin")}


def workflow(client, claim, action, **data):
    return client.post(reverse("admin:claims_claim_workflow", args=[claim.pk, action]), data)


def do_accept(client, user, author, approver):
    claim = ClaimFactory()
    workflow(client, claim, "accept")
    return Claim.objects.get(pk=claim.pk).status == ClaimStatus.ACCEPTED


def do_reject(client, user, author, approver):
    claim = ClaimFactory()
    workflow(client, claim, "reject", reason="Opinion")
    return Claim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED


def do_assign(client, user, author, approver):
    claim = ClaimFactory(status=ClaimStatus.ACCEPTED)
    workflow(client, claim, "assign", assignee=author.pk)
    return Claim.objects.get(pk=claim.pk).assignee == author


def do_edit_claim(client, user, author, approver):
    claim = ClaimFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.post(url, {"statement": "Reworded.", "speaker": claim.speaker_id, "expected_version": 1})
    return Claim.objects.get(pk=claim.pk).statement == "Reworded."


def do_decide_evidence(client, user, author, approver):
    claim, evidence = claim_with_evidence()
    workflow(client, claim, "accept-evidence", evidence=evidence.pk)
    return Evidence.objects.get(pk=evidence.pk).decision == Decision.ACCEPTED


def do_propose(client, user, author, approver):
    claim, evidence = claim_in_review(author)
    rating = RatingLabel.objects.get(slug="true").pk
    workflow(client, claim, "propose", rating=rating, rationale="Checks out.", evidence_ids=[evidence.pk])
    return Verdict.objects.filter(claim=claim, status=VerdictStatus.PROPOSED).exists()


def do_approve(client, user, author, approver):
    verdict = proposed_verdict(author)
    workflow(client, verdict.claim, "approve", verdict=verdict.pk)
    return Verdict.objects.get(pk=verdict.pk).status == VerdictStatus.APPROVED


def do_publish(client, user, author, approver):
    verdict = approved_verdict(author, approver)
    workflow(client, verdict.claim, "publish", verdict=verdict.pk)
    return Verdict.objects.get(pk=verdict.pk).status == VerdictStatus.PUBLISHED


def do_retract(client, user, author, approver):
    verdict = published_verdict(author, approver)
    workflow(client, verdict.claim, "retract", verdict=verdict.pk, reason="Wrong figure")
    return Verdict.objects.get(pk=verdict.pk).status == VerdictStatus.RETRACTED


def do_change_connector(client, user, author, approver):
    connector = Connector.objects.get(kind=ConnectorKind.WIKIPEDIA)
    url = reverse("admin:sources_connector_change", args=[connector.pk])
    data = {"enabled": "", "base_url": connector.base_url, "api_key": "", "max_results": 7, "options": "{}"}
    client.post(url, data)
    return Connector.objects.get(pk=connector.pk).max_results == 7


def do_add_feed(client, user, author, approver):
    client.post(
        reverse("admin:sources_feed_add"), {"url": "https://feeds.example.org/rss", "title": "F", "enabled": "on"}
    )
    return Feed.objects.filter(url="https://feeds.example.org/rss").exists()


def do_change_rating_scale(client, user, author, approver):
    label = RatingLabel.objects.get(slug="half-true")
    url = reverse("admin:claims_ratinglabel_change", args=[label.pk])
    data = {"slug": "half-true", "label": "Half right", "rating_value": 3, "description": "", "position": 2}
    client.post(url, {**data, "is_active": "on"})
    return RatingLabel.objects.get(pk=label.pk).label == "Half right"


# action -> the roles allowed to do it
MATRIX = {
    do_accept: {"reviewer", "editor", "admin"},
    do_reject: {"reviewer", "editor", "admin"},
    do_assign: {"reviewer", "editor", "admin"},
    do_edit_claim: {"reviewer", "editor", "admin"},
    do_decide_evidence: {"reviewer", "editor", "admin"},
    do_propose: {"reviewer", "editor", "admin"},
    do_approve: {"editor", "admin"},
    do_publish: {"editor", "admin"},
    do_retract: {"editor", "admin"},
    do_change_connector: {"editor", "admin"},
    do_add_feed: {"editor", "admin"},
    do_change_rating_scale: {"admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX), ids=lambda f: f.__name__.removeprefix("do_"))
def test_permission_matrix(action, role, people, author, approver):
    user = people[role]
    client = Client()
    client.force_login(user)
    assert action(client, user, author, approver) is (role in MATRIX[action])


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_read_the_review_pages(role, people):
    claim, _ = claim_with_evidence()
    client = Client()
    client.force_login(people[role])
    for url in [
        "/admin/claims/claim/",
        reverse("admin:claims_claim_change", args=[claim.pk]),
        "/admin/claims/corroborationrun/",
        "/admin/sources/passage/",
        "/admin/sources/connector/",
        "/admin/claims/ratinglabel/",
    ]:
        assert client.get(url).status_code == 200, url


def test_a_viewer_sees_no_workflow_buttons(viewer):
    claim, _ = claim_with_evidence()
    client = Client()
    client.force_login(viewer)
    html = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert 'id="action-accept"' not in html and "accept-evidence" not in html
    assert 'name="_save"' not in html


def test_someone_without_a_role_cannot_open_the_admin(outsider):
    claim = ClaimFactory()
    client = Client()
    client.force_login(outsider)
    assert client.get("/admin/claims/claim/").status_code == 302
    workflow(client, claim, "accept")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.CANDIDATE


def test_nobody_writes_passages_or_runs_through_the_admin(people):
    client = Client()
    client.force_login(people["admin"])
    assert client.get("/admin/sources/passage/add/").status_code == 403
    assert client.get("/admin/claims/corroborationrun/add/").status_code == 403


def past_version_url(obj) -> str:
    meta = obj._meta
    return reverse(
        f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[obj.pk, obj.history.earliest().history_id]
    )


@pytest.mark.parametrize("role", ROLES)
def test_nobody_rewrites_a_published_verdict_through_its_past_version_page(role, people, author, approver):
    verdict = published_verdict(author, approver)
    client = Client()
    client.force_login(people[role])
    url = past_version_url(verdict)
    assert client.get(url).status_code == 200  # past versions stay readable
    response = client.post(
        url,
        {
            "claim": verdict.claim_id,
            "rating": verdict.rating_id,
            "rationale": "Rewritten from the history page.",
            "cited_evidence": ",".join(str(pk) for pk in verdict.cited_evidence.values_list("pk", flat=True)),
            "author": verdict.author_id,
            "approver": verdict.approver_id,
            "status": VerdictStatus.PUBLISHED,
            "published_at_0": verdict.published_at.date().isoformat(),
            "published_at_1": "00:00:00",
            "retraction_reason": "",
            "version": verdict.version,
        },
    )
    assert response.status_code == 403
    assert Verdict.objects.get(pk=verdict.pk).rationale == verdict.rationale


@pytest.mark.parametrize("role", ROLES)
def test_nobody_changes_an_evidence_decision_through_its_past_version_page(role, people, author):
    _, evidence = claim_in_review(author)
    evidence.refresh_from_db()
    client = Client()
    client.force_login(people[role])
    response = client.post(
        past_version_url(evidence),
        {
            "claim": evidence.claim_id,
            "passage": evidence.passage_id,
            "score": evidence.score,
            "rank": evidence.rank,
            "suggested_stance": evidence.suggested_stance,
            "decision": Decision.DISMISSED,
            "decided_by": people[role].pk,
            "decided_at_0": "2025-01-01",
            "decided_at_1": "00:00:00",
            "note": "from the history page",
        },
    )
    assert response.status_code == 403
    assert Evidence.objects.get(pk=evidence.pk).decision == Decision.ACCEPTED


def test_a_claim_is_not_reverted_from_its_past_version_page(reviewer):
    claim = ClaimFactory(statement="Unemployment fell to 4.1% in 2024.")
    client = Client()
    client.force_login(reviewer)
    url = past_version_url(claim)
    client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        {
            "statement": "Unemployment fell to 4.2% in 2024.",
            "speaker": "",
            "expected_version": claim.version,
            "tag_names": "",
        },
    )
    assert Claim.objects.get(pk=claim.pk).statement == "Unemployment fell to 4.2% in 2024."
    page = client.get(url)
    assert page.status_code == 200 and "Revert" not in page.content.decode()
    response = client.post(
        url, {"statement": "Unemployment fell to 4.1% in 2024.", "speaker": "", "expected_version": 1, "tag_names": ""}
    )
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).statement == "Unemployment fell to 4.2% in 2024."
