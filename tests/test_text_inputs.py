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
