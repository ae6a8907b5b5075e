"""Every sample in samples/ against its expected EDGAR XML, through the API and the CLI."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import extract
from fieldcompare import describe, diff, flatten, row_count

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
# Known extraction gaps, each tracked in the issue; strict, so a fix makes the test fail
# until the mark is removed.
KNOWN_GAPS: dict[str, str] = {}
INPUT_SUFFIXES = (".pdf", ".txt", ".tsv", ".hocr")
# text-layer and text samples; scanned ones (samples/scans/) are compared field by field in test_scans.py
PDFS = sorted(p for p in SAMPLES.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES
              and "scans" not in p.relative_to(SAMPLES).parts and p.with_suffix(".expected.xml").exists())
# for the field-by-field comparisons
CASES = [pytest.param(p, marks=pytest.mark.xfail(reason=KNOWN_GAPS[p.stem], strict=True))
         if p.stem in KNOWN_GAPS else p for p in PDFS]
VALUE_KEYS = {"value", "footnotes", "page", "bbox", "source", "confidence", "corrections", "flags"}


def case_id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


def expected_xml(pdf: Path) -> bytes:
    return pdf.with_suffix(".expected.xml").read_bytes()


def test_samples_present():
    assert {p.parent.name for p in PDFS} >= {"edgar", "paper"}, "samples/edgar and samples/paper must hold samples"
    names = [p.stem for p in PDFS]
    assert len(names) == len(set(names)), "sample stems must be unique across folders (the CLI test relies on it)"


# ---------------------------------------------------------------- API

@pytest.mark.parametrize("pdf", CASES, ids=case_id)
def test_api_matches_expected(pdf: Path):
    record = extract.extract(pdf)
    got = flatten(extract.to_xml(record))
    want = flatten(expected_xml(pdf))
    differences = diff(want, got)
    assert not differences, f"{case_id(pdf)}: " + describe(differences)


# ---------------------------------------------------------------- CLI

@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli-out")
    proc = subprocess.run(
        [sys.executable, "-m", "extract", "run", *map(str, PDFS), "--out", str(out),
         "--format", "xml,json,csv"],
        capture_output=True, text=True, cwd=ROOT, timeout=900)
    return proc, out


def test_cli_exit_code(cli_run):
    proc, out = cli_run
    errors = []
    for p in sorted(out.glob("*.error.json")):
        e = json.loads(p.read_text())
        errors.append(f"  {Path(e['input']).relative_to(ROOT)}: {e['error_class']} (exit {e['exit_code']}): "
                      f"{e['message'][:120]}")
    assert proc.returncode == 0, f"exit {proc.returncode}; failed inputs:\n" + "\n".join(errors)


@pytest.mark.parametrize("pdf", CASES, ids=case_id)
def test_cli_outputs(cli_run, pdf: Path):
    _, out = cli_run
    err = out / f"{pdf.stem}.error.json"
    assert not err.exists(), f"{case_id(pdf)} failed: {err.read_text()}"
    xml_out, json_out = out / f"{pdf.stem}.xml", out / f"{pdf.stem}.json"
    assert xml_out.is_file() and json_out.is_file()
    differences = diff(flatten(expected_xml(pdf)), flatten(xml_out.read_bytes()))
    assert not differences, f"{case_id(pdf)} (CLI): " + describe(differences)


def _values(node):
    """Every serialized Value (a dict carrying 'value' and 'confidence') in a JSON record."""
    if isinstance(node, dict):
        if "value" in node and "confidence" in node:
            yield node
        else:
            for v in node.values():
                yield from _values(v)
    elif isinstance(node, list):
        for v in node:
            yield from _values(v)


@pytest.mark.parametrize("pdf", PDFS, ids=case_id)
def test_cli_json_has_provenance(cli_run, pdf: Path):
    _, out = cli_run
    json_out = out / f"{pdf.stem}.json"
    assert json_out.is_file(), f"no JSON for {case_id(pdf)}"
    record = json.loads(json_out.read_text(encoding="utf-8"))
    for key in ("source", "layout", "pages", "document", "owners", "rows", "footnotes", "signatures"):
        assert key in record, f"JSON record lacks {key!r}"
    values = list(_values(record))
    assert values, "JSON record holds no values"
    for v in values:
        missing = VALUE_KEYS - v.keys()
        assert not missing, f"a value lacks {sorted(missing)}: {v}"
        assert isinstance(v["corrections"], list) and isinstance(v["flags"], list)
        assert 0.0 <= v["confidence"] <= 1.0
    located = [v for v in values if v["value"] not in (None, "")]
    assert any(v["page"] and v["bbox"] and len(v["bbox"]) == 4 for v in located), \
        "no value carries a page and bbox"


def test_cli_csv(cli_run):
    _, out = cli_run
    path = out / "transactions.csv"
    assert path.is_file()
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        rows = list(reader)
    for col in ("document", "form", "row_kind", "row_index", "securityTitle", "transactionShares"):
        assert col in header, f"transactions.csv header lacks {col!r}: {header}"
    per_doc: dict[str, int] = {}
    for r in rows:
        per_doc[r["document"]] = per_doc.get(r["document"], 0) + 1
    want = {p.stem: row_count(expected_xml(p)) for p in PDFS}
    assert per_doc == {k: v for k, v in want.items() if v}, \
        f"rows per document in transactions.csv {per_doc} != table rows in expected XML {want}"
