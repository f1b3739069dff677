"""Fetch, index and feed-poll jobs on a real worker, against pages served by the loopback fixture server."""

from __future__ import annotations

import pytest
from django.db.models import Count

from sources.models import Document, Feed, FetchStatus, Passage
from sources.tasks import document_fetch_task, feeds_poll_task
from tests.factories import DocumentFactory
from tests.support.pages import article_html, rss_feed
from tests.support.waiting import wait_until
from tests.support.worker import WorkerProcess, worker_environment

pytestmark = [pytest.mark.slow, pytest.mark.broker]


@pytest.fixture
def fetching_worker(celery_worker_environment):
    worker = WorkerProcess(concurrency=2, env=celery_worker_environment)
    worker.wait_ready()
    yield worker
    worker.stop()


@pytest.fixture
def celery_worker_environment(transactional_db):
    # The fixture server listens on 127.0.0.1; fetch-level retries off so the job's own retries show.
    return worker_environment(FETCH_ALLOWED_INTERNAL_HOSTS="127.0.0.1", FETCH_POLITENESS_DELAY="0", FETCH_RETRIES="0")


def _pending(url: str) -> Document:
    return DocumentFactory(url=url, text="", content_hash="", fetch_status=FetchStatus.PENDING)


def _document(pk: int) -> Document:
    return Document.objects.get(pk=pk)


def test_a_fetched_document_is_indexed_and_fetching_twice_changes_nothing(fixture_server, fetching_worker):
    document = _pending(fixture_server.add("/report-1.html", body=article_html(1)))

    document_fetch_task.delay(document.id)
    wait_until(lambda: _document(document.id).indexed_at, timeout=90, message=fetching_worker.log())
    passages = list(Passage.objects.filter(document=document).values_list("position", "start", "end"))
    document_fetch_task.delay(document.id)
    wait_until(lambda: fetching_worker.log().count("sources.document_fetch") >= 4, timeout=90)

    fetched = _document(document.id)
    assert fetched.fetch_status == FetchStatus.FETCHED
    assert "Harbour Bridge audit of Portwell" in fetched.text
    assert passages
    assert list(Passage.objects.filter(document=document).values_list("position", "start", "end")) == passages
    assert len(fixture_server.requests_to("/report-1.html")) == 1  # a document with text is not fetched again


def test_a_transient_failure_is_retried_until_the_page_answers(fixture_server, fetching_worker):
    calls = {"n": 0}

    def flaky(handler):
        calls["n"] += 1
        if calls["n"] <= 2:
            handler._write(503, b"busy", {"Content-Type": "text/plain"})
        else:
            handler._write(200, article_html(2).encode(), {"Content-Type": "text/html; charset=utf-8"})

    document = _pending(fixture_server.add("/flaky.html", handler=flaky))

    document_fetch_task.delay(document.id)

    wait_until(lambda: _document(document.id).indexed_at, timeout=120, message=fetching_worker.log())
    assert calls["n"] == 3
    assert _document(document.id).fetch_error == ""


def test_a_permanent_failure_is_recorded_on_the_document_without_retrying(fixture_server, fetching_worker):
    document = _pending(fixture_server.url("/gone.html"))  # the server answers 404

    document_fetch_task.delay(document.id)

    wait_until(lambda: _document(document.id).fetch_status == FetchStatus.FAILED, timeout=90)
    assert _document(document.id).fetch_error == "Fetch failed: HTTP 404 Not Found"
    assert len(fixture_server.requests_to("/gone.html")) == 1


def test_polling_a_feed_stores_fetches_and_indexes_its_entries_once(fixture_server, fetching_worker):
    links = [fixture_server.add(f"/story-{n}.html", body=article_html(10 + n)) for n in range(3)]
    feed_url = fixture_server.add(
        "/feed.xml", body=rss_feed("Portwell Gazette", links), content_type="application/rss+xml"
    )
    Feed.objects.create(url=feed_url)

    feeds_poll_task.delay()
    wait_until(lambda: Document.objects.filter(indexed_at__isnull=False).count() == 3, timeout=120)
    feeds_poll_task.delay()
    wait_until(lambda: len(fixture_server.requests_to("/feed.xml")) == 2, timeout=60)
    wait_until(lambda: fetching_worker.log().count("sources.poll_feeds") >= 4, timeout=60)

    assert Document.objects.count() == 3
    assert not Document.objects.values("url").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert Feed.objects.get().title == "Portwell Gazette"
    assert all(len(fixture_server.requests_to(f"/story-{n}.html")) == 1 for n in range(3))
