"""Article ingestion: from a URL, an HTML file, a text file or a corpus JSON document to an Article row.

Two steps, so callers can do slow work outside a transaction and write everything at once:

- ``article_prepare_*`` read, fetch (URL: only through ``sources.fetching``), extract and validate. They
  write nothing and raise ``TextInputError`` (bad input) or ``FetchError`` (the URL could not be had).
- ``article_store`` writes one fetched Article, idempotently: an article with the same canonical URL or
  the same content hash is returned as it is (``created=False``) and nothing is updated.

``article_ingest_*`` chain the two for callers that want the article only. ``article_fetch`` fills in a
pending Article row (created by the API from a submitted URL or text); it records a permanent failure
on the row (``fetch_status=failed`` with a readable ``fetch_error``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from sources.fetching import FetchError, fetch
from sources.models import Article, FetchStatus, Outlet
from sources.text import (
    MAX_INPUT_BYTES,
    ExtractedText,
    TextInputError,
    canonicalize_url,
    content_hash,
    decode_text,
    extract_html,
    from_plain_text,
    parse_corpus_document,
    read_input_file,
    validate_article_text,
)

ACCEPTED_MEDIA = ("text/html", "application/xhtml+xml", "text/plain", "application/json")
FILE_KINDS = {".html": "html", ".htm": "html", ".txt": "text", ".text": "text", ".json": "json"}


@dataclass(frozen=True)
class PreparedArticle:
    """A validated article not yet stored: the extracted text and the raw content it came from."""

    extracted: ExtractedText
    raw_content: str
    submitted_url: str = ""

    @property
    def canonical_url(self) -> str:
        return canonicalize_url(self.extracted.url)

    @property
    def content_hash(self) -> str:
        return content_hash(self.extracted.text)


@dataclass(frozen=True)
class IngestedArticle:
    article: Article
    created: bool


# ------------------------------------------------------------------------------------------ prepare


def article_prepare_html(*, html: str | bytes, url: str = "") -> PreparedArticle:
    raw = decode_text(html, what="HTML") if isinstance(html, bytes) else html
    return PreparedArticle(validate_article_text(extract_html(raw, url=url)), raw, url)


def article_prepare_text(*, text: str, title: str = "", url: str = "") -> PreparedArticle:
    return PreparedArticle(validate_article_text(from_plain_text(text, title=title, url=url)), text, url)


def article_prepare_json(*, data: str | bytes | dict) -> PreparedArticle:
    extracted = parse_corpus_document(data)
    raw = data if isinstance(data, str) else ""
    return PreparedArticle(validate_article_text(extracted), raw, extracted.url)


def article_prepare_file(*, path: str | Path) -> PreparedArticle:
    """An ``.html``/``.htm``, ``.txt`` or ``.json`` file; refused by size before it is read."""
    path = Path(path)
    kind = FILE_KINDS.get(path.suffix.lower())
    if kind is None:
        raise TextInputError(
            f"Unsupported file type {path.suffix or '(none)'!r}; use .html, .txt or .json.", code="unsupported_file"
        )
    content = read_input_file(path)
    if kind == "html":
        return article_prepare_html(html=content)
    if kind == "json":
        return article_prepare_json(data=content)
    return article_prepare_text(text=content)


def article_prepare_url(*, url: str) -> PreparedArticle:
    """Fetch ``url`` through ``sources.fetching`` (SSRF guard, timeouts, size cap) and extract it."""
    canonicalize_url(url)  # refuses a non-http(s) URL before any request
    result = fetch(url, accept=ACCEPTED_MEDIA, max_bytes=MAX_INPUT_BYTES)
    final_url = result.url or url
    if result.content_type == "application/json":
        prepared = article_prepare_json(data=result.content)
        return PreparedArticle(prepared.extracted, prepared.raw_content, url)
    raw = decode_text(result.content, what=f"response from {final_url}", encoding=result.encoding)
    if result.content_type == "text/plain":
        return PreparedArticle(article_prepare_text(text=raw, url=final_url).extracted, raw, url)
    return PreparedArticle(article_prepare_html(html=raw, url=final_url).extracted, raw, url)


def article_prepare_source(*, source: str) -> PreparedArticle:
    """A URL (``http(s)://``) or a file path, as given on the command line."""
    if source.lower().startswith(("http://", "https://")):
        return article_prepare_url(url=source)
    return article_prepare_file(path=source)


# -------------------------------------------------------------------------------------------- store


def article_find_existing(*, prepared: PreparedArticle) -> Article | None:
    """The stored article with the same canonical URL or the same content hash, if any."""
    match = Q(content_hash=prepared.content_hash)
    if prepared.canonical_url:
        match |= Q(url=prepared.canonical_url)
    return Article.objects.filter(match).order_by("id").first()


@transaction.atomic
def article_store(*, prepared: PreparedArticle) -> IngestedArticle:
    """Store ``prepared`` as a fetched Article, or return the existing copy untouched."""
    existing = article_find_existing(prepared=prepared)
    if existing is not None:
        return IngestedArticle(existing, False)
    try:
        with transaction.atomic():  # a savepoint: a concurrent insert of the same article is not fatal
            article = Article.objects.create(**_article_fields(prepared), fetch_status=FetchStatus.FETCHED)
    except IntegrityError:
        existing = article_find_existing(prepared=prepared)
        if existing is None:
            raise
        return IngestedArticle(existing, False)
    return IngestedArticle(article, True)


def _article_fields(prepared: PreparedArticle) -> dict:
    extracted = prepared.extracted
    return {
        "url": prepared.canonical_url,
        "submitted_url": prepared.submitted_url[:2000],
        "title": extracted.title[:500],
        "outlet": outlet_for(name=extracted.outlet, url=prepared.canonical_url),
        "authors": extracted.authors,
        "published_at": extracted.published_at,
        "language": extracted.language,
        "text": extracted.text,
        "raw_content": prepared.raw_content,
        "content_hash": prepared.content_hash,
        "fetch_error": "",
        "fetched_at": timezone.now(),
    }


def outlet_for(*, name: str, url: str = "") -> Outlet | None:
    """The Outlet called ``name`` (created on first sight, with the URL's domain), or None."""
    name = name.strip()[:200]
    if not name:
        return None
    domain = (urlsplit(url).hostname or "") if url else ""
    outlet, _ = Outlet.objects.get_or_create(name=name, defaults={"domain": domain})
    return outlet


# ------------------------------------------------------------------------------------------- ingest


def article_ingest_url(*, url: str) -> IngestedArticle:
    return article_store(prepared=article_prepare_url(url=url))


def article_ingest_html(*, html: str | bytes, url: str = "") -> IngestedArticle:
    return article_store(prepared=article_prepare_html(html=html, url=url))


def article_ingest_text(*, text: str, title: str = "", url: str = "") -> IngestedArticle:
    return article_store(prepared=article_prepare_text(text=text, title=title, url=url))


def article_ingest_json(*, data: str | bytes | dict) -> IngestedArticle:
    return article_store(prepared=article_prepare_json(data=data))


def article_ingest_file(*, path: str | Path) -> IngestedArticle:
    return article_store(prepared=article_prepare_file(path=path))


# ----------------------------------------------------------------------------------- pending rows


def article_prepare_pending(*, article: Article) -> PreparedArticle:
    """Fetch/extract what a pending Article row was submitted with (its URL, else its text)."""
    if article.submitted_url or article.url:
        return article_prepare_url(url=article.submitted_url or article.url)
    return article_prepare_text(text=article.text, title=article.title)


@transaction.atomic
def article_fill_pending(*, article_id: int, prepared: PreparedArticle) -> Article:
    """Write ``prepared`` into pending row ``article_id``.

    When the same article is already stored under another row, the pending row is marked failed with a
    message naming that row (documented outcome: the API shows it and the duplicate holds no claims).
    """
    article = Article.objects.select_for_update().get(id=article_id)
    duplicate = article_find_existing(prepared=prepared)
    if duplicate is not None and duplicate.id != article.id:
        return article_mark_failed(article_id=article.id, error=f"Already ingested as article {duplicate.id}.")
    fields = _article_fields(prepared)
    fields["submitted_url"] = article.submitted_url or fields["submitted_url"]
    for name, value in fields.items():
        setattr(article, name, value)
    article.fetch_status = FetchStatus.FETCHED
    article.save()
    return article


def article_mark_failed(*, article_id: int, error: str) -> Article:
    """Record a failure on the row: ``fetch_status=failed`` and the readable ``error``."""
    Article.objects.filter(id=article_id).update(
        fetch_status=FetchStatus.FAILED, fetch_error=error[:2000], updated_at=timezone.now()
    )
    return Article.objects.get(id=article_id)


def describe_error(exc: TextInputError | FetchError) -> str:
    """A one-line reason for a person: the error's message, and for fetch errors whether it may pass."""
    if isinstance(exc, FetchError):
        kind = "temporary" if exc.transient else "permanent"
        return f"Could not fetch the article ({kind}): {exc.message}"
    return exc.message
