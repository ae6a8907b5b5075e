"""Stage 1: a document becomes pages of positioned words and ruling lines.

Every later stage sees only ``Page``: words with boxes and the form's ruling
lines, whatever the input was (a PDF text layer now; OCR of a scan later).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import EncryptedInput, UnreadableInput


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float = 1.0

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Rule:
    """A ruling line segment: horizontal when top == bottom, vertical when x0 == x1."""
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    ink: list[tuple[float, float, float, float]] = field(default_factory=list)  # filled boxes (checked)
    source: str = "text"  # "text" (PDF text layer) or "ocr"
    # a bi-level scan (a fax): print lighter than its threshold is lost with the paper, a checked
    # box's grey fill among it (an EDGAR rendering prints one light grey)
    bilevel: bool = False

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


# Rules shorter than this are glyph strokes or checkbox sides, not form lines.
MIN_RULE_LENGTH = 4.0


# the narrowest table column is wider than this; shorter horizontal strokes are the borders of
# boxes nested inside a cell (EDGAR's footnote-mark links), not row lines
MIN_HORIZONTAL_RULE = 12.0


def _rules_from_edges(edges) -> list[Rule]:
    rules = []
    for e in edges:
        width, height = e["x1"] - e["x0"], e["bottom"] - e["top"]
        if max(width, height) >= MIN_RULE_LENGTH and (height > width or width >= MIN_HORIZONTAL_RULE):
            rules.append(Rule(e["x0"], e["top"], e["x1"], e["bottom"]))
    return rules


def _luminance(color) -> float:
    if color is None:
        return 0.0
    if isinstance(color, (int, float)):
        return float(color)
    values = [c for c in color if isinstance(c, (int, float))]
    if len(values) == 4:  # CMYK
        return 1.0 - min(1.0, values[3] + sum(values[:3]) / 3)
    return sum(values) / len(values) if values else 0.0


def _filled_boxes(shapes) -> list[tuple[float, float, float, float]]:
    """Checkbox-sized squares whose last fill (the one on top) is dark: a checked box.

    An HTML checkbox printed by a browser is a stack of filled shapes; unchecked
    ends with a white fill, checked with a dark one.
    """
    top_fill: dict[tuple[int, int], tuple[tuple, float]] = {}
    for s in shapes:
        w, h = s["x1"] - s["x0"], s["bottom"] - s["top"]
        if not (5 <= w <= 20 and 5 <= h <= 20 and abs(w - h) < 3) or not s.get("fill"):
            continue
        key = (round((s["x0"] + s["x1"]) / 4), round((s["top"] + s["bottom"]) / 4))
        top_fill[key] = ((s["x0"], s["top"], s["x1"], s["bottom"]),
                         _luminance(s.get("non_stroking_color")))
    return [bbox for bbox, lum in top_fill.values() if lum < 0.75]


def _wrong_password(exc: Exception) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect in a PdfminerException."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    return any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args))


def _encrypted(path: Path, password: str | None) -> EncryptedInput:
    if password:
        return EncryptedInput(f"{path.name}: the PDF is encrypted and the password given with --password "
                              "does not open it")
    return EncryptedInput(f"{path.name}: the PDF is encrypted; give its password with --password")


def read_pdf_pages(path: Path, password: str | None = None) -> list[Page]:
    """Words and ruling lines of every page of a PDF with a text layer."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(path, password=password or "")
    except Exception as exc:  # pdfminer raises many kinds (PDFSyntaxError, ...) on damaged files
        if _wrong_password(exc):
            raise _encrypted(path, password) from None
        raise UnreadableInput(f"{path.name}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    pages = []
    with pdf:
        try:
            for number, p in enumerate(pdf.pages, 1):
                words = [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
                         for w in p.extract_words(x_tolerance=1, y_tolerance=2, use_text_flow=True)]
                pages.append(Page(number, float(p.width), float(p.height), words,
                                  _rules_from_edges(p.edges), _filled_boxes(p.curves + p.rects)))
                p.close()  # drop the page's parsed objects: memory stays flat however long the PDF
        except Exception as exc:
            if _wrong_password(exc):
                raise _encrypted(path, password) from None
            raise UnreadableInput(f"{path.name}: damaged PDF ({type(exc).__name__}: {exc})") from None
    if not pages:
        raise UnreadableInput(f"{path.name}: the PDF has no pages")
    return pages
