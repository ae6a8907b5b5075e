"""Text inputs: the readers (plain text, EDGAR SGML, tesseract TSV and hOCR), text layouts,
and --explain on a text sample."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import extract
from extract.errors import LayoutError, UnsupportedInput
from extract.pipeline import read_pages
from extract.reconcile import CONFIDENT
from extract.textfill import parse_text_layout, ruled_rows, ruled_table
from extract.textin import read_text, split_line, text_kind

ROOT = Path(__file__).resolve().parents[1]
OCR = ROOT / "tests" / "fixtures" / "ocr"
SEED = ROOT / "samples" / "text" / "form4-8x8-2003.txt"
SGML = ROOT / "samples" / "sgml" / "0000950131-00-001234.txt"


def test_split_line_keeps_empty_tab_cells_and_drops_space_gaps():
    assert split_line("A\t\tB\t").cells == ["A", "", "B", ""]
    assert split_line("Common Stock    09/17/2003   A  50,000").cells == ["Common Stock", "09/17/2003", "A", "50,000"]


def test_kinds_by_content():
    assert text_kind(SEED, SEED.read_bytes()[:4096]) == "txt"
    assert text_kind(SGML, SGML.read_bytes()[:4096]) == "sgml"
    assert text_kind(OCR / "0001209191-20-042779.tsv", (OCR / "0001209191-20-042779.tsv").read_bytes()[:4096]) == "tsv"
    assert text_kind(OCR / "0001209191-20-042779.hocr", (OCR / "0001209191-20-042779.hocr").read_bytes()[:4096]) == "hocr"


def test_tsv_and_hocr_give_the_same_positioned_words():
    tsv = read_pages(OCR / "0001209191-20-042779.tsv")
    hocr = read_pages(OCR / "0001209191-20-042779.hocr")
    assert len(tsv) == len(hocr) == 3
    assert all(p.source == "ocr" and p.width > 1000 for p in tsv + hocr)
    for a, b in zip(tsv, hocr):
        assert [w.text for w in a.words] == [w.text for w in b.words]
        assert [(round(w.x0), round(w.top)) for w in a.words] == [(round(w.x0), round(w.top)) for w in b.words]
        assert all(0.0 <= w.confidence <= 1.0 for w in a.words)
    assert "Odonate" in " ".join(w.text for w in tsv[0].words)


def test_ocr_lines_split_cells_on_wide_gaps():
    doc = read_text(OCR / "0001209191-20-042779.tsv", "tsv")
    cells = [c for ln in doc.lines for c in ln.cells]
    assert "Odonate Therapeutics, Inc. [ODT]" in cells
    assert "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned" in cells


@pytest.mark.parametrize("suffix", ["tsv", "hocr"])
def test_values_rebuilt_from_ocr_lines_are_never_sure(suffix):
    record = extract.extract(OCR / f"0001209191-20-042779.{suffix}")
    assert record.form_type == "4"
    # boxes printed side by side come out of OCR lines interleaved: nothing may be given as sure
    values = [v for _, v in record.values() if not v.empty]
    assert values and all(v.confidence < CONFIDENT and v.flags for v in values)
    assert any("not read as a table row" in w for w in record.warnings)  # header lines are not rows


def test_sgml_submission_without_an_ownership_document(tmp_path):
    f = tmp_path / "10k.txt"
    f.write_text("<SEC-DOCUMENT>x\n<DOCUMENT>\n<TYPE>10-K\n<TEXT>\nannual report\n</TEXT>\n</DOCUMENT>\n")
    with pytest.raises(UnsupportedInput, match="10-K"):
        extract.extract(f)


def test_ruled_table_wraps_and_continuations():
    lines = [split_line(s) for s in [
        "Title       |Date |Code|",
        "____________|_____|____|",
        "Options to P|2/7/0|M   |",
        "urchase     |0    |    |",
        "            |     |    |",
        "Common Stock|3/1/0|S   |",
        "            |1    |    |",
    ]]
    table = ruled_table(lines)
    rows = [[(t, j) for t, j, _ in cells] for cells, _ in ruled_rows(table, ["text", "date", "code"])]
    assert rows == [[("Options to Purchase", 0), ("2/7/00", 1), ("M", 2)],
                    [("Common Stock", 0), ("3/1/01", 1), ("S", 2)]]


def test_text_layout_errors_name_the_key():
    with pytest.raises(LayoutError, match="boxes\\[0\\]: unknown field"):
        parse_text_layout({"name": "x", "form": "4", "detect": ["x"],
                           "boxes": [{"name": "nope", "label": "A"}]}, "x.yaml")
    with pytest.raises(LayoutError, match="tables\\[0\\].columns\\[0\\]"):
        parse_text_layout({"name": "x", "form": "4", "detect": ["x"],
                           "tables": [{"kinds": ["ndTx"], "columns": ["notAField"]}]}, "x.yaml")


def test_explain_prints_every_correction(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "extract", "run", str(SEED), "--out", str(tmp_path),
                           "--explain", "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "dTx[0].exerciseDate = (none) [F1]" in out
    assert "footnote-mark-shape  '(I)' -> '[F1]'  (0.90)" in out
    assert "artifacts  '\\\\$1.722' -> '$1.722'  (1.00)" in out
    record = (tmp_path / "form4-8x8-2003.json").read_text()
    assert '"rule": "footnote-mark-shape"' in record


FORM5 = "\n".join([
    "ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
    "X Form 3 Holdings Reported",
    "Form 4 Transactions Reported",
    "1. Name and Address of Reporting Person * DOE JANE (Last) (First) (Middle) 1 MAIN ST (Street) "
    "AUSTIN TX 78701 (City) (State) (Zip)\t2. Issuer Name and Ticker or Trading Symbol ACME CORP [ACME]"
    "\t5. Relationship of Reporting Person(s) to Issuer (Check all applicable) X Director 10% Owner "
    "Officer (give title below) Other (specify below)",
    "\t3. Statement for Issuer's Fiscal Year Ended (Month/Day/Year) 12/31/2003\t",
    "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
    "1. Title of Security (Instr. 3)\t2. Transaction Date (Month/Day/Year)\t2A. Deemed Execution Date, "
    "if any (Month/Day/Year)\t3. Transaction Code (Instr. 8)\t\t4. Securities Acquired (A) or Disposed "
    "Of (D) (Instr. 3, 4 and 5)\t\t\t5. Amount of Securities Beneficially Owned at end of Issuer's "
    "Fiscal Year (Instr. 3 and 4)\t6. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)\t7. Nature "
    "of Indirect Beneficial Ownership (Instr. 4)",
    "\t\t\tCode\tV\tAmount\t(A) or (D)\tPrice\t\t\t",
    "Common Stock\t12/15/2003\t\tG\t\t500\tD\t$0\t10,000\tD\t",
    "Explanation of Responses:",
    "",
    "/s/ Jane Doe 02/10/2004",
    "** Signature of Reporting Person Date",
])


def test_form5_text_layout(tmp_path):
    f = tmp_path / "form5.txt"
    f.write_text(FORM5)
    r = extract.extract(f)
    assert (r.form_type, r.layout) == ("5", "text-form5")
    doc = {k: v.value for k, v in r.document.items()}
    assert doc["periodOfReport"] == "2003-12-31"
    assert (doc["form3HoldingsReported"], doc["form4TransactionsReported"]) == ("1", "0")
    assert (doc["issuerName"], doc["issuerTradingSymbol"]) == ("ACME CORP", "ACME")
    owner = {k: v.value for k, v in r.owners[0].fields.items()}
    assert (owner["rptOwnerName"], owner["city"], owner["state"], owner["zip"], owner["isDirector"]) == \
        ("DOE JANE", "AUSTIN", "TX", "78701", "1")
    row = {k: v.value for k, v in r.rows[0].fields.items()}
    assert (r.rows[0].kind, row["transactionCode"], row["transactionShares"], row["transactionAcquiredDisposedCode"],
            row["sharesOwnedFollowingTransaction"]) == ("ndTx", "G", "500", "D", "10000")
    assert (r.signatures[0].name.value, r.signatures[0].date.value) == ("/s/ Jane Doe", "2004-02-10")


def test_form3_text_layout(tmp_path):
    f = tmp_path / "form3.txt"
    f.write_text("\n".join([
        "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES",
        "1. Name and Address of Reporting Person * ROE RICHARD (Last) (First) (Middle) 9 ELM ST (Street) "
        "DOVER DE 19901 (City) (State) (Zip)\t2. Date of Event Requiring Statement (Month/Day/Year) "
        "03/31/2020\t3. Issuer Name and Ticker or Trading Symbol Widget Co [WDG]",
        "Table I - Non-Derivative Securities Beneficially Owned",
        "1.Title of Security (Instr. 4)\t2. Amount of Securities Beneficially Owned (Instr. 4)\t3. Ownership "
        "Form: Direct (D) or Indirect (I) (Instr. 5)\t4. Nature of Indirect Beneficial Ownership (Instr. 5)",
        "Common Stock\t41,666\tD\t",
        "Table II - Derivative Securities Beneficially Owned (e.g., puts, calls, warrants, options)",
        "1. Title of Derivative Security (Instr. 4)\t2. Date Exercisable and Expiration Date (Month/Day/Year)"
        "\t\t3. Title and Amount of Securities Underlying Derivative Security (Instr. 4)\t\t4. Conversion or "
        "Exercise Price of Derivative Security\t5. Ownership Form\t6. Nature of Indirect Beneficial Ownership",
        "\tDate Exercisable\tExpiration Date\tTitle\tAmount or Number of Shares\t\t\t",
        "Stock Option (Right to Buy)\t(1)\t03/29/2028\tCommon Stock\t36,458\t$ 1.5\tD\t",
        "Explanation of Responses:",
        "1. The options vested monthly.",
    ]))
    r = extract.extract(f)
    assert (r.form_type, r.document["periodOfReport"].value) == ("3", "2020-03-31")
    assert [row.kind for row in r.rows] == ["ndHold", "dHold"]
    d = {k: (v.value, v.footnotes) for k, v in r.rows[1].fields.items()}
    assert d["exerciseDate"] == (None, ["F1"]) and d["expirationDate"] == ("2028-03-29", [])
    assert d["conversionOrExercisePrice"] == ("1.5", []) and d["underlyingSecurityShares"] == ("36458", [])


def test_seed_with_vanished_cells_gives_the_same_record_with_doubts_flagged(tmp_path):
    """The seed with runs of spaces for tabs: empty cells vanish, positions say nothing; the
    row is placed by type, and where two columns could hold a value it is flagged."""
    text = SEED.read_text()
    spaced = tmp_path / "seed-spaces.txt"
    spaced.write_text("\n".join("   ".join(c for c in ln.split("\t") if c.strip()) for ln in text.split("\n")))
    tabbed, vanished = extract.extract(SEED), extract.extract(spaced)
    assert extract.to_xml(tabbed).replace(b"seed-spaces", b"") == extract.to_xml(vanished)
    row = vanished.rows[0].fields
    for name in ("transactionShares", "transactionAcquiredDisposedCode", "expirationDate"):
        assert row[name].confidence < CONFIDENT and row[name].flags, name
    for name in ("securityTitle", "conversionOrExercisePrice", "transactionDate", "transactionCode",
                 "underlyingSecurityTitle", "sharesOwnedFollowingTransaction", "directOrIndirectOwnership"):
        assert row[name].confidence >= CONFIDENT and not row[name].flags, name


def test_a_footnote_mark_before_a_section_label_is_not_a_box_number(tmp_path):
    """Regression: 'See Footnote(2)' ending the last row above 'Explanation of Responses:' was
    taken for the section's box number, and the row fell outside its table."""
    lines = SEED.read_text().splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("Employee Stock Option"))
    lines[at] = lines[at].rstrip("\t") + "\tSee Footnote(1)"
    lines[at + 1:at + 1] = ["Explanation of Responses:"]
    f = tmp_path / "seed-footnote.txt"
    f.write_text("\n".join(lines))
    record = extract.extract(f)
    assert record.rows and record.rows[0].fields["natureOfOwnership"].value == "See Footnote"


def test_sgml_page_markers_are_page_breaks(tmp_path):
    """ASCII filings mark printed pages with <PAGE>: not text, and it counts pages."""
    text = SGML.read_text().replace("FORM 4 (continued)", "<PAGE>\nFORM 4 (continued)")
    f = tmp_path / "paged.txt"
    f.write_text(text)
    record, plain = extract.extract(f), extract.extract(SGML)
    assert record.pages == 2
    assert extract.to_xml(record) == extract.to_xml(plain)
    assert {r.page for r in record.rows if r.kind.startswith("d")} == {2}


def test_tables_ruled_with_dashes_and_plus_signs(tmp_path):
    """The same ASCII tables drawn with '-' rules and '+' where they cross a column line."""
    out = []
    for ln in SGML.read_text().splitlines():
        if "|" in ln and set(ln) <= set("_| "):
            ln = ln.replace("_", "-").replace("|", "+")
        out.append(ln)
    f = tmp_path / "dashes.txt"
    f.write_text("\n".join(out))
    assert extract.to_xml(extract.extract(f)) == extract.to_xml(extract.extract(SGML))
