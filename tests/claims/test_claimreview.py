"""ClaimReview JSON-LD of published verdicts, parsed as JSON-LD with pyld, and the public pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pyld import jsonld

from claims.claimreview_validation import claimreview_issues
from claims.models import Appearance, RatingLabel
from claims.services import workflow as wf
from claims.services.claimreview import claimreview_build, claimreviews_published
from claimtrack.exceptions import ApplicationError
from tests.claims.workflow_support import proposed_verdict, published_verdict
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db

S = "http://schema.org/"
# The vocabulary part of https://schema.org's own context, served locally: the machine is offline and a
# test must not depend on schema.org being reachable. Its "@vocab" is http://schema.org/ as in the original.
SCHEMA_CONTEXT = {
    "@context": {
        "@vocab": S,
        "url": {"@type": "@id"},
        "sameAs": {"@type": "@id"},
        "archivedAt": {"@type": "@id"},
    }
}


def local_loader(url, options=None):
    assert url.rstrip("/") == "https://schema.org", url
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


def expand(document: dict) -> dict:
    (node,) = jsonld.expand(document, {"documentLoader": local_loader})
    return node


def value(node: dict, prop: str):
    (entry,) = node[S + prop]
    return entry.get("@value", entry.get("@id", entry))


@pytest.fixture
def published(reviewer, editor, settings):
    settings.CLAIMTRACK_ORGANIZATION_NAME = "Desk of Facts"
    settings.CLAIMTRACK_ORGANIZATION_URL = "https://facts.example.org/"
    settings.CLAIMTRACK_PUBLIC_BASE_URL = "https://facts.example.org"
    verdict = proposed_verdict(reviewer)
    claim = verdict.claim
    claim.speaker.role, claim.speaker.wikidata_id = "Minister of Labour", "Q42"
    claim.speaker.save()
    first = claim.appearances.get()
    first.appeared_at = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
    first.save()
    first.article.published_at = dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)
    first.article.archive_url = "https://web.archive.org/web/2024/https://news.example.org/a"
    first.article.outlet = OutletFactory(name="Daily Example", domain="daily.example.org")
    first.article.save()
    later_article = ArticleFactory(title="Follow-up", published_at=dt.datetime(2024, 3, 5, tzinfo=dt.UTC))
    AppearanceFactory(claim=claim, article=later_article, appeared_at=dt.datetime(2024, 3, 5, tzinfo=dt.UTC))
    wf.verdict_approve(verdict=verdict, user=editor)
    return wf.verdict_publish(verdict=verdict, user=editor)


def test_claimreview_has_every_required_field_as_json_ld(published):
    data = claimreview_build(verdict=published)
    assert data["@context"] == "https://schema.org"
    node = expand(data)
    assert node["@type"] == [S + "ClaimReview"]
    assert value(node, "claimReviewed") == published.claim.statement
    assert value(node, "url") == f"https://facts.example.org/claim-reviews/{published.pk}/"
    assert value(node, "datePublished") == published.published_at.date().isoformat()
    assert value(node, "reviewBody") == published.rationale

    rating = value(node, "reviewRating")
    assert rating["@type"] == [S + "Rating"]
    assert (value(rating, "ratingValue"), value(rating, "bestRating"), value(rating, "worstRating")) == (1, 5, 1)
    assert value(rating, "alternateName") == "False"

    author = value(node, "author")
    assert author["@type"] == [S + "Organization"]
    assert (value(author, "name"), value(author, "url")) == ("Desk of Facts", "https://facts.example.org/")


def test_retiring_a_label_keeps_the_reviews_published_with_it_within_the_scale(published, api_client):
    RatingLabel.objects.filter(slug="false").update(is_active=False)  # no new verdict can use it
    review = api_client.get("/api/v1/claim-reviews/").json()["results"][0]

    assert claimreview_issues(review) == []
    rating = review["reviewRating"]
    assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"]) == (1, 1, 5)


def test_a_scale_with_no_active_label_is_a_configuration_error(published):
    RatingLabel.objects.update(is_active=False)
    with pytest.raises(ApplicationError) as refused:
        claimreview_build(verdict=published)
    assert refused.value.code == "rating_scale_empty"


def test_item_reviewed_is_the_claim_with_its_speaker_and_appearances(published):
    item = value(expand(claimreview_build(verdict=published)), "itemReviewed")
    assert item["@type"] == [S + "Claim"]
    assert value(item, "datePublished") == "2024-03-01"

    speaker = value(item, "author")
    assert speaker["@type"] == [S + "Person"]
    assert value(speaker, "name") == published.claim.speaker.name
    assert value(speaker, "jobTitle") == "Minister of Labour"
    assert value(speaker, "sameAs") == "https://www.wikidata.org/wiki/Q42"

    appearances = item[S + "appearance"]
    assert [value(work, "headline") for work in appearances] == [
        Appearance.objects.filter(claim=published.claim).order_by("appeared_at")[0].article.title,
        "Follow-up",
    ]
    first = value(item, "firstAppearance")
    assert first["@type"] == [S + "CreativeWork"]
    assert value(first, "url") == appearances[0][S + "url"][0]["@id"]
    assert value(first, "datePublished") == "2024-03-01"
    assert value(first, "archivedAt") == "https://web.archive.org/web/2024/https://news.example.org/a"
    publisher = value(first, "publisher")
    assert (value(publisher, "name"), value(publisher, "url")) == ("Daily Example", "https://daily.example.org/")


def test_an_organisation_speaker_is_an_organization(published):
    published.claim.speaker.is_organisation = True
    published.claim.speaker.save()
    item = value(expand(claimreview_build(verdict=published)), "itemReviewed")
    assert value(item, "author")["@type"] == [S + "Organization"]


def test_unpublished_verdicts_have_no_claimreview(reviewer):
    verdict = proposed_verdict(reviewer)
    with pytest.raises(ApplicationError) as info:
        claimreview_build(verdict=verdict)
    assert info.value.code == "not_published"


def test_the_feed_lists_published_reviews_only_and_drops_retracted_ones(published, reviewer, editor):
    proposed_verdict(reviewer)
    assert [review["url"].rsplit("/", 2)[-2] for review in claimreviews_published()] == [str(published.pk)]
    wf.verdict_retract(verdict=published, user=editor, reason="Wrong figure")
    assert claimreviews_published() == []


def test_the_feed_takes_a_fixed_number_of_queries(published, reviewer, editor, django_assert_max_num_queries):
    for _ in range(3):
        wf.verdict_publish(verdict=wf.verdict_approve(verdict=proposed_verdict(reviewer), user=editor), user=editor)
    with django_assert_max_num_queries(5):
        assert len(claimreviews_published()) == 4


def test_public_pages_serve_the_review_and_the_feed(client, published, editor):
    page = client.get(f"/claim-reviews/{published.pk}/")
    assert page.status_code == 200
    embedded = page.content.decode().split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(embedded)["claimReviewed"] == published.claim.statement

    document = client.get(f"/claim-reviews/{published.pk}.jsonld")
    assert (document.status_code, document["Content-Type"]) == (200, "application/ld+json")
    assert expand(document.json())["@type"] == [S + "ClaimReview"]

    feed = client.get("/claim-reviews/feed.jsonld")
    assert [review["claimReviewed"] for review in feed.json()] == [published.claim.statement]

    wf.verdict_retract(verdict=published, user=editor, reason="Wrong figure")
    assert client.get(f"/claim-reviews/{published.pk}/").status_code == 410
    assert client.get("/claim-reviews/999999/").status_code == 404
    assert client.post("/claim-reviews/feed.jsonld").status_code == 405


def test_a_claim_without_speaker_or_appearance_still_has_a_valid_review(reviewer, editor):
    verdict = published_verdict(reviewer, editor)
    verdict.claim.appearances.all().delete()
    verdict.claim.speaker = None
    verdict.claim.save()
    item = value(expand(claimreview_build(verdict=verdict)), "itemReviewed")
    assert S + "author" not in item and S + "firstAppearance" not in item
    assert value(item, "datePublished") == verdict.claim.created_at.date().isoformat()
