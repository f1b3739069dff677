"""Polling the RSS / Atom feeds editors manage: each new entry becomes a Document to fetch and index."""

from __future__ import annotations

from dataclasses import dataclass

from sources.models import ConnectorKind, Feed


@dataclass(frozen=True)
class FeedPoll:
    feed_id: int
    new_documents: list[int]
    error: str = ""


def feed_poll(*, feed: Feed) -> FeedPoll:
    """Read ``feed`` (a conditional GET) and store each entry as a Document; return the new ones.

    Entries are deduplicated by canonical URL, so polling twice stores nothing twice. A failure is
    recorded on the feed (``last_error``, by ``feed_entries``) and returned; it never raises. The new
    documents still need fetching and indexing: the caller queues that.
    """
    from sources.connectors.base import ConnectorError
    from sources.connectors.rss import feed_entries
    from sources.services.documents import DocumentInputError, document_store

    try:
        entries = feed_entries(feed)
    except ConnectorError as exc:
        return FeedPoll(feed_id=feed.id, new_documents=[], error=str(exc))
    new = []
    for found in entries:
        try:
            document, created = document_store(found=found, connector=ConnectorKind.RSS)
        except DocumentInputError:
            continue  # an entry whose link is not an http(s) URL: nothing to fetch
        if created:
            new.append(document.id)
    return FeedPoll(feed_id=feed.id, new_documents=new)


def feeds_poll() -> list[FeedPoll]:
    """Poll every enabled feed; one failing feed does not stop the others."""
    return [feed_poll(feed=feed) for feed in Feed.objects.filter(enabled=True)]
