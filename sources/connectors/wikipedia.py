"""Wikipedia (any MediaWiki) through the Action API: ``list=search``, then ``prop=extracts`` as plain text.

Formats are in ../shared/connectors/README.md section 1. Points that shape this code:
- errors come back with HTTP 200 and a top-level ``error`` object (fv1 ``*`` / fv2 ``docref``);
- ``maxlag=5`` is sent; a ``maxlag`` error is transient and carries ``Retry-After`` (at least 5 s):
  it goes back to the caller (the job retries later) instead of busy-waiting here;
- fv2 is requested, but fv1 bodies (``pages`` keyed by page id) are read too;
- whole-article extracts come one per request, so by default only the lead section (``exintro``) is
  asked for, all titles in one request; options ``{"extract": "full"}`` asks page by page;
- requests go in series, never in parallel; robots.txt is not consulted because the API is the
  documented way in (``/w/`` is disallowed to crawlers, not to API clients).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sources.connectors.base import ConnectorError, FoundDocument, SearchQuery
from sources.connectors.common import JSON_TYPES, BaseConnector, html_to_text, parse_timestamp, query_terms

TRANSIENT_CODES = {"maxlag", "ratelimited", "readonly", "internal_api_error_DBQueryError", "ratelimit"}
DEFAULT_ENDPOINT = "https://en.wikipedia.org/w/api.php"
EXTRACTS_PER_REQUEST = 20  # the API's exlimit maximum for intro extracts


class WikipediaConnector(BaseConnector):
    kind = "wikipedia"
    service = "Wikipedia"

    @property
    def endpoint(self) -> str:
        return self.config.base_url or DEFAULT_ENDPOINT

    def run(self, query: SearchQuery) -> list[FoundDocument]:
        hits = self.search_titles(search_string(query))
        if not hits:
            return []
        extracts = self.extracts([hit["title"] for hit in hits])
        return [self.document(hit, extracts) for hit in hits if hit["title"] in extracts]

    def api(self, params: dict[str, Any]) -> dict:
        """One API call; raises ConnectorError for HTTP failures and for errors in 200 bodies."""
        params = {**params, "format": "json", "formatversion": "2", "maxlag": "5", "utf8": "1"}
        result = self.get(self.endpoint, params=params, accept=JSON_TYPES, robots=False)
        body = result.json()
        error = body.get("error") if isinstance(body, dict) else None
        if error:
            raise self.api_error(error, result.headers.get("retry-after"))
        if not isinstance(body, dict):
            raise ConnectorError(f"{self.service}: unexpected response {type(body).__name__}")
        return body

    def api_error(self, error: dict, retry_after: str | None) -> ConnectorError:
        code = str(error.get("code", "unknown"))
        info = str(error.get("info", "")).strip()
        transient = code in TRANSIENT_CODES or code.startswith("internal_api_error")
        wait = None
        if code == "maxlag":
            wait = max(5.0, float(retry_after)) if (retry_after or "").isdigit() else 5.0
        return ConnectorError(f"{self.service} API error {code}: {info}", transient=transient, retry_after=wait)

    def search_titles(self, search: str) -> list[dict]:
        params = {"action": "query", "list": "search", "srsearch": search, "srlimit": self.max_results}
        params["srprop"] = "snippet|timestamp"
        return list(self.api(params).get("query", {}).get("search", []))

    def extracts(self, titles: list[str]) -> dict[str, str]:
        """Plain-text extract per requested title (redirects and normalisation followed; missing skipped)."""
        if self.option("extract", "intro") == "full":
            found: dict[str, str] = {}
            for title in titles:
                found.update(self._extracts([title], intro=False))
            return found
        found = {}
        for start in range(0, len(titles), EXTRACTS_PER_REQUEST):
            found.update(self._extracts(titles[start : start + EXTRACTS_PER_REQUEST], intro=True))
        return found

    def _extracts(self, titles: list[str], *, intro: bool) -> dict[str, str]:
        params = {"action": "query", "prop": "extracts", "explaintext": "1", "redirects": "1"}
        params |= {"titles": "|".join(titles), "exlimit": "max" if intro else "1"}
        if intro:
            params["exintro"] = "1"
        query = self.api(params).get("query", {})
        by_title = {page["title"]: page.get("extract", "") for page in pages(query) if not page.get("missing")}
        aliases = _title_aliases(query)
        result = {}
        for title in titles:
            final = title
            for _ in range(2):  # normalisation, then redirect
                final = aliases.get(final, final)
            if by_title.get(final):
                result[title] = by_title[final]
        return result

    def document(self, hit: dict, extracts: dict[str, str]) -> FoundDocument:
        title = hit["title"]
        return FoundDocument(
            url=self.article_url(title),
            title=title,
            publisher=self.option("publisher", "Wikipedia"),
            language=self.option("language", "en"),
            text=extracts[title],
            snippet=html_to_text(hit.get("snippet", "")),
            extra={"pageid": hit.get("pageid"), "last_edited": _iso(parse_timestamp(hit.get("timestamp")))},
        )

    def article_url(self, title: str) -> str:
        base = self.option("article_url", self.endpoint.replace("/w/api.php", "/wiki/"))
        return base + quote(title.replace(" ", "_"), safe="()_,:'!-")


def search_string(query: SearchQuery) -> str:
    """CirrusSearch syntax: multi-word phrases and entities in quotes, then key terms."""
    terms = [f'"{term}"' if " " in term else term for term in query_terms(query, limit=6)]
    return " ".join(terms) or query.text


def pages(query: dict) -> list[dict]:
    """``query.pages`` as a list in both formats (fv1: object keyed by page id; fv2: array)."""
    raw = query.get("pages", [])
    return list(raw.values()) if isinstance(raw, dict) else list(raw)


def _title_aliases(query: dict) -> dict[str, str]:
    aliases = {item["from"]: item["to"] for item in query.get("normalized", [])}
    aliases |= {item["from"]: item["to"] for item in query.get("redirects", [])}
    return aliases


def _iso(value) -> str | None:
    return value.isoformat() if value else None
