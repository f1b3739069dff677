"""Corroborating documents: store (deduplicated), fetch, and index into passages.

* ``document_store`` upserts a connector hit. A document is the same document when its canonical URL
  or its content hash matches; unique constraints on both make concurrent stores of one document
  collapse into one row (the loser of the insert race reads the winner's row).
* ``document_fetch`` downloads a document's URL through ``sources.fetching`` (the one outbound-HTTP
  module) and extracts its main text; a failure is recorded on the row with a readable reason.
* ``document_index`` splits the text into passages (sentence-aware windows with overlap), sets their
  full-text vectors in SQL and, when ``EMBEDDINGS_ENABLED``, their embeddings. Re-indexing replaces
  the passages, so running it twice leaves the same rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from claimtrack.exceptions import ApplicationError
from sources.connectors.base import FoundDocument
from sources.models import ConnectorKind, Document, FetchStatus, Passage
from sources.text import canonicalize_url, content_hash, normalize_text

logger = logging.getLogger(__name__)

# A pending document waits this long before the outbox sweep sends its fetch job, so that the sweep
# does not fetch a document a corroboration run has just found and is about to fetch itself.
OUTBOX_MIN_AGE_SECONDS = 60

# A passage is a few consecutive sentences: long enough to be read on its own, short enough that its
# score says which part of the document matters. Windows overlap by one sentence so a fact that spans
# a window boundary still appears whole in one passage.
PASSAGE_SENTENCES = 3
PASSAGE_OVERLAP = 1
PASSAGE_MAX_CHARS = 900

HTML_TYPES = ("text/html", "application/xhtml+xml")

# Title words count in every passage's full-text vector at a lower weight than the passage's own words
# (ts_rank_cd weights D/C/B/A = 0.1/0.2/0.4/1.0), so a passage of an on-topic document edges out an
# equal passage of an off-topic one without the title swamping the passage text.
SEARCH_VECTOR_SQL = """
UPDATE sources_passage AS p
SET search_vector = setweight(to_tsvector('english', coalesce(d.title, '')), 'C')
                 || setweight(to_tsvector('english', p.text), 'A')
FROM sources_document AS d
WHERE p.document_id = d.id AND d.id = %s
"""


class DocumentInputError(ApplicationError):
    """A connector hit that cannot be stored (no URL, or not an http(s) URL)."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# ------------------------------------------------------------------------------------------- store


def document_store(*, found: FoundDocument, connector: str) -> tuple[Document, bool]:
    """Upsert ``found`` and return ``(document, created)``.

    Deduplicated by canonical URL and by content hash (when ``found.text`` is given): a second store
    of the same URL or the same text returns the existing row, filling in fields it lacked (never
    replacing fetched text). Safe under concurrency: the unique constraints decide the race.
    Raises ``DocumentInputError`` for a missing or non-http(s) URL or an unknown connector.
    """
    url = _canonical_url(found.url)
    if connector not in ConnectorKind.values:
        raise DocumentInputError(f"Unknown connector {connector!r}; expected one of {', '.join(ConnectorKind.values)}")
    text = normalize_text(found.text) if found.text else ""
    digest = content_hash(text) if text else ""
    existing = _find_existing(url=url, digest=digest)
    if existing is not None:
        return _fill_missing(existing, found=found, text=text, digest=digest), False
    try:
        with transaction.atomic():
            return _create(found=found, url=url, text=text, digest=digest, connector=connector), True
    except IntegrityError:
        # Another worker inserted the same URL or text between our lookup and our insert.
        existing = _find_existing(url=url, digest=digest)
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def document_submit(*, url: str) -> tuple[Document, bool]:
    """An editor adds a page to the document index: store it, fetch and index it in a job.

    Returns ``(document, created)``; a URL already known returns its row and queues nothing. Raises
    ``DocumentInputError`` for a missing or non-http(s) URL (nothing written).
    """
    document, created = document_store(found=FoundDocument(url=url), connector=ConnectorKind.URL)
    if created:
        transaction.on_commit(lambda: documents_send(document_ids=[document.id]))
    return document, created


# ------------------------------------------------------------------------------------------ outbox


def documents_send(*, document_ids: list[int]) -> int:
    """Send the fetch jobs of pending documents; return how many the broker took.

    Never blocks for longer than ``CELERY_PUBLISH_TIMEOUT`` and never raises for a broker that is down:
    a refused job leaves ``enqueued_at`` empty and ``documents_send_pending`` sends it later.
    """
    from claimtrack.queueing import publish_each
    from sources.tasks import document_fetch_task

    def mark_sent(document_id: int) -> None:
        Document.objects.filter(id=document_id).update(enqueued_at=timezone.now())

    return publish_each(document_fetch_task, ids=document_ids, mark_sent=mark_sent)


def documents_send_pending(*, min_age: float = OUTBOX_MIN_AGE_SECONDS) -> tuple[int, int]:
    """The outbox sweeper for documents; returns (fetch jobs, index jobs) sent.

    A pending document no job was sent for (the broker was down when it was submitted or polled, or a
    run's fetch of it failed for a network reason) gets a fetch job once it has waited ``min_age``
    seconds, so a run that is fetching it right now is not doubled. A job sent, or a fetch started,
    longer than ``lost_job_age`` ago was lost with the broker's data or its worker: it is sent again.
    A fetched document whose index job was lost that long ago gets a new index job.
    """
    from claimtrack.queueing import lost_job_age, publish_each
    from sources.tasks import document_index_task

    now = timezone.now()
    lost = now - lost_job_age()
    Document.objects.filter(
        Q(fetch_status=FetchStatus.FETCHING, updated_at__lt=lost)
        | Q(fetch_status=FetchStatus.PENDING, enqueued_at__lt=lost),
        text="",
    ).update(fetch_status=FetchStatus.PENDING, enqueued_at=None, updated_at=now)
    waiting = Document.objects.filter(
        fetch_status=FetchStatus.PENDING,
        text="",
        enqueued_at__isnull=True,
        updated_at__lt=now - timedelta(seconds=min_age),
    )
    fetches = documents_send(document_ids=list(waiting.order_by("updated_at").values_list("id", flat=True)[:500]))
    unindexed = Document.objects.filter(indexed_at__isnull=True, updated_at__lt=lost).exclude(text="")
    indexes = publish_each(
        document_index_task,
        ids=list(unindexed.order_by("updated_at").values_list("id", flat=True)[:500]),
        # not sent again before lost_job_age
        mark_sent=lambda document_id: Document.objects.filter(id=document_id).update(updated_at=now),
    )
    return fetches, indexes


def _canonical_url(url: str) -> str:
    from sources.text import TextInputError

    if not (url or "").strip():
        raise DocumentInputError("The document has no URL")
    try:
        return canonicalize_url(url)
    except TextInputError as exc:
        raise DocumentInputError(str(exc)) from exc


def _find_existing(*, url: str, digest: str) -> Document | None:
    document = Document.objects.filter(url=url).first()
    if document is None and digest:
        document = Document.objects.filter(content_hash=digest).first()
    return document


def _create(*, found: FoundDocument, url: str, text: str, digest: str, connector: str) -> Document:
    has_text = bool(text)
    return Document.objects.create(
        url=url,
        title=found.title[:500],
        publisher=found.publisher[:200],
        published_at=found.published_at,
        language=found.language[:16],
        text=text,
        content_hash=digest,
        connector=connector,
        fetch_status=FetchStatus.FETCHED if has_text else FetchStatus.PENDING,
        fetched_at=timezone.now() if has_text else None,
    )


def _fill_missing(document: Document, *, found: FoundDocument, text: str, digest: str) -> Document:
    """Complete an existing row with what this hit knows and it does not; never overwrite."""
    changes = {
        name: value
        for name, value in (
            ("title", found.title[:500]),
            ("publisher", found.publisher[:200]),
            ("published_at", found.published_at),
            ("language", found.language[:16]),
        )
        if value and not getattr(document, name)
    }
    if text and not document.text and not Document.objects.filter(content_hash=digest).exists():
        changes |= {"text": text, "content_hash": digest, "fetch_status": FetchStatus.FETCHED}
        changes |= {"fetched_at": timezone.now(), "fetch_error": ""}
    if changes:
        rows = Document.objects.filter(pk=document.pk)
        if "text" in changes:
            rows = rows.filter(text="")  # a concurrent fetch that stored text first wins
        try:
            rows.update(**changes, updated_at=timezone.now())
        except IntegrityError:
            logger.info("Document %s: text already stored under another URL", document.pk)
        document.refresh_from_db()
    return document


# ------------------------------------------------------------------------------------------- fetch


def document_fetch(*, document: Document) -> Document:
    """Fetch ``document.url`` and store its extracted text; return the refreshed row.

    A document that already has text is returned unchanged (fetching is idempotent). A fetch or
    extraction failure sets ``fetch_status=failed`` and a readable ``fetch_error``; it never raises for
    a permanent failure. A document whose text duplicates another document's is marked failed with the
    other document named, so the same text is never indexed twice. Transient network errors are
    re-raised as ``sources.fetching`` classifies them, so a task can retry them.
    """
    from sources import fetching
    from sources.text import TextInputError, decode_text, extract_html

    if document.text:
        return document
    Document.objects.filter(pk=document.pk).update(fetch_status=FetchStatus.FETCHING, updated_at=timezone.now())
    try:
        response = fetching.fetch(document.url, accept=HTML_TYPES)
        page = decode_text(response.content, what="page", encoding=response.encoding)
        extracted = extract_html(page, url=document.url)
    except fetching.FetchError as exc:
        if exc.transient:
            # Left pending with the reason, so a retry by the caller starts from a clean state.
            _record_failure(document, f"Transient fetch error, to be retried: {exc}", status=FetchStatus.PENDING)
            raise
        return _record_failure(document, f"Fetch failed: {exc}")
    except TextInputError as exc:
        return _record_failure(document, f"No article text could be extracted: {exc}")
    except Exception as exc:  # a bug or a page no rule foresaw: on the row, not left "fetching" to be resent forever
        logger.exception("Fetching document %s failed", document.pk)
        return _record_failure(document, f"Fetch failed: {type(exc).__name__}: {exc}")
    return _record_text(document, text=extracted.text, title=extracted.title, published_at=extracted.published_at)


def _record_failure(document: Document, reason: str, *, status: str = FetchStatus.FAILED) -> Document:
    Document.objects.filter(pk=document.pk).update(
        fetch_status=status, fetch_error=reason[:2000], updated_at=timezone.now()
    )
    document.refresh_from_db()
    return document


def _record_text(document: Document, *, text: str, title: str, published_at) -> Document:
    text = normalize_text(text)
    if not text:
        return _record_failure(document, "No article text could be extracted: the page has no main text")
    digest = content_hash(text)
    twin = Document.objects.filter(content_hash=digest).exclude(pk=document.pk).first()
    if twin is not None:
        return _record_failure(document, f"Same text as document #{twin.pk} ({twin.url}); not indexed twice")
    changes = {"text": text, "content_hash": digest, "fetch_status": FetchStatus.FETCHED, "fetch_error": ""}
    changes |= {"fetched_at": timezone.now(), "updated_at": timezone.now()}
    if title and not document.title:
        changes["title"] = title[:500]
    if published_at and not document.published_at:
        changes["published_at"] = published_at
    try:
        Document.objects.filter(pk=document.pk).update(**changes)
    except IntegrityError:
        return _record_failure(document, "Same text as a document stored meanwhile; not indexed twice")
    document.refresh_from_db()
    return document


# ------------------------------------------------------------------------------------------- index


def document_index(*, document: Document) -> int:
    """Split ``document``'s text into passages and index them; return how many passages it has.

    Idempotent: a document already indexed with the same split keeps its passages, and with them the
    evidence that points at them (reviewers' decisions, a verdict's citations); indexing it again only
    fills in embeddings it lacks. A split that differs (the passage settings changed) replaces the
    passages, unless evidence points at them: then they are kept, and a warning is logged.
    Each passage's ``search_vector`` is computed in PostgreSQL (``to_tsvector('english', ...)``, title
    at weight C, passage text at weight A); embeddings are stored when ``EMBEDDINGS_ENABLED``.
    Embeddings are computed before the transaction because the model is slow; the row lock then
    serialises concurrent indexing of one document. A document without text gets no passages.
    """
    spans = split_passages(document.text)
    wanted = [(i, span.start, span.end) for i, span in enumerate(spans)]
    existing = _passage_spans(document)
    if document.indexed_at is not None and existing == wanted and not _missing_embeddings(document):
        return len(spans)
    keep = _kept_for_evidence(document, existing, wanted)
    texts = [document.text[span.start : span.end] for span in spans]
    if keep:  # the stored passages stay: embed those that lack it, not the new split
        unembedded = list(Passage.objects.filter(document=document, embedding__isnull=True).values_list("id", "text"))
        kept_vectors = dict(zip([pk for pk, _ in unembedded], _embed([text for _, text in unembedded]), strict=True))
    else:
        vectors = _embed(texts)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        existing = _passage_spans(locked)
        if locked.text != document.text or _kept_for_evidence(locked, existing, wanted) != keep:
            # Changed since we looked (the text, or evidence came or went): index what is stored now.
            transaction.set_rollback(True)
            return document_index(document=locked)
        if keep:
            logger.warning("Document %s: passages kept as they are, evidence points at them", locked.pk)
            _store_embeddings(kept_vectors)
            return len(existing)
        if existing == wanted:
            _fill_embeddings(locked, vectors)
        else:
            Passage.objects.filter(document=locked).delete()
            Passage.objects.bulk_create(
                Passage(document=locked, position=i, start=s.start, end=s.end, text=t, embedding=v)
                for i, (s, t, v) in enumerate(zip(spans, texts, vectors, strict=True))
            )
            with connection.cursor() as cursor:
                cursor.execute(SEARCH_VECTOR_SQL, [locked.pk])
        Document.objects.filter(pk=locked.pk).update(indexed_at=timezone.now())
    return len(spans)


def _kept_for_evidence(document: Document, existing: list, wanted: list) -> bool:
    """Whether the stored passages differ from the new split but stay, because evidence points at them."""
    return (
        bool(existing)
        and existing != wanted
        and Passage.objects.filter(document=document, evidence__isnull=False).exists()
    )


def documents_index_all() -> tuple[int, int]:
    """Index every document with text that needs it: never indexed, or lacking embeddings now that
    ``EMBEDDINGS_ENABLED`` is on. Returns (documents looked at, passages they have); idempotent."""
    documents = Document.objects.exclude(text="").order_by("id")
    if not settings.EMBEDDINGS_ENABLED:
        documents = documents.filter(indexed_at__isnull=True)
    else:
        documents = documents.filter(Q(indexed_at__isnull=True) | Q(passages__embedding__isnull=True)).distinct()
    count = passages = 0
    for document in documents.iterator(chunk_size=100):
        passages += document_index(document=document)
        count += 1
    return count, passages


def _passage_spans(document: Document) -> list[tuple[int, int, int]]:
    return list(Passage.objects.filter(document=document).order_by("position").values_list("position", "start", "end"))


def _missing_embeddings(document: Document) -> bool:
    return settings.EMBEDDINGS_ENABLED and Passage.objects.filter(document=document, embedding__isnull=True).exists()


def _store_embeddings(vectors: dict[int, list | None]) -> None:
    """Store embeddings computed for passages (by id) that had none."""
    passages = [Passage(pk=pk, embedding=vector) for pk, vector in vectors.items() if vector is not None]
    Passage.objects.bulk_update(passages, ["embedding"])


def _fill_embeddings(document: Document, vectors: list) -> None:
    """Store embeddings on the passages that have none (the split is unchanged: ``vectors`` by position)."""
    unembedded = Passage.objects.filter(document=document, embedding__isnull=True).values_list("id", "position")
    _store_embeddings({pk: vectors[position] for pk, position in unembedded})


def _embed(texts: list[str]) -> list:
    if not texts or not settings.EMBEDDINGS_ENABLED:
        return [None] * len(texts)
    from sources import embeddings

    return list(embeddings.embed_texts(texts))


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentence_spans(text: str) -> list[Span]:
    """Sentences of ``text`` as character offsets, paragraph breaks always ending a sentence."""
    spans: list[Span] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        for piece in _segmenter().segment(paragraph) if paragraph.strip() else []:
            span = _trimmed(text, offset + piece.start, offset + piece.end)
            if span is not None:
                spans.append(span)
        offset += len(paragraph) + 2
    return spans


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def split_passages(text: str) -> list[Span]:
    """Windows of ``PASSAGE_SENTENCES`` sentences overlapping by ``PASSAGE_OVERLAP``, as text offsets.

    A window stops early rather than pass ``PASSAGE_MAX_CHARS`` (but always holds one whole sentence),
    and the last window ends at the last sentence, so every sentence is in at least one passage.
    """
    sentences = sentence_spans(text)
    passages: list[Span] = []
    first = 0
    while first < len(sentences):
        last = first
        while (
            last + 1 < len(sentences)
            and last + 1 - first < PASSAGE_SENTENCES
            and sentences[last + 1].end - sentences[first].start <= PASSAGE_MAX_CHARS
        ):
            last += 1
        passages.append(Span(sentences[first].start, sentences[last].end))
        if last == len(sentences) - 1:
            break
        first = max(first + 1, last + 1 - PASSAGE_OVERLAP)
    return passages


# ------------------------------------------------------------------------------------------ import


@dataclass(frozen=True)
class ImportSummary:
    created: int
    existing: int
    passages: int


@transaction.atomic
def collection_import(*, directory: str) -> ImportSummary:
    """Store and index every document of a local JSON collection, all or nothing.

    Raises ``CollectionError`` (nothing written) when any file is unusable. Idempotent: a document
    already stored (same canonical URL or same text) is counted as existing and is re-indexed only if
    it has never been indexed.
    """
    from sources.connectors.local import read_collection

    created = existing = passages = 0
    for _path, found in read_collection(directory):
        document, is_new = document_store(found=found, connector=ConnectorKind.LOCAL)
        created, existing = created + is_new, existing + (not is_new)
        if is_new or document.indexed_at is None:
            passages += document_index(document=document)
    return ImportSummary(created=created, existing=existing, passages=passages)
