"""A reviewer adds a page to a claim; the URL connector's run fetches it and ranks its passages."""

from __future__ import annotations

import pytest

from claims.corroboration import claim_url_add, run_execute
from claims.models import ClaimStatus, ClaimURL, CorroborationRun, RunStatus
from sources.models import Connector, Document
from tests.api_support import error_of
from tests.factories import ClaimFactory
from tests.support.fetch_support import MappingResolver, fetch_environment

pytestmark = pytest.mark.django_db

PAGE = """<html><head><title>Water report</title></head><body><article>
<h1>Regional water report</h1>
<p>Non-revenue water in Harbourcity fell from 31 percent of treated water in 2023 to 21 percent in 2025,
the largest improvement in the region, the regulator's annual report says.</p>
<p>The city replaced 42 kilometres of cast-iron mains over the period, according to the report.</p>
</article></body></html>"""


def test_the_page_a_reviewer_adds_becomes_a_document_and_evidence(fixture_server, settings, reviewer):
    claim = ClaimFactory(statement="Harbourcity cut water lost to leaks from 31 percent in 2023 to 21 percent.")
    url = fixture_server.add("/report.html", body=PAGE)
    fixture_server.add("/robots.txt", body="", content_type="text/plain")
    with fetch_environment(settings, allowed_hosts=["127.0.0.1"], resolver=MappingResolver({})):
        run = claim_url_add(claim=claim, url=url, user=reviewer)
        finished = run_execute(run=run)
    assert finished.status == RunStatus.SUCCEEDED, finished.error
    document = Document.objects.get(url=url)
    assert "42 kilometres" in document.text
    assert claim.evidence.filter(passage__document=document).exists()
    assert ClaimURL.objects.get(claim=claim).added_by == reviewer


def test_adding_the_same_url_twice_keeps_one_row_and_one_open_run(reviewer):
    claim = ClaimFactory()
    first = claim_url_add(claim=claim, url="https://example.org/report?utm_source=x", user=reviewer)
    second = claim_url_add(claim=claim, url="https://example.org/report", user=reviewer)
    assert first.pk == second.pk
    assert list(ClaimURL.objects.values_list("url", flat=True)) == ["https://example.org/report"]


def test_api_adds_a_url_with_202_and_the_queued_run(client_for, reviewer, django_capture_on_commit_callbacks):
    claim = ClaimFactory(status=ClaimStatus.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(reviewer).post(
            f"/api/v1/claims/{claim.pk}/urls/", {"url": "https://example.org/page"}, format="json"
        )
    assert response.status_code == 202, response.content
    assert response.json()["connector"] == "url"
    assert CorroborationRun.objects.get(claim=claim).status == RunStatus.QUEUED


@pytest.mark.parametrize("payload", [{"url": "ftp://example.org/x"}, {"url": "not a url"}, {}, {"url": 5}])
def test_api_refuses_a_bad_url_with_a_field_error_and_writes_nothing(client_for, reviewer, payload):
    claim = ClaimFactory()
    response = client_for(reviewer).post(f"/api/v1/claims/{claim.pk}/urls/", payload, format="json")
    assert response.status_code == 400
    assert "url" in error_of(response)["fields"]
    assert not ClaimURL.objects.exists()
    assert not CorroborationRun.objects.exists()


def test_a_disabled_url_connector_refuses_and_keeps_no_url(reviewer):
    Connector.objects.filter(kind="url").update(enabled=False)
    claim = ClaimFactory()
    with pytest.raises(Exception, match="disabled"):
        claim_url_add(claim=claim, url="https://example.org/page", user=reviewer)
    assert not ClaimURL.objects.exists()


def test_a_viewer_cannot_add_a_url(client_for, viewer):
    claim = ClaimFactory()
    response = client_for(viewer).post(f"/api/v1/claims/{claim.pk}/urls/", {"url": "https://example.org/"})
    assert response.status_code == 403
    assert not ClaimURL.objects.exists()


def test_the_claim_page_adds_a_url_for_a_reviewer_and_refuses_a_viewer(client, reviewer, viewer):
    from django.urls import reverse

    claim = ClaimFactory()
    target = reverse("admin:claims_claim_workflow", args=[claim.pk, "add-url"])
    client.force_login(viewer)
    client.post(target, {"url": "https://example.org/a"})
    assert not ClaimURL.objects.exists()
    client.force_login(reviewer)
    response = client.post(target, {"url": "https://example.org/a"}, follow=True)
    assert response.status_code == 200
    assert list(ClaimURL.objects.values_list("url", flat=True)) == ["https://example.org/a"]
    assert CorroborationRun.objects.filter(claim=claim, connector="url").exists()
