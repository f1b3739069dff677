"""RSS 2.0 / Atom feeds that editors list in the admin (``sources.models.Feed``), read with feedparser.

Bytes come from sources.fetching (feedparser is never given a URL, so it never fetches by itself).
``feed_entries(feed)`` makes a conditional GET with the ETag / Last-Modified stored on the row and
records them, the poll time and any error there: the feed poller calls it. The connector's ``search``
reads every enabled feed in full and keeps the entries that mention the query's entities, phrases or
key terms, inside the query's date window.
"""

from __future__ import annotations

import calendar
import io
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser
from django.utils import timezone

from sources.connectors.base import ConnectorError, FoundDocument, SearchQuery
from sources.connectors.common import BaseConnector, html_to_text
from sources.fetching import FetchError, fetch
from sources.models import Feed

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/x-rss+xml",
)


def feed_entries(feed: Feed, *, conditional: bool = True) -> list[FoundDocument]:
    """The feed's entries, or [] when the server says nothing changed (HTTP 304).

    Updates the row's ``etag``, ``last_modified``, ``last_polled_at``, ``last_error`` (and an empty
    ``title``). Raises ConnectorError after recording the reason in ``last_error``.
    """
    headers = _validators(feed) if conditional else {}
    try:
        result = fetch(feed.url, headers=headers, accept=FEED_TYPES)
        parsed = parse_feed(result.content, result.headers.get("content-type", "")) if result.status != 304 else None
    except (FetchError, ConnectorError) as exc:
        error = ConnectorError(f"feed {feed.url}: {exc}", transient=getattr(exc, "transient", False))
        _record(feed, last_error=str(error))
        raise error from exc
    if parsed is None:
        _record(feed, last_error="")
        return []
    _record(
        feed,
        etag=result.headers.get("etag", ""),
        last_modified=result.headers.get("last-modified", ""),
        title=feed.title or parsed.feed.get("title", "")[:300],
        last_error="",
    )
    return entries_to_documents(parsed, feed)


def _validators(feed: Feed) -> dict[str, str]:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def _record(feed: Feed, **fields) -> None:
    fields["last_polled_at"] = timezone.now()
    for name, value in fields.items():
        setattr(feed, name, value)
    Feed.objects.filter(pk=feed.pk).update(**fields)


def parse_feed(content: bytes, content_type: str) -> feedparser.FeedParserDict:
    """feedparser over bytes; a document that is not a feed at all raises ConnectorError."""
    parsed = feedparser.parse(io.BytesIO(content), response_headers={"content-type": content_type})
    if parsed.bozo and not parsed.entries:
        raise ConnectorError(f"not a readable feed: {parsed.get('bozo_exception', 'unknown problem')}")
    if not parsed.version and not parsed.entries:
        raise ConnectorError("not a readable feed: no RSS or Atom document in the response")
    return parsed


def entries_to_documents(parsed: feedparser.FeedParserDict, feed: Feed) -> list[FoundDocument]:
    publisher = parsed.feed.get("title", "") or feed.title
    language = (parsed.feed.get("language", "") or "").split("-")[0].lower()
    documents = []
    for entry in parsed.entries:
        link = entry.get("link") or (entry.get("id") if entry.get("guidislink") else "")
        if not link:
            continue
        documents.append(
            FoundDocument(
                url=urljoin(feed.url, link),  # a relative <link> is read against the feed's address
                title=html_to_text(entry.get("title", "")),
                publisher=publisher,
                published_at=_entry_date(entry),
                language=language,
                snippet=html_to_text(entry.get("summary", "")),
                extra={"feed_id": feed.pk, "entry_id": entry.get("id", "")},
            )
        )
    return documents


def _entry_date(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None


class RssConnector(BaseConnector):
    kind = "rss"
    service = "RSS"

    def run(self, query: SearchQuery) -> list[FoundDocument]:
        """Matching entries of every enabled feed, best match first; a feed that fails is skipped
        (its reason is on its row) unless every feed failed."""
        feeds = list(Feed.objects.filter(enabled=True))
        found, errors = [], []
        for feed in feeds:
            try:
                found += feed_entries(feed, conditional=False)
            except ConnectorError as exc:
                errors.append(exc)
        if feeds and len(errors) == len(feeds):
            transient = any(e.transient for e in errors)
            raise ConnectorError("; ".join(str(e) for e in errors), transient=transient)
        return rank_entries(found, query)


def rank_entries(documents: list[FoundDocument], query: SearchQuery) -> list[FoundDocument]:
    scored = []
    for doc in documents:
        if not _in_window(doc.published_at, query):
            continue
        score = match_score(f"{doc.title} {doc.snippet}", query)
        if score > 0:
            scored.append((score, doc.published_at or datetime.min.replace(tzinfo=UTC), doc))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [doc for _, _, doc in scored]


def match_score(text: str, query: SearchQuery) -> int:
    """2 per entity or phrase found, 1 per key term; below 2 (a lone key term) counts as no match
    unless the query has a single term."""
    haystack = text.casefold()
    strong = sum(2 for term in (*query.entities, *query.phrases) if term.strip() and term.casefold() in haystack)
    weak = sum(1 for term in query.keywords if term.strip() and term.casefold() in haystack)
    total_terms = len(query.entities) + len(query.phrases) + len(query.keywords)
    score = strong + weak
    return score if score >= 2 or (total_terms == 1 and score == 1) else 0


def _in_window(published: datetime | None, query: SearchQuery) -> bool:
    if published is None:
        return True
    return not ((query.since and published < query.since) or (query.until and published > query.until))
