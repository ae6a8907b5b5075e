"""Unit tests of the pure functions: value parsing, anchors, cells from ruling lines."""
from __future__ import annotations

import pytest

from extract.grid import Cell, cells_from_rules
from extract.model import Value
from extract.pages import Rule, Word
from extract.reconcile import parse_date, parse_number, take_footnotes
from extract.register import find_anchors

# ---------------------------------------------------------------- parse_date


@pytest.mark.parametrize("text, want", [
    ("06/11/2020", "2020-06-11"),
    ("6/1/2020", "2020-06-01"),
    ("06/11/20", "2020-06-11"),
    ("12/31/99", "1999-12-31"),
    ("2020-06-11", "2020-06-11"),
    (" 06/11/2020 ", "2020-06-11"),
    ("Jun 11, 2020", "2020-06-11"),
    ("11-Jun-2020", "2020-06-11"),
    ("02/29/2020", "2020-02-29"),   # leap year
])
def test_parse_date(text, want):
    assert parse_date(text) == want


@pytest.mark.parametrize("text", [
    "02/30/2020",   # no such day
    "02/29/2019",   # not a leap year
    "13/01/2020",   # no month 13
    "00/10/2020",
    "04/31/2020",
    "2020-13-01",
    "Exercisable",
    "",
    "See Note 1",
])
def test_parse_date_rejects_impossible(text):
    assert parse_date(text) is None


# ---------------------------------------------------------------- parse_number


@pytest.mark.parametrize("text, want", [
    ("$1,234.50", "1234.50"),
    ("1,234", "1234"),
    ("27,484", "27484"),
    ("0", "0"),
    ("$ 12.5", "12.5"),
    ("-3.25", "-3.25"),
    (".5", ".5"),
])
def test_parse_number(text, want):
    assert parse_number(text) == want


@pytest.mark.parametrize("text", ["See Note 1", "", "$", "1.2.3", "12a", "(1)"])
def test_parse_number_rejects_text(text):
    assert parse_number(text) is None


# ---------------------------------------------------------------- take_footnotes


def test_take_footnotes_after_value():
    v = Value("27,484(1)")
    take_footnotes(v)
    assert v.value == "27,484"
    assert v.footnotes == ["F1"]


def test_take_footnotes_alone():
    v = Value("(1)")
    take_footnotes(v)
    assert v.value is None
    assert v.footnotes == ["F1"]
    assert v.empty is False


def test_take_footnotes_several_and_spaced():
    v = Value("Common Stock (2) (10)")
    take_footnotes(v)
    assert v.value == "Common Stock"
    assert v.footnotes == ["F2", "F10"]


def test_two_marks_read_as_one_number_are_two_footnotes_when_that_number_has_none():
    from extract.reconcile import Context
    ctx = Context({"1": "F1", "2": "F2"}, strict=True)
    v = Value("07/01/2020 (12)", confidence=0.95)
    take_footnotes(v, ctx)
    assert v.value == "07/01/2020" and v.footnotes == ["F1", "F2"] and v.confidence < 0.8
    ctx.marks["12"] = "F12"  # a twelfth footnote: the mark is that one
    v = Value("07/01/2020 (12)", confidence=0.95)
    take_footnotes(v, ctx)
    assert v.footnotes == ["F12"]


def test_take_footnotes_no_duplicates_and_keeps_existing():
    v = Value("$5.00(3)(3)", footnotes=["F1"])
    take_footnotes(v)
    assert v.value == "$5.00"
    assert v.footnotes == ["F1", "F3"]


def test_take_footnotes_without_marks_is_untouched():
    v = Value("Class A Common Stock")
    take_footnotes(v)
    assert v.value == "Class A Common Stock"
    assert v.footnotes == []


# ---------------------------------------------------------------- find_anchors


def words_line(texts: list[str], top: float, x: float = 10.0, h: float = 8.0) -> list[Word]:
    """Words laid out left to right on one text line, 5 pt per character plus a space."""
    out = []
    for t in texts:
        w = 5.0 * len(t)
        out.append(Word(t, x, top, x + w, top + h))
        x += w + 4.0
    return out


def test_find_anchors_one_line():
    words = words_line(["1.", "Name", "and", "Address", "of", "Reporting", "Person"], top=100)
    found = find_anchors(words, "Name and Address")
    assert len(found) == 1
    a = found[0]
    assert [w.text for w in a.words] == ["Name", "and", "Address"]
    assert a.x0 == words[1].x0 and a.x1 == words[3].x1
    assert a.top == 100 and a.bottom == 108


def test_find_anchors_ignores_case_spacing_and_dashes():
    words = words_line(["Table", "I", "\u2014", "Non-Derivative", "Securities"], top=50)
    found = find_anchors(words, "table i - non-derivative securities")
    assert len(found) == 1
    assert len(found[0].words) == 5


def test_find_anchors_every_occurrence_top_to_bottom():
    lower = words_line(["Explanation", "of", "Responses:"], top=400)
    upper = words_line(["See", "Explanation", "of", "Responses"], top=200)
    found = find_anchors(lower + upper, "Explanation of Responses")
    assert [a.top for a in found] == [200, 400]


def test_find_anchors_within_one_line_only():
    words = words_line(["Name", "and"], top=100) + words_line(["Address"], top=130)
    assert find_anchors(words, "Name and Address") == []


def test_find_anchors_inside_a_word():
    words = words_line(["(Month/Day/Year)"], top=10)
    found = find_anchors(words, "Day/Year")
    assert len(found) == 1 and found[0].words == (words[0],)


# ---------------------------------------------------------------- cells_from_rules


def grid_rules(xs: list[float], ys: list[float]) -> list[Rule]:
    """A full ruled grid: a horizontal rule at every y, a vertical one at every x."""
    h = [Rule(xs[0], y, xs[-1], y) for y in ys]
    v = [Rule(x, ys[0], x, ys[-1]) for x in xs]
    return h + v


def as_boxes(cells: list[Cell]) -> set[tuple[float, float, float, float]]:
    return {tuple(round(c, 1) for c in cell.bbox) for cell in cells}


def test_cells_from_rules_grid():
    cells = cells_from_rules(grid_rules([0, 100, 250], [0, 20, 50]))
    assert as_boxes(cells) == {(0, 0, 100, 20), (100, 0, 250, 20),
                               (0, 20, 100, 50), (100, 20, 250, 50)}


def test_cells_from_rules_merges_near_duplicate_lines():
    rules = grid_rules([0, 100], [0, 40])
    rules += [Rule(0, 40.8, 100, 40.8), Rule(100.5, 0, 100.5, 40)]  # the same lines drawn twice
    cells = cells_from_rules(rules)
    assert len(cells) == 1
    x0, top, x1, bottom = cells[0].bbox
    assert x0 == pytest.approx(0, abs=1) and top == pytest.approx(0, abs=1)
    assert x1 == pytest.approx(100, abs=1) and bottom == pytest.approx(40, abs=1)


def test_cells_from_rules_spanning_cell():
    # a header cell over two columns: the middle vertical starts at y=20
    rules = [Rule(0, 0, 200, 0), Rule(0, 20, 200, 20), Rule(0, 60, 200, 60),
             Rule(0, 0, 0, 60), Rule(200, 0, 200, 60), Rule(80, 20, 80, 60)]
    assert as_boxes(cells_from_rules(rules)) == {(0, 0, 200, 20), (0, 20, 80, 60), (80, 20, 200, 60)}


def test_cells_from_rules_no_rules():
    assert cells_from_rules([]) == []


def test_cell_contains():
    cell = Cell(10, 20, 110, 40)
    assert cell.contains(50, 30)
    assert cell.contains(110.3, 40.3)  # within the default slack
    assert not cell.contains(5, 30)
    assert cell.area == 2000


def _ink(shape, *boxes):
    """A 0/255 ink mask with filled rectangles (x0, y0, x1, y1)."""
    import numpy as np
    mask = np.zeros(shape, dtype=np.uint8)
    for x0, y0, x1, y1 in boxes:
        mask[y0:y1, x0:x1] = 255
    return mask


def _joined(shape, *rects, small=(), walls=()):
    """_join_lines over pieces that are the filled rectangles (x0, y0, x1, y1), numbered from 1;
    ``small``: the numbers of those found small (punctuation, specks)."""
    from extract.ocr import _join_lines
    boxes = [[*r, frozenset([i]), i in small] for i, r in enumerate(rects, start=1)]
    return _join_lines(_ink(shape, *rects), boxes, walls=list(walls))


def test_underline_under_a_mark_is_found_but_not_a_dash():
    from extract.cleanup import underlines
    # at 72 dpi one pixel is one point: a bracketed mark with its link underline; a dash beside it
    mask = _ink((40, 80), (10, 10, 13, 20), (14, 10, 17, 18), (18, 10, 21, 20), (10, 23, 21, 24),
                (40, 15, 46, 16))
    found = underlines(mask, 72.0)
    assert found[23, 15] and not found[15, 42] and not found[15, 11]


def test_raised_mark_is_split_from_its_value():
    from extract.ocr import _split_superscript
    # at 4 px per point: 'S' 24 px tall, then '(1)' ending 9 px above its baseline
    s = (4, 11, 20, 35)
    mark = [(22, 1, 26, 26), (33, 2, 41, 21), (45, 1, 49, 26)]
    mask = _ink((40, 60), s, *mark)
    parts = frozenset([1])
    value, raised = _split_superscript(mask, [0, 0, 60, 40, parts, False])
    assert value[2] == 22 and raised[:2] == [22, 1] and raised[4] == parts


def test_lower_case_after_a_descender_is_not_a_mark():
    from extract.ocr import _split_superscript
    # 'pa': the 'a' ends above the 'p', which goes below the line, and is not bracketed
    mask = _ink((40, 60), (4, 10, 14, 34), (18, 10, 28, 26))
    assert len(_split_superscript(mask, [0, 0, 60, 40, frozenset([1]), False])) == 1


def test_pieces_on_one_line_join_but_not_across_a_rule_or_a_raised_mark():
    from extract.ocr import _join_lines
    # '10/1' '7' (wide serif gap) join; '(1)' raised beside them and text beyond a wall do not
    mask = _ink((40, 200), (0, 10, 40, 30), (44, 10, 52, 30), (54, 2, 62, 18), (120, 10, 150, 30))
    boxes = [[0, 10, 40, 30, frozenset([1]), False], [44, 10, 52, 30, frozenset([2]), False],
             [54, 2, 62, 18, frozenset([3]), False], [120, 10, 150, 30, frozenset([4]), False]]
    joined = _join_lines(mask, boxes, walls=[100])
    assert [b[:5] for b in joined] == [[0, 10, 52, 30, frozenset([1, 2])], [54, 2, 62, 18, frozenset([3])],
                                       [120, 10, 150, 30, frozenset([4])]]


def test_blurred_comma_joins_its_word_but_a_raised_mark_as_small_does_not():
    from extract.ocr import _join_lines
    # at 4 px per point: 'Moderna' (x-height 20 px) then a comma grown by blur to over half that
    # height, hanging below the line; a bracketed mark as small but raised stays apart
    mask = _ink((60, 200), (0, 10, 60, 40), (62, 28, 68, 46), (110, 10, 160, 40), (162, 0, 170, 18))
    boxes = [[0, 10, 60, 40, frozenset([1]), False], [62, 28, 68, 46, frozenset([2]), False],
             [110, 10, 160, 40, frozenset([3]), False], [162, 0, 170, 18, frozenset([4]), False]]
    joined = _join_lines(mask, boxes, walls=[])
    assert [b[4] for b in joined] == [frozenset([1, 2]), frozenset([3]), frozenset([4])]


def test_faint_full_stop_of_a_few_pixels_stays_only_where_a_stop_goes():
    from extract.cleanup import stray_specks
    # 200 dpi: a digit 14 px tall; a 2x2 px stop on its baseline 8 px after it; the same dot
    # level with the digit's middle, and one out in the open
    mask = _ink((80, 120), (20, 20, 30, 34), (38, 32, 40, 34), (60, 20, 70, 34), (78, 26, 80, 28),
                (90, 60, 92, 62))
    specks = stray_specks(mask, 200.0)
    assert not specks[33, 39] and specks[27, 79] and specks[61, 91]


def test_statement_phrase_counts_only_as_a_line_of_its_own():
    from extract.fill import stands_alone
    from extract.register import find_anchors
    def ocr_line(texts, top):
        return [Word(w.text, w.x0, w.top, w.x1, w.bottom, 0.96) for w in words_line(texts, top)]

    reminder = ocr_line(["Report", "each", "class", "of", "securities", "beneficially", "owned", "directly"], 40.0)
    statement = ocr_line(["No", "securities", "beneficially", "owned"], 80.0)
    lines = [reminder, statement]
    found = find_anchors(reminder + statement, "No securities beneficially owned", lines)
    assert len(found) == 2  # OCR'd words: 'of' is two misread letters from 'No'
    assert [stands_alone(a, lines) for a in found] == [False, True]


def test_ocr_header_tolerates_misread_letters_but_not_another_number():
    import regex
    from extract.fuzzy import approximate
    # Table I's '3. Ownership Form' and Table II's '5. Ownership Form' differ only by the number
    table1 = approximate(regex.compile(r"^3\.\s*Ownership"))
    assert table1.search("3. Ownershlp Form") and table1.search("|3. Ownership")
    assert not table1.search("5. Ownership Form")
    title = approximate(regex.compile(r"^1\.\s*Title of Security"))
    assert title.search("l. Title of Securlty")  # '1' read as 'l'


def test_glyphs_of_an_empty_box_are_none():
    from extract.ocr import _glyphs
    # a word's box squeezed to nothing (0001387467-25-000038, fax): OpenCV crashed on the empty crop
    mask = _ink((30, 60), (10, 5, 16, 15))
    assert _glyphs(mask, [20, 10, 20, 25]) == [] and _glyphs(mask, [-3, 0, 30, 30]) == [(10, 5, 6, 10)]


def test_typewritten_word_split_by_ocr_is_joined_but_proportional_words_are_not():
    from extract.ocr import _join_split_words
    # 72 dpi, 1 px = 1 pt.  Typewriter: letters 6 pt wide in 10 pt cells; tesseract split 'Al|timmune'
    typed = _ink((30, 200), *[(x, 5, x + 6, 15) for x in range(0, 90, 10)])
    words = [Word("Al", 0, 5, 16, 15, 0.9), Word("timmune", 20, 5, 86, 15, 0.9)]
    assert [w.text for w in _join_split_words(words, typed, 72.0)] == ["Altimmune"]
    # proportional print: letters of uneven widths, a 4 pt word space
    widths = [3, 8, 5, 6, 9, 4, 7, 5, 6]
    boxes, x = [], 0
    for k, wd in enumerate(widths):
        boxes.append((x, 5, x + wd, 15))
        x += wd + (4 if k == 2 else 1)
    mask = _ink((30, 200), *boxes)
    words = [Word("abc", 0, 5, boxes[2][2], 15, 0.9), Word("defghi", boxes[3][0], 5, boxes[-1][2], 15, 0.9)]
    assert len(_join_split_words(words, mask, 72.0)) == 2


def test_typewritten_letter_read_twice_is_one_letter_but_a_real_double_stays():
    from extract.ocr import _undouble_typed_letters
    # 72 dpi, letters 6 pt wide in 10 pt cells: 'Series C Stock' read 'Series Cc Stock'; 'Allen' fills five cells
    cells = [0, 10, 20, 30, 40, 50, 70, 90, 100, 110, 120, 130, 150, 160, 170, 180, 190]
    mask = _ink((30, 220), *[(x, 5, x + 6, 15) for x in cells])
    words = [Word("Series", 0, 5, 56, 15, 0.9), Word("Cc", 70, 5, 76, 15, 0.9), Word("Stock", 90, 5, 136, 15, 0.9),
             Word("Allen", 150, 5, 196, 15, 0.9)]
    got = _undouble_typed_letters(words, mask, 72.0)
    assert [w.text for w in got] == ["Series", "C", "Stock", "Allen"] and got[1].confidence < 0.9
    # a 'C' read 'CG' (one cell) is the first letter, a guess; 'IN' in two cells stays
    words[1] = Word("CG", 70, 5, 76, 15, 0.9)
    words[2:] = [Word("IN", 90, 5, 106, 15, 0.9), Word("ock", 110, 5, 136, 15, 0.9), words[3]]
    got = _undouble_typed_letters(words, mask, 72.0)
    assert [w.text for w in got] == ["Series", "C", "IN", "ock", "Allen"] and got[1].confidence <= 0.7


@pytest.mark.parametrize("raw, want", [("Odgers David Car1", "Odgers David Carl"), ("Ho1dings", "Holdings"),
                                       ("Class B1 Preferred", "Class B1 Preferred"), ("10b5-1(c)", "10b5-1(c)"),
                                       ("interest 1n shares", "interest in shares"), ("Rule 1s", "Rule is"),
                                       ("Note 1", "Note 1"), ("1st lien", "1st lien"),
                                       ("Valor _1V Pharma", "Valor IV Pharma"), ("Capital [V LLC", "Capital IV LLC"),
                                       ("Associates |V,", "Associates IV,"), ("Form 4V", "Form 4V")])
def test_one_or_zero_among_small_letters_is_the_letter(raw, want):
    from extract.model import Value
    from extract.reconcile import rule_letters_read_as_digits
    v = Value(raw, confidence=0.95)
    rule_letters_read_as_digits(v)
    assert v.value == want and (v.confidence <= 0.9) == (raw != want)


def _form5_page(source: str):
    from extract.pages import Page
    lines = [["FORMS"], ["ANNUAL", "STATEMENT", "OF", "CHANGES", "IN", "BENEFICIAL", "OWNERSHIP"],
             ["Form", "3", "Holdings", "Reported"], ["Form", "4", "Transactions", "Reported"],
             ["SEC", "2270", "(9-02)"]]
    words = [w for i, line in enumerate(lines) for w in words_line(line, top=20.0 + 20 * i)]
    return Page(1, 792, 612, words, [], [], source=source)


def test_scan_with_one_detect_phrase_misread_finds_its_form():
    from extract.layout import load_layouts
    from extract.register import detect_layout
    # 'FORM 5' read 'FORMS'; 'FORM 3' and 'FORM 4' are printed in the box labels of Form 5
    assert detect_layout([_form5_page("ocr")], load_layouts()).name == "edgar-form5"


def test_text_layer_needs_every_detect_phrase():
    from extract.errors import UnrecognizedForm
    from extract.layout import load_layouts
    from extract.register import detect_layout
    with pytest.raises(UnrecognizedForm):
        detect_layout([_form5_page("text")], load_layouts())


def test_punctuation_word_is_kept_between_two_words_of_its_line_and_dropped_alone():
    from extract.ocr import drop_loose_punctuation
    # typed 'Exhibit 24.1 - Power' (every word its own piece); a lone '-' and a '.' after a
    # line's last word, and a '-' far from its neighbours
    words = [Word("24.1", 0, 0, 24, 7, 0.9), Word("-", 30, 3, 34, 4, 0.9), Word("Power", 40, 0, 70, 7, 0.9),
             Word(".", 80, 5, 81, 7, 0.9), Word("-", 0, 20, 4, 21, 0.9),
             Word("Amount", 0, 40, 40, 47, 0.9), Word("-", 60, 43, 64, 44, 0.9), Word("Price", 90, 40, 120, 47, 0.9),
             Word("Holdings", 0, 60, 48, 67, 0.9), Word(",", 50, 65, 52, 68, 0.9), Word("LLC", 60, 60, 78, 67, 0.9),
             Word("10/F", 0, 80, 24, 87, 0.9), Word(",", 26, 85, 28, 88, 0.9),
             Word("Exhibit", 0, 100, 30, 107, 0.9), Word("_", 36, 103, 40, 104, 0.5), Word("Power", 46, 100, 70, 107, 0.9)]
    assert [w.text for w in drop_loose_punctuation(words)] == ["24.1", "-", "Power", "Amount", "Price",
                                                               "Holdings,", "LLC", "10/F,", "Exhibit", "-", "Power"]


def test_a_speck_read_after_a_lines_last_word_but_left_of_it_is_not_joined_to_it():
    """Reading order puts a comma-like speck low on a line after the line's last word wherever
    it stands: joined to '(BCLI)' 166 pt to its right, the word got a box ending before it began
    and fell out of the issuer's box (a harsh fax scan of 0001104659-20-103937, page 1, as read)."""
    from extract.ocr import drop_loose_punctuation
    words = [Word("(Month/Day/Year)", 199.67, 205.17, 271.34, 214.66, 0.82),
             Word("(BCLI)", 308.88, 206.64, 343.08, 217.44, 0.05),
             Word(",", 142.23, 217.28, 143.08, 218.55, 0.5),
             Word("09/08/2020", 198.36, 215.28, 253.80, 226.80, 0.96)]
    kept = drop_loose_punctuation(words)
    assert [(w.text, w.x0, w.x1) for w in kept][:2] == [("(Month/Day/Year)", 199.67, 271.34), ("(BCLI)", 308.88, 343.08)]
    assert all(w.x1 > w.x0 for w in kept)


def test_a_horizontal_rule_broken_between_two_sides_is_one_rule():
    """The line under the Reporting Owners header of a harsh fax scan (0001567619-20-008697,
    page 2), broken 6 pt wide by the fax's light threshold: the header cell opened into the
    owner's row and the table was not found.  The rules as found there."""
    from extract.cleanup import bridge_horizontal_gaps
    from extract.pages import Rule
    rules = [Rule(33.48, 264.06, 427.68, 264.06), Rule(207.0, 280.62, 427.68, 280.62),
             Rule(33.48, 298.62, 174.24, 298.62), Rule(180.36, 298.62, 427.68, 298.62),
             Rule(33.84, 263.88, 33.84, 343.44), Rule(207.36, 263.88, 207.36, 343.44),
             Rule(246.06, 280.08, 246.06, 343.44), Rule(299.16, 280.08, 299.16, 343.44),
             Rule(398.16, 280.08, 398.16, 343.44), Rule(426.6, 263.16, 426.6, 343.44)]
    bridged = bridge_horizontal_gaps(rules)
    assert Rule(33.48, 298.62, 427.68, 298.62) in bridged and len(bridged) == len(rules) - 1
    # underlines ending in the open (a signature's, a date's) stay apart; so does a line broken
    # where a column's side stands in the gap
    apart = [Rule(30, 420, 250, 420), Rule(256, 420, 380, 420),
             Rule(30, 500, 200, 500), Rule(206, 500, 400, 500), Rule(30, 490, 30, 510),
             Rule(203, 490, 203, 510), Rule(400, 490, 400, 510)]
    assert sorted(bridge_horizontal_gaps(apart), key=lambda r: (r.top, r.x0)) == sorted(
        apart, key=lambda r: (r.top, r.x0))


def _ocr_record(words):
    from extract.model import Record, Value
    from extract.pages import Page
    page = Page(1, 612, 792, words, [], [], source="ocr")
    text = " ".join(w.text for w in words)
    record = Record(source="x", layout="x", pages=1)
    record.document["remarks"] = Value(text, page=1, bbox=(0, 0, 612, 20), source=text, confidence=1.0)
    return record, page


def test_ocr_value_takes_its_weakest_word_and_a_long_text_is_flagged():
    from extract.pages import Word
    from extract.scan import LONG_OCR_TEXT, UNSURE_OCR, flag_unsure
    short = [Word(t, 10 * i, 5, 10 * i + 8, 15, c) for i, (t, c) in enumerate([("See", 0.96), ("Remarks", 0.93)])]
    record, page = _ocr_record(short)
    flag_unsure(record, [page])
    v = record.document["remarks"]
    assert v.confidence == 0.93 and not v.flags
    long = [Word("word", 10 * i, 5, 10 * i + 8, 15, 0.96) for i in range(LONG_OCR_TEXT + 1)]
    record, page = _ocr_record(long)
    flag_unsure(record, [page])
    v = record.document["remarks"]
    assert v.flags and v.confidence < UNSURE_OCR


def test_on_a_rough_scan_a_fairly_sure_word_is_flagged_too():
    from extract.pages import Word
    from extract.scan import UNSURE_OCR, UNSURE_ON_ROUGH, flag_unsure
    words = [Word("See", 0, 5, 8, 15, 0.96), Word("Remarks", 10, 5, 18, 15, 0.93),  # the remarks box
             Word("ACME", 0, 45, 30, 55, 0.6), Word("Corp", 40, 45, 70, 55, 0.96)]  # the issuer's, unsure
    record, page = _ocr_record(words)
    record.document["issuerName"] = Value("ACME Corp", page=1, bbox=(0, 45, 70, 55), source="ACME Corp")
    flag_unsure(record, [page])  # half the values read have a word under UNSURE_OCR
    v = record.document["remarks"]
    assert UNSURE_OCR <= v.confidence < UNSURE_ON_ROUGH and "rough scan" in v.flags[0]


def test_vertical_rule_broken_in_mid_air_is_bridged_but_not_at_a_drawn_border():
    from extract.cleanup import bridge_vertical_gaps
    from extract.pages import Rule
    rules = [Rule(100, 28, 100, 66), Rule(100, 78, 100, 123),   # broken where no border is drawn
             Rule(200, 28, 200, 66), Rule(200, 78, 200, 123),   # broken at a drawn border
             Rule(150, 78, 250, 78), Rule(90, 65, 210, 65),
             Rule(300, 28, 300, 66.7), Rule(300, 88.3, 300, 123),  # a row border lost: 21.6 pt
             Rule(350, 28, 350, 40), Rule(350, 80, 350, 123),      # 40 pt apart: two lines
             Rule(380, 40, 480, 40), Rule(420, 51.8, 420, 123),    # hanging from a spanning header
             # a corner under another line's end (a cell under a header cut by a page break,
             # EDGAR clean300 0001213900-20-017491's owners): one border; under a line that
             # goes on past it, a border of its own
             Rule(500, 35.4, 600, 35.4), Rule(600, 44.6, 700, 44.6), Rule(600, 44.6, 600, 123),
             Rule(700, 35.4, 800, 35.4), Rule(750, 44.6, 850, 44.6), Rule(750, 44.6, 750, 123)]
    verticals = sorted((r.x0, r.top, r.bottom) for r in bridge_vertical_gaps(rules) if not r.horizontal)
    assert verticals == [(100, 28, 123), (200, 28, 66), (200, 78, 123), (300, 28, 123), (350, 28, 40),
                         (350, 80, 123), (420, 40, 123), (600, 35.4, 123), (750, 44.6, 123)]


def test_small_print_after_a_big_label_is_not_punctuation():
    # 'Symbol' printed 40 px tall, then a value typed small (18 px) and wide: its own piece
    # at its own scale; a flat dash and a stop as small still join the line
    joined = _joined((60, 400), (0, 10, 60, 50), (64, 26, 160, 44), (200, 10, 260, 50), (262, 30, 290, 33),
                     (292, 10, 330, 50), (332, 44, 336, 50), small={4, 6})
    assert [b[4] for b in joined] == [frozenset([1]), frozenset([2]), frozenset([3, 4, 5, 6])]


def test_thin_strokes_hanging_on_print_come_back_but_lone_noise_does_not():
    import numpy as np
    from extract.cleanup import binarize, with_thin_strokes
    # 300 dpi: a stem 3 px wide with a bar 1 px thick off its top (the bar of a small typed
    # 'P', which a 3-pixel median erases); a lone pixel of noise and a 1-px line far from print
    gray = np.full((80, 120), 255, np.uint8)
    gray[20:40, 20:23] = 30      # stem
    gray[20, 23:30] = 60         # bar
    gray[60, 80] = 30            # noise pixel
    gray[70, 60:75] = 60         # a hairline alone
    plain = binarize(gray, 300.0)
    kept = with_thin_strokes(gray, plain, 300.0)
    assert plain[20, 26] == 0 and kept[20, 26] == 255
    assert kept[25, 21] == 255
    assert kept[60, 80] == 0 and kept[70, 65] == 0


def test_mark_run_into_its_label_is_split_off():
    from extract.ocr import split_glued_marks
    words = [Word("-__X__Director", 519.0, 235.0, 575.0, 243.0, 0.44), Word("_X__10%", 637.0, 235.0, 665.0, 243.0, 0.7),
             Word("Xerox", 700.0, 235.0, 720.0, 243.0, 0.9), Word("X", 730.0, 235.0, 734.0, 243.0, 0.9)]
    out = split_glued_marks(words)
    assert [w.text for w in out] == ["-__X__", "Director", "_X__", "10%", "Xerox", "X"]
    assert out[0].x1 == out[1].x0 and 519.0 < out[0].x1 < 575.0 and out[1].confidence == 0.44


def test_no_mark_is_as_sure_as_its_label_was_read():
    from extract.fill import mark_before
    from extract.register import Anchor
    label = Word("Director", 540.0, 235.0, 575.0, 243.0, 0.44)
    v = mark_before([Word("=", 510.0, 235.0, 514.0, 243.0, 0.3), label], Anchor((label,)), 40.0, 1)
    assert v.value == "0" and v.confidence == 0.44
    clean = Word("Director", 540.0, 235.0, 575.0, 243.0, 1.0)
    assert mark_before([clean], Anchor((clean,)), 40.0, 1).confidence == 1.0
    sure = Word("Director", 540.0, 235.0, 575.0, 243.0, 0.96)
    odd = mark_before([Word("X7%", 510.0, 235.0, 520.0, 243.0, 0.96), sure], Anchor((sure,)), 40.0, 1)
    assert odd.value == "0" and odd.confidence == 0.5  # an X there, in no shape of a mark (a digit stuck to it)


def test_weak_shelf_is_read_again_alone_and_the_surer_reading_kept(monkeypatch):
    import numpy as np
    from extract import ocr
    placed = [ocr.Piece(0, 0, 100, 20, 1.0, 24, 24), ocr.Piece(200, 0, 100, 20, 1.0, 200, 24),
              ocr.Piece(0, 50, 100, 20, 1.0, 24, 68)]
    assert ocr._shelves(placed) == [(24, 44), (68, 88)]
    montage = np.full((112, 400), 255, np.uint8)
    in_montage = [("Stock", 24, 26, 60, 16, 0.96), ("(3)", 100, 26, 20, 16, 0.3),  # first shelf: sure enough
                  ("ClassB", 24, 70, 80, 16, 0.0), ("§$20", 200, 70, 80, 16, 0.4)]  # second: weak
    seen = []

    def alone(image, settings, extra=""):
        seen.append(image.shape)
        return [("Class", 24, 26, 40, 16, 0.95), ("B", 70, 26, 10, 16, 0.93), ("$20", 200, 26, 60, 16, 0.9)]

    monkeypatch.setattr(ocr, "_tesseract_words", alone)
    words = ocr._reread_weak_shelves(montage, placed, in_montage, ocr.DEFAULT_OCR)
    assert seen == [(68, 400)]  # the weak shelf with its gutters, once
    assert sorted(w[0] for w in words) == ["$20", "(3)", "B", "Class", "Stock"]
    assert next(w for w in words if w[0] == "Class")[2] == 70  # back at the shelf's height in the montage


def test_comma_after_a_stop_is_print_but_a_speck_farther_on_is_not():
    from extract.cleanup import stray_specks
    # 300 dpi (4.17 px/pt): a 'P' 30 px tall; its stop just after it; a comma half a cell
    # after the stop, out of the P's reach (4.5 pt = 19 px) but in the stop's; a speck
    # three cells on, past the comma's reach, on the same baseline
    mask = _ink((80, 200), (10, 20, 28, 50), (38, 44, 44, 50), (56, 44, 62, 52), (130, 44, 136, 50))
    specks = stray_specks(mask, 300.0)
    assert not specks[47, 41] and not specks[50, 59] and specks[47, 133]


def test_dash_typed_a_space_away_joins_the_line_but_a_speck_there_does_not():
    # '24.1' 28 px tall, then a flat dash 20 px on (a Courier word space), and 'Power' 20 px
    # after it; on a second line a blot as far off stays out
    joined = _joined((120, 300), (0, 10, 50, 38), (70, 22, 90, 26), (110, 10, 170, 38),
                     (0, 70, 50, 98), (70, 80, 78, 88), small={2, 5})
    assert {b[4] for b in joined} == {frozenset([1, 2]), frozenset([3]), frozenset([4])}


def test_apostrophe_a_gap_from_its_letters_joins_the_word_but_a_mark_stays_apart():
    # Courier 'Issuer's': the apostrophe (narrow, raised) and the 's' each sit a wide gap
    # from their neighbours; a raised mark as narrow with nothing after it stays apart
    joined = _joined((80, 300), (0, 10, 60, 30), (66, 10, 68, 21), (73, 14, 83, 30),
                     (0, 50, 60, 70), (66, 50, 68, 61))
    assert {b[4] for b in joined} == {frozenset([1, 2, 3]), frozenset([4]), frozenset([5])}


def test_mark_read_over_a_word_is_a_speck():
    from extract.ocr import drop_loose_punctuation
    # a fax's big i-dot over 'in' read as '*' on its own; a '*' after a word stays
    words = [Word("Attorney", 117.0, 460.0, 156.0, 468.0, 0.93), Word("in", 159.0, 460.8, 168.0, 467.3, 0.91),
             Word("*", 159.0, 458.3, 163.0, 460.8, 0.71), Word("fact", 171.0, 460.0, 188.0, 468.0, 0.96),
             Word("Person", 200.0, 460.0, 230.0, 468.0, 0.96), Word("*", 232.0, 459.0, 236.0, 463.0, 0.9)]
    assert [w.text for w in drop_loose_punctuation(words)] == ["Attorney", "in", "fact", "Person", "*"]


def test_a_cut_headers_last_line_in_the_first_row_is_not_its_value():
    """EDGAR candlechaser Form 4 scanned: Table II's header cut by the page break leaves
    '(Instr. 4)' overleaf, joined to the first row's cells where the border under it was lost."""
    from extract.fill import PageView, read_row
    from extract.grid import Cell
    from extract.layout import load_layouts
    from extract.pages import Page
    layouts = {lay.name: lay for lay in load_layouts()}
    table2 = next(t for t in layouts["edgar-form5"].tables if t.name == "table2")  # inherited from Form 4
    assert table2.labels == next(t for t in layouts["edgar-form4"].tables if t.name == "table2").labels
    column = next(j for j, c in enumerate(table2.columns) if c.field == "sharesOwnedFollowingTransaction")
    words = [Word("(Instr.", 626, 41, 650, 48, 0.93), Word("4)", 652, 41, 660, 48, 0.9),
             Word("150,000", 626, 67, 660, 76, 0.96)]
    view = PageView(Page(2, 792, 612, words, [], [], source="ocr"))
    values, _ = read_row(table2, [(view, {column: Cell(620, 38, 670, 90)})])
    assert values["sharesOwnedFollowingTransaction"].value == "150,000"
    words[0] = Word("Class", 626, 41, 650, 48, 0.93)  # not a label: the cell's text stays whole
    values, _ = read_row(table2, [(PageView(Page(2, 792, 612, words, [], [], source="ocr")),
                                   {column: Cell(620, 38, 670, 90)})])
    assert values["sharesOwnedFollowingTransaction"].value == "Class 4) 150,000"


def test_a_bad_label_regex_is_a_layout_error():
    from extract.errors import LayoutError
    from extract.layout import parse_layout
    data = {"name": "x", "form": "4", "detect": "FORM 4", "header_labels": ["(Instr. 4"],
            "tables": [{"name": "t", "kinds": ["ndTx"], "columns": [{"header": "^Title", "field": "securityTitle"}]}]}
    with pytest.raises(LayoutError, match=r"tables\[0\]: bad regex"):
        parse_layout(data, "x.yaml")


def test_other_labels_of_a_box_are_for_cells_only():
    """`also` finds a box by another label printed in it: the box is the label's ruled cell,
    which only region `cell` reads."""
    from extract.errors import LayoutError
    from extract.layout import parse_layout
    field = {"name": "officerTitle", "anchor": "Other (specify below)", "region": "below", "also": ["10% Owner"]}
    with pytest.raises(LayoutError, match=r"fields\[0\]: also is for region cell only"):
        parse_layout({"name": "x", "form": "4", "detect": "FORM 4", "fields": [field]}, "x.yaml")
