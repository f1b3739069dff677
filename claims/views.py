"""Public, read-only pages: each published ClaimReview and the feed of all of them."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from claims.models import Verdict, VerdictStatus
from claims.services.claimreview import claimreview_build, claimreviews_published, verdicts_published
from claims.services.open_data import OPEN_DATA_SCHEMA_VERSION, claimreviews_csv, claimreviews_jsonl

JSONLD = "application/ld+json"


def _published_or_gone(pk: int) -> Verdict | HttpResponse:
    verdict = verdicts_published().filter(pk=pk).first()
    if verdict is not None:
        return verdict
    # A retracted review is gone for good (410), one that never was published is simply not found (404).
    get_object_or_404(Verdict, pk=pk, status=VerdictStatus.RETRACTED, published_at__isnull=False)
    return HttpResponse("This review was retracted.", status=410, content_type="text/plain")


@require_safe
def claimreview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page of one review, with its ClaimReview JSON-LD embedded for search engines."""
    verdict = _published_or_gone(pk)
    if isinstance(verdict, HttpResponse):
        return verdict
    data = claimreview_build(verdict=verdict)
    # json.dumps escapes nothing HTML-relevant, so "</" is escaped to keep the script element closed.
    jsonld = json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return render(request, "claims/claimreview_detail.html", {"verdict": verdict, "review": data, "jsonld": jsonld})


@require_safe
def claimreview_jsonld(request: HttpRequest, pk: int) -> HttpResponse:
    """One review as a JSON-LD document."""
    verdict = _published_or_gone(pk)
    if isinstance(verdict, HttpResponse):
        return verdict
    return JsonResponse(claimreview_build(verdict=verdict), content_type=JSONLD, json_dumps_params={"indent": 2})


@require_safe
def claimreview_feed(request: HttpRequest) -> HttpResponse:
    """All published reviews as a JSON-LD array, newest first."""
    return JsonResponse(claimreviews_published(), safe=False, content_type=JSONLD, json_dumps_params={"indent": 2})


@require_safe
def claimreview_feed_jsonl(request: HttpRequest) -> HttpResponse:
    """Open data: every published review as JSON Lines, one ClaimReview per line (docs/open-data.md)."""
    return _open_data_response(claimreviews_jsonl(claimreviews_published()), "application/jsonl", "jsonl")


@require_safe
def claimreview_feed_csv(request: HttpRequest) -> HttpResponse:
    """Open data: every published review as CSV with the stable columns of docs/open-data.md."""
    return _open_data_response(claimreviews_csv(claimreviews_published()), "text/csv; charset=utf-8", "csv")


def _open_data_response(body, content_type: str, extension: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="claimreviews.{extension}"'
    response["X-Open-Data-Schema-Version"] = OPEN_DATA_SCHEMA_VERSION
    response["Access-Control-Allow-Origin"] = "*"  # public open data, meant to be read from anywhere
    return response
