"""From an article to candidate claims: Claim rows (status ``candidate``), Speakers and Appearances.

- ``article_claims_ingest(source=...)``: the ``ingest`` command. Reads/fetches and extracts first (no
  transaction held during network or model work), then writes the article and its claims in ONE
  transaction: a failure leaves no article and no claim behind. Ingesting the same article again
  (same canonical URL or content hash) writes nothing and reports the stored claims.
- ``article_process(article_id=...)``: the Celery task's service for a pending Article row. Every
  failure, expected (fetch, bad text, missing scorer) or not, ends on the row with a readable reason.
- A candidate whose statement is similar to a stored claim's (pg_trgm ``similarity`` at least
  ``SIMILAR_CLAIM_THRESHOLD``) becomes another Appearance of that claim, not a new Claim.
- Speakers are merged by name and aliases (``claims.services.speakers``): "NATO Secretary General Mark
  Rutte", "Mark Rutte" and "Rutte" are one Speaker; so are "NATO" and "North Atlantic Treaty Organization".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.postgres.search import TrigramSimilarity
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.extraction.pipeline import Candidate, extract_candidates
from claims.extraction.semantic import ScorerUnavailableError
from claims.models import Appearance, Claim, ClaimStatus
from claims.services.external_reviews import claim_external_reviews_match
from claims.services.speakers import speaker_resolve
from sources.fetching import FetchError
from sources.models import Article, FetchStatus
from sources.services.archive import archive_articles
from sources.services.articles import (
    PreparedArticle,
    article_fill_pending,
    article_mark_failed,
    article_prepare_pending,
    article_prepare_source,
    article_store,
    describe_error,
)
from sources.text import TextInputError, canonicalize_url, check_size, content_hash

# pg_trgm similarity (shared trigrams / all trigrams) of two statements at or above which they are the
# same claim. 0.6 joins rewordings that keep most words ("NATO will handle X separately" / "X will be
# handled separately by NATO" scores ~0.65) and keeps apart claims that merely share a topic (~0.3).
SIMILAR_CLAIM_THRESHOLD = 0.6
# How many of the most similar stored claims are checked for the same figures and negation.
SIMILAR_CLAIM_CANDIDATES = 10

logger = logging.getLogger(__name__)


@dataclass
class IngestionResult:
    """What an ingestion stored: the article, whether it was new, and the appearances it created."""

    article: Article
    created: bool
    appearances: list[Appearance] = field(default_factory=list)
    new_claims: int = 0


def article_claims_ingest(*, source: str) -> IngestionResult:
    """Ingest a URL or an .html/.txt/.json file with its check-worthy claims; idempotent.

    Raises ``TextInputError`` or ``FetchError`` for bad input, before anything is written.
    """
    prepared = article_prepare_source(source=source)
    candidates = [c for c in extract_candidates(prepared.extracted.text) if c.checkworthy]
    return _store_article_and_claims(prepared=prepared, candidates=candidates)


@transaction.atomic
def _store_article_and_claims(*, prepared: PreparedArticle, candidates: list[Candidate]) -> IngestionResult:
    stored = article_store(prepared=prepared)
    if not stored.created:
        return IngestionResult(stored.article, False, list(stored.article.appearances.select_related("claim")))
    return article_claims_store(article=stored.article, candidates=candidates, created=True)


@transaction.atomic
def article_claims_store(*, article: Article, candidates: list[Candidate], created: bool = False) -> IngestionResult:
    """Store ``candidates`` (check-worthy ones) as claims of ``article``; a second call adds nothing."""
    result = IngestionResult(article, created)
    if article.appearances.exists():
        result.appearances = list(article.appearances.select_related("claim"))
        return result
    for candidate in candidates:
        appearance, is_new = _store_candidate(article=article, candidate=candidate)
        result.appearances.append(appearance)
        result.new_claims += int(is_new)
        if is_new:  # "already checked by ...": imported reviews that match the new claim
            claim_external_reviews_match(claim=appearance.claim)
    if result.appearances:  # an article claims come from is preserved in the Wayback Machine
        archive_articles(article_ids=[article.id])
    return result


def _store_candidate(*, article: Article, candidate: Candidate) -> tuple[Appearance, bool]:
    speaker = speaker_resolve(
        name=candidate.speaker, mention=candidate.speaker_mention, is_person=candidate.speaker_is_person
    )
    claim = claim_find_similar(statement=candidate.statement)
    is_new = claim is None
    if claim is None:
        claim = Claim.objects.create(
            statement=candidate.statement,
            speaker=speaker,
            checkworthiness=candidate.score,
            status=ClaimStatus.CANDIDATE,
        )
    appearance, _ = Appearance.objects.get_or_create(
        claim=claim,
        article=article,
        start=candidate.start,
        defaults={
            "end": candidate.end,
            "sentence": candidate.sentence,
            "quote": candidate.quote or "",
            "speaker": speaker,
            "appeared_at": article.published_at,
        },
    )
    return appearance, is_new


def claim_find_similar(*, statement: str) -> Claim | None:
    """The stored claim most similar to ``statement`` at or above ``SIMILAR_CLAIM_THRESHOLD`` that states
    the same figures and the same negation, if any.

    Trigrams barely see a changed figure or an added "not" ("fell to 3.9 percent" / "to 4.9 percent"
    score 0.92, "There is consensus" / "There is no consensus" 0.95), so a claim saying something else
    is never taken for a rewording: its numbers and its negation words must match too.
    """
    facts = statement_facts(statement)
    similar = (
        Claim.objects.annotate(similarity=TrigramSimilarity("statement", statement))
        .filter(similarity__gte=SIMILAR_CLAIM_THRESHOLD)
        .order_by("-similarity", "id")[:SIMILAR_CLAIM_CANDIDATES]
    )
    return next((claim for claim in similar if statement_facts(claim.statement) == facts), None)


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion half quarter third dozen double doubled triple tripled".split()
)
NEGATIONS = frozenset("no not never none nobody nothing neither nor without cannot".split())


def statement_facts(statement: str) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """What two wordings of one claim must share: its figures, its number words, its negations."""
    lowered = statement.lower().replace("\u2019", "'")
    words = _WORD.findall(lowered)
    figures = tuple(sorted(figure.replace(",", "") for figure in _FIGURE.findall(lowered)))
    number_words = tuple(sorted(word for word in words if word in NUMBER_WORDS))
    negations = sum(1 for word in words if word in NEGATIONS or word.endswith("n't"))
    return figures, number_words, negations


# ------------------------------------------------------------------------------------ pending rows


@transaction.atomic
def article_submit(*, url: str = "", text: str = "", title: str = "") -> tuple[Article, bool]:
    """A pending Article for a submitted URL or text, with ``article_ingest_task`` enqueued on commit.

    For the API. Exactly one of ``url`` and ``text``. Returns ``(article, created)``: an article already
    stored (or pending) under the same canonical URL or content hash is returned and nothing is
    enqueued. Raises ``TextInputError`` for a bad URL, empty or oversized text.
    """

    existing, fields = _submission(url=url, text=text, title=title)
    if existing is not None:
        return existing, False
    article = Article.objects.create(**fields, fetch_status=FetchStatus.PENDING)
    transaction.on_commit(lambda: articles_send(article_ids=[article.id]))
    return article, True


def articles_send(*, article_ids: list[int]) -> int:
    """Send the ingestion jobs of pending articles; return how many the broker took.

    Never blocks for longer than ``CELERY_PUBLISH_TIMEOUT``: a refused job leaves ``enqueued_at``
    empty and the outbox sweeper (``articles_send_pending``) sends it later.
    """
    from claims.tasks import article_ingest_task
    from claimtrack.queueing import publish_each

    def mark_sent(article_id: int) -> None:
        Article.objects.filter(id=article_id).update(enqueued_at=timezone.now())

    return publish_each(article_ingest_task, ids=article_ids, mark_sent=mark_sent)


def articles_send_pending(*, min_age: float = 5.0) -> int:
    """The outbox sweeper for submitted articles; returns how many jobs it sent.

    Sends pending articles whose job never reached the broker. A row left ``fetching`` for longer than
    ``lost_after`` lost its worker (the job's redelivery finds it taken and does nothing), and a
    pending row sent that long ago lost its job with the broker's data: both are sent again (the
    task's compare-and-swap on ``pending`` keeps a duplicate delivery harmless).
    """
    from claimtrack.queueing import lost_job_age

    now = timezone.now()
    lost_after = lost_job_age()
    Article.objects.filter(
        Q(fetch_status=FetchStatus.FETCHING, updated_at__lt=now - lost_after)
        | Q(fetch_status=FetchStatus.PENDING, enqueued_at__lt=now - lost_after)
    ).update(fetch_status=FetchStatus.PENDING, enqueued_at=None, updated_at=now)
    pending = Article.objects.filter(
        fetch_status=FetchStatus.PENDING, enqueued_at__isnull=True, created_at__lt=now - timedelta(seconds=min_age)
    )
    return articles_send(article_ids=list(pending.order_by("created_at").values_list("id", flat=True)))


def _submission(*, url: str, text: str, title: str) -> tuple[Article | None, dict]:
    if bool(url.strip()) == bool(text.strip()):
        raise TextInputError("Give either a URL or the article text.", code="invalid")
    if url.strip():
        try:
            canonical = canonicalize_url(url)
        except TextInputError as exc:
            raise TextInputError(exc.message, code=exc.code, extra={"url": exc.message}) from exc
        existing = Article.objects.filter(Q(url=canonical) | Q(submitted_url=url.strip())).order_by("id").first()
        return existing, {"submitted_url": url.strip()[:2000], "title": title[:500]}
    check_size(len(text.encode("utf-8")), what="text")
    existing = Article.objects.filter(content_hash=content_hash(text)).order_by("id").first()
    return existing, {"text": text, "title": title[:500]}


def article_take_pending(*, article_id: int) -> bool:
    """Take pending Article ``article_id`` for processing (compare-and-swap to ``fetching``).

    Returns whether this caller took it. The take stamps ``updated_at`` (a queryset update does not):
    the outbox sweeper measures a ``fetching`` row's age from it, so a row taken now is not mistaken
    for one whose worker died, however long it waited in the queue.
    """
    taken = Article.objects.filter(id=article_id, fetch_status=FetchStatus.PENDING).update(
        fetch_status=FetchStatus.FETCHING, updated_at=timezone.now()
    )
    return taken == 1


def article_process(*, article_id: int, final_attempt: bool = True) -> Article | None:
    """Fetch/extract pending Article ``article_id`` and store its claims; failures go on the row.

    Safe to run twice: only a ``pending`` row is taken (compare-and-swap to ``fetching``). A transient
    fetch error on a non-final attempt puts the row back to ``pending`` and re-raises for a retry.
    """
    if not article_take_pending(article_id=article_id):
        return None
    article = Article.objects.get(id=article_id)
    try:
        prepared = article_prepare_pending(article=article)
        candidates = [c for c in extract_candidates(prepared.extracted.text) if c.checkworthy]
    except FetchError as exc:
        if exc.transient and not final_attempt:
            now = timezone.now()
            Article.objects.filter(id=article_id).update(
                # enqueued_at: the task's own retry is the job in flight now, not one the sweeper must resend
                fetch_status=FetchStatus.PENDING,
                fetch_error=exc.message,
                updated_at=now,
                enqueued_at=now,
            )
            raise
        return article_mark_failed(article_id=article_id, error=describe_error(exc))
    except TextInputError as exc:
        return article_mark_failed(article_id=article_id, error=describe_error(exc))
    except ScorerUnavailableError as exc:  # a model scorer without the extra or its model
        return article_mark_failed(article_id=article_id, error=str(exc))
    except Exception as exc:  # anything else: on the row, not left "fetching" for the sweeper to resend forever
        logger.exception("Extracting article %s failed", article_id)
        return article_mark_failed(article_id=article_id, error=f"Extraction failed: {type(exc).__name__}: {exc}")
    return _store_or_fail(article_id=article_id, prepared=prepared, candidates=candidates)


def _store_or_fail(*, article_id: int, prepared: PreparedArticle, candidates: list[Candidate]) -> Article:
    try:
        return _fill_and_store(article_id=article_id, prepared=prepared, candidates=candidates)
    except TextInputError as exc:  # e.g. a JSON article whose "url" is not an http(s) URL
        return article_mark_failed(article_id=article_id, error=describe_error(exc))
    except Exception as exc:  # rolled back; the reason goes on the row, which is not left "fetching"
        logger.exception("Storing article %s failed", article_id)
        return article_mark_failed(article_id=article_id, error=f"Storing failed: {type(exc).__name__}: {exc}")


@transaction.atomic
def _fill_and_store(*, article_id: int, prepared: PreparedArticle, candidates: list[Candidate]) -> Article:
    article = article_fill_pending(article_id=article_id, prepared=prepared)
    if article.fetch_status == FetchStatus.FETCHED:
        article_claims_store(article=article, candidates=candidates)
    return article
