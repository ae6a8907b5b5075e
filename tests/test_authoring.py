"""Layout authoring: the scaffold read off a blank form, show, list, and the scaffolded layout at work."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from extract.authoring import TODO, header_pattern, scaffold_layout, scaffold_yaml
from extract.errors import LayoutError
from extract.fill import PageView, find_table_header
from extract.layout import load_layouts, parse_layout
from extract.pipeline import extract, read_pages
from extract.writers import to_xml
from fieldcompare import describe, diff, flatten

ROOT = Path(__file__).resolve().parents[1]
# pages 1, 3 and 4 of the official blank Form 3 (SEC 1473 (05-19)): the boxes and Table I,
# Table II (a header of two ruled rows), the signature page
BLANK = ROOT / "tests" / "fixtures" / "blank" / "form3-blank-2025-p1p3p4.pdf"
SCAFFOLDED = ROOT / "layouts" / "scaffolded"
PAPER_FORM3 = ROOT / "samples" / "paper" / "0000905718-20-000649.pdf"
PAPER_FORM4 = ROOT / "samples" / "paper" / "0001209191-20-036702.pdf"


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def blank_pages():
    return read_pages(BLANK)


@pytest.fixture(scope="module")
def scaffold(blank_pages):
    return scaffold_layout(blank_pages, "blank-form3", "3")


def test_detect_phrases_are_the_forms_name_title_and_edition(scaffold):
    assert scaffold.detect == ["FORM 3", "UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
                               "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES", "SEC 1473 (05-19)"]


def test_boxes_marks_and_fill_in_line(scaffold):
    entries = [e for e, _ in scaffold.fields]
    by_anchor = {e["anchor"]: e for e in entries}
    assert by_anchor["2. Date of Event Requiring"]["strip"] == ["Statement", "(Month/Day/Year)"]
    assert by_anchor["(City)"]["strip"] == ["(City)", "(State)", "(Zip)"]
    marks = [e["anchor"] for e in entries if e.get("region") == "mark"]
    assert marks[:4] == ["Director", "10% Owner", "Officer (give", "Other (specify"]
    below = [e for e in entries if e.get("region") == "below"]
    assert below == [{"name": TODO, "anchor": "title below) below)", "region": "below", "until": ["(City)"]}]
    assert all(e["name"] == TODO for e in entries)


def test_tables_with_two_row_header(scaffold):
    tables = [[c["header"] for c in e["columns"]] for e, _ in scaffold.tables]
    assert tables == [
        [r"^1\.\s*Title of Security", r"^2\.\s*Amount of Securities", r"^3\.\s*Ownership From: Direct",
         r"^3\.\s*Nature of Indirect"],
        [r"^1\.\s*Title of Security", r"^Date Exer\-cisable$", r"^Expira\-tion Date$", "^Title$",
         "^Amount or Number of Shares$", r"^4\.\s*Conver\-sion or Exer\-cise", r"^5\.\s*Ownership Form of",
         r"^6\.\s*Nature of Indirect"]]


def test_section_candidates(scaffold):
    sections = [e for e, _ in scaffold.sections]
    assert {"name": TODO, "kind": TODO, "start": ["Explanation of Responses:"]} in sections
    assert {"name": TODO, "kind": TODO, "above": "**Signature of Reporting Person"} in sections


def test_header_pattern():
    assert header_pattern("1. Title of Security (Instr. 4)") == r"^1\.\s*Title of Security"
    assert header_pattern("(A) or (D)") == r"^\(A\) or \(D\)$"


def named(text: str) -> dict:
    """The scaffold with every TODO named the way a person would (by the schema), minimal."""
    data = yaml.safe_load(text)
    data["fields"] = [dict(f, name="periodOfReport") for f in data["fields"]
                      if f["anchor"] == "2. Date of Event Requiring"]
    fields = iter(["securityTitle", "sharesOwnedFollowingTransaction", "directOrIndirectOwnership",
                   "natureOfOwnership", "securityTitle", "exerciseDate", "expirationDate",
                   "underlyingSecurityTitle", "underlyingSecurityShares", "conversionOrExercisePrice",
                   "directOrIndirectOwnership", "natureOfOwnership"])
    for table, kind in zip(data["tables"], ("ndHold", "dHold")):
        table["kinds"] = [kind]
        for c in table["columns"]:
            c["field"] = next(fields)
    data["sections"] = []
    return data


def test_scaffold_yaml_refused_until_named_then_finds_its_tables(scaffold, blank_pages):
    text = scaffold_yaml(scaffold, str(BLANK))
    with pytest.raises(LayoutError, match="unknown field 'TODO'"):
        parse_layout(yaml.safe_load(text), "scaffold.yaml")
    layout = parse_layout(named(text), "scaffold.yaml")
    views = [PageView(p) for p in blank_pages]
    hits = [find_table_header(views[0], layout.tables[0], views[1]),
            find_table_header(views[1], layout.tables[1], views[2])]
    assert [len(h.columns) if h else 0 for h in hits] == [4, 8]  # every column's header cell


def test_layouts_new_cli_writes_the_scaffold(tmp_path):
    out = tmp_path / "new.yaml"
    proc = cli("layouts", "new", "--from", BLANK, "--form", "3", "--name", "x", "--out", out)
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["name"] == "x" and data["form"] == "3" and len(data["tables"]) == 2


@pytest.mark.parametrize("sample, name", [(PAPER_FORM3, "paper-form3"), (PAPER_FORM4, "paper-form4")])
def test_scaffolded_paper_layouts_read_the_samples_as_expected(sample, name):
    """layouts/scaffolded/paper-form{3,4}.yaml (from 'layouts new' plus data edits) replace the
    hand-made layouts of those names and read the paper samples field for field."""
    layouts = load_layouts([SCAFFOLDED, ROOT / "layouts"])
    assert [lay.path for lay in layouts if lay.name == name] == [str(SCAFFOLDED / f"{name}.yaml")]
    record = extract(sample, layouts=layouts)
    assert record.layout == name
    expected = flatten(sample.with_suffix(".expected.xml").read_bytes())
    differences = diff(expected, flatten(to_xml(record)))
    assert not differences, describe(differences)


def test_layouts_list_and_show(tmp_path):
    proc = cli("layouts", "list", "--layouts", SCAFFOLDED)
    assert proc.returncode == 0, proc.stderr
    names = [line.split()[0] for line in proc.stdout.splitlines()]
    assert {"edgar-form3", "edgar-form4", "edgar-form5", "paper-form3", "paper-form4"} <= set(names)
    assert str(SCAFFOLDED / "paper-form3.yaml") in proc.stdout
    png = tmp_path / "show.png"
    proc = cli("layouts", "show", "paper-form3", PAPER_FORM3, "--page", "1", "--png", png)
    assert proc.returncode == 0, proc.stderr
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "table table1: 4/4 columns" in proc.stdout
    assert "field issuer: anchor '3.Issuer Name and Ticker or Trading Symbol' at" in proc.stdout
    # a layout file, on its own or extending another (found on the search path)
    for layout_file in (SCAFFOLDED / "paper-form3.yaml", ROOT / "layouts" / "paper-form3.yaml"):
        proc = cli("layouts", "show", layout_file, PAPER_FORM3, "--page", "3", "--png", png)
        assert proc.returncode == 0, proc.stderr
        assert "table table2: 8/8 columns, 6 ruled rows" in proc.stdout
    proc = cli("layouts", "show", "no-such-layout", PAPER_FORM3)
    assert proc.returncode == 2 and "no layout named" in proc.stderr


def test_typed_blanks_and_stacked_header_cells():
    """Form 4's blank types its blanks as underscores and cuts some headers into stacked ruled
    cells ('2A. Deemed Execution Date' over '(Month/Day/Year)'): marks on the labels, and the
    top cell, which carries the column's number, as the header."""
    from extract.pages import Page, Rule, Word

    def h(y, x0=0, x1=200):
        return Rule(x0, y, x1, y)

    def v(x, top=0, bottom=60):
        return Rule(x, top, x, bottom)

    words = [Word("1.", 5, 5, 12, 14), Word("Title", 14, 5, 35, 14), Word("of", 37, 5, 45, 14),
             Word("Security", 47, 5, 85, 14),
             Word("2A.", 105, 5, 120, 14), Word("Deemed", 122, 5, 155, 14), Word("Date", 157, 5, 180, 14),
             Word("(Month/Day/Year)", 105, 25, 190, 34),
             Word("_____", 10, 110, 35, 119), Word("Director", 38, 110, 75, 119)]
    rules = [h(0), h(40), h(60), h(20, 100, 200), v(0), v(100), v(200),
             h(100), h(140), v(0, 100, 140), v(200, 100, 140)]
    s = scaffold_layout([Page(1, 300, 300, words, rules)], "x", "4")
    assert [[c["header"] for c in t["columns"]] for t, _ in s.tables] == [
        [r"^1\.\s*Title of Security", r"^2A\.\s*Deemed Date"]]
    assert [e for e, _ in s.fields] == [{"name": TODO, "anchor": "Director", "region": "mark"}]
