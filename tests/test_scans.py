"""Scanned samples (samples/scans/) field by field, and the scan path's building blocks.

Each scanned sample is read once; every field of its expected XML is one test, so a
field known to be misread is a strict xfail with its reason and the rest must match.
The samples: office-scanner PDFs (200 dpi grey JPEG, skewed; one a typed paper form), fax
PDF and CCITT G4 fax TIFF at 200x100 dpi, a grey TIFF whose pages are turned 90 and 180
degrees, and a photocopy (faded, pepper noise, toner streaks down the page).
"""
from __future__ import annotations

import functools
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

import extract
from extract import cleanup, images, ocr
from extract.errors import UnreadableInput, UnsupportedInput
from extract.pages import Page, Word
from extract.scan import UNSURE_OCR, usable_text_layer
from fieldcompare import flatten

ROOT = Path(__file__).resolve().parents[1]
SCANS = ROOT / "samples" / "scans"
INPUTS = sorted(p for p in SCANS.iterdir() if p.suffix in (".pdf", ".tif") and
                (SCANS / f"{p.stem}.expected.xml").exists())

# Fields misread on the scans with the Debian tesseract 5.3 engine (strict: a fix must remove the mark).
KNOWN_MISREADS: dict[str, dict[str, str]] = {
    "0001012975-17-000759.pdf": {
        "ndTx[0].transactionCode@fn": "fax: 'J(1)' in small print: the mark not read",
        "sig[1].name": "fax: 'Attorney' read 'Attomey' (as in the first signature)",
        "footnote[F1]": "fax: letters misread in the small print ('Redmout', 'conymon')",
        "footnote[F2]": "fax: letters misread in the small print",
        "footnote[F3]": "fax: 'Held by Philip Hodges.' read 'Held by-Philip Hodges,'",
        "sig[0].name": "fax: letters misread in the signature line",
    },
    "0001213900-20-017491.pdf": {
        "owner[0].street1": "typed address line ending in a comma ('10/F,'): the comma is taken for a speck",
        "footnote[F1]": "office200: a speck after 'Class B' read as '_-'",
    },
    "0001567619-20-008697.tif": {
        "periodOfReport": "fax: the date in box 3 is not found (its label is misread beyond the tolerance)",
        "owner[0].officerTitle": "fax: a speck before the title is read as the letter 'r'",
        "ndHold[0].sharesOwnedFollowingTransaction@fn": "fax: the footnote mark '(1)' read as footnote 4",
        "footnote[F1]": "fax: letters misread in the small print",
    },
}


@functools.lru_cache(maxsize=None)
def read(name: str) -> tuple[dict[str, str], object]:
    record = extract.extract(SCANS / name)
    return flatten(extract.to_xml(record)), record


def expected(path: Path) -> dict[str, str]:
    return flatten((SCANS / f"{path.stem}.expected.xml").read_bytes())


def field_cases():
    for path in INPUTS:
        misreads = KNOWN_MISREADS.get(path.name, {})
        for field in expected(path):
            marks = [pytest.mark.xfail(reason=misreads[field], strict=True)] if field in misreads else []
            yield pytest.param(path.name, field, marks=marks, id=f"{path.name}:{field}")


def test_scan_samples_present():
    assert {p.suffix for p in INPUTS} == {".pdf", ".tif"}


@pytest.mark.parametrize("name,field", list(field_cases()))
def test_scanned_field(name: str, field: str):
    got, _ = read(name)
    want = expected(SCANS / name)
    assert got.get(field) == want[field]


@pytest.mark.parametrize("name", [p.name for p in INPUTS])
def test_scan_invents_no_field(name: str):
    """A field the filing does not have is never made up from noise."""
    got, _ = read(name)
    extra = sorted(set(got) - set(expected(SCANS / name)) - set(KNOWN_MISREADS.get(name, {})))
    assert not extra, f"fields not in the filing: {[(f, got[f]) for f in extra]}"


@pytest.mark.parametrize("name", [p.name for p in INPUTS])
def test_scan_values_carry_ocr_provenance(name: str):
    _, record = read(name)
    read_values = [(p, v) for p, v in record.values() if v.value and v.bbox]
    assert read_values
    for path, v in read_values:
        assert v.page >= 1 and 0.0 <= v.confidence <= 1.0
        if v.confidence < UNSURE_OCR and v.bbox is not None:
            assert v.flags, f"{path} = {v.value!r} has confidence {v.confidence:.2f} but no flag"


def test_turned_pages_are_set_upright():
    """Page 1 of the grey TIFF is turned a quarter clockwise, page 2 upside down."""
    pages = images.read_image_file(SCANS / "0001700264-20-000020.tif")
    masks = [cleanup.binarize(p.gray, p.dpi) for p in pages]
    assert [ocr.orientation(m, p.dpi) for m, p in zip(masks, pages)] == [1, 2]


def test_fax_resolution_is_made_square():
    pages = images.read_image_file(SCANS / "0001567619-20-008697.tif")
    img = Image.open(SCANS / "0001567619-20-008697.tif")
    assert img.info["compression"] == "group4" and img.info["dpi"] == (200.0, 100.0)
    assert len(pages) == 2
    w, h = img.size
    assert pages[0].gray.shape == (2 * h, w) and pages[0].dpi == 200.0


def _ruled_page(angle: float) -> np.ndarray:
    """A white page with a ruled table and some print, rotated by ``angle`` degrees."""
    img = np.full((1100, 1700), 255, np.uint8)
    for y in range(200, 1000, 100):
        cv2.line(img, (100, y), (1600, y), 0, 2)
    for x in (100, 600, 1100, 1600):
        cv2.line(img, (x, 200), (x, 900), 0, 2)
    for i, y in enumerate(range(260, 900, 100)):
        cv2.putText(img, f"Common Stock {i},250", (120, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    return cleanup.rotate(img, angle)


@pytest.mark.parametrize("angle", [-3.0, -1.2, 0.0, 0.7, 2.5])
def test_skew_is_measured(angle: float):
    img = _ruled_page(angle)
    found = cleanup.estimate_skew(cleanup.binarize(img, 200.0), 200.0)
    assert abs(found + angle) <= 0.1  # the correction undoes the rotation


@pytest.mark.parametrize("step", [3, 40])
def test_components_same_as_opencv_whatever_their_number(step):
    """16-bit labels where they fit; past 65534 components (a page of specks) 32-bit ones, same result."""
    mask = np.zeros((800, 1000), np.uint8)
    mask[::step, ::step] = 255  # step 3: 89,000 specks
    mask[400:410, 100:900] = 255
    n, labels, stats = cleanup.components(mask)
    ref_n, ref_labels, ref_stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    assert n == ref_n and (n > 65535) == (step == 3)
    assert np.array_equal(stats, ref_stats) and np.array_equal(labels, ref_labels)


def test_ruling_lines_become_rules_and_cells():
    from extract.grid import cells_from_rules

    img = _ruled_page(0.0)
    horiz, vert = cleanup.line_masks(cleanup.binarize(img, 200.0), 200.0)
    rules = cleanup.rules_from_masks(horiz, vert, 200.0)
    assert sum(r.horizontal for r in rules) == 8 and sum(not r.horizontal for r in rules) == 4
    assert len(cells_from_rules(rules)) == 7 * 3


def test_decompression_bomb_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.png"
    Image.new("1", (3000, 3000)).save(path)
    monkeypatch.setattr(images, "MAX_PAGE_PIXELS", 1_000_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000 // 2)
    with pytest.raises(images.ImageBomb):
        images.read_image_file(path)


def test_damaged_image_is_unreadable(tmp_path):
    path = tmp_path / "cut.tif"
    data = (SCANS / "0001567619-20-008697.tif").read_bytes()
    path.write_bytes(data[:400])
    with pytest.raises(UnreadableInput):
        extract.extract(path)


def test_unknown_bytes_are_unsupported(tmp_path):
    path = tmp_path / "x.tif"
    path.write_bytes(b"GIF89a not a tiff")
    with pytest.raises(UnsupportedInput):
        extract.extract(path)


def test_garbage_text_layer_is_not_trusted():
    def page(texts):
        return Page(1, 612, 792, [Word(t, 0, 0, 1, 1) for t in texts])

    assert usable_text_layer(page(["Table", "I", "-", "Non-Derivative", "Securities", "Acquired,"] * 5))
    assert not usable_text_layer(page(["~~", "|||", "#@%", "^^^", "…"] * 10))
    assert not usable_text_layer(page(["FORM", "4"]))


@pytest.mark.parametrize("name", ["0000899243-20-012336.pdf", "0001700264-20-000020.tif"])
def test_pages_read_in_parallel_give_the_same_record(monkeypatch, name):
    """Two pages read at a time, each in its own thread, give what one at a time gives, in page order."""
    import threading

    from extract import scan

    readers = []
    one_page = scan.read_scanned_page

    def recording(*args, **kwargs):
        readers.append(threading.current_thread().name)
        return one_page(*args, **kwargs)

    monkeypatch.setattr(scan, "read_scanned_page", recording)
    record = extract.extract(SCANS / name, page_workers=2)
    assert len(readers) == 2 and len(set(readers)) == 2 and all(r.startswith("page") for r in readers)
    serial = read(name)[1]
    assert extract.to_json(record) == extract.to_json(serial)
    assert extract.to_xml(record) == extract.to_xml(serial)


def test_cli_reads_a_tiff_and_draws_debug_images(tmp_path):
    import subprocess
    import sys

    src = SCANS / "0001700264-20-000020.tif"
    proc = subprocess.run([sys.executable, "-m", "extract", "run", str(src), "--out", str(tmp_path / "out"),
                           "--debug-images", str(tmp_path / "debug"), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "0001700264-20-000020.xml").is_file()
    pngs = sorted(p.name for p in (tmp_path / "debug").glob("*.png"))
    assert pngs == ["0001700264-20-000020-p1.png", "0001700264-20-000020-p2.png"]
    drawn = cv2.imread(str(tmp_path / "debug" / pngs[0]))
    assert drawn is not None and drawn.ndim == 3  # the page in colour, with what was found drawn on it


def test_fax_pdf_page_is_smoothed_before_ocr():
    """The fax PDF's pages are bi-level with every row doubled; OCR reads them smoothed to grey."""
    page = images.render_pdf_page(SCANS / "0001012975-17-000759.pdf", 0, 200)
    assert cleanup.is_bilevel(page.gray) and np.array_equal(page.gray[0:200:2], page.gray[1:200:2])
    clean = ocr.clean_page(page)
    assert not cleanup.is_bilevel(clean.gray)


def test_fax_page_is_read_in_print_characters():
    """EDGAR is ASCII, so tesseract's reading is kept to ASCII's printing characters (and the
    typographic dashes and quotes labels are printed in): on the fax sample it read specks on
    letters as 'é', '»' and '¢'.  The list reaches the tesseract command whole: words are still
    split at spaces, and '$' (a shell's character) is read."""
    page, _ = ocr.read_page_image(images.render_pdf_page(SCANS / "0001012975-17-000759.pdf", 0, 200))
    texts = [w.text for w in page.words]
    assert len(texts) > 300 and all(" " not in t for t in texts)
    assert all(set(t) <= set(ocr.PRINT_CHARACTERS) for t in texts)
    assert "$0.0001" in texts


def _first_montage() -> np.ndarray:
    page = images.render_pdf_page(SCANS / "0000899243-20-012336.pdf", 0, 300)
    clean = ocr.clean_page(page)
    return ocr.build_montages(clean, ocr.find_pieces(clean))[0][0]


@pytest.mark.skipif(ocr.tesseract_api() is None,
                    reason="tesserocr (the 'fast' extra) is not installed, or its tesseract is not the "
                           "tesseract command's version: the command reads alone")
def test_library_reads_as_the_tesseract_command_does(monkeypatch):
    """tesseract's library, kept in the process, gives the words, boxes and whole-percent
    confidences that the ``tesseract`` command gives on the same montage (also with a
    whitelist, and the low-confidence specks both drop); an empty montage gives no words."""
    montage = _first_montage()

    def words(read):
        return [(w[0].strip(), *w[1:]) for w in read if w[0].strip()]

    for whitelist in ("", ocr.MARK_WHITELIST, ocr.PRINT_CHARACTERS):
        with ocr._engine(ocr.DEFAULT_OCR.language) as api:
            by_library = words(ocr._api_words(api, montage, whitelist))
        by_command = words(ocr._command_words(montage, ocr.DEFAULT_OCR.language, whitelist))
        assert len(by_command) > 50 and by_library == by_command
    fast = ocr._tesseract_words(montage, ocr.DEFAULT_OCR)
    monkeypatch.setattr(ocr, "tesseract_api", lambda: None)
    assert ocr._tesseract_words(montage, ocr.DEFAULT_OCR) == fast
    blank = np.full((200, 400), 255, np.uint8)
    assert ocr._tesseract_words(blank, ocr.DEFAULT_OCR) == []


def test_library_of_another_tesseract_version_is_not_used(monkeypatch):
    """tesserocr's wheels bring their own tesseract; one of another version than the command's
    reads some words differently, so the command reads instead.  FILING_EXTRACT_TESSEROCR=0
    turns the library off."""
    import sys
    import types

    import pytesseract

    command = str(pytesseract.get_tesseract_version())
    fake = types.ModuleType("tesserocr")
    monkeypatch.setitem(sys.modules, "tesserocr", fake)
    monkeypatch.delenv("FILING_EXTRACT_TESSEROCR", raising=False)
    try:
        fake.tesseract_version = lambda: f"tesseract {command}\n leptonica-1.82.0\n"
        ocr.tesseract_api.cache_clear()
        assert ocr.tesseract_api() is fake
        fake.tesseract_version = lambda: "tesseract 5.5.4\n leptonica-1.87.0\n"
        ocr.tesseract_api.cache_clear()
        assert ocr.tesseract_api() is None
        fake.tesseract_version = lambda: f"tesseract {command}\n leptonica-1.82.0\n"
        monkeypatch.setenv("FILING_EXTRACT_TESSEROCR", "0")
        ocr.tesseract_api.cache_clear()
        assert ocr.tesseract_api() is None
    finally:
        monkeypatch.undo()
        ocr.tesseract_api.cache_clear()
