"""Claims, evidence, verdicts, runs, articles and match through the API: what a reviewer does all day."""

from __future__ import annotations

import pytest

from claims.models import ClaimStatus, CorroborationRun, Decision, RunStatus, VerdictStatus
from sources.models import Article, FetchStatus
from tests.api_support import error_of
from tests.claims.workflow_support import claim_in_review, proposed_verdict, published_verdict
from tests.factories import (
    AppearanceFactory,
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    OutletFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_list_query_count_does_not_grow_with_page_size(client_for, viewer, django_assert_num_queries):
    for index in range(30):
        claim = ClaimFactory(statement=f"Claim number {index} about taxes.")
        claim.tags.create(name=f"tag-{index}")
        AppearanceFactory(claim=claim)
    client = client_for(viewer)
    client.get("/api/v1/claims/?page_size=1")  # warm the permission cache of this user object
    # claims with speaker and assignee joined, then their tags: two queries whatever the page size
    with django_assert_num_queries(2) as small:
        assert len(_ids(client.get("/api/v1/claims/?page_size=2"))) == 2
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(_ids(client.get("/api/v1/claims/?page_size=30"))) == 30


def test_evidence_list_query_count_does_not_grow_with_page_size(client_for, viewer, django_assert_num_queries):
    claim = ClaimFactory()
    for rank in range(1, 21):
        EvidenceFactory(claim=claim, rank=rank)
    client = client_for(viewer)
    client.get(f"/api/v1/claims/{claim.pk}/evidence/?page_size=1")  # warm the permission cache
    with django_assert_num_queries(2) as small:
        assert len(_ids(client.get(f"/api/v1/claims/{claim.pk}/evidence/?page_size=2"))) == 2
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(_ids(client.get(f"/api/v1/claims/{claim.pk}/evidence/?page_size=20"))) == 20


def test_claim_detail_query_count_does_not_grow_with_its_evidence(client_for, viewer, django_assert_num_queries):
    few, many = ClaimFactory(), ClaimFactory()
    for claim, count in [(few, 1), (many, 12)]:
        AppearanceFactory(claim=claim)
        for rank in range(1, count + 1):
            EvidenceFactory(claim=claim, rank=rank)
    client = client_for(viewer)
    client.get(f"/api/v1/claims/{few.pk}/")  # warm the permission cache
    # claim (speaker, assignee joined), tags, appearances with articles, top evidence (one windowed query), verdicts
    with django_assert_num_queries(5) as small:
        assert len(client.get(f"/api/v1/claims/{few.pk}/").json()["evidence"]) == 1
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(f"/api/v1/claims/{many.pk}/").json()["evidence"]) == 12


def test_a_claims_evidence_comes_best_rank_first_across_pages(client_for, viewer):
    claim = ClaimFactory()
    for rank in [3, 1, 4, 2, 5]:
        EvidenceFactory(claim=claim, rank=rank)
    client = client_for(viewer)
    first = client.get(f"/api/v1/claims/{claim.pk}/evidence/?page_size=3").json()
    second = client.get(first["next"]).json()
    assert [row["rank"] for row in first["results"] + second["results"]] == [1, 2, 3, 4, 5]


def test_cursor_pagination_walks_every_claim_once(client_for, viewer):
    claims = [ClaimFactory() for _ in range(7)]
    client = client_for(viewer)
    seen, url = [], "/api/v1/claims/?page_size=3"
    while url:
        response = client.get(url)
        seen += _ids(response)
        url = response.json()["next"]
    assert sorted(seen) == sorted(claim.pk for claim in claims)
    assert len(seen) == len(set(seen))


def test_claims_filter_by_status_speaker_outlet_tag_and_score(client_for, viewer):
    outlet = OutletFactory(name="Daily Planet")
    speaker = SpeakerFactory(name="Jane Doe")
    wanted = ClaimFactory(status=ClaimStatus.ACCEPTED, speaker=speaker, checkworthiness=0.9)
    wanted.tags.create(name="economy")
    AppearanceFactory(claim=wanted, article=ArticleFactory(outlet=outlet))
    AppearanceFactory(claim=wanted, article=ArticleFactory(outlet=outlet))  # listed once all the same
    ClaimFactory(status=ClaimStatus.ACCEPTED, checkworthiness=0.2)
    ClaimFactory(status=ClaimStatus.CANDIDATE, speaker=speaker, checkworthiness=0.95)
    client = client_for(viewer)
    query = f"status=accepted&speaker={speaker.pk}&outlet={outlet.pk}&tag=economy&checkworthiness_min=0.5"
    assert _ids(client.get(f"/api/v1/claims/?{query}")) == [wanted.pk]
    assert _ids(client.get("/api/v1/claims/?checkworthiness_max=0.3&status=accepted&status=candidate")) != []


def test_claims_filter_mine_and_new_evidence(client_for, reviewer):
    mine, _ = claim_in_review(reviewer)
    other = ClaimFactory(new_evidence_since_verdict=True)
    client = client_for(reviewer)
    assert _ids(client.get("/api/v1/claims/?mine=true")) == [mine.pk]
    assert _ids(client.get("/api/v1/claims/?new_evidence_since_verdict=true")) == [other.pk]


def test_full_text_search_finds_word_forms(client_for, viewer):
    hit = ClaimFactory(statement="Inflation is falling across the eurozone.")
    ClaimFactory(statement="The bridge was opened in 1932.")
    assert _ids(client_for(viewer).get("/api/v1/claims/?search=inflation+fell")) == []
    assert _ids(client_for(viewer).get("/api/v1/claims/?search=falls+inflation")) == [hit.pk]


def test_ordering_by_checkworthiness_pages_in_order(client_for, viewer):
    scores = [0.1, 0.9, 0.5, 0.7, 0.3]
    for score in scores:
        ClaimFactory(checkworthiness=score)
    client = client_for(viewer)
    first = client.get("/api/v1/claims/?ordering=-checkworthiness&page_size=2").json()
    second = client.get(first["next"]).json()
    got = [row["checkworthiness"] for row in first["results"] + second["results"]]
    assert got == [0.9, 0.7, 0.5, 0.3]


def test_claim_detail_has_appearances_evidence_and_verdicts(client_for, reviewer, viewer):
    verdict = proposed_verdict(reviewer)
    response = client_for(viewer).get(f"/api/v1/claims/{verdict.claim_id}/")
    body = response.json()
    assert body["status"] == ClaimStatus.VERDICT_PROPOSED
    assert len(body["appearances"]) == 1
    assert body["appearances"][0]["article"]["title"]
    assert body["appearances"][0]["speaker"]["name"] == verdict.claim.speaker.name
    assert [row["decision"] for row in body["evidence"]] == [Decision.ACCEPTED]
    assert body["evidence"][0]["passage"]["document"]["url"].startswith("https://")
    assert [(v["id"], v["status"], v["rating"]["slug"]) for v in body["verdicts"]] == [
        (verdict.pk, VerdictStatus.PROPOSED, "false")
    ]


def test_reviewer_accepts_assigns_decides_and_proposes_then_editor_publishes(client_for, reviewer, editor):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim)
    rc, ec = client_for(reviewer), client_for(editor)
    etag = rc.post(f"/api/v1/claims/{claim.pk}/accept/", HTTP_IF_MATCH='"1"')["ETag"]
    assigned = rc.post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": reviewer.pk}, format="json", HTTP_IF_MATCH=etag
    )
    assert assigned.json()["status"] == ClaimStatus.IN_REVIEW
    decided = rc.post(
        f"/api/v1/evidence/{evidence.pk}/decide/", {"decision": "accepted", "note": "Official."}, format="json"
    )
    assert decided.json()["decision"] == Decision.ACCEPTED
    payload = {
        "claim": claim.pk,
        "claim_version": assigned.json()["version"],
        "rating": "false",
        "rationale": "The statistics office reports otherwise.",
        "cited_evidence": [evidence.pk],
    }
    proposed = rc.post("/api/v1/verdicts/", payload, format="json")
    assert proposed.status_code == 201, proposed.content
    url = f"/api/v1/verdicts/{proposed.json()['id']}/"
    approved = ec.post(f"{url}approve/", HTTP_IF_MATCH=proposed["ETag"])
    assert approved.status_code == 200, approved.content
    published = ec.post(f"{url}publish/", HTTP_IF_MATCH=approved["ETag"])
    assert published.json()["status"] == VerdictStatus.PUBLISHED
    feed = client_for(reviewer).get("/api/v1/claim-reviews/").json()["results"]
    assert [item["claimReviewed"] for item in feed] == [claim.statement]


def test_the_public_feed_serves_claimreview_json_ld_without_auth(api_client, reviewer, editor):
    verdict = published_verdict(reviewer, editor)
    items = api_client.get("/api/v1/claim-reviews/").json()["results"]
    assert items[0]["@type"] == "ClaimReview"
    assert items[0]["reviewRating"]["alternateName"] == verdict.rating.label
    detail = api_client.get(f"/api/v1/claim-reviews/{verdict.pk}/")
    assert detail.json()["claimReviewed"] == verdict.claim.statement


def test_match_ranks_a_reworded_claim_first_and_shows_its_published_verdict(client_for, reviewer, editor, viewer):
    verdict = published_verdict(reviewer, editor)
    verdict.claim.statement = "Unemployment in Spain fell to 11 percent in 2024."
    verdict.claim.save()
    ClaimFactory(statement="The new bridge in Lisbon cost two billion euros.")
    response = client_for(viewer).get("/api/v1/match/?q=Spain's unemployment fell to 11 percent")
    assert response.status_code == 200
    results = response.json()
    assert results[0]["claim"]["id"] == verdict.claim_id
    assert results[0]["published_verdict"]["id"] == verdict.pk
    assert all(row["claim"]["id"] != verdict.claim_id or row["similarity"] > 0 for row in results)
    assert len(results) == 1


def test_match_without_a_text_is_a_400(client_for, viewer):
    response = client_for(viewer).get("/api/v1/match/?q=")
    assert response.status_code == 400
    assert "q" in error_of(response)["fields"]


def test_submitting_an_article_creates_a_pending_row_and_enqueues_ingestion_on_commit(
    client_for, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(reviewer).post("/api/v1/articles/", {"url": "https://news.example.org/a"}, format="json")
    assert response.status_code == 202
    article = Article.objects.get(pk=response.json()["id"])
    assert (article.fetch_status, article.submitted_url) == (FetchStatus.PENDING, "https://news.example.org/a")
    assert response["Location"] == f"/api/v1/articles/{article.pk}/"
    assert len(callbacks) == 1


def test_submitting_both_url_and_text_is_a_400_and_creates_nothing(client_for, reviewer):
    response = client_for(reviewer).post(
        "/api/v1/articles/", {"url": "https://news.example.org/a", "text": "Some text."}, format="json"
    )
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"url", "text"}
    assert not Article.objects.exists()


@pytest.mark.parametrize("url", ["http://news.example.org:99999/a", "http://[::1/a"])
def test_submitting_a_malformed_url_is_a_400_naming_the_field_and_creates_nothing(client_for, reviewer, url):
    response = client_for(reviewer).post("/api/v1/articles/", {"url": url}, format="json")
    assert response.status_code == 400
    assert "url" in error_of(response)["fields"]
    assert not Article.objects.exists()


def test_article_detail_lists_its_claims(client_for, viewer):
    appearance = AppearanceFactory()
    body = client_for(viewer).get(f"/api/v1/articles/{appearance.article_id}/").json()
    assert [row["claim"]["id"] for row in body["claims"]] == [appearance.claim_id]


def test_corroborate_queues_runs_and_answers_202(client_for, reviewer, django_capture_on_commit_callbacks):
    claim = ClaimFactory(status=ClaimStatus.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(reviewer).post(
            f"/api/v1/claims/{claim.pk}/corroborate/", {"connectors": ["wikipedia", "gdelt"]}, format="json"
        )
    assert response.status_code == 202, response.content
    assert sorted(row["connector"] for row in response.json()) == ["gdelt", "wikipedia"]
    assert CorroborationRun.objects.filter(claim=claim, status=RunStatus.QUEUED).count() == 2
    runs = client_for(reviewer).get(f"/api/v1/runs/?claim={claim.pk}").json()["results"]
    assert len(runs) == 2


def test_corroborating_a_rejected_claim_is_refused_and_queues_nothing(client_for, reviewer):
    claim = ClaimFactory(status=ClaimStatus.REJECTED, rejection_reason="Opinion.")
    response = client_for(reviewer).post(f"/api/v1/claims/{claim.pk}/corroborate/", {}, format="json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "claim_rejected"
    assert not CorroborationRun.objects.exists()


def test_unknown_connector_in_corroborate_is_a_field_error(client_for, reviewer):
    claim = ClaimFactory()
    response = client_for(reviewer).post(
        f"/api/v1/claims/{claim.pk}/corroborate/", {"connectors": ["bing"]}, format="json"
    )
    assert response.status_code == 400
    assert "connectors" in error_of(response)["fields"]
    assert not CorroborationRun.objects.exists()
