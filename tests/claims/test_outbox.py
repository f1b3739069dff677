"""A broker that is down or stalled when a job is enqueued: nothing blocks, nothing is lost.

The app is pointed at a Unix socket nobody listens on (down) or one that accepts and never answers
(stalled). Enqueuing gives up after CELERY_PUBLISH_TIMEOUT; the run stays recorded in the outbox.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from claims.corroboration import claim_corroborate, runs_send_pending
from claims.models import CorroborationRun, RunStatus, RunTrigger
from claimtrack.celery import app
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.broker]


@pytest.fixture
def dead_broker(tmp_path):
    """Point the app at a Unix socket nobody listens on; restore the real broker afterwards."""
    real = app.conf.broker_url
    app.conf.broker_url = f"redis+socket://{tmp_path / 'no-broker.sock'}"
    yield real  # the working broker's URL
    app.conf.broker_url = real


@pytest.fixture
def stalled_broker(tmp_path):
    """A Unix socket that accepts connections and never answers (a hung broker)."""
    path = Path(f"/tmp/claimtrack-stalled-{id(tmp_path)}.sock")  # short: AF_UNIX paths are limited
    path.unlink(missing_ok=True)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(16)
    held: list[socket.socket] = []

    def accept_forever() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_forever, daemon=True).start()
    real = app.conf.broker_url
    app.conf.broker_url = f"redis+socket://{path}"
    yield
    app.conf.broker_url = real
    server.close()
    for conn in held:
        conn.close()
    path.unlink(missing_ok=True)


@pytest.mark.parametrize("broker", ["dead_broker", "stalled_broker"])
def test_a_broker_that_is_down_loses_no_job_and_blocks_no_request(
    broker, request, harbour_claim, client, django_capture_on_commit_callbacks
):
    request.getfixturevalue(broker)
    client.force_login(UserFactory(username="ada-admin", is_superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        [run] = claim_corroborate(claim=harbour_claim, connectors=["local"], trigger=RunTrigger.MANUAL)

    recorded = CorroborationRun.objects.get(id=run.id)
    assert (recorded.status, recorded.enqueued_at) == (RunStatus.QUEUED, None)  # in the outbox
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/django_celery_beat/periodictask/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["database"] == "ok"


def test_the_sweeper_sends_the_outbox_once_the_broker_is_back(harbour_claim, dead_broker):
    claim_corroborate(claim=harbour_claim, connectors=["local", "wikipedia"], trigger=RunTrigger.MANUAL)
    assert runs_send_pending(min_age=0) == 0  # still down: nothing sent, nothing lost

    app.conf.broker_url = dead_broker
    sent = runs_send_pending(min_age=0)

    assert sent == 2
    assert not CorroborationRun.objects.filter(enqueued_at__isnull=True).exists()
    assert runs_send_pending(min_age=0) == 0  # sent once only
    app.control.purge()


def test_an_article_submitted_while_the_broker_is_down_waits_in_the_outbox(dead_broker, client_for):
    """The API answers 202 at once; the ingestion job is sent by the sweeper once the broker is back."""
    from claims.services.ingestion import articles_send_pending
    from sources.models import Article, FetchStatus

    reviewer = UserFactory(username="outbox-reviewer", role="reviewer")
    response = client_for(reviewer).post(
        "/api/v1/articles/", {"url": "https://news.example.org/outbox-story"}, format="json"
    )
    assert response.status_code == 202, response.content
    article = Article.objects.get()
    assert (article.fetch_status, article.enqueued_at) == (FetchStatus.PENDING, None)

    app.conf.broker_url = dead_broker  # the broker is back
    assert articles_send_pending(min_age=0) == 1
    article.refresh_from_db()
    assert article.enqueued_at is not None
    assert articles_send_pending(min_age=0) == 0  # sent once, not again


def test_an_article_left_fetching_by_a_dead_worker_is_sent_again(settings):
    from datetime import timedelta

    from django.utils import timezone

    from claims.services.ingestion import articles_send_pending
    from sources.models import Article, FetchStatus
    from tests.factories import ArticleFactory

    article = ArticleFactory(url="", text="", content_hash="", fetch_status=FetchStatus.FETCHING)
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert articles_send_pending(min_age=0) == 1
    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.PENDING
    assert article.enqueued_at is not None


def test_an_article_that_waited_long_in_the_queue_is_not_taken_for_lost_once_a_worker_has_it(settings):
    """A job picked up an hour after submission: the sweeper leaves the row to the worker that has it."""
    from datetime import timedelta

    from django.utils import timezone

    from claims.services.ingestion import article_take_pending, articles_send_pending
    from sources.models import Article, FetchStatus
    from tests.factories import ArticleFactory

    article = ArticleFactory(url="", text="", content_hash="", fetch_status=FetchStatus.PENDING)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Article.objects.filter(pk=article.pk).update(
        updated_at=an_hour_ago, enqueued_at=an_hour_ago + timedelta(minutes=59)
    )

    assert article_take_pending(article_id=article.pk) is True
    assert article_take_pending(article_id=article.pk) is False  # a duplicate delivery does nothing
    assert articles_send_pending(min_age=0) == 0
    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FETCHING
    assert article.updated_at > an_hour_ago + timedelta(minutes=59)


def test_a_document_submitted_while_the_broker_is_down_waits_in_the_outbox(
    dead_broker, client_for, django_capture_on_commit_callbacks
):
    """The API answers 202 at once; the fetch job is sent by the sweeper once the broker is back."""
    from sources.models import Document, FetchStatus
    from sources.services.documents import documents_send_pending

    editor = UserFactory(username="outbox-editor", role="editor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post("/api/v1/documents/", {"url": "https://news.example.org/doc"}, format="json")
    assert response.status_code == 202, response.content
    document = Document.objects.get()
    assert (document.fetch_status, document.enqueued_at) == (FetchStatus.PENDING, None)
    assert documents_send_pending(min_age=0) == (0, 0)  # still down: nothing sent, nothing lost

    app.conf.broker_url = dead_broker  # the broker is back
    assert documents_send_pending(min_age=0) == (1, 0)
    document.refresh_from_db()
    assert document.enqueued_at is not None
    assert documents_send_pending(min_age=0) == (0, 0)  # sent once, not again
    app.control.purge()


def test_feed_entries_polled_while_the_broker_is_down_wait_in_the_outbox(dead_broker, fixture_server, settings):
    from sources.models import Document, Feed, FetchStatus
    from sources.tasks import feeds_poll_task
    from tests.support.fetch_support import MappingResolver, fetch_environment
    from tests.support.pages import rss_feed

    links = ["https://example.org/story-1", "https://example.org/story-2"]
    feed = rss_feed("Portwell Gazette", links)
    Feed.objects.create(url=fixture_server.add("/feed.xml", body=feed, content_type="application/rss+xml"))

    with fetch_environment(settings, allowed_hosts=["127.0.0.1"], resolver=MappingResolver({})):
        feeds_poll_task()

    stored = Document.objects.order_by("url")
    assert [(d.url, d.fetch_status, d.enqueued_at) for d in stored] == [(u, FetchStatus.PENDING, None) for u in links]


def test_documents_whose_fetch_or_index_never_happened_get_a_job_and_fresh_ones_wait():
    from datetime import timedelta

    from django.utils import timezone

    from sources.models import Document, FetchStatus
    from sources.services.documents import documents_send_pending
    from tests.factories import DocumentFactory

    now = timezone.now()
    left_pending = DocumentFactory(
        url="https://example.org/left", text="", content_hash="", fetch_status=FetchStatus.PENDING
    )
    just_found = DocumentFactory(
        url="https://example.org/new", text="", content_hash="", fetch_status=FetchStatus.PENDING
    )
    unindexed = DocumentFactory(url="https://example.org/unindexed", indexed_at=None)
    Document.objects.filter(pk=left_pending.pk).update(updated_at=now - timedelta(minutes=2))
    Document.objects.filter(pk=unindexed.pk).update(updated_at=now - timedelta(hours=1))

    assert documents_send_pending() == (1, 1)

    sent = {d.url: d.enqueued_at is not None for d in Document.objects.all()}
    assert sent == {left_pending.url: True, just_found.url: False, unindexed.url: False}
    assert documents_send_pending() == (0, 0)  # neither is sent twice
    app.control.purge()
