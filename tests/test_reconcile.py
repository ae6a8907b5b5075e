"""One test per reconciler rule, on cases as printed or as OCR reads them."""
from __future__ import annotations

import pytest

from extract.align import Column, align
from extract.model import Footnote, Owner, Record, Row, Signature, Value
from extract.reconcile import (CONFIDENT, Context, join_wrapped, normalize, parse_date, read_as,
                               reconcile, take_footnotes)
from extract.schema import AD, CODE, DATE, DI, NUMBER, PRICE, TEXT


def record_with(rows=(), footnotes=("F1", "F2", "F3"), document=None) -> Record:
    r = Record(source="t", layout="t", pages=1)
    r.document.update(document or {})
    r.rows.extend(rows)
    r.footnotes.extend(Footnote(f, Value(f"note {f}", source=f"({f[1:]}) note")) for f in footnotes)
    return r


def rules(v: Value) -> list[str]:
    return [c.rule for c in v.corrections]


# ---------------------------------------------------------------- artifacts

@pytest.mark.parametrize("raw, want", [
    ("\\$1.722", "1.722"),                # a backslash escape from a copy of the HTML
    ("$1&#46;722", "1.722"),              # an HTML entity
    ("&#36;0", "0"),
    ("\u22121,000", "-1000"),             # unicode minus
    ("| $1.50 |", "1.50"),                # stray table rule
])
def test_artifacts_undone(raw, want):
    r = record_with([Row("ndTx", {"transactionPricePerShare": Value(raw, source=raw)})])
    v = reconcile(r).rows[0].fields["transactionPricePerShare"]
    assert v.value == want
    assert "artifacts" in rules(v)
    assert v.confidence >= CONFIDENT


def test_ligature_in_footnote_text():
    r = record_with(footnotes=["F1"])
    r.footnotes[0].text = Value("The oﬀering price reﬂects a discount", source="x")
    assert reconcile(r).footnotes[0].text.value == "The offering price reflects a discount"


# ---------------------------------------------------------------- footnote marks

@pytest.mark.parametrize("raw, value, ids", [
    ("50,000(1)", "50000", ["F1"]),
    ("$1,722(2)(3)", "1722", ["F2", "F3"]),
    ("50,000 [2]", "50000", ["F2"]),
    ("50,000¹", "50000", ["F1"]),
    ("50,000 1/", "50000", ["F1"]),       # the old ASCII "1/" style
    ("50,000 (I)", "50000", ["F1"]),      # "(1)" as OCR reads it
    ("50,000(l)", "50000", ["F1"]),
    ("(i)", None, ["F1"]),                # alone in its cell
])
def test_footnote_marks_in_every_shape(raw, value, ids):
    r = record_with([Row("ndTx", {"transactionShares": Value(raw, source=raw)})])
    v = reconcile(r).rows[0].fields["transactionShares"]
    assert (v.value, v.footnotes) == (value, ids)
    assert not v.flags


def test_odd_mark_needs_an_existing_footnote():
    """'(I)' is F1 only when F1 exists; otherwise it stays as read and is flagged."""
    r = record_with([Row("dTx", {"exerciseDate": Value("(I)", source="(I)")})], footnotes=["F2"])
    v = reconcile(r).rows[0].fields["exerciseDate"]
    assert v.footnotes == [] and v.flags and v.confidence < CONFIDENT


def test_note_nothing_refers_to_is_the_one_reference_without_a_note():
    """An OCR'd note's mark misread surely ('(4)' for '1.'): no value refers to F4, and F1, which a
    value refers to, has no note; so the note is F1, flagged.  A text layer's numbering is kept."""
    def read(confidence):
        r = record_with([Row("ndHold", {"sharesOwnedFollowingTransaction": Value("400 (1)", source="400 (1)",
                                                                                confidence=confidence)})],
                        footnotes=[])
        r.footnotes.append(Footnote("F4", Value("Includes 4.028 shares.", source="Includes 4.028 shares.",
                                                confidence=confidence)))
        return reconcile(r)
    ocr = read(0.91)
    assert [f.id for f in ocr.footnotes] == ["F1"] and ocr.footnotes[0].text.flags
    assert not ocr.rows[0].fields["sharesOwnedFollowingTransaction"].flags
    layer = read(1.0)
    assert [f.id for f in layer.footnotes] == ["F4"]
    assert layer.rows[0].fields["sharesOwnedFollowingTransaction"].flags  # F1 referenced, no note


def test_reference_to_no_note_is_the_note_nothing_refers_to_when_the_notes_run_from_1():
    """A value's '(1)' read '(4)' on a fax with notes 1 and 2 as read: the reference is F1, flagged."""
    r = record_with([Row("ndHold", {"sharesOwnedFollowingTransaction": Value("400 (4)", source="400 (4)",
                                                                            confidence=0.9)}),
                     Row("ndHold", {"natureOfOwnership": Value("By trust (2)", source="By trust (2)",
                                                               confidence=0.9)})], footnotes=[])
    r.footnotes.extend(Footnote(f, Value("A note.", source="A note.", confidence=0.9)) for f in ("F1", "F2"))
    r = reconcile(r)
    shares = r.rows[0].fields["sharesOwnedFollowingTransaction"]
    assert [f.id for f in r.footnotes] == ["F1", "F2"]
    assert shares.footnotes == ["F1"] and shares.flags and shares.confidence < CONFIDENT


def test_star_mark_only_when_a_star_footnote_exists():
    r = record_with([Row("ndTx", {"transactionShares": Value("100 *", source="100 *")})], footnotes=[])
    r.footnotes.append(Footnote("F1", Value("x", source="* Held by a trust")))
    v = reconcile(r).rows[0].fields["transactionShares"]
    assert (v.value, v.footnotes) == ("100", ["F1"])
    r2 = record_with([Row("ndTx", {"transactionShares": Value("100 *", source="100 *")})], footnotes=["F1"])
    assert reconcile(r2).rows[0].fields["transactionShares"].footnotes == []


def test_indirect_is_a_value_in_the_di_column():
    r = record_with([Row("ndHold", {"directOrIndirectOwnership": Value("(I)", source="(I)")})])
    v = reconcile(r).rows[0].fields["directOrIndirectOwnership"]
    assert (v.value, v.footnotes) == ("I", [])


def test_plural_s_is_not_a_mark():
    v = Value("Transaction(s)")
    take_footnotes(v, Context({"1": "F1", "5": "F5"}, True), TEXT)
    assert v.value == "Transaction(s)" and v.footnotes == []


def test_referenced_but_missing_footnote_is_flagged():
    r = record_with([Row("ndTx", {"transactionShares": Value("10(4)", source="10(4)")})])
    v = reconcile(r).rows[0].fields["transactionShares"]
    assert v.footnotes == ["F4"] and any("not among the footnotes" in f for f in v.flags)


# ---------------------------------------------------------------- OCR confusions by type

@pytest.mark.parametrize("raw, kind, want", [
    ("$O.85", PRICE, "0.85"),
    ("5O,OOO", NUMBER, "50000"),
    ("l2,5OO", NUMBER, "12500"),
    ("O9/l7/2OO3", DATE, "2003-09-17"),
    ("1.7 22", PRICE, "1.722"),           # a number split over two cells
    ("1,234,56 7", NUMBER, "1234567"),     # and over two lines
    ("5-952", NUMBER, "5952"), ("5°189", NUMBER, "5189"),  # a thousands comma misread
    ("$40,.1611", PRICE, "40.1611"),  # a speck beside the decimal point
])
def test_ocr_confusions_by_field_type(raw, kind, want):
    v = Value(raw, source=raw)
    normalize(v, kind)
    assert v.value == want and v.corrections


@pytest.mark.parametrize("raw, kind, want", [
    ("5", CODE, "S"), ("$", CODE, "S"), ("0", DI, "D"), ("l", DI, "I"), ("]", DI, "I"), ("4", AD, "A"),
    ("Ss", CODE, "S"), ("Pp", CODE, "P"),  # one wide typed letter read twice
    ("S§", CODE, "S"), ("§D", DI, "D"), ("OD", DI, "D"), ("L", DI, "I"),  # a speck or bracket beside it
    ("~-sP", CODE, "P"),
])
def test_code_confusions_are_corrected_but_not_confident(raw, kind, want):
    v = Value(raw, source=raw)
    normalize(v, kind)
    assert v.value == want and v.confidence < CONFIDENT and v.flags


def test_decimal_comma_is_a_guess():
    v = Value("12,5")
    normalize(v, PRICE)
    assert v.value == "12.5" and v.confidence < CONFIDENT


def test_letters_in_free_text_are_left_alone():
    v = Value("Series B Preferred")
    normalize(v, TEXT)
    assert v.value == "Series B Preferred" and not v.corrections


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text, want", [
    ("09/17/2003", "2003-09-17"), ("9/17/03", "2003-09-17"), ("17-Sep-2003", "2003-09-17"),
    ("Sept. 17, 2003", "2003-09-17"), ("September 17, 2003", "2003-09-17"), ("2003-09-17", "2003-09-17"),
])
def test_dates(text, want):
    assert parse_date(text) == want


@pytest.mark.parametrize("text", ["02/30/2003", "13/13/2003", "February 2000", "Sepx 17, 2003", "9/17/1803"])
def test_impossible_dates_rejected(text):
    assert parse_date(text) is None


def test_two_digit_year_is_recorded():
    v = Value("9/17/03")
    normalize(v, DATE)
    assert v.value == "2003-09-17" and rules(v) == ["two-digit-year"]


# ---------------------------------------------------------------- vocabularies

@pytest.mark.parametrize("code", list("PSVADFIMCEHOXGLWZJKU"))
def test_every_sec_transaction_code(code):
    assert read_as(code, CODE).value == code


def test_unknown_code_is_flagged():
    v = Value("Q")
    normalize(v, CODE)
    assert v.value == "Q" and v.confidence < CONFIDENT


@pytest.mark.parametrize("raw, kind", [("SP", CODE), ("DI", DI), ("SA§", CODE), ("DX", DI)])
def test_two_letters_of_a_code_are_not_guessed(raw, kind):
    v = Value(raw, source=raw)
    normalize(v, kind)
    assert v.confidence < CONFIDENT and not v.corrections


def test_ticker_from_issuer_name():
    r = record_with(document={"issuerName": Value("8X8 INC /DE/ [eght]")})
    reconcile(r)
    assert r.document["issuerName"].value == "8X8 INC /DE/"
    assert r.document["issuerTradingSymbol"].value == "EGHT"


# ---------------------------------------------------------------- split / merged / misplaced cells

def test_merged_neighbours_split():
    r = record_with([Row("ndTx", {"transactionShares": Value("50,000 A", source="50,000 A")})])
    f = reconcile(r).rows[0].fields
    assert (f["transactionShares"].value, f["transactionAcquiredDisposedCode"].value) == ("50000", "A")
    assert "split-merged-cell" in rules(f["transactionAcquiredDisposedCode"])


def test_value_pushed_into_neighbouring_column_moves_unconfidently():
    r = record_with([Row("ndTx", {"deemedExecutionDate": Value("09/18/2003"),
                                  "transactionCode": Value("09/17/2003", source="09/17/2003")})])
    f = reconcile(r).rows[0].fields
    assert "transactionCode" not in f
    assert f["transactionDate"].value == "2003-09-17" and f["transactionDate"].confidence < CONFIDENT


def test_value_that_could_go_to_two_columns_stays_flagged():
    r = record_with([Row("ndTx", {"transactionCode": Value("09/17/2003", source="09/17/2003")})])
    v = reconcile(r).rows[0].fields["transactionCode"]
    assert v.value == "09/17/2003" and v.flags and v.confidence < CONFIDENT


def test_wrapped_cell_joined():
    assert join_wrapped([("2/7/0", True), ("0", False)], DATE) == ("2/7/00", "wrapped-cell")
    assert join_wrapped([("Options to Purchase Co", True), ("mmon Stock", False)], TEXT) == \
        ("Options to Purchase Common Stock", "wrapped-cell")
    assert join_wrapped([("Employee Stock Option", False), ("(right to buy)", False)], TEXT) == \
        ("Employee Stock Option (right to buy)", None)


# ---------------------------------------------------------------- column alignment

TABLE2 = [Column("securityTitle", TEXT), Column("conversionOrExercisePrice", PRICE),
          Column("transactionDate", DATE), Column("deemedExecutionDate", DATE, 0.02),
          Column("transactionCode", CODE), Column("mark:equitySwapInvolved", "mark", 0.02),
          Column("transactionShares@A", NUMBER), Column("transactionShares@D", NUMBER),
          Column("exerciseDate", DATE), Column("expirationDate", DATE),
          Column("underlyingSecurityTitle", TEXT), Column("underlyingSecurityShares", NUMBER),
          Column("transactionPricePerShare", PRICE), Column("sharesOwnedFollowingTransaction", NUMBER),
          Column("directOrIndirectOwnership", DI), Column("natureOfOwnership", TEXT)]


def placed(tokens, positions=None):
    out, _ = align(tokens, TABLE2, positions)
    return {TABLE2[p.column].name: (p.text, bool(p.ambiguous)) for p in out}


def test_alignment_by_type_when_cells_vanished():
    got = placed(["Employee Stock Option (right to buy)", "$1.722", "09/17/2003", "A", "50,000",
                  "09/17/2013", "Common Stock", "50,000", "$0", "953,000", "D"])
    assert got["conversionOrExercisePrice"][0] == "$1.722"
    assert got["transactionDate"][0] == "09/17/2003"
    assert got["transactionCode"][0] == "A"
    assert got["underlyingSecurityTitle"][0] == "Common Stock"
    assert got["transactionPricePerShare"][0] == "$0"
    assert got["directOrIndirectOwnership"][0] == "D"
    # 50,000 could be (A) or (D) and 09/17/2013 exercisable or expiration: the path says so
    amount = got.get("transactionShares@A") or got.get("transactionShares@D")
    assert amount == ("50,000", True)


def test_alignment_follows_positions_when_tabs_kept_them():
    tokens = ["Employee Stock Option (right to buy)", "$1.722", "09/17/2003", "A", "50,000", "(I)",
              "09/17/2013", "Common Stock", "50,000", "$0", "953,000", "D"]
    got = placed(tokens, [0, 1, 2, 4, 6, 8, 9, 10, 11, 12, 13, 14])
    assert got["transactionShares@A"] == ("50,000", False)
    assert got["exerciseDate"] == ("(I)", False)
    assert got["expirationDate"] == ("09/17/2013", False)


def test_alignment_splits_merged_amount_and_code():
    cols = [Column("transactionShares", NUMBER), Column("transactionAcquiredDisposedCode", AD),
            Column("transactionPricePerShare", PRICE)]
    out, _ = align(["50,000 A", "$12.50"], cols)
    assert [(cols[p.column].name, p.text, bool(p.split)) for p in out] == [
        ("transactionShares", "50,000", True), ("transactionAcquiredDisposedCode", "A", True),
        ("transactionPricePerShare", "$12.50", False)]


# ---------------------------------------------------------------- cross-checks

def tx(shares, ad, after, title="Common Stock"):
    return Row("ndTx", {"securityTitle": Value(title), "transactionShares": Value(shares),
                        "transactionAcquiredDisposedCode": Value(ad),
                        "sharesOwnedFollowingTransaction": Value(after), "directOrIndirectOwnership": Value("D")})


def test_holdings_chain_consistent_is_not_flagged():
    r = reconcile(record_with([tx("1,000", "A", "11,000"), tx("500", "D", "10,500")]))
    assert not r.rows[1].fields["sharesOwnedFollowingTransaction"].flags


def test_holdings_chain_broken_is_flagged_not_rewritten():
    r = reconcile(record_with([tx("1,000", "A", "11,000"), tx("500", "D", "10,800")]))
    v = r.rows[1].fields["sharesOwnedFollowingTransaction"]
    assert v.value == "10800" and v.flags and v.confidence < CONFIDENT


def test_expiration_before_exercise_is_flagged():
    r = reconcile(record_with([Row("dHold", {"exerciseDate": Value("01/01/2010"),
                                             "expirationDate": Value("01/01/2005")})]))
    assert all(v.flags for v in r.rows[0].fields.values())


def test_underlying_differs_from_amount_is_flagged():
    r = reconcile(record_with([Row("dTx", {"transactionShares": Value("100"),
                                           "underlyingSecurityShares": Value("1,000")})]))
    assert r.rows[0].fields["underlyingSecurityShares"].flags


def test_signature_name_keeps_parentheses():
    r = record_with()
    r.signatures.append(Signature(Value("John Doe (1)"), Value("09/18/2003")))
    r.owners.append(Owner({"rptOwnerName": Value("DOE JOHN")}))
    reconcile(r)
    assert r.signatures[0].name.value == "John Doe (1)"


# ---------------------------------------------------------------- titles wrapped into rows of their own

def hold(title=None, **fields):
    f = {k: Value(v) for k, v in fields.items()}
    if title is not None:
        f["securityTitle"] = Value(title)
    return Row("dHold", f)


def test_rest_of_a_wrapped_title_joins_the_title_above():
    r = reconcile(record_with([hold("Employee Stock Option", expirationDate="01/23/2028"),
                               hold("(right to buy)"), hold("Employee Stock Option (right to buy)")]))
    assert [row.fields["securityTitle"].value for row in r.rows] == [
        "Employee Stock Option (right to buy)", "Employee Stock Option (right to buy)"]
    assert "title-continuation" in rules(r.rows[0].fields["securityTitle"])


def test_a_title_printed_above_its_row_joins_the_row_below():
    r = reconcile(record_with([hold("Stock Option"), hold(None, expirationDate="01/23/2028")]))
    assert len(r.rows) == 1 and r.rows[0].fields["securityTitle"].value == "Stock Option"


def test_a_lone_title_that_fits_nowhere_is_flagged():
    r = reconcile(record_with([hold("Warrants", expirationDate="01/23/2028"), hold("Stock Option"),
                               hold("Rights", expirationDate="01/23/2029")]))
    assert len(r.rows) == 3 and r.rows[1].fields["securityTitle"].flags


# ---------------------------------------------------------------- more cross-checks

def test_owner_name_that_reads_like_an_address_is_flagged_with_its_entry():
    r = record_with()
    r.owners = [Owner({"rptOwnerName": Value("DOE JOHN")}),
                Owner({"rptOwnerName": Value("935 STEWART DRIVE"), "city": Value("SUNNYVALE")})]
    reconcile(r)
    assert not r.owners[0].fields["rptOwnerName"].flags
    assert all(v.flags for v in r.owners[1].fields.values())


def test_owner_without_a_name_is_flagged():
    """A scan whose owner box was not found keeps the owner's marks; the missing name says so."""
    r = record_with()
    r.owners = [Owner({"isDirector": Value("1", confidence=0.9)})]
    reconcile(r)
    name = r.owners[0].fields["rptOwnerName"]
    assert name.value is None and name.confidence == 0.0 and "not found" in name.flags[0]


def test_nature_of_indirect_ownership_beside_direct_is_flagged():
    r = reconcile(record_with([Row("ndHold", {"directOrIndirectOwnership": Value("D"),
                                              "natureOfOwnership": Value("By Trust")})]))
    assert all(v.flags for v in r.rows[0].fields.values())


def test_footnotes_cut_in_the_middle_of_a_sentence_are_flagged():
    r = record_with(footnotes=[])
    r.footnotes = [Footnote("F1", Value("Shares are held by the")),
                   Footnote("F2", Value("trust of the reporting person.")),
                   Footnote("F3", Value("Weighted average price."))]
    reconcile(r)
    assert [bool(f.text.flags) for f in r.footnotes] == [True, True, False]


def test_alignment_joins_a_number_split_over_two_cells_and_says_so():
    cols = [Column("securityTitle", TEXT), Column("conversionOrExercisePrice", PRICE),
            Column("transactionDate", DATE), Column("transactionCode", CODE)]
    out, _ = align(["Stock Option", "$1.7", "22", "09/17/2003", "A"], cols)
    price = next(p for p in out if cols[p.column].name == "conversionOrExercisePrice")
    assert price.text == "$1.7 22" and price.ambiguous


@pytest.mark.parametrize("raw", ["Year)", "manth Day/Year)", "(Month/Day/Year)"])
def test_label_words_in_a_date_box_are_not_a_value(raw):
    v = Value(raw, source=raw)
    normalize(v, DATE)
    assert v.value is None and v.corrections[-1].rule == "not-a-date" and v.flags


def test_a_misread_date_with_digits_is_kept_flagged():
    v = Value("O1/3l/2O2", source="O1/3l/2O2")
    normalize(v, DATE)
    assert v.value and v.flags


@pytest.mark.parametrize("raw, want", [
    ("c/O ALTIMMUNE, INC.", "C/O ALTIMMUNE, INC."), ("c/o VALOR EQUITY PARTNERS", "C/O VALOR EQUITY PARTNERS"),
    ("McDONALD JOHN", "McDONALD JOHN"), ("c/o Moderna, Inc.", "c/o Moderna, Inc."),
    ("Series c Preferred Stock", "Series C Preferred Stock"), ("2 x 3 Units", "2 x 3 Units"),
])
def test_same_shape_letters_read_small_in_capitals(raw, want):
    from extract.reconcile import rule_capitals
    v = Value(raw, source=raw, confidence=0.95)
    rule_capitals(v)
    assert v.value == want


def test_capitals_rule_leaves_text_layers_alone():
    from extract.reconcile import rule_capitals
    v = Value("c/o ACME CORP", source="c/o ACME CORP", confidence=1.0)
    rule_capitals(v)
    assert v.value == "c/o ACME CORP"


@pytest.mark.parametrize("text, want", [("0.2/27/2020", "2020-02-27"), ("02/2,7/2020", "2020-02-27"),
                                        ("3.1/12/2019", None)])
def test_speck_inside_a_month_or_day_is_dropped_but_flagged(text, want):
    v = Value(text, source=text)
    normalize(v, DATE)
    assert v.value == want if want else v.confidence < CONFIDENT
    if want:
        assert rules(v) == ["speck-in-date"] and v.confidence < CONFIDENT


def test_signature_date_with_a_speck_is_still_its_date():
    from extract.fill import signature_of
    from extract.pages import Word
    line = [Word(t, 40.0 + 50 * i, 700.0, 85.0 + 50 * i, 708.0, 0.9)
            for i, t in enumerate(["/s/", "Kevin", "C.", "Chen", "0.2/27/2020"])]
    sig = signature_of([(1, line)])
    assert sig.name.value == "/s/ Kevin C. Chen" and sig.date.source == "0.2/27/2020"


@pytest.mark.parametrize("raw, want", [("so", "0"), ("S12.50", "12.50"), ("§1.5", "1.5")])
def test_dollar_sign_read_as_s_in_a_price_is_a_flagged_guess(raw, want):
    v = Value(raw, source=raw)  # typed '$0' read 'so' on a clean Courier scan
    normalize(v, PRICE)
    assert v.value == want and rules(v)[0] == "dollar-sign" and v.confidence < CONFIDENT
    shares = Value("S12", source="S12")
    normalize(shares, NUMBER)  # shares carry no dollar sign: an S there is a 5
    assert shares.value == "512"


@pytest.mark.parametrize("raw, want", [
    ("CRAFT JOSEPH W Tit", "CRAFT JOSEPH W III"),  # Courier 'III' read on a clean scan
    ("SMITH JOHN Ill", "SMITH JOHN III"), ("DOE JANE 1V", "DOE JANE IV"),
    ("WANG LI", "WANG LI"), ("ZHANG WEI LI", "ZHANG WEI LI"), ("Chen Wei Li", "Chen Wei Li"),  # names
    # in mixed case, after a middle initial (fax, seed 101)
    ("deVilliers David H Ill", "deVilliers David H III"), ("Gorman Louis O III", "Gorman Louis O III"),
])
def test_generational_suffix_of_an_owner_name_in_capitals(raw, want):
    from extract.model import Owner, Record
    from extract.reconcile import rule_names
    r = Record(source="t", layout="t", pages=1)
    r.owners.append(Owner({"rptOwnerName": Value(raw, source=raw, confidence=0.9)}))
    rule_names(r)
    name = r.owners[0].fields["rptOwnerName"]
    assert name.value == want and (name.confidence < CONFIDENT) == (raw != want)


def test_a_value_corrected_by_guess_is_flagged():
    """A rule's guess below CONFIDENT flags its value, as a check's doubt does ('Tit' read for
    'III' on a typed paper clean300 scan)."""
    r = record_with()
    r.owners = [Owner({"rptOwnerName": Value("CRAFT JOSEPH W Tit", source="CRAFT JOSEPH W Tit", confidence=0.96)}),
                Owner({"rptOwnerName": Value("DOE JANE", source="DOE JANE", confidence=0.96)})]
    reconcile(r)
    guessed, kept = (o.fields["rptOwnerName"] for o in r.owners)
    assert guessed.value == "CRAFT JOSEPH W III" and guessed.flags == ["corrected by guess (name-suffix); check"]
    assert not kept.flags and kept.confidence == 0.96
