"""Preserve sources in the Wayback Machine: Save Page Now 2 (SPN2), with the availability API as fallback.

A request moves PENDING -> SUBMITTED -> SUCCEEDED, or ends FAILED with a readable reason. Each call of
:func:`archive_request_advance` makes at most one HTTP call and returns how long to wait before the
next step (``None`` when the request is finished), so a Celery task can drive it without sleeping.

SPN2 formats (see docs/archiving.md): ``POST /save`` answers ``{"url", "job_id"}`` or an immediate
error ``{"status": "error", "status_ext", "message"}``; ``GET /save/status/<job_id>`` answers
``status`` = ``pending`` | ``success`` (``timestamp``, ``original_url``) | ``error`` (``status_ext``).
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claimtrack.queueing import due_job_grace
from sources.fetching import FetchError, fetch
from sources.models import ArchiveRequest, ArchiveStatus, Article, Document

logger = logging.getLogger(__name__)

WAYBACK_ACCEPT = ("application/json", "text/*")

# status_ext codes that SPN2's docs say may succeed later; everything else is permanent for that URL.
TRANSIENT_STATUS_EXT = frozenset(
    {
        "error:bad-gateway",
        "error:gateway-timeout",
        "error:read-timeout",
        "error:service-unavailable",
        "error:cannot-fetch",
        "error:browsing-timeout",
        "error:no-browsers-available",
        "error:proxy-error",
        "error:celery",
        "error:job-failed",
        "error:internal-server-error",
        "error:soft-time-limit-exceeded",
        "error:too-many-requests",
        "error:user-session-limit",
        # Daily quotas reset: worth retrying after the backoff rather than giving up on the source.
        "error:too-many-daily-captures",
        "error:max-daily-bandwidth",
        "error:max-daily-bandwidth-from-ip",
        "error:max-daily-bandwidth-host",
    }
)


@dataclass(frozen=True)
class WaybackFailure:
    """A failed SPN2 step: the machine code, the human message, and whether a retry may help."""

    code: str
    message: str
    transient: bool

    def describe(self) -> str:
        return f"{self.code}: {self.message}" if self.message else self.code


# --- Enqueueing ------------------------------------------------------------------------------------


@transaction.atomic
def archive_request_create(*, article: Article | None = None, document: Document | None = None) -> ArchiveRequest:
    """Open an archive request for an article or a document and enqueue it after commit.

    Idempotent: an open request for the same target is returned as is, and a target already archived
    gets no new request (its succeeded request is returned).
    """
    if (article is None) == (document is None):
        raise ValueError("archive_request_create needs exactly one of article= or document=")
    target_filter = {"article": article} if article is not None else {"document": document}
    target = article if article is not None else document
    existing = (
        ArchiveRequest.objects.select_for_update()
        .filter(**target_filter, status__in=[ArchiveStatus.PENDING, ArchiveStatus.SUBMITTED, ArchiveStatus.SUCCEEDED])
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing
    request = ArchiveRequest.objects.create(**target_filter, url=target.url)
    from sources.tasks import archive_request_task

    transaction.on_commit(lambda: archive_request_task.delay(request.id))
    return request


def archive_articles(*, article_ids: list[int]) -> list[ArchiveRequest]:
    """Archive every article in ``article_ids`` that has a URL (texts pasted without one are skipped)."""
    articles = Article.objects.filter(id__in=article_ids).exclude(url="")
    return [archive_request_create(article=article) for article in articles]


def archive_documents(*, document_ids: list[int]) -> list[ArchiveRequest]:
    """Archive every document in ``document_ids``."""
    return [archive_request_create(document=document) for document in Document.objects.filter(id__in=document_ids)]


def archive_requests_resume(*, stalled_after: timedelta = timedelta(minutes=30)) -> list[int]:
    """Enqueue open requests whose next step is due, or whose job has not run for ``stalled_after``.

    A step further off than ``CELERY_RETRY_BACKOFF_MAX`` is not sent with a countdown: its row keeps
    ``next_attempt_at`` and this sweep sends it once due. A request with no next step scheduled that has
    not moved for ``stalled_after`` lost its broker message and is sent again. Returns their ids.
    """
    now = timezone.now()
    ids = list(
        ArchiveRequest.objects.filter(status__in=[ArchiveStatus.PENDING, ArchiveStatus.SUBMITTED])
        .filter(
            Q(next_attempt_at__isnull=True, updated_at__lt=now - stalled_after)
            | Q(next_attempt_at__lt=now - due_job_grace())
        )
        .values_list("id", flat=True)
    )
    from sources.tasks import archive_request_task

    for request_id in ids:
        archive_request_task.delay(request_id)
    return ids


# --- Advancing -------------------------------------------------------------------------------------


def archive_request_advance(*, request_id: int) -> float | None:
    """Make the next step of one request; return seconds until the step after, or ``None`` when done.

    Safe to run twice: a finished or vanished request is a no-op, and each step writes only after a
    compare-and-swap on ``updated_at`` so a duplicate task cannot apply the same step twice.
    """
    request = ArchiveRequest.objects.filter(id=request_id).first()
    if request is None or request.status in (ArchiveStatus.SUCCEEDED, ArchiveStatus.FAILED):
        return None
    if request.status == ArchiveStatus.PENDING:
        return _submit(request)
    return _poll(request)


def _submit(request: ArchiveRequest) -> float | None:
    request.attempts += 1  # in memory only; every write below of this step stores it
    form = {"url": request.url, "skip_first_archive": "1"}
    try:
        data = _call(settings.WAYBACK_SAVE_URL, method="POST", data=urlencode(form).encode())
    except WaybackError as exc:
        return _handle_failure(request, exc.failure, response=exc.body)
    if data.get("job_id"):
        _update(
            request,
            status=ArchiveStatus.SUBMITTED,
            job_id=str(data["job_id"]),
            polls=0,
            attempts=request.attempts,
            last_response=data,
        )
        return settings.WAYBACK_POLL_INTERVAL
    if data.get("status") == "error":
        return _handle_failure(request, _failure_from(data), response=data)
    # job_id null with "The same snapshot had been made N minutes ago": a recent capture exists.
    failure = WaybackFailure("no-job", str(data.get("message") or "SPN2 returned no job id"), transient=False)
    return _handle_failure(request, failure, response=data)


def _poll(request: ArchiveRequest) -> float | None:
    status_url = f"{settings.WAYBACK_SAVE_URL.rstrip('/')}/status/{quote(request.job_id, safe='')}"
    try:
        data = _call(status_url, method="GET")
    except WaybackError as exc:
        return _handle_failure(request, exc.failure, response=exc.body)
    state = data.get("status")
    if state == "success" and data.get("timestamp"):
        original = str(data.get("original_url") or request.url)
        return _succeed(request, _snapshot_url(str(data["timestamp"]), original), str(data["timestamp"]), data)
    if state == "pending":
        if request.polls + 1 >= settings.WAYBACK_MAX_POLLS:
            failure = WaybackFailure("poll-limit", f"still pending after {request.polls + 1} polls", transient=True)
            return _handle_failure(request, failure, response=data)
        _update(request, polls=request.polls + 1, last_response=data)
        return settings.WAYBACK_POLL_INTERVAL
    if state == "error":
        return _handle_failure(request, _failure_from(data), response=data)
    failure = WaybackFailure("bad-response", f"unexpected status {state!r} from SPN2", transient=True)
    return _handle_failure(request, failure, response=data)


def _handle_failure(request: ArchiveRequest, failure: WaybackFailure, *, response: dict) -> float | None:
    """Retry a transient failure with backoff; otherwise (or when out of attempts) try the fallback."""
    attempts = request.attempts
    if failure.transient and attempts < settings.WAYBACK_MAX_ATTEMPTS:
        delay = backoff_seconds(attempts)
        _update(
            request,
            status=ArchiveStatus.PENDING,
            attempts=attempts,
            job_id="",
            polls=0,
            error=f"attempt {attempts}: {failure.describe()}",
            last_response=response,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )
        return delay
    return _fallback(request, failure, attempts=attempts, response=response)


def _fallback(request: ArchiveRequest, failure: WaybackFailure, *, attempts: int, response: dict) -> None:
    """Use the closest existing capture from the availability API, or record the failure."""
    snapshot = _closest_snapshot(request.url)
    if snapshot is not None:
        url, timestamp, data = snapshot
        _succeed(request, url, timestamp, data, note=failure.describe())
        return None
    reason = f"Save Page Now failed after {attempts} attempt(s): {failure.describe()}; no earlier capture found"
    _update(
        request,
        status=ArchiveStatus.FAILED,
        attempts=attempts,
        error=reason,
        last_response=response,
        finished_at=timezone.now(),
        next_attempt_at=None,
    )
    return None


def _closest_snapshot(url: str) -> tuple[str, str, dict] | None:
    """The availability API's closest capture as (archive URL, timestamp, response), or ``None``.

    A miss also means "archive not accessible right now", so it is never read as "never archived".
    """
    try:
        data = _call(f"{settings.WAYBACK_AVAILABLE_URL}?{urlencode({'url': url})}", method="GET")
    except WaybackError as exc:
        logger.info("wayback availability lookup for %s failed: %s", url, exc.failure.describe())
        return None
    closest = (data.get("archived_snapshots") or {}).get("closest") or {}
    if not closest.get("available") or not closest.get("timestamp"):
        return None
    # The API answers with http:// snapshot URLs; the canonical form is https.
    return _snapshot_url(str(closest["timestamp"]), url), str(closest["timestamp"]), data


def _succeed(
    request: ArchiveRequest,
    archive_url: str,
    timestamp: str,
    data: dict,
    *,
    note: str = "",
) -> None:
    archived_at = _parse_timestamp(timestamp)
    with transaction.atomic():
        changed = _update(
            request,
            status=ArchiveStatus.SUCCEEDED,
            archive_url=archive_url,
            attempts=request.attempts,
            error=f"used an earlier capture after {note}" if note else "",
            last_response=data,
            finished_at=timezone.now(),
            next_attempt_at=None,
        )
        if changed:
            target_model = Article if request.article_id else Document
            target_id = request.article_id or request.document_id
            target_model.objects.filter(id=target_id).update(archive_url=archive_url, archived_at=archived_at)


def _update(request: ArchiveRequest, **fields) -> bool:
    """Write ``fields`` only if nobody else advanced the request since it was read (compare-and-swap)."""
    fields["updated_at"] = timezone.now()
    changed = ArchiveRequest.objects.filter(id=request.id, updated_at=request.updated_at).update(**fields)
    if changed:
        for name, value in fields.items():
            setattr(request, name, value)
    return bool(changed)


# --- HTTP ------------------------------------------------------------------------------------------


class WaybackError(Exception):
    def __init__(self, failure: WaybackFailure, body: dict | None = None):
        super().__init__(failure.describe())
        self.failure = failure
        self.body = body or {}


def _call(url: str, *, method: str, data: bytes | None = None) -> dict:
    """One SPN2 / availability call through sources.fetching; a JSON object or a :class:`WaybackError`."""
    headers = {"Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if settings.WAYBACK_ACCESS_KEY and settings.WAYBACK_SECRET_KEY:
        headers["Authorization"] = f"LOW {settings.WAYBACK_ACCESS_KEY}:{settings.WAYBACK_SECRET_KEY}"
    try:
        # retries=0: this module schedules its own retries (a blind re-POST could start a second capture);
        # robots=False: a documented API, not a crawl.
        result = fetch(url, method=method, data=data, headers=headers, accept=WAYBACK_ACCEPT, robots=False, retries=0)
    except FetchError as exc:
        raise WaybackError(_failure_from_fetch_error(exc)) from exc
    return _json_object(result.content)


def _failure_from_fetch_error(exc: FetchError) -> WaybackFailure:
    status = exc.status
    if status == 401:
        return WaybackFailure("http-401", "Save Page Now refused the credentials (WAYBACK_ACCESS_KEY)", False)
    if status == 429:
        return WaybackFailure("http-429", "Save Page Now rate limit", True)
    code = f"http-{status}" if status else "fetch-error"
    return WaybackFailure(code, exc.message, transient=exc.transient)


def _failure_from(data: dict) -> WaybackFailure:
    code = str(data.get("status_ext") or "error:unknown")
    message = str(data.get("message") or data.get("exception") or "")
    return WaybackFailure(code, message, transient=code in TRANSIENT_STATUS_EXT)


def _json_object(content: bytes) -> dict:
    data = _json_or_empty(content)
    if not data:
        raise WaybackError(WaybackFailure("bad-response", "Wayback answered with no JSON object", transient=True))
    return data


def _json_or_empty(content: bytes) -> dict:
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


# --- Small helpers ---------------------------------------------------------------------------------


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with full jitter on the upper half, capped (attempt counts from 1)."""
    ceiling = min(settings.WAYBACK_RETRY_MAX_SECONDS, settings.WAYBACK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not security


def _snapshot_url(timestamp: str, original_url: str) -> str:
    return f"{settings.WAYBACK_WEB_URL.rstrip('/')}/{timestamp}/{original_url}"


def _parse_timestamp(timestamp: str) -> datetime:
    """A Wayback timestamp (1-14 digits, YYYYMMDDhhmmss) as an aware UTC datetime."""
    padded = timestamp + "00000101000000"[len(timestamp) :]
    return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
