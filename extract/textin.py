"""Stage 1 for text inputs: OCR or text output becomes lines of cells.

Readers, chosen by what the file is:

* plain text (``.txt``): a copy-paste or another engine's output, cells split by
  tabs (empty cells kept) or by runs of two or more spaces (empty cells gone);
* an EDGAR SGML submission (``<SEC-DOCUMENT>`` ... ``<TYPE>4`` ... ``<TEXT>``),
  as Forms 3/4/5 were filed in ASCII from 1996 to 2003: the form's document
  is taken from the submission, its header values kept (``CONFORMED PERIOD OF
  REPORT``), and its lines kept as printed for the ``|``-ruled tables;
* tesseract TSV (``.tsv``) and hOCR (``.hocr``, ``.html``): positioned words,
  grouped in the engine's own block/line order; a wide gap splits cells.

hOCR is parsed with the standard library's ``html.parser``, which resolves no
external entities and fetches nothing.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import regex

from .errors import UnreadableInput, UnsupportedInput
from .pages import Page, Word

TEXT_SUFFIXES = {".txt", ".text", ".tsv", ".hocr", ".html", ".htm", ".sgml", ".nc"}


@dataclass
class TextLine:
    """One printed line: its cells, and for tab-separated text each cell's index."""
    raw: str
    cells: list[str]
    page: int = 1
    tabbed: bool = False   # cells split by tabs: empty cells are kept, positions hold
    confidences: list[float] | None = None  # per cell, from an OCR engine's word confidences

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


@dataclass
class TextDoc:
    kind: str                       # txt | sgml | tsv | hocr
    lines: list[TextLine]
    header: dict[str, str] = field(default_factory=dict)  # SGML header values
    doc_type: str = ""              # SGML <TYPE> of the form's document ("4", "4/A")
    pages: int = 1


_CELL_GAP = regex.compile(r"\s{2,}")


def split_line(raw: str, page: int = 1) -> TextLine:
    raw = raw.rstrip("\r\n")
    if "\t" in raw:
        return TextLine(raw, [c.strip() for c in raw.split("\t")], page, tabbed=True)
    return TextLine(raw, [c for c in _CELL_GAP.split(raw.strip()) if c], page)


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise UnsupportedInput(f"{name}: a binary file, not text")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# ------------------------------------------------------------------ EDGAR SGML

SGML_MARKERS = ("<SEC-DOCUMENT>", "<SUBMISSION>", "<DOCUMENT>", "<IMS-DOCUMENT>")
_DOCUMENT = regex.compile(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", regex.S | regex.I)
_TYPE = regex.compile(r"^<TYPE>\s*(\S+)", regex.M | regex.I)
_TEXT = regex.compile(r"<TEXT>\s*?\n(.*?)(?:</TEXT>|\Z)", regex.S | regex.I)
_HEADER_LINE = regex.compile(r"^\s*([A-Z][A-Z0-9 \-]+?):\s*(\S.*?)\s*$", regex.M)
OWNERSHIP_TYPES = regex.compile(r"^[345](/A)?$", regex.I)
_PAGE_BREAK = regex.compile(r"\s*(<PAGE>|\f)\s*", regex.I)


def is_sgml(text: str) -> bool:
    head = text[:4096].upper()
    return any(m in head for m in SGML_MARKERS) and "<TYPE>" in text[:200000].upper()


def read_sgml(text: str, name: str) -> TextDoc:
    """The Form 3/4/5 document of an EDGAR submission, with the submission header's values."""
    header_end = regex.search(r"<DOCUMENT>", text, regex.I)
    header = {}
    for m in _HEADER_LINE.finditer(text[:header_end.start() if header_end else 0]):
        header.setdefault(m[1].strip(), m[2])
    for doc in _DOCUMENT.finditer(text):
        t = _TYPE.search(doc[1])
        body = _TEXT.search(doc[1])
        if t and body and OWNERSHIP_TYPES.match(t[1]):
            lines, page = [], 1
            for ln in body[1].splitlines():
                if _PAGE_BREAK.fullmatch(ln):  # "<PAGE>" or a form feed between printed pages
                    page += 1
                    continue
                lines.append(split_line(ln.replace("\f", ""), page))
            return TextDoc("sgml", lines, header, t[1].upper(), pages=page)
    types = [t[1] for t in _TYPE.finditer(text)]
    raise UnsupportedInput(f"{name}: an EDGAR submission without a Form 3, 4 or 5 document "
                           f"(document types: {', '.join(types) or 'none'})")


# ------------------------------------------------------------------ OCR output

@dataclass
class OcrLine:
    page: int
    words: list[Word]


def ocr_text_lines(lines: list[OcrLine]) -> list[TextLine]:
    """OCR lines as text lines: a gap wider than about two characters starts a new cell."""
    out = []
    for ln in lines:
        if not ln.words:
            continue
        height = sorted(w.bottom - w.top for w in ln.words)[len(ln.words) // 2] or 1
        cells, current = [], [ln.words[0]]
        for prev, w in zip(ln.words, ln.words[1:]):
            if w.x0 - prev.x1 > 1.2 * height:
                cells.append(current)
                current = []
            current.append(w)
        cells.append(current)
        texts = [" ".join(w.text for w in c) for c in cells]
        out.append(TextLine("   ".join(texts), texts, ln.page,
                            confidences=[min(w.confidence for w in c) for c in cells]))
    return out


def pages_of(lines: list[OcrLine], sizes: dict[int, tuple[float, float]]) -> list[Page]:
    """Positioned OCR words as pages (source "ocr") for the layout path."""
    pages: dict[int, Page] = {}
    for n, (w, h) in sorted(sizes.items()):
        pages[n] = Page(n, w, h, source="ocr")
    for ln in lines:
        page = pages.setdefault(ln.page, Page(ln.page, 0, 0, source="ocr"))
        page.words.extend(ln.words)
    for p in pages.values():
        if not p.width and p.words:
            p.width, p.height = max(w.x1 for w in p.words), max(w.bottom for w in p.words)
    return list(pages.values())


def parse_tsv(text: str, name: str) -> tuple[list[OcrLine], dict[int, tuple[float, float]]]:
    """tesseract TSV: level page block par line word left top width height conf text."""
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    need = {"page_num", "block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text"}
    if not rows or not need <= set(rows[0]):
        raise UnreadableInput(f"{name}: not a tesseract TSV file (columns {sorted(need)} expected)")
    lines: dict[tuple, OcrLine] = {}
    sizes = {}
    for r in rows:
        try:
            page = int(r["page_num"])
            box = [float(r[k]) for k in ("left", "top", "width", "height")]
            conf = float(r["conf"])
        except (TypeError, ValueError):
            raise UnreadableInput(f"{name}: malformed TSV row {r}") from None
        if r.get("level") == "1":
            sizes[page] = (box[2], box[3])
        word = (r["text"] or "").strip()
        if not word or conf < 0:
            continue
        key = (page, int(r["block_num"]), int(r["par_num"]), int(r["line_num"]))
        ln = lines.setdefault(key, OcrLine(page, []))
        ln.words.append(Word(word, box[0], box[1], box[0] + box[2], box[1] + box[3],
                             max(0.0, min(1.0, conf / 100))))
    return list(lines.values()), sizes


class _HocrParser(HTMLParser):
    """ocr_page / ocr_line / ocrx_word elements with their title bboxes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[OcrLine] = []
        self.sizes: dict[int, tuple[float, float]] = {}
        self.page = 0
        self.stack: list[str | None] = []   # class of each open element that matters
        self.word: dict | None = None

    @staticmethod
    def _title(attrs) -> dict[str, list[str]]:
        title = dict(attrs).get("title") or ""
        out = {}
        for part in title.split(";"):
            bits = part.split()
            if bits:
                out[bits[0]] = bits[1:]
        return out

    def handle_starttag(self, tag, attrs):
        cls = (dict(attrs).get("class") or "").split()
        kind = next((c for c in cls if c in ("ocr_page", "ocr_line", "ocrx_line", "ocr_caption",
                                             "ocr_textfloat", "ocr_header", "ocrx_word")), None)
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            return  # void elements have no end tag
        self.stack.append(kind)
        t = self._title(attrs)
        if kind == "ocr_page":
            self.page += 1
            if len(t.get("bbox", [])) == 4:
                self.sizes[self.page] = (float(t["bbox"][2]), float(t["bbox"][3]))
        elif kind in ("ocr_line", "ocrx_line", "ocr_caption", "ocr_textfloat", "ocr_header"):
            self.lines.append(OcrLine(max(self.page, 1), []))
        elif kind == "ocrx_word" and len(t.get("bbox", [])) == 4:
            conf = float(t["x_wconf"][0]) / 100 if t.get("x_wconf") else 1.0
            self.word = {"box": [float(b) for b in t["bbox"]], "conf": conf, "text": ""}

    def handle_endtag(self, tag):
        if not self.stack:
            return
        kind = self.stack.pop()
        if kind == "ocrx_word" and self.word is not None:
            text = self.word["text"].strip()
            if text:
                if not self.lines:
                    self.lines.append(OcrLine(max(self.page, 1), []))
                x0, y0, x1, y1 = self.word["box"]
                self.lines[-1].words.append(Word(text, x0, y0, x1, y1, max(0.0, min(1.0, self.word["conf"]))))
            self.word = None

    def handle_data(self, data):
        if self.word is not None:
            self.word["text"] += data


def parse_hocr(text: str, name: str) -> tuple[list[OcrLine], dict[int, tuple[float, float]]]:
    if "ocrx_word" not in text and "ocr_line" not in text:
        raise UnreadableInput(f"{name}: an HTML file without hOCR words (ocrx_word)")
    p = _HocrParser()
    p.feed(text)
    p.close()
    return [ln for ln in p.lines if ln.words], p.sizes


# ------------------------------------------------------------------ dispatch

def text_kind(path: Path, head: bytes) -> str | None:
    """txt | sgml | tsv | hocr for a text input, None for anything else."""
    start = head.lstrip()[:400].lower()
    if start.startswith(b"level\tpage_num\t"):
        return "tsv"
    if b"ocr_page" in head or b"ocrx_word" in head or (
            start.startswith((b"<?xml", b"<!doctype html", b"<html")) and path.suffix.lower() in (".hocr", ".html", ".htm")):
        return "hocr"
    if b"\x00" in head or head.startswith(b"%PDF"):
        return None
    if any(m.encode() in head.upper() for m in SGML_MARKERS):
        return "sgml"
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "txt"
    return None


def read_ocr(path: Path, kind: str) -> tuple[list[OcrLine], dict[int, tuple[float, float]]]:
    text = decode(path.read_bytes(), path.name)
    return parse_tsv(text, path.name) if kind == "tsv" else parse_hocr(text, path.name)


def read_text(path: Path, kind: str) -> TextDoc:
    """A text input as lines of cells."""
    if kind in ("tsv", "hocr"):
        lines, sizes = read_ocr(path, kind)
        return TextDoc(kind, ocr_text_lines(lines), pages=max(sizes, default=1))
    text = decode(path.read_bytes(), path.name)
    if is_sgml(text):
        return read_sgml(text, path.name)
    if not text.strip():
        raise UnreadableInput(f"{path.name}: the file has no text")
    pages = text.split("\f")
    lines = [split_line(ln, n) for n, page in enumerate(pages, 1) for ln in page.splitlines()]
    return TextDoc("txt", lines, pages=len(pages))
