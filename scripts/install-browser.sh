#!/usr/bin/env bash
# The end-to-end test drives Debian's Chromium with Playwright. Install it when it is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null 2>&1; then
  echo "==> /usr/bin/chromium is missing and we cannot install it; the browser test will be skipped" >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" = "0" ] || SUDO="sudo"
echo "==> installing Debian's chromium for the end-to-end test"
if ! { $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; }; then
  echo "==> WARNING: could not install chromium; the browser test will be reported as skipped" >&2
fi
