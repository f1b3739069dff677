"""A malformed environment variable is a clear start-up error naming the variable."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_check(*command: str, **env_overrides: str) -> subprocess.CompletedProcess:
    """``manage.py check`` (or ``command``) in a fresh process with the production-like variables below."""
    unset = {"DEBUG", "SECRET_KEY", "EXTRACTION_SCORER", "EXTRACTION_MODEL_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["DATABASE_URL"] = "postgres://user:pw@127.0.0.1:1/claimtrack"
    env["CELERY_BROKER_URL"] = "redis://127.0.0.1:1/0"
    env["SECRET_KEY"] = "x" * 50
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *(command or ("check",))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("FETCH_MAX_BYTES", "ten", "FETCH_MAX_BYTES must be an integer"),
        ("FETCH_MAX_REDIRECTS", "-1", "FETCH_MAX_REDIRECTS must be at least 0"),
        ("FETCH_TOTAL_TIMEOUT", "soon", "FETCH_TOTAL_TIMEOUT must be a number"),
        ("EMBEDDINGS_THREADS", "0", "EMBEDDINGS_THREADS must be at least 1"),
        ("CELERY_WORKER_MAX_MEMORY_PER_CHILD", "-5", "CELERY_WORKER_MAX_MEMORY_PER_CHILD must be at least 0"),
        ("EXTRACTION_SCORER", "bert", "EXTRACTION_SCORER must be one of cues, embeddings, finetuned"),
        ("EXTRACTION_SCORER", "finetuned", "EXTRACTION_SCORER=finetuned needs EXTRACTION_MODEL_DIR, a directory"),
        ("DATABASE_URL", "mysql://u@h/db", "DATABASE_URL must point at PostgreSQL"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//", "CELERY_BROKER_URL must be a redis"),
    ],
)
def test_it_refuses_to_start_with_a_malformed_variable(variable, value, message):
    result = run_check(**{variable: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_it_requires_a_secret_key_outside_local_use():
    result = run_check(SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_starts_with_well_formed_production_variables():
    result = run_check()
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_worker_memory_limit_is_1_5_gb_unless_set_and_0_turns_it_off():
    from claimtrack.celery import app

    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD == 1_500_000  # kilobytes, the default
    assert app.conf.worker_max_memory_per_child == settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD
    turned_off = run_check(
        "shell",
        "--no-imports",
        "-c",
        "from claimtrack.celery import app; print(app.conf.worker_max_memory_per_child)",
        CELERY_WORKER_MAX_MEMORY_PER_CHILD="0",
    )
    assert turned_off.returncode == 0, turned_off.stderr
    assert turned_off.stdout.strip() == "None"


def test_extraction_scores_with_the_cues_unless_told_otherwise():
    show = "from django.conf import settings; print(settings.EXTRACTION_SCORER)"
    result = run_check("shell", "--no-imports", "-c", show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "cues"


def test_tests_run_against_postgresql_never_sqlite():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_deploy_check_reports_only_the_hsts_warning_the_readme_explains():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CLAIMTRACK_LOCAL"}}
    env.update(
        DATABASE_URL="postgres://user:pw@db.example.org:5432/claimtrack",
        CELERY_BROKER_URL="redis://redis.example.org:6379/0",
        SECRET_KEY="k" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="claimtrack.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.findall(r"\(([\w.]+\.[WE]\d+)\)", output) == ["security.W004"]
    assert "security.W004" in (ROOT / "README.md").read_text()
