"""Each role against each API action: the same answers as the admin gives (roles in claims/roles.py).

Anonymous -> 401. No role -> 403 on collections, 404 on objects (existence is private).
Viewer reads. Reviewer edits claims and evidence and proposes. Editor approves, publishes, retracts,
manages connectors and feeds. Admin does everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from claims.models import ClaimStatus, Decision, Evidence, VerdictStatus
from sources.models import Connector, Feed
from tests.api_support import error_of
from tests.claims.workflow_support import approved_verdict, claim_in_review, proposed_verdict, published_verdict
from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "viewer", "reviewer", "editor", "admin_user"]


@dataclass
class Call:
    method: str
    url: str
    body: dict | None = None
    if_match: str | None = None


def _claim_call(verb: str, body: dict | None = None, method: str = "post", status: str | None = None):
    def build(people):
        claim = ClaimFactory(status=status or (ClaimStatus.ACCEPTED if verb == "assign" else ClaimStatus.CANDIDATE))
        return Call(method, f"/api/v1/claims/{claim.pk}/{verb}/", body(people) if callable(body) else body, '"1"')

    return build


def _verdict_call(verb: str, make, body: dict | None = None):
    def build(people):
        verdict = make(people)
        return Call("post", f"/api/v1/verdicts/{verdict.pk}/{verb}/", body, f'"{verdict.version}"')

    return build


def _propose(people):
    claim, evidence = claim_in_review(people["second_reviewer"])
    body = {"claim": claim.pk, "claim_version": claim.version, "rating": "false", "cited_evidence": [evidence.pk]}
    body["rationale"] = "Figures differ."
    return Call("post", "/api/v1/verdicts/", body)


def _decide(people):
    evidence = EvidenceFactory()
    return Call("post", f"/api/v1/evidence/{evidence.pk}/decide/", {"decision": Decision.ACCEPTED})


ACTIONS = {
    "claims.list": (lambda p: Call("get", "/api/v1/claims/"), "list"),
    "claims.detail": (lambda p: Call("get", f"/api/v1/claims/{ClaimFactory().pk}/"), "read"),
    "claims.accept": (_claim_call("accept"), "review"),
    "claims.reject": (_claim_call("reject", {"reason": "Opinion, not a fact."}), "review"),
    "claims.assign": (_claim_call("assign", lambda p: {"assignee": p["second_reviewer"].pk}), "review"),
    "claims.tags": (_claim_call("tags", {"tags": ["economy"]}, method="put"), "review"),
    "evidence.decide": (_decide, "review"),
    "verdicts.propose": (_propose, "review_collection"),
    "verdicts.approve": (_verdict_call("approve", lambda p: proposed_verdict(p["second_reviewer"])), "edit"),
    "verdicts.publish": (
        _verdict_call("publish", lambda p: approved_verdict(p["second_reviewer"], p["second_editor"])),
        "edit",
    ),
    "verdicts.retract": (
        _verdict_call(
            "retract", lambda p: published_verdict(p["second_reviewer"], p["second_editor"]), {"reason": "Wrong."}
        ),
        "edit",
    ),
    "verdicts.send_back": (
        _verdict_call("send-back", lambda p: proposed_verdict(p["second_reviewer"]), {"reason": "Cite the table."}),
        "edit",
    ),
    "verdicts.reopen": (
        _verdict_call(
            "reopen", lambda p: published_verdict(p["second_reviewer"], p["second_editor"]), {"reason": "New data."}
        ),
        "edit",
    ),
    "claims.corroborate": (
        _claim_call("corroborate", {"connectors": ["wikipedia"]}, status=ClaimStatus.ACCEPTED),
        "review_accepted",
    ),
    "claims.urls": (
        _claim_call("urls", {"url": "https://news.example.org/report"}, status=ClaimStatus.ACCEPTED),
        "review_accepted",
    ),
    "articles.submit": (
        lambda p: Call("post", "/api/v1/articles/", {"url": "https://news.example.org/new-story"}),
        "review_collection_accepted",
    ),
    "documents.submit": (
        lambda p: Call("post", "/api/v1/documents/", {"url": "https://news.example.org/evidence"}),
        "edit_collection_accepted",
    ),
    "feeds.update": (
        lambda p: Call(
            "patch", f"/api/v1/feeds/{Feed.objects.create(url='https://example.org/a.xml').pk}/", {"enabled": False}
        ),
        "edit",
    ),
    "feeds.delete": (
        lambda p: Call("delete", f"/api/v1/feeds/{Feed.objects.create(url='https://example.org/b.xml').pk}/"),
        "edit_deleted",
    ),
    "connectors.update": (
        lambda p: Call("patch", f"/api/v1/connectors/{Connector.objects.get(kind='gdelt').pk}/", {"enabled": False}),
        "edit",
    ),
    "feeds.create": (lambda p: Call("post", "/api/v1/feeds/", {"url": "https://example.org/rss"}), "edit_collection"),
    "match": (lambda p: Call("get", "/api/v1/match/?q=unemployment+fell"), "list"),
    "claim-reviews": (lambda p: Call("get", "/api/v1/claim-reviews/"), "public"),
}

# kind of action -> expected status per role
EXPECTED = {
    "public": dict.fromkeys(ROLES, 200),
    "list": {"anonymous": 401, "outsider": 403, "viewer": 200, "reviewer": 200, "editor": 200, "admin_user": 200},
    "read": {"anonymous": 401, "outsider": 404, "viewer": 200, "reviewer": 200, "editor": 200, "admin_user": 200},
    "review": {"anonymous": 401, "outsider": 404, "viewer": 403, "reviewer": 200, "editor": 200, "admin_user": 200},
    "review_collection": {
        "anonymous": 401,
        "outsider": 403,
        "viewer": 403,
        "reviewer": 201,
        "editor": 201,
        "admin_user": 201,
    },
    "edit": {"anonymous": 401, "outsider": 404, "viewer": 403, "reviewer": 403, "editor": 200, "admin_user": 200},
    "review_accepted": {
        "anonymous": 401,
        "outsider": 404,
        "viewer": 403,
        "reviewer": 202,
        "editor": 202,
        "admin_user": 202,
    },
    "review_collection_accepted": {
        "anonymous": 401,
        "outsider": 403,
        "viewer": 403,
        "reviewer": 202,
        "editor": 202,
        "admin_user": 202,
    },
    "edit_collection_accepted": {
        "anonymous": 401,
        "outsider": 403,
        "viewer": 403,
        "reviewer": 403,
        "editor": 202,
        "admin_user": 202,
    },
    "edit_deleted": {
        "anonymous": 401,
        "outsider": 404,
        "viewer": 403,
        "reviewer": 403,
        "editor": 204,
        "admin_user": 204,
    },
    "edit_collection": {
        "anonymous": 401,
        "outsider": 403,
        "viewer": 403,
        "reviewer": 403,
        "editor": 201,
        "admin_user": 201,
    },
}

CASES = [(action, role) for action in ACTIONS for role in ROLES]


PERSONAS = ["outsider", "viewer", "reviewer", "second_reviewer", "editor", "second_editor", "admin_user"]


@pytest.fixture
def people(request):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def _send(client: APIClient, call: Call):
    headers = {"HTTP_IF_MATCH": call.if_match} if call.if_match else {}
    return getattr(client, call.method)(call.url, call.body, format="json", **headers)


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a}-{r}" for a, r in CASES])
def test_role_gets_the_status_the_matrix_says(action, role, people):
    build, kind = ACTIONS[action]
    call = build(people)
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(people[role])
    response = _send(client, call)
    expected = EXPECTED[kind][role]
    assert response.status_code == expected, (action, role, response.content)
    if expected >= 400:
        error_of(response)


def test_a_refused_action_changes_nothing(people):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim)
    viewer = APIClient()
    viewer.force_authenticate(people["viewer"])
    assert viewer.post(f"/api/v1/claims/{claim.pk}/accept/", HTTP_IF_MATCH='"1"').status_code == 403
    decide = viewer.post(f"/api/v1/evidence/{evidence.pk}/decide/", {"decision": "accepted"}, format="json")
    assert decide.status_code == 403
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.CANDIDATE, 1)
    assert Evidence.objects.get(pk=evidence.pk).decision == Decision.PENDING
    assert not Feed.objects.exists()


def test_the_author_of_a_verdict_cannot_approve_it_even_as_editor(editor, second_editor):
    verdict = proposed_verdict(editor)
    client = APIClient()
    client.force_authenticate(editor)
    response = client.post(f"/api/v1/verdicts/{verdict.pk}/approve/", HTTP_IF_MATCH=f'"{verdict.version}"')
    assert response.status_code in {403, 409}
    assert error_of(response)["code"] not in {"invalid", "not_found"}
    verdict.refresh_from_db()
    assert verdict.status == VerdictStatus.PROPOSED


def test_unpublished_verdicts_are_not_in_the_public_feed(api_client, reviewer, editor):
    verdict = proposed_verdict(reviewer)
    assert api_client.get("/api/v1/claim-reviews/").json()["results"] == []
    assert api_client.get(f"/api/v1/claim-reviews/{verdict.pk}/").status_code == 404
