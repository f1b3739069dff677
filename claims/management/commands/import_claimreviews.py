"""``manage.py import_claimreviews PATH_OR_URL``: import other fact-checkers' ClaimReviews.

Reads a JSON file, a JSON Lines file, a fact-check page (its embedded JSON-LD) or a Fact Check Tools
``claims:search`` response, from disk or from a URL (fetched through ``sources.fetching``). Following
``nextPageToken`` for ``claims:search`` URLs, up to ``--max-pages``. All or nothing: an invalid item
stops the command with its number and reason and a non-zero exit, and nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.models import ExternalReviewSource
from claims.services.external_reviews import ReviewRecord, external_reviews_import, records_from_content
from claimtrack.exceptions import ApplicationError
from sources.fetching import FetchError, fetch

ACCEPT = ("application/json", "application/ld+json", "application/x-ndjson", "application/jsonl", "text/*")


class Command(BaseCommand):
    help = "Import ClaimReviews from a JSON / JSON Lines file, a fact-check page or a claims:search response."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", metavar="PATH_OR_URL")
        parser.add_argument("--max-pages", type=int, default=5, help="claims:search pages to follow (URL only)")

    def handle(self, *args, source: str, max_pages: int, **options) -> None:
        if max_pages < 1:
            raise CommandError("--max-pages must be at least 1")
        try:
            batches = self._read_url(source, max_pages) if _is_url(source) else [self._read_file(source)]
            with transaction.atomic():
                totals = [external_reviews_import(records=records, source=kind) for records, kind in batches]
        except ApplicationError as exc:
            items = exc.extra.get("items", {})
            details = "".join(f"\n  {where}: {'; '.join(errors)}" for where, errors in items.items())
            raise CommandError(f"{exc.message}{details}") from exc
        created = sum(t.created for t in totals)
        updated = sum(t.updated for t in totals)
        matched = sum(t.matched for t in totals)
        summary = f"{created} new, {updated} updated, {matched} matched"
        self.stdout.write(f"Imported {created + updated} review(s): {summary}")

    def _read_file(self, path: str) -> tuple[list[ReviewRecord], ExternalReviewSource]:
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        return _classify(content, records_from_content(content))

    def _read_url(self, url: str, max_pages: int) -> list[tuple[list[ReviewRecord], ExternalReviewSource]]:
        batches, page_url = [], url
        for _ in range(max_pages):
            try:
                result = fetch(page_url, accept=ACCEPT, robots=False)
            except FetchError as exc:
                raise CommandError(f"cannot fetch {page_url}: {exc.message}") from exc
            records = records_from_content(result.content, content_type=result.content_type, base_url=result.url)
            batches.append(_classify(result.content, records, html="html" in result.content_type))
            token = _next_page_token(result.content)
            if not token:
                break
            page_url = _with_query(url, pageToken=token)
        return batches


def _classify(content: bytes, records: list[ReviewRecord], *, html: bool = False) -> tuple:
    if html or content.lstrip().startswith(b"<"):
        return records, ExternalReviewSource.JSONLD
    if records and all("claimReview" in record.raw for record in records):
        return records, ExternalReviewSource.FACTCHECK_API
    return records, ExternalReviewSource.FILE


def _next_page_token(content: bytes) -> str:
    try:
        value = json.loads(content)
    except ValueError:
        return ""
    return str(value.get("nextPageToken") or "") if isinstance(value, dict) and "claims" in value else ""


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))
