#!/usr/bin/env bash
# Set everything up on a fresh clone and run ClaimTrack in the foreground:
# web (admin and API), a Celery worker and beat. Ctrl-C stops all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_sample_data
exec .venv/bin/python manage.py runstack "$@"
