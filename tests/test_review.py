"""Review pages and corrections: built from a sample, used in headless Chromium, applied back."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml import ElementTree as ET  # reading XML: no DTDs, no entities

from extract.corrections import CorrectionError, Edit, apply_edits, load_record, record_from_dict
from extract.pipeline import extract
from extract.writers import to_json, to_xml

ROOT = Path(__file__).resolve().parents[1]
# a Form 5 whose record has three flagged values (two A/D codes against code G, a cut footnote)
FLAGGED = ROOT / "samples" / "edgar" / "0001127602-20-005243.pdf"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    truncated = tmp_path_factory.mktemp("in") / "truncated.pdf"
    truncated.write_bytes(FLAGGED.read_bytes()[:2000])
    proc = cli("run", FLAGGED, truncated, "--out", out, "--format", "xml,json", "--quiet", "--workers", "1")
    assert proc.returncode == 3, proc.stderr  # the truncated PDF failed; the sample was extracted
    proc = cli("review", out)
    assert proc.returncode == 0, proc.stderr
    return out


def test_record_json_reads_back_to_the_same_record():
    record = extract(FLAGGED)
    again = record_from_dict(json.loads(to_json(record)))
    assert to_json(again) == to_json(record) and to_xml(again) == to_xml(record)


def test_review_pages_and_images_written(reviewed):
    folder = reviewed / "review"
    page = (folder / f"{FLAGGED.stem}.html").read_text(encoding="utf-8")
    images = sorted(folder.glob(f"{FLAGGED.stem}-p*.png"))
    assert len(images) == 3 and all(p.read_bytes().startswith(b"\x89PNG") for p in images)
    assert page.count('class="box flagged"') == 3  # every flagged value boxed on its page
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert f'href="{FLAGGED.stem}.html"' in index
    assert "truncated</td><td colspan=4>failed: UnreadableInput" in index  # failed documents listed too


def test_stale_or_unknown_correction_refused_whole():
    record = extract(FLAGGED)
    before = to_xml(record)
    with pytest.raises(CorrectionError, match="no value"):
        apply_edits(record, [Edit("ndTx[0].securityTitle", "Class A Common Stock", "X"), Edit("nope", "", "1")])
    with pytest.raises(CorrectionError, match="another version"):
        apply_edits(record, [Edit("ndTx[0].securityTitle", "Common Stock", "X")])
    assert to_xml(record) == before  # nothing applied


def test_apply_corrections_errors_are_clear(reviewed, tmp_path):
    bad = tmp_path / "c.json"
    bad.write_text('{"document": "missing-doc", "corrections": []}')
    proc = cli("apply-corrections", bad, "--out", reviewed)
    assert proc.returncode == 3 and "no such record" in proc.stderr
    bad.write_text("not json")
    proc = cli("apply-corrections", bad, "--out", reviewed)
    assert proc.returncode == 3 and "not a corrections file" in proc.stderr


def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: scripts/setup.sh installs it (apt package 'chromium')")
        pytest.skip("chromium is not installed here (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright
    return sync_playwright(), CHROMIUM


def test_edit_flagged_value_in_browser_save_and_apply(reviewed, tmp_path):
    manager, executable = browser()
    flagged = {p for p, v in load_record(reviewed / f"{FLAGGED.stem}.json").flagged}
    assert len(flagged) == 3
    xml_before = (reviewed / f"{FLAGGED.stem}.xml").read_bytes()
    new_text = "Held by a trust of which the reporting person is a trustee."
    with manager as pw:
        chrome = pw.chromium.launch(executable_path=executable)
        try:
            page = chrome.new_page(accept_downloads=True)
            page.goto((reviewed / "review" / f"{FLAGGED.stem}.html").as_uri())
            listed = page.eval_on_selector_all("#flagged .val", "els => els.map(e => e.dataset.path)")
            assert set(listed) == flagged
            assert page.eval_on_selector_all(".frame img", "els => els.every(i => i.naturalWidth > 0)")
            field = page.locator('#flagged .val[data-path="footnote[F1]"]')
            field.fill(new_text)
            # the same value in the Footnotes table follows the edit
            assert page.locator('section .val[data-path="footnote[F1]"]').nth(1).input_value() == new_text
            with page.expect_download() as download:
                page.click("#save")
            saved = tmp_path / download.value.suggested_filename
            download.value.save_as(saved)
        finally:
            chrome.close()
    assert saved.name == f"{FLAGGED.stem}.corrections.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["document"] == FLAGGED.stem
    assert [c["path"] for c in data["corrections"]] == ["footnote[F1]"]

    proc = cli("apply-corrections", saved, "--out", reviewed)
    assert proc.returncode == 0, proc.stderr
    xml_after = (reviewed / f"{FLAGGED.stem}.xml").read_bytes()
    assert xml_after != xml_before
    footnote = ET.fromstring(xml_after).find("footnotes/footnote[@id='F1']")
    assert footnote.text == new_text
    value = dict(load_record(reviewed / f"{FLAGGED.stem}.json").values())["footnote[F1]"]
    manual = value.corrections[-1]
    assert (manual.rule, manual.after, manual.confidence) == ("manual", new_text, 1.0)
    assert manual.before == data["corrections"][0]["before"] and not value.flags
    # the same file again: the record no longer holds what it was made from
    proc = cli("apply-corrections", saved, "--out", reviewed)
    assert proc.returncode == 3 and "another version" in proc.stderr


def test_page_images_of_image_and_text_inputs(tmp_path):
    """A scan file's pages are shown at the review resolution, sized in points by its dpi;
    a text input has no page images."""
    import numpy as np
    from PIL import Image

    from extract.review import PAGE_DPI, render_pages
    scan = tmp_path / "scan.png"
    Image.fromarray(np.full((2200, 1700), 255, dtype=np.uint8)).save(scan, dpi=(200, 200))
    (page,) = render_pages(scan, "scan", tmp_path)
    assert (page.number, round(page.width), round(page.height)) == (1, 612, 792)
    with Image.open(tmp_path / page.file) as shown:
        assert shown.size == (round(1700 * PAGE_DPI / 200), round(2200 * PAGE_DPI / 200))
    assert render_pages(ROOT / "samples" / "text" / "form4-8x8-2003.txt", "t", tmp_path) == []
