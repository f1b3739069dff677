"""``manage.py load_sample_data``: the demo data set and accounts that ``scripts/up.sh`` loads.

Idempotent: the article and documents are deduplicated by URL and content hash, the accounts are
created once (their passwords are reset to the printed ones, so the README stays true).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from claims import roles
from claims.services.ingestion import article_claims_ingest
from sources.models import Connector, ConnectorKind
from sources.services.documents import collection_import

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
DEMO_ACCOUNTS = [
    # username, password, role
    ("demo-reviewer", "claimtrack-demo-reviewer", roles.REVIEWER),
    ("demo-editor", "claimtrack-demo-editor", roles.EDITOR),
]


class Command(BaseCommand):
    help = "Load the sample article and documents shipped in claimtrack/sample_data and create demo accounts."

    def handle(self, *args, **options):
        documents = collection_import(directory=SAMPLE_DIR / "documents")
        self._local_collection(SAMPLE_DIR / "documents")
        self.stdout.write(f"Sample documents: {documents.created} new, {documents.existing} already present.")
        result = article_claims_ingest(source=str(SAMPLE_DIR / "article.json"))
        state = "stored" if result.created else "already stored"
        claims = result.article.appearances.count()
        self.stdout.write(f"Sample article {result.article.pk} {state}: {result.article.title!r}, {claims} claim(s).")
        for username, password, role in DEMO_ACCOUNTS:
            self._account(username, password, role)

    def _local_collection(self, directory: Path) -> None:
        """Point the local-collection connector at the sample documents unless an editor chose a folder."""
        connector = Connector.objects.get(kind=ConnectorKind.LOCAL)
        if not (connector.options or {}).get("path"):
            connector.options = {**(connector.options or {}), "path": str(directory)}
            connector.save(update_fields=["options", "updated_at"])
        self.stdout.write(f"Local collection connector reads {connector.options['path']}")

    @transaction.atomic
    def _account(self, username: str, password: str, role: str) -> None:
        user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        self.stdout.write(f"Demo {role}: username {username!r}, password {password!r}")
