"""Clean-up of a scanned page with OpenCV: orientation, deskew, binarization, ruling lines, ink.

Small pure functions on numpy images (uint8 grey, 0 = black; masks are uint8
0/255 with 255 = ink).  Sizes are given in PDF points and converted with the
page's resolution, so the same settings serve 150 to 400 dpi.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .pages import Rule

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class CleanupSettings:
    max_skew_deg: float = 5.0        # searched range of skew, both ways
    min_rule_pt: float = 25.0        # shorter straight runs are glyphs (tops of 'TE' in a row) or checkbox sides
    max_rule_thickness_pt: float = 4.0
    rule_gap_pt: float = 2.0         # gaps in a broken line (photocopy, fax) that are bridged
    checkbox_pt: tuple[float, float] = (6.5, 20.0)
    checkbox_fill: float = 0.6       # share of dark pixels that makes a box "filled"
    # a straight band down the page fainter than this share of the page's print contrast is a
    # copier's toner streak, not a ruling line (those are as dark as print: 0.8 and more)
    streak_depth: float = 0.5
    streak_least: float = 0.06       # darker than the paper beside it by this share: part of a band
    streak_run_pt: float = 40.0      # for this long down one column: longer than any letter
    streak_band_pt: float = 4.0      # and no wider than this

    def __post_init__(self):
        if not 0 < self.max_skew_deg <= 45:
            raise ValueError("max_skew_deg must be in (0, 45]")
        if self.min_rule_pt <= 0 or self.max_rule_thickness_pt <= 0:
            raise ValueError("rule sizes must be positive")


DEFAULT_SETTINGS = CleanupSettings()


def px(points: float, dpi: float) -> int:
    return max(1, int(round(points * dpi / 72.0)))


# 16-bit labels take a quarter of the time of 32-bit ones on a page (less memory to write);
# OpenCV checks them for overflow only since 4.13 (before, it corrupted memory)
_SHORT_LABELS = tuple(int(v) for v in cv2.__version__.split(".")[:2]) >= (4, 13)


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """8-connected components of a mask: count, label image and stats, as cv2.connectedComponentsWithStats."""
    if _SHORT_LABELS:
        try:
            n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
            return n, labels, stats
        except cv2.error:  # more than 65534 components (a page of noise)
            pass
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return n, labels, stats


def component_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The boxes (x, y, w, h) of a mask's 8-connected components, in the order ``components``
    labels them (by the first 2x2 block of pixels they reach, row by row), found by tracing their
    outlines: on a sparse mask (the ruling lines) a tenth of the time of labelling every pixel."""
    outlines, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    if hierarchy is None:
        return []
    found = []
    for outline, parent in zip(outlines, hierarchy[0, :, 3]):
        if parent >= 0:
            continue  # a hole's outline (a component inside a hole has an outline of its own)
        xs, ys = outline[:, 0, 0], outline[:, 0, 1]
        # the leftmost pixel of a row of a component is on its outer outline
        block_row = int(ys.min()) // 2
        first = (block_row, int(xs[ys // 2 == block_row].min()) // 2)
        found.append((first, cv2.boundingRect(outline)))
    return [tuple(map(int, box)) for _, box in sorted(found)]


SALT_SHARE = 2.5e-4  # pixels of paper lighter than all 8 around them by 16: a copy's salt noise
_RING = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], np.uint8)


def has_salt(gray: np.ndarray, smooth: np.ndarray) -> bool:
    """White specks on the paper: pixels much lighter than each of their neighbours (a photocopy's
    salt noise; an office scan's grain stays under the bar, a clean page has none)."""
    spikes = cv2.subtract(gray, cv2.dilate(gray, _RING)) >= 16
    return float(np.mean(spikes & (smooth >= 180))) > SALT_SHARE


def normalize_background(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Divide out uneven illumination and grey paper so the background is white.

    The paper's level is the page closed over print.  On a page with salt noise (a photocopy's
    white specks) a single white pixel would pass for the paper around it, and a copy's grey
    paper would stay grey (and with it every later threshold set for white paper): there the
    level is found after a 3-pixel median, which takes the specks out.
    """
    k = px(12, dpi) | 1
    smooth = cv2.medianBlur(gray, 3)
    background = cv2.morphologyEx(smooth if has_salt(gray, smooth) else gray, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    background = cv2.medianBlur(background, 5)
    return cv2.divide(gray, background, scale=255)


def _ink(image: np.ndarray, dpi: float, darkest_paper: float) -> np.ndarray:
    local = cv2.adaptiveThreshold(image, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV,
                                  px(10, dpi) | 1, 8)
    # dark in absolute terms: below darkest_paper (a threshold one under it keeps the pixels strictly below)
    _, dark = cv2.threshold(image, darkest_paper - 1, 255, cv2.THRESH_BINARY_INV)
    return cv2.bitwise_and(local, dark)


def _darkest_paper(smooth: np.ndarray) -> float:
    otsu, _ = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return min(otsu + 30, 235)


def darkest_paper(gray: np.ndarray) -> float:
    """The grey level under which a pixel may be ink: Otsu's level of the page after a 3-pixel
    median, plus a margin for paper texture."""
    return _darkest_paper(cv2.medianBlur(gray, 3))


def binarize(gray: np.ndarray, dpi: float, paper_level: float | None = None) -> np.ndarray:
    """Ink mask: adaptive threshold (local contrast) that is also dark in absolute terms.

    The adaptive part follows fading and uneven light; the global Otsu part keeps
    paper texture and speckle in white areas from becoming ink.  Both look at the page
    after a 3-pixel median, which takes out noise.  ``paper_level``: ``darkest_paper(gray)``
    when already known.
    """
    smooth = cv2.medianBlur(gray, 3)
    return _ink(smooth, dpi, _darkest_paper(smooth) if paper_level is None else paper_level)


def with_thin_strokes(gray: np.ndarray, mask: np.ndarray, dpi: float, paper_level: float | None = None
                      ) -> np.ndarray:
    """``binarize``'s mask with the strokes a pixel or two wide that its median took out (the
    bars of 'P' and 'E' in small typewriter print) put back where they hang on its ink: a
    small letter whole, not in fragments that pass for specks.  Grown from the ink kept a
    pixel at a time over the ink seen without the median, so a speck of noise stays out
    unless it touches print.  ``paper_level``: as for ``binarize``."""
    level = darkest_paper(gray) if paper_level is None else paper_level
    unsmoothed = cv2.bitwise_or(_ink(gray, dpi, level), mask)
    grown, kernel = mask, np.ones((3, 3), np.uint8)
    for _ in range(px(1.0, dpi)):
        grown = cv2.bitwise_and(cv2.dilate(grown, kernel), unsmoothed)
    return grown


def dot_area(dpi: float) -> int:
    """Ink this small (in pixels) is a dot: noise, or a faint typed full stop."""
    return max(2, px(0.7, dpi) ** 2)  # a full stop is about 1 pt across


def without_specks(mask: np.ndarray, dpi: float, speck_pt: float) -> np.ndarray:
    """The mask less its specks: bits of ink no more than ``speck_pt`` across either way."""
    side = px(speck_pt, dpi)
    return _without(mask, lambda stats: (stats[:, cv2.CC_STAT_WIDTH] <= side) & (stats[:, cv2.CC_STAT_HEIGHT] <= side))


def without_dots(mask: np.ndarray, dpi: float) -> np.ndarray:
    """The mask less its dots (``dot_area``)."""
    return _without(mask, lambda stats: stats[:, cv2.CC_STAT_AREA] <= dot_area(dpi))


def _without(mask: np.ndarray, chosen) -> np.ndarray:
    """The mask less the components ``chosen(stats)`` picks (a boolean per label)."""
    n, labels, stats = components(mask)
    gone = chosen(stats)
    gone[0] = False
    if not gone.any():
        return mask
    return cv2.bitwise_and(mask, cv2.bitwise_not(paint(gone, labels, stats)))


def _profile_score(ys: np.ndarray, xs: np.ndarray, angle_deg: float, height: int) -> float:
    """Sharpness of the row histogram of the ink after shearing it by ``angle_deg``."""
    shifted = np.round(ys - xs * np.tan(np.radians(angle_deg))).astype(np.int64)
    shifted -= shifted.min()
    hist = np.bincount(shifted, minlength=height)
    return float(np.square(hist.astype(np.float64)).sum())


def estimate_skew(mask: np.ndarray, dpi: float, max_deg: float = 5.0) -> float:
    """Skew of the page in degrees (counter-clockwise positive in image terms), by projection profile.

    Form lines and text lines both give sharp row histograms when level, so this
    works on ruled and unruled pages.  Coarse search on a reduced image, then fine.
    """
    coarse, fine = min(1.0, 50 / dpi), min(1.0, 100 / dpi)  # about 50 and 100 dpi
    small = cv2.resize(mask, None, fx=coarse, fy=coarse, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small > 64)
    if len(xs) < 50:
        return 0.0
    best = max(np.arange(-max_deg, max_deg + 1e-9, 0.2), key=lambda a: _profile_score(ys, xs, a, small.shape[0]))
    half = cv2.resize(mask, None, fx=fine, fy=fine, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(half > 64)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.025)
    return float(max(fine, key=lambda a: _profile_score(ys, xs, a, half.shape[0])))


def rotate(gray: np.ndarray, angle_deg: float) -> np.ndarray:
    """Rotate about the centre, same size, white fill; positive angle = the shear found by estimate_skew undone."""
    if abs(angle_deg) < 0.02:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def turn(gray: np.ndarray, quarter_turns_ccw: int) -> np.ndarray:
    """Turn by multiples of 90 degrees counter-clockwise."""
    return np.ascontiguousarray(np.rot90(gray, quarter_turns_ccw % 4))


def line_masks(mask: np.ndarray, dpi: float, settings: CleanupSettings = DEFAULT_SETTINGS
               ) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling-line pixels: long straight runs of ink (morphological opening)."""
    length = px(settings.min_rule_pt, dpi)
    gap = px(settings.rule_gap_pt, dpi)
    horiz = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vert = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    # then bridge small breaks, so a worn line is still one line (before, it would join letter tops)
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    return horiz, vert


MIN_CUT_SIDE_PT = 6.0  # the least of a table row's sides a page break leaves that is still read
# a line of print holds a capital or an ascender this tall; a bit of ink smaller every way is a speck
LEAST_GLYPH_PT = 4.0


def cut_row_sides(mask: np.ndarray, horiz: np.ndarray, dpi: float,
                  settings: CleanupSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """Column sides of a table row cut by a page break, shorter than a ruling line: straight
    strokes standing on the page's first horizontal rule with nothing printed above them but
    specks (or hanging from its last with nothing below), two or more of them.

    The SEC rendering cut between pages leaves a row's last line of text overleaf, its sides
    12-16 pt tall; unseen, the row has no cells there, its text is lost to its table and its
    sides are read as '|'."""
    out = np.zeros_like(mask)
    ruled = np.flatnonzero(horiz.any(axis=1))
    if ruled.size == 0:
        return out
    thick = px(settings.max_rule_thickness_pt, dpi)
    shortest, longest = px(MIN_CUT_SIDE_PT, dpi), px(settings.min_rule_pt, dpi)
    for rule_row, above in ((ruled[0], True), (ruled[-1], False)):
        lo, hi = (0, rule_row) if above else (rule_row + 1, mask.shape[0])
        # a fax's or a copy's specks are not print: the page beyond the rule is blank all the same
        margin = without_specks(mask[lo:hi], dpi, LEAST_GLYPH_PT)
        inked = np.flatnonzero(margin.any(axis=1))
        if inked.size == 0:
            continue
        cut = slice(inked[0], None) if above else slice(0, inked[-1] + 1)
        lo, hi = (lo + inked[0], hi) if above else (lo, lo + inked[-1] + 1)
        if not shortest <= hi - lo < longest:
            continue
        strip = margin[cut]
        sides = cv2.morphologyEx(strip, cv2.MORPH_OPEN,
                                 cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(0.9 * (hi - lo)))))
        stats = components(sides)[2]
        near_rule = (lambda y, h: y + h >= hi - lo - 2) if above else (lambda y, h: y <= 2)
        # standing on the rule itself: not a letter's stem beside the rule's end, at its level
        foot = horiz[max(0, rule_row - thick):rule_row + thick + 1].any(axis=0)
        found = [(x, w) for x, y, w, h, _ in stats[1:]
                 if w <= 2 * thick and near_rule(y, h) and foot[max(0, x - 1):x + w + 1].any()]
        if len(found) >= 2:
            for x, w in found:
                out[lo:hi, x:x + w] = sides[:, x:x + w]
    return out


def rules_from_masks(horiz: np.ndarray, vert: np.ndarray, dpi: float,
                     settings: CleanupSettings = DEFAULT_SETTINGS) -> list[Rule]:
    """Each straight line as a Rule in PDF points (horizontal: top == bottom, vertical: x0 == x1)."""
    scale = 72.0 / dpi
    thick = px(settings.max_rule_thickness_pt, dpi)
    rules = []
    for mask, horizontal in ((horiz, True), (vert, False)):
        for x, y, w, h in component_boxes(mask):
            if horizontal and h <= thick * 2:
                yc = (y + h / 2) * scale
                rules.append(Rule(x * scale, yc, (x + w) * scale, yc))
            elif not horizontal and w <= thick * 2:
                xc = (x + w / 2) * scale
                rules.append(Rule(xc, y * scale, xc, (y + h) * scale))
    return snap_rule_ends(bridge_horizontal_gaps(bridge_vertical_gaps(rules)))


# how far a horizontal line's end may stand from the table's side it meets (a fax breaks line ends)
SIDE_REACH_PT = 18.0
LONG_LINE_REACHES = 4  # a horizontal line this many times side_reach long reaches that far


def snap_rule_ends(rules: list[Rule], reach: float = 6.0, tol: float = 1.0,
                   side_reach: float = SIDE_REACH_PT) -> list[Rule]:
    """A ruling line that stops just short of the line it meets is drawn on to it.

    A worn copy (or toner gaps, or a fax's thresholding) loses the last few points of a line
    where it joins another; stopping 3 pt short of a table's top border, a column's side no
    longer closes the header cell, and two columns' headers read as one.  A horizontal line
    reaches further (``side_reach``) to a table's side when it is long: a fax broke the end of
    Table I's top line into specks 16 pt long, and the title column's header opened into the
    address box.
    """
    horizontals = [r for r in rules if r.horizontal]
    verticals = [r for r in rules if not r.horizontal]

    def nearest(ends: list[float], at: float, ahead: bool, most: float = reach) -> float | None:
        """The closest of ``ends`` within ``most`` beyond ``at`` (above when not ``ahead``)."""
        gaps = [(e - at) if ahead else (at - e) for e in ends]
        near = [(g, e) for g, e in zip(gaps, ends) if 0 < g <= most]
        return min(near)[1] if near else None

    out_v = []
    for v in verticals:
        across = [h.top for h in horizontals if h.x0 - reach <= v.x0 <= h.x1 + reach]  # a corner too
        top = nearest(across, v.top, ahead=False)
        bottom = nearest(across, v.bottom, ahead=True)
        out_v.append(Rule(v.x0, top if top is not None else v.top, v.x1, bottom if bottom is not None else v.bottom))
    out_h = []
    for h in horizontals:
        across = [v.x0 for v in out_v if v.top - tol <= h.top <= v.bottom + tol]
        # only a long line reaches that far: a short one drawn on across a narrow cell would be
        # an underline ('(1)(2)' underlined in a faxed cell) made a border that splits the row
        most = side_reach if h.x1 - h.x0 >= LONG_LINE_REACHES * side_reach else reach
        left = nearest(across, h.x0, ahead=False, most=most)
        right = nearest(across, h.x1, ahead=True, most=most)
        out_h.append(Rule(left if left is not None else h.x0, h.top, right if right is not None else h.x1, h.bottom))
    return out_h + out_v


def bridge_horizontal_gaps(rules: list[Rule], max_gap_pt: float = 12.0, reach: float = SIDE_REACH_PT,
                           tol: float = 1.5) -> list[Rule]:
    """Two pieces of one horizontal rule, a few points apart at the same height, are one rule
    when the line they make runs from a vertical rule to a vertical rule and none stands in the
    gap: a fax's light threshold broke the line under the Reporting Owners header 6 pt wide,
    and the header cell opened into the owner's row (the table was not found).  Lines that
    end in the open (a signature's and a date's underlines) stay apart."""
    verticals = [r for r in rules if not r.horizontal]

    def side_at(x: float, y: float, most: float) -> bool:  # a vertical meeting the line's end
        return any(abs(v.x0 - x) <= most and v.top - tol <= y <= v.bottom + tol for v in verticals)

    out: list[Rule] = []
    for h in sorted((r for r in rules if r.horizontal), key=lambda r: r.x0):
        chain = [k for k, o in enumerate(out) if abs(o.top - h.top) <= tol and 0 < h.x0 - o.x1 <= max_gap_pt]
        if chain:
            last = out[chain[-1]]
            gap_side = any(last.x1 - tol <= v.x0 <= h.x0 + tol and v.top - tol <= h.top <= v.bottom + tol
                           for v in verticals)
            if not gap_side and side_at(last.x0, last.top, reach) and side_at(h.x1, h.top, reach):
                out[chain[-1]] = Rule(last.x0, last.top, h.x1, last.bottom)
                continue
        out.append(h)
    return out + verticals


def bridge_vertical_gaps(rules: list[Rule], max_gap_pt: float = 24.0, tol: float = 2.0) -> list[Rule]:
    """A vertical rule that starts in mid-air goes on up to the line above it at its x: the
    vertical it continues, or the horizontal it hangs from, up to ``max_gap_pt`` away.

    A table row's border drawn too light to scan (the SEC rendering's line under a header
    cut by a page break, 16-22 pt of every column side missing) leaves the columns' sides
    broken there, and their cells unclosed; so does a column side under a header cell that
    spans it.  Where a visible border crosses, the break is a real cell boundary and stays;
    where a border only turns there (a corner) and another ends straight above, the two
    corners are one border broken (a cell under a header cut by a page break).
    """
    horizontals = [r for r in rules if r.horizontal]

    def crossing(x: float, y: float) -> list[Rule]:
        return [h for h in horizontals if abs(h.top - y) <= tol and h.x0 - tol <= x <= h.x1 + tol]

    def ends_at(h: Rule, x: float) -> bool:
        return abs(h.x0 - x) <= tol or abs(h.x1 - x) <= tol

    out: list[Rule] = []
    for v in sorted((r for r in rules if not r.horizontal), key=lambda r: (round(r.x0 / tol), r.top)):
        last = out[-1] if out and abs(out[-1].x0 - v.x0) <= tol else None
        at_top = crossing(v.x0, v.top)
        if at_top:
            facing = [h.top for h in horizontals if ends_at(h, v.x0) and 0 < v.top - h.top <= max_gap_pt
                      and (last is None or h.top > last.bottom)] if all(ends_at(h, v.x0) for h in at_top) else []
            out.append(Rule(v.x0, max(facing), v.x1, v.bottom) if facing else v)
        elif last is not None and 0 < v.top - last.bottom <= max_gap_pt:
            out[-1] = Rule(last.x0, last.top, last.x1, max(last.bottom, v.bottom))
        else:
            above = [h.top for h in horizontals
                     if h.x0 - tol <= v.x0 <= h.x1 + tol and 0 < v.top - h.top <= max_gap_pt
                     and (last is None or h.top > last.bottom)]
            out.append(Rule(v.x0, max(above), v.x1, v.bottom) if above else v)
    return horizontals + out


def print_levels(gray: np.ndarray, mask: np.ndarray, dpi: float) -> tuple[float, float]:
    """Grey level of the paper (the median of what is not ink) and of print (the median of the
    darkest pixel of each letter-sized blot of ink): the page's contrast, which fading and
    darker copies change, and against which a line's darkness is measured."""
    paper = float(np.median(gray[::4, ::4][mask[::4, ::4] == 0])) if mask[::4, ::4].min() == 0 else 255.0
    n, labels, stats = components(mask)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    letter = (h >= px(4.0, dpi)) & (h <= px(14.0, dpi)) & (w <= px(14.0, dpi))
    letter[0] = False
    if not letter.any():
        return paper, 0.0
    darkest = np.full(n, 255, dtype=np.uint8)
    inked = mask > 0
    np.minimum.at(darkest, labels[inked], gray[inked])
    return paper, float(np.median(darkest[letter]))


ROW_STEP = 4


@dataclass(frozen=True)
class Streak:
    """A run of a copier's toner streak down the page as scanned, in pixels: its box and how
    much darker than the paper beside it its core is."""
    x: int
    y: int
    w: int
    h: int
    depth: float
    columns: int   # how many of its columns are faint enough to be a streak


def find_streaks(gray: np.ndarray, dpi: float, contrast: float,
                 settings: CleanupSettings = DEFAULT_SETTINGS, skew_deg: float = 0.0) -> list[Streak]:
    """Toner streaks of a copy: faint grey bands straight down the page as it lay on the scanner.

    Along each pixel row, the grey level beside a narrow dark band is the paper's; where the page
    is darker than that in a column for longer than any letter (``streak_run_pt``), a line runs
    down the page.  A printed ruling line is as dark as print (and, unless the page lies square,
    slanted, so shorter down one column); a run fainter than ``streak_depth`` of the page's print
    contrast is a streak.  On a page that lies askew (``skew_deg``), a ruling line runs down one
    column of pixels only so far: a run much longer than that is a streak however dark.  Each
    column is judged alone: a streak beside a ruling line is still a streak, and the line still a
    line.  A streak's darkness rises and falls down the page, so it may come out as several bands.
    """
    if contrast <= 0:
        return []
    wide = px(settings.streak_band_pt, dpi)
    step = ROW_STEP  # a band down the page is found as well on every 4th row, in a quarter of the time
    rows = np.ascontiguousarray(gray[::step])
    beside = cv2.morphologyEx(rows, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (4 * wide, 1)))
    deficit = cv2.subtract(beside, rows)
    darker = (deficit >= max(6.0, settings.streak_least * contrast)).astype(np.uint8)
    run = max(2, px(settings.streak_run_pt, dpi) // step)
    runs = cv2.morphologyEx(darker, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run)))
    # each column's runs, top to bottom: (column, first row, row after)
    edges = np.diff(np.pad(runs.T.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    starts, ends = np.nonzero(edges == 1), np.nonzero(edges == -1)
    faint = []
    dark = settings.streak_depth * contrast
    near = 3  # the blurred edge of a ruling line is faint too, but right beside the line
    slant = abs(np.tan(np.radians(skew_deg)))
    # the longest stretch (in sampled rows) a slanted ruling line, thick as print, stays in a column
    straight = 2 * px(1.5, dpi) / slant / step if slant >= np.tan(np.radians(0.15)) else np.inf
    for x, y0, y1 in zip(starts[0], starts[1], ends[1]):
        depth = float(np.median(deficit[y0:y1, x]))
        if depth >= dark:
            if y1 - y0 > straight:  # too straight down the scan for a line of the slanted form
                faint.append((int(x), int(y0), int(y1), depth))
            continue  # as dark as print: a ruling line
        beside_it = deficit[y0:y1, max(0, x - near):x + near + 1].max(axis=1)
        if float(np.median(beside_it)) >= dark:
            continue  # the edge of a ruling line (a slanted one shifts across this column)
        faint.append((int(x), int(y0), int(y1), depth))
    # neighbouring faint columns whose runs overlap are one band
    bands: list[list] = []  # [x0, x1, y0, y1, depth, columns]
    for x, y0, y1, depth in sorted(faint):
        band = next((b for b in reversed(bands[-8:]) if x - b[1] <= 1 and y0 < b[3] and b[2] < y1), None)
        if band is None:
            bands.append([x, x, y0, y1, depth, 1])
        else:
            band[1], band[2], band[3] = max(band[1], x), min(band[2], y0), max(band[3], y1)
            band[4], band[5] = max(band[4], depth), band[5] + 1
    return [Streak(x0, y0 * step, x1 - x0 + 1, (y1 - y0) * step, depth, n)
            for x0, x1, y0, y1, depth, n in bands if x1 - x0 < wide]


def remove_streaks(gray: np.ndarray, streaks: list[Streak], dpi: float, contrast: float,
                   settings: CleanupSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """The page with its toner streaks lifted out.

    In each streak's columns, row by row, the paper (print shorter than a letter filled in) is
    brought back to the level beside them.  By how much is the streak's own darkness there: it
    changes slowly down the page, so it is the running median of the rows where nothing darker
    than a streak lies in its columns.  Print in the band (a letter the streak runs through, a
    ruling line that crosses it or runs along it a while on a slanted page) is lifted by no more
    than the streak darkened it; print darker than the streak could make it is left alone.
    """
    if not streaks:
        return gray
    out = gray.copy()
    tall = cv2.getStructuringElement(cv2.MORPH_RECT, (1, px(12.0, dpi)))  # longer than a letter's stroke
    reach = px(12.0, dpi)  # the streak fades on past the run found
    window = px(60.0, dpi)
    for s in streaks:
        dark = max(settings.streak_depth * contrast, 1.5 * s.depth)  # darker than a streak: print
        x0, x1 = max(0, s.x - 2), min(gray.shape[1], s.x + s.w + 2)  # its columns and one beside each
        y0, y1 = max(0, s.y - reach), min(gray.shape[0], s.y + s.h + reach)
        if x1 - x0 < 3:
            continue
        band = np.ascontiguousarray(out[y0:y1, x0:x1])
        paper = cv2.morphologyEx(band, cv2.MORPH_CLOSE, tall).astype(np.int16)
        level = np.maximum(paper[:, :1], paper[:, -1:])
        under = np.clip(level - paper, 0, 255)  # how much darker than beside, row by row
        darkest = under[:, 1:-1].max(axis=1).astype(np.float32)
        clear = np.flatnonzero(darkest < dark)   # rows with only the streak in its columns
        if len(clear) < 3:
            continue
        # the streak's darkness down the band: running median over the clear rows
        along = np.ascontiguousarray(darkest[clear].astype(np.uint8).reshape(-1, 1))
        size = min(window, len(clear) - (1 - len(clear) % 2)) | 1
        depth = cv2.medianBlur(along, size).ravel() if size >= 3 else along.ravel()
        at = np.clip(np.searchsorted(clear, np.arange(len(darkest))), 0, len(clear) - 1)
        cap = (depth[at].astype(np.int16) * 6 // 5 + 2)[:, None]
        lift = np.where(under > np.maximum(2 * cap, dark), 0, np.minimum(under, cap))
        out[y0:y1, x0:x1] = np.clip(band.astype(np.int16) + lift, 0, 255).astype(np.uint8)
    return out


# a light grey fill is this much (or up to four times this much) darker than the paper
LIGHT_FILL_STEP = 20.0


def filled_boxes(gray: np.ndarray, mask: np.ndarray, dpi: float,
                 settings: CleanupSettings = DEFAULT_SETTINGS) -> list[BBox]:
    """Checkbox-sized squares that are mostly ink: a checked box (filled, or crossed out heavily)."""
    scale = 72.0 / dpi
    lo, hi = (px(s, dpi) for s in settings.checkbox_pt)
    stats = components(mask)[2]
    w_all, h_all = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    sized = (w_all >= lo) & (w_all <= hi) & (h_all >= lo) & (h_all <= hi) & (np.abs(w_all - h_all) <= px(1.5, dpi))
    sized[0] = False
    boxes = []
    for x, y, w, h, area in stats[sized]:
        box = gray[y:y + h, x:x + w]
        centre = box[h // 4: h - h // 4, w // 4: w - w // 4]
        # solid through the middle: bold glyphs are square-ish too, but open inside
        if (area >= settings.checkbox_fill * w * h and np.mean(box < 160) >= settings.checkbox_fill
                and np.mean(centre < 160) >= settings.checkbox_fill):
            boxes.append((x * scale, y * scale, (x + w) * scale, (y + h) * scale))
    return boxes


def light_filled_boxes(gray: np.ndarray, dpi: float, paper: float,
                       settings: CleanupSettings = DEFAULT_SETTINGS) -> list[BBox]:
    """Checkbox-sized squares filled light grey: a checked box as a browser prints it (the
    SEC's HTML rendering of Form 5's "Form 3 Holdings Reported" and "Form 4 Transactions
    Reported" boxes: grey with a white tick; an unchecked box is a grey outline).  Too light
    for the print mask, they are sought at a quarter of the resolution, where print blurs to
    grey too, and kept where the box at full resolution is mostly mid-grey: print is dark
    strokes on paper, with grey only at its rims."""
    factor = 4
    small = cv2.resize(gray, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA)
    light = ((small < paper - LIGHT_FILL_STEP) & (small > paper - 4 * LIGHT_FILL_STEP)).astype(np.uint8)
    lo, hi = (px(v, dpi / factor) for v in settings.checkbox_pt)
    full_lo = px(settings.checkbox_pt[0], dpi)
    stats = components(light)[2][1:]
    w_all, h_all = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    square = ((w_all >= lo) & (w_all <= hi) & (h_all >= lo) & (h_all <= hi) & (np.abs(w_all - h_all) <= 2)
              & (stats[:, cv2.CC_STAT_AREA] >= 0.6 * w_all * h_all))
    boxes = []
    for x, y, w, h, _ in stats[square]:
        x0, y0 = max(0, (x - 1) * factor), max(0, (y - 1) * factor)
        box = gray[y0:(y + h + 1) * factor, x0:(x + w + 1) * factor]
        grey = (box < paper - LIGHT_FILL_STEP) & (box > paper - 4 * LIGHT_FILL_STEP)
        rows, cols = np.flatnonzero(grey.mean(axis=1) > 0.5), np.flatnonzero(grey.mean(axis=0) > 0.5)
        if rows.size < full_lo or cols.size < full_lo or abs(rows.size - cols.size) > px(1.5, dpi):
            continue
        if grey[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1].mean() >= 0.6:
            scale = 72.0 / dpi
            boxes.append(((x0 + cols[0]) * scale, (y0 + rows[0]) * scale,
                          (x0 + cols[-1] + 1) * scale, (y0 + rows[-1] + 1) * scale))
    return boxes


def underlines(mask: np.ndarray, dpi: float, parts: tuple | None = None) -> np.ndarray:
    """Strokes drawn under print (a footnote mark's link underline): flat runs of ink with print just above.

    Read with the mark they make '(1)' unreadable.  A dash or an underscore beside a mark
    has no print above it and stays.  ``parts``: ``components(mask)`` when already found.
    """
    n, labels, stats = components(mask) if parts is None else parts
    thin, shortest = px(2.0, dpi), px(3.0, dpi)
    near, line = px(4.0, dpi), px(8.0, dpi)
    w_all, h_all = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    flat = (h_all <= thin) & (w_all >= shortest) & (w_all >= 4 * h_all)
    flat[0] = False

    def glyphs_above(x: int, y: int, w: int, reach: int) -> list[int]:
        """Print (not another flat stroke, as in '=') within `reach` above a stroke."""
        ids = np.unique(labels[max(0, y - reach):y, x:x + w])
        return [j for j in ids if j and h_all[j] > thin]

    under = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(flat):
        x, y, w = stats[i, cv2.CC_STAT_LEFT], stats[i, cv2.CC_STAT_TOP], w_all[i]
        if not glyphs_above(x, y, w, near):
            continue
        # then the whole line of print (a raised '1' ends higher than its brackets) must
        # span most of the stroke
        spans = np.zeros(w, dtype=bool)
        for j in glyphs_above(x, y, w, line):
            gx = stats[j, cv2.CC_STAT_LEFT]
            spans[max(0, gx - x):max(0, gx + w_all[j] - x)] = True
        under[i] = spans.mean() >= 0.6
    return paint(under, labels, stats)


# drawing this many components one by one in their boxes costs about as much as one look-up of
# every pixel's label
FEW_PARTS = 400


def paint(chosen: np.ndarray, labels: np.ndarray, stats: np.ndarray) -> np.ndarray:
    """Mask (255) of the components chosen (a boolean per label; ``labels`` and ``stats`` as
    ``components`` gives them).  A few are drawn each in its box: a page's specks or underlines
    are a few dozen among thousands of letters."""
    picked = np.flatnonzero(chosen)
    if len(picked) > FEW_PARTS:
        return np.where(chosen, 255, 0).astype(np.uint8)[labels]
    out = np.zeros(labels.shape, np.uint8)
    for i in picked:
        x, y, w, h = stats[i, :4]
        box = out[y:y + h, x:x + w]
        box[labels[y:y + h, x:x + w] == i] = 255
    return out


def is_bilevel(gray: np.ndarray) -> bool:
    """Only black and white pixels (a fax or a 1-bit scan), give or take a few."""
    return (gray.size - cv2.countNonZero(cv2.inRange(gray, 1, 254))) / gray.size > 0.98


def smooth_bilevel(gray: np.ndarray, dpi: float) -> np.ndarray:
    """A bi-level page with its stair-stepped, ragged stroke edges smoothed back to grey.

    A fax is thresholded at half the vertical resolution with a noisy threshold: strokes
    have notches and one-pixel spurs that tesseract reads as other letters.  A slight
    blur makes each pixel the ink share of its neighbourhood, as a grey scan's would be.
    Any other page comes back as it is, the same array (which tells the caller it was not
    bi-level).
    """
    if not is_bilevel(gray):
        return gray
    return cv2.GaussianBlur(gray, (0, 0), 0.36 * dpi / 72.0)  # 1 px at 200 dpi


def stray_specks(mask: np.ndarray, dpi: float, speck_pt: float = 2.0, parts: tuple | None = None) -> np.ndarray:
    """Dots of ink that are not punctuation: not beside a letter on its line, nor over one.

    Noise (fax speckle, toner) and punctuation are the same size; what tells them apart is
    where they sit.  A full stop or comma touches the line of its word, just after a glyph;
    an i's dot or an accent sits just above one; a speck lands anywhere.  Returns the mask
    of the specks (255), to be whitened before OCR.  ``parts``: ``components(mask)`` when
    already found.
    """
    n, labels, stats = components(mask) if parts is None else parts
    if n <= 1:
        return np.zeros_like(mask)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    small = (w <= px(speck_pt, dpi)) & (h <= px(speck_pt, dpi))
    small[0] = False
    glyph = ~small & (h >= px(2.5, dpi))
    glyph[0] = False
    # where punctuation may be: a glyph's box, widened by a narrow gap and raised for dots and
    # accents; where a full stop may be: after a glyph, on its baseline
    # beside: a typewriter sets a stop in the middle of its own 6 pt cell, 3-4 pt from its neighbour
    side, above, below = px(4.5, dpi), px(2.0, dpi), px(0.8, dpi)
    x, y, bw, bh = (stats[glyph, i][None, :] for i in range(4))
    near = (x - side, x + bw + side, y - above, y + bh + below)
    stop = (x + bw, x + bw + side, y + bh - px(1.0, dpi), y + bh + below)
    idx = np.flatnonzero(small)
    cx = stats[idx, cv2.CC_STAT_LEFT] + w[idx] // 2
    cy = stats[idx, cv2.CC_STAT_TOP] + h[idx] // 2
    # a dot of a few pixels (a faint stop, or noise) only where a stop goes
    need = np.where(stats[idx, cv2.CC_STAT_AREA] <= dot_area(dpi), 2, 1)
    # what may be at each small one's centre: bit 1 punctuation (only asked of those not a dot), bit 2 a stop
    at = np.where(_inside(cx, cy, stop), 2, 0)
    at[need == 1] |= np.where(_inside(cx[need == 1], cy[need == 1], near), 1, 0)
    keep = np.zeros(n, dtype=bool)
    keep[idx] = (at & need) > 0
    # a stop after a stop ('L.P.,' typed in Courier sets its comma two cells after the 'P'):
    # a kept stop or comma opens a stop's place after it, on its own line
    for _ in range(2):
        stops = idx[(at & 2) > 0]
        before = keep.copy()
        sx, sy, sw, sh = (stats[stops, i][None, :] for i in range(4))
        at[_inside(cx, cy, (sx + sw, sx + sw + side, sy + sh - px(1.5, dpi), sy + sh + below))] |= 3
        keep[idx] = (at & need) > 0
        if (keep == before).all():
            break
    return paint(small & ~keep, labels, stats)


def _inside(cx: np.ndarray, cy: np.ndarray, zones: tuple) -> np.ndarray:
    """For each point (cx, cy): is it inside any of the boxes ``zones`` (left, right, top,
    bottom rows of one column each; right and bottom excluded)?  A block of points at a time
    against every box."""
    left, right, top, bottom = zones
    inside = np.zeros(len(cx), dtype=bool)
    step = max(1, 2**20 // max(1, left.shape[1]))
    for i in range(0, len(cx), step):
        qx, qy = cx[i:i + step, None], cy[i:i + step, None]
        inside[i:i + step] = ((left <= qx) & (qx < right) & (top <= qy) & (qy < bottom)).any(axis=1)
    return inside


def midline_specks(mask: np.ndarray, dpi: float, speck_pt: float = 2.0, parts: tuple | None = None) -> np.ndarray:
    """Dots of ink in the open beside a word, halfway up its line: noise, never punctuation.

    ``stray_specks`` keeps a dot beside a letter, where punctuation may be; but each mark has
    its height on the line: a stop or comma sits on the baseline, a quote or an accent at the
    top, a colon's upper dot has its lower one under it, a dash is flat.  A lone dot clear of
    the letters, halfway between baseline and top, is a speck (of fax or copier noise) that
    tesseract would read as ':' or '.' ('By: ESOP', 'Stock: Units').  A dot over or under a
    letter (a broken stroke, an i's dot) or touching one is left alone.  Returns the specks' mask.
    ``parts``: ``components(mask)`` when already found.
    """
    n, labels, stats = components(mask) if parts is None else parts
    out = np.zeros_like(mask)
    if n <= 1:
        return out
    x, y, w, h = (stats[:, k] for k in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    small = (w <= px(speck_pt, dpi)) & (h <= px(speck_pt, dpi)) & (w < 1.5 * h)  # not a dash
    small[0] = False
    glyph = ~small & (h >= px(2.5, dpi)) & (h <= px(14.0, dpi))
    glyph[0] = False
    g = np.flatnonzero(glyph)
    gx0, gy0, gx1, gy1 = x[g], y[g], x[g] + w[g], y[g] + h[g]
    s = np.flatnonzero(small)
    reach, clear, over = px(6.0, dpi), px(0.6, dpi), px(1.2, dpi)
    drop = np.zeros(n, dtype=bool)
    for i in s:
        cy = y[i] + h[i] / 2
        level = (gy0 <= cy) & (cy <= gy1)
        if not np.any(level & (gx0 - reach <= x[i] + w[i]) & (gx1 + reach >= x[i])):
            continue
        # the line's baseline and top from a few words around: a word's last letters may all
        # go below it ('Attorney')
        line = level & (gx0 - 4 * reach <= x[i] + w[i]) & (gx1 + 4 * reach >= x[i])
        # over or under a letter, or touching one: part of it, or its dot
        if np.any((gx0 - clear < x[i] + w[i]) & (gx1 + clear > x[i]) & (gy0 - over < y[i] + h[i])
                  & (gy1 + over > y[i])):
            continue
        base, top = float(np.median(gy1[line])), float(gy0[line].min())
        size = base - top
        if size <= 0:
            continue
        on_base = base - (y[i] + h[i]) <= 0.25 * size
        at_top = y[i] - top <= 0.2 * size
        # a colon's or semicolon's other dot straight above or below
        pair = np.any(small & (np.abs(x + w / 2 - (x[i] + w[i] / 2)) <= w[i]) & (np.abs(y - y[i]) <= size)
                      & (np.arange(n) != i))
        drop[i] = not (on_base or at_top or pair)
    return paint(drop, labels, stats)


def remnant_parts(parts: tuple, horiz: np.ndarray, dpi: float) -> np.ndarray:
    """Flat bits of ink along a horizontal ruling line that its mask left out, among a mask's
    components (``components(mask)``): a boolean per label.  They are the ragged edge of a thick
    or broken line (a fax's line, drawn at half the vertical resolution and straightened, is a
    staircase whose steps stick out).  Left in, they are read as '-', '_' or '7' before or after
    the print of the cell beside them ('D_', '-M').  A flat stroke near a line is never print: a
    dash sits halfway up its text, clear of the cell's rules."""
    n, labels, stats = parts
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    flat = (h <= px(1.5, dpi)) & (w >= 1.5 * h)
    flat[0] = False
    if not flat.any() or not horiz.any():
        return np.zeros(n, dtype=bool)
    reach = px(1.5, dpi)
    near = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 2 * reach + 1)))
    touching = np.zeros(n, dtype=bool)
    flats = np.flatnonzero(flat)
    if len(flats) > FEW_PARTS:
        touching[labels[near > 0]] = True
    else:  # each in its box
        for i in flats:
            x, y, bw, bh = stats[i, :4]
            touching[i] = bool(np.any(near[y:y + bh, x:x + bw][labels[y:y + bh, x:x + bw] == i]))
    return flat & touching


def without_parts(parts: tuple, gone: np.ndarray) -> tuple:
    """``components`` of a mask with the components ``gone`` (a boolean per label) taken out,
    without labelling it again: their sizes are zeroed, so that no test of size takes them (their
    pixels keep their labels: a label looked up is to be tested by its size)."""
    n, labels, stats = parts
    stats = stats.copy()
    stats[gone, cv2.CC_STAT_WIDTH:] = 0
    return n, labels, stats
