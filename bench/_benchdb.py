"""Benchmarks run against their own database on the same PostgreSQL server, never the dev database."""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def use_bench_database(name: str) -> str:
    """Set up Django on database ``claimtrack_bench_<name>`` (created and migrated if needed)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    database = f"claimtrack_bench_{name}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{database}"')
    connections.close_all()
    connections.databases["default"]["NAME"] = database
    connections["default"].settings_dict["NAME"] = database
    call_command("migrate", verbosity=0)
    return database


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def write_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **data}, indent=2, default=str) + "\n")
    return path
