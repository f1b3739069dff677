"""Polling the editors' feeds: every entry becomes a document once, and one bad entry or feed stops nothing."""

from __future__ import annotations

import pytest

from sources.models import Document, Feed
from sources.services.feeds import feeds_poll
from tests.support.pages import rss_feed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_fetching")]

RSS = "application/rss+xml"


def test_an_entry_with_an_unusable_link_is_skipped_and_the_other_feeds_are_still_polled(fixture_server):
    broken = rss_feed("A", ["http://example.org:99999/story", "https://example.org/story-a"])
    first = Feed.objects.create(url=fixture_server.add("/a.xml", body=broken, content_type=RSS))
    second = Feed.objects.create(
        url=fixture_server.add("/b.xml", body=rss_feed("B", ["https://example.org/story-b"]), content_type=RSS)
    )

    polls = feeds_poll()

    assert [(poll.feed_id, poll.error) for poll in polls] == [(first.pk, ""), (second.pk, "")]
    assert sorted(Document.objects.values_list("url", flat=True)) == [
        "https://example.org/story-a",
        "https://example.org/story-b",
    ]
