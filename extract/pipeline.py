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

PDF_MAGIC = b"%PDF-"


def read_pages(path: Path, password: str | None = None) -> list[Page]:
    """Stage 1, chosen by what the file is (its first bytes), not only by its name."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UnreadableInput(f"{path.name}: cannot read ({exc.strerror})") from None
    if not head:
        raise UnreadableInput(f"{path.name}: the file is empty")
    if PDF_MAGIC in head:
        return read_pdf_pages(path, password)
    raise UnsupportedInput(f"{path.name}: not a PDF (this version reads PDFs with a text layer)")


def extract(path: str | Path, layouts: list[Layout] | None = None,
            password: str | None = None, reconcile_values: bool = True) -> Record:
    """Turn one filing into a Record.  Raises an ExtractError subclass on failure."""
    path = Path(path)
    pages = read_pages(path, password)
    layout = detect_layout(pages, layouts if layouts is not None else load_layouts())
    record = fill(layout, pages, source=str(path))
    return reconcile(record) if reconcile_values else record
