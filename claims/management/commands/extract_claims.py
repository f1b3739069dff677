"""``manage.py extract_claims SOURCE --format json [--all]``: the claims of an article, without storing.

SOURCE is a URL or a path to an .html, .txt or .json (corpus format) file. Prints one JSON array of
``{start, end, sentence, statement, speaker, quote, score, checkworthy}``; only check-worthy items
unless ``--all``. Offsets are into the extracted article text: for a .txt file the file's text, for a
.json file its ``text`` value, exactly as given (so ``text[start:end] == sentence``); for HTML and URLs
the main text trafilatura extracted. Writes nothing to the database. Bad input
exits non-zero with a one-line message on stderr.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.pipeline import candidates_in_source, extract_candidates
from claims.extraction.semantic import ScorerUnavailableError
from sources.fetching import FetchError
from sources.services.articles import article_prepare_source, describe_error
from sources.text import TextInputError


class Command(BaseCommand):
    help = "Print the candidate claims of an article (URL, .html, .txt or .json) as JSON; stores nothing."

    def add_arguments(self, parser):
        parser.add_argument("source", help="URL or path to an .html, .txt or .json article")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--all", action="store_true", help="Print every sentence, not only check-worthy ones")

    def handle(self, *args, **options):
        try:
            prepared = article_prepare_source(source=options["source"])
        except (TextInputError, FetchError) as exc:
            raise CommandError(describe_error(exc)) from exc
        try:
            candidates = extract_candidates(prepared.extracted.text)
            if prepared.extracted.source:
                candidates = candidates_in_source(
                    candidates, source=prepared.extracted.source, text=prepared.extracted.text
                )
        except ScorerUnavailableError as exc:
            raise CommandError(str(exc)) from exc
        items = [c for c in candidates if options["all"] or c.checkworthy]
        if options["format"] == "json":
            self.stdout.write(json.dumps([c.as_json() for c in items], ensure_ascii=False, indent=2))
            return
        for c in items:
            mark = "*" if c.checkworthy else " "
            self.stdout.write(f"{mark} {c.score:.2f} [{c.start}:{c.end}] {c.speaker or '-'}: {c.statement}")
