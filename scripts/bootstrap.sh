#!/usr/bin/env bash
# Create .venv in the repository root (when missing) and install the pinned dependencies
# from requirements/lock.txt. Re-running is cheap: nothing is reinstalled while the lock is unchanged.
# --with-embeddings also installs the optional semantic-search extra (requirements/embeddings.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi

locks=(requirements/lock.txt)
[ "${1:-}" = "--with-embeddings" ] && locks+=(requirements/embeddings.txt)
stamp=.venv/.claimtrack-lock.sha256
wanted=$(cat "${locks[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "==> installing pinned dependencies (${locks[*]})"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  for lock in "${locks[@]}"; do
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$lock"
  done
  echo "$wanted" > "$stamp"
fi
