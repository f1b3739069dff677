"""Which sources a claim and a published verdict send to the Wayback Machine."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.services.archiving import claim_sources_archive, verdict_sources_archive
from claimtrack.queueing import due_job_grace
from sources.models import ArchiveRequest, ArchiveStatus
from sources.services.archive import archive_requests_resume
from tests.factories import AppearanceFactory, ArticleFactory, ClaimFactory, EvidenceFactory, VerdictFactory


@pytest.mark.django_db
def test_a_verdict_archives_its_claims_articles_and_the_documents_it_cites(django_capture_on_commit_callbacks):
    claim = ClaimFactory()
    first, second = AppearanceFactory(claim=claim), AppearanceFactory(claim=claim)
    cited, uncited = EvidenceFactory(claim=claim), EvidenceFactory(claim=claim)
    verdict = VerdictFactory(claim=claim)
    verdict.cited_evidence.add(cited)

    with django_capture_on_commit_callbacks() as callbacks:
        requests = verdict_sources_archive(verdict=verdict)

    assert {r.article_id for r in requests if r.article_id} == {first.article_id, second.article_id}
    assert {r.document_id for r in requests if r.document_id} == {cited.passage.document_id}
    assert not ArchiveRequest.objects.filter(document=uncited.passage.document).exists()
    assert len(callbacks) == 3  # one Celery job per source, enqueued only after commit


@pytest.mark.django_db
def test_archiving_a_claim_twice_opens_no_second_request(django_capture_on_commit_callbacks):
    appearance = AppearanceFactory()
    claim_sources_archive(claim=appearance.claim)
    with django_capture_on_commit_callbacks() as callbacks:
        claim_sources_archive(claim=appearance.claim)
    assert ArchiveRequest.objects.filter(article=appearance.article).count() == 1
    assert callbacks == []


@pytest.mark.django_db
def test_an_article_without_url_is_not_sent_to_the_archive():
    appearance = AppearanceFactory(article=ArticleFactory(url=""))
    assert claim_sources_archive(claim=appearance.claim) == []
    assert ArchiveRequest.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.broker
def test_resume_requeues_only_requests_whose_next_step_is_overdue():
    old = timezone.now() - timedelta(hours=2)
    stalled = ArchiveRequest.objects.create(article=ArticleFactory(), url="https://a.example/1")
    fresh = ArchiveRequest.objects.create(article=ArticleFactory(), url="https://a.example/2")
    waiting = ArchiveRequest.objects.create(
        article=ArticleFactory(), url="https://a.example/3", next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    done = ArchiveRequest.objects.create(
        article=ArticleFactory(), url="https://a.example/4", status=ArchiveStatus.SUCCEEDED, archive_url="https://w/x"
    )
    ArchiveRequest.objects.filter(id__in=[stalled.id, waiting.id, done.id]).update(updated_at=old)

    assert archive_requests_resume() == [stalled.id]
    fresh.refresh_from_db()
    assert fresh.status == ArchiveStatus.PENDING


@pytest.mark.django_db
@pytest.mark.broker
def test_a_step_too_far_off_for_a_countdown_is_sent_by_the_sweep_once_due():
    now = timezone.now()
    late = due_job_grace() + timedelta(seconds=1)
    due = ArchiveRequest.objects.create(
        article=ArticleFactory(), url="https://a.example/due", next_attempt_at=now - late
    )
    not_yet = ArchiveRequest.objects.create(
        article=ArticleFactory(), url="https://a.example/later", next_attempt_at=now + timedelta(seconds=40)
    )

    assert archive_requests_resume() == [due.id]
    assert not_yet.id not in archive_requests_resume()


@pytest.mark.django_db
def test_ingesting_an_article_with_claims_sends_it_to_the_archive(fixture_server, settings):
    from claims.models import Claim
    from claims.tasks import article_ingest_task
    from sources.models import Article
    from tests.support.articles import article_path
    from tests.support.fetch_support import MappingResolver, fetch_environment

    settings.FETCH_RETRIES = 0
    url = fixture_server.add("/port", body=article_path("harbour.html").read_bytes())
    article = Article.objects.create(submitted_url=url)
    with fetch_environment(settings, allowed_hosts=["127.0.0.1"], resolver=MappingResolver({})):
        article_ingest_task.apply(args=[article.id])

    assert Claim.objects.exists()
    (request,) = ArchiveRequest.objects.all()
    assert (request.article_id, request.status) == (article.id, ArchiveStatus.PENDING)
