"""``manage.py index_documents``: index the stored documents that need it (after enabling embeddings)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from sources.services.documents import documents_index_all


class Command(BaseCommand):
    help = (
        "Index every stored document that has text but no passages yet, and, with EMBEDDINGS_ENABLED, give "
        "embeddings to passages that lack them. Passages and the evidence on them are kept; safe to run again."
    )

    def handle(self, *args, **options):
        documents, passages = documents_index_all()
        what = "never indexed or without embeddings" if settings.EMBEDDINGS_ENABLED else "never indexed"
        self.stdout.write(f"Indexed {documents} documents ({what}): {passages} passages.")
