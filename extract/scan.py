"""The scan path of stage 1: which pages need OCR, and reading them.

A PDF is decided page by page: a page with a usable text layer keeps it; a page
without text, or whose text is garbage (a bad OCR layer added by a scanner), is
rendered and read by OCR.  Image files (TIFF, PNG, JPEG) are OCR'd throughout.
"""
from __future__ import annotations

import ctypes
import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import regex

from .images import PageImage, image_pages, native_dpi, render_pdf_page
from .ocr import CleanPage, OcrSettings, DEFAULT_OCR, read_page_image
from .pages import Page

# A text layer is trusted when it has this many words and most of them look like words.
MIN_TEXT_WORDS = 20
MIN_WORDLIKE_SHARE = 0.6
_WORDLIKE = regex.compile(r"^[\p{P}\p{S}]*[\p{L}\p{N}][\p{L}\p{N}.,'/&%$-]*[\p{P}\p{S}]*$")


@dataclass
class ScannedPage:
    page: Page
    clean: CleanPage | None  # None for a page read from its text layer, or when the images are not kept


def usable_text_layer(page: Page) -> bool:
    """Enough words, mostly word-like: not an empty page and not a scanner's garbage OCR layer."""
    words = [w.text for w in page.words]
    if len(words) < MIN_TEXT_WORDS:
        return False
    wordlike = sum(1 for w in words if _WORDLIKE.match(w) and len(w) < 40)
    return wordlike / len(words) >= MIN_WORDLIKE_SHARE


# Pixels of the page images being read at once in one process: a page's clean-up holds several
# arrays its size, so pages are let through by their pixels, not their number.  A 300 dpi
# letter page is 8.4 million pixels (three read at once), a 400 dpi one 15 million (two), a
# 600 dpi one 34 million (read alone).
PAGE_PIXEL_BUDGET = 32_000_000


class PixelBudget:
    """Pixels held under a limit across threads: a page waits until it fits beside the pages
    being read, and a page over the limit by itself is read alone."""

    def __init__(self, limit: int):
        self.limit = limit
        self.in_use = 0
        self._changed = threading.Condition()

    @contextmanager
    def held(self, pixels: int) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: self.in_use == 0 or self.in_use + pixels <= self.limit)
            self.in_use += pixels
        try:
            yield
        finally:
            with self._changed:
                self.in_use -= pixels
                self._changed.notify_all()


_PAGES_IN_FLIGHT = PixelBudget(PAGE_PIXEL_BUDGET)  # one per process: memory is the process's

# Pages this large (a letter page scanned at more than about 350 dpi) have glibc give back each
# block over MMAP_THRESHOLD when it is freed.  By default a thread's heap keeps freed blocks once
# its mmap threshold has grown past their size (it grows with each large block freed): a 400 dpi
# TIFF read with two page threads peaked at 539 MB, 406 MB so.  Smaller pages keep the default:
# the blocks given back are faulted in again, about 6% more CPU on 300 dpi pages.
LARGE_PAGE_PIXELS = 12_000_000
MMAP_THRESHOLD = 1 << 20
_M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)


@functools.cache  # once a process: the setting holds for the rest of it
def _large_blocks_given_back() -> None:
    """Fix glibc's mmap threshold at ``MMAP_THRESHOLD``, for the rest of the process (no-op
    off glibc)."""
    try:
        ctypes.CDLL("libc.so.6").mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    except (OSError, AttributeError):  # another C library, with its own allocator
        pass


def read_scanned_page(image: PageImage, settings: OcrSettings = DEFAULT_OCR,
                      keep_images: bool = True) -> ScannedPage:
    """One page image read by OCR, once its pixels fit in ``PAGE_PIXEL_BUDGET`` beside the
    pages other threads are reading (a large page first has freed memory given back,
    ``LARGE_PAGE_PIXELS``).  Its cleaned images (three page-sized arrays) are kept only
    when asked, for the debug drawings: a long document would otherwise hold them all."""
    if image.gray.size > LARGE_PAGE_PIXELS:
        _large_blocks_given_back()
    with _PAGES_IN_FLIGHT.held(image.gray.size):
        page, clean = read_page_image(image, settings)
    return ScannedPage(page, clean if keep_images else None)


Item = TypeVar("Item")


def map_pages(read_one: Callable[[Item], ScannedPage], items: Sequence[Item], workers: int = 1
              ) -> list[ScannedPage]:
    """``read_one`` over ``items``, up to ``workers`` pages at a time; results in the items' order.

    Threads suffice: a page's time is spent in tesseract (its own process, or its library,
    which lets go of the GIL while it reads) and in OpenCV, both outside the GIL; and threads
    share the loaded libraries (and tesseract engines) instead of starting again.  Large pages
    wait for room (``read_scanned_page``), so fewer than ``workers`` may be read at once.
    """
    if workers <= 1 or len(items) <= 1:
        return [read_one(item) for item in items]
    with ThreadPoolExecutor(min(workers, len(items)), thread_name_prefix="page") as pool:
        return list(pool.map(read_one, items))


def read_image_pages(path: Path, settings: OcrSettings = DEFAULT_OCR, workers: int = 1,
                     keep_images: bool = True) -> list[ScannedPage]:
    return map_pages(lambda load: read_scanned_page(load(), settings, keep_images), image_pages(path), workers)


def _page_image_dpi(path: Path, password: str | None) -> dict[int, float]:
    """Resolution of the scan on each PDF page (0-based), from its embedded images."""
    import pdfplumber

    with pdfplumber.open(path, password=password or "") as pdf:
        dpis = {}
        for i, p in enumerate(pdf.pages):
            images = [(im["x0"], im["x1"], im["top"], im["bottom"], *im["srcsize"]) for im in p.images]
            dpis[i] = native_dpi(images)
            p.flush_cache()
    return dpis


def ocr_where_needed(path: Path, pages: list[Page], password: str | None = None,
                     settings: OcrSettings = DEFAULT_OCR, workers: int = 1,
                     keep_images: bool = True) -> list[ScannedPage]:
    """Keep each PDF page's text layer when it is usable; OCR the others, up to ``workers`` at a time."""
    need = [i for i, p in enumerate(pages) if not usable_text_layer(p)]
    if not need:
        return [ScannedPage(p, None) for p in pages]
    dpis = _page_image_dpi(path, password)

    def read_one(i: int) -> ScannedPage:
        return read_scanned_page(render_pdf_page(path, i, dpis.get(i, 300.0), password), settings, keep_images)

    scanned = dict(zip(need, map_pages(read_one, need, workers)))
    return [scanned.get(i) or ScannedPage(p, None) for i, p in enumerate(pages)]


# A value read by OCR whose weakest word tesseract was less sure of than this is flagged.
# Chosen on simulated scans with scripts/flag_quality.py: tesseract is often sure of a wrong
# word, so the bar is high (it catches more wrong values; about half the flags are false alarms).
UNSURE_OCR = 0.9
# ... and on a rough scan (more than ROUGH_SHARE of its OCR'd values under UNSURE_OCR: a
# photocopy, a fax) tesseract's "sure" is worth less: there the bar is UNSURE_ON_ROUGH.  On the
# corpus scans this caught 96-100% of wrong values on photocopies, faxes and typed paper forms
# (83-97% with the one bar) for about a third more flags; clean scans keep the one bar.
ROUGH_SHARE = 0.2
UNSURE_ON_ROUGH = 0.95
# OCR'd texts of more words than this are flagged however sure tesseract was of each word: on
# the corpus scans one footnote in ten of this length had a misread word that no confidence showed
LONG_OCR_TEXT = 12
# Characters a form value does not hold but OCR noise often is ('‘', '~', '°', '|', '»', ...).
_ODD = regex.compile(r"[^\p{L}\p{N}\s.,;:'\"()/&$%#@!?*+\-\[\]_]")


def flag_unsure(record, pages: list[Page], threshold: float | None = None) -> None:
    """Flag every value read from an OCR'd page with a word tesseract was unsure of: under
    UNSURE_OCR, or UNSURE_ON_ROUGH on a rough scan (unless ``threshold`` is given).

    The value's confidence is lowered to its weakest OCR word under its box, so values
    built from part of a box (issuer name and ticker, city and state) carry it too.
    """
    by_number = {p.number: p for p in pages}
    read = []  # (value, confidences of the OCR words under it)
    for _, v in record.values():
        page = by_number.get(v.page)
        if page is None or page.source != "ocr" or v.bbox is None:
            continue
        x0, top, x1, bottom = v.bbox
        read.append((v, [w.confidence for w in page.words
                         if x0 - 0.5 <= w.xc <= x1 + 0.5 and top - 0.5 <= w.yc <= bottom + 0.5]))
    if threshold is None:
        unsure = sum(1 for v, under in read if min(under + [v.confidence]) < UNSURE_OCR)
        threshold = UNSURE_ON_ROUGH if unsure > ROUGH_SHARE * len(read) else UNSURE_OCR
    for v, under in read:
        weakest = min(under, default=v.confidence)
        if weakest < threshold:
            rough = " on a rough scan" if weakest >= UNSURE_OCR else ""
            v.flag(f"OCR: a word read with confidence {weakest:.2f}{rough}", weakest)
        elif len(under) > LONG_OCR_TEXT:
            # each word is read right with tesseract sure of it, yet one of many is often not
            v.flag(f"OCR: a long text ({len(under)} words): a misread word is likely", min(weakest, 0.85))
        else:
            v.confidence = min(v.confidence, weakest)
        odd = _ODD.findall(v.source or "")
        if odd:
            v.flag(f"OCR: unexpected characters {''.join(sorted(set(odd)))!r}", min(v.confidence, 0.5))
