"""The pipeline as a list of stages: read pages, register a layout, fill, reconcile."""
from __future__ import annotations

from pathlib import Path

from .errors import UnreadableInput, UnsupportedInput
from .fill import fill
from .images import is_image_file
from .layout import Layout, load_layouts
from .model import Record
from .pages import Page, read_pdf_pages
from .reconcile import reconcile
from .register import detect_layout
from .scan import ScannedPage, flag_unsure, ocr_where_needed, read_image_pages
from .textfill import fill_text, load_text_layouts
from .textin import pages_of, read_ocr, read_text, text_kind

PDF_MAGIC = b"%PDF-"


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise UnreadableInput(f"{path.name}: cannot read ({exc.strerror})") from None
    if not head:
        raise UnreadableInput(f"{path.name}: the file is empty")
    return head


def read_document(path: Path, password: str | None = None, page_workers: int = 1,
                  keep_images: bool = True) -> list[ScannedPage]:
    """Stage 1, chosen by what the file is (its first bytes), not only by its name.

    PDF pages keep a usable text layer and are OCR'd otherwise; image files are OCR'd;
    another engine's OCR output (tesseract TSV, hOCR) gives its positioned words.
    Scanned pages are read ``page_workers`` at a time; ``keep_images`` keeps their cleaned
    images (for drawings).
    """
    head = _head(path)
    if PDF_MAGIC in head[:1024]:
        return ocr_where_needed(path, read_pdf_pages(path, password), password,
                                workers=page_workers, keep_images=keep_images)
    if is_image_file(head):
        return read_image_pages(path, workers=page_workers, keep_images=keep_images)
    kind = text_kind(path, head)
    if kind in ("tsv", "hocr"):
        return [ScannedPage(page, None) for page in pages_of(*read_ocr(path, kind))]
    raise UnsupportedInput(f"{path.name}: not a PDF, TIFF, PNG or JPEG file, nor text "
                           "(.txt, EDGAR SGML .txt, tesseract .tsv, hOCR .hocr/.html)")


def read_pages(path: Path, password: str | None = None) -> list[Page]:
    return [s.page for s in read_document(path, password)]


def extract(path: str | Path, layouts: list[Layout] | None = None,
            password: str | None = None, reconcile_values: bool = True,
            debug_images: str | Path | None = None, page_workers: int = 1) -> Record:
    """Turn one filing into a Record.  Raises an ExtractError subclass on failure.

    With ``debug_images``, every OCR'd page is drawn there with what was found and read.
    A scan's pages are read ``page_workers`` at a time: give it the cores nothing else uses.
    """
    path = Path(path)
    head = _head(path)
    kind = None if PDF_MAGIC in head[:1024] or is_image_file(head) else text_kind(path, head)
    if kind is not None:  # text, SGML, OCR output: read as lines of cells
        record = fill_text(read_text(path, kind), load_text_layouts(), source=str(path))
        return reconcile(record) if reconcile_values else record
    scanned = read_document(path, password, page_workers, keep_images=bool(debug_images))
    pages = [s.page for s in scanned]
    record = None
    try:
        layout = detect_layout(pages, layouts if layouts is not None else load_layouts())
        record = fill(layout, pages, source=str(path))
        record = reconcile(record) if reconcile_values else record
        flag_unsure(record, pages)
    finally:
        if debug_images:
            from .debug import draw_pages
            draw_pages(Path(debug_images), path.stem, scanned, record)
    return record
