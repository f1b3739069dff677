"""Field validators shared by the models, so the admin and the API refuse the same values."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# PostgreSQL's jsonb holds neither NUL characters nor lone UTF-16 surrogates (both are legal in JSON text).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def validate_storable_json(value) -> None:
    """Refuse a JSON value with a string (key or value) that PostgreSQL cannot store."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and _UNSTORABLE.search(item):
            raise ValidationError(
                "Text with a NUL character or an unpaired surrogate (\\u0000, \\ud800-\\udfff) cannot be stored.",
                code="unstorable_text",
            )
