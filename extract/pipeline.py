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

PDF_MAGIC = b"%PDF-"


def read_document(path: Path, password: str | None = None) -> list[ScannedPage]:
    """Stage 1, chosen by what the file is (its first bytes), not only by its name.

    PDF pages keep a usable text layer and are OCR'd otherwise; image files are OCR'd.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UnreadableInput(f"{path.name}: cannot read ({exc.strerror})") from None
    if not head:
        raise UnreadableInput(f"{path.name}: the file is empty")
    if PDF_MAGIC in head:
        return ocr_where_needed(path, read_pdf_pages(path, password), password)
    if is_image_file(head):
        return read_image_pages(path)
    raise UnsupportedInput(f"{path.name}: not a PDF, TIFF, PNG or JPEG file")


def read_pages(path: Path, password: str | None = None) -> list[Page]:
    return [s.page for s in read_document(path, password)]


def extract(path: str | Path, layouts: list[Layout] | None = None,
            password: str | None = None, reconcile_values: bool = True,
            debug_images: str | Path | None = None) -> Record:
    """Turn one filing into a Record.  Raises an ExtractError subclass on failure.

    With ``debug_images``, every OCR'd page is drawn there with what was found and read.
    """
    path = Path(path)
    scanned = read_document(path, password)
    pages = [s.page for s in scanned]
    try:
        layout = detect_layout(pages, layouts if layouts is not None else load_layouts())
        record = fill(layout, pages, source=str(path))
        record = reconcile(record) if reconcile_values else record
        flag_unsure(record, pages)
    except Exception:
        if debug_images:
            from .debug import draw_pages
            draw_pages(Path(debug_images), path.stem, scanned, None)
        raise
    if debug_images:
        from .debug import draw_pages
        draw_pages(Path(debug_images), path.stem, scanned, record)
    return record
