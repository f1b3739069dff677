"""RSS / Atom: feedparser over fetched bytes, conditional GET stored on the Feed row, query filtering."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sources.connectors import get_connector
from sources.connectors.base import ConnectorError, SearchQuery
from sources.connectors.rss import feed_entries
from sources.models import Feed
from tests.sources.connectors.conftest import fixture_bytes
from tests.support.pages import rss_feed as rss_feed_xml

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
VALIDATORS = {"ETag": '"v1-rss"', "Last-Modified": "Thu, 04 Dec 2025 16:02:11 GMT"}


def conditional(body: bytes, content_type: str):
    """Serve the feed with validators; answer 304 when the client sends them back."""

    def handle(request) -> None:
        if request.headers.get("If-None-Match") == VALIDATORS["ETag"]:
            request._write(304, b"", {})
        else:
            request._write(200, body, {"Content-Type": content_type, **VALIDATORS})

    return handle


@pytest.fixture
def rss_feed(db, fixture_server):
    fixture_server.add("/world/rss.xml", handler=conditional(fixture_bytes("feed-rss2.xml"), RSS))
    return Feed.objects.create(url=fixture_server.url("/world/rss.xml"))


@pytest.fixture
def atom_feed(db, fixture_server):
    url = fixture_server.add("/fact-check/atom.xml", body=fixture_bytes("feed-atom.xml"), content_type=ATOM)
    return Feed.objects.create(url=url, title="Our name for it")


def test_rss_entries_become_documents_and_the_validators_are_stored(rss_feed):
    documents = feed_entries(rss_feed)

    assert [d.url for d in documents] == [
        "https://northbridge.example.com/world/2025/12/04/nato-questions-separate-track",
        "https://northbridge.example.com/world/2025/11/24/revised-plan-twenty-points",
        "https://northbridge.example.com/world/2025/11/28/rutte-no-consensus",
    ]
    rutte = documents[2]
    assert rutte.title == "Rutte: no consensus among allies on Ukrainian membership"
    assert rutte.published_at == datetime(2025, 11, 28, 7, 5, tzinfo=UTC)
    assert (
        rutte.snippet
        == "The NATO secretary general said the alliance had no consensus on admitting Ukraine at present."
    )
    assert (rutte.publisher, rutte.language, rutte.text) == ("Northbridge Daily - World", "en", "")
    rss_feed.refresh_from_db()
    assert (rss_feed.etag, rss_feed.last_modified) == ('"v1-rss"', "Thu, 04 Dec 2025 16:02:11 GMT")
    assert rss_feed.title == "Northbridge Daily - World"
    assert rss_feed.last_polled_at is not None
    assert rss_feed.last_error == ""


def test_a_relative_entry_link_is_read_against_the_feed_address(db, fixture_server):
    body = rss_feed_xml("Portwell Gazette", ["/news/marsh-answers", "https://example.org/b"])
    feed = Feed.objects.create(url=fixture_server.add("/news/feed.xml", body=body, content_type=RSS))

    assert [d.url for d in feed_entries(feed)] == [fixture_server.url("/news/marsh-answers"), "https://example.org/b"]


def test_the_next_poll_is_conditional_and_304_gives_nothing_new(rss_feed, fixture_server):
    feed_entries(rss_feed)
    rss_feed.refresh_from_db()

    assert feed_entries(rss_feed) == []

    second = fixture_server.requests_to("/world/rss.xml")[1]
    assert second.headers["If-None-Match"] == '"v1-rss"'
    assert second.headers["If-Modified-Since"] == "Thu, 04 Dec 2025 16:02:11 GMT"


def test_atom_entries_keep_plain_titles_and_the_row_title(atom_feed, settings, fixture_server):
    documents = feed_entries(atom_feed)

    assert [d.title for d in documents] == [
        "The 20-point plan dropped the constitutional clause on NATO",
        "No, allies have not agreed to admit Ukraine after the war",
    ]
    assert documents[1].published_at == datetime(2025, 12, 1, 6, 15, tzinfo=UTC)
    assert documents[1].snippet.startswith("The claim of a unanimous decision has no basis")
    atom_feed.refresh_from_db()
    assert atom_feed.title == "Our name for it"
    assert fixture_server.requests_to("/fact-check/atom.xml")[0].headers["User-Agent"] == settings.FETCH_USER_AGENT


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"<html><body>Not a feed</body></html>", "text/html", "content type text/html is not allowed"),
        (b"just some words, not XML", RSS, "not a readable feed: <unknown>:2:0: syntax error"),
        (b"<html><body><p>Moved</p></body></html>", RSS, "not a readable feed: no RSS or Atom document"),
    ],
)
def test_a_broken_feed_raises_and_records_the_reason_on_the_row(db, fixture_server, body, content_type, message):
    feed = Feed.objects.create(url=fixture_server.add("/bad.xml", body=body, content_type=content_type))

    with pytest.raises(ConnectorError, match=message) as error:
        feed_entries(feed)

    assert error.value.transient is False
    feed.refresh_from_db()
    assert message in feed.last_error
    assert feed.etag == ""


def test_search_keeps_matching_entries_of_enabled_feeds_best_first(rss_feed, atom_feed, fixture_server, db):
    disabled = Feed.objects.create(url=fixture_server.add("/off.xml", body="x", content_type=RSS), enabled=False)
    query = SearchQuery(text="...", entities=("NATO",), keywords=("consensus", "Ukraine"))

    documents = get_connector("rss").search(query)

    titles = [d.title for d in documents]
    # NATO (entity, 2) + consensus + Ukraine (key terms, 1 each) = 4: the best match.
    assert titles[0] == "Rutte: no consensus among allies on Ukrainian membership"
    assert "No, allies have not agreed to admit Ukraine after the war" in titles  # Ukraine + consensus
    assert "The 20-point plan dropped the constitutional clause on NATO" in titles
    assert len(titles) == 5
    assert fixture_server.requests_to("/off.xml") == [] and disabled.last_polled_at is None


def test_search_respects_the_date_window(rss_feed):
    query = SearchQuery(
        text="...",
        entities=("NATO",),
        since=datetime(2025, 12, 1, tzinfo=UTC),
        until=datetime(2025, 12, 31, tzinfo=UTC),
    )

    documents = get_connector("rss").search(query)

    assert [d.title for d in documents] == [
        "NATO questions to be settled apart from the Ukraine peace text, ministers say"
    ]


def test_search_fails_only_when_every_feed_failed(db, fixture_server, rss_feed):
    Feed.objects.create(url=fixture_server.url("/missing.xml"))
    query = SearchQuery(text="...", entities=("NATO",))

    assert len(get_connector("rss").search(query)) == 3

    Feed.objects.filter(pk=rss_feed.pk).update(enabled=False)
    with pytest.raises(ConnectorError, match="HTTP 404 Not Found"):
        get_connector("rss").search(query)
