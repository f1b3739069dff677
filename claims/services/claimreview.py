"""schema.org ClaimReview JSON-LD for published verdicts (https://schema.org/ClaimReview).

The organisation that publishes the reviews comes from settings (``CLAIMTRACK_ORGANIZATION_NAME`` and
``CLAIMTRACK_ORGANIZATION_URL``); each review's ``url`` is its public page under
``CLAIMTRACK_PUBLIC_BASE_URL``. Only verdicts with status ``published`` are ever rendered: a retracted
verdict leaves the feed.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.urls import reverse

from claims.models import Appearance, RatingLabel, Speaker, Verdict, VerdictStatus
from claimtrack.exceptions import ApplicationError

SCHEMA_CONTEXT = "https://schema.org"


def verdicts_published() -> QuerySet[Verdict]:
    """Published verdicts, newest first, with everything the JSON-LD needs fetched in a fixed number of queries."""
    appearances = Appearance.objects.select_related("article__outlet").order_by("appeared_at", "created_at", "pk")
    return (
        Verdict.objects.filter(status=VerdictStatus.PUBLISHED)
        .select_related("claim__speaker", "rating")
        .prefetch_related(Prefetch("claim__appearances", queryset=appearances))
        .order_by("-published_at", "-pk")
    )


def rating_scale_bounds() -> tuple[int, int]:
    """(worst, best) ratingValue of the scale: its active labels, and retired ones that published verdicts
    still carry (their ClaimReviews must keep their ratingValue inside the bounds). A scale with no
    active label is a configuration error."""
    bounds = RatingLabel.objects.filter(Q(is_active=True) | Q(verdicts__status=VerdictStatus.PUBLISHED)).aggregate(
        worst=Min("rating_value"), best=Max("rating_value"), active=Count("id", filter=Q(is_active=True))
    )
    if not bounds["active"]:
        raise ApplicationError("The rating scale has no active labels.", code="rating_scale_empty", status=500)
    return bounds["worst"], bounds["best"]


def claimreview_url(*, verdict: Verdict) -> str:
    base = settings.CLAIMTRACK_PUBLIC_BASE_URL.rstrip("/")
    return base + reverse("claimreview-detail", kwargs={"pk": verdict.pk})


def claimreview_build(*, verdict: Verdict, scale: tuple[int, int] | None = None) -> dict:
    """The ClaimReview JSON-LD (a dict) of a published verdict; ApplicationError(not_published) otherwise."""
    if verdict.status != VerdictStatus.PUBLISHED:
        raise ApplicationError("Only published verdicts have a ClaimReview.", code="not_published", status=404)
    worst, best = scale or rating_scale_bounds()
    claim = verdict.claim
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": claimreview_url(verdict=verdict),
        "claimReviewed": claim.statement,
        "datePublished": _date(verdict.published_at),
        "author": _organisation(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating.rating_value,
            "bestRating": best,
            "worstRating": worst,
            "alternateName": verdict.rating.label,
        },
        "reviewBody": verdict.rationale,
        "itemReviewed": _claim(claim),
    }


def claimreviews_published() -> list[dict]:
    """Every published review as ClaimReview JSON-LD, newest first (the public feed)."""
    scale = rating_scale_bounds()
    return [claimreview_build(verdict=verdict, scale=scale) for verdict in verdicts_published()]


def _organisation() -> dict:
    return {
        "@type": "Organization",
        "name": settings.CLAIMTRACK_ORGANIZATION_NAME,
        "url": settings.CLAIMTRACK_ORGANIZATION_URL,
    }


def _claim(claim) -> dict:
    # Ordered by when it was said or reported (undated last): the first one is firstAppearance.
    appearances = sorted(claim.appearances.all(), key=_appearance_date_key)
    works = _creative_works(appearances)
    item: dict = {"@type": "Claim"}
    if claim.speaker is not None:
        item["author"] = _speaker(claim.speaker)
    if works:
        item["appearance"], item["firstAppearance"] = works, works[0]
    first_date = next((_appearance_date(a) for a in appearances if _appearance_date(a)), None)
    item["datePublished"] = _date(first_date or claim.created_at)
    return item


def _appearance_date(appearance: Appearance) -> datetime | None:
    return appearance.appeared_at or appearance.article.published_at


def _appearance_date_key(appearance: Appearance) -> tuple:
    date = _appearance_date(appearance)
    return (date is None, date or appearance.created_at, appearance.pk)


def _creative_works(appearances: list[Appearance]) -> list[dict]:
    works, seen = [], set()
    for appearance in appearances:
        article = appearance.article
        if article.pk in seen:
            continue
        seen.add(article.pk)
        work = {"@type": "CreativeWork", "url": article.url or article.submitted_url, "headline": article.title}
        if article.outlet is not None:
            work["publisher"] = {"@type": "Organization", "name": article.outlet.name}
            if article.outlet.domain:
                work["publisher"]["url"] = f"https://{article.outlet.domain}/"
        if article.published_at:
            work["datePublished"] = _date(article.published_at)
        if article.archive_url:
            work["archivedAt"] = article.archive_url
        works.append({key: value for key, value in work.items() if value})
    return works


def _speaker(speaker: Speaker) -> dict:
    person = {"@type": "Organization" if speaker.is_organisation else "Person", "name": speaker.name}
    if speaker.role and not speaker.is_organisation:
        person["jobTitle"] = speaker.role
    if speaker.wikidata_id:
        person["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_id}"
    return person


def _date(value: datetime) -> str:
    return value.date().isoformat()
