#!/usr/bin/env bash
# Set up filing-extract on a fresh Debian machine: tesseract-ocr, .venv, the package (editable) with test extras.
# Run from anywhere; works as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

# chromium: the review page's browser test (Playwright drives the system Chromium; no browser download)
PKGS="tesseract-ocr chromium"
# Debian's own python3 needs python3-venv for `python3 -m venv`
python3 -c 'import ensurepip' >/dev/null 2>&1 || PKGS="$PKGS python3-venv"

if ! command -v tesseract >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 \
        || [ "$PKGS" != "tesseract-ocr chromium" ]; then
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $PKGS
fi

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "filing-extract needs Python >= 3.11")'
python3 -m venv .venv
.venv/bin/python -m pip install -q -e '.[test]'
