"""``manage.py find_evidence "CLAIM TEXT" --top K --format json``: the best passages for a claim text."""

from __future__ import annotations

import json
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import make_aware

from sources.search import SearchInputError
from sources.services.evidence import evidence_find

MAX_TOP = 100


class Command(BaseCommand):
    help = (
        "Print the passages that best support, refute or give context to CLAIM TEXT, best first: "
        "url, title, publisher, published, passage, start, end, score, stance (a machine suggestion)."
    )

    def add_arguments(self, parser):
        parser.add_argument("claim", help="The claim statement")
        parser.add_argument("--top", type=int, default=10, help=f"How many passages (1-{MAX_TOP}, default 10)")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--since", help="Only documents published on or after this date (YYYY-MM-DD)")
        parser.add_argument("--until", help="Only documents published on or before this date (YYYY-MM-DD)")

    def handle(self, *args, claim: str, top: int, format: str, since: str | None, until: str | None, **options):
        if not 1 <= top <= MAX_TOP:
            raise CommandError(f"--top must be between 1 and {MAX_TOP}, got {top}")
        try:
            results = evidence_find(
                claim=claim, top=top, since=_date("--since", since), until=_date("--until", until, end=True)
            )
        except SearchInputError as exc:
            raise CommandError(str(exc)) from exc
        if format == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for rank, item in enumerate(results, start=1):
            self.stdout.write(
                f"{rank}. [{item['score']:.3f}, suggested {item['stance']}] {item['title']} — {item['url']}"
            )
            self.stdout.write(f"   {item['passage']}")


def _date(option: str, value: str | None, *, end: bool = False) -> datetime | None:
    if value is None:
        return None
    parsed = parse_datetime(value) or (parse_date(value) and datetime.fromisoformat(value))
    if not parsed:
        raise CommandError(f"{option} must be a date like 2025-11-30, got {value!r}")
    if end and len(value) == 10:
        parsed = parsed.replace(hour=23, minute=59, second=59)
    return parsed if parsed.tzinfo else make_aware(parsed)
