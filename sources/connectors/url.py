"""URLs a reviewer added to a claim: each is fetched (safely) and its main text extracted.

HTML goes to ``sources.text.extract_html`` (trafilatura); plain text is kept as it is. A URL that
fails is still returned, with an empty text and the reason in ``extra["fetch_error"]`` (and
``extra["transient"]``), so the caller records it on the document; the connector raises only when
every URL failed and at least one failure may pass (the job is then retried).
"""

from __future__ import annotations

from sources.connectors.base import ConnectorError, FoundDocument, SearchQuery
from sources.connectors.common import BaseConnector
from sources.fetching import FetchError, FetchResult, fetch
from sources.text import TextInputError, extract_html

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


class UrlConnector(BaseConnector):
    kind = "url"
    service = "URL"

    @property
    def max_results(self) -> int:
        return 1000  # every URL a reviewer added is wanted; max_results limits searches, not this

    def run(self, query: SearchQuery) -> list[FoundDocument]:
        documents = [fetch_document(url) for url in dict.fromkeys(query.urls)]
        failures = [d for d in documents if "fetch_error" in d.extra]
        if documents and len(failures) == len(documents) and any(d.extra["transient"] for d in failures):
            raise ConnectorError("; ".join(d.extra["fetch_error"] for d in failures), transient=True)
        return documents


def fetch_document(url: str) -> FoundDocument:
    """The page at ``url`` with its main text, or a document carrying the reason it could not be read."""
    try:
        result = fetch(url, accept=PAGE_TYPES)
        return page_document(url, result)
    except FetchError as exc:
        return FoundDocument(url=url, extra={"fetch_error": f"{url}: {exc.message}", "transient": exc.transient})
    except TextInputError as exc:
        return FoundDocument(url=url, extra={"fetch_error": f"{url}: {exc}", "transient": False})


def page_document(url: str, result: FetchResult) -> FoundDocument:
    if result.content_type == "text/plain":
        text = result.text.strip()
        return FoundDocument(url=result.url, title=text.splitlines()[0][:300] if text else "", text=text)
    extracted = extract_html(result.text, url=result.url)
    return FoundDocument(
        url=result.url,
        title=extracted.title,
        publisher=extracted.outlet,
        published_at=extracted.published_at,
        language=extracted.language,
        text=extracted.text,
        extra={"authors": extracted.authors, **({"requested_url": url} if result.url != url else {})},
    )
