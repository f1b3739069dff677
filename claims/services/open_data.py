"""The published reviews as open data: JSON Lines (one ClaimReview per line) and CSV (flat columns).

The schema is documented in docs/open-data.md and versioned by ``OPEN_DATA_SCHEMA_VERSION``: columns
are only ever added at the end, never renamed, reordered or removed within a major version.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

OPEN_DATA_SCHEMA_VERSION = "1"

CSV_COLUMNS = [
    "review_url",
    "claim_reviewed",
    "date_published",
    "rating_label",
    "rating_value",
    "best_rating",
    "worst_rating",
    "author_name",
    "author_url",
    "claimant",
    "claim_date",
    "first_appearance_url",
    "appearance_urls",
    "archived_appearance_urls",
    "review_body",
]

# Spreadsheet programs run cells starting with these as formulas (OWASP "CSV injection").
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def claimreviews_jsonl(reviews: Iterable[dict]) -> Iterator[str]:
    """One compact ClaimReview JSON-LD object per line, each line ending in ``\\n``."""
    for review in reviews:
        yield json.dumps(review, ensure_ascii=False, separators=(",", ":")) + "\n"


def claimreview_row(review: dict) -> dict[str, str]:
    """The flat CSV row of one ClaimReview; absent values are empty strings, lists are space-separated."""
    rating = review.get("reviewRating") or {}
    author = review.get("author") or {}
    item = review.get("itemReviewed") or {}
    appearances = item.get("appearance") or []
    row = {
        "review_url": review.get("url"),
        "claim_reviewed": review.get("claimReviewed"),
        "date_published": review.get("datePublished"),
        "rating_label": rating.get("alternateName"),
        "rating_value": rating.get("ratingValue"),
        "best_rating": rating.get("bestRating"),
        "worst_rating": rating.get("worstRating"),
        "author_name": author.get("name"),
        "author_url": author.get("url"),
        "claimant": (item.get("author") or {}).get("name"),
        "claim_date": item.get("datePublished"),
        "first_appearance_url": (item.get("firstAppearance") or {}).get("url"),
        "appearance_urls": " ".join(w["url"] for w in appearances if w.get("url")),
        "archived_appearance_urls": " ".join(w["archivedAt"] for w in appearances if w.get("archivedAt")),
        "review_body": review.get("reviewBody"),
    }
    return {name: "" if value is None else str(value) for name, value in row.items()}


def claimreviews_csv(reviews: Iterable[dict]) -> Iterator[str]:
    """CSV text (RFC 4180, header first) of the reviews, yielded a row at a time."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for review in reviews:
        writer.writerow({k: _neutralise(v) for k, v in claimreview_row(review).items()})
        yield _drain(buffer)
    yield _drain(buffer)


def _neutralise(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_PREFIXES) else value


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
