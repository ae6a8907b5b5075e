"""Typed paper forms received by fax (issue 4): table rows and the values in their cells, on
pages and values as OCR read them from real scans (tests/fixtures/ocr-pages/)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.fill import PageView, fill_table
from extract.layout import load_layouts
from extract.model import Record, Value
from extract.pages import Page, Rule, Word

PAGES = Path(__file__).resolve().parent / "fixtures" / "ocr-pages"


def ocr_page(name: str) -> Page:
    d = json.loads((PAGES / name).read_text())
    return Page(d["number"], d["width"], d["height"], [Word(*w) for w in d["words"]],
                [Rule(*r) for r in d["rules"]], [tuple(b) for b in d["ink"]], d["source"], d.get("bilevel", False))


def table(layout: str, name: str):
    lay = next(lay for lay in load_layouts() if lay.name == layout)
    return next(t for t in lay.tables if t.name == name)


def rows_of(layout: str, name: str, *pages: str) -> Record:
    record = Record(source=pages[0], layout=layout, pages=len(pages))
    fill_table([PageView(ocr_page(p)) for p in pages], table(layout, name), record)
    return record


# ---------------------------------------------------------------- rows

def test_statement_read_with_misread_letters_is_no_holding():
    """'No securities beneficially owned' typed across Table I of a paper Form 3, read
    'No securities benefigially owned' on a fax (0001104659-20-103937): the statement behind
    noSecuritiesOwned, not a holding titled so."""
    record = rows_of("paper-form3", "table1", "0001104659-20-103937-p1.json")
    assert record.rows == []


def test_row_of_one_speck_is_no_row():
    """Empty ruled rows of a faxed Form 3 where one speck each was read: '*' in Table I's
    shares column on its continuation page (a dot 2 pt high), ':' in Table II's title column
    (0001104659-20-103937); neither is a holding.  The record says what was left out."""
    for name, pages, speck in (("table1", ("0001104659-20-103937-p1.json", "0001104659-20-103937-p2.json"), "'*'"),
                               ("table2", ("0001104659-20-103937-p3.json",), "':'")):
        record = rows_of("paper-form3", name, *pages)
        assert record.rows == []
        assert any(speck in w and "specks" in w for w in record.warnings)


def test_a_real_sparse_row_stays():
    """The same row with a typed value beside the speck is a row: only rows made of nothing
    but specks go."""
    page = ocr_page("0001104659-20-103937-p3.json")
    speck = next(w for w in page.words if w.text == ":")
    page.words.append(Word("D", speck.x0 + 300, speck.top - 2, speck.x0 + 305, speck.top + 3.5, 0.9))
    record = Record(source="x", layout="paper-form3", pages=1)
    fill_table([PageView(page)], table("paper-form3", "table2"), record)
    assert len(record.rows) == 1


@pytest.mark.parametrize("height, kept", [(2.2, False), (5.5, True)])
def test_speck_is_told_by_its_size_against_the_page_print(height, kept):
    """A '7' read from a dot 2.2 pt high on a page whose words are 7-9 pt high is a speck; a
    '7' as tall as the typed capitals (5.5 pt) is print (0001012975-17-000759, page 3)."""
    from extract.fill import is_speck
    page = ocr_page("0001104659-20-103937-p3.json")
    word = Word("7", 100.0, 300.0, 102.5, 300.0 + height, 0.5)
    assert is_speck(word, PageView(page)) is not kept


def test_misread_sub_header_is_found_between_its_neighbours():
    """Table I's sub-header 'Amount' read 'Anwunt' (0001387467-25-000038, page 2): the label was
    then found as the word 'Amount' in '5. Amount of Securities Beneficially Owned', and the
    shares column read column 5's cell, so the shares owned after the transaction were given
    as the shares traded.  A column lies between its neighbours and outside their headers;
    there, its header cell may be misread a little more."""
    record = rows_of("paper-form4", "table1", "0001387467-25-000038-p2.json")
    traded = [r.fields["transactionShares"].source for r in record.rows]
    after = [r.fields["sharesOwnedFollowingTransaction"].source for r in record.rows]
    assert traded[0] == "10,000 (1)" and len(traded) == 4
    assert not set(traded) & set(after)


def test_column_misread_beyond_tolerance_is_not_taken_from_a_later_header():
    """Table II's sub-header '(D)' read '(Dy' (0001209191-20-016902, page 3): the '(D)' of
    '10. Ownership Form ... Direct (D) or Indirect (I)' was taken for it, so the ownership
    column's 'D' became a disposal of shares and the shares acquired were lost."""
    record = rows_of("paper-form4", "table2", "0001209191-20-016902-p3.json")
    first = record.rows[0].fields
    assert first["transactionShares"].source == "3,474"
    assert first["transactionAcquiredDisposedCode"].value == "A"
    assert first["directOrIndirectOwnership"].source == "D"


def test_a_speck_in_the_margin_does_not_hide_the_footnote_numbers():
    """A speck in the page's left margin read '%' among the footnotes of a faxed Form 4
    (0001209191-20-013621, page 3; words as read, each line's first three): it set the margin,
    so no '1.' stood at it and all four footnotes were lost."""
    from extract.fill import section_items
    rows = [[("1.", 72.7, 472.6, 79.7, 478.1, 0.59), ("Thy", 86.5, 472.2, 100.5, 479.3, 0.74),
             ("shures", 105.9, 472.5, 133.7, 478.3, 0.88)],
            [("2.,", 72.8, 481.4, 81.5, 487.8, 0.36), ("This", 85.5, 481.0, 104.9, 488.2, 0.95),
             ("transaction", 111.2, 481.4, 163.1, 487.3, 0.95)],
            [("average", 86.6, 491.7, 119.6, 497.2, 0.82), ("sale", 124.4, 490.0, 143.6, 496.8, 0.93),
             ("price.", 148.8, 490.5, 175.6, 497.3, 0.95)],
            [("%", 9.2, 505.6, 11.9, 507.8, 0.66)],
            [("3.", 72.9, 508.6, 79.7, 514.1, 0.93), ("Certain", 86.6, 508.4, 119.8, 514.3, 0.95),
             ("of", 125.1, 508.4, 133.6, 514.1, 0.96)],
            [("4.", 72.6, 526.0, 79.9, 531.7, 0.8), ("This", 86.6, 526.2, 105.1, 531.8, 0.96),
             ("transaction", 111.1, 526.4, 163.0, 532.0, 0.91)]]
    lines = [(3, [Word(*w) for w in row]) for row in rows]
    items = section_items(lines, r"^(\d+)\.$", "top")
    assert [i[0] for i in items] == ["1", "2", "3", "4"]
    assert all("%" not in " ".join(w.text for ln in i[2] for w in ln) for i in items)


def test_a_speck_opening_a_footnote_line_does_not_set_the_margin():
    """A speck left of the footnotes of a faxed Form 4 read '%' at the start of a line of
    footnote 1 (0001127602-20-014621, page 3, x 57 pt; the marks stand at 73 pt): it set the
    margin, so no mark stood at it and footnotes 1-3 were lost.  Outside the text's column, a
    word without letters or digits is no part of the note either."""
    from extract.fill import fill
    lay = next(lay for lay in load_layouts() if lay.name == "paper-form4")
    record = fill(lay, [ocr_page("0001127602-20-014621-p3.json")], "x")
    notes = {f.id: f.text.value for f in record.footnotes}
    assert list(notes) == ["F1", "F2", "F3"]
    assert notes["F1"].startswith("The price reported") and "%" not in notes["F1"]
    assert notes["F2"].startswith("The price reported") and notes["F3"].startswith("Repreaents")


def test_first_footnote_whose_mark_was_not_read():
    """Footnote 1 of a faxed Form 4 (0001104659-20-118685, page 3), its only one: the '1.' broke
    into specks and no word came from it, so the note had no mark and was lost.  Text before
    the first mark read (here none) is footnote 1, flagged; a few specks are not.  A word shaped
    like a mark opening it is its mark misread."""
    from extract.fill import fill, section_items
    lay = next(lay for lay in load_layouts() if lay.name == "paper-form4")
    record = fill(lay, [ocr_page("0001104659-20-118685-p3.json")], "x")
    assert [f.id for f in record.footnotes] == ["F1"]
    assert record.footnotes[0].text.value.startswith("As described in the issuer")
    assert record.footnotes[0].text.flags
    # '1.' read 'i.' surely before '2.' and '3.' (0001012975-17-000759, page 3): its mark, no text
    record = fill(lay, [ocr_page("0001012975-17-000759-p3.json")], "x")
    assert [f.id for f in record.footnotes] == ["F1", "F2", "F3"]
    assert record.footnotes[0].text.value.startswith("Redmont VAXN Capital Holdings, LLC")
    specks = [(3, [Word("ee", 86, 533, 90, 536, 0.3), Word("Ml", 100, 533, 104, 536, 0.2)])]
    assert section_items(specks, r"^(\d+)\.$", "top") == []


# ---------------------------------------------------------------- box 5

def cover(name: str, without=lambda w: False) -> dict:
    from extract.fill import fill
    lay = next(lay for lay in load_layouts() if lay.name == "paper-form4")
    page = ocr_page(name)
    page.words = [w for w in page.words if not without(w)]
    return fill(lay, [page], name).owners[0].fields


def test_label_does_not_take_a_letter_from_the_next_box():
    """Box 3's number '3.' read on the line above (0001127602-20-014621, page 1): the label
    '3.Date of Earliest Transaction' was matched with the last letter of the owner's name
    'SCHLAGETER' typed in box 1 for its '3', stretched over both boxes and read box 1 for the
    date.  A word at a label's end that gave it under half its letters is no part of it."""
    from extract.fill import fill
    from extract.reconcile import reconcile
    lay = next(lay for lay in load_layouts() if lay.name == "paper-form4")
    view = PageView(ocr_page("0001127602-20-014621-p1.json"))
    label = view.anchors("3.Date of Earliest Transaction")[0]
    assert [w.text for w in label.words] == ["Date", "of", "Earliest", "Transaction"]
    record = reconcile(fill(lay, [view.page], "x"))
    assert record.document["periodOfReport"].value == "2020-04-27"
    assert record.owners[0].fields["rptOwnerName"].value.startswith("SCHLAGETER")


def test_label_read_with_its_middle_word_garbled_is_found_by_its_ends():
    """'Other (specify below)' read 'Other (xpecrly below)' (0001127602-20-014621, page 1):
    three letters wrong in a label too short for three; the officer's title typed under it was
    lost.  Its first and last words read right, the one between near enough."""
    record = cover("0001127602-20-014621-p1.json")
    assert record["officerTitle"].value == "SVP Operations & Slrategy"  # 'Strategy' as OCR read it


def test_a_label_is_not_found_by_its_ends_around_another_word():
    from extract.register import find_bookended
    line = [Word("Other", 501, 369, 523, 376, 0.9), Word("(reporting", 527, 369, 555, 376, 0.9),
            Word("below)", 561, 369, 590, 376, 0.9)]
    assert find_bookended([line], "Other (specify below)") == []
    line[1] = Word("(xpecrly", 527, 369, 555, 376, 0.18)
    assert len(find_bookended([line], "Other (specify below)")) == 1


def test_city_box_whose_label_is_misread_is_found_by_its_other_labels():
    """'(City)' read '(Cily)' on a fax (0001127602-20-005746, page 1): too short a label for a
    misread letter, so city, state and zip were lost although 'KANSAS CITY MO 64106' read
    right.  '(State)' and '(Zip/Postal Code)' in the same box find it; the misread label, on
    their line, is no value.  The values are OCR's, so under full confidence."""
    owner = cover("0001127602-20-005746-p1.json")
    assert [owner[k].value for k in ("city", "state", "zip")] == ["KANSAS CITY", "MO", "64106"]
    assert all(owner[k].confidence < 1.0 for k in ("city", "state", "zip"))


def test_joint_filer_whose_name_label_lost_its_colon():
    """'Name:' read 'Name?' in the joint filer information of a faxed Form 3
    (0000899243-20-022867, page 5): the block of the third reporting owner was not opened and
    all ten of their values were lost.  A label's colon misread as another mark still opens it."""
    from extract.fill import read_labelled_owners, section_lines
    lay = next(lay for lay in load_layouts() if lay.name == "paper-form3")
    spec = next(s for s in lay.sections if s.kind == "owners")
    owners = read_labelled_owners(section_lines([PageView(ocr_page("0000899243-20-022867-p5.json"))], spec), spec)
    assert [o.fields["rptOwnerName"].value for o in owners] == ["Gracias Antonio J.", "Sabater Juan.A."]
    assert owners[1].fields["street2"].value == "875 NORTH MICHIGAN AVENUE, SUITE 3214"


def test_attached_sheet_header_gives_what_the_boxes_lost():
    """A faxed Form 3 whose issuer box was lost (0000899243-20-022867): its attached sheet
    (page 5) repeats items 1-3, 'Issuer and Ticker (Item 3): Harmony Biosciences Holdings,
    Inc. (HRMY)', read right; that fills the issuer and the date of event."""
    from extract.fill import fill
    lay = next(lay for lay in load_layouts() if lay.name == "paper-form3")
    record = fill(lay, [ocr_page("0000899243-20-022867-p5.json")], "x")
    assert record.document["issuerName"].value == "Harmony Biosciences Holdings, Inc."
    assert record.document["issuerTradingSymbol"].value == "HRMY"
    assert record.document["periodOfReport"].value == "08/18/2020"


def attached(conf_of_date: float | None = None):
    from extract.fill import fill
    lay = next(lay for lay in load_layouts() if lay.name == "paper-form4")
    sheet = ocr_page("0001387467-25-000038-p5.json")
    if conf_of_date is not None:
        sheet.words = [Word(*[*vars(w).values()][:5], conf_of_date) if w.text == "03/17/2025" else w
                       for w in sheet.words]
    return fill(lay, [ocr_page("0001387467-25-000038-p1.json"), sheet], "x").document


def test_attached_sheet_header_replaces_a_less_sure_reading():
    """Box 3 of a faxed Form 4 read '03/47/2025' with confidence 0.6 and box 2 a garble
    (0001387467-25-000038); the attached sheet's 'Date of Earliest Transaction (Item 3):
    03/17/2025' and '(AOSL)' read surer and stand instead.  A box read surer than the
    sheet keeps its reading."""
    doc = attached()
    assert doc["periodOfReport"].value == "03/17/2025" and doc["periodOfReport"].page == 5
    assert doc["issuerTradingSymbol"].value == "AOSL"
    assert attached(conf_of_date=0.5)["periodOfReport"].value == "03/47/2025"


def test_longest_heading_read_is_the_one_taken():
    """'EXPLANATION OF RESPONSES (continued):' read 'EXPLANATION, OF RESPONSES (cont inued)' on
    an attached sheet (0000899243-20-022867, page 5): the shorter heading 'Explanation of
    Responses:' is found in it too (its colon read from the '('), and what it left, '(cont
    inued)', went into footnote 1's text."""
    from extract.fill import section_lines
    lay = next(lay for lay in load_layouts() if lay.name == "paper-form3")
    spec = next(s for s in lay.sections if s.name == "footnotes")
    lines = section_lines([PageView(ocr_page("0000899243-20-022867-p5.json"))], spec)
    assert [w.text for w in lines[0][1][:3]] == ["Equity", "Associates", "IV"]



def test_a_page_footer_read_with_a_misread_number_ends_the_footnotes():
    """'Page 5 of 5' under the last footnote of an attached sheet read 'Page 5 of S.'
    (0001104659-20-118685, page 5, typed paper fax): the footer went into footnote 3's text."""
    from extract.fill import section_lines
    lay = next(lay for lay in load_layouts() if lay.name == "paper-form3")
    spec = next(s for s in lay.sections if s.name == "footnotes")
    lines = [" ".join(w.text for w in ln) for _, ln in
             section_lines([PageView(ocr_page("0001104659-20-118685-p5.json"))], spec)]
    assert lines[-1] == "purposes of Section 16 or for any other purpose."

def test_title_ends_at_its_box_and_says_officer():
    """Box 5 of a faxed Form 4 (0001179110-20-000668, page 1): the label that ends the title,
    '6. Individual or Joint/Group Filing', read 'JoinvGroup', so the title ran to the foot of the
    page.  The title ends at its box's rule.  The X before 'Officer', read with the line around
    it, now counts as a mark; without it, a title typed with no box marked is an officer's (flagged)."""
    owner = cover("0001179110-20-000668-p1.json")
    assert owner["officerTitle"].value == "SVP, Business Development"
    assert owner["isOfficer"].value == "1"
    owner = cover("0001179110-20-000668-p1.json", without=lambda w: abs(w.x0 - 483) < 4 and abs(w.top - 335.5) < 4)
    assert owner["officerTitle"].value == "SVP, Business Development"
    assert owner["isOfficer"].value == "1" and owner["isOfficer"].flags


def test_specks_under_box_5_are_no_title():
    """Specks 1 pt high under box 5 read 'oe' (0001248915-20-000008, page 1): no title, so
    nothing says the director is an officer."""
    owner = cover("0001248915-20-000008-p1.json")
    assert owner["officerTitle"].value is None
    assert owner["isOfficer"].value == "0"


def test_signature_date_with_a_slash_read_seven():
    """The signature block of a faxed Form 4 (0001467858-20-000082, page 4, as read): the date
    '05/08/2020' read '05708/2020' was taken for part of the name, and the date was lost."""
    from extract.fill import signature_of
    from extract.reconcile import reconcile
    rows = [[("/s/", 403.8, 144.4, 417.6, 150.8, 0.89), ("Tia", 423.9, 144.4, 439.7, 151.0, 0.96),
             ("Y", 446.2, 144.9, 450.7, 150.6, 0.88), (":", 453.1, 146.7, 455.3, 150.5, 0.5),
             ("Turk,", 461.9, 144.4, 486.9, 151.0, 0.96)],
            [("Attorney-", 402.4, 154.7, 448.0, 161.1, 0.81), ("In-Fact", 452.2, 154.5, 487.8, 160.1, 0.87),
             ("for", 495.0, 154.1, 509.9, 160.3, 0.95), ("Mr.", 515.9, 154.4, 530.1, 159.9, 0.96),
             ("Hatto", 537.6, 154.7, 564.1, 160.4, 0.87), ("05708/2020", 639.6, 153.6, 692.0, 161.5, 0.91)]]
    sig = signature_of([(4, [Word(*w) for w in row]) for row in rows])
    assert "05708" not in sig.name.value
    record = Record(source="x", layout="paper-form4", pages=4, signatures=[sig])
    reconcile(record)
    assert sig.date.value == "2020-05-08" and sig.date.confidence < 1.0


def test_cover_mark_not_read_does_not_undo_the_owners_tables_officer():
    """EDGAR Form 4 faxed (0001209191-20-006782, as read): the Reporting Owners table's Officer
    column gives 'SVP' (an officer), the cover's X before 'Officer' read '‘X_.' was not taken
    for a mark, and the cover's boxes override the table's: the officer was lost."""
    from extract.fill import officer_by_title
    owner = {"officerTitle": Value("SVP", source="SVP", confidence=0.96),
             "isOfficer": Value("0", source="‘X_.", confidence=0.28),
             "isDirector": Value("0", source="(no mark)", confidence=0.88),
             "isOther": Value("0", source="(no mark)", confidence=0.94)}
    officer_by_title(owner)
    assert owner["isOfficer"].value == "1" and owner["isOfficer"].flags
    text_layer = {"officerTitle": Value("SVP", source="SVP"), "isOfficer": Value("0", source="(no mark)")}
    officer_by_title(text_layer)  # a text layer's boxes are as printed
    assert text_layer["isOfficer"].value == "0"


# ---------------------------------------------------------------- codes

from extract.reconcile import CONFIDENT, Context, normalize, read_as, take_footnotes  # noqa: E402
from extract.schema import AD, CODE, DATE, DI, NUMBER, PRICE  # noqa: E402


@pytest.mark.parametrize("raw, notes, want, footnotes", [
    ("D3)", {"3": "F3"}, "D", ["F3"]),     # 'D(3)', its opening bracket lost (0001012975-17-000759)
    ("Di1)", {"1": "F1"}, "D", ["F1"]),    # 'D(1)', its opening bracket read 'i' (0000899243-20-022867)
    ("D3)", {"1": "F1"}, "D", []),         # no footnote 3: the mark is dropped, flagged
])
def test_footnote_mark_glued_to_an_ownership_code(raw, notes, want, footnotes):
    v = Value(raw, source=raw, confidence=0.5)
    take_footnotes(v, Context(notes, True), DI)
    normalize(v, DI)
    assert (v.value, v.footnotes) == (want, footnotes)
    assert v.confidence < CONFIDENT


@pytest.mark.parametrize("raw", ["I)", "(I)", "D)"])
def test_a_bracket_by_an_ownership_code_is_no_mark(raw):
    """'(I)' is how the form prints the code itself: a bracket beside it is no footnote mark."""
    v = Value(raw, source=raw)
    take_footnotes(v, Context({"1": "F1"}, True), DI)
    normalize(v, DI)
    assert v.value == raw.strip("()") and not v.footnotes and not v.flags


@pytest.mark.parametrize("raw", ["n", "b", "h", "OB", "dR"])
def test_a_faxed_d_read_as_a_letter_of_its_shape(raw):
    """A typed 'D' on a fax read 'n' (0001127602-20-005746, 0001209191-20-013621), 'b'
    (0001179110-20-000668), 'h' (0001127602-20-014621), 'OB' (0001387467-25-000038), 'dR'
    (0001209191-20-016902): the column holds D or I, and these are D's shapes; given, flagged."""
    r = read_as(raw, DI)
    assert r.value == "D" and r.confidence < CONFIDENT


def test_codes_of_other_columns_keep_their_letters():
    """The shapes are D's only where the column holds D or I."""
    assert read_as("n", CODE).value is None and read_as("b", AD).value is None


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("raw, want", [
    ("04/12/2624", "2024-04-12"),             # the century's 0 read 6 (0001018724-24-000077, box 3)
    ("63/17/2025", "2025-03-17"),             # a month's 0 read 6 (0001387467-25-000038, Table I)
    ("02/10/202)", "2021-02-10"),             # the year's last 1 read ')' (0001127602-20-014621)
    ("Stalentent 07/14/2020", "2020-07-14"),  # the label's 'Statement' beside it (0001213900-20-017491)
    ("04/36/2020", "2020-04-30"),             # a day's 0 read 6 after a 3 (0001567619-20-008697, signature)
])
def test_date_with_a_misread_digit_or_a_word_beside_it(raw, want):
    r = read_as(raw, DATE)
    assert r.value == want and r.confidence < CONFIDENT


@pytest.mark.parametrize("raw", ["13/17/2025", "04/12/2124", "02/10/20)", "07/14/2020 07/15/2020"])
def test_dates_not_mended(raw):
    """A month of 13 or a year 2124 is no round digit misread for 0 (nor is 1 read 6), and two
    dates are not one."""
    assert read_as(raw, DATE).value is None


# ---------------------------------------------------------------- amounts

@pytest.mark.parametrize("raw, kind, notes, want, footnotes", [
    # the mark '(4)' under the price, its ')' read '1', the point followed by a space (0001209191-20-013621)
    ("$41. 3646 (41", PRICE, {"2": "F2", "4": "F4"}, "41.3646", ["F4"]),
    # '(2)' its ')' read ';' (0001104659-20-118685)
    ("16,486,250 (2;", NUMBER, {"2": "F2"}, "16486250", ["F2"]),
    # '(4)' after '(2)(3)', its brackets lost (0001387467-25-000038)
    ("69, 064( 2)(3) 4", NUMBER, {"2": "F2", "3": "F3", "4": "F4"}, "69064", ["F2", "F3", "F4"]),
    # no footnotes read: the mark is dropped, flagged
    ("16,486,250 (2;", NUMBER, {}, "16486250", []),
    # a speck before the dollar sign, a decimal comma (0001127602-20-005746)
    (".$68,27", PRICE, {}, "68.27", []),
    # the decimal point read as a comma after the thousands (EDGAR fax, 0001384860-20-000005)
    ("1,984,2632", NUMBER, {}, "1984.2632", []),
    # '(3)' between two marks, its opening bracket lost (EDGAR fax, 0001387467-25-000038)
    ("66,110 (2) 3) (4)", NUMBER, {"2": "F2", "3": "F3", "4": "F4"}, "66110", ["F2", "F3", "F4"]),
    # the decimal point read as a slash (EDGAR fax, 0001209191-20-013621)
    ("$ 40/1611", PRICE, {}, "40.1611", []),
])
def test_amount_with_a_mark_or_speck_as_a_fax_leaves_them(raw, kind, notes, want, footnotes):
    v = Value(raw, source=raw, confidence=0.9)
    take_footnotes(v, Context(notes, bool(notes)), kind)
    normalize(v, kind)
    assert (v.value, sorted(v.footnotes)) == (want, footnotes)  # in the order found: the mended one last
    assert v.confidence < CONFIDENT


def test_a_lone_digit_after_an_amount_without_marks_is_not_taken_for_one():
    """'9,099 4': the '4' a speck left of the number on the line below (0001209191-20-013621);
    with no mark read before it nothing says it is one."""
    v = Value("9,099 4", source="9,099 4", confidence=0.9)
    take_footnotes(v, Context({"4": "F4"}, True), NUMBER)
    assert not v.footnotes


# ---------------------------------------------------------------- rows' codes

@pytest.mark.parametrize("code, ad, want", [
    ("A", "x", "A"),   # the A/D code read 'x' (0001387467-25-000038, Table I, fourth row)
    ("S", None, "D"),  # its cell read empty beside the amount (0001209191-20-013621, second row)
])
def test_unread_direction_is_the_one_the_code_implies(code, ad, want):
    from extract.model import Row
    from extract.reconcile import reconcile
    fields = {"securityTitle": Value("Common Stock", source="Common Stock", confidence=0.9),
              "transactionCode": Value(code, source=code, confidence=0.9),
              "transactionShares": Value("5,901", source="5,901", confidence=0.95)}
    if ad is not None:
        fields["transactionAcquiredDisposedCode"] = Value(ad, source=ad, confidence=0.52)
    record = Record(source="x", layout="paper-form4", pages=2, rows=[Row("ndTx", fields, 2)])
    reconcile(record)
    got = record.rows[0].fields["transactionAcquiredDisposedCode"]
    assert got.value == want and got.confidence < CONFIDENT and got.flags
