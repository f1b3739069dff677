"""Local collection connector: a directory of JSON documents in the corpus format.

Each ``*.json`` file is one object with ``url`` and ``text`` (required) and ``title``, ``publisher``,
``published`` (ISO date), ``language`` (optional); unknown keys are ignored. ``read_collection``
validates every file before returning any, so a caller can refuse the whole directory on one bad file.
"""

from __future__ import annotations

import re
from pathlib import Path

from sources.connectors.base import ConnectorError, FoundDocument, SearchQuery
from sources.models import Connector as ConnectorConfig
from sources.models import ConnectorKind
from sources.text import TextInputError, canonicalize_url, parse_corpus_document

MAX_FILE_BYTES = 5 * 1024 * 1024


class CollectionError(Exception):
    """One or more files of the collection are unusable; ``problems`` lists ``(file name, reason)``."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in problems))


def read_collection(directory: str | Path) -> list[tuple[Path, FoundDocument]]:
    """Every document of ``directory`` (sorted by file name), or ``CollectionError`` naming each bad file."""
    root = Path(directory)
    if not root.is_dir():
        raise CollectionError([(str(root), "not a directory")])
    files = sorted(path for path in root.glob("*.json") if path.name != "relevance.json")
    if not files:
        raise CollectionError([(str(root), "no *.json documents in this directory")])
    documents, problems = [], []
    for path in files:
        try:
            documents.append((path, read_document(path)))
        except TextInputError as exc:
            problems.append((path.name, str(exc)))
    if problems:
        raise CollectionError(problems)
    return documents


def read_document(path: Path) -> FoundDocument:
    """One file as a ``FoundDocument``; ``TextInputError`` with a readable reason when it is unusable."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise TextInputError(f"file is larger than {MAX_FILE_BYTES // 1_048_576} MB", code="too_large")
    parsed = parse_corpus_document(path.read_bytes())
    if not parsed.text:
        raise TextInputError("'text' is empty", code="empty")
    if not parsed.url:
        raise TextInputError("'url' is missing or empty", code="invalid_url")
    return FoundDocument(
        url=canonicalize_url(parsed.url),
        title=parsed.title,
        publisher=parsed.outlet,
        published_at=parsed.published_at,
        language=parsed.language,
        text=parsed.text,
    )


class LocalConnector:
    """Searches the directory in ``config.options["path"]`` for documents containing the query's terms."""

    kind = ConnectorKind.LOCAL

    def __init__(self, config: ConnectorConfig) -> None:
        self.config = config

    def search(self, query: SearchQuery) -> list[FoundDocument]:
        path = (self.config.options or {}).get("path", "")
        if not path:
            raise ConnectorError("The local connector has no 'path' option set")
        try:
            documents = [found for _, found in read_collection(path)]
        except CollectionError as exc:
            raise ConnectorError(f"Local collection unusable: {exc}") from exc
        terms = _terms(query)
        scored = [(_matches(found, terms), index, found) for index, found in enumerate(documents)]
        ranked = sorted((item for item in scored if item[0] > 0), key=lambda item: (-item[0], item[1]))
        return [found for _, _, found in ranked[: self.config.max_results]]


def _terms(query: SearchQuery) -> list[str]:
    terms = [*query.phrases, *query.entities, *query.keywords]
    if not terms:
        terms = [word for word in re.findall(r"\w+", query.text) if len(word) > 3]
    return [term.casefold() for term in terms if term.strip()]


def _matches(found: FoundDocument, terms: list[str]) -> int:
    haystack = f"{found.title}\n{found.text}".casefold()
    return sum(1 for term in terms if term in haystack)
