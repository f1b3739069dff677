"""Our ClaimReview output: the guidelines validator, the open-data feeds, and the JSON-LD round trip."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from claims.claimreview_validation import claimreview_issues, claimreview_required_issues
from claims.models import ExternalReview, ExternalReviewSource, RatingLabel
from claims.services import workflow as wf
from claims.services.claimreview import claimreview_build, claimreviews_published
from claims.services.open_data import CSV_COLUMNS
from sources import fetching
from tests.claims.workflow_support import claim_in_review, published_verdict
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, SpeakerFactory


@pytest.fixture
def organisation(settings):
    settings.CLAIMTRACK_ORGANIZATION_NAME = "Desk of Facts"
    settings.CLAIMTRACK_ORGANIZATION_URL = "https://facts.example.org/"
    settings.CLAIMTRACK_PUBLIC_BASE_URL = "https://facts.example.org"


def publish(reviewer, editor, *, rating: str = "false", statement: str | None = None, **claim_fields):
    claim, evidence = claim_in_review(reviewer)
    if statement:
        claim.statement = statement
    for name, value in claim_fields.items():
        setattr(claim, name, value)
    claim.save()
    verdict = wf.verdict_propose(
        claim=claim,
        rating=RatingLabel.objects.get(slug=rating),
        rationale="Official statistics show a different figure.",
        evidence_ids=[evidence.pk],
        user=reviewer,
    )
    return wf.verdict_publish(verdict=wf.verdict_approve(verdict=verdict, user=editor), user=editor)


@pytest.fixture
def several_published(db, organisation, reviewer, editor):
    """Published verdicts of different shapes: person and organisation speakers, several appearances."""
    first = publish(reviewer, editor, rating="false")
    second = publish(
        reviewer, editor, rating="mostly-true", speaker=SpeakerFactory(name="Ministry", is_organisation=True)
    )
    article = ArticleFactory(
        outlet=OutletFactory(name="Daily Example", domain="daily.example.org"),
        published_at=dt.datetime(2024, 3, 5, tzinfo=dt.UTC),
        archive_url="https://web.archive.org/web/20240305000000/https://news.example.org/x",
    )
    AppearanceFactory(claim=second.claim, article=article, appeared_at=dt.datetime(2024, 3, 5, tzinfo=dt.UTC))
    third = publish(reviewer, editor, rating="true", statement="=SUM(A1) is how the ministry counted jobs.")
    return [first, second, third]


# --- The validator ---------------------------------------------------------------------------------


def test_every_published_verdict_follows_the_claimreview_guidelines(several_published):
    reviews = claimreviews_published()
    assert len(reviews) == 3
    for review in reviews:
        assert claimreview_issues(review) == [], review["url"]


@pytest.mark.django_db
def test_the_validator_names_each_missing_required_field(organisation, reviewer, editor):
    good = claimreview_build(verdict=published_verdict(reviewer, editor))
    for path in ["claimReviewed", "url", "reviewRating"]:
        broken = {k: v for k, v in good.items() if k != path}
        assert [i.path for i in claimreview_required_issues(broken)] == [path]
    no_label = copy.deepcopy(good)
    del no_label["reviewRating"]["alternateName"]
    assert [str(i) for i in claimreview_required_issues(no_label)] == [
        "reviewRating.alternateName (required): must be non-empty text, got None"
    ]


@pytest.mark.django_db
def test_the_validator_flags_missing_recommended_fields_and_bad_values(organisation, reviewer, editor):
    review = claimreview_build(verdict=published_verdict(reviewer, editor))
    del review["author"]
    review["datePublished"] = "last Tuesday"
    review["reviewRating"]["ratingValue"] = 9
    review["itemReviewed"]["appearance"] = [{"@type": "CreativeWork", "url": "not a url"}]
    review["url"] = "ftp://facts.example.org/1"

    issues = {(i.path, i.level) for i in claimreview_issues(review)}

    assert issues == {
        ("author", "recommended"),
        ("datePublished", "recommended"),
        ("reviewRating.ratingValue", "recommended"),
        ("itemReviewed.appearance", "recommended"),
        ("url", "required"),
    }


def test_the_validator_refuses_what_is_not_a_claimreview():
    assert [i.path for i in claimreview_required_issues([])] == [""]
    paths = {i.path for i in claimreview_required_issues({"@context": "https://example.org", "@type": "Review"})}
    assert {"@context", "@type", "claimReviewed", "url", "reviewRating"} <= paths


# --- Open data feeds -------------------------------------------------------------------------------


def test_the_jsonl_feed_has_one_claimreview_per_line(client, several_published):
    response = client.get("/claim-reviews/feed.jsonl")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/jsonl"
    assert response["X-Open-Data-Schema-Version"] == "1"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line) for line in lines] == claimreviews_published()


def test_the_csv_feed_has_the_documented_columns_and_neutralises_formulas(client, several_published):
    response = client.get("/claim-reviews/feed.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert list(rows[0].keys()) == CSV_COLUMNS
    by_label = {row["rating_label"]: row for row in rows}
    assert set(by_label) == {"False", "Mostly true", "True"}
    organisation_row = by_label["Mostly true"]
    verdict = several_published[1]
    assert organisation_row["review_url"] == f"https://facts.example.org/claim-reviews/{verdict.pk}/"
    assert organisation_row["claim_reviewed"] == verdict.claim.statement
    assert (organisation_row["rating_value"], organisation_row["best_rating"], organisation_row["worst_rating"]) == (
        "4",
        "5",
        "1",
    )
    assert organisation_row["author_name"] == "Desk of Facts"
    assert organisation_row["claimant"] == "Ministry"
    assert len(organisation_row["appearance_urls"].split(" ")) == 2
    assert organisation_row["archived_appearance_urls"] == (
        "https://web.archive.org/web/20240305000000/https://news.example.org/x"
    )
    assert by_label["True"]["claim_reviewed"] == "'=SUM(A1) is how the ministry counted jobs."


@pytest.mark.django_db
def test_the_feeds_are_empty_but_well_formed_without_published_verdicts(client):
    assert b"".join(client.get("/claim-reviews/feed.jsonl").streaming_content) == b""
    csv_text = b"".join(client.get("/claim-reviews/feed.csv").streaming_content).decode()
    assert csv_text == ",".join(CSV_COLUMNS) + "\r\n"
    assert client.post("/claim-reviews/feed.csv").status_code == 405


# --- Round trip ------------------------------------------------------------------------------------


def assert_imported_back(review: dict, imported: ExternalReview) -> None:
    assert imported.url == review["url"]
    assert imported.claim_text == review["claimReviewed"]
    assert imported.rating_text == review["reviewRating"]["alternateName"]
    assert imported.publisher_name == review["author"]["name"]
    assert imported.publisher_site == "facts.example.org"
    assert imported.review_date.date().isoformat() == review["datePublished"]
    assert imported.claimant == review["itemReviewed"]["author"]["name"]
    assert imported.claim_date.date().isoformat() == review["itemReviewed"]["datePublished"]
    assert imported.raw == review


def test_our_jsonl_export_imports_back_to_the_same_values(client, several_published, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"".join(client.get("/claim-reviews/feed.jsonl").streaming_content))

    call_command("import_claimreviews", str(path), stdout=io.StringIO())

    exported = claimreviews_published()
    assert ExternalReview.objects.count() == len(exported) == 3
    for review in exported:
        imported = ExternalReview.objects.get(url=review["url"])
        assert imported.source == ExternalReviewSource.FILE
        assert_imported_back(review, imported)
        # It matches the very claim it reviews, and stays an external review, not a second verdict.
        assert imported.similarity == pytest.approx(1.0)
        assert imported.matched_claim.verdicts.count() == 1


# A live server needs committed rows; the role groups are made again after earlier flushes.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_our_review_page_imports_back_from_its_embedded_json_ld(live_server, settings, organisation):
    from tests.factories import UserFactory

    reviewer = UserFactory(username="rt-reviewer", role="reviewer")
    editor = UserFactory(username="rt-editor", role="editor")
    verdict = published_verdict(reviewer, editor)
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["localhost", "127.0.0.1"]
    settings.FETCH_POLITENESS_DELAY = 0
    fetching.clear_caches()

    call_command("import_claimreviews", f"{live_server.url}/claim-reviews/{verdict.pk}/", stdout=io.StringIO())

    imported = ExternalReview.objects.get()
    assert imported.source == ExternalReviewSource.JSONLD
    assert_imported_back(claimreview_build(verdict=verdict), imported)
