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
from extract.grid import group_lines
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
        "footnote[F1]": "fax: letters misread in the small print ('Redmout', 'conymon')",
        "footnote[F2]": "fax: letters misread in the small print",
    },
    "0001213900-20-017491.pdf": {
        "footnote[F1]": "office200: a speck after 'Class B' read as '_-'",
    },
    "0001567619-20-008697.tif": {
        "ndHold[0].sharesOwnedFollowingTransaction@fn": "fax: the footnote mark '(1)' not read",
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


def _decoded(path: Path) -> list[images.PageImage]:
    return [load() for load in images.image_pages(path)]


def test_turned_pages_are_set_upright():
    """Page 1 of the grey TIFF is turned a quarter clockwise, page 2 upside down."""
    pages = _decoded(SCANS / "0001700264-20-000020.tif")
    masks = [cleanup.binarize(p.gray, p.dpi) for p in pages]
    assert [ocr.orientation(m, p.dpi) for m, p in zip(masks, pages)] == [1, 2]


def test_courier_fax_page_is_set_upright_by_reading():
    """A continuation sheet typed in Courier and sent by fax (the top of page 5 of typed paper
    Form 3 0001104659-20-118685): at the half resolution orientation is measured at, its lines'
    ascenders say upside down either way up; reading its widest lines tells."""
    upright = cv2.imread(str(ROOT / "tests" / "fixtures" / "continuation-sheet-fax.png"), cv2.IMREAD_GRAYSCALE)
    for gray, turns in ((upright, 0), (np.ascontiguousarray(np.rot90(upright, 2)), 2)):
        half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        mask = cleanup.without_dots(cleanup.binarize(half, 100), 100)
        assert ocr.orientation(mask, 100) == 2 - turns  # the ascenders alone: wrong
        assert ocr.clean_page(images.PageImage(1, gray, 200)).quarter_turns == turns


def test_fax_resolution_is_made_square():
    pages = _decoded(SCANS / "0001567619-20-008697.tif")
    img = Image.open(SCANS / "0001567619-20-008697.tif")
    assert img.info["compression"] == "group4" and img.info["dpi"] == (200.0, 100.0)
    assert len(pages) == 2
    w, h = img.size
    assert pages[0].gray.shape == (2 * h, w) and pages[0].dpi == 200.0


def test_pages_of_a_tiff_are_decoded_one_at_a_time(monkeypatch):
    """A long fax is not held decoded in memory: each page is decoded when it is read."""
    path = SCANS / "0001567619-20-008697.tif"
    decoded = []
    real = images.to_square_gray
    monkeypatch.setattr(images, "to_square_gray", lambda img, dpi: decoded.append(img.tell()) or real(img, dpi))
    loaders = images.image_pages(path)
    assert len(loaders) == 2 and decoded == []
    second = loaders[1]()
    assert decoded == [1] and second.number == 2
    assert np.array_equal(second.gray, _decoded(path)[1].gray)


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


def test_sides_of_a_row_cut_by_the_page_break_are_rules():
    """Overleaf of a page break, the SEC rendering's owner row leaves its last line of text with
    sides 16 pt tall (EDGAR 0001811562-20-000001 page 2): rules, not '|' read as text."""
    dpi = 300.0
    page = np.full((600, 1200), 255, np.uint8)
    cv2.line(page, (100, 180), (1100, 180), 0, 3)                    # the row's bottom border
    for x in (100, 500, 700, 1100):
        cv2.line(page, (x, 114), (x, 180), 0, 3)                     # its sides, 16 pt
    cv2.putText(page, "JACKSONVILLE, FL", (120, 165), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    cv2.line(page, (100, 400), (1100, 400), 0, 3)
    mask = cleanup.binarize(page, dpi)
    horiz, vert = cleanup.line_masks(mask, dpi)
    assert not vert[114:180].any()  # too short for a ruling line
    sides = cleanup.cut_row_sides(mask, horiz, dpi)
    rules = cleanup.rules_from_masks(horiz, cv2.bitwise_or(vert, sides), dpi)
    assert sorted(round(r.x0 * dpi / 72) for r in rules if not r.horizontal) == [100, 500, 700, 1100]
    cv2.putText(page, "Page 2", (120, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)  # print above them
    mask = cleanup.binarize(page, dpi)
    assert not cleanup.cut_row_sides(mask, cleanup.line_masks(mask, dpi)[0], dpi).any()


def test_sides_of_a_cut_row_are_found_under_fax_specks():
    """The Reporting Owners row cut by the page break leaves its city line at the top of page 2,
    with fax specks above it (one 3 pt high): the sides were not taken for a row's, were read as
    '|' ('|JACKSONVILLE,', '32205]') and the city, state and zip were lost.  Top of page 2 of a
    fax scan of 0001811562-20-000001 (200 dpi)."""
    crop = cv2.imread(str(ROOT / "tests" / "fixtures" / "owner-row-cut-fax-p2.png"), cv2.IMREAD_GRAYSCALE)
    page, clean = ocr.read_page_image(images.PageImage(2, crop, 200.0))
    assert len([r for r in clean.rules if not r.horizontal and r.bottom - r.top < 20]) == 6
    assert [w.text for w in page.words][:3] == ["JACKSONVILLE,", "FL", "32205"]


def test_a_box_checked_in_light_grey_is_ink():
    """The SEC rendering of Form 5 checks 'Form 4 Transactions Reported' with a light grey box
    (a white tick in it) and leaves 'Form 3 Holdings Reported' a grey outline; crop of a
    photocopy scan of 0001493152-20-007421, 300 dpi, from 20 pt left and 125 pt down."""
    crop = cv2.imread(str(ROOT / "tests" / "fixtures" / "form5-boxes-photocopy.png"), cv2.IMREAD_GRAYSCALE)
    paper = float(np.median(crop))
    for level in (paper - 5, paper, min(255.0, paper + 5)):  # however the page's paper level came out
        (x0, top, x1, bottom), = cleanup.light_filled_boxes(crop, 300.0, level)  # one box: the Form 4 row's
        assert x0 < 22 < x1 and top < 41 < bottom and 8 <= x1 - x0 <= 11 and 8 <= bottom - top <= 11
    mask = cleanup.binarize(crop, 300.0)
    assert cleanup.filled_boxes(crop, mask, 300.0) == []  # too light for the print mask


def test_a_speck_read_as_a_digit_does_not_make_a_holding_a_transaction():
    """A speck on the rule under a holding's Transaction Code cell is read '2' (a glyph 1.6 pt
    high among print 8 pt high): taken for a code, it made the row a transaction and the holding
    was lost.  Page 1 of a fax scan of 0001325670-20-000005 (Form 5, 200 dpi)."""
    record = extract.extract(ROOT / "tests" / "fixtures" / "form5-holdings-fax-p1.png")
    assert [row.kind for row in record.rows] == ["ndHold"] * 5
    assert record.rows[2].fields["sharesOwnedFollowingTransaction"].value == "105375"
    assert not any("transactionCode" in row.fields for row in record.rows)


def test_two_lines_of_small_print_bridged_by_specks_are_cut_apart():
    """Footnotes in 8 pt print about 1 pt apart, faxed with heavy speckle: specks and touching
    descenders made two lines one run of ink two lines tall, read as one garbled line
    ('is power one of aie the nce ten ousnng'); a footnote was lost.  Top of page 3 of a harsh
    fax scan (skew 3 degrees, twice the specks) of 0001441683-20-000007, deskewed, 200 dpi."""
    crop = cv2.imread(str(ROOT / "tests" / "fixtures" / "footnotes-two-lines-bridged-fax.png"), cv2.IMREAD_GRAYSCALE)
    page, clean = ocr.read_page_image(images.PageImage(3, crop, 200.0))
    lines = [" ".join(w.text for w in line) for line in group_lines(page.words)]
    assert len(lines) == 4
    assert "stockholder is" in lines[1] and "founders)." in lines[1]
    assert lines[2].startswith("(2) less than 10% of the aggregate voting power")
    assert max(p.h for p in clean.pieces) < 15 * 200 / 72  # no piece two lines tall


def test_unsure_typed_words_on_a_fax_take_the_reading_most_print_sizes_share():
    """Page 3 of a typed paper Form 4 (0001467858-20-000082) faxed (200x100 dpi, stretched to
    200x200, not deskewed): footnote 2 in 10 pt typewriter print read 'Eacth RSU will be settled
    for ane share' at the usual print size; read again at two other sizes, 'Each' and 'one'
    are what two of the three readings share."""
    gray = cv2.imread(str(ROOT / "tests" / "fixtures" / "footnotes-typed-fax-p3.png"), cv2.IMREAD_GRAYSCALE)
    page, clean = ocr.read_page_image(images.PageImage(3, gray, 200.0))
    assert clean.bilevel
    lines = [" ".join(w.text for w in line) for line in group_lines(page.words)]
    assert "2. Each RSU will be settled for one share of the Company's Common Stock." in lines


def test_lines_of_print_apart_are_cut_and_single_lines_are_not():
    """Page 1 of a fax scan of Form 5 0001325670-20-000005: a box's two lines of small print
    joined by a rule's stub down their left ('|Persons who respo' over 'in this form'), the
    three lines of box 6 joined by their check marks; a line of large print with descenders
    and brackets ('6. Individual or Joint/Group Filing') and the form's title stay whole."""
    gray = cv2.imread(str(ROOT / "tests" / "fixtures" / "form5-holdings-fax-p1.png"), cv2.IMREAD_GRAYSCALE)
    clean = ocr.clean_page(images.PageImage(1, gray, 200.0))
    pieces = ocr.find_pieces(clean)

    def at(x, y):
        (piece,) = [p for p in pieces if p.x <= x <= p.x + p.w and p.y <= y <= p.y + p.h]
        return piece
    persons, in_this_form = at(1150, 1575), at(1150, 1610)
    assert persons != in_this_form and persons.h < 40 and in_this_form.h < 40
    assert len({at(1520, 640), at(1520, 660)}) == 2  # 'Director' over 'Officer'
    assert at(1500, 780).h >= 28   # '6. Individual or Joint/Group Filing' in large print, whole
    assert at(200, 130).h >= 45    # the title 'FORM 5'


def test_an_x_typed_on_a_line_is_cut_from_the_label_under_it():
    """'__X__ Other (specify' over 'below)' on a fax: the X's foot came within a point of the
    label under it, the two lines were one piece, read again alone as 'below)' only, and the
    Other box went unmarked.  The X's line is mostly thin strokes under a few full rows of
    underscores.  Box 4 of a fax scan of 0001700264-20-000020 (page 1, deskewed, 200 dpi)."""
    crop = cv2.imread(str(ROOT / "tests" / "fixtures" / "other-mark-over-label-fax.png"), cv2.IMREAD_GRAYSCALE)
    clean = ocr.clean_page(images.PageImage(1, crop, 200.0))
    pieces = ocr.find_pieces(clean)
    s = 200 / 72

    def at(x, y):
        (piece,) = [p for p in pieces if p.x <= x * s <= p.x + p.w and p.y <= y * s <= p.y + p.h]
        return piece
    mark, below = at(88, 33), at(88, 43)
    assert mark != below and mark.h < 10 * s and (mark.x + mark.w) / s > 130  # the X, on the line of 'Other'


def test_decompression_bomb_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.png"
    Image.new("1", (3000, 3000)).save(path)
    monkeypatch.setattr(images, "MAX_PAGE_PIXELS", 1_000_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000 // 2)
    with pytest.raises(images.ImageBomb):
        _decoded(path)


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


def _one_line_montage(*texts: tuple[str, int]):
    """A 300 dpi page with pieces of print on one line (text, x), cleaned, and its one montage."""
    page = np.full((500, 1600), 255, np.uint8)
    for text, x in texts:
        cv2.putText(page, text, (x, 120), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 0, 2)
    clean = ocr.clean_page(images.PageImage(1, page, 300.0))
    clean.pieces = ocr.find_pieces(clean)
    (montage, placed), = ocr.build_montages(clean, clean.pieces)
    return clean, montage, placed


def test_a_piece_the_montage_reading_passed_by_is_read_alone(monkeypatch):
    """On a full montage tesseract's line finding now and then passes a piece of print by
    (the '(1)' opening a footnote of EDGAR clean300 edgartools form5.snow): read again alone."""
    clean, montage, placed = _one_line_montage(("(1)", 60), ("Represents shares", 200))
    mark = next(p for p in placed if p.x < 150)
    real = ocr._tesseract_words
    calls = []

    def passes_the_mark_by(image, settings, *args, **kwargs):
        words = real(image, settings, *args, **kwargs)
        calls.append(image.shape)
        if len(calls) == 1:  # the full montage's reading
            words = [w for w in words if mark not in ocr._spanned(placed, *w[1:5])]
        return words

    monkeypatch.setattr(ocr, "_tesseract_words", passes_the_mark_by)
    words = ocr.read_montage(clean, montage, placed)
    assert len(calls) >= 2 and any(w.text == "(1)" and w.x1 < 150 * 72 / 300 for w in words)


def test_a_piece_the_montage_reading_garbled_is_read_alone(monkeypatch):
    """Among a fax page's other pieces tesseract read 'QNB CORP [QNBC]' (EDGAR fax 0001384860)
    as 'aQxBcorPiQnsc]' with next to no confidence; read alone it reads.  The surer reading is
    kept: a piece tesseract reads no better alone keeps its first reading."""
    clean, montage, placed = _one_line_montage(("QNB CORP", 60), ("Represents shares", 700))
    # the drawn page is bi-level: its unsure pieces' vote of print sizes left out, to see this rule alone
    monkeypatch.setattr(ocr, "VOTE_BELOW", 0.0)
    name = next(p for p in placed if p.x < 400)
    real = ocr._tesseract_words

    def garbles(weak_alone):
        calls = []

        def read(image, settings, *args, **kwargs):
            words = real(image, settings, *args, **kwargs)
            calls.append(image.shape)
            if len(calls) == 1:  # the full montage's reading: the name garbled
                words = [w if name not in ocr._spanned(placed, *w[1:5]) else ("aQxBcorPiQnsc]",) + w[1:5] + (0.2,)
                         for w in words]
            elif weak_alone:
                words = [w[:5] + (0.1,) for w in words]
            return words
        return read

    monkeypatch.setattr(ocr, "_tesseract_words", garbles(False))
    words = ocr.read_montage(clean, montage, placed)
    assert [w.text for w in words if w.x1 < 400 * 72 / 300] == ["QNB", "CORP"]
    monkeypatch.setattr(ocr, "_tesseract_words", garbles(True))
    words = ocr.read_montage(clean, montage, placed)
    first = {w.text for w in words if w.x1 < 400 * 72 / 300}
    assert first == {"aQxBcorPiQnsc]"}
    assert "Represents" in [w.text for w in words]


def _fax_page_mask() -> tuple[np.ndarray, float]:
    page = images.render_pdf_page(SCANS / "0001012975-17-000759.pdf", 0, 200)
    return cleanup.binarize(page.gray, page.dpi), page.dpi


def test_components_painted_box_by_box_as_by_a_look_up_of_every_pixel(monkeypatch):
    """``paint`` draws a few components each in its box, many by one look-up over the page: the
    same mask either way, the specks of a fax page (hundreds) and a handful of its letters."""
    mask, _ = _fax_page_mask()
    n, labels, stats = cleanup.components(mask)
    area = stats[:, cv2.CC_STAT_AREA]
    for chosen in (area <= 12, (area > 200) & (np.arange(n) % 50 == 1)):
        chosen[0] = False
        want = np.where(chosen, 255, 0).astype(np.uint8)[labels]
        assert want.any() and np.array_equal(cleanup.paint(chosen, labels, stats), want)
        monkeypatch.setattr(cleanup, "FEW_PARTS", 0)
        assert np.array_equal(cleanup.paint(chosen, labels, stats), want)
        monkeypatch.undo()
    assert not cleanup.paint(np.zeros(n, bool), labels, stats).any()


def test_components_found_once_serve_both_speck_finders():
    """The page's components handed to the speck finders give what they find on their own."""
    mask, dpi = _fax_page_mask()
    parts = cleanup.components(mask)
    for find in (cleanup.stray_specks, cleanup.midline_specks):
        alone = find(mask, dpi)
        assert alone.any() and np.array_equal(find(mask, dpi, parts=parts), alone)


def test_paper_level_measured_once_gives_the_same_ink():
    """``binarize`` and ``with_thin_strokes`` given the page's paper level find the ink they find
    measuring it themselves."""
    page = images.render_pdf_page(SCANS / "0001213900-20-017491.pdf", 0, 200)
    level = cleanup.darkest_paper(page.gray)
    mask = cleanup.binarize(page.gray, page.dpi)
    assert np.array_equal(cleanup.binarize(page.gray, page.dpi, level), mask)
    assert np.array_equal(cleanup.with_thin_strokes(page.gray, mask, page.dpi, level),
                          cleanup.with_thin_strokes(page.gray, mask, page.dpi))


def test_typewriter_pitch_measured_once_per_run_of_words(monkeypatch):
    """The typed Form 3: split words are joined and doubled letters undone alike whether what
    was measured is remembered or not; a run tried around two gaps is measured once, and its
    glyphs are mostly taken from its line's, found once."""
    page = images.render_pdf_page(SCANS / "0001213900-20-017491.pdf", 0, 200)
    read, clean = ocr.read_page_image(page)
    words, mask, dpi = read.words, clean.ocr_mask, clean.dpi
    looked = []
    glyphs = ocr._glyphs
    monkeypatch.setattr(ocr, "_glyphs", lambda *a: looked.append(tuple(a[1])) or glyphs(*a))
    plain = ocr._undouble_typed_letters(ocr._join_split_words(words, mask, dpi), mask, dpi)
    asked = len(looked)
    looked.clear()
    memo = ocr.PitchMemo()
    remembered = ocr._undouble_typed_letters(ocr._join_split_words(words, mask, dpi, memo), mask, dpi, memo)
    assert remembered == plain
    assert len(memo.found) < asked and len(looked) < len(memo.found) / 2
    assert any(pitch is not None for pitch, _ in memo.found.values())  # typewriter print found
    # a run's glyphs as found in its own box, for every run measured
    for box, (pitch, centres) in memo.found.items():
        x0, y0, x1, y1 = ((v + d) * 72 / dpi for v, d in zip(box, (0.25, 0.25, -0.25, -0.25)))
        alone = ocr._typed_pitch(mask, [Word("", x0, y0, x1, y1, 1.0)], dpi)
        assert ocr._run_box([Word("", x0, y0, x1, y1, 1.0)], dpi) == box
        assert alone[0] == pitch and np.array_equal(alone[1], centres)


def test_component_boxes_are_the_labelled_components_in_their_order():
    """Traced along their outlines, the components of a page's ruling lines and of all its ink
    (letters with holes, a dot inside an 'o') come in the boxes and the order that labelling
    gives them; so do blobs touching the image's edges and one inside another's hole."""
    page = images.render_pdf_page(SCANS / "0000899243-20-012336.pdf", 0, 300)
    mask = cleanup.binarize(page.gray, page.dpi)
    edges = np.zeros((60, 80), np.uint8)
    edges[0:5, 0:80] = edges[20:60, 0:3] = edges[55:60, 40:80] = 255
    cv2.rectangle(edges, (20, 15), (50, 45), 255, 2)
    edges[29:32, 33:36] = edges[10, 10] = edges[11, 9] = 255
    for m in (*cleanup.line_masks(mask, page.dpi), mask, edges):
        _, _, stats = cleanup.components(m)
        assert cleanup.component_boxes(m) == [tuple(b) for b in stats[1:, :4].tolist()]
    assert cleanup.component_boxes(np.zeros((10, 10), np.uint8)) == []


def test_components_less_some_found_without_labelling_again(monkeypatch):
    """A page's ink without its ruling lines: its rule remnants (found box by box, or by one
    look-up of every pixel when many) taken out of its components give the underlines (under
    footnote marks) that labelling the mask without them gives."""
    page = images.render_pdf_page(SCANS / "0001692063-20-000026.pdf", 0, 200)
    mask, dpi = cleanup.binarize(page.gray, page.dpi), page.dpi
    horiz, vert = cleanup.line_masks(mask, dpi)
    lines = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    ocr_mask = cv2.bitwise_and(mask, cv2.bitwise_not(lines))
    parts = cleanup.components(ocr_mask)
    gone = cleanup.remnant_parts(parts, horiz, dpi)
    remnants = cleanup.paint(gone, parts[1], parts[2])
    assert gone.any()
    monkeypatch.setattr(cleanup, "FEW_PARTS", 0)
    assert np.array_equal(cleanup.remnant_parts(parts, horiz, dpi), gone)
    monkeypatch.undo()
    left = cv2.bitwise_and(ocr_mask, cv2.bitwise_not(remnants))
    under = cleanup.underlines(left, dpi)
    shared = cleanup.underlines(left, dpi, parts=cleanup.without_parts(parts, gone))
    assert under.any() and np.array_equal(shared, under)


def test_scan_page_taken_as_stored_is_the_page_rendered():
    """A scan's PDF page read at its own resolution is taken as stored: the same pixels as
    rendering it (grey JPEG, grey Flate, the fax's 1-bit pages); at another resolution, or a
    page with more than one scan on it (a text PDF), it is rendered."""
    import pypdfium2 as pdfium

    from extract.scan import _page_image_dpi

    def stored(path: Path, index: int, dpi: float) -> bool:
        pdf = pdfium.PdfDocument(str(path))
        try:
            bitmap = images._stored_scan(pdf[index], dpi / 72)
            return bitmap is not None
        finally:
            pdf.close()

    taken = 0
    for path in sorted(SCANS.glob("*.pdf")):
        for index, dpi in _page_image_dpi(path, None).items():
            page = images.render_pdf_page(path, index, dpi)
            rendered = images.render_pdf_page(path, index, dpi, stored=False)
            assert page.dpi == rendered.dpi and np.array_equal(page.gray, rendered.gray)
            taken += stored(path, index, dpi)
            assert not stored(path, index, 1.5 * dpi)
    assert taken >= 10
    assert not stored(ROOT / "samples" / "edgar" / "0001209191-20-042779.pdf", 0, 300)


def test_a_word_tesseract_passed_by_inside_a_piece_is_read_again():
    """Page 1 of a fax scan of Form 4 0001209191-20-003075 (seed 7, 200 dpi): in the montage
    tesseract read the second row's title 'Class A Common Stock' as 'Class Common Stock', the
    'A' inside the piece covered by no word.  A piece with print no word covers is read again
    alone, and its reading with the word more is kept."""
    gray = cv2.imread(str(ROOT / "tests" / "fixtures" / "word-passed-by-fax-p1.png"), cv2.IMREAD_GRAYSCALE)
    page, _ = ocr.read_page_image(images.PageImage(1, gray, 200.0))
    titles = [" ".join(w.text for w in line[:4]) for line in group_lines(page.words)
              if line[0].text == "Class" and line[0].x0 < 50]
    assert titles[:2] == ["Class A Common Stock", "Class A Common Stock’"]


def test_words_tesseract_ran_together_over_a_space_are_read_again():
    """Page 2 of a 400 dpi scan of Form 4 0001692063-20-000026 (clean300's degradations, seed 41):
    on the montage's first shelf, beside the large bold 'Signatures' and 'Date', tesseract read
    'power of attorney' as 'powerofattorney' (0.22) and the owner's name as 'Reich RobertMJR'
    (0.67), and the shelf alone read no better.  A word read unsure over a blank as wide as a word
    space is read again alone, and the reading with the words apart kept."""
    gray = cv2.imread(str(ROOT / "tests" / "fixtures" / "signature-run-together-400dpi-p2.png"), cv2.IMREAD_GRAYSCALE)
    page, _ = ocr.read_page_image(images.PageImage(2, gray, 400.0))
    lines = [" ".join(w.text for w in line) for line in group_lines(page.words)]
    assert "Reich Robert M JR" in lines
    assert any(line.startswith("/s/ Sarah E. Klaver, by power of attorney") for line in lines)
