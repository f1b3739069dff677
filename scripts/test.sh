#!/usr/bin/env bash
# Run the whole test suite: lint, format, migrations check, then pytest (unit, integration,
# worker, API fuzzing and the browser end-to-end test). Sets up .venv first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --with-embeddings  # the tests cover ranking with and without embeddings
bash scripts/install-browser.sh

echo "==> ruff check"
.venv/bin/ruff check .
echo "==> ruff format --check"
.venv/bin/ruff format --check .
echo "==> makemigrations --check"
.venv/bin/python manage.py makemigrations --check --dry-run
echo "==> pytest"
exec .venv/bin/python -m pytest "$@"
