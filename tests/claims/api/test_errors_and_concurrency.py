"""One error format for every 4xx/5xx; ETags, If-Match (412 stale, 428 missing); throttling; CSRF."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import ClaimStatus, Verdict, VerdictStatus
from claims.services import workflow
from claimtrack import api
from claimtrack.exceptions import ApplicationError
from tests.api_support import error_of
from tests.claims.workflow_support import proposed_verdict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_anonymous_clients_get_401_with_the_error_format(api_client):
    response = api_client.get("/api/v1/claims/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_bad_token_is_401(api_client):
    response = api_client.get("/api/v1/claims/", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_a_token_from_the_token_endpoint_authenticates(api_client, viewer):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": viewer.username, "password": "correct horse battery staple"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=viewer).key == token
    listed = APIClient().get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listed.status_code == 200


def test_a_wrong_password_gets_400_with_field_errors_and_no_token(api_client, viewer):
    response = api_client.post("/api/v1/auth/token/", {"username": viewer.username, "password": "x"}, format="json")
    assert response.status_code == 400
    assert error_of(response)["fields"]
    assert not Token.objects.exists()


def test_session_clients_must_send_the_csrf_token(viewer, reviewer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(reviewer)
    claim = ClaimFactory()
    response = client.post(f"/api/v1/claims/{claim.pk}/accept/", HTTP_IF_MATCH='"1"')
    assert response.status_code == 403
    assert "CSRF" in error_of(response)["message"]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CANDIDATE


def test_unknown_api_paths_are_404_in_the_error_format(client_for, viewer):
    response = client_for(viewer).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_missing_object_is_404(client_for, viewer):
    response = client_for(viewer).get("/api/v1/claims/999999/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_wrong_method_is_405(client_for, editor):
    claim = ClaimFactory()
    response = client_for(editor).delete(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_an_unexpected_exception_is_a_500_that_reveals_nothing():
    response = api.exception_handler(RuntimeError("database password is hunter2"), {"view": None})
    assert response.status_code == 500
    assert response.data == api.error_body("server_error", "Internal server error.")


def test_django_level_errors_on_api_paths_use_the_error_format():
    request = RequestFactory().get("/api/v1/claims/")
    response = api.handler500(request)
    assert response.status_code == 500
    assert json.loads(response.content)["error"]["code"] == "server_error"
    response = api.handler400(request)
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["code"] == "bad_request"


def test_clients_beyond_their_rate_get_429_with_retry_after(client_for, viewer, settings):
    settings.API_THROTTLE_USER = "3/minute"
    client = client_for(viewer)
    statuses = [client.get("/api/v1/claims/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/claims/")
    assert error_of(response)["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_anonymous_clients_are_throttled_on_the_public_feed(api_client, settings):
    settings.API_THROTTLE_ANON = "2/minute"
    statuses = [api_client.get("/api/v1/claim-reviews/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


# --- Optimistic concurrency ----------------------------------------------------------------------
def test_claim_detail_carries_its_version_as_etag(client_for, viewer):
    claim = ClaimFactory(version=4)
    response = client_for(viewer).get(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == '"4"'


def test_a_claim_change_without_if_match_is_428_and_changes_nothing(client_for, reviewer):
    claim = ClaimFactory()
    response = client_for(reviewer).post(f"/api/v1/claims/{claim.pk}/accept/")
    assert response.status_code == 428
    assert error_of(response)["code"] == "precondition_required"
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.CANDIDATE, 1)


def test_if_match_star_is_not_enough(client_for, reviewer):
    claim = ClaimFactory()
    response = client_for(reviewer).post(f"/api/v1/claims/{claim.pk}/accept/", HTTP_IF_MATCH="*")
    assert response.status_code == 428
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CANDIDATE


def test_of_two_reviewers_editing_the_same_version_the_second_gets_412(client_for, reviewer, second_reviewer):
    claim = ClaimFactory()
    etag = client_for(reviewer).get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    first = client_for(reviewer).put(
        f"/api/v1/claims/{claim.pk}/tags/", {"tags": ["economy"]}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200
    assert first["ETag"] == '"2"'
    second = client_for(second_reviewer).put(
        f"/api/v1/claims/{claim.pk}/tags/", {"tags": ["health"]}, format="json", HTTP_IF_MATCH=etag
    )
    assert second.status_code == 412
    assert error_of(second)["code"] == "precondition_failed"
    assert list(claim.tags.values_list("name", flat=True)) == ["economy"]


def test_a_verdict_change_with_a_stale_etag_is_412_and_without_one_428(client_for, reviewer, editor):
    verdict = proposed_verdict(reviewer)
    url = f"/api/v1/verdicts/{verdict.pk}/"
    read = client_for(reviewer).get(url)
    assert read["ETag"] == f'"{verdict.version}"'
    edited = client_for(reviewer).patch(
        url, {"rationale": "Updated figures."}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert edited.status_code == 200, edited.content
    stale = client_for(editor).post(f"{url}approve/", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412
    missing = client_for(editor).post(f"{url}approve/")
    assert missing.status_code == 428
    verdict.refresh_from_db()
    assert (verdict.status, verdict.rationale, verdict.approver) == (VerdictStatus.PROPOSED, "Updated figures.", None)


def test_a_claim_reworded_after_the_editor_read_its_proposed_verdict_is_not_approved_unread(
    client_for, reviewer, editor
):
    verdict = proposed_verdict(reviewer)
    url = f"/api/v1/verdicts/{verdict.pk}/"
    read = client_for(editor).get(url)
    # Reworded on the claim page (the admin) while the editor reads the verdict.
    workflow.claim_update(
        claim=verdict.claim_id, user=reviewer, statement="Unemployment doubled in 2024.", speaker=None
    )
    stale = client_for(editor).post(f"{url}approve/", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412
    assert Verdict.objects.get(pk=verdict.pk).status == VerdictStatus.PROPOSED
    reread = client_for(editor).get(url)
    assert client_for(editor).post(f"{url}approve/", HTTP_IF_MATCH=reread["ETag"]).status_code == 200
    assert (
        Verdict.objects.get(pk=verdict.pk).history.filter(history_change_reason="claim edited while proposed").exists()
    )


def test_a_race_lost_inside_the_service_is_answered_412(reviewer):
    """If-Match passed, then someone else wrote before the service locked the row: the service says stale."""
    claim = ClaimFactory(version=2)
    with pytest.raises(ApplicationError) as raised:
        workflow.claim_accept(claim=claim.pk, user=reviewer, expected_version=1)
    response = api.exception_handler(raised.value, {"view": None})
    assert response.status_code == 412
    assert response.data["error"]["code"] == "stale_version"
