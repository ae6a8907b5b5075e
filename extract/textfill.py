"""Stage 3 for text inputs: fill a Record from lines of text, by a text layout.

A text layout (``layouts/text/*.yaml``) names the printed box labels, the
relationship marks, the tables by their title and printed column order, and
the sections.  Labels are matched like the PDF layouts' anchors: case and
whitespace ignored, any dash style.  A box's text runs from its label to the
next label of anything in the layout, so the same layout reads a tab-separated
copy of the HTML form and the numbered paragraphs of an ASCII filing.

Table rows go through ``align.align``: tokens are placed in columns by what
each column can hold, with cell positions used when the text kept them (tabs
with empty cells, ``|``-ruled ASCII tables).  The record that comes out is the
same as the PDF path's, with text as read in ``source``; the reconciler
normalizes it afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import regex
import yaml

from .align import MARK, SURE_MARGIN, Column, Placement, align, cost, merge_dollar
from .errors import LayoutError, UnrecognizedForm
from .layout import KNOWN_FIELDS, _as_list, layout_dirs
from .model import Correction, Footnote, Owner, Record, Row, Signature, Value
from .reconcile import FOOTNOTE_ONLY, implied_direction, join_wrapped, parse_date, read_as
from .schema import CODE, DOC_FIELDS, ROW_KINDS, TEXT, field_type
from .textin import TextDoc, TextLine

SPLITS = ("none", "owner_address", "relationship", "mark_before")
OCR_KINDS = ("tsv", "hocr")
OCR_LINES_CONFIDENCE = 0.7  # below CONFIDENT: a layout rebuilt from OCR lines is a guess
PROBABLE_COLUMN = 0.75      # a cell placed by type whose next best column is not far behind


# ------------------------------------------------------------------ layouts

@dataclass
class TextBox:
    name: str
    labels: list[str]
    split: str = "none"
    strip: list[str] = field(default_factory=list)
    header: str = ""          # SGML header key whose value stands in when the box has no date


@dataclass
class TextColumn:
    field: str
    optional: str = ""        # printed header that must be present for the column to exist
    rare: bool = False        # usually empty (a deemed execution date): a value goes there last


@dataclass
class TextTable:
    name: str
    start: list[str]
    kinds: list[str]
    columns: list[TextColumn]
    transaction_fields: list[str] = field(default_factory=list)


@dataclass
class TextLayout:
    name: str
    form: str
    detect: list[str]
    reject: list[str]
    boxes: list[TextBox]
    stops: list[str]
    owner_labels: dict[str, list[str]]
    marks: dict[str, list[str]]
    tables: list[TextTable]
    header_cells: regex.Pattern
    sections: dict[str, dict]
    path: str = ""


def parse_text_layout(data: dict, where: str) -> TextLayout:
    if not isinstance(data, dict):
        raise LayoutError(f"{where}: a layout must be a mapping")
    for key in ("name", "form", "detect"):
        if key not in data:
            raise LayoutError(f"{where}: missing key '{key}'")
    boxes = []
    for i, b in enumerate(_as_list(data.get("boxes"))):
        w = f"{where}: boxes[{i}]"
        box = TextBox(b.get("name", ""), _as_list(b.get("label")), b.get("split", "none"),
                      _as_list(b.get("strip")), b.get("header", ""))
        if not box.labels:
            raise LayoutError(f"{w}: missing key 'label'")
        if box.split not in SPLITS:
            raise LayoutError(f"{w}: split must be one of {SPLITS}, not {box.split!r}")
        if box.split == "none" and box.name not in KNOWN_FIELDS:
            raise LayoutError(f"{w}: unknown field {box.name!r}")
        boxes.append(box)
    tables = []
    for i, t in enumerate(_as_list(data.get("tables"))):
        w = f"{where}: tables[{i}]"
        cols = []
        for j, c in enumerate(_as_list(t.get("columns"))):
            col = TextColumn(c) if isinstance(c, str) else \
                TextColumn(c.get("field", ""), c.get("optional", ""), bool(c.get("rare", False)))
            base = col.field.split(":", 1)[-1].split("@", 1)[0]
            if base not in KNOWN_FIELDS:
                raise LayoutError(f"{w}.columns[{j}]: unknown field {col.field!r}")
            cols.append(col)
        kinds = _as_list(t.get("kinds"))
        if not kinds or any(k not in ROW_KINDS for k in kinds):
            raise LayoutError(f"{w}: kinds must be row kinds {list(ROW_KINDS)}")
        tables.append(TextTable(t.get("name", f"table{i}"), _as_list(t.get("start")), kinds, cols,
                                _as_list(t.get("transaction_fields"))))
    try:
        header_cells = regex.compile(data.get("header_cells", r"Instr\."), regex.I)
    except regex.error as exc:
        raise LayoutError(f"{where}: header_cells: bad regex: {exc}") from None
    return TextLayout(data["name"], str(data["form"]), _as_list(data["detect"]), _as_list(data.get("reject")),
                      boxes, _as_list(data.get("stops")),
                      {k: _as_list(v) for k, v in (data.get("owner_labels") or {}).items()},
                      {k: _as_list(v) for k, v in (data.get("marks") or {}).items()},
                      tables, header_cells, data.get("sections") or {}, where)


def load_text_layouts(dirs: list[Path] | None = None) -> list[TextLayout]:
    """Text layouts from the text/ folder of every layout directory (first name wins).
    ``extends: <name>`` starts from that layout's keys; the file's own keys replace them."""
    raw: dict[str, tuple[dict, str]] = {}
    for d in dirs or layout_dirs():
        for path in sorted((Path(d) / "text").glob("*.yaml")):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise LayoutError(f"{path}: not valid YAML: {exc}") from None
            if not isinstance(data, dict) or not data.get("name"):
                raise LayoutError(f"{path}: missing key 'name'")
            raw.setdefault(data["name"], (data, str(path)))
    layouts = []
    for data, where in raw.values():
        if "extends" in data:
            base = raw.get(data["extends"])
            if base is None:
                raise LayoutError(f"{where}: extends unknown text layout {data['extends']!r}")
            data = {**base[0], **{k: v for k, v in data.items() if k != "extends"}}
        layouts.append(parse_text_layout(data, where))
    if not layouts:
        raise LayoutError("no text layouts found (layouts/text/*.yaml)")
    return layouts


# ------------------------------------------------------------------ labels in the text

@lru_cache(maxsize=512)
def label_pattern(label: str) -> regex.Pattern:
    """A printed label as a pattern: case, spaces and line breaks ignored, any dash style."""
    parts = []
    for c in label:
        if c.isspace():
            continue
        parts.append(r"[-\u2013\u2014]+" if c in "-\u2013\u2014" else regex.escape(c))
    return regex.compile(r"\s*".join(parts), regex.I)


def squash(text: str) -> str:
    """Comparison key: case, whitespace and dashes ignored ("TABLE I -- NON-DERIVATIVE" and
    "Table I - Non-Derivative" agree; so do hyphenated headers "Deemed Execu-tion")."""
    return regex.sub(r"[\s\-\u2013\u2014]+", "", text).lower()


@dataclass
class Flat:
    """The document's text as one string, with the line each character came from."""
    text: str
    starts: list[int]     # offset of each line

    @classmethod
    def of(cls, lines: list[TextLine]) -> "Flat":
        starts, pos, parts = [], 0, []
        for ln in lines:
            starts.append(pos)
            parts.append(ln.text)
            pos += len(ln.text) + 1
        return cls("\n".join(parts), starts)

    def line_of(self, offset: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def find(self, labels: list[str], start: int = 0) -> regex.Match | None:
        return label_pattern_any(labels, self.text, start)

    def find_all(self, labels: list[str]) -> list[regex.Match]:
        return [m for lab in labels for m in label_pattern(lab).finditer(self.text)]


def detect_text_layout(flat: Flat, layouts: list[TextLayout]) -> TextLayout:
    key = squash(flat.text)
    matches = [lay for lay in layouts if all(squash(p) in key for p in lay.detect)
               and not any(squash(p) in key for p in lay.reject)]
    if not matches:
        raise UnrecognizedForm("unrecognized form: the text is not a Form 3, 4 or 5 in any known "
                               f"text layout (tried {', '.join(sorted(lay.name for lay in layouts))})")
    return max(matches, key=lambda lay: len(lay.detect))


_SEPARATOR = regex.compile(r"^[\s_\-=|+*]*$")
CHECKED = regex.compile(r"(\[\s*[xX✓✔]\s*\]|\(\s*[xX]\s*\)|_*\b[xX]\b_*|[☒☑✓✔]|<input\b[^>]*\bchecked\b[^>]*>)\s*$")
UNCHECKED = regex.compile(r"(\[\s*\]|\(\s*\)|_{2,}|[☐]|<input\b[^>]*>)\s*$")


def _clean_box(text: str, strip: list[str]) -> str:
    for s in strip:
        text = label_pattern(s).sub(" ", text)
    lines = [ln for ln in text.split("\n") if not _SEPARATOR.fullmatch(ln)]
    return " ".join(" ".join(lines).split())


# ------------------------------------------------------------------ boxes

class Filler:
    def __init__(self, doc: TextDoc, layout: TextLayout, source: str):
        self.doc, self.layout = doc, layout
        self.flat = Flat.of(doc.lines)
        self.record = Record(source=source, layout=layout.name, pages=doc.pages)
        self.owner: dict[str, Value] = {}
        self._index = {id(ln): k for k, ln in enumerate(doc.lines)}
        self.cuts = sorted({self._box_start(m.start()) for m in self.flat.find_all(self._all_labels())})

    def _box_start(self, offset: int) -> int:
        """Where a label's box starts: before its printed number ("4.", "2A.", "(5)")."""
        m = BOX_NUMBER.search(self.flat.text, 0, offset)
        return m.start() if m else offset

    def _all_labels(self) -> list[str]:
        lay = self.layout
        labels = [lab for b in lay.boxes for lab in b.labels] + lay.stops
        labels += [lab for t in lay.tables for lab in t.start]
        for sec in lay.sections.values():
            labels += _as_list(sec.get("start")) + _as_list(sec.get("label"))
        return labels

    def value(self, text: str, offset: int, source: str | None = None) -> Value:
        """A value read at a text offset; its bbox is in text units (see text_bbox)."""
        k = self.flat.line_of(offset)
        line = self.doc.lines[k] if self.doc.lines else None
        found = line.text.find(text) if line and text else -1
        col = found if found >= 0 else offset - self.flat.starts[k]
        return Value(text or None, page=line.page if line else 1, bbox=text_bbox(k, col, len(text or "")),
                     source=source if source is not None else text)

    def box_text(self, box: TextBox) -> tuple[str, int] | None:
        m = self.flat.find(box.labels)
        if m is None:
            return None
        end = next((c for c in self.cuts if c >= m.end()), len(self.flat.text))
        return self.flat.text[m.end():end], m.end()

    def fill_boxes(self) -> None:
        for box in self.layout.boxes:
            if box.split == "mark_before":
                m = self.flat.find(box.labels)
                if m:
                    line_start = self.flat.text.rfind("\n", 0, m.start()) + 1
                    before = self.flat.text[line_start:m.start()]
                    checked = bool(CHECKED.search(before))
                    self.record.document[box.name] = self.value("1" if checked else "0", m.start(),
                                                                 before.strip() or "(no mark)")
                continue
            got = self.box_text(box)
            if got is None:
                if box.header and box.header in self.doc.header:
                    self._from_header(box, "")
                continue
            raw, offset = got
            if box.split == "owner_address":
                self.owner.update(self.split_owner(raw, offset))
            elif box.split == "relationship":
                self.owner.update(self.split_relationship(_clean_box(raw, box.strip), offset))
            else:
                text = _clean_box(raw, box.strip)
                if box.header and box.header in self.doc.header and not parse_date(text):
                    self._from_header(box, text)
                    continue
                target = self.owner if box.name not in DOC_FIELDS else self.record.document
                target[box.name] = self.value(text, offset)

    def _from_header(self, box: TextBox, printed: str) -> None:
        """The submission header's value (YYYYMMDD) where the box holds only a month."""
        raw = self.doc.header[box.header]
        m = regex.fullmatch(r"(\d{4})(\d\d)(\d\d)", raw.strip())
        v = Value(f"{m[1]}-{m[2]}-{m[3]}" if m else raw, page=1, source=f"{box.header}: {raw}")
        if printed:
            v.corrections.append(Correction("sgml-header", printed, v.value or "", 1.0))
        self.record.document[box.name] = v

    def split_owner(self, raw: str, offset: int) -> dict[str, Value]:
        labels = self.layout.owner_labels
        text = "\n".join(ln for ln in raw.split("\n") if not _SEPARATOR.fullmatch(ln))
        parts: dict[str, str] = {}
        pos = 0
        for key in ("name", "street", "city"):
            m = label_pattern_any(labels.get(key, []), text, pos)
            if m is None:
                continue
            parts[key] = text[pos:m.start()]
            pos = m.end()
        if not parts:  # no sub-labels: name, street lines, city line
            lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
            if lines:
                parts = {"name": lines[0], "street": "\n".join(lines[1:-1]), "city": lines[-1] if len(lines) > 1 else ""}
        out: dict[str, Value] = {}
        name = " ".join(parts.get("name", "").split()).lstrip("*").strip()
        if name:
            out["rptOwnerName"] = self.value(name, offset)
        streets = [" ".join(s.split()) for s in parts.get("street", "").split("\n") if s.strip()]
        for key, s in zip(("street1", "street2"), streets):
            out[key] = self.value(s, offset)
        if len(streets) > 2:
            out["street2"] = self.value(" ".join(streets[1:]), offset)
            out["street2"].flag("address has more than two street lines", 0.5)
        city = " ".join(parts.get("city", "").split())
        if city:
            m = regex.fullmatch(r"(?P<city>.*?)[,\s]+(?P<state>[A-Z][A-Z0-9])\s+(?P<zip>\d{5}(?:-\d{4})?)", city)
            groups = m.groupdict() if m else {"city": city}
            for key, val in groups.items():
                if val:
                    out[key] = self.value(val.strip(" ,"), offset, city)
        return out

    def split_relationship(self, text: str, offset: int) -> dict[str, Value]:
        hits = []
        for name, labels in self.layout.marks.items():
            m = label_pattern_any(labels, text, 0)
            if m is not None:
                hits.append((m.start(), m.end(), name))
        hits.sort()
        out: dict[str, Value] = {}
        leftover, prev = [], 0
        for start, end, name in hits:
            before = text[prev:start]
            mark = CHECKED.search(before) or UNCHECKED.search(before)
            checked = bool(CHECKED.search(before))
            leftover.append(before[:mark.start()] if mark else before)
            out[name] = self.value("1" if checked else "0", offset, mark[0].strip() if mark else "(no mark)")
            prev = end
        leftover.append(text[prev:])
        rest = " ".join(" ".join(leftover).split())
        if rest:
            if out.get("isOfficer") and out["isOfficer"].value == "1":
                out["officerTitle"] = self.value(rest, offset)
            elif out.get("isOther") and out["isOther"].value == "1":
                out["otherText"] = self.value(rest, offset)
        return out

    # -------------------------------------------------------------- tables

    def table_region(self, table: TextTable) -> tuple[int, int] | None:
        m = self.flat.find(table.start)
        if m is None:
            return None
        first = self.flat.line_of(m.start()) + 1
        later = [c for c in self.cuts if c > m.end()]
        last = self.flat.line_of(later[0]) if later else len(self.doc.lines)
        return first, last

    def active_columns(self, table: TextTable, header: str) -> list[TextColumn]:
        key = squash(header)
        return [c for c in table.columns if not c.optional or squash(c.optional) in key]

    def fill_tables(self) -> None:
        for table in self.layout.tables:
            region = self.table_region(table)
            if region is None:
                continue
            lines = self.doc.lines[region[0]:region[1]]
            ruled = ruled_table(lines) if sum("|" in ln.raw for ln in lines) >= 3 else None
            if ruled is not None:
                columns = self.active_columns(table, ruled.header)
                kinds = [_column_kind(c.field) for c in columns]
                body = [(cells, self.line_index(first)) for cells, first in
                        ruled_rows(ruled, kinds if len(kinds) == len(ruled.spans) else [])]
            else:
                header, body = self.cell_rows(lines)
                columns = self.active_columns(table, header)
            for cells, k in body:
                self.add_row(table, columns, cells, k)

    def cell_rows(self, lines: list[TextLine]):
        """Header text and rows of a table given as lines of cells.  Tab positions count only
        in a line with as many tabs as the header: a split or merged cell shifts the rest."""
        header, body = [], []
        slots = None
        for ln in lines:
            cells = [c for c in ln.cells if c]
            if not cells:
                continue
            is_header = sum(bool(self.layout.header_cells.search(c)) for c in cells) * 2 >= len(cells)
            if is_header and not body:
                header.append(ln.text)
                if slots is None and ln.tabbed:
                    slots = len(ln.cells)
                continue
            if is_header:
                continue
            confs = ln.confidences or [1.0] * len(ln.cells)
            placed = ln.tabbed and slots in (None, len(ln.cells))
            body.append(([(c, i if placed else None, None, confs[i]) for i, c in enumerate(ln.cells) if c],
                         self.line_index(ln)))
        return " ".join(header), body

    def line_index(self, line: TextLine) -> int:
        return self._index[id(line)]

    def add_row(self, table: TextTable, columns: list[TextColumn], cells, k: int) -> None:
        """cells: (text, position or None, wrap or None[, OCR confidence]) in printed order;
        k: the row's first line.  A line with no date, amount or code in it is not a row."""
        page = self.doc.lines[k].page
        cells = merge_dollar(cells)
        tokens = [c[0] for c in cells]
        positions = [c[1] for c in cells]
        cols = [Column(c.field, _column_kind(c.field), 0.02 if c.rare or c.optional else 0.05,
                       c.rare or c.field.startswith("mark:")) for c in columns]
        if any(p is not None and p >= len(cols) for p in positions):
            positions = [None] * len(tokens)  # more cells than columns: positions mean nothing
        placements, _ = align(tokens, cols, positions)
        if not any(cols[p.column].kind not in (TEXT, MARK) and cost(p.text, cols[p.column]) < 0.5
                   for p in placements):
            self.record.warnings.append(f"line {k + 1}: no date, amount or code; not read as a table row: "
                                        f"{' | '.join(tokens)[:120]}")
            return
        code = next((p.text for p in placements if cols[p.column].name == "transactionCode"), "")
        placements = [by_code(p, cols, code, table.kinds[0]) for p in placements]
        values: dict[str, Value] = {}
        raw = self.doc.lines[k].raw
        for p in placements:
            wrap = cells[p.tokens[0]][2] if len(p.tokens) == 1 else None
            ocr = min(cells[i][3] if len(cells[i]) > 3 else 1.0 for i in p.tokens)
            self.place(values, cols[p.column].name, p, page, wrap, ocr)
        for v in values.values():
            if v.bbox is None and v.source:
                first = v.source.split(" / ")[0]
                v.bbox = text_bbox(k, max(raw.find(first), 0), len(first))
        if not values:
            return
        kind = table.kinds[0]
        if len(table.kinds) > 1 and not any(f in values for f in table.transaction_fields):
            kind = table.kinds[1]
        self.record.rows.append(Row(kind, values, page))

    def place(self, values: dict[str, Value], name: str, p: Placement, page: int, wrap,
              ocr: float = 1.0) -> None:
        v = Value(p.text, page=page, source=p.text, confidence=ocr)
        if wrap and not p.split:
            pieces, rule = wrap
            v.source = " / ".join(pieces)
            v.corrections.append(Correction(rule, v.source, p.text, 0.9))
            v.confidence = min(v.confidence, 0.9)
        if p.split:
            v.source = p.split
            v.corrections.append(Correction("split-merged-cell", p.split, p.text, 0.9))
            v.confidence = min(v.confidence, 0.9)
        if p.ambiguous:
            v.flag(f"column uncertain: the value could also belong to {p.ambiguous}", 0.5)
        elif p.margin < SURE_MARGIN:
            v.flag(f"column probable, not sure: with the empty cells gone it could also be {p.rival}",
                   PROBABLE_COLUMN)
        if name.startswith("mark:"):
            v.value = "1"
            values[name[5:]] = v
        elif "@" in name:
            field_name, code = name.split("@", 1)
            values[field_name] = v
            ad = Value(code, page=page, source=f"column ({code})", confidence=v.confidence)
            if p.ambiguous:
                ad.flag(f"A/D follows the column of the amount, which is uncertain ({p.ambiguous})", 0.5)
            values["transactionAcquiredDisposedCode"] = ad
        else:
            values[name] = v

    # -------------------------------------------------------------- sections

    def section_lines(self, name: str) -> list[tuple[int, str]]:
        spec = self.layout.sections.get(name) or {}
        m = self.flat.find(_as_list(spec.get("start")))
        if m is None:
            return []
        first = self.flat.line_of(m.start())
        out = []
        rest = self.flat.text[m.end():self.flat.starts[first] + len(self.doc.lines[first].text)].strip(" :")
        if rest:
            out.append((first, rest))
        stops = [c for c in self.cuts if c > m.end()]
        last = self.flat.line_of(stops[0]) if stops else len(self.doc.lines)
        skip = [regex.compile(p) for p in _as_list(spec.get("skip"))]
        for i in range(first + 1, last):
            text = self.doc.lines[i].text.strip()
            if any(p.search(text) for p in skip):
                continue
            out.append((i, text))
        return out

    def fill_footnotes(self) -> None:
        item = regex.compile(r"^(?:\((\d{1,2})\)|(\d{1,2})[.)]|(\d{1,2})/|(\*{1,3}))\s*(.*)$")
        notes: list[list] = []  # [mark, first line, texts]
        blank = False
        for i, text in self.section_lines("footnotes"):
            if not text or _SEPARATOR.fullmatch(text):
                blank = True
                continue
            m = item.match(text)
            if m:
                notes.append([next(g for g in m.groups()[:4] if g), i, [m[5]], text])
                blank = False
            elif notes and not blank:
                notes[-1][2].append(text)
            elif notes:
                break
        used = {int(n[0]) for n in notes if n[0].isdigit()}
        for mark, i, texts, first in notes:
            if mark.isdigit():
                fid = f"F{int(mark)}"
            else:
                fid = f"F{max(used, default=0) + 1}"
                used.add(int(fid[1:]))
            text = " ".join(" ".join(texts).split())
            v = Value(text, page=self.doc.lines[i].page, source=" ".join([first] + texts[1:]))
            self.record.footnotes.append(Footnote(fid, v))

    def fill_remarks(self) -> None:
        texts, started = [], False
        for i, text in self.section_lines("remarks"):
            if not text:
                if started:
                    break
                continue
            started = True
            texts.append(text)
        if texts:
            self.record.document["remarks"] = Value(" ".join(texts), source=" ".join(texts))

    def fill_signatures(self) -> None:
        spec = self.layout.sections.get("signatures") or {}
        for m in self.flat.find_all(_as_list(spec.get("label"))):
            i = self.flat.line_of(m.start())
            for k in range(i - 1, max(-1, i - 6), -1):
                text = self.doc.lines[k].text.strip()
                if text and not _SEPARATOR.fullmatch(text):
                    break
            else:
                continue
            d = SIGNATURE_DATE.search(text)
            name = text[:d.start()].strip() if d else text
            page = self.doc.lines[k].page
            self.record.signatures.append(Signature(
                Value(name or None, page=page, source=text),
                Value(d[1] if d else None, page=page, source=text)))

    def fill(self) -> Record:
        doc_type = self.doc.doc_type or self.layout.form
        self.record.document["documentType"] = Value(doc_type, page=1,
                                                     source=f"SGML <TYPE>{doc_type}" if self.doc.doc_type else f"layout {self.layout.name}")
        self.fill_boxes()
        self.fill_tables()
        self.fill_footnotes()
        self.fill_remarks()
        self.fill_signatures()
        if self.owner:
            self.record.owners.append(Owner(self.owner))
        if self.doc.kind in OCR_KINDS:
            self.doubt_ocr_layout()
        return self.record

    def doubt_ocr_layout(self) -> None:
        """OCR lines run across the page: boxes and columns printed side by side come out
        interleaved, and nothing here can tell.  Every value is flagged for review."""
        self.record.warnings.append("read from OCR text lines without the form's ruling; every value needs review")
        for _, v in self.record.values():
            if not v.empty:
                v.flag("read from OCR text lines: boxes or columns side by side may be mixed up", OCR_LINES_CONFIDENCE)


def text_bbox(line: int, col: int, width: int) -> tuple[float, float, float, float]:
    """Where a value was read in a text input: character columns and 0-based line numbers
    of the text (x0 = first column, top = line, x1 = column after it, bottom = line + 1)."""
    return (float(col), float(line), float(col + max(width, 1)), float(line + 1))


# a box's printed number: on the label's own line, after a space ("... (Zip) 2. Issuer Name")
BOX_NUMBER = regex.compile(r"(?:^|(?<=\s))(?:\d{1,2}[A-Z]?\.|\(\d{1,2}\))[ \t]*$", regex.M)
SIGNATURE_DATE = regex.compile(
    r"(\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}-[A-Za-z]{3,9}-\d{2,4}|[A-Za-z]{3,9}\.?\s+\d{1,2},\s*\d{4}|\d{4}-\d\d-\d\d)\s*$")


def label_pattern_any(labels: list[str], text: str, pos: int) -> regex.Match | None:
    """The earliest place at or after pos where one of the labels is printed."""
    hits = [m for lab in labels if (m := label_pattern(lab).search(text, pos))]
    return min(hits, key=lambda m: m.start()) if hits else None


def by_code(p: Placement, cols: list[Column], code: str, row_kind: str) -> Placement:
    """An amount the path could put in (A) or (D) goes where the transaction code says;
    the choice stays below CONFIDENT (reconcile flags it)."""
    name = cols[p.column].name
    if not p.ambiguous or "@" not in name or "@" not in p.ambiguous:
        return p
    direction = implied_direction(read_as(code, CODE).value or "", row_kind)
    if direction is None:
        return p
    want = f"{name.split('@')[0]}@{direction}"
    column = next((j for j, c in enumerate(cols) if c.name == want), p.column)
    return replace(p, column=column, ambiguous=f"{name} (the column of transaction code {code} taken)")


def _column_kind(name: str) -> str:
    if name.startswith("mark:"):
        return "mark"
    return field_type(name.split("@", 1)[0])


# ------------------------------------------------------------------ |-ruled ASCII tables

def _bars(raw: str) -> list[int]:
    """Column marks of a table line: "|", and "+" where a rule crosses a column line."""
    return [i for i, c in enumerate(raw) if c in "|+"]


@dataclass
class RuledTable:
    spans: list[tuple[int, int]]   # character span of each column
    header: str                    # the header's text
    body: list[TextLine]           # the lines under the header rule


def ruled_table(lines: list[TextLine]) -> RuledTable | None:
    """A table drawn with | and _ (or - and +): its columns are the bars of the rule under the
    header that has the most of them."""
    rules = [(k, ln) for k, ln in enumerate(lines)  # "___|___", "---+---", "===|==="
             if _bars(ln.raw) and regex.search(r"[_\-=]{3}", ln.raw) and _SEPARATOR.fullmatch(ln.raw)]
    if not rules:
        return None
    rule_k, rule = max(rules, key=lambda kl: (len(_bars(kl[1].raw)), -kl[0]))
    edges = [-1] + _bars(rule.raw) + [max(len(ln.raw) for ln in lines) + 1]
    spans = [(a + 1, b) for a, b in zip(edges, edges[1:])]
    body = lines[rule_k + 1:]
    if not any(ln.raw[spans[-1][0]:].strip(" _|") for ln in body):
        spans = spans[:-1]  # nothing printed right of the last bar
    header = " ".join(" ".join(c for c, _ in _cells(ln.raw, spans) if c) for ln in lines[:rule_k])
    return RuledTable(spans, header, body)


def _cells(raw: str, spans) -> list[tuple[str, bool]]:
    """(text, filled) per column; filled when the text runs to the column's right edge."""
    out = []
    for a, b in spans:
        seg = raw[a:b] if a < len(raw) else ""
        out.append((seg.strip(), bool(seg.strip()) and len(seg.rstrip()) >= (b - a) - 1))
    return out


def ruled_rows(table: RuledTable, kinds: list[str]):
    """Rows of a ruled table: a line goes on with the row above when each of its cells
    continues a cell above it (text that ran to the edge, or a wrapped title); the pieces of a
    cell are joined by ``reconcile.join_wrapped``.  Yields ([(text, column, wrap)], first line)."""
    def kind(j: int) -> str:
        return kinds[j] if j < len(kinds) else TEXT

    groups: list[tuple[list[list[tuple[str, bool]]], TextLine]] = []
    previous = None
    for ln in table.body:
        if _SEPARATOR.fullmatch(ln.raw):
            previous = None
            continue
        cs = _cells(ln.raw, table.spans)
        filled = [j for j, (t, _) in enumerate(cs) if t]
        goes_on = previous is not None and all(
            previous[j][1] or (kind(j) == TEXT and previous[j][0]) or FOOTNOTE_ONLY.fullmatch(cs[j][0])
            for j in filled)
        if goes_on:
            groups[-1][0].append(cs)
        else:
            groups.append(([cs], ln))
        previous = cs
    for lines, first in groups:
        cells = []
        for j in range(len(table.spans)):
            pieces = [c[j] for c in lines if c[j][0]]
            if pieces:
                text, rule = join_wrapped(pieces, kind(j))
                cells.append((text, j, ([p for p, _ in pieces], rule) if rule else None))
        if cells:
            yield cells, first


def fill_text(doc: TextDoc, layouts: list[TextLayout], source: str) -> Record:
    flat = Flat.of(doc.lines)
    layout = detect_text_layout(flat, layouts)
    return Filler(doc, layout, source).fill()
