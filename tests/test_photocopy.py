"""What a photocopy does to a scanned form (issue 4, profile `photocopy`), one class of failure each.

A copy of a copy has toner streaks down the page, pepper noise, faded print, and pages that
lie a little off and at their own scale: each case here is one that lost whole values
(a table row, an address, a footnote), made small.
"""
from __future__ import annotations

import cv2
import numpy as np
import regex

from extract import cleanup, ocr
from extract.fill import PageView, TableHit, continuation, page_x_map, section_items, _match_columns
from extract.fuzzy import approximate, misread_weight
from extract.grid import Cell, group_lines
from extract.layout import ColumnSpec, TableSpec
from extract.pages import Page, Rule, Word

DPI = 300.0
PAPER, PRINT = 232, 80


def _form_page(streak_x: int | None, streak_dark: float = 70.0) -> np.ndarray:
    """A faded grey page (portrait, 300 dpi) with a ruled box, a line of print across its middle
    and, optionally, a copier's streak straight down it (as make_scans.py draws one)."""
    img = np.full((1400, 1000), 255, np.uint8)
    cv2.rectangle(img, (100, 200), (900, 1200), 0, 3)            # the box
    cv2.line(img, (500, 200), (500, 1200), 0, 3)                 # a column rule
    cv2.line(img, (100, 600), (900, 600), 0, 3)                  # a row rule
    cv2.putText(img, "OWNERSHIP FORM", (560, 420), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 4)
    img = cv2.GaussianBlur(img, (0, 0), 0.7)
    out = PRINT + img.astype(np.float32) / 255.0 * (PAPER - PRINT)   # faded: grey print, dull paper
    if streak_x is not None:
        yy = np.arange(out.shape[0], dtype=np.float32)
        profile = streak_dark * (0.55 + 0.45 * np.sin(2 * np.pi * yy / 2000.0 + 1.0))
        xs = np.arange(streak_x - 4, streak_x + 5)
        fall = np.exp(-((xs - streak_x) / 2.0) ** 2)
        out[:, xs] -= profile[:, None] * fall[None, :]
    return np.clip(out, 0, 255).astype(np.uint8)


def _vertical_rules(gray: np.ndarray) -> list[float]:
    mask = cleanup.binarize(gray, DPI)
    horiz, vert = cleanup.line_masks(mask, DPI)
    return sorted(r.x0 * DPI / 72 for r in cleanup.rules_from_masks(horiz, vert, DPI) if not r.horizontal)


def test_toner_streak_is_no_ruling_line():
    """A streak through a table passed for a column rule: it cut the 'Ownership' header in two
    and the rows under it lost their columns (0001209191-20-003075: Table I all None)."""
    streaked = cleanup.normalize_background(_form_page(streak_x=700), DPI)
    assert any(abs(x - 700) < 6 for x in _vertical_rules(streaked))  # what happened before
    cleaned = ocr.remove_streaks(streaked, DPI)
    found = _vertical_rules(cleaned)
    assert not any(abs(x - 700) < 6 for x in found)
    assert all(any(abs(x - want) < 4 for x in found) for want in (100, 500, 900))  # the real rules stay


def test_print_a_streak_runs_through_stays():
    streaked = cleanup.normalize_background(_form_page(streak_x=700), DPI)
    clean = cleanup.normalize_background(_form_page(streak_x=None), DPI)
    cleaned = ocr.remove_streaks(streaked, DPI)
    letters = (slice(380, 425), slice(690, 711))   # the letters of the line of print the streak crosses
    ink = cleanup.binarize(cleaned, DPI)[letters] > 0
    want = cleanup.binarize(clean, DPI)[letters] > 0
    assert want.sum() > 50 and abs(int(ink.sum()) - int(want.sum())) <= 0.15 * want.sum()
    paper = (slice(700, 1100), slice(690, 711))   # and the paper there is paper again
    assert cleanup.binarize(cleaned, DPI)[paper].sum() == 0


def test_a_page_without_streaks_is_left_alone():
    page = cleanup.normalize_background(_form_page(streak_x=None), DPI)
    assert np.array_equal(ocr.remove_streaks(page, DPI), page)


def test_darker_streak_on_a_darker_copy():
    """A harsher copy: darker paper, a streak twice as dark; still a streak, the rules still rules."""
    page = _form_page(streak_x=300, streak_dark=110.0).astype(np.int16) - 30
    streaked = cleanup.normalize_background(np.clip(page, 0, 255).astype(np.uint8), DPI)
    assert any(abs(x - 300) < 6 for x in _vertical_rules(streaked))
    found = _vertical_rules(ocr.remove_streaks(streaked, DPI))
    assert not any(abs(x - 300) < 6 for x in found)
    assert all(any(abs(x - want) < 4 for x in found) for want in (100, 500, 900))


def test_pepper_beside_a_word_is_no_full_stop():
    """A pixel of pepper noise next to a word was read as a stop ('Class.A', 'EVP. and'); a
    real full stop, even of small print, stays."""
    gray = np.full((120, 300), 255, np.uint8)
    gray[40:70, 40:60] = 70                  # a letter
    gray[66:70, 64:68] = 80                  # a full stop after it (1 pt across)
    gray[50, 100] = 0                        # pepper: one black pixel beside the line, 9 pt on
    gray[60:62, 80:81] = 20                  # two more, right after the letter
    mask = (gray < 160).astype(np.uint8) * 255
    out = ocr._without_specks(gray, mask, DPI)
    assert out[50, 100] == 255 and out[60, 80] == 255
    assert out[68, 66] == 80 and out[55, 50] == 70


# ------------------------------------------------------------------ text lines

def _w(text, x0, top, x1, bottom, conf=0.95):
    return Word(text, x0, top, x1, bottom, conf)


def test_raised_mark_does_not_split_its_line():
    """'Person *' raised above the line started it, and only the words overlapping the small
    '*' joined: the label '2. Issuer Name and Ticker or Trading Symbol' fell into two lines and
    the issuer was not found (0001209191-20-013621)."""
    words = [_w("Person", 171.6, 164.7, 198.6, 172.2), _w("*~", 201.5, 161.5, 205.6, 165.6, 0.55),
             _w("2.", 282.5, 164.2, 288.6, 171.0), _w("Issuer", 292.3, 164.2, 315.3, 171.3),
             _w("Name", 318.4, 164.2, 341.4, 171.0), _w("and", 344.4, 163.9, 360.0, 171.0),
             _w("Ticker", 362.3, 163.5, 387.7, 171.0), _w("Relationship", 531.3, 162.3, 591.2, 171.8)]
    lines = group_lines(words)
    assert len(lines) == 1 and [w.text for w in lines[0]][2:6] == ["2.", "Issuer", "Name", "and"]


def test_footnote_marks_at_each_pages_own_margin():
    """The pages of a copy lie a few points apart: page 3's marks at x=30.7 made page 2's at
    34.5 look indented, so footnotes (1) and (2) were lost (0001209191-20-013621)."""
    lines = [(2, [_w("(1)", 34.5, 525, 45, 534), _w("The", 50.2, 525, 65, 533), _w("shares", 68, 525, 92, 533)]),
             (2, [_w("This", 50.2, 541, 66, 549), _w("transaction", 70, 541, 110, 549)]),
             (2, [_w("(2)", 34.5, 554, 45, 562), _w("undertakes", 50.4, 554, 90, 562)]),
             (3, [_w("Certain", 46.8, 28, 75, 36), _w("securities", 78, 28, 110, 36)]),
             (3, [_w("(3)", 30.7, 34, 42, 42)]),
             (3, [_w("vesting", 46.7, 40, 75, 48)])]
    items = section_items(lines, r"^\((\d+)\)$")
    assert [fid for fid, *_ in items] == ["1", "2", "3"]


# ------------------------------------------------------------------ tables

def test_stray_stop_in_a_header_costs_less_than_a_wrong_digit():
    """'9. Number of. Derivative' (a speck read as a stop) must win column 9 over '5. Number of
    Derivative' (0001127602-20-002872: every dHold's shares owned lost)."""
    pattern = approximate(regex.compile(r"^9\.\s*Number of Derivative"))
    speck = pattern.search("9. Number of. Derivative Securities Beneficially Owned")
    assert speck and misread_weight(speck) < 1
    # another number is no misreading of the header's own (fuzzy errors never read in a digit)
    assert pattern.search("5. Number of Derivative Securities Acquired") is None
    columns = [ColumnSpec(h, f, regex=regex.compile(h)) for h, f in (
        (r"^5\.\s*Number of Derivative", "transactionShares"),
        (r"^9\.\s*Number of Derivative", "sharesOwnedFollowingTransaction"))]
    spec = TableSpec(name="t", columns=columns, kinds=["dTx", "dHold"])
    five, nine = Cell(320, 50, 366, 180), Cell(619, 50, 669, 244)
    texts = [(five, "5. Number of Derivative Securities Acquired (A) or Disposed of (D)"),
             (nine, "9. Number of. Derivative Securities Beneficially Owned at End of Issuer's Fiscal Year")]
    assert _match_columns(texts, spec, [1], None, ocr=True) == {1: nine}


def test_page_map_lines_up_a_header_overleaf():
    """Table II's header on page 1 at x=38.5-757, its rows on page 2 drawn 10 pt left and 1.5%
    larger: without the map the first columns found no cells (0001012975-17-000759)."""
    header = [38.5, 81.6, 128.6, 200.6, 272.6, 566.9, 610.6, 667.4, 712.3, 757.0]
    overleaf = [1.015 * x - 10.0 for x in header] + [300.0, 420.0]
    s, t = page_x_map(header, overleaf)
    assert abs(s - 1.015) < 0.002 and abs(t + 10.0) < 1.0
    assert page_x_map(header, header) == (1.0, 0.0)


def _ocr_page(number, words, rules):
    return Page(number, 612, 792, words, rules, source="ocr")


def test_table_goes_on_overleaf_past_a_speck_in_the_margin():
    """The owner's address went on at the top of page 2, but a streak's remnant read as '|'
    above it made the page look like something else (0001127602-20-015094: street, city,
    state, zip lost)."""
    sides = [32.6, 191.9, 230.3, 282.4, 316.2, 343.3]
    rules = [Rule(x, 25.9, x, 56.9) for x in sides] + [Rule(32.6, 55.6, 344.4, 55.6)]
    words = [_w("|", 58.1, 9.1, 58.3, 10.3, 0.68), _w("200", 35.8, 27.8, 53.0, 37.0),
             _w("TECHNOLOGY", 56.4, 27.8, 138.5, 36.5), _w("SQUARE", 142.3, 27.8, 188.9, 38.4)]
    previous = TableHit(1, {0: Cell(38.8, 673.8, 194.5, 707.6), 1: Cell(194.5, 690.6, 232.0, 707.6),
                            2: Cell(232.0, 690.6, 282.8, 707.6)}, 707.6)
    hit = continuation(PageView(_ocr_page(2, words, rules)), previous)
    assert hit is not None and hit.page == 2 and abs(hit.bottom - 25.9) < 0.5
    printed = words + [_w("Page", 300, 5, 320, 12)]  # real print above: not the table going on
    assert continuation(PageView(_ocr_page(2, printed, rules)), previous) is None


def test_raised_mark_whose_brackets_reach_low_is_cut_off():
    """'P⁽¹⁾' printed with the mark's brackets reaching nearly to the code's baseline: the mark
    stayed in the code's piece and both were misread ('pM': code and footnote lost,
    0001384860-20-000005)."""
    mask = np.zeros((50, 82), np.uint8)
    for x, y, w, h in [(4, 13, 25, 34), (32, 1, 11, 37), (49, 2, 13, 27), (65, 1, 12, 36)]:  # P ( 1 )
        mask[y:y + h, x:x + w] = 255
        mask[y + 3:y + h - 3, x + 3:x + w - 3] = 0   # outlines: each its own glyph
    box = [0, 0, 82, 50, frozenset([1]), False]
    parts = ocr._split_superscript(mask, box)
    assert [p[:4] for p in parts] == [[0, 0, 32, 50], [32, 1, 82, 38]]
    flat = mask.copy()
    flat[40:47, 32:78] = 255   # '(1)' level with the code ('P(1)' typed on the line): one piece
    flat[:40, 32:] = 0
    assert len(ocr._split_superscript(flat, box)) == 1


def test_tall_word_does_not_pull_in_the_line_below():
    """An X read with its checkbox is taller than the line it sits on: the label '3. Date of
    Earliest Transaction' on the line below lost its 'Date' to that line and was not found."""
    words = [_w("(Last)", 74, 335.8, 100, 345.0), _w("(First)", 136, 335.8, 165, 345.0),
             _w("X", 484, 334.0, 492, 350.5, 0.67), _w("Officer", 503, 336.0, 530, 344.8),
             _w("Date", 302.7, 342.2, 320.9, 349.2), _w("3.", 292.6, 342.3, 298.9, 349.4),
             _w("of", 324.0, 342.2, 333.1, 349.5), _w("Earliest", 335.2, 342.2, 365.2, 349.9)]
    texts = [" ".join(w.text for w in ln) for ln in group_lines(words)]
    assert "3. Date of Earliest" in texts


def test_lone_code_letter_read_twice():
    """A code cut off from its raised mark is a lone capital, which OCR reads twice ('Ss')."""
    from extract.reconcile import CONFIDENT, read_as
    from extract.schema import AD, CODE
    for raw, want in (("Ss", "S"), ("Pp", "P"), ("pP", "P")):
        r = read_as(raw, CODE)
        assert r.value == want and r.confidence < CONFIDENT
    assert read_as("SP", CODE).value is None and read_as("Aa", AD).value == "A"


def test_slanted_rule_along_a_streak_stays():
    """On a page scanned 0.8° askew a column rule runs inside a streak's few columns for a long
    stretch: lifting it with the streak erased it, and two boxes of the form became one
    (0001209191-20-006782: the issuer read with box 5's labels)."""
    img = np.full((1400, 1000), 255, np.uint8)
    cv2.line(img, (688, 150), (712, 1250), 0, 3)                 # the rule, slanted
    img = cv2.GaussianBlur(img, (0, 0), 0.7)
    page = PRINT + img.astype(np.float32) / 255.0 * (PAPER - PRINT)
    yy = np.arange(page.shape[0], dtype=np.float32)
    profile = 60.0 * (0.55 + 0.45 * np.sin(2 * np.pi * yy / 2000.0))
    page[:, 698:703] -= profile[:, None] * np.exp(-((np.arange(698, 703) - 700) / 2.0) ** 2)[None, :]
    gray = cleanup.normalize_background(np.clip(page, 0, 255).astype(np.uint8), DPI)
    cleaned = ocr.remove_streaks(gray, DPI)
    for y in range(200, 1200, 50):   # the rule is as dark as before all along
        x = int(round(688 + (y - 150) * 24 / 1100))
        assert cleaned[y, x - 3:x + 4].min() <= gray[y, x - 3:x + 4].min() + 25, y
    assert cleaned[1300:1390, 695:706].min() > 200   # and the streak below it is gone


def test_dark_streak_on_a_page_askew_is_too_straight_for_a_rule():
    """A streak as dark as print passes the contrast test, but on a page lying 0.8° askew a
    ruling line shifts a pixel every 70 rows, while the streak stays in its column the whole
    page down: it split Table I's first column and the table was lost (a harsher copy)."""
    img = np.full((2200, 1000), 255, np.uint8)
    cv2.line(img, (488, 100), (512, 2100), 0, 3)                 # a column rule, slanted 0.7°
    cv2.line(img, (100, 700), (900, 712), 0, 3)                  # a row rule
    img = cv2.GaussianBlur(img, (0, 0), 0.7)
    page = PRINT + img.astype(np.float32) / 255.0 * (PAPER - PRINT)
    page[:, 298:303] -= 130.0 * np.exp(-((np.arange(298, 303) - 300) / 2.0) ** 2)[None, :]  # dark streak
    gray = cleanup.normalize_background(np.clip(page, 0, 255).astype(np.uint8), DPI)
    found = cleanup.find_streaks(gray, DPI, contrast=PAPER - PRINT, skew_deg=0.7)
    assert found and all(abs(s.x + s.w / 2 - 300) < 4 for s in found)
    assert not cleanup.find_streaks(gray, DPI, contrast=PAPER - PRINT, skew_deg=0.0)  # square: may be a rule
    cleaned = ocr.remove_streaks(gray, DPI, PAPER - PRINT, 0.7)
    assert cleaned[100:650, 296:305].min() > 200 and cleaned[400, 488:498].min() < 150


def test_column_side_stopping_short_of_the_border_still_closes_its_cell():
    """A worn copy lost the top 3 pt of the rule between '1. Title of Security' and
    '2. Transaction Date': the two header cells read as one and Table I was looked for on the
    next page."""
    rules = [Rule(43.7, 286.7, 749.5, 286.7), Rule(43.7, 373.6, 749.5, 373.6),
             Rule(43.7, 286.6, 43.7, 498.5), Rule(204.4, 289.9, 204.4, 498.5), Rule(279.7, 286.6, 279.7, 498.5),
             Rule(749.5, 290.5, 749.5, 498.5)]          # and a corner short of the border
    snapped = cleanup.snap_rule_ends(rules)
    assert Rule(204.4, 286.7, 204.4, 498.5) in snapped and Rule(749.5, 286.7, 749.5, 498.5) in snapped
    from extract.grid import cells_from_rules
    assert any(abs(c.x0 - 43.7) < 0.5 and abs(c.x1 - 204.4) < 0.5 and abs(c.top - 286.7) < 0.5
               for c in cells_from_rules(snapped))
    far = [Rule(43.7, 286.7, 300, 286.7), Rule(150, 300.0, 150, 400)]   # 13 pt below: not the same line
    assert cleanup.snap_rule_ends(far) == far


def test_top_line_broken_short_of_the_tables_side_still_closes_the_first_header_cell():
    """A fax-like scan broke the left end of Table I's top line into specks: the line found
    starts 16 pt right of the table's side (EDGAR Form 4, InsidersTradeMonitor wf-form4), the
    title column's header cell opened into the address box above, and Table I was lost."""
    rules = [Rule(33.12, 246.24, 759.24, 246.24), Rule(50.04, 267.12, 759.24, 267.12),  # broken at its left
             Rule(34.2, 209.0, 34.2, 450.0), Rule(208.0, 267.12, 208.0, 450.0), Rule(758.9, 209.0, 758.9, 450.0)]
    snapped = cleanup.snap_rule_ends(rules)
    assert Rule(34.2, 267.12, 759.24, 267.12) in snapped
    from extract.grid import cells_from_rules
    assert any(abs(c.x0 - 34.2) < 0.5 and abs(c.x1 - 208.0) < 0.5 and abs(c.top - 267.12) < 0.5
               for c in cells_from_rules(snapped))
    far = [Rule(60.0, 267.12, 300.0, 267.12), Rule(34.2, 209.0, 34.2, 450.0)]  # 26 pt short: a line of its own
    assert cleanup.snap_rule_ends(far) == [far[0], far[1]]


def test_underline_in_a_narrow_cell_is_not_drawn_on_to_its_sides():
    """A faxed Form 5's Table II (0001441683-20-000007, seed 7): the line under '(1)(2)' in the
    43 pt wide Expiration Date cell, 12 pt short of either side, had been drawn on to both as a
    broken border; the cell split in two and the table ended there, its third holding lost.
    Only a long line reaches that far."""
    sides = [Rule(411.48, 156.96, 411.48, 367.38), Rule(455.04, 156.96, 455.04, 367.38)]
    underline = Rule(423.36, 184.14, 448.2, 184.14)
    assert underline in cleanup.snap_rule_ends([underline, *sides])


def test_grey_paper_with_salt_noise_comes_out_white():
    """A copy's paper is grey (215); one white grain of salt noise every few hundred pixels
    passed for the paper's level, so the paper stayed grey and every threshold set for white
    paper (what is print, what tesseract is shown) went wrong on darker copies."""
    rng = np.random.default_rng(0)
    page = np.full((800, 600), 215, np.uint8)
    page[300:330, 100:400] = 100                                  # a line of print
    salt = rng.random(page.shape) < 0.001
    page[salt] = 255
    norm = cleanup.normalize_background(page, DPI)
    assert np.median(norm[500:700, 100:500]) >= 250
    assert norm[310:320, 150:350].mean() < 140


def test_dash_between_words_is_print():
    """'Exhibit 24 -- Power of Attorney': the wide-spaced '--' is a piece of its own, read
    '-_——'; between two words of its line it is print, a double hyphen."""
    words = [_w("24", 278.3, 303.4, 290.0, 311.4), _w("-_——", 293.1, 307.8, 300.6, 309.3, 0.07),
             _w("Power", 304.3, 303.2, 334.5, 311.4),
             _w("-", 360.0, 307.8, 363.0, 309.3, 0.3),   # in the open: a speck
             _w("D", 400, 303, 407, 311)]
    kept = ocr.drop_loose_punctuation(words)
    assert [(w.text, w.x0) for w in kept] == [("24", 278.3), ("--", 293.1), ("Power", 304.3), ("D", 400)]
