"""``manage.py import_documents DIR``: load a directory of corpus-format JSON documents, idempotently."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sources.connectors.local import CollectionError
from sources.services.documents import DocumentInputError, collection_import


class Command(BaseCommand):
    help = (
        "Import every *.json document of DIR (keys url, title, publisher, published, language, text; "
        "others ignored) as documents of the local collection, and index their passages. "
        "All or nothing: one unusable file aborts the import with nothing written."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Directory holding the JSON documents")

    def handle(self, *args, directory: str, **options):
        try:
            summary = collection_import(directory=directory)
        except CollectionError as exc:
            lines = "\n".join(f"  {name}: {reason}" for name, reason in exc.problems)
            raise CommandError(f"Nothing imported; fix these files first:\n{lines}") from exc
        except DocumentInputError as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        self.stdout.write(
            f"Imported {summary.created} new document(s), {summary.existing} already present; "
            f"indexed {summary.passages} passage(s)."
        )
