"""``manage.py shell``, with Django's automatic model imports minus simple_history's historical models.

Django 5.2 imports every model into the shell by its class's module path. simple_history builds
``HistoricalClaim``, ``HistoricalEvidence`` and ``HistoricalVerdict`` at run time, so no module holds
them and the shell warned "3 objects could not be automatically imported" on every start. They stay
reachable as ``Claim.history.model`` and so on.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.commands import shell
from simple_history.models import HistoricalChanges


class Command(shell.Command):
    def get_auto_imports(self) -> list[str]:
        models = apps.get_models()
        historical = {f"{m.__module__}.{m.__name__}" for m in models if issubclass(m, HistoricalChanges)}
        return [path for path in super().get_auto_imports() if path not in historical]
