"""Screenshot of a review page (docs/review-page.png) in headless Chromium.

    .venv/bin/filing-extract run samples/edgar/0001127602-20-005243.pdf --out out/shot
    .venv/bin/filing-extract review out/shot
    .venv/bin/python scripts/review_screenshot.py out/shot/review/0001127602-20-005243.html docs/review-page.png
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright


def main(page_html: str, png: str, width: int = 1440, height: int = 900) -> None:
    with sync_playwright() as pw:
        chrome = pw.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium")
        try:
            page = chrome.new_page(viewport={"width": width, "height": height})
            page.goto(Path(page_html).resolve().as_uri())
            page.hover("#flagged td.value")  # shows how a value and its box light up together
            page.screenshot(path=png)
        finally:
            chrome.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
