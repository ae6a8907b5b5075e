"""Tables and owners on scans (issue 4): the Reporting Owners table where a page break cuts it,
a holding's row with a speck in its code cell, and an owner's address checked against its ZIP
code; on pages as OCR read them from real scans (tests/fixtures/ocr-pages/)."""
from __future__ import annotations

import pytest

from extract.fill import fill
from extract.grid import cells_from_rules
from extract.layout import load_layouts
from extract.model import Record
from extract.pages import Rule
from extract.reconcile import reconcile
from test_paper_fax import ocr_page, rows_of


def record_of(layout: str, *pages: str) -> Record:
    lay = next(lay for lay in load_layouts() if lay.name == layout)
    return reconcile(fill(lay, [ocr_page(p) for p in pages], source=pages[0]))


def owner_fields(record: Record) -> list[dict[str, str | None]]:
    keys = ("rptOwnerName", "street1", "street2", "city", "state", "zip", "officerTitle")
    return [{k: o.fields[k].value for k in keys if k in o.fields} for o in record.owners]


def test_owners_header_with_unread_sub_labels_takes_the_columns_overleaf():
    """The Reporting Owners header at the foot of page 1 of a photocopied Form 3
    (0001692063-20-000026, seed 7): the short rules between 'Director', '10% Owner', 'Officer'
    and 'Other' were lost and the labels read '| 10% Owner [otter —forer'.  The row overleaf has
    as many cells right of the name column as columns are missing: they are those columns."""
    record = record_of("edgar-form3", "0001692063-20-000026-photocopy7-p1.json",
                       "0001692063-20-000026-photocopy7-p2.json")
    assert owner_fields(record) == [{"rptOwnerName": "Reich Robert M JR", "street1": "3101 S. PACKERLAND DRIVE",
                                     "city": "GREEN BAY", "state": "WI", "zip": "54313",
                                     "officerTitle": "Chief Admin Officer"}]
    assert record.owners[0].fields["isOfficer"].value == "1"


def test_row_cut_by_a_page_break_whose_sides_end_a_quarter_point_apart():
    """The owner row of a photocopied Form 3 cut by the page break (0001127602-20-015094,
    seed 7): its sides end at 766.56 and 766.32 pt, on either side of a multiple of the 3 pt
    tolerance.  They are one cell's sides all the same; the row's two parts make one owner."""
    page = ocr_page("0001127602-20-015094-photocopy7-p1.json")
    name_column = [c for c in cells_from_rules(page.rules) if abs(c.x0 - 33.0) < 1 and c.top > 714]
    assert len(name_column) == 1 and name_column[0].open_bottom
    record = record_of("edgar-form3", "0001127602-20-015094-photocopy7-p1.json",
                       "0001127602-20-015094-photocopy7-p2.json")
    assert owner_fields(record) == [{"rptOwnerName": "Horning Sandra", "street1": "C/O MODERNA, INC.",
                                     "street2": "200 TECHNOLOGY SQUARE", "city": "CAMBRIDGE", "state": "MA",
                                     "zip": "02139"}]


def test_rules_ending_close_together_are_grouped_whatever_their_height():
    """Two sides 0.3 pt apart at their ends close one cell at any height, not only when both
    round to the same multiple of the tolerance."""
    for bottom in (600.0, 766.4):
        rules = [Rule(10, 100, 200, 100), Rule(10, 100, 10, bottom + 0.16), Rule(200, 100, 200, bottom - 0.14)]
        assert [(c.top, c.open_bottom) for c in cells_from_rules(rules)] == [(100, True)]


def test_speck_read_as_the_only_sign_of_a_transaction_leaves_a_holding():
    """A faxed Form 4's Table I (0001127602-20-005243, seed 7): a holding's row with a speck in
    its code cell read '*e' (confidence 0.13), taken for code E, had made the holding a
    transaction.  A code or date alone, read unsure, with no amount or price of a transaction,
    is a speck; the record says so.  The transaction row above, code G, stays."""
    record = rows_of("edgar-form4", "table1", "0001127602-20-005243-fax7-p1.json")
    assert [(r.kind, r.fields.get("transactionCode") and r.fields["transactionCode"].value) for r in record.rows] \
        == [("ndTx", "G"), ("ndHold", None)]
    assert record.rows[1].fields["sharesOwnedFollowingTransaction"].value == "563"
    assert any("'*e'" in w and "holding" in w for w in record.warnings)


def test_date_without_a_digit_as_the_only_sign_of_a_transaction_leaves_a_holding():
    """A faxed typed Form 4's Table I (0001127602-20-005746, seed 7): a speck in the ESOP
    holding's date cell read 't' with confidence 0.85.  A date without a digit is no date: the
    row is the holding it was typed as."""
    record = rows_of("paper-form4", "table1", "0001127602-20-005746-fax7-p2.json")
    assert [r.kind for r in record.rows] == ["ndTx", "ndTx", "ndHold", "ndHold"]
    assert record.rows[3].fields["natureOfOwnership"].value == "By ESOP"


def test_city_misread_is_the_zip_codes_city():
    """Typed paper Forms 4 received by fax: 'SAN PRANCISCO,' beside CA 94104
    (0000899243-20-012336) and 'GALTHERSBURG' beside MD 20878 (0001012975-17-000759) are the
    ZIP codes' cities; a guess, so flagged under the sure level."""
    for page, city in (("0000899243-20-012336-p1.json", "SAN FRANCISCO"), ("0001012975-17-000759-p1.json", "GAITHERSBURG")):
        value = record_of("paper-form4", page).owners[0].fields["city"]
        assert value.value == city
        assert value.corrections[-1].rule == "city-of-zip" and value.confidence < 0.8


def test_city_state_zip_read_by_ocr_keeps_its_confidence():
    """A 'CITY ST ZIP' line under the (City) (State) (Zip) labels of a faxed paper form: the values
    split from it carry the OCR confidence of the line, not the certainty of a text layer."""
    record = record_of("paper-form4", "0001012975-17-000759-p1.json")
    assert all(record.owners[0].fields[k].confidence < 0.5 for k in ("city", "state", "zip"))


def test_zip_misread_in_a_known_city_is_the_citys():
    """A ZIP code read with a digit wrong, lost or added, in a city and state read right."""
    from extract.model import Owner, Value

    for city, state, read, meant in (("MCLEAN", "VA", "22302", "22102"), ("CHICAGO", "IL", "$L.60602", "60602"),
                                     ("SEATTLE", "WA", "98108-1226", "98108-1226")):
        record = Record(source="x", layout="edgar-form4", pages=1)
        record.owners.append(Owner({"city": Value(city, confidence=0.8), "state": Value(state, confidence=0.8),
                                    "zip": Value(read, confidence=0.8)}))
        reconcile(record)
        assert record.owners[0].fields["zip"].value == meant
    # a text layer's address is as filed; so is an OCR'd one read surely and well shaped (the
    # table, 0.6 s and 40 MB to load, is not consulted for a clean scan's addresses)
    for confidence in (1.0, 0.95):
        record = Record(source="x", layout="edgar-form4", pages=1)
        record.owners.append(Owner({"city": Value("MCLEAN", confidence=confidence),
                                    "state": Value("VA", confidence=confidence),
                                    "zip": Value("22302", confidence=confidence)}))
        reconcile(record)
        assert record.owners[0].fields["zip"].value == "22302"


def test_speck_beside_a_state_is_dropped():
    """'MI.' read on a faxed typed Form 4 (0001467858-20-000082, seed 7): a state code is two
    letters; a text layer's is as filed."""
    from extract.model import Owner, Value

    for value, confidence, meant in (("MI.", 0.9, "MI"), (",CA", 0.7, "CA"), ("MI.", 1.0, "MI."), ("N.Y.", 0.9, "N.Y.")):
        record = Record(source="x", layout="edgar-form4", pages=1)
        record.owners.append(Owner({"state": Value(value, confidence=confidence)}))
        reconcile(record)
        assert record.owners[0].fields["state"].value == meant


def test_mark_on_the_line_above_is_not_the_labels():
    """A faxed Form 5 (0001441683-20-000007, seed 7): the blank before 'Other (specify below)' was
    not read, and the X of '10% Owner' on the line above, touching the label's top by a point,
    was taken for its mark.  A mark is on its label's line."""
    fields = record_of("edgar-form5", "0001441683-20-000007-fax7-p1.json").owners[0].fields
    assert {k: fields[k].value for k in ("isDirector", "isTenPercentOwner", "isOfficer", "isOther")} \
        == {"isDirector": "1", "isTenPercentOwner": "1", "isOfficer": "1", "isOther": "0"}


def test_state_misread_into_the_zip_code_is_parted_from_it():
    """'IX 75082' and 'ILL 60611' read as the ZIP code with no state (EDGAR faxes, seed 7): the
    state was misread out of a state code's shape; it is the ZIP code's state when one misread
    from it.  A text layer's, or letters far from the state, stay."""
    from extract.model import Owner, Value

    for read, confidence, state, zip_code in (("IX 75082", 0.9, "TX", "75082"), ("ILL 60611", 0.8, "IL", "60611"),
                                              ("IX 75082", 1.0, None, "IX 75082"), ("NY 75082", 0.9, None, "NY 75082")):
        record = Record(source="x", layout="edgar-form4", pages=1)
        record.owners.append(Owner({"city": Value("RICHARDSON" if "75" in read else "CHICAGO", confidence=confidence),
                                    "zip": Value(read, confidence=confidence)}))
        reconcile(record)
        fields = record.owners[0].fields
        assert (fields["state"].value if "state" in fields else None, fields["zip"].value) == (state, zip_code)


def test_signature_label_misread_beyond_tolerance_still_parts_two_signatures():
    """Nine signatures of a faxed Form 4 (0000899243-20-022867, seed 7), each over the label
    '** Signature of Reporting Person  Date'; one label read 'SSignacwe of Reyoning Person Daw',
    too far from the words to be found, and two signatures ran into one.  A short line standing
    word for word where the labels read stand is a label too."""
    record = record_of("edgar-form4", "0000899243-20-022867-fax7-p2.json", "0000899243-20-022867-fax7-p3.json")
    names = [s.name.value for s in record.signatures]
    assert len(names) == 9
    assert names[2].startswith("Valor Equity Associates IV") and names[3].startswith("Valor Equity Partners IV L.P.")


def test_header_whose_number_is_misread_too_is_the_one_cell_in_its_place():
    """Table II of a faxed Form 4 (0001127602-20-003012, seed 7): '10. Ownership Form' read
    '310. Ownership Form', its number past what a numbered label may be misread as.  It is the
    only header cell between columns 9 and 11, and its words tell: the row's 'I' is read."""
    record = rows_of("edgar-form4", "table2", "0001127602-20-003012-fax7-p2.json")
    assert [(r.kind, r.fields["directOrIndirectOwnership"].value) for r in record.rows] == [("dTx", "I")]


def test_last_footnote_mark_misread_unsure_is_numbered_after_the_one_before():
    """A Form 5's only footnote, its '1.' read '(4)' at 0.26 (photocopy, seed 23): notes are numbered
    from 1, so it is footnote 1, flagged, not a silent F4 that no value refers to."""
    record = record_of("edgar-form5", "0001127602-20-004200-photocopy23-p2.json")
    assert [(f.id, f.text.value.split()[0]) for f in record.footnotes] == [("F1", "Includes")]
    assert record.footnotes[0].text.confidence < 0.95 and record.footnotes[0].text.flags


def test_street_lines_wrapped_narrower_than_their_box_are_joined_where_no_address_line_opens():
    """Typed paper forms (photocopy, seed 23) whose street box holds three lines, wrapped short of
    the box's edge: the line that opens no address line of its own goes on the line before, and
    no line is dropped ('345 PARK AVENUE' and 'SUITE 200' had been lost)."""
    streets = [(o["street1"], o["street2"]) for page in ("0000899243-20-028056-photocopy23-p1.json",
                                                         "0001793855-20-000020-photocopy23-p1.json")
               for o in owner_fields(record_of("paper-form3", page))]
    assert streets == [("C/O THE BLACKSTONE GROUP INC.", "345 PARK AVENUE"),
                       ("C/O ABERDEEN STANDARD INVESTMENTS", "1900 MARKET STREET, SUITE 200")]


def test_a_filers_own_row_like_the_no_securities_statement_is_kept_when_it_holds_a_number():
    """A Form 3 whose filer reported a holding titled 'No securities are beneficially owned', 0, D
    (typed paper, photocopy, seed 23): within the misreads the statement's skip pattern allows,
    but its amount says it is a row."""
    record = record_of("paper-form3", "0001209191-20-046157-photocopy23-p1.json")
    assert [{k: v.value for k, v in r.fields.items()} for r in record.rows] == [
        {"securityTitle": "No securities are beneficially owned", "sharesOwnedFollowingTransaction": "0",
         "directOrIndirectOwnership": "D"}]


def test_typists_mark_before_a_signature_with_its_own_is_dropped_however_misread():
    """Typed paper signature pages (photocopy, seed 23): the '/s/ ' typed before a signature that
    carries its own '/s/' later is dropped when OCR misread either mark ('‘s/ BLACKSTONE ...
    By: /s/ John', '/8/ -AVENUE-ASRS ... By: ‘a/ Andrew')."""
    names = [s.name.value for layout, page in (("paper-form3", "0000899243-20-028056-photocopy23-p4.json"),
                                               ("paper-form4", "0001140361-20-013703-photocopy23-p4.json"))
             for s in record_of(layout, page).signatures]
    assert names[0].startswith("BLACKSTONE HOLDINGS II L.P., By:")
    assert any(n.startswith("AVENUE-ASRS EUROPE OPPORTUNITIES FUND, L.P. By:") for n in names)
    assert "/s/ Stephen A. Schwarzman" in names  # a signature's own mark stays


def test_a_note_going_on_after_a_page_break_keeps_its_lines_above_the_next_mark():
    """An EDGAR Form 4 (fax, seed 23): note 2 goes on at the top of the next page for one line,
    then note 3 follows, its mark beside its only line; a speck read '“4' at the page's top made
    that line a block of its own, which went to mark (3).  Given to note 3 it would move note 3's
    middle off its mark."""
    record = record_of("edgar-form4", "0000354707-20-000046-fax23-p2.json", "0000354707-20-000046-fax23-p3.json")
    notes = {f.id: f.text.value for f in record.footnotes}
    assert notes["F2"].endswith("shares of HE common stock") and notes["F3"].startswith("Includes shares acquired")


def test_lines_of_a_note_split_by_uneven_spacing_stay_with_the_mark_centred_beside_them():
    """An EDGAR Form 5's notes (photocopy, seed 23), each mark centred beside its note: uneven line
    spacing cut note 2's last line off into a block of its own, which went to mark (3), the
    nearest; taken with note 2 it centres note 2 on its mark."""
    record = record_of("edgar-form5", "0001120437-20-000008-photocopy23-p2.json",
                       "0001120437-20-000008-photocopy23-p3.json")
    notes = {f.id: f.text.value for f in record.footnotes}
    assert notes["F2"].endswith("the beneficial owner of any equity securities covered hereby.")
    assert notes["F3"].startswith("Includes 458,645 Common shares")


def test_code_read_without_a_letter_as_the_only_sign_of_a_transaction_leaves_a_holding():
    """A faxed Form 5's Table I (0001127602-20-003012, seed 7): a speck over the 'By Spouse'
    holding's code cell read '“' with confidence 0.55, above the speck threshold.  A code
    without a letter or digit is no code: the row is the holding it was printed as."""
    record = rows_of("edgar-form5", "table1", "0001127602-20-003012-fax7-p1.json")
    spouse = [r for r in record.rows if r.fields.get("natureOfOwnership")
              and r.fields["natureOfOwnership"].value == "By Spouse"]
    assert [r.kind for r in spouse] == ["ndHold"] and "transactionCode" not in spouse[0].fields
    assert spouse[0].fields["sharesOwnedFollowingTransaction"].value == "2,800"
    assert all(r.kind == "ndHold" for r in record.rows)


def test_header_cut_by_a_page_break_with_a_label_misread_beyond_tolerance():
    """Table II of a faxed Form 4 (0001467858-20-000082, seed 7) starts at the foot of page 1,
    its header cut by the page break; column 10's label read '10, Ownerstip Fonn'.  It is the
    one header cell between columns 9 and 11 above the break: the 'D' of the row overleaf is
    read as the row's ownership form."""
    record = rows_of("edgar-form4", "table2", "0001467858-20-000082-fax7-p1.json",
                     "0001467858-20-000082-fax7-p2.json")
    assert [(r.kind, r.fields["directOrIndirectOwnership"].value) for r in record.rows] == [("dTx", "D")]


def test_ownership_form_not_read_beside_a_nature_of_indirect_ownership_is_i():
    """A faxed Form 5's Table I (0001127602-20-003012, seed 7): the 'By ESOP' holding's 'I',
    its top serif broken, read by tesseract neither in the montage nor alone.  Every row has an
    ownership form, and a nature of indirect ownership is given only for I: I, as a flagged guess."""
    record = record_of("edgar-form5", "0001127602-20-003012-fax7-p1.json")
    esop = [r for r in record.rows if r.fields.get("natureOfOwnership")
            and r.fields["natureOfOwnership"].value == "By ESOP"][0]
    di = esop.fields["directOrIndirectOwnership"]
    assert di.value == "I" and di.flags and di.confidence <= 0.5
    assert [r.fields["directOrIndirectOwnership"].value for r in record.rows][:1] == ["D"]


def test_unread_mark_in_a_column_whose_other_rows_share_one_footnote_is_that_footnote():
    """Table II of a faxed Form 5 (0001127602-20-002872, seed 7): five option holdings, each
    date exercisable marked '(4)'; two marks were read ')' and '")', seen but not read.  Every
    other row of the column refers to F4: the two do too, flagged."""
    record = record_of("edgar-form5", "0001127602-20-002872-fax7-p2.json", "0001127602-20-002872-fax7-p3.json")
    dates = [r.fields["exerciseDate"] for r in record.rows if r.kind == "dHold"]
    assert [v.footnotes for v in dates] == [["F4"]] * 5
    assert [any("taken for F4" in f for f in v.flags) for v in dates] == [False, True, False, True, False]


def test_unread_mark_in_a_record_with_one_footnote_is_that_footnote():
    """A faxed Form 4 (0001580695-20-000125, seed 7): the code 'A(1)' read 'AQ', its mark's
    bracket and digit run into one round glyph.  The record has one footnote: the mark is F1."""
    record = record_of("edgar-form4", "0001580695-20-000125-fax7-p1.json", "0001580695-20-000125-fax7-p2.json")
    code = record.rows[0].fields["transactionCode"]
    assert (code.value, code.footnotes) == ("A", ["F1"]) and code.confidence <= 0.5


def test_speck_before_a_heading_does_not_hide_it():
    """Page 2 of a faxed Form 4 (0001127602-20-005746, EDGAR rendering, seed 7): a speck in
    the margin read '+,' on the line of 'Signatures'.  The heading no longer opened its line,
    the section was not found and the signature was lost; the speck does not count."""
    record = record_of("edgar-form4", "0001127602-20-005746-edgar-fax7-p2.json")
    assert [(s.name.value.startswith("/s/ Megan L. Mercer"), s.date.value) for s in record.signatures] \
        == [(True, "2020-02-14")]


def test_x_read_three_times_over_is_a_mark():
    """Page 1 of a faxed Form 5 (edgartools form5.snow, seed 7): the X before 'Director' read
    'XxX.'.  Three X's are one X mark, as one X with a letter beside it is."""
    record = record_of("edgar-form5", "edgartools__form5.snow-fax7-p1.json")
    assert [(o.fields["isDirector"].value, o.fields["isOfficer"].value) for o in record.owners] == [("1", "0")]


@pytest.mark.parametrize("scan, ending", [
    ("", "DTD 12/21/04 FBO Isabelle Scott Seelbach"),
    # a harsher fax (seed 11: skew to 3 degrees, twice the speckle): six letters misread
    # between the two readings ('Chl6e' and 'Chige' on the cover, 'BTR' and 'Scoti' in the row)
    ("-harshfax11", "12/21/04 FBO Isabelle Scoti Seelbach"),
])
def test_owner_name_wrapped_over_three_lines_read_unlike_the_cover(scan, ending):
    """A faxed Form 5 (0001127602-20-005243, seed 0): the trustee owner's name wraps over three
    lines of the Reporting Owners row, and reads 'Children of.Chloe' there, not as box 1 has
    it.  The lines that read nearest to the cover's name, within the misreads of both readings,
    are the name: its third line 'FBO Isabelle Scott Seelbach' is not the street."""
    record = record_of("edgar-form5", *(f"0001127602-20-005243{scan}-p{n}.json" for n in (1, 2, 3)))
    owner = owner_fields(record)[0]
    assert owner["rptOwnerName"].endswith(ending)
    assert (owner["street1"], owner.get("street2")) == ("4421 WATERFRONT DRIVE", None)


def test_cell_holding_only_a_speck_is_empty():
    """Table II of a faxed Form 5 (0001325670-20-000005, seed 0): a speck 1.2 pt wide in the
    first option holding's nature-of-ownership cell read ';'.  A cell whose words are all specks
    of noise is empty, as a row whose words all are is no row."""
    record = rows_of("edgar-form5", "table2", "0001325670-20-000005-p2.json")
    assert len(record.rows) == 6 and not any("natureOfOwnership" in r.fields for r in record.rows)


@pytest.mark.parametrize("layout, page, signed", [
    # a speck right of the signature label read '4'
    ("edgar-form3", "0001127602-20-015094-p2.json", "/s/ Lori Henderson"),
    # a harsher fax: specks under the label read '4 *s' (confidence 0)
    ("edgar-form3", "0001127602-20-015094-harshfax11-p2.json", "/s/ Lori Henderson"),
    # a harsher fax: a speck 1.5 pt wide under the label read 'i'
    ("edgar-form4", "InsidersTradeMonitor__wf-form4_156582182214854-harshfax11-p2.json",
     "/s/ Sam Whittington"),
])
def test_speck_in_the_signatures_is_no_signature(layout, page, signed):
    """A signature page of a faxed Form 3 or 4 (seed 0 of the fax profile, or seed 11 of a harsher
    fax: skew to 3 degrees, twice the speckle): specks near the signature label made a second
    signature.  A block with neither a date nor a word of two letters is none."""
    record = record_of(layout, page)
    assert len(record.signatures) == 1 and record.signatures[0].name.value.startswith(signed)
    assert record.signatures[0].date.value is not None


def test_header_cell_whose_bottom_rule_was_lost_ends_with_the_others():
    """The Reporting Owners table of a Form 4 on a harsher fax (0001209191-20-016902, seed 29:
    skew to 3 degrees, twice the speckle): the rule under 'Other' was lost, its header cell
    runs on 43 pt into the owner's row, and the header seemed to end under the row.  A header
    cell reaching alone far below the others lost its bottom: the header ends with them, and
    the cell's part under it is the row's (the label 'Other' is no otherText)."""
    record = record_of("edgar-form4", "0001209191-20-016902-harshfax29-p2.json")
    owner = owner_fields(record)[0]
    assert ({k: owner.get(k) for k in ("rptOwnerName", "street1", "state", "zip", "officerTitle")}
            == {"rptOwnerName": "WEST JEFFREY N", "street1": "14100 MAGELLAN PLAZA", "state": "MO",
                "zip": "63043", "officerTitle": "SVP & Controller"})
    assert "otherText" not in record.owners[0].fields


@pytest.mark.parametrize("layout, page, name, ticker", [
    # the closing bracket read '|' apart from the ticker: 'Inc. |HRMY |'
    ("edgar-form3", "0000899243-20-022867-harshfax29-p1.json", "Harmony Biosciences Holdings, Inc.", "HRMY"),
    # the opening bracket read '/': 'Corp. /DEH]'
    ("edgar-form3", "0001213900-20-017491-harshfax29-p1.json", "D8 Holdings Corp.", "DEH"),
    # the opening bracket read twice: 'INC/MI/ ([PHM]'
    ("edgar-form4", "0001127602-20-014621-harshfax29-p1.json", "PULTEGROUP INC/MI/", "PHM"),
])
def test_ticker_brackets_misread_on_a_harsher_fax(layout, page, name, ticker):
    """Box 2 of Forms 3 and 4 on a harsher fax (seed 29: skew to 3 degrees, twice the speckle):
    the brackets around the ticker misread in ways the fax profile did not show.  The name
    and the ticker are still told apart (flagged: the brackets were misread)."""
    record = record_of(layout, page)
    doc = record.document
    assert (doc["issuerName"].value, doc["issuerTradingSymbol"].value) == (name, ticker)


def test_specks_read_as_marks_between_words_on_a_harsher_fax():
    """Harsher faxes (seeds 11 and 29: twice the speckle) put specks in the spaces between words,
    read as marks run into them: 'Member.of a Group' (a Form 5's box 5), '/s/ Lori Henderson,.as
    Attorney-in-Fact' (a Form 3's signature), 'By. IRA' (a Form 5's holding).  A stop or a quote
    between two words, a stop after a comma or after 'By', is no mark a filer types."""
    record = record_of("edgar-form5", *(f"0001127602-20-005243-harshfax11-p{n}.json" for n in (1, 2, 3)))
    assert record.owners[0].fields["otherText"].value == "Member of a Group"
    record = record_of("edgar-form3", "0001127602-20-015094-harshfax11-p2.json")
    assert record.signatures[0].name.value == "/s/ Lori Henderson, as Attorney-in-Fact"
    record = record_of("edgar-form5", "0001325670-20-000005-harshfax29-p1.json")
    natures = [row.fields["natureOfOwnership"] for row in record.rows if "natureOfOwnership" in row.fields]
    assert [v.value for v in natures if v.source == "By. IRA"] == ["By IRA"]


@pytest.mark.parametrize("layout, pages, city, state, zip_code", [
    # specks before the state and after it read as marks: 'WESTON,,.FL 33331.', 'OMAHA, NE.68131'
    ("edgar-form4", ["0001580695-20-000125-harshfax29-p2.json"], "WESTON", "FL", "33331"),
    ("edgar-form3", ["edgartools__form3.snow.nonderiv-harshfax29-p1.json",
                     "edgartools__form3.snow.nonderiv-harshfax29-p2.json"], "OMAHA", "NE", "68131"),
    # a city in capitals with a letter misread small ('MARYLAND HEKsHTS'), named from its ZIP code
    ("edgar-form4", ["0001209191-20-016902-harshfax29-p2.json"], "MARYLAND HEIGHTS", "MO", "63043"),
])
def test_city_line_with_specks_on_a_harsher_fax(layout, pages, city, state, zip_code):
    """The owner's city line in the Reporting Owners table of Forms 3 and 4 on a harsher fax
    (seed 29: twice the speckle): specks read as marks beside the state code, which has none, and
    a city named from its ZIP code in the case it was typed in."""
    owner = owner_fields(record_of(layout, *pages))[0]
    assert (owner["city"], owner["state"], owner["zip"]) == (city, state, zip_code)


def test_footnote_mark_with_a_speck_read_before_it():
    """The footnotes of a Form 4 on a harsher fax (0001467858-20-000082, seed 29): the first
    mark read '*(1)', a speck before it.  It is the mark all the same, and it does not set the
    notes' left margin: the second mark '(2)', 3 pt right of the speck, is a mark too."""
    record = record_of("edgar-form4", "0001467858-20-000082-harshfax29-p2.json")
    assert [(f.id, f.text.value.split()[:3]) for f in record.footnotes] == \
        [("F1", ["The", "Restricted", "Stock"]), ("F2", ["Each", "RSU", "will"])]


def test_relationship_the_owners_table_types_out_over_no_mark_read_on_the_cover():
    """A Form 5 on a harsher fax (0001127602-20-002872, seed 29): no X read before 'Other' on
    the cover, but the Reporting Owners table has the other text typed under 'Other' ('Sr. VP,
    Operations - RLI Ins.').  A text is typed only for a relationship marked: the owner is an
    'other', flagged; the cover's unread mark does not undo it."""
    record = record_of("edgar-form5", "0001127602-20-002872-harshfax29-p1.json",
                       "0001127602-20-002872-harshfax29-p2.json")
    owner = record.owners[0].fields
    assert owner["otherText"].value.startswith("Sr. VP, Operations")
    assert owner["isOther"].value == "1" and owner["isOther"].flags


def test_unread_marks_beyond_a_columns_one_mark_read_are_that_mark():
    """Table II of a faxed Form 4 (0001104659-20-022141, seed 83): five gifts, each code 'G(1)'.
    One mark was read; the others were read 'GQ', 'co)', 'G Q)' (seen, not read) and 'G qd)'
    (glyphs closing a bracket apart from the code).  All are at the column's ends, beyond the one
    mark read: they are F1 too, flagged."""
    record = record_of("edgar-form4", *[f"0001104659-20-022141-fax83-p{i}.json" for i in (1, 2, 3)])
    codes = [r.fields["transactionCode"] for r in record.rows if r.kind == "dTx"]
    assert [v.footnotes for v in codes] == [["F1"]] * 5
    assert [any("the one mark read in its column" in f for f in v.flags) for v in codes] == [True, True, True, False, True]
    assert all(v.confidence <= 0.5 for i, v in enumerate(codes) if i != 3)


def test_a_checkbox_not_seen_checked_on_a_bilevel_scan_is_flagged():
    """EDGAR prints a checked box light grey, and a fax's threshold loses it with the paper: the
    boxes of 0000899243-20-024361's Form 5 (fax, seed 83) left no pixel.  A box not seen checked
    on a bi-level page is read '0', flagged; on a grey page, where the fill would show, it is not."""
    from dataclasses import replace
    from extract.reconcile import CONFIDENT
    record = record_of("edgar-form4", *[f"0001104659-20-022141-fax83-p{i}.json" for i in (1, 2, 3)])
    box = record.document["notSubjectToSection16"]
    assert box.value == "0" and box.confidence < CONFIDENT and box.flags
    lay = next(lay for lay in load_layouts() if lay.name == "edgar-form4")
    pages = [replace(ocr_page(f"0001104659-20-022141-fax83-p{i}.json"), bilevel=False) for i in (1, 2, 3)]
    box = fill(lay, pages, source="grey").document["notSubjectToSection16"]
    assert box.value == "0" and not box.flags


def test_table_ii_whose_first_label_has_a_letter_read_as_a_digit():
    """Table II of a faxed Form 3 (0001209191-20-056160, seed 101): its first label read '1. Title
    6f Derivative Security', a digit where a label's words have none, so the table was not found
    and its nine holdings were lost.  A digit may be misread into the lead label's words (not
    into its number: '5. Ownership' is not '3. Ownership')."""
    record = record_of("edgar-form3", "0001209191-20-056160-fax101-p1.json", "0001209191-20-056160-fax101-p2.json")
    holdings = [r.fields for r in record.rows if r.kind == "dHold"]
    assert len(holdings) == 9
    assert [h["securityTitle"].value for h in holdings[:2]] == ["SERIES B-1 PREFERRED STOCK", "SERIES B-2 PREFERRED STOCK"]
    assert [h["underlyingSecurityShares"].value for h in holdings[:3]] == ["66454", "41161", "164647"]
