"""What every remote connector shares: its configuration row, fetching through sources.fetching, and
turning fetch failures into ConnectorError with a readable reason."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sources.connectors.base import ConnectorError, FoundDocument, SearchQuery
from sources.fetching import FetchError, FetchResult, fetch
from sources.models import Connector as ConnectorConfig

JSON_TYPES = ("application/json", "text/json")


class BaseConnector(ABC):
    """A connector configured by its ``sources.models.Connector`` row.

    ``disabled_reason`` says why ``search`` returns nothing without asking the service (switched off,
    no API key); None when the connector is usable.
    """

    kind = ""
    service = ""  # the service's name in error messages

    def __init__(self, config: ConnectorConfig) -> None:
        self.config = config

    @property
    def disabled_reason(self) -> str | None:
        return None if self.config.enabled else f"the {self.kind} connector is switched off"

    @property
    def max_results(self) -> int:
        return self.config.max_results

    def option(self, name: str, default: Any) -> Any:
        return (self.config.options or {}).get(name, default)

    def search(self, query: SearchQuery) -> list[FoundDocument]:
        """Documents for ``query``; none (and no request) while ``disabled_reason`` is set."""
        if self.disabled_reason is not None:
            return []
        return self.run(query)[: self.max_results]

    @abstractmethod
    def run(self, query: SearchQuery) -> list[FoundDocument]:
        """Ask the service for ``query``; each connector module implements this."""

    def get(self, url: str, **kwargs: Any) -> FetchResult:
        """``fetch`` with failures turned into ConnectorError (``fetch_error`` kept as the cause)."""
        try:
            return fetch(url, **kwargs)
        except FetchError as exc:
            raise self.error_from_fetch(exc) from exc

    def error_from_fetch(self, exc: FetchError) -> ConnectorError:
        """``Service: HTTP 403 Forbidden: <what the service said>`` (the body's first line, if it is text)."""
        said = exc.body.decode("utf-8", errors="replace").strip().splitlines()[:1] if exc.body else []
        detail = f": {said[0][:300]}" if said and not said[0].lstrip().startswith(("<", "{")) else ""
        return ConnectorError(
            f"{self.service}: {exc.message}{detail}", transient=exc.transient, retry_after=exc.retry_after
        )


def query_terms(query: SearchQuery, *, limit: int = 8) -> list[str]:
    """Phrases, entities, then keywords, without case-insensitive duplicates, at most ``limit``."""
    seen: dict[str, str] = {}
    for term in (*query.phrases, *query.entities, *query.keywords):
        cleaned = " ".join(term.split())
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return list(seen.values())[:limit]


def parse_timestamp(value: str | None, fmt: str | None = None) -> datetime | None:
    """An aware UTC datetime from ISO 8601 / RFC 3339 (or ``fmt``); None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.strptime(value, fmt) if fmt else datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (search snippets, feed summaries), entities decoded."""
    if not fragment or ("<" not in fragment and "&" not in fragment):
        return " ".join((fragment or "").split())
    import lxml.html

    try:
        text = lxml.html.fragment_fromstring(fragment, create_parent="div").text_content()
    except (ValueError, lxml.etree.ParserError):
        return " ".join(fragment.split())
    return " ".join(text.split())


def clean_params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v not in (None, "")}
