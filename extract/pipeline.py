"""The pipeline as a list of stages: read pages, register a layout, fill, reconcile."""
from __future__ import annotations

from pathlib import Path

from .errors import UnreadableInput, UnsupportedInput
from .fill import fill
from .layout import Layout, load_layouts
from .model import Record
from .pages import Page, read_pdf_pages
from .reconcile import reconcile
from .register import detect_layout
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


def read_pages(path: Path, password: str | None = None) -> list[Page]:
    """Stage 1, chosen by what the file is (its first bytes), not only by its name."""
    head = _head(path)
    if PDF_MAGIC in head[:1024]:
        return read_pdf_pages(path, password)
    kind = text_kind(path, head)
    if kind in ("tsv", "hocr"):  # OCR output: positioned words
        return pages_of(*read_ocr(path, kind))
    raise UnsupportedInput(f"{path.name}: not a PDF (this version reads PDFs with a text layer, "
                           "and text: .txt, EDGAR SGML .txt, tesseract .tsv, hOCR .hocr/.html)")


def extract(path: str | Path, layouts: list[Layout] | None = None,
            password: str | None = None, reconcile_values: bool = True) -> Record:
    """Turn one filing into a Record.  Raises an ExtractError subclass on failure."""
    path = Path(path)
    head = _head(path)
    kind = None if PDF_MAGIC in head[:1024] else text_kind(path, head)
    if kind is not None:  # text, SGML, OCR output: read as lines of cells
        record = fill_text(read_text(path, kind), load_text_layouts(), source=str(path))
    else:
        pages = read_pages(path, password)
        layout = detect_layout(pages, layouts if layouts is not None else load_layouts())
        record = fill(layout, pages, source=str(path))
    return reconcile(record) if reconcile_values else record
