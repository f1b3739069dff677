"""Generated HTML article pages and an RSS feed for fetch / index / throughput tests."""

from __future__ import annotations

from html import escape


def article_html(number: int, *, paragraphs: int = 6) -> str:
    """A plain news page whose main text a readability extractor finds (distinct per ``number``)."""
    body = "\n".join(
        f"<p>Paragraph {p} of report {number}: the Harbour Bridge audit of Portwell found that the cost rose "
        f"to {100 + number} million euros, according to figures the council published on day {p}.</p>"
        for p in range(paragraphs)
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Report {number}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Harbour Bridge report {number}</h1>{body}"
        f"</article><footer>Portwell Gazette</footer></body></html>"
    )


def rss_feed(title: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>Story {n}</title><link>{escape(link)}</link>"
        f"<pubDate>Mon, 03 Mar 2025 0{n % 10}:00:00 GMT</pubDate></item>"
        for n, link in enumerate(links)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{escape(title)}</title><link>https://example.org/</link><description>d</description>"
        f"{items}</channel></rss>"
    )
