"""Import other fact-checkers' ClaimReviews and match them to our claims ("already checked by ...").

Three inputs, one record shape (:class:`ReviewRecord`):
- Google Fact Check Tools ``claims:search`` responses (``{"claims": [{"text", "claimant", "claimDate",
  "claimReview": [{"publisher", "url", "title", "reviewDate", "textualRating", "languageCode"}]}]}``);
- schema.org ClaimReview JSON-LD, embedded in a fact-check page (read with extruct) or as JSON;
- a JSON file or JSON Lines file holding any of the above.

An import is all or nothing: one invalid item refuses the whole batch with the item's number and
reason, and nothing is written. An imported review never becomes our verdict; it is only matched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime

from claims.models import Claim, ExternalReview, ExternalReviewSource
from claimtrack.exceptions import ApplicationError

_MAX_LENGTHS = {"publisher_name": 300, "publisher_site": 253, "title": 500, "claimant": 300, "rating_text": 300}


@dataclass(frozen=True)
class ReviewRecord:
    """One review of one claim, normalised from whichever input format it came in."""

    url: str
    claim_text: str
    publisher_name: str = ""
    publisher_site: str = ""
    title: str = ""
    claimant: str = ""
    claim_date: datetime | None = None
    rating_text: str = ""
    language: str = ""
    review_date: datetime | None = None
    raw: dict = field(default_factory=dict, compare=False)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    matched: int = 0
    reviews: list[ExternalReview] = field(default_factory=list)


class RecordError(ValueError):
    """An input item that cannot become a review; the message says why."""


# --- Parsing ---------------------------------------------------------------------------------------


def records_from_factcheck_response(data: dict) -> list[ReviewRecord]:
    """Records from a ``claims:search`` response (``{}`` is the documented empty answer)."""
    claims = data.get("claims", [])
    if not isinstance(claims, list):
        raise RecordError("'claims' must be a list")
    return [record for claim in claims for record in _records_from_factcheck_claim(claim)]


def _records_from_factcheck_claim(claim: Any) -> Iterator[ReviewRecord]:
    if not isinstance(claim, dict) or not isinstance(claim.get("claimReview"), list):
        raise RecordError("a claims:search claim must be an object with a 'claimReview' list")
    for review in claim["claimReview"]:
        if not isinstance(review, dict):
            raise RecordError("each claimReview must be an object")
        publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
        yield ReviewRecord(
            url=_text(review.get("url")),
            claim_text=_text(claim.get("text")),
            publisher_name=_text(publisher.get("name")),
            publisher_site=_text(publisher.get("site")) or _site(_text(review.get("url"))),
            title=_text(review.get("title")),
            claimant=_text(claim.get("claimant")),
            claim_date=_date(claim.get("claimDate"), "claimDate"),
            rating_text=_text(review.get("textualRating")),
            language=_text(review.get("languageCode")),
            review_date=_date(review.get("reviewDate"), "reviewDate"),
            raw={**{k: v for k, v in claim.items() if k != "claimReview"}, "claimReview": [review]},
        )


def record_from_claimreview(node: dict) -> ReviewRecord:
    """A record from one schema.org ClaimReview node (compact JSON-LD, as publishers embed it)."""
    author = _first(node.get("author"))
    item = _first(node.get("itemReviewed"))
    rating = _first(node.get("reviewRating"))
    url = _text(node.get("url"))
    return ReviewRecord(
        url=url,
        claim_text=_text(node.get("claimReviewed")),
        publisher_name=_text(author.get("name")),
        publisher_site=_site(_text(author.get("url")) or url),
        title=_text(node.get("name") or node.get("headline")),
        claimant=_text(_first(item.get("author")).get("name")),
        claim_date=_date(item.get("datePublished"), "itemReviewed.datePublished"),
        rating_text=_text(rating.get("alternateName") or rating.get("name")),
        language=_text(node.get("inLanguage")),
        review_date=_date(node.get("datePublished"), "datePublished"),
        raw=node,
    )


def claimreview_nodes(data: Any) -> Iterator[dict]:
    """Every ClaimReview node in a JSON-LD value: a node, a list of nodes, or a ``@graph``."""
    if isinstance(data, list):
        for item in data:
            yield from claimreview_nodes(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from claimreview_nodes(data["@graph"])
        types = data.get("@type")
        if "ClaimReview" in (types if isinstance(types, list) else [types]):
            yield data


def records_from_html(html: str, *, base_url: str = "") -> list[ReviewRecord]:
    """Records from the JSON-LD blocks of a fact-check page."""
    import extruct

    blocks = extruct.extract(html, base_url=base_url or None, syntaxes=["json-ld"], errors="ignore")["json-ld"]
    return [record_from_claimreview(node) for node in claimreview_nodes(blocks)]


def records_from_json_value(value: Any) -> list[ReviewRecord]:
    """Records from one parsed JSON value of any supported shape (see the module docstring)."""
    if isinstance(value, list):
        return [record for item in value for record in records_from_json_value(item)]
    if not isinstance(value, dict):
        raise RecordError("expected a JSON object or array")
    if "claims" in value or value == {}:
        return records_from_factcheck_response(value)
    if "claimReview" in value:
        return list(_records_from_factcheck_claim(value))
    nodes = list(claimreview_nodes(value))
    if not nodes:
        raise RecordError("no ClaimReview found (expected @type ClaimReview, a claims:search response or claim)")
    return [record_from_claimreview(node) for node in nodes]


def records_from_content(content: bytes, *, content_type: str = "", base_url: str = "") -> list[ReviewRecord]:
    """Records from a file or response body: HTML, JSON or JSON Lines (told apart by content)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(f"the input is not UTF-8 text: {exc}", code="invalid_input") from exc
    stripped = text.lstrip()
    if "html" in content_type or stripped.startswith("<"):
        return _collect([lambda: records_from_html(text, base_url=base_url)])
    try:
        value = json.loads(text)
    except ValueError:
        return _records_from_json_lines(text)
    return _collect([lambda: records_from_json_value(value)])


def _records_from_json_lines(text: str) -> list[ReviewRecord]:
    steps, bad = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            bad[f"line {number}"] = [f"not valid JSON: {exc}"]
            continue
        steps.append((f"line {number}", lambda value=value: records_from_json_value(value)))
    return _collect(steps, bad=bad)


def _collect(steps: Iterable, *, bad: dict | None = None) -> list[ReviewRecord]:
    """Run the parsing steps; gather every item's errors and refuse the whole input if any failed."""
    problems = dict(bad or {})
    records: list[ReviewRecord] = []
    for step in steps:
        label, parse = step if isinstance(step, tuple) else ("input", step)
        try:
            parsed = parse()
        except RecordError as exc:
            problems.setdefault(label, []).append(str(exc))
            continue
        for index, record in enumerate(parsed, start=1):
            errors = record_errors(record)
            if errors:
                problems[f"{label}, review {index}"] = errors
        records.extend(parsed)
    if problems:
        raise ApplicationError(
            f"{len(problems)} item(s) of the input are invalid; nothing was imported",
            code="invalid_input",
            extra={"items": problems},
        )
    return records


def record_errors(record: ReviewRecord) -> list[str]:
    """What is wrong with a record (empty when it can be stored)."""
    errors = []
    parts = urlsplit(record.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        errors.append(f"url must be an absolute http(s) URL, got {record.url!r}")
    if not record.claim_text:
        errors.append("the reviewed claim's text is missing (claimReviewed / text)")
    for name, limit in _MAX_LENGTHS.items():
        if len(getattr(record, name)) > limit:
            errors.append(f"{name} is longer than {limit} characters")
    return errors


# --- Storing and matching --------------------------------------------------------------------------


@transaction.atomic
def external_reviews_import(*, records: list[ReviewRecord], source: ExternalReviewSource) -> ImportResult:
    """Upsert ``records`` (keyed by review URL + claim text) and match each to our closest claim."""
    result = ImportResult()
    for record in records:
        errors = record_errors(record)
        if errors:
            raise ApplicationError("; ".join(errors), code="invalid_input")
        review, created = ExternalReview.objects.update_or_create(
            key=review_key(url=record.url, claim_text=record.claim_text),
            defaults={**_fields(record), "source": source},
        )
        external_review_match(review=review)
        result.created += created
        result.updated += not created
        result.matched += review.matched_claim_id is not None
        result.reviews.append(review)
    return result


def external_review_match(*, review: ExternalReview) -> ExternalReview:
    """Point ``review`` at our claim most similar to its claim text, if any reaches the threshold."""
    best = (
        Claim.objects.annotate(similarity=TrigramSimilarity("statement", review.claim_text))
        .filter(similarity__gte=settings.EXTERNAL_REVIEW_MATCH_THRESHOLD)
        .order_by("-similarity", "id")
        .values_list("id", "similarity")
        .first()
    )
    review.matched_claim_id, review.similarity = best if best else (None, None)
    ExternalReview.objects.filter(id=review.id).update(
        matched_claim_id=review.matched_claim_id, similarity=review.similarity
    )
    return review


def claim_external_reviews_match(*, claim: Claim) -> int:
    """Attach to a new ``claim`` the external reviews it matches better than their current match.

    Call after claims are created (extraction); returns how many reviews now point at ``claim``.
    """
    candidates = (
        ExternalReview.objects.annotate(candidate=TrigramSimilarity("claim_text", claim.statement))
        .filter(candidate__gte=settings.EXTERNAL_REVIEW_MATCH_THRESHOLD)
        .values_list("id", "candidate", "similarity")
    )
    better = [(pk, score) for pk, score, current in candidates if current is None or score > current]
    for pk, score in better:
        ExternalReview.objects.filter(id=pk).update(matched_claim=claim, similarity=score)
    return len(better)


def review_key(*, url: str, claim_text: str) -> str:
    return hashlib.sha256(f"{url}\n{claim_text}".encode()).hexdigest()


def _fields(record: ReviewRecord) -> dict:
    names = [
        "url", "claim_text", "publisher_name", "publisher_site", "title", "claimant", "claim_date",
        "rating_text", "language", "review_date", "raw",
    ]  # fmt: skip
    return {name: getattr(record, name) for name in names}


# --- Small helpers ---------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _first(value: Any) -> dict:
    """The first object of a JSON-LD value that may be an object, a list of objects or a bare string."""
    if isinstance(value, list):
        value = value[0] if value else {}
    if isinstance(value, str):
        return {"name": value}
    return value if isinstance(value, dict) else {}


def _site(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _date(value: Any, name: str) -> datetime | None:
    """An RFC 3339 / ISO 8601 date or datetime as an aware datetime; absent is ``None``."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        moment = parse_datetime(text)
        day = None if moment else parse_date(text)
    except ValueError:
        moment = day = None
    if moment is None and day is None:
        raise RecordError(f"{name} is not an ISO 8601 date: {text!r}")
    if moment is None:
        moment = datetime(day.year, day.month, day.day)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
