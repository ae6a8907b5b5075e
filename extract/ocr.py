"""Reading a scanned page: clean it, find its ruling lines and text pieces, OCR them in one tesseract pass.

Full-page tesseract skips the data rows of ruled tables, and one tesseract call
per cell is slow.  So the page is cut into *text pieces* (runs of ink on one
line that do not cross a ruling line), each piece is scaled so its print is
large enough, and all pieces are stacked into one montage image read in one
tesseract pass as a block of lines (``--psm 6``; through tesseract's library when
tesserocr is installed, else the ``tesseract`` command).  Words come back to
page coordinates through the piece they were read in.  The result is a ``Page``
like the text-layer reader's: words (with tesseract's confidence), ruling lines
and filled boxes, in PDF points.
"""
from __future__ import annotations

import bisect
import functools
import os
import shlex
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
import regex
from PIL import Image

from . import cleanup
from .cleanup import CleanupSettings, px
from .errors import ExtractError
from .images import PageImage
from .pages import Page, Word

# tesseract's own threads are much slower than one process per page on a small machine
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# OpenCV's too: pages and documents run in parallel instead (a page's clean-up takes a third
# less CPU and time on one thread than on two, measured on 2 busy cores)
cv2.setNumThreads(1)


class OcrUnavailable(ExtractError):
    """The tesseract engine is not installed or failed."""
    exit_code = 10
    kind = "ocr-unavailable"


@dataclass(frozen=True)
class OcrSettings:
    cleanup: CleanupSettings = field(default_factory=CleanupSettings)
    word_gap_pt: float = 2.5         # ink closer than this on a line is one piece; a space is wider
    line_gap_pt: float = 3.5         # words closer than this are one line (orientation test)
    target_char_px: int = 22         # tall characters are scaled to about this height
    max_upscale: float = 3.0
    min_scale: float = 0.5
    min_piece_pt: float = 3.0        # smaller blobs are specks (or a lone stop, meaningless alone)
    gutter_px: int = 24              # white space around each piece in the montage
    montage_width_px: int = 2400
    max_montage_px: int = 30000      # tesseract refuses images over 32767 pixels high
    language: str = "eng"

    def __post_init__(self):
        if self.word_gap_pt <= 0 or self.target_char_px < 8 or self.max_upscale < 1:
            raise ValueError("bad OCR settings")


DEFAULT_OCR = OcrSettings()
# one block of text lines (page segmentation mode 6); no search for white-on-black text (saves
# a fifth of the time): for the command, and the same for the library
TESSERACT_VARIABLES = {"tessedit_do_invert": "0"}
TESSERACT_CONFIG = "--psm 6" + "".join(f" -c {name}={value}" for name, value in TESSERACT_VARIABLES.items())
# a lone mark of punctuation read with little confidence is a speck or a remnant of a ruling line
_SPECK = regex.compile(r"^[\p{P}\p{S}]{1,3}$")
SPECK_CONFIDENCE = 0.5
# one character alone read with next to no confidence is a speck, whatever it came out as (kept to
# PRINT_CHARACTERS, a speck is read as a digit or a letter: '4', '2')
LONE_CONFIDENCE = 0.15
# EDGAR takes ASCII only, so no value of a filing holds another character; on a rough scan
# tesseract reads a speck on a letter as an accent or a symbol ('restrictéd', 'Rankin »
# Associates', '§'). Its reading is kept to ASCII's printing characters, with the typographic
# dashes and quotes the forms' labels are printed in.
PRINT_CHARACTERS = "".join(map(chr, range(32, 127))) + "‘’“”–—"


# quotes, stops and dashes: standing alone, noise whatever tesseract's confidence
_NOISE = regex.compile(r"^[‘’'\"`,.~_\-–—]+$")


def _is_speck(text: str) -> bool:
    """Punctuation alone, or one or two letters: what noise is read as (with low confidence)."""
    if text in ("x", "X"):  # the mark in a relationship box, often read with little confidence
        return False
    return bool(_SPECK.match(text)) or (len(text) <= 2 and text.isalpha() and text.islower())


@dataclass(frozen=True)
class Piece:
    """A run of ink on one text line, in pixels of the cleaned page, and where it sits in the montage."""
    x: int
    y: int
    w: int
    h: int
    scale: float = 1.0
    mx: int = 0
    my: int = 0
    parts: frozenset = frozenset()  # its runs of ink, as labelled in CleanPage.piece_labels
    base: int | None = None         # its print's baseline, in pixels below its top (None: its bottom)


@dataclass
class CleanPage:
    """What clean-up found on one page image; kept for the debug picture."""
    gray: np.ndarray            # deskewed, upright
    dpi: float
    quarter_turns: int
    skew_deg: float
    ocr_mask: np.ndarray        # ink without ruling lines
    ocr_gray: np.ndarray        # the grey page with ruling lines whitened: what tesseract reads
    rules: list
    ink: list
    pieces: list[Piece] = field(default_factory=list)
    piece_labels: np.ndarray | None = None  # the runs of ink pieces are made of, labelled
    in_piece: np.ndarray | None = None      # by label: is that run of ink part of a piece
    bilevel: bool = False       # a fax or a 1-bit scan, smoothed back to grey (cleanup.smooth_bilevel)


# ------------------------------------------------------------------ orientation

def _row_sharpness(mask: np.ndarray) -> float:
    rows = mask.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def _text_lines(mask: np.ndarray, dpi: float, settings: OcrSettings) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the page's lines of text: ink joined along a line, line-high and
    at least three times as wide."""
    gap = px(settings.line_gap_pt, dpi)
    joined = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    n, labels, stats = cleanup.components(joined)
    lo, hi = px(4, dpi), px(14, dpi)
    return [(x, y, w, h) for x, y, w, h, _ in stats[1:] if lo <= h <= hi and w >= 3 * h]


def _ascender_vote(mask: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Ink above the line's x-height band minus ink below it, as a share of its ink; negative:
    upside down.  Latin print has more ascenders and capitals than descenders."""
    x, y, w, h = box
    profile = mask[y:y + h, x:x + w].sum(axis=1, dtype=np.float64)
    if profile.max() <= 0:
        return 0.0
    band = np.nonzero(profile >= 0.5 * profile.max())[0]
    top, bottom = band[0], band[-1]
    return float((profile[:top].sum() - profile[bottom + 1:].sum()) / profile.sum())


# the share of text lines whose ascenders must agree for the page's way up to be taken from them
# alone: on a page typed in Courier and sent by fax, as many lines say one way as the other
SURE_SHARE = 0.65
READ_LINES = 8  # the widest lines read both ways up when the ascenders leave it open


def orientation(mask: np.ndarray, dpi: float, settings: OcrSettings = DEFAULT_OCR,
                gray: np.ndarray | None = None) -> int:
    """Quarter turns counter-clockwise that make the page upright (0-3).

    Text lines make the row profile sharp when the page lies right (0/180) and the
    column profile when it is turned (90/270); ascenders tell up from down.  When the lines'
    ascenders leave it open and the page's grey ``gray`` is given (at any resolution), its
    widest lines are read both ways up, and the surer reading tells.
    """
    # ruling lines out first: a page of tall table columns is not a turned page
    horiz, vert = cleanup.line_masks(mask, dpi, settings.cleanup)
    text = cv2.bitwise_and(mask, cv2.bitwise_not(cv2.bitwise_or(horiz, vert)))
    small = cv2.resize(text, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    turned = _row_sharpness(small.T) > 2.0 * _row_sharpness(small)
    base = 1 if turned else 0
    upright = np.rot90(text, base) if base else text
    lines = _text_lines(upright, dpi, settings)
    votes = [_ascender_vote(upright, box) for box in lines]
    upside_down = sum(votes) < 0
    agreeing = sum((v < 0) == upside_down for v in votes)
    if gray is not None and lines and agreeing < SURE_SHARE * len(votes):
        scale = gray.shape[0] / mask.shape[0]
        upside_down = _reads_upside_down(cleanup.turn(gray, base), lines, scale, settings)
    return base + 2 if upside_down else base


def _reads_upside_down(gray: np.ndarray, lines: list[tuple[int, int, int, int]], scale: float,
                       settings: OcrSettings) -> bool:
    """Whether the widest of ``lines`` (boxes on a mask ``scale`` times smaller than ``gray``)
    read surer turned upside down: what tesseract reads, weighed by its confidence."""
    widest = sorted(lines, key=lambda b: -b[2])[:READ_LINES]
    crops = [gray[round(y * scale):round((y + h) * scale), round(x * scale):round((x + w) * scale)]
             for x, y, w, h in widest]
    gutter = settings.gutter_px
    width = max(c.shape[1] for c in crops) + 2 * gutter
    montage = np.vstack([np.pad(c, ((gutter, 0), (gutter, width - gutter - c.shape[1])), constant_values=255)
                         for c in crops] + [np.full((gutter, width), 255, np.uint8)])

    def sureness(image: np.ndarray) -> float:
        return sum(len(w[0]) * w[5] for w in _tesseract_words(np.ascontiguousarray(image), settings))
    return sureness(np.rot90(montage, 2)) > sureness(montage)


# ------------------------------------------------------------------ clean-up

def clean_page(image: PageImage, settings: OcrSettings = DEFAULT_OCR) -> CleanPage:
    """Upright, deskewed page with its ruling lines, filled boxes and the ink left to read.

    Page-sized arrays are dropped as soon as they are used (``del``): a worker reads pages in
    threads, and what each holds at its peak adds up."""
    dpi = image.dpi
    gray = cleanup.normalize_background(image.gray, dpi)
    # orientation and skew are measured at half resolution: as exact, a quarter of the work
    half_gray = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    half = cleanup.without_dots(cleanup.binarize(half_gray, dpi / 2), dpi / 2)
    turns = orientation(half, dpi / 2, settings, gray)
    skew = cleanup.estimate_skew(cleanup.turn(half, turns) if turns else half, dpi / 2,
                                 settings.cleanup.max_skew_deg)
    # a copier's toner streaks run straight down the page as it lay on the scanner: lifted out
    # of the page as scanned (left in, they pass for ruling lines that cut through cells and letters)
    paper, printed = cleanup.print_levels(half_gray, half, dpi / 2)
    gray = remove_streaks(gray, dpi, paper - printed, skew, settings)
    if turns:
        gray = cleanup.turn(gray, turns)
    del half, half_gray
    # smoothed only now: orientation and skew are measured better on the sharp bi-level ink
    smooth = cleanup.smooth_bilevel(gray, dpi)
    bilevel = smooth is not gray  # a page that is not bi-level comes back as it is
    gray = cleanup.rotate(smooth, skew)
    del smooth
    paper_level = cleanup.darkest_paper(gray)
    mask = cleanup.binarize(gray, dpi, paper_level)  # with its dots: stray_specks keeps those where a stop goes
    horiz, vert = cleanup.line_masks(mask, dpi, settings.cleanup)
    vert = cv2.bitwise_or(vert, cleanup.cut_row_sides(mask, horiz, dpi, settings.cleanup))
    rules = cleanup.rules_from_masks(horiz, vert, dpi, settings.cleanup)
    ink = (cleanup.filled_boxes(gray, mask, dpi, settings.cleanup)
           + cleanup.light_filled_boxes(gray, dpi, paper, settings.cleanup))
    lines = cv2.dilate(cv2.bitwise_or(horiz, vert), cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    ocr_mask = cv2.bitwise_and(mask, cv2.bitwise_not(lines))
    parts = cleanup.components(ocr_mask)
    gone = cleanup.remnant_parts(parts, horiz, dpi)
    remnants = cleanup.paint(gone, parts[1], parts[2])
    del horiz, vert
    ocr_mask = cv2.bitwise_and(ocr_mask, cv2.bitwise_not(remnants))
    lines = cv2.bitwise_or(lines, remnants)
    # the components left are those found less the remnants: not labelled again
    under = cleanup.underlines(ocr_mask, dpi, parts=cleanup.without_parts(parts, gone))
    del parts
    # a speck is told from a piece of a letter on letters whole, thin strokes and all
    whole = cv2.bitwise_and(cleanup.with_thin_strokes(gray, mask, dpi, paper_level), cv2.bitwise_not(lines))
    del mask
    parts = cleanup.components(whole)
    specks = cv2.bitwise_or(cleanup.stray_specks(whole, dpi, parts=parts),
                            cleanup.midline_specks(whole, dpi, parts=parts))
    del whole, parts
    ocr_mask = cv2.bitwise_and(ocr_mask, cv2.bitwise_not(cv2.bitwise_or(under, specks)))
    lines = cv2.bitwise_or(lines, under)
    del under
    # tesseract reads the grey page (finer than our mask, which loses faint commas and dots),
    # with the ruling lines and their blurred edges whitened, and faint paper texture too;
    halo = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (px(0.5, dpi),) * 2))
    del lines
    # the specks of noise found among the print go too, with their blurred rims
    specks = cv2.dilate(specks, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    # paper texture is what is lighter than the paper less a sixth of the print's contrast (215
    # on a white page with black print): a faded copy's print is lighter, and so is its blur
    faint = min(235.0, max(200.0, paper - 0.16 * (paper - printed)))
    levels = np.arange(256)
    ocr_gray = cv2.max(cv2.LUT(gray, np.where(levels > faint, 255, levels).astype(np.uint8)),
                       cv2.bitwise_or(halo, specks))
    del halo, specks
    ocr_gray = _without_specks(ocr_gray, ocr_mask, dpi)
    return CleanPage(gray, dpi, turns, skew, ocr_mask, ocr_gray, rules, ink, bilevel=bilevel)


# the smallest print a spot can be: this area (pt²), or this much ink (pt² of black)
SPOT_AREA_PT2 = 0.5
SPOT_INK_PT2 = 0.18


def remove_streaks(gray: np.ndarray, dpi: float, contrast: float | None = None, skew_deg: float = 0.0,
                   settings: OcrSettings = DEFAULT_OCR) -> np.ndarray:
    """The page as scanned with its toner streaks lifted out, measured against the page's print
    contrast (read at half resolution when not given); ``skew_deg``, how far the page lies askew,
    tells a streak from a ruling line by its straightness too."""
    if contrast is None:
        half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        paper, ink = cleanup.print_levels(half, cleanup.binarize(half, dpi / 2), dpi / 2)
        contrast = paper - ink
    streaks = cleanup.find_streaks(gray, dpi, contrast, settings.cleanup, skew_deg)
    return cleanup.remove_streaks(gray, streaks, dpi, contrast, settings.cleanup)


def _without_specks(gray: np.ndarray, print_mask: np.ndarray, dpi: float) -> np.ndarray:
    """Dark spots away from the print whitened: a speck of fax noise in the open goes.

    A spot stays whole when part of it is level with print and close beside it: a typewriter's
    full stop sits up to 4 pt from the glyph before it ('Inc.'), a comma's tail hangs below the line.
    """
    _, dark = cv2.threshold(gray, 254, 255, cv2.THRESH_BINARY_INV)
    n, labels, stats = cleanup.components(dark)
    beside = cv2.dilate(print_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (px(8.0, dpi), px(1.0, dpi))))
    keep = np.zeros(n, dtype=bool)
    keep[labels[beside > 0]] = True
    keep[0] = False
    # a grain of toner or a pixel of pepper noise beside a word is read as a stop ('Class.A'): a
    # spot smaller and lighter than the smallest full stop (0.5 pt across in 6 pt print) goes
    # wherever it lies
    k2 = (dpi / 72.0) ** 2
    tiny = stats[:, cv2.CC_STAT_AREA] < SPOT_AREA_PT2 * k2
    tiny[0] = False
    if tiny.any():
        inside = cleanup.paint(tiny, labels, stats) > 0
        ink = np.bincount(labels[inside], weights=255.0 - gray[inside], minlength=n)
        keep &= ~(tiny & (ink < SPOT_INK_PT2 * 255 * k2))
    gone = ~keep
    gone[0] = False  # the paper: white already
    return cv2.max(gray, cleanup.paint(gone, labels, stats))  # the others white


def find_pieces(clean: CleanPage, settings: OcrSettings = DEFAULT_OCR) -> list[Piece]:
    """Runs of ink on one line, cut at ruling lines: each is read on its own montage row."""
    dpi = clean.dpi
    gap = px(settings.word_gap_pt, dpi)
    # a little height too: the nearest points of neighbouring letters ('A' and 'G') are
    # often not on the same pixel row
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (gap, px(1.0, dpi)))
    joined = cv2.dilate(clean.ocr_mask, kernel)
    # a piece never crosses a vertical rule: a cell's text stays in its cell
    for r in clean.rules:
        if not r.horizontal:
            x = int(round(r.x0 * dpi / 72))
            joined[int(r.top * dpi / 72):int(r.bottom * dpi / 72) + 1, max(0, x - 1):x + 2] = 0
    n, labels, stats = cleanup.components(joined)
    clean.piece_labels = labels
    smallest, flat = px(settings.min_piece_pt, dpi), px(2.5, dpi)
    # small or flat and short: punctuation, a speck or a lone dash, read only as part of a line
    boxes = [[int(x), int(y), int(x + w), int(y + h), frozenset([i]),
              not ((w >= smallest or h >= smallest) and not (h < flat and w < 2.4 * flat))]
             for i, (x, y, w, h, _) in enumerate(stats[1:], start=1)
             if h <= px(40, dpi)]  # taller: a picture or logo
    walls = sorted(int(round(r.x0 * dpi / 72)) for r in clean.rules if not r.horizontal)
    boxes = _split_stacked_lines(clean.ocr_mask, labels, boxes, px(settings.min_piece_pt, dpi))
    seen: dict = {}
    boxes = [part for b in boxes for part in (_split_superscript(clean.ocr_mask, b, seen) if not b[5] else [b])]
    boxes = _drop_contained(_join_lines(clean.ocr_mask, boxes, walls, seen))
    clean.in_piece = np.zeros(n, dtype=bool)
    for b in boxes:
        clean.in_piece[list(b[4])] = True
    return [Piece(x0, y0, x1 - x0, y1 - y0, parts=parts, base=min(y1, round(base)) - y0)
            for x0, y0, x1, y1, parts, base in boxes]


STACKED_LINES = 1.6   # a run of ink this many usual line heights tall may be two lines of print
VALLEY_INK = 0.08     # a row between two lines holds under this share of the fuller line's fullest row
LINE_CORE = 0.3       # a line's rows of print (half its usual row or more) span this share of a usual line at least


def _split_stacked_lines(mask: np.ndarray, labels: np.ndarray, boxes: list[list], smallest: int) -> list[list]:
    """Two lines of small print set close together and bridged by specks or touching
    descenders are one run of ink, read by tesseract as one garbled line: such a run, at least
    1.6 usual line heights tall, is cut where its rows of ink fall to next to nothing between
    two bands of print each as thick as a line's letters.  A tall line of large print has no
    near-empty row in its middle; a raised mark, ascenders and descenders touch their letters.
    Boxes as ``_join_lines`` takes them; a cut box's parts keep its labels."""
    heights = [b[3] - b[1] for b in boxes if not b[5] and b[3] - b[1] >= smallest and b[2] - b[0] >= 3 * (b[3] - b[1])]
    if not heights:
        return boxes
    usual = _median(heights)
    out: list[list] = []
    todo = list(boxes)
    while todo:
        b = todo.pop()
        x0, y0, x1, y1, parts, small = b
        if small or y1 - y0 < STACKED_LINES * usual:
            out.append(b)
            continue
        ink = mask[y0:y1, x0:x1].astype(bool) & np.isin(labels[y0:y1, x0:x1], list(parts))
        rows = np.count_nonzero(ink, axis=1)
        cut = _line_valley(rows, usual)
        if cut is None:
            out.append(b)
            continue
        for top, part in ((y0, ink[:cut]), (y0 + cut, ink[cut:])):
            ys, xs = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
            todo.append([x0 + int(xs[0]), top + int(ys[0]), x0 + int(xs[-1]) + 1, top + int(ys[-1]) + 1, parts, small])
    return out


def _line_valley(rows: np.ndarray, usual: float) -> int | None:
    """The row at which a run of ink rows ``rows`` splits into two lines of print, if any: the
    emptiest row away from its ends, next to empty beside the fullest rows on either side, each
    side holding a band of rows of print as thick as a line's letters."""
    n = len(rows)
    lo, hi = int(0.25 * n), int(0.75 * n)
    if hi <= lo:
        return None
    cut = lo + int(np.argmin(rows[lo:hi]))
    above, below = rows[:cut], rows[cut + 1:]
    if not above.any() or not below.any():
        return None
    # a rule's stub down the side of both lines, or a short second line ('in' under a long
    # line), leaves the valley thin beside the fuller line only
    if rows[cut] > min(VALLEY_INK * max(above.max(), below.max()), 0.25 * min(above.max(), below.max())):
        return None
    for side in (above, below):
        # measured against the side's usual row, not its fullest: an X typed on a line
        # ('_X_') has a few full rows of underscores under many thin ones
        if np.count_nonzero(side >= 0.5 * np.median(side[side > 0])) < LINE_CORE * usual:
            return None
    return cut


def _drop_contained(boxes: list[list]) -> list[list]:
    """Pieces lying inside a bigger piece (the dot of a large 'i') become part of it: read
    apart as well, they come back as a stray 'e' in the middle of the word."""
    by_size = sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    kept: list[list] = []
    for b in by_size:
        x0, y0, x1, y1 = b[:4]
        least = 0.8 * (x1 - x0) * (y1 - y0)
        container = None
        for k in kept:  # the first (largest) kept piece that holds 80% of it; inline: asked n² times a page
            w = min(x1, k[2]) - max(x0, k[0])
            if w > 0:
                h = min(y1, k[3]) - max(y0, k[1])
                if h > 0 and w * h >= least:
                    container = k
                    break
        if container is None:
            kept.append(b)
        else:
            container[4] = container[4] | b[4]
    return kept


def _glyphs(mask: np.ndarray, box: list, seen: dict | None = None) -> list[tuple[int, int, int, int]]:
    """Connected pieces of ink (x, y, w, h) inside a box, left to right, in the box's pixels.

    ``seen``: the glyphs of the boxes of this mask already looked at, by box (a piece's box is
    looked at to split off its raised mark, then again to join it to its line)."""
    key = tuple(box[:4])
    if seen is not None and key in seen:
        return seen[key]
    x0, y0, x1, y1 = (max(0, v) for v in key)
    crop = mask[y0:y1, x0:x1]
    if crop.size == 0:  # OpenCV crashes on an empty image
        found = []
    else:
        n, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
        found = sorted(map(tuple, stats[1:, :4].tolist()), key=lambda g: g[0])
    if seen is not None:
        seen[key] = found
    return found


def _median(values: list) -> float:
    """np.median of a short list, without numpy's overhead (it is taken thousands of times a page)."""
    values = sorted(values)
    mid = len(values) // 2
    return float(values[mid]) if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _baseline(glyphs, tallest: int) -> tuple[float, float]:
    """Where full-size print ends, and its height: glyphs that go below the line (',' '/' 'p')
    are outvoted by those sitting on it; tall narrow ones ('(' ')' '/') do not vote unless
    nothing else is there ('(D)')."""
    full = [g for g in glyphs if g[3] >= 0.6 * tallest]
    full = [g for g in full if g[2] > 0.4 * g[3]] or full
    return _median([g[1] + g[3] for g in full]), _median([g[3] for g in full])


def _split_superscript(mask: np.ndarray, box: list, seen: dict | None = None) -> list[list]:
    """A raised mark at the end of a piece ('S⁽¹⁾') cut off into a piece of its own.

    Read together, the mark is tiny beside the full-size print and comes out as 'o)' or
    nothing; alone it is scaled up like any small print.
    """
    glyphs = _glyphs(mask, box, seen)
    if len(glyphs) < 2:
        return [box]
    tallest = max(g[3] for g in glyphs)
    # the longest run of trailing glyphs that all end well above the baseline of the print before them
    raised, size = 0, 0.0
    for k in range(1, min(len(glyphs), 7)):  # a mark is a few glyphs: '(1)', '(12)(3)'
        if not any(g[3] >= 0.6 * tallest for g in glyphs[:-k]):
            continue
        baseline, body_size = _baseline(glyphs[:-k], tallest)
        mark = glyphs[-k:]
        # a mark's brackets reach lower than its number: they need be raised only half as much
        if all(g[1] + g[3] <= baseline - (0.15 if j in (0, k - 1) and g[2] <= 0.5 * g[3] else 0.3) * body_size
               for j, g in enumerate(mark)):
            raised, size = k, body_size
    if not raised:
        return [box]
    mark = glyphs[-raised:]
    cut = min(g[0] for g in mark)
    top = min(g[1] for g in mark)
    bottom = max(g[1] + g[3] for g in mark)
    # a quote or an apostrophe is raised too, but short: a mark '(1)' is nearly full height;
    # lower-case after a 'p' ('past') is raised too, but not in brackets
    bracketed = all(g[2] <= 0.5 * g[3] and g[3] >= 0.8 * (bottom - top) for g in (mark[0], mark[-1]))
    if (not bracketed or bottom - top < 0.5 * size
            or cut <= max(g[0] + g[2] for g in glyphs[:-raised]) - 1):
        return [box]
    x0, y0, x1, y1, parts, small = box
    return [[x0, y0, x0 + cut, y1, parts, small], [x0 + cut, y0 + top, x1, y0 + bottom, parts, small]]


def _print_line(mask: np.ndarray, box: list, seen: dict | None = None) -> tuple[float, float]:
    """Baseline (page y) and size of a piece's print.  The baseline is the last row with
    half the ink of a typical row: what goes below the line (a bracket's or a 'p''s tail, a
    slash) is thin there, even when blur merged it with its neighbour ('(D')."""
    glyphs = _glyphs(mask, box, seen)
    if not glyphs:
        return float(box[3]), float(box[3] - box[1])
    _, size = _baseline(glyphs, max(g[3] for g in glyphs))
    rows = np.count_nonzero(mask[box[1]:box[3], box[0]:box[2]], axis=1)
    typical = _median(rows[rows > 0].tolist())  # np.median's overhead is most of its time here
    return box[1] + float(np.flatnonzero(rows >= 0.5 * typical)[-1]) + 1, size


def _ink_width(mask: np.ndarray, box: list) -> int:
    cols = np.flatnonzero(mask[box[1]:box[3], box[0]:box[2]].any(axis=0))
    return int(cols[-1] - cols[0] + 1) if len(cols) else 0


def _wall_between(walls: list[int], a: int, b: int) -> bool:
    """Is one of the sorted x positions ``walls`` between a and b (inclusive)?"""
    i = bisect.bisect_left(walls, min(a, b))
    return i < len(walls) and walls[i] <= max(a, b)


def _join_lines(mask: np.ndarray, boxes: list[list], walls: list[int], seen: dict | None = None) -> list[list]:
    """Join neighbours that continue one line of print: same baseline, same size, a gap under
    half a character height.  Wide letter spacing ('1 7' in a serif date, '7 . 765' typed in
    Courier) breaks a line into pieces that read badly alone; a raised footnote mark stays apart.

    Small pieces (stops, commas, dashes) join the line they are level with and never start
    one: alone they are specks.  ``walls`` are the x positions of vertical rules (sorted), which
    a join never crosses.  Boxes are [x0, y0, x1, y1, parts, small]; the result's are
    [x0, y0, x1, y1, parts, baseline].
    """
    merged: list[list] = []  # [x0, y0, x1, y1, parts, baseline, size]
    open_ends: list[list] = []  # groups that may still grow to the right
    widths: dict = {}

    def ink_width(b) -> int:  # asked of a piece for each group it might join: measured once
        key = tuple(b[:4])
        if key not in widths:
            widths[key] = _ink_width(mask, b)
        return widths[key]

    def joins(m, b, base, size) -> bool:
        x0 = b[0]
        # a dash typed with a space before it ('24.1 - Power') is a word space away; alone it
        # is a piece that reads as nothing
        dash = size < 0.25 * m[6] and ink_width(b) >= 2 * size
        if x0 - m[2] > (1.0 if dash else 0.5) * m[6] or _wall_between(walls, m[2], x0):
            return False
        if size < 0.5 * m[6]:
            # punctuation: its middle on the line, or a comma's tail below it.  Punctuation is
            # narrow or flat (a dash): a wide run of small print is smaller words (a value typed
            # small after a printed label), read at its own scale
            if size >= 0.25 * m[6] and ink_width(b) > m[6]:
                return False
            return m[5] - m[6] <= base - size / 2 <= m[5] + 0.4 * m[6]
        if size < 0.75 * m[6] and ink_width(b) < 0.6 * m[6]:
            # a comma grown by blur: narrow, low on the line (a raised mark, as small, ends above it)
            return base - size >= m[5] - 0.6 * m[6] and m[5] - 0.1 * m[6] <= base <= m[5] + 0.6 * m[6]
        return abs(base - m[5]) <= 0.2 * m[6] and 0.7 <= size / m[6] <= 1.4

    def inside_word(m, k, base, size) -> bool:
        """An apostrophe: a narrow raised mark between letters of the line ('Issuer's' in
        Courier, whose narrow glyphs sit a wide gap from their neighbours); a footnote mark
        is wider, in brackets."""
        b = ordered[k]
        if not (size < 0.75 * m[6] and ink_width(b) < 0.35 * m[6] and b[0] - m[2] <= 0.6 * m[6]
                and base <= m[5] - 0.3 * m[6] and base - size >= m[5] - 1.3 * m[6]):
            return False
        for after in ordered[k + 1:]:  # the next print on the line, close after it
            if after[0] - b[2] > 0.5 * m[6]:
                return False
            if after[1] < m[5] and after[3] > m[5] - m[6]:
                next_base, next_size = _print_line(mask, after, seen)
                return abs(next_base - m[5]) <= 0.2 * m[6] and 0.7 <= next_size / m[6] <= 1.4
        return False

    ordered = sorted(boxes, key=lambda b: b[0])
    for k, b in enumerate(ordered):
        x0, y0, x1, y1, parts, small = b
        base, size = _print_line(mask, b, seen)
        target = next((m for m in open_ends if joins(m, b, base, size) or inside_word(m, k, base, size)), None)
        if target is not None:
            target[0], target[1] = min(target[0], x0), min(target[1], y0)
            target[2], target[3] = max(target[2], x1), max(target[3], y1)
            target[4] = target[4] | parts
        elif not small:
            target = [x0, y0, x1, y1, parts, base, size]
            merged.append(target)
            open_ends.append(target)
        # a group more than a character height behind the scan line cannot grow any more
        open_ends = [m for m in open_ends if x0 - m[2] <= 2 * m[6]]
    return [m[:6] for m in merged]


def _char_height(mask: np.ndarray) -> int:
    """Height of a piece's line of print: the longest run of rows with ink (one line of a
    piece that holds two).  Cheap: a piece's print size is needed for every piece."""
    inked = np.concatenate(([0], mask.any(axis=1).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(inked))
    runs = edges[1::2] - edges[0::2]
    # a line's run spans ascenders to descenders, about 1.3 capital heights
    return max(1, int(runs.max() / 1.3)) if len(runs) else mask.shape[0]


def _scaled_crop(clean: CleanPage, p: Piece, settings: OcrSettings) -> tuple[np.ndarray, float]:
    ink = clean.ocr_mask[p.y:p.y + p.h, p.x:p.x + p.w]
    crop = clean.ocr_gray[p.y:p.y + p.h, p.x:p.x + p.w]
    if p.parts and clean.piece_labels is not None:
        # without other pieces' ink: the tail of a letter from the line above is not read twice
        labels = clean.piece_labels[p.y:p.y + p.h, p.x:p.x + p.w]
        foreign = clean.in_piece[labels] & ~np.isin(labels, list(p.parts))
        ink = np.where(foreign, 0, ink)
        crop = np.where(foreign, 255, crop).astype(np.uint8)
    scale = min(settings.max_upscale, max(settings.min_scale, settings.target_char_px / max(1, _char_height(ink))))
    if abs(scale - 1.0) <= 0.05:
        return crop, 1.0
    # large print is shrunk (tesseract's time grows with pixels, not with legibility)
    method = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    size = (max(1, round(p.w * scale)), max(1, round(p.h * scale)))  # a hairline piece keeps a pixel
    return cv2.resize(crop, size, interpolation=method), scale


def build_montages(clean: CleanPage, pieces: list[Piece], settings: OcrSettings = DEFAULT_OCR
                   ) -> list[tuple[np.ndarray, list[Piece]]]:
    """Pieces packed on shelves (rows of similar height, wide gaps), each scaled so its print is legible.

    A montage is kept under tesseract's image size limit; a page that needs more gets several.
    """
    crops = [(p, *_scaled_crop(clean, p, settings)) for p in pieces]
    crops.sort(key=lambda c: (-c[1].shape[0], c[0].y, c[0].x))

    def base(p: Piece, crop: np.ndarray, scale: float) -> int:
        return crop.shape[0] if p.base is None else min(crop.shape[0], round(p.base * scale))

    g = settings.gutter_px
    width = max(settings.montage_width_px, max((c[1].shape[1] for c in crops), default=0) + 2 * g)
    shelves: list[list[tuple[Piece, np.ndarray, float, int]]] = []
    x = width
    for p, crop, scale in crops:
        if x + crop.shape[1] + g > width:
            shelves.append([])
            x = g
        shelves[-1].append((p, crop, scale, x))
        x += crop.shape[1] + 3 * g
    montages = []
    batch, height = [], g
    # on a shelf the pieces' baselines are level: '(D)' beside 'Amount' with the brackets'
    # bottoms level with its baseline looks raised, and tesseract drops it as a superscript
    def extent(shelf) -> tuple[int, int]:
        bases = [base(p, crop, scale) for p, crop, scale, _ in shelf]
        return max(bases), max(crop.shape[0] - b for (_, crop, _, _), b in zip(shelf, bases))

    for shelf in shelves + [None]:
        shelf_h = sum(extent(shelf)) if shelf else 0
        if batch and (shelf is None or height + shelf_h + g > settings.max_montage_px):
            montage = np.full((height, width), 255, dtype=np.uint8)
            placed = []
            for row_top, row in batch:
                above, _ = extent(row)
                for p, crop, scale, mx in row:
                    my = row_top + above - base(p, crop, scale)
                    montage[my:my + crop.shape[0], mx:mx + crop.shape[1]] = crop
                    placed.append(Piece(p.x, p.y, p.w, p.h, scale, mx, my))
            montages.append((montage, placed))
            batch, height = [], g
        if shelf is None:
            break
        batch.append((height, shelf))
        height += shelf_h + g
    return montages


@functools.cache
def tesseract_api():
    """The ``tesserocr`` module when it can stand in for the ``tesseract`` command, else None.

    tesserocr (the optional ``fast`` extra) calls tesseract's library in the process: each
    worker loads the engine once and keeps it, where a ``tesseract`` process per call spends
    0.1-0.17 s of CPU loading its model, a sixth of a page's reading.  It is used only when its
    engine is the same version as the command's: tesserocr's wheels bring their own tesseract,
    and another version reads some words differently.  FILING_EXTRACT_TESSEROCR=0 turns it off.
    """
    if os.environ.get("FILING_EXTRACT_TESSEROCR", "1") == "0":
        return None
    try:
        import tesserocr
        import pytesseract

        command = str(pytesseract.get_tesseract_version())
        library = tesserocr.tesseract_version().split()[1]
    except Exception:  # not installed, or a broken build: the command reads alone
        return None
    return tesserocr if library == command else None


@contextmanager
def _engine(language: str):
    """A tesseract engine for ``language``, loaded once per process and kept between calls, or
    None when the library cannot load that language.  An engine is used by one thread at a
    time; the process keeps as many as its page threads read at once."""
    tesserocr = tesseract_api()
    with _ENGINES_LOCK:
        idle = _IDLE_ENGINES.setdefault(language, [])
        api = idle.pop() if idle else None
    if api is None:
        api = _new_engine(tesserocr, language)
    if api is None:
        yield None
        return
    try:
        yield api
    finally:
        api.Clear()  # the page's image and results go; the model stays
        with _ENGINES_LOCK:
            _IDLE_ENGINES[language].append(api)


def _new_engine(tesserocr, language: str):
    try:
        api = tesserocr.PyTessBaseAPI(lang=language, psm=tesserocr.PSM.SINGLE_BLOCK)
    except RuntimeError:  # the language is not installed: the command says so
        return None
    for name, value in TESSERACT_VARIABLES.items():
        api.SetVariable(name, value)
    return api


_ENGINES_LOCK = threading.Lock()
_IDLE_ENGINES: dict[str, list] = {}


def _api_words(api, montage: np.ndarray, whitelist: str) -> list[tuple[str, int, int, int, int, int]]:
    """What tesseract's library reads, as the command's TSV gives it: (text, left, top, width,
    height, confidence in whole percents) per word, words without text left out."""
    tesserocr = tesseract_api()
    api.SetVariable("tessedit_char_whitelist", whitelist)
    api.SetImage(Image.fromarray(montage))
    api.Recognize()
    level = tesserocr.RIL.WORD
    it = api.GetIterator()
    words = []
    for w in tesserocr.iterate_level(it, level) if it is not None else ():
        if w.Empty(level):  # the TSV has no text for it (and tesserocr raises on it)
            continue
        x0, y0, x1, y1 = w.BoundingBox(level)
        words.append((w.GetUTF8Text(level), x0, y0, x1 - x0, y1 - y0, int(w.Confidence(level))))
    return words


def _command_words(montage: np.ndarray, language: str, whitelist: str
                   ) -> list[tuple[str, int, int, int, int, int]]:
    """What the ``tesseract`` command reads (through pytesseract), as ``_api_words`` gives it."""
    import pytesseract

    # quoted: the command line is split as a shell would (a space and quotes are in the list)
    config = TESSERACT_CONFIG + (f" -c tessedit_char_whitelist={shlex.quote(whitelist)}" if whitelist else "")
    try:
        image = Image.fromarray(montage)
        image.format = "PPM"  # handed over uncompressed (PGM): PNG encoding costs more than it saves
        data = pytesseract.image_to_data(image, lang=language, config=config, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable("tesseract is not installed (apt-get install tesseract-ocr)") from None
    except pytesseract.TesseractError as exc:
        raise OcrUnavailable(f"tesseract failed: {exc}") from None
    return list(zip(data["text"], data["left"], data["top"], data["width"], data["height"], data["conf"]))


def _tesseract_words(montage: np.ndarray, settings: OcrSettings,
                     whitelist: str = PRINT_CHARACTERS) -> list[tuple[str, int, int, int, int, float]]:
    """Words tesseract reads on a montage as one block of lines: (text, left, top, width, height,
    confidence 0-1), with only the characters of ``whitelist``.  Through tesseract's
    library when ``tesseract_api`` has it, else through the ``tesseract`` command: the same words."""
    read = None
    if tesseract_api() is not None:
        with _engine(settings.language) as api:
            if api is not None:
                read = _api_words(api, montage, whitelist)
    if read is None:
        read = _command_words(montage, settings.language, whitelist)
    words = []
    for text, left, top, w, h, conf in read:
        text = text.strip()
        # '()' is a footnote mark whose number was lost: kept, to be read again as a mark
        if (text and float(conf) >= 0
                and not (_is_speck(text) and float(conf) < SPECK_CONFIDENCE * 100 and text != "()")
                and not (len(text) == 1 and text not in "xX" and float(conf) < LONE_CONFIDENCE * 100)):
            words.append((text, left, top, w, h, min(0.99, float(conf) / 100.0)))  # < 1: marks OCR words
    return words


# a shelf read with less mean confidence than this is read again alone, the weakest first
WEAK_SHELF = 0.6
MAX_REREADS = 3  # per montage: a rough scan's shelves are all weak, and alone read no better


def _shelves(placed: list[Piece]) -> list[tuple[int, int]]:
    """The montage rows (top, bottom) its pieces were packed on."""
    bands: list[list[int]] = []
    for top, bottom in sorted((p.my, p.my + round(p.h * p.scale)) for p in placed):
        if bands and top < bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], bottom)
        else:
            bands.append([top, bottom])
    return [(top, bottom) for top, bottom in bands]


def _reread_weak_shelves(montage: np.ndarray, placed: list[Piece], words: list, settings: OcrSettings) -> list:
    """Shelves read with little confidence, read again alone.  On a full montage tesseract's
    line finding now and then runs a clean shelf's words together ('ClassB' at 0.0,
    '§$20,899,710.00'); alone the same shelf reads as it should.  The reading with more
    confidence is kept."""
    def on(band, w) -> bool:
        return band[0] <= w[2] + w[4] / 2 < band[1]

    def mean(ws) -> float:
        return _mean([w[5] for w in ws])

    weak = []
    for band in _shelves(placed):
        read = [w for w in words if on(band, w)]
        if len(read) >= 2 and mean(read) < WEAK_SHELF:
            weak.append((mean(read), band))
    for before, (top, bottom) in sorted(weak)[:MAX_REREADS]:
        y0, y1 = max(0, top - settings.gutter_px), min(montage.shape[0], bottom + settings.gutter_px)
        alone = [(t, x, y + y0, w, h, c) for t, x, y, w, h, c in _tesseract_words(montage[y0:y1], settings)]
        if alone and mean(alone) > before + 0.1:
            words = [w for w in words if not on((top, bottom), w)] + alone
    return words


# on a bi-level page (a fax) a typed word reads right about four times in five, and a misread
# letter is seldom misread the same way at another print size: a piece with a word read unsure
# is read at two more sizes, and each of its words takes the text two of the three readings share
VOTE_BELOW = 0.8
VOTE_SIZES = (0.82, 1.18)  # the character heights of the two more readings, against the usual one


def _piece_key(p: Piece) -> tuple[int, int, int, int]:
    return p.x, p.y, p.w, p.h


def _as_found(clean: CleanPage, keys: list[tuple[int, int, int, int]]) -> list[Piece]:
    """The pieces of these keys as found (with their runs of ink and baseline), not as placed."""
    found = {_piece_key(p): p for p in clean.pieces}
    return [found.get(key, Piece(*key)) for key in keys]


def _words_by_piece(words: list, placed: list[Piece]) -> dict[tuple, list[int]]:
    """Which of a montage's words (indexes, left to right) each piece holds alone."""
    held: dict[tuple, list[int]] = {}
    for i, word in enumerate(words):
        hit = _spanned(placed, *word[1:5])
        if len(hit) == 1:
            held.setdefault(_piece_key(hit[0]), []).append(i)
    return {key: sorted(idx, key=lambda i: words[i][1]) for key, idx in held.items()}


def _vote_weak_pieces(clean: CleanPage, words: list, placed: list[Piece], settings: OcrSettings) -> list:
    """A bi-level page's montage words (as _tesseract_words gives them), each word of a piece
    read unsure taking the reading most of three at different print sizes share ('shacks' read
    at one size, 'shares' at two); where all three differ, the surest.  A piece whose other
    readings split it into another number of words keeps its first."""
    if not clean.bilevel:
        return words
    held = _words_by_piece(words, placed)
    weak = {key: idx for key, idx in held.items() if min(words[i][5] for i in idx) < VOTE_BELOW}
    if not weak:
        return words
    pieces = _as_found(clean, list(weak))
    others = []
    for size in VOTE_SIZES:
        sized = replace(settings, target_char_px=round(settings.target_char_px * size))
        reading: dict[tuple, list] = {}
        for montage, placed2 in build_montages(clean, pieces, sized):
            read = _tesseract_words(montage, sized)
            for key, idx in _words_by_piece(read, placed2).items():
                reading[key] = [read[i] for i in idx]
        others.append(reading)
    voted = list(words)
    for key, idx in weak.items():
        alternatives = [reading.get(key, []) for reading in others]
        if any(len(alt) != len(idx) for alt in alternatives):
            continue
        for i, *alt in zip(idx, *alternatives):
            readings = [words[i]] + alt
            text, n = Counter(r[0] for r in readings).most_common(1)[0]
            if n == 1:
                text = max(readings, key=lambda r: r[5])[0]
            voted[i] = (text, *words[i][1:5], max(r[5] for r in readings if r[0] == text))
    return voted


_DOUBLED_X = regex.compile(r"^[xX×]{2,3}$")
# braces are never printed on these forms; tesseract reads a square bracket ('[TICKER]') as one
_BRACES = str.maketrans("{}", "[]")


def _piece_at(placed: list[Piece], x: float, y: float) -> Piece | None:
    for p in placed:
        if p.mx <= x <= p.mx + p.w * p.scale and p.my <= y <= p.my + p.h * p.scale:
            return p
    return None


MIN_PITCH_STEPS = 6  # letter steps needed to tell typewriter print from proportional print


def fixed_pitch(centres: np.ndarray, height: float) -> float | None:
    """The pitch of typewriter print, whose letters sit in cells of one width, from its letters'
    centres (left to right, at least MIN_PITCH_STEPS + 1 letters); None for proportional print."""
    steps = np.diff(centres)
    steps = steps[steps > 0.2 * height]  # not an accent or a part of one letter
    if len(steps) < MIN_PITCH_STEPS:
        return None
    listed = steps.tolist()  # _median: np.median's overhead is most of its time on a short run
    typical = _median(listed)
    pitch = _median([s for s in listed if s < 1.5 * typical])
    cells = np.maximum(1, np.round(steps / pitch))
    # typewriter letters keep their cells to a few per cent; proportional letters of like widths
    # ('value per share') can come close, but not over a whole run
    return pitch if np.mean(np.abs(steps - cells * pitch) <= 0.1 * pitch) >= 0.8 else None


def _run_box(words: list[Word], dpi: float) -> tuple[int, int, int, int]:
    """The box of a run of words in page pixels, outward to whole pixels."""
    s = dpi / 72.0
    return (max(0, int(min(w.x0 for w in words) * s)), max(0, int(min(w.top for w in words) * s)),
            int(np.ceil(max(w.x1 for w in words) * s)), int(np.ceil(max(w.bottom for w in words) * s)))


@dataclass
class PitchMemo:
    """What ``_typed_pitch`` found on one page's mask, kept: the runs of words tried around one
    gap overlap those tried around the next, and all are parts of one line.  ``found``: by a
    run's box; ``line``: the words of the line looked at now, and its glyphs once found."""
    found: dict = field(default_factory=dict)
    line: list[Word] = field(default_factory=list)
    line_glyphs: tuple | None = None   # (the line's box, its glyphs in page pixels, left to right)

    def look_at(self, line: list[Word]) -> None:
        self.line, self.line_glyphs = line, None

    def glyphs(self, mask: np.ndarray, box: tuple, dpi: float) -> list[tuple[int, int, int, int]]:
        """``_glyphs(mask, box)`` of a run of the line's words, as ``_typed_pitch`` uses them: the
        line's glyphs inside the run's box.  Their order may differ only among glyphs that start
        at one x (it is the labelling's), so where two of the tall ones do, or a glyph lies across
        the box's edge (cut there, it could be two), they are found in the box itself."""
        if self.line:
            if self.line_glyphs is None:
                lbox = _run_box(self.line, dpi)
                self.line_glyphs = lbox, [(x + lbox[0], y + lbox[1], w, h) for x, y, w, h in _glyphs(mask, list(lbox))]
            (lx0, ly0, lx1, ly1), line_glyphs = self.line_glyphs
            x0, y0, x1, y1 = box
            if lx0 <= x0 and ly0 <= y0 and x1 <= lx1 and y1 <= ly1:
                inside = []
                for gx, gy, gw, gh in line_glyphs:
                    if x0 <= gx and y0 <= gy and gx + gw <= x1 and gy + gh <= y1:
                        inside.append((gx - x0, gy - y0, gw, gh))
                    elif gx < x1 and x0 < gx + gw and gy < y1 and y0 < gy + gh:
                        break
                else:
                    tallest = max((g[3] for g in inside), default=0)
                    starts = [g[0] for g in inside if g[3] >= 0.5 * tallest]
                    if len(set(starts)) == len(starts):
                        return inside
        return _glyphs(mask, list(box))


def _typed_pitch(mask: np.ndarray, words: list[Word], dpi: float, memo: PitchMemo | None = None
                 ) -> tuple[float | None, np.ndarray]:
    """The pitch of the print under a run of words of one line, and its letters' centres (page
    pixels); the pitch is None for proportional print, or when too few letters show it.
    ``memo``: what was found on this mask, with the words of the run's line."""
    box = _run_box(words, dpi)
    if memo is not None and box in memo.found:
        return memo.found[box]
    glyphs = _glyphs(mask, list(box)) if memo is None else memo.glyphs(mask, box, dpi)
    tallest = max((g[3] for g in glyphs), default=0)
    # under half the tallest's height: a dot or an accent, not a letter (PitchMemo.glyphs counts on it)
    centres = box[0] + np.array([g[0] + g[2] / 2 for g in glyphs if g[3] >= 0.5 * tallest])
    found = (fixed_pitch(centres, tallest) if len(centres) > MIN_PITCH_STEPS else None), centres
    if memo is not None:
        memo.found[box] = found
    return found


def _one_cell_apart(mask: np.ndarray, before: list[Word], b: Word, after: list[Word], dpi: float,
                    memo: PitchMemo | None = None) -> bool:
    """Typewriter print whose letters either side of the gap before ``b`` sit in neighbouring
    cells (a space would leave a whole cell empty).  ``before``/``after``: the words before and
    after ``b`` on its line, nearest last/first.  Measured on a few words around the gap, the
    fewest that show a pitch: a label printed in another font may precede or follow.  ``memo``:
    as for ``_typed_pitch``."""
    windows = [before[-1:] + [b] + after[:m] for m in range(4)] + [before[-k:] + [b] for k in (2, 3)]
    for words in windows:
        pitch, centres = _typed_pitch(mask, words, dpi, memo)
        if pitch is not None:
            break
    else:
        return False
    split = (before[-1].x1 + b.x0) / 2 * dpi / 72.0
    left, right = centres[centres < split], centres[centres > split]
    # exactly one cell: a proportional word space ('GLEN ALLEN') is a cell and a third or so
    return len(left) > 0 and len(right) > 0 and abs((right[0] - left[-1]) / pitch - 1) <= 0.15


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words in reading order cut into their lines."""
    lines: list[list[Word]] = []
    for w in words:
        last = lines[-1][-1] if lines else None
        if last is None or min(w.bottom, last.bottom) <= max(w.top, last.top) or w.x0 < last.x0:
            lines.append([w])
        else:
            lines[-1].append(w)
    return lines


def _join_split_words(words: list[Word], mask: np.ndarray, dpi: float, memo: PitchMemo | None = None
                      ) -> list[Word]:
    """Neighbours on a line (words in reading order) that tesseract split inside a typewritten
    word ('Al timmune': an 'l' and a 't' sit in their cells with a wide gap) joined again.
    ``memo``: what ``_typed_pitch`` found on this mask."""
    out = []
    for line in _lines(words):
        if memo is not None:
            memo.look_at(line)
        joined = [line[0]]
        for k, w in enumerate(line[1:], start=2):
            last = joined[-1]
            if 0 <= w.x0 - last.x1 < 0.5 * min(w.bottom - w.top, last.bottom - last.top) and \
                    _one_cell_apart(mask, joined[-3:], w, line[k:k + 3], dpi, memo):
                joined[-1] = Word(last.text + w.text, last.x0, min(last.top, w.top), w.x1,
                                  max(last.bottom, w.bottom), min(last.confidence, w.confidence))
            else:
                joined.append(w)
        out += joined
    return out


def _run_around(line: list[Word], i: int, most: int = 3) -> list[Word]:
    """Up to ``most`` words either side of ``line[i]`` that follow on from it with no wider gap
    than a space or two: one run of print, not the next column's label."""
    def near(a: Word, b: Word) -> bool:
        return b.x0 - a.x1 <= 1.5 * max(a.bottom - a.top, b.bottom - b.top)

    lo = i
    while lo > max(0, i - most) and near(line[lo - 1], line[lo]):
        lo -= 1
    hi = i
    while hi < min(len(line) - 1, i + most) and near(line[hi], line[hi + 1]):
        hi += 1
    return line[lo:hi + 1]


# a letter read twice as OCR does it: in two sizes ('Cc', 'Ss'), or a one-letter word doubled ('CC')
_DOUBLED = regex.compile(r"(\p{Lu})(?!\1)(?i:\1)|(\p{Ll})(?!\2)(?i:\2)|^(\p{L})\3$")


def _undouble_typed_letters(words: list[Word], mask: np.ndarray, dpi: float, memo: PitchMemo | None = None
                            ) -> list[Word]:
    """A typewritten letter that tesseract read twice ('Series Cc', 'WILDER CC JOHN', 'WILDER
    CG JOHN'): in typewriter print a word fills as many cells as it has letters.  ``memo``:
    what ``_typed_pitch`` found on this mask."""
    out = []
    for line in _lines(words):
        if memo is not None:
            memo.look_at(line)
        for i, w in enumerate(line):
            core = w.text.rstrip(".,;:")
            doubled = _DOUBLED.search(core)
            if core.isalpha() and (doubled or len(core) == 2):
                pitch, _ = _typed_pitch(mask, _run_around(line, i), dpi, memo)
                # every character, a stop too, fills a cell of its own
                if pitch is not None and len(w.text) == round((w.x1 - w.x0) * dpi / 72.0 / pitch) + 1:
                    # two letters in one cell: one letter read as two of like shape ('CG' for 'C'),
                    # the first read the better as a rule, but a guess
                    fixed = _DOUBLED.sub(lambda m: m.group()[0], core, count=1) if doubled else core[0]
                    w = Word(fixed + w.text[len(core):], w.x0, w.top, w.x1, w.bottom,
                             min(w.confidence, 0.85 if doubled else 0.7))
            out.append(w)
    return out


def words_to_page(words, placed: list[Piece], dpi: float) -> list[Word]:
    """Montage word boxes back to PDF points on the page, through the piece each was read in."""
    scale_pt = 72.0 / dpi
    out = []
    pieces = [_piece_at(placed, left + w / 2, top + h / 2) for _, left, top, w, h, _ in words]
    for p, (text, left, top, w, h, conf) in zip(pieces, words):
        if p is None:
            continue
        x0 = p.x + (left - p.mx) / p.scale
        y0 = p.y + (top - p.my) / p.scale
        x1 = x0 + w / p.scale
        y1 = y0 + h / p.scale
        # clip to the piece: a box cannot be bigger than the ink it was read from
        x0, x1 = max(x0, p.x), min(x1, p.x + p.w)
        y0, y1 = max(y0, p.y), min(y1, p.y + p.h)
        text = text.translate(_BRACES)
        if _DOUBLED_X.match(text) and (x1 - x0) <= 1.5 * (y1 - y0):
            text = "X"  # one glyph read as 'xX': the mark in a box
        out.append(Word(text, x0 * scale_pt, y0 * scale_pt, x1 * scale_pt, y1 * scale_pt, conf))
    return out


# an X typed on its line run into the label after it ('__X__Director'): OCR saw no space
# what OCR reads a checkbox line's underscores around its X as
MARK_LINE = r"_.,\p{Pd}~="
_GLUED_MARK = regex.compile(rf"^[{MARK_LINE}]*[Xx×][{MARK_LINE}]*_(?=[\p{{L}}\p{{N}}])")


def split_glued_marks(words: list[Word]) -> list[Word]:
    """A checkbox line's X read together with its label ('-__X__Director', '_X__10%') split
    into the mark and the label, each with its share of the box: a label must start its word
    to be found, and the mark must stand before it."""
    out = []
    for w in words:
        m = _GLUED_MARK.match(w.text)
        if m is None:
            out.append(w)
            continue
        cut = w.x0 + (w.x1 - w.x0) * m.end() / len(w.text)
        out += [Word(m.group(), w.x0, w.top, cut, w.bottom, w.confidence),
                Word(w.text[m.end():], cut, w.top, w.x1, w.bottom, w.confidence)]
    return out


def reading_order(words: list[Word]) -> list[Word]:
    """Words line by line (by the centre of their boxes), left to right: the order a text layer has.

    Phrases are looked for in the page's text in this order, so a title must not be
    interleaved with the small print beside it.
    """
    if not words:
        return []
    tolerance = 0.35 * float(np.median([w.bottom - w.top for w in words]))
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.yc):
        if lines and w.yc - lines[-1][-1].yc <= tolerance:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [w for line in lines for w in sorted(line, key=lambda w: w.x0)]


_MIXED_DASHES = regex.compile(r"^(?=.*[_–—])[-–—_]{2,6}$")


def drop_loose_punctuation(words: list[Word]) -> list[Word]:
    """Quotes, stops and dashes standing alone are noise (no value is one) unless they stand
    between two words of their line ('Exhibit 24.1 - Power of Attorney', typed with a space
    either side); a comma or stop close after a word belongs to it ('10/F ,' typed in Courier,
    whose comma sits in the middle of its cell).  A mark read over a word is a speck.
    ``words`` in reading order."""
    def beside(n: Word | None, w: Word) -> Word | None:
        return n if n is not None and min(n.bottom, w.bottom) > max(n.top, w.top) else None

    def over(n: Word | None, w: Word) -> bool:  # on or just above it
        return (n is not None and n.x0 < (w.x0 + w.x1) / 2 < n.x1
                and n.top - 0.5 * (n.bottom - n.top) <= w.bottom and w.top <= n.bottom)

    out: list[Word] = []
    for i, w in enumerate(words):
        if _SPECK.match(w.text) and (over(words[i - 1] if i else None, w)
                                     or over(words[i + 1] if i + 1 < len(words) else None, w)):
            continue  # a mark read over a word of its line ('in' '*'): a speck above a letter
        if _NOISE.match(w.text):
            before = beside(words[i - 1] if i else None, w)
            after = beside(words[i + 1] if i + 1 < len(words) else None, w)
            if before is None and after is None:
                continue
            height = max(n.bottom - n.top for n in (before, after) if n is not None)
            gap_before = w.x0 - before.x1 if before is not None else height * 9
            gap_after = after.x0 - w.x1 if after is not None else height * 9
            # after the word, not before it: reading order puts a speck low on a line after the
            # line's last word, wherever it stands
            if (w.text in (",", ".") and out and out[-1] is before
                    and -0.3 * height <= gap_before <= min(gap_after, 0.5 * height)):
                last = out.pop()
                w = Word(last.text + w.text, last.x0, min(last.top, w.top), w.x1, max(last.bottom, w.bottom),
                         min(last.confidence, w.confidence))
            elif max(gap_before, gap_after) > 2 * height:
                continue
            elif set(w.text) == {"_"} and w.bottom < min(before.bottom, after.bottom) - 0.2 * height:
                # a dash read alone, scaled up without its line, comes out as an underscore
                w = Word("-", w.x0, w.top, w.x1, w.bottom, min(w.confidence, 0.85))
            elif _MIXED_DASHES.match(w.text):
                # a typed double hyphen alone comes back as a mix of dashes ('-_——')
                w = Word("--", w.x0, w.top, w.x1, w.bottom, min(w.confidence, 0.85))
        out.append(w)
    return out


# A word's height is at least its characters' height in print: a word holding a digit, a capital
# or a letter with an ascender or descender stands about two thirds of a line of print high (a
# line's words are 'Stock', '(1)', '10,000': the page's median word height), a word of small
# letters only ('or') about half.  A speck or the ragged edge of a ruling line read as '4', '7',
# '%' or 'mane' is a third of that or less: a digit there would make a row a transaction.
_TALL = regex.compile(r"[\p{N}\p{Lu}bdfhijkltgjpqy%$&#@|()\[\]/\\!?]")
_LETTER = regex.compile(r"\p{L}")
FLAT_TALL, FLAT_SMALL = 0.45, 0.3  # shares of the page's median word height


def drop_flat_specks(words: list[Word]) -> list[Word]:
    """Letters and digits read from ink much flatter than they are printed: specks.  Not small
    print: a flat word with a word of its height beside it, or on the line over or under it, is
    print (a title typed at 4 pt in a narrow cell of a page typed at 10 pt)."""
    if not words:
        return words
    median = float(np.median([w.bottom - w.top for w in words]))

    def flat(w: Word) -> bool:
        if _TALL.search(w.text):
            least = FLAT_TALL
        elif _LETTER.search(w.text):
            least = FLAT_SMALL
        else:
            return False  # a stop, a comma or a dash is flat
        return w.bottom - w.top < least * median

    def among_print(w: Word) -> bool:  # beside a word of its height, or over or under one
        h = w.bottom - w.top
        return any(n is not w and 0.6 * h <= n.bottom - n.top <= 1.6 * h
                   and max(n.x0 - w.x1, w.x0 - n.x1) <= 3 * h and abs(n.top - w.top) <= 2 * h for n in words)

    return [w for w in words if not flat(w) or among_print(w)]


# A footnote mark '(1)' in small print is often read '(a)', '()' or 'q)'; such words are read
# again with only digits and brackets allowed.
BROKEN_MARK = regex.compile(r"^[\(\[{]?[^\s]{0,2}[\)\]}]$|^[\(\[{][^\s]{0,2}[\)\]}]?$")
_MARK = regex.compile(r"^\(\d{1,2}\)$")
MARK_WHITELIST = "0123456789()"
MARK_CHAR_PX = 40


def reread_marks(clean: CleanPage, words: list[Word], settings: OcrSettings = DEFAULT_OCR) -> list[Word]:
    """Words shaped like a bracketed footnote mark but not read as one, read again as marks."""
    suspects = [i for i, w in enumerate(words) if BROKEN_MARK.match(w.text) and not _MARK.match(w.text)]
    if not suspects:
        return words
    k = clean.dpi / 72.0
    pad = px(0.8, clean.dpi)
    h, w = clean.ocr_gray.shape
    pieces = []
    for i in suspects:
        x0, y0 = max(0, int(words[i].x0 * k) - pad), max(0, int(words[i].top * k) - pad)
        x1, y1 = min(w, int(words[i].x1 * k) + pad), min(h, int(words[i].bottom * k) + pad)
        pieces.append(Piece(x0, y0, x1 - x0, y1 - y0))
    out = list(words)
    # read larger than the first time (a thin '1' between its brackets is lost when shrunk), one
    # mark a line (side by side, tesseract reads a row of marks as one word: '3)()85)()444')
    larger = replace(settings, target_char_px=max(settings.target_char_px, MARK_CHAR_PX), montage_width_px=1)
    for montage, placed in build_montages(clean, pieces, larger):
        for new in words_to_page(_tesseract_words(montage, settings, MARK_WHITELIST), placed, clean.dpi):
            if not _MARK.match(new.text):
                continue
            for i in suspects:  # the suspect this read came from
                old = words[i]
                if old.x0 - 1 <= new.xc <= old.x1 + 1 and old.top - 1 <= new.yc <= old.bottom + 1:
                    out[i] = Word(new.text, old.x0, old.top, old.x1, old.bottom, min(new.confidence, 0.9))
    return out


def _spanned(placed: list[Piece], left: int, top: int, w: int, h: int) -> list[Piece]:
    """The montage's pieces a word's box reaches into."""
    return [p for p in placed if p.mx < left + w and left < p.mx + p.w * p.scale
            and p.my < top + h and top < p.my + p.h * p.scale]


UNREAD_PT = 6.0  # a piece this tall (print, not a speck) that no word came from is read again alone
WEAK_PIECE = 0.5  # a piece read with less mean confidence than this is read again alone
# a word no text has: its case switching from small to capital twice or more ('aQxBcorPiQnsc')
_GARBLE = regex.compile(r"(?:\p{Ll}\p{Lu}.*){2}")


# ink this wide (against the piece's height) that no word's box covers, and at least this tall, is
# print tesseract passed by inside a piece it read ('Class A Common' read 'Class Common')
GAP_WIDTH = 0.35
GAP_HEIGHT = 0.35
FULLER_SLACK = 0.1  # read alone with a word more, a piece's mean confidence may be this much lower


def _passed_by(montage: np.ndarray, p: Piece, boxes: list[tuple[int, int]]) -> bool:
    """Whether a piece the montage's words reach into holds a run of print none of them covers
    (``boxes``: the words' left and right in the montage): a word tesseract left out."""
    h, w = round(p.h * p.scale), round(p.w * p.scale)
    ink = montage[p.my:p.my + h, p.mx:p.mx + w] < 128
    if h < 2 or not ink.any():
        return False
    free = np.ones(ink.shape[1], dtype=bool)
    for left, right in boxes:
        free[max(0, left - p.mx):max(0, right - p.mx)] = False
    inked = ink.any(axis=0) & free
    # runs of uncovered columns, joined across the white between the letters of a word
    run, start, last = [], None, None
    for x in np.flatnonzero(inked):
        if start is not None and x - last > GAP_WIDTH * h / 2:
            run.append((start, last))
            start = None
        start = x if start is None else start
        last = x
    if start is not None:
        run.append((start, last))
    for a, b in run:
        rows = np.flatnonzero(ink[:, a:b + 1].any(axis=1))
        if b - a + 1 >= GAP_WIDTH * h and rows[-1] - rows[0] + 1 >= GAP_HEIGHT * h:
            return True
    return False


# a blank this wide (against the capitals' height) inside a word is a space tesseract read over: on a
# full montage it now and then runs a line's words together ('Reich RobertMJR', 'powerofattorney');
# the gaps between letters of a word stay under it (at most 0.45 in serif print at 22 px capitals)
SPACE_GAP = 0.5
# where one such space shows, a blank this wide may be another ('200 TECHNOLOGY SQUARE': a digit's
# and a capital's sides leave less white); the gaps between most letters are narrower
NARROW_SPACE_GAP = 0.3
# a word read this sure keeps its reading whatever gaps it spans (the flag's bar: each piece read again
# costs a tesseract call, on a clean page mostly for nothing)
SURE_WORD = 0.9


def _spaces_read_over(montage: np.ndarray, p: Piece, words: list, dpi: float) -> list[tuple[float, float]]:
    """The blanks that may be word spaces inside a piece's words read unsure (``words``: tesseract's
    words read from the piece alone, in montage pixels), left and right in page points: none unless
    one is as wide as a space (SPACE_GAP), else all as wide as a narrow one (NARROW_SPACE_GAP)."""
    unsure = [w for w in words if w[5] < SURE_WORD and len(w[0]) > 2]
    if not unsure:
        return []
    h, w = round(p.h * p.scale), round(p.w * p.scale)
    cap = _char_height(montage[p.my:p.my + h, p.mx:p.mx + w] < 128)
    blanks, widest = [], 0
    for _, left, top, width, height, _ in unsure:
        blank = ~(montage[top:top + height, left:left + width] < 128).any(axis=0)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], blank.astype(np.int8), [0]))))
        # blank runs strictly inside the word's box (its margins are not gaps)
        for a, b in zip(edges[0::2], edges[1::2]):
            if a > 0 and b < len(blank) and b - a >= NARROW_SPACE_GAP * cap:
                blanks.append(((p.x + (left + a - p.mx) / p.scale) * 72.0 / dpi,
                               (p.x + (left + b - p.mx) / p.scale) * 72.0 / dpi))
                widest = max(widest, b - a)
    return blanks if widest >= SPACE_GAP * cap else []


def _parted_at(after: list[Word], before: list[Word], blanks: list[tuple[float, float]]) -> bool:
    """Whether ``after`` reads a piece as ``before`` did, letter for letter and mark for mark, as
    more words, each with a letter or digit, cut only where ``before`` was or at ``blanks`` (alone,
    typewriter print may split inside a word: its gap beside an 'i' is as wide as a space, and
    'phantom' may read 'phant om'; and a comma may be lost, or stand alone: 'member , By:')."""
    if (len(after) <= len(before) or "".join(w.text for w in after) != "".join(w.text for w in before)
            or not all(any(c.isalnum() for c in w.text) for w in after)):
        return False
    after, before = sorted(after, key=lambda w: w.x0), sorted(before, key=lambda w: w.x0)
    cuts = blanks + [(a.x1, b.x0) for a, b in zip(before, before[1:])]
    return all(any(x0 <= (a.x1 + b.x0) / 2 <= x1 for x0, x1 in cuts) for a, b in zip(after, after[1:]))


def read_montage(clean: CleanPage, montage: np.ndarray, placed: list[Piece],
                 settings: OcrSettings = DEFAULT_OCR) -> list[Word]:
    """A montage's words on the page, its weak shelves read again alone (_reread_weak_shelves).
    Tesseract may also read two short pieces that sit side by side
    on a shelf as one word ('4.' and '8.', two labels' numbers, read '4B'), or pass a piece by:
    such pieces are read again each on a line of its own, and their words replace what the
    shared read gave."""
    raw = _reread_weak_shelves(montage, placed, _tesseract_words(montage, settings), settings)
    raw = _vote_weak_pieces(clean, raw, placed, settings)
    spans = [_spanned(placed, *word[1:5]) for word in raw]
    merged = {id(p): p for hit in spans if len(hit) > 1 for p in hit}
    reached = {id(p) for hit in spans for p in hit}
    # a piece of print no word came from: tesseract's line finding passed it by ('(1)' before a
    # footnote on a clean page); read alone it reads
    tall = px(UNREAD_PT, clean.dpi)
    unread = [p for p in placed if id(p) not in reached and p.h >= tall]
    # a piece read as a garble with next to no confidence: in the montage's company tesseract
    # can garble a piece it reads alone ('QNB CORP [QNBC]' read 'aQxBcorPiQnsc]'); a word read
    # unsure but plausible ('signature', a label's) alone reads no better, nor do marks
    read_in: dict[int, list] = {}
    for word, hit in zip(raw, spans):
        if len(hit) == 1:
            read_in.setdefault(id(hit[0]), []).append(word)
    weak = [p for p in placed if id(p) in read_in and _mean([w[5] for w in read_in[id(p)]]) < WEAK_PIECE
            and any(_GARBLE.search(w[0]) for w in read_in[id(p)])]
    # a piece with print inside it no word covers: read alone, tesseract may read it all
    covers: dict[int, list] = {}
    for word, hit in zip(raw, spans):
        for p in hit:
            covers.setdefault(id(p), []).append((word[1], word[1] + word[3]))
    weak_ids = {id(q) for q in weak}
    gapped = {id(p) for p in placed if id(p) in covers and id(p) not in merged
              and id(p) not in weak_ids and _passed_by(montage, p, covers[id(p)])}
    weak += [p for p in placed if id(p) in gapped]
    spaces = {id(p): _spaces_read_over(montage, p, read_in[id(p)], clean.dpi) for p in placed
              if id(p) in read_in and id(p) not in merged and id(p) not in weak_ids and id(p) not in gapped}
    run_together = [p for p in placed if spaces.get(id(p))]
    words = words_to_page(raw, placed, clean.dpi)
    if not merged and not unread and not weak and not run_together:
        return words
    k = 72.0 / clean.dpi

    def box(p: Piece) -> tuple[float, float, float, float]:
        return p.x * k, p.y * k, (p.x + p.w) * k, (p.y + p.h) * k

    def within(w: Word, b) -> bool:
        return b[0] <= w.xc <= b[2] and b[1] <= w.yc <= b[3]

    # as narrow as the widest piece: one piece on each shelf; each kind of piece apart, as the
    # company a piece is read in changes how it reads
    alone = replace(settings, montage_width_px=1)
    reread: list[Word] = []
    again = list(merged.values()) + unread
    for group in (again, weak, run_together):
        pieces = _as_found(clean, [_piece_key(p) for p in group])
        for montage2, placed2 in build_montages(clean, pieces, alone):
            reread += words_to_page(_tesseract_words(montage2, settings), placed2, clean.dpi)

    def surer(after: list[Word], before: list[Word]) -> bool:  # and about as long: nothing lost
        return (_mean([w.confidence for w in after]) > _mean([w.confidence for w in before])
                and _letters(after) >= 0.7 * _letters(before))

    def fuller(after: list[Word], before: list[Word]) -> bool:  # a word more, read about as sure
        return (len(after) > len(before) and _letters(after) >= _letters(before)
                and _mean([w.confidence for w in after]) >= _mean([w.confidence for w in before]) - FULLER_SLACK)

    # a weak piece keeps its first reading unless alone it reads surer; a piece with print passed
    # by, unless alone it reads surer or finds a word more; a piece with a space read over, unless
    # alone it reads the same letters apart there
    kept = []
    for p in weak + run_together:
        after, before = [w for w in reread if within(w, box(p))], [w for w in words if within(w, box(p))]
        better = (_parted_at(after, before, spaces[id(p)]) if spaces.get(id(p))
                  else surer(after, before) or id(p) in gapped and fuller(after, before))
        if not better:
            kept.append(box(p))
    replaced = [box(p) for p in again + weak + run_together if box(p) not in kept]
    return ([w for w in words if not any(within(w, b) for b in replaced)]
            + [w for w in reread if not any(within(w, b) for b in kept)])


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _letters(words: list[Word]) -> int:
    return sum(c.isalnum() for w in words for c in w.text)


def read_page_image(image: PageImage, settings: OcrSettings = DEFAULT_OCR) -> tuple[Page, CleanPage]:
    """One scanned page -> Page (words, rules, filled boxes in PDF points), and the clean-up for debugging."""
    clean = clean_page(image, settings)
    clean.pieces = find_pieces(clean, settings)
    words: list[Word] = []
    placed_all = []
    for montage, placed in build_montages(clean, clean.pieces, settings):
        words += read_montage(clean, montage, placed, settings)
        placed_all += placed
    clean.pieces = placed_all
    words = drop_flat_specks(reread_marks(clean, words, settings))
    words = split_glued_marks(drop_loose_punctuation(reading_order(words)))
    pitches = PitchMemo()  # the typewriter pitch of runs of print, measured once
    words = _join_split_words(words, clean.ocr_mask, clean.dpi, pitches)
    words = _undouble_typed_letters(words, clean.ocr_mask, clean.dpi, pitches)
    # a mark read again without a number is a speck after all
    words = [w for w in words if not (w.text == "()" and w.confidence < SPECK_CONFIDENCE)]
    h, w = clean.gray.shape
    scale = 72.0 / clean.dpi
    page = Page(image.number, w * scale, h * scale, reading_order(words), clean.rules, clean.ink, source="ocr",
                bilevel=clean.bilevel)
    return page, clean
