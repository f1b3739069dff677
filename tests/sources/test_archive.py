"""Archiving sources in the Wayback Machine (Save Page Now 2 + availability API) against a local fake."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest

from sources import fetching
from sources.models import ArchiveRequest, ArchiveStatus
from sources.services.archive import archive_request_advance, archive_request_create
from tests.factories import ArticleFactory, DocumentFactory
from tests.support.wayback import JOB_ID, Answer, FakeWayback, fixture

SUCCESS_URL = "https://civicledger.example.org/fact-check/twenty-point-plan-constitution-clause"


@pytest.fixture
def wayback(fixture_server, settings):
    fake = FakeWayback(fixture_server).install()
    settings.WAYBACK_SAVE_URL = fake.save_url
    settings.WAYBACK_AVAILABLE_URL = fake.available_url
    settings.WAYBACK_WEB_URL = "https://web.archive.org/web"
    settings.WAYBACK_ACCESS_KEY = ""
    settings.WAYBACK_SECRET_KEY = ""
    settings.WAYBACK_POLL_INTERVAL = 0
    settings.WAYBACK_RETRY_BASE_SECONDS = 0
    settings.WAYBACK_MAX_ATTEMPTS = 3
    settings.WAYBACK_MAX_POLLS = 5
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.FETCH_POLITENESS_DELAY = 0
    fetching.clear_caches()
    return fake


def run_to_completion(request: ArchiveRequest) -> ArchiveRequest:
    """Drive the request like the Celery task does, without waiting between steps."""
    for _ in range(30):
        if archive_request_advance(request_id=request.id) is None:
            request.refresh_from_db()
            return request
    raise AssertionError("archive request did not finish in 30 steps")


@pytest.mark.django_db
def test_it_archives_an_article_after_a_pending_then_successful_capture(wayback):
    article = ArticleFactory(url=SUCCESS_URL, raw_content="<html>raw</html>")
    wayback.submits = [Answer(fixture("wayback-spn2-submit.json"))]
    wayback.statuses = [
        Answer(fixture("wayback-spn2-status-pending.json")),
        Answer(fixture("wayback-spn2-status.json")),
    ]

    request = run_to_completion(archive_request_create(article=article))

    assert request.status == ArchiveStatus.SUCCEEDED
    assert request.job_id == JOB_ID
    assert request.attempts == 1
    assert request.polls == 1
    assert request.last_response["status"] == "success"
    article.refresh_from_db()
    assert article.archive_url == f"https://web.archive.org/web/20251227094412/{SUCCESS_URL}"
    assert article.archived_at == datetime(2025, 12, 27, 9, 44, 12, tzinfo=UTC)
    assert article.raw_content == "<html>raw</html>"  # the stored copy is untouched
    assert len(wayback.server.requests_to(f"/save/status/{JOB_ID}")) == 2


@pytest.mark.django_db
def test_it_submits_the_url_with_skip_first_archive_and_the_configured_credentials(wayback, settings):
    settings.WAYBACK_ACCESS_KEY = "key123"
    settings.WAYBACK_SECRET_KEY = "secret456"
    document = DocumentFactory(url=SUCCESS_URL)
    wayback.submits = [Answer(fixture("wayback-spn2-submit.json"))]
    wayback.statuses = [Answer(fixture("wayback-spn2-status.json"))]

    run_to_completion(archive_request_create(document=document))

    (submit,) = wayback.server.requests_to("/save")
    assert submit.method == "POST"
    assert parse_qs(submit.body.decode()) == {"url": [SUCCESS_URL], "skip_first_archive": ["1"]}
    assert submit.headers["Accept"] == "application/json"
    assert submit.headers["Authorization"] == "LOW key123:secret456"
    assert submit.headers["Content-Type"] == "application/x-www-form-urlencoded"
    document.refresh_from_db()
    assert document.archive_url.startswith("https://web.archive.org/web/20251227094412/")


@pytest.mark.django_db
def test_it_sends_no_authorization_header_without_keys(wayback):
    document = DocumentFactory(url=SUCCESS_URL)
    wayback.submits = [Answer(fixture("wayback-spn2-submit.json"))]
    wayback.statuses = [Answer(fixture("wayback-spn2-status.json"))]

    run_to_completion(archive_request_create(document=document))

    assert "Authorization" not in wayback.server.requests_to("/save")[0].headers


@pytest.mark.django_db
def test_it_resubmits_after_a_transient_status_error_and_then_succeeds(wayback):
    article = ArticleFactory(url=SUCCESS_URL)
    transient = {**fixture("wayback-spn2-status-error.json"), "status_ext": "error:service-unavailable"}
    wayback.submits = [Answer(fixture("wayback-spn2-submit.json"))]
    wayback.statuses = [Answer(transient), Answer(fixture("wayback-spn2-status.json"))]

    request = archive_request_create(article=article)
    archive_request_advance(request_id=request.id)  # submit
    delay = archive_request_advance(request_id=request.id)  # poll -> transient error
    request.refresh_from_db()
    assert delay is not None
    assert request.status == ArchiveStatus.PENDING
    assert "error:service-unavailable" in request.error
    assert request.next_attempt_at is not None

    request = run_to_completion(request)
    assert request.status == ArchiveStatus.SUCCEEDED
    assert request.attempts == 2
    assert request.error == ""
    assert len(wayback.server.requests_to("/save")) == 2


@pytest.mark.django_db
def test_it_records_a_permanent_status_error_readably_when_no_earlier_capture_exists(wayback):
    article = ArticleFactory(url="https://gone.example.com/ukraine-plan")
    wayback.submits = [Answer(fixture("wayback-spn2-submit.json"))]
    wayback.statuses = [Answer(fixture("wayback-spn2-status-error.json"))]

    request = run_to_completion(archive_request_create(article=article))

    assert request.status == ArchiveStatus.FAILED
    assert request.attempts == 1  # permanent: no resubmission
    assert "error:invalid-host-resolution" in request.error
    assert "Couldn't resolve host for https://gone.example.com/ukraine-plan." in request.error
    assert len(wayback.server.requests_to("/save")) == 1
    assert len(wayback.server.requests_to("/wayback/available")) == 1
    article.refresh_from_db()
    assert article.archive_url == ""
    assert article.archived_at is None


@pytest.mark.django_db
def test_it_uses_the_closest_earlier_capture_when_the_submit_is_refused(wayback):
    url = "https://northbridge.example.com/world/2025/11/21/us-draft-28-points-nato"
    article = ArticleFactory(url=url)
    wayback.submits = [Answer(fixture("wayback-spn2-submit-error.json"))]
    wayback.availability = [Answer(fixture("wayback-available.json"))]

    request = run_to_completion(archive_request_create(article=article))

    assert request.status == ArchiveStatus.SUCCEEDED
    assert "error:invalid-host-resolution" in request.error  # why the earlier capture was used
    (lookup,) = wayback.server.requests_to("/wayback/available")
    assert parse_qs(lookup.query) == {"url": [url]}
    article.refresh_from_db()
    assert article.archive_url == f"https://web.archive.org/web/20251122061530/{url}"
    assert article.archived_at == datetime(2025, 11, 22, 6, 15, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_it_gives_up_after_the_maximum_attempts_of_a_failing_service(wayback, settings):
    settings.WAYBACK_MAX_ATTEMPTS = 2
    document = DocumentFactory(url=SUCCESS_URL)
    wayback.submits = [Answer({"message": "busy"}, status=503)]

    request = run_to_completion(archive_request_create(document=document))

    assert request.status == ArchiveStatus.FAILED
    assert request.attempts == 2
    assert "after 2 attempt(s)" in request.error
    assert "http-503" in request.error
    assert len(wayback.server.requests_to("/save")) == 2


@pytest.mark.django_db
def test_it_fails_at_once_on_refused_credentials(wayback):
    document = DocumentFactory(url=SUCCESS_URL)
    wayback.submits = [Answer({"message": "You need to be logged in to use Save Page Now."}, status=401)]

    request = run_to_completion(archive_request_create(document=document))

    assert request.status == ArchiveStatus.FAILED
    assert request.attempts == 1
    assert "WAYBACK_ACCESS_KEY" in request.error


@pytest.mark.django_db
def test_it_retries_a_job_that_stays_pending_too_long(wayback, settings):
    settings.WAYBACK_MAX_POLLS = 2
    settings.WAYBACK_MAX_ATTEMPTS = 2
    document = DocumentFactory(url=SUCCESS_URL)
    wayback.submits = [Answer(fixture("wayback-spn2-submit.json"))]
    wayback.statuses = [Answer(fixture("wayback-spn2-status-pending.json"))]

    request = run_to_completion(archive_request_create(document=document))

    assert request.status == ArchiveStatus.FAILED
    assert "poll-limit" in request.error
    assert len(wayback.server.requests_to("/save")) == 2


@pytest.mark.django_db
def test_it_treats_a_non_json_answer_as_a_transient_failure(wayback, settings):
    settings.WAYBACK_MAX_ATTEMPTS = 1
    document = DocumentFactory(url=SUCCESS_URL)
    wayback.submits = [Answer("<html>maintenance</html>")]

    request = run_to_completion(archive_request_create(document=document))

    assert request.status == ArchiveStatus.FAILED
    assert "bad-response" in request.error


@pytest.mark.django_db
def test_it_keeps_one_open_request_per_article(wayback):
    article = ArticleFactory(url=SUCCESS_URL)
    first = archive_request_create(article=article)
    second = archive_request_create(article=article)
    assert first.id == second.id
    assert ArchiveRequest.objects.filter(article=article).count() == 1


@pytest.mark.django_db
def test_advancing_a_finished_request_makes_no_call(wayback):
    document = DocumentFactory(url=SUCCESS_URL)
    wayback.submits = [Answer(fixture("wayback-spn2-submit.json"))]
    wayback.statuses = [Answer(fixture("wayback-spn2-status.json"))]
    request = run_to_completion(archive_request_create(document=document))
    calls = len(wayback.server.requests)

    assert archive_request_advance(request_id=request.id) is None
    assert archive_request_advance(request_id=999_999) is None
    assert len(wayback.server.requests) == calls


@pytest.mark.django_db
def test_it_refuses_a_request_without_exactly_one_target(wayback):
    with pytest.raises(ValueError, match="exactly one"):
        archive_request_create()
    assert ArchiveRequest.objects.count() == 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # the worker reads committed rows
def test_a_worker_archives_the_article_once_the_transaction_commits(wayback):
    from tests.support.waiting import wait_until
    from tests.support.worker import WorkerProcess, worker_environment

    article = ArticleFactory(url=SUCCESS_URL)
    wayback.submits = [Answer(fixture("wayback-spn2-submit.json"))]
    wayback.statuses = [
        Answer(fixture("wayback-spn2-status-pending.json")),
        Answer(fixture("wayback-spn2-status.json")),
    ]
    env = worker_environment(
        WAYBACK_SAVE_URL=wayback.save_url,
        WAYBACK_AVAILABLE_URL=wayback.available_url,
        WAYBACK_POLL_INTERVAL="0",
        FETCH_ALLOWED_INTERNAL_HOSTS="127.0.0.1",
        FETCH_POLITENESS_DELAY="0",
    )
    from claimtrack.celery import app

    app.control.purge()
    worker = WorkerProcess(env=env)
    try:
        worker.wait_ready()
        request = archive_request_create(article=article)  # autocommit: enqueued at once
        wait_until(
            lambda: ArchiveRequest.objects.filter(id=request.id, status=ArchiveStatus.SUCCEEDED).exists(),
            message="the worker did not archive the article",
        )
    finally:
        worker.stop()
    article.refresh_from_db()
    assert article.archive_url == f"https://web.archive.org/web/20251227094412/{SUCCESS_URL}"


@pytest.mark.django_db
def test_the_article_list_shows_the_archived_copy_beside_the_live_link(client, reviewer):
    ArticleFactory(url=SUCCESS_URL, archive_url=f"https://web.archive.org/web/20251227094412/{SUCCESS_URL}")
    client.force_login(reviewer)

    body = client.get("/admin/sources/article/").content.decode()

    assert f'href="{SUCCESS_URL}"' in body
    assert f'href="https://web.archive.org/web/20251227094412/{SUCCESS_URL}"' in body
