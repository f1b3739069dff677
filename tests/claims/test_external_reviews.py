"""Importing other fact-checkers' ClaimReviews and matching them to our claims."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import ClaimStatus, ExternalReview, ExternalReviewSource, Verdict
from claims.services.external_reviews import (
    claim_external_reviews_match,
    external_reviews_import,
    records_from_factcheck_response,
)
from sources import fetching
from tests.factories import ClaimFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claimreview"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def loopback(settings):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.FETCH_POLITENESS_DELAY = 0
    fetching.clear_caches()


def import_command(source: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_claimreviews", source, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_imports_every_review_of_a_claims_search_response():
    records = records_from_factcheck_response(json.loads(fixture_bytes("factcheck-claims-search.json")))
    result = external_reviews_import(records=records, source=ExternalReviewSource.FACTCHECK_API)

    assert (result.created, result.updated) == (4, 0)
    italian = ExternalReview.objects.get(url="https://examplewire.example.org/it/verifica/bozza-28-punti-nato")
    assert italian.rating_text == "Contesto mancante"
    assert italian.language == "it"
    assert italian.publisher_name == "Example Wire Verifica"
    assert italian.publisher_site == "examplewire.example.org"
    assert italian.claimant == "Opposition lawmaker"
    assert italian.claim_date == datetime(2025, 11, 21, tzinfo=UTC)
    assert italian.review_date == datetime(2025, 11, 25, tzinfo=UTC)
    assert italian.raw["claimReview"][0]["textualRating"] == "Contesto mancante"
    no_claimant = ExternalReview.objects.get(url__endswith="twenty-point-plan-constitution-clause")
    assert (no_claimant.claimant, no_claimant.claim_date) == ("", None)


@pytest.mark.django_db
def test_it_matches_an_imported_review_to_our_most_similar_claim_and_never_makes_it_our_verdict():
    ours = ClaimFactory(statement="NATO allies have unanimously agreed to admit Ukraine once the war ends.")
    ClaimFactory(statement="Unemployment fell to 3 percent in 2024.")
    records = records_from_factcheck_response(json.loads(fixture_bytes("factcheck-claims-search.json")))

    result = external_reviews_import(records=records, source=ExternalReviewSource.FACTCHECK_API)

    review = ExternalReview.objects.get(url__endswith="nato-unanimous-ukraine-admission")
    assert review.matched_claim == ours
    assert 0.5 < review.similarity <= 1.0
    assert result.matched == 1
    assert ExternalReview.objects.filter(matched_claim__isnull=True).count() == 3
    ours.refresh_from_db()
    assert ours.status == ClaimStatus.CANDIDATE
    assert Verdict.objects.count() == 0


@pytest.mark.django_db
def test_reimporting_the_same_reviews_updates_them_in_place():
    data = json.loads(fixture_bytes("factcheck-claims-search.json"))
    external_reviews_import(records=records_from_factcheck_response(data), source=ExternalReviewSource.FACTCHECK_API)
    data["claims"][0]["claimReview"][0]["textualRating"] = "Mostly false"

    result = external_reviews_import(
        records=records_from_factcheck_response(data), source=ExternalReviewSource.FACTCHECK_API
    )

    assert (result.created, result.updated) == (0, 4)
    assert ExternalReview.objects.count() == 4
    assert ExternalReview.objects.get(url__endswith="nato-unanimous-ukraine-admission").rating_text == "Mostly false"


@pytest.mark.django_db
def test_an_empty_claims_search_response_imports_nothing(tmp_path):
    path = tmp_path / "empty.json"
    path.write_bytes(fixture_bytes("factcheck-empty.json"))
    assert "Imported 0 review(s)" in import_command(str(path))
    assert ExternalReview.objects.count() == 0


@pytest.mark.django_db
def test_the_command_imports_the_claimreview_embedded_in_a_fact_check_page(fixture_server, loopback):
    claim = ClaimFactory(
        statement="The revised 20-point plan keeps the clause requiring Ukraine to change its constitution."
    )
    url = fixture_server.add("/fact-check/plan", body=fixture_bytes("fact-check-page.html"))

    output = import_command(url)

    assert "1 new" in output
    review = ExternalReview.objects.get()
    assert review.source == ExternalReviewSource.JSONLD
    assert review.url == "https://civicledger.example.org/fact-check/twenty-point-plan-constitution-clause"
    assert review.publisher_name == "Civic Ledger Fact Check"
    assert review.publisher_site == "civicledger.example.org"
    assert review.rating_text == "Misleading"
    assert review.claimant == "Opposition lawmaker"
    assert review.review_date == datetime(2025, 12, 26, tzinfo=UTC)
    assert review.claim_date == datetime(2025, 12, 24, tzinfo=UTC)
    assert review.matched_claim == claim


@pytest.mark.django_db
def test_the_command_imports_a_json_lines_file_of_mixed_shapes():
    output = import_command(str(FIXTURES / "reviews.jsonl"))

    assert "2 new" in output
    first = ExternalReview.objects.get(url="https://factdesk.example.net/checks/1")
    assert (first.source, first.rating_text, first.claimant) == (ExternalReviewSource.FILE, "False", "Jane Doe")
    second = ExternalReview.objects.get(url="https://factdesk.example.net/checks/2")
    assert (second.source, second.rating_text) == (ExternalReviewSource.FILE, "Mostly false")


@pytest.mark.django_db
def test_the_command_follows_the_next_page_token_of_a_claims_search_url(fixture_server, loopback):
    first_page = json.loads(fixture_bytes("factcheck-claims-search.json"))
    last_page = {"claims": [{**first_page["claims"][0], "text": "A fourth claim on the last page."}]}

    def answer(handler):
        body = last_page if "pageToken=CAM" in handler.path else first_page
        handler._write(200, json.dumps(body).encode(), {"Content-Type": "application/json; charset=UTF-8"})

    url = fixture_server.add("/v1alpha1/claims:search", handler=answer)
    output = import_command(f"{url}?query=nato&key=k")

    assert "5 new" in output
    assert ExternalReview.objects.filter(source=ExternalReviewSource.FACTCHECK_API).count() == 5
    second = fixture_server.requests_to("/v1alpha1/claims:search")[1]
    assert "query=nato" in second.query and "pageToken=CAM" in second.query


@pytest.mark.django_db
def test_the_command_refuses_a_file_with_an_invalid_item_and_writes_nothing(tmp_path):
    good = (FIXTURES / "reviews.jsonl").read_text().splitlines()[0]
    bad_url = json.dumps({"@type": "ClaimReview", "url": "not-a-url", "claimReviewed": "x"})
    bad_date = json.dumps(
        {"@type": "ClaimReview", "url": "https://a.example/1", "claimReviewed": "x", "datePublished": "soon"}
    )
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([good, bad_url, "{broken", bad_date]))

    with pytest.raises(CommandError) as excinfo:
        import_command(str(path))

    message = str(excinfo.value)
    assert "nothing was imported" in message
    assert "line 2, review 1: url must be an absolute http(s) URL" in message
    assert "line 3: not valid JSON" in message
    assert "line 4: datePublished is not an ISO 8601 date: 'soon'" in message
    assert ExternalReview.objects.count() == 0


@pytest.mark.django_db
def test_the_command_refuses_json_without_any_claimreview(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"@type": "NewsArticle", "headline": "x"}))
    with pytest.raises(CommandError, match="no ClaimReview found"):
        import_command(str(path))
    assert ExternalReview.objects.count() == 0


@pytest.mark.django_db
def test_the_command_reports_a_missing_file_and_an_unreachable_url(fixture_server, loopback):
    with pytest.raises(CommandError, match=r"cannot read /nonexistent/reviews\.json"):
        import_command("/nonexistent/reviews.json")
    with pytest.raises(CommandError, match=r"cannot fetch .*: HTTP 404"):
        import_command(fixture_server.url("/missing.json"))


@pytest.mark.django_db
def test_a_new_claim_picks_up_the_external_reviews_it_matches_best():
    records = records_from_factcheck_response(json.loads(fixture_bytes("factcheck-claims-search.json")))
    external_reviews_import(records=records, source=ExternalReviewSource.FACTCHECK_API)
    assert ExternalReview.objects.filter(matched_claim__isnull=False).count() == 0

    claim = ClaimFactory(statement="The US 28-point draft would have barred Ukraine from ever joining NATO.")

    assert claim_external_reviews_match(claim=claim) == 2
    matched = ExternalReview.objects.filter(matched_claim=claim)
    assert {r.publisher_site for r in matched} == {"northbridge.example.com", "examplewire.example.org"}
    assert all(r.similarity == pytest.approx(1.0) for r in matched)


@pytest.mark.django_db
def test_reviewers_see_imported_reviews_in_the_admin_but_cannot_add_them(client, reviewer):
    records = records_from_factcheck_response(json.loads(fixture_bytes("factcheck-claims-search.json")))
    external_reviews_import(records=records, source=ExternalReviewSource.FACTCHECK_API)
    client.force_login(reviewer)

    listing = client.get("/admin/claims/externalreview/")
    adding = client.get("/admin/claims/externalreview/add/")

    assert listing.status_code == 200
    assert "Contesto mancante" in listing.content.decode()
    assert adding.status_code == 403


@pytest.mark.django_db
def test_the_claim_page_shows_who_already_checked_it(client, reviewer):
    claim = ClaimFactory(statement="NATO allies have unanimously agreed to admit Ukraine as soon as the war ends.")
    records = records_from_factcheck_response(json.loads(fixture_bytes("factcheck-claims-search.json")))
    external_reviews_import(records=records, source=ExternalReviewSource.FACTCHECK_API)
    client.force_login(reviewer)

    page = client.get(f"/admin/claims/claim/{claim.pk}/change/")

    assert page.status_code == 200
    body = page.content.decode()
    assert "Already checked by" in body
    assert "Civic Ledger Fact Check" in body
    assert "https://civicledger.example.org/fact-check/nato-unanimous-ukraine-admission" in body
