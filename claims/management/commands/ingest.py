"""``manage.py ingest SOURCE``: store an article and its candidate claims, and print what was stored.

SOURCE is a URL or a path to an .html, .txt or .json (corpus format) file. Idempotent: the same
article again (canonical URL or content hash) stores nothing new. Bad input exits non-zero with a
one-line message on stderr and leaves nothing in the database.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.semantic import ScorerUnavailableError
from claims.services.ingestion import article_claims_ingest
from sources.fetching import FetchError
from sources.services.articles import describe_error
from sources.text import TextInputError


class Command(BaseCommand):
    help = "Ingest an article (URL, .html, .txt or .json) and store its candidate claims."

    def add_arguments(self, parser):
        parser.add_argument("source", help="URL or path to an .html, .txt or .json article")

    def handle(self, *args, **options):
        try:
            result = article_claims_ingest(source=options["source"])
        except (TextInputError, FetchError) as exc:
            raise CommandError(describe_error(exc)) from exc
        except ScorerUnavailableError as exc:
            raise CommandError(str(exc)) from exc
        article = result.article
        state = "stored" if result.created else "already stored, nothing changed"
        self.stdout.write(f"Article {article.id} ({state}): {article.title or article.url or '(untitled)'}")
        self.stdout.write(f"  url={article.url or '-'} language={article.language} hash={article.content_hash[:12]}")
        self.stdout.write(f"  {len(result.appearances)} claim appearances, {result.new_claims} new claims")
        for appearance in result.appearances:
            claim = appearance.claim
            speaker = claim.speaker.name if claim.speaker else "-"
            self.stdout.write(
                f"  claim {claim.id} [{appearance.start}:{appearance.end}] score={claim.checkworthiness:.2f} "
                f"speaker={speaker}: {claim.statement}"
            )
