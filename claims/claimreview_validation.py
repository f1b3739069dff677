"""Check a ClaimReview JSON-LD object against Google's ClaimReview structured-data guidelines.

https://developers.google.com/search/docs/appearance/structured-data/factcheck lists the *required*
properties (``claimReviewed``, ``reviewRating`` with ``alternateName``, ``url``) and the *recommended*
ones (``author`` with its ``name``, ``datePublished``, ``itemReviewed`` as a ``Claim`` with ``author``,
``datePublished``, ``appearance`` and ``firstAppearance``; ``ratingValue`` / ``bestRating`` /
``worstRating`` on the rating). ClaimTrack's own output must have both kinds; imported reviews are only
ever held to the required ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from django.utils.dateparse import parse_date, parse_datetime

Level = Literal["required", "recommended"]


@dataclass(frozen=True)
class Issue:
    path: str  # dotted property path, e.g. "reviewRating.alternateName"
    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.path} ({self.level}): {self.message}"


def claimreview_issues(data: Any) -> list[Issue]:
    """Every problem of ``data`` as a ClaimReview; an empty list means it follows the guidelines."""
    if not isinstance(data, dict):
        return [Issue("", "required", "a ClaimReview must be a JSON object")]
    issues = _header_issues(data)
    issues += _text(data, "claimReviewed", "required")
    issues += _url(data, "url", "required")
    issues += _rating_issues(data.get("reviewRating"))
    issues += _author_issues(data.get("author"), "author")
    issues += _date(data, "datePublished", "recommended")
    issues += _item_reviewed_issues(data.get("itemReviewed"))
    return issues


def claimreview_required_issues(data: Any) -> list[Issue]:
    """Only the problems that make Google ignore the ClaimReview."""
    return [issue for issue in claimreview_issues(data) if issue.level == "required"]


def _header_issues(data: dict) -> list[Issue]:
    issues = []
    context = data.get("@context")
    if not (isinstance(context, str) and urlsplit(context).netloc.removeprefix("www.") == "schema.org"):
        issues.append(Issue("@context", "required", f"must be https://schema.org, got {context!r}"))
    if not _has_type(data, "ClaimReview"):
        issues.append(Issue("@type", "required", f"must be ClaimReview, got {data.get('@type')!r}"))
    return issues


def _rating_issues(rating: Any) -> list[Issue]:
    if not isinstance(rating, dict):
        return [Issue("reviewRating", "required", "missing (a Rating object)")]
    issues = _text(rating, "alternateName", "required", prefix="reviewRating.")
    numbers = {}
    for name in ("ratingValue", "bestRating", "worstRating"):
        value = rating.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            issues.append(Issue(f"reviewRating.{name}", "recommended", f"must be a number, got {value!r}"))
        else:
            numbers[name] = value
    if len(numbers) == 3 and not numbers["worstRating"] <= numbers["ratingValue"] <= numbers["bestRating"]:
        issues.append(Issue("reviewRating.ratingValue", "recommended", "must lie between worstRating and bestRating"))
    return issues


def _author_issues(author: Any, path: str) -> list[Issue]:
    if isinstance(author, list):
        author = author[0] if author else None
    if not isinstance(author, dict):
        return [Issue(path, "recommended", "missing (an Organization or Person)")]
    issues = []
    if not (_has_type(author, "Organization") or _has_type(author, "Person")):
        issues.append(Issue(f"{path}.@type", "recommended", "must be Organization or Person"))
    issues += _text(author, "name", "recommended", prefix=f"{path}.")
    return issues


def _item_reviewed_issues(item: Any) -> list[Issue]:
    if not isinstance(item, dict):
        return [Issue("itemReviewed", "recommended", "missing (a Claim)")]
    issues = [] if _has_type(item, "Claim") else [Issue("itemReviewed.@type", "recommended", "must be Claim")]
    issues += _author_issues(item.get("author"), "itemReviewed.author")
    issues += _date(item, "datePublished", "recommended", prefix="itemReviewed.")
    for name in ("appearance", "firstAppearance"):
        works = item.get(name)
        works = works if isinstance(works, list) else [works]
        if not works or not all(isinstance(w, dict) and _is_url(w.get("url")) for w in works):
            issues.append(Issue(f"itemReviewed.{name}", "recommended", "must be CreativeWork(s) with an absolute url"))
    return issues


def _text(data: dict, name: str, level: Level, *, prefix: str = "") -> list[Issue]:
    value = data.get(name)
    if isinstance(value, str) and value.strip():
        return []
    return [Issue(prefix + name, level, f"must be non-empty text, got {value!r}")]


def _url(data: dict, name: str, level: Level) -> list[Issue]:
    value = data.get(name)
    return [] if _is_url(value) else [Issue(name, level, f"must be an absolute http(s) URL, got {value!r}")]


def _date(data: dict, name: str, level: Level, *, prefix: str = "") -> list[Issue]:
    value = data.get(name)
    if isinstance(value, str) and _is_iso_date(value):
        return []
    return [Issue(prefix + name, level, f"must be an ISO 8601 date, got {value!r}")]


def _is_iso_date(value: str) -> bool:
    try:
        return parse_datetime(value) is not None or parse_date(value) is not None
    except ValueError:
        return False


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _has_type(node: dict, name: str) -> bool:
    types = node.get("@type")
    return name in (types if isinstance(types, list) else [types])
