"""GDELT DOC 2.0 API, article list in JSON (README section 2 of the connector reference, ../shared/connectors).

- Query syntax: ``"exact phrase"``, and OR'd terms only inside parentheses: ``(NATO OR OTAN)``.
  Single words are never quoted (GDELT refuses short quoted phrases such as ``"EU"``).
- The window is ``startdatetime``/``enddatetime`` (``YYYYMMDDHHMMSS`` UTC), never mixed with ``timespan``.
- A body is data only if its Content-Type is JSON and it starts with ``{``. Query errors come as a
  plain-text sentence with HTTP 200; throttling as a sentence with 429 (sometimes 200). Both become
  ConnectorError, never an empty result. ``{}`` is "no articles".
- GDELT asks for one request every 5 s: that is this connector's politeness interval (option
  ``min_interval``), and throttling is handed back with ``retry_after`` of at least 5 s.
- Some bodies carry invalid JSON escapes; the stray backslashes are dropped and the body re-parsed.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from sources.connectors.base import ConnectorError, FoundDocument, SearchQuery
from sources.connectors.common import BaseConnector, clean_params, parse_timestamp, query_terms
from sources.fetching import FetchResult

DEFAULT_ENDPOINT = "https://api.gdeltproject.org/api/v2/doc/doc"
ARCHIVE_START = datetime(2017, 1, 1, tzinfo=UTC)
THROTTLE_WAIT = 5.0
ILLEGAL = re.compile(r"[^\w\s'.-]+", re.UNICODE)
BAD_ESCAPE = re.compile(r'\\(?!["\\/bfnrtu])')
LANGUAGES = {
    "english": "en",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "polish": "pl",
    "ukrainian": "uk",
    "russian": "ru",
    "arabic": "ar",
    "chinese": "zh",
    "japanese": "ja",
    "turkish": "tr",
}


class GdeltConnector(BaseConnector):
    kind = "gdelt"
    service = "GDELT"

    def run(self, query: SearchQuery) -> list[FoundDocument]:
        params = {"query": build_query(query), "mode": "artlist", "format": "json"}
        params |= {"maxrecords": min(self.max_results, 250), "sort": self.option("sort", "")}
        params |= date_window(query.since, query.until)
        result = self.get(
            self.config.base_url or DEFAULT_ENDPOINT,
            params=clean_params(params),
            accept=("application/json", "text/html", "text/plain"),
            robots=False,
            retries=0,  # throttling must wait >= 5 s: handed back, not retried at once
            min_interval=float(self.option("min_interval", THROTTLE_WAIT)),
        )
        return [self.document(article) for article in parse_articles(result)]

    def error_from_fetch(self, exc):
        error = super().error_from_fetch(exc)
        if exc.status == 429:
            error.retry_after = max(THROTTLE_WAIT, exc.retry_after or 0)
        return error

    def document(self, article: dict) -> FoundDocument:
        seen = parse_timestamp(article.get("seendate"), "%Y%m%dT%H%M%SZ")
        return FoundDocument(
            url=article["url"],
            title=tidy_title(article.get("title", "")),
            publisher=article.get("domain", ""),
            published_at=seen,  # when GDELT saw the page: the closest it gives to a publication time
            language=LANGUAGES.get(str(article.get("language", "")).lower(), ""),
            extra={
                "seendate": article.get("seendate", ""),
                "domain": article.get("domain", ""),
                "sourcecountry": article.get("sourcecountry", ""),
                "language_name": article.get("language", ""),
                "url_mobile": article.get("url_mobile", ""),
                "socialimage": article.get("socialimage", ""),
            },
        )


def build_query(query: SearchQuery) -> str:
    """``"phrase" Entity (key OR terms)``; raises ConnectorError when nothing searchable remains."""
    phrases = [_term(p) for p in (*query.phrases, *query.entities) if " " in p.strip()]
    words = [_term(t) for t in (*query.entities, *query.keywords) if " " not in t.strip()]
    parts = [f'"{p}"' for p in dict.fromkeys(p for p in phrases if p)][:2]
    words = [w for w in dict.fromkeys(words) if len(w) >= 3]
    if len(words) > 1:
        parts.append("(" + " OR ".join(words[:6]) + ")")
    elif words:
        parts.append(words[0])
    if not parts:
        candidates = (_term(w) for w in (*query_terms(query), *query.text.split()))
        fallback = [w for w in dict.fromkeys(candidates) if len(w) >= 3]
        parts = fallback[:4]
    if not parts:
        raise ConnectorError("GDELT: the claim has no term long enough to search for")
    return " ".join(parts)


def _term(text: str) -> str:
    return " ".join(ILLEGAL.sub(" ", text).split())


def date_window(since: datetime | None, until: datetime | None) -> dict[str, str]:
    if since is None and until is None:
        return {}  # GDELT's default: the last three months
    end = min(until or datetime.now(UTC), datetime.now(UTC))
    start = max(since or ARCHIVE_START, ARCHIVE_START)
    return {"startdatetime": _stamp(start), "enddatetime": _stamp(end)}


def _stamp(value: datetime) -> str:
    value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value.strftime("%Y%m%d%H%M%S")


def parse_articles(result: FetchResult) -> list[dict]:
    """Articles of a DOC API answer; any non-JSON answer is a ConnectorError with GDELT's sentence."""
    text = result.text.strip()
    if result.content_type not in ("application/json", "text/json") or not text.startswith("{"):
        raise text_error(text)
    try:
        body = json.loads(text)
    except ValueError:
        try:
            body = json.loads(BAD_ESCAPE.sub("", text))
        except ValueError as exc:
            raise ConnectorError(f"GDELT: the answer is not valid JSON ({exc})") from exc
    articles = body.get("articles", []) if isinstance(body, dict) else []
    return [a for a in articles if isinstance(a, dict) and a.get("url")]


def text_error(text: str) -> ConnectorError:
    sentence = " ".join(text.split())[:300] or "an empty answer"
    if "limit requests" in sentence.lower():
        return ConnectorError(f"GDELT throttled the request: {sentence}", transient=True, retry_after=THROTTLE_WAIT)
    return ConnectorError(f"GDELT rejected the query: {sentence}")


def tidy_title(title: str) -> str:
    """GDELT titles often read ``word , word``: put the punctuation back against the word."""
    return re.sub(r"\s+([,.;:!?])", r"\1", " ".join(title.split()))
