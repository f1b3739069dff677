"""Polling the RSS / Atom feeds editors manage: each entry becomes a Document to fetch and index."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

from sources.connectors.base import FoundDocument
from sources.models import ConnectorKind, Feed

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "text/plain",
)


@dataclass(frozen=True)
class FeedPoll:
    feed_id: int
    new_documents: list[int]
    error: str = ""


def feed_poll(*, feed: Feed) -> FeedPoll:
    """Fetch ``feed``, store each entry as a Document (deduplicated by URL); return the new documents.

    A failure is recorded on the feed (``last_error``) and returned; it never raises. The new
    documents still need fetching and indexing (the caller queues that).
    """
    import feedparser

    from sources import fetching
    from sources.services.documents import DocumentInputError, document_store

    try:
        response = fetching.fetch(feed.url, accept=FEED_TYPES)
    except fetching.FetchError as exc:
        return _record(feed, error=f"Fetch failed: {exc}")
    parsed = feedparser.parse(response.content)
    if parsed.bozo and not parsed.entries:
        return _record(feed, error=f"Not a readable feed: {parsed.get('bozo_exception', 'unknown error')}")
    new = []
    for entry in parsed.entries:
        try:
            document, created = document_store(found=_found(entry, parsed), connector=ConnectorKind.RSS)
        except DocumentInputError:
            continue  # an entry without a usable link: nothing to corroborate with
        if created:
            new.append(document.id)
    title = (parsed.feed.get("title") or "")[:300]
    return _record(feed, error="", title=title, new=new)


def _found(entry, parsed) -> FoundDocument:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC) if stamp else None
    return FoundDocument(
        url=entry.get("link", ""),
        title=entry.get("title", ""),
        publisher=parsed.feed.get("title", ""),
        published_at=published,
        snippet=entry.get("summary", ""),
    )


def _record(feed: Feed, *, error: str, title: str = "", new: list[int] | None = None) -> FeedPoll:
    changes = {"last_polled_at": timezone.now(), "last_error": error[:2000]}
    if title and not feed.title:
        changes["title"] = title
    Feed.objects.filter(id=feed.id).update(**changes)
    return FeedPoll(feed_id=feed.id, new_documents=new or [], error=error)


def feeds_poll() -> list[FeedPoll]:
    """Poll every enabled feed; one failing feed does not stop the others."""
    return [feed_poll(feed=feed) for feed in Feed.objects.filter(enabled=True)]
