"""The one small interface every connector implements.

A connector turns a :class:`SearchQuery` (built from a claim by ``claims/corroboration/``) into
:class:`FoundDocument` items. It never writes to the database: storing, fetching full text and
indexing are ``sources.services`` functions, so a new connector never touches the review workflow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sources.models import Connector as ConnectorConfig


@dataclass(frozen=True)
class SearchQuery:
    """What to look for: built from a claim, but knows nothing about claims."""

    text: str  # the claim statement
    keywords: tuple[str, ...] = ()  # key terms, most important first
    entities: tuple[str, ...] = ()  # named people, places, organisations
    phrases: tuple[str, ...] = ()  # quoted phrases to match exactly
    since: datetime | None = None  # date window around the article's date
    until: datetime | None = None
    language: str = "en"
    urls: tuple[str, ...] = ()  # for the URL connector: the URLs a reviewer added


@dataclass
class FoundDocument:
    """A search hit. ``text`` is the full text when the service gives it, else empty (fetch the URL)."""

    url: str
    title: str = ""
    publisher: str = ""
    published_at: datetime | None = None
    language: str = ""
    text: str = ""
    snippet: str = ""
    extra: dict = field(default_factory=dict)


class ConnectorError(Exception):
    """A connector failed. ``transient`` errors are retried; permanent ones are recorded on the run."""

    def __init__(self, message: str, *, transient: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after


class SearchConnector(Protocol):
    kind: str

    def __init__(self, config: ConnectorConfig) -> None: ...

    def search(self, query: SearchQuery) -> list[FoundDocument]: ...
