"""Bad input of every kind is a 400 (or 413/415) in the one error format, and writes nothing."""

from __future__ import annotations

import json

import pytest

from claims.models import Claim, ClaimStatus, Tag, Verdict
from sources.models import Feed
from tests.api_support import error_of
from tests.claims.workflow_support import claim_in_review
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _post_raw(client, url: str, body: bytes, content_type: str = "application/json", **headers):
    return client.generic("POST", url, body, content_type=content_type, **headers)


def test_it_refuses_malformed_json_and_leaves_the_claim_alone(client_for, reviewer):
    claim = ClaimFactory()
    response = _post_raw(
        client_for(reviewer), f"/api/v1/claims/{claim.pk}/reject/", b'{"reason": "dup', HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.CANDIDATE, 1)


def test_it_names_each_unknown_field_and_writes_nothing(client_for, editor):
    response = client_for(editor).post(
        "/api/v1/feeds/", {"url": "https://example.org/feed.xml", "colour": "red", "enabld": True}, format="json"
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert error["fields"] == {"colour": ["Unknown field."], "enabld": ["Unknown field."]}
    assert not Feed.objects.exists()


def test_it_refuses_wrong_types_with_field_errors(client_for, reviewer):
    claim = ClaimFactory()
    response = client_for(reviewer).put(
        f"/api/v1/claims/{claim.pk}/tags/", {"tags": "not-a-list"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400
    assert "tags" in error_of(response)["fields"]
    assert not Tag.objects.exists()
    assert claim.tags.count() == 0


def test_it_refuses_a_json_array_where_an_object_is_expected(client_for, reviewer):
    claim = ClaimFactory()
    response = _post_raw(client_for(reviewer), f"/api/v1/claims/{claim.pk}/reject/", b"[1, 2]", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400
    assert error_of(response)["fields"]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CANDIDATE


def test_it_refuses_an_oversized_body_with_413_and_writes_nothing(client_for, editor, settings):
    settings.API_MAX_BODY_BYTES = 2048
    body = json.dumps({"url": "https://example.org/feed.xml", "title": "x" * 5000}).encode()
    response = _post_raw(client_for(editor), "/api/v1/feeds/", body)
    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"
    assert not Feed.objects.exists()


def test_it_refuses_a_body_larger_than_declared_length_allows_even_without_the_header(client_for, editor, settings):
    """The cap applies to the bytes read, so a lying or missing Content-Length does not get around it."""
    from claimtrack.api import LimitedJSONParser, RequestTooLarge

    settings.API_MAX_BODY_BYTES = 1024
    import io

    class _Request:
        META: dict = {}

    with pytest.raises(RequestTooLarge):
        LimitedJSONParser().parse(io.BytesIO(b" " * 2000 + b"{}"), parser_context={"request": _Request()})


def test_it_refuses_other_media_types_with_415(client_for, editor):
    response = _post_raw(
        client_for(editor), "/api/v1/feeds/", b"url=https://example.org/f", "application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"
    assert not Feed.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("checkworthiness_min=high", "checkworthiness_min"),
        ("speaker=-3", "speaker"),
        ("speaker=1.5", "speaker"),
        ("assignee=2.5", "assignee"),
        ("new_evidence_since_verdict=perhaps", "new_evidence_since_verdict"),
        ("stauts=accepted", "stauts"),
        ("ordering=statement", "ordering"),
        ("ordering=-password", "ordering"),
        ("cursor=not-a-cursor", "cursor"),
        ("page_size=0", "page_size"),
        ("page_size=abc", "page_size"),
        ("page_size=100000", "page_size"),
    ],
)
def test_it_refuses_invalid_list_parameters_naming_the_parameter(client_for, viewer, query, field):
    ClaimFactory()
    response = client_for(viewer).get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/feeds/?enabled=maybe", "enabled"),
        ("/api/v1/external-reviews/?matched=banana", "matched"),
        ("/api/v1/external-reviews/?matched_claim=1.5", "matched_claim"),
        ("/api/v1/webhook-subscriptions/?colour=red", "colour"),
        ("/api/v1/webhook-deliveries/?subscription=0.5", "subscription"),
        ("/api/v1/runs/?claim=3.9", "claim"),
    ],
)
def test_every_list_refuses_a_bad_or_unknown_parameter_naming_it(client_for, editor, url, field):
    response = client_for(editor).get(url)
    assert response.status_code == 400, response.content
    assert list(error_of(response)["fields"]) == [field]


def test_it_refuses_a_verdict_with_an_unknown_rating_and_creates_nothing(client_for, reviewer):
    claim, evidence = claim_in_review(reviewer)
    payload = {
        "claim": claim.pk,
        "claim_version": claim.version,
        "rating": "pants-on-fire",
        "cited_evidence": [evidence.pk],
    }
    response = client_for(reviewer).post("/api/v1/verdicts/", payload, format="json")
    assert response.status_code == 400
    assert error_of(response)["fields"] == {"rating": ["Not an active rating label."]}
    assert not Verdict.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_REVIEW


def test_it_refuses_a_verdict_with_missing_and_mistyped_fields(client_for, reviewer):
    response = client_for(reviewer).post("/api/v1/verdicts/", {"claim": "one", "cited_evidence": "7"}, format="json")
    assert response.status_code == 400
    fields = error_of(response)["fields"]
    assert {"claim", "claim_version", "rating", "cited_evidence"} <= set(fields)
    assert not Verdict.objects.exists()


def test_a_forbidden_transition_is_a_409_in_the_same_format(client_for, reviewer):
    claim = ClaimFactory(status=ClaimStatus.CANDIDATE)
    response = client_for(reviewer).post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": reviewer.pk}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "forbidden_transition"
    claim.refresh_from_db()
    assert (claim.status, claim.assignee_id) == (ClaimStatus.CANDIDATE, None)
