#!/usr/bin/env bash
# Set up filing-extract on a fresh Debian machine: tesseract-ocr, .venv, the package (editable) with test extras,
# and, when it builds, tesserocr (the 'fast' extra).
# Run from anywhere; works as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

# chromium: the review page's browser test (Playwright drives the system Chromium; no browser download)
PKGS="tesseract-ocr chromium"
# Debian's own python3 needs python3-venv for `python3 -m venv`
python3 -c 'import ensurepip' >/dev/null 2>&1 || PKGS="$PKGS python3-venv"
# what tesserocr is built with, against this machine's tesseract (optional: see below)
FAST_PKGS=""
pkg-config --exists tesseract lept 2>/dev/null || FAST_PKGS="libtesseract-dev libleptonica-dev pkg-config"
command -v g++ >/dev/null 2>&1 || FAST_PKGS="$FAST_PKGS g++"
python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
    || FAST_PKGS="$FAST_PKGS python3-dev"

if ! command -v tesseract >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 \
        || [ "$PKGS" != "tesseract-ocr chromium" ] || [ -n "$FAST_PKGS" ]; then
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $PKGS
    if [ -n "$FAST_PKGS" ] && ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $FAST_PKGS; then
        echo "setup: warning: could not install $FAST_PKGS (to build tesserocr); OCR runs the tesseract command" >&2
    fi
fi

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "filing-extract needs Python >= 3.11")'
python3 -m venv .venv
.venv/bin/python -m pip install -q -e '.[test]'
# tesserocr calls tesseract's library in the process instead of starting the tesseract command for every
# montage: scans read about a third faster, with the same records.  Built from source against this machine's
# tesseract: its wheels bring their own tesseract, and one of another version reads some words differently
# (filing-extract then leaves it unused).  Optional: if it does not build, pytesseract runs the command.
if ! .venv/bin/python -m pip install -q --no-binary tesserocr -e '.[fast]'; then
    echo "setup: warning: tesserocr did not build; OCR runs the tesseract command (slower, same records)" >&2
elif ! .venv/bin/python -c 'import sys; from extract.ocr import tesseract_api; sys.exit(tesseract_api() is None)'; then
    echo "setup: warning: tesserocr is installed but its tesseract is not the command's version: not used" >&2
fi
