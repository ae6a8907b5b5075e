"""Stage 3: fill a registered template with the words on the pages.

Produces a Record whose Values hold the text as read (``source``) with page
and bounding box; the reconciler normalizes them afterwards.  Nothing here
knows about a particular form: everything comes from the layout data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import regex

from .fuzzy import approximate
from .grid import Cell, bbox_of, cells_from_rules, group_lines, line_text, words_in
from .layout import FieldSpec, Layout, SectionSpec, TableSpec
from .model import Footnote, Owner, Record, Row, Signature, Value
from .pages import Page, Word
from .register import Anchor, find_anchors, squash


@dataclass
class PageView:
    """A page plus what is derived from it once (cells, anchor lookups)."""
    page: Page
    _anchors: dict[str, list[Anchor]] = field(default_factory=dict)

    @cached_property
    def cells(self) -> list[Cell]:
        return cells_from_rules(self.page.rules)

    @cached_property
    def lines(self) -> list[list[Word]]:
        return group_lines(self.page.words)

    @cached_property
    def cell_texts(self) -> list[tuple[Cell, str]]:
        """Every ruled cell with its text, read once for all table specs."""
        return [(c, " ".join(line_text(ln) for ln in group_lines(words_in(self.page.words, c.bbox))))
                for c in self.cells]

    def anchors(self, phrase: str) -> list[Anchor]:
        if phrase not in self._anchors:
            self._anchors[phrase] = find_anchors(self.page.words, phrase, self.lines)
        return self._anchors[phrase]

    def cell_at(self, x: float, y: float) -> Cell | None:
        inside = [c for c in self.cells if c.contains(x, y)]
        return min(inside, key=lambda c: c.area) if inside else None


def value_of(words: list[Word], page: int, text: str | None = None) -> Value:
    text = text if text is not None else " ".join(line_text(ln) for ln in group_lines(words))
    conf = min((w.confidence for w in words), default=1.0)
    return Value(value=text or None, page=page, bbox=bbox_of(words), source=text, confidence=conf)


def drop_labels(words: list[Word], labels: list[str]) -> list[Word]:
    """Remove printed sub-labels such as '(Month/Day/Year)', and blank rules, from a region's words."""
    drop: set[Word] = {w for w in words if set(w.text) == {"_"}}  # printed fill-in blanks
    for label in labels:
        for a in find_anchors(words, label):
            drop.update(a.words)
    return [w for w in words if w not in drop]


# ------------------------------------------------------------------ splits
# A split turns one region's lines into several record fields.

_TICKER = regex.compile(r"^(?P<name>.*?)\s*[\[(]\s*(?P<ticker>[^\[\]()]{1,12}?)\s*[\])]\s*$")


def split_issuer_ticker(words: list[Word], page: int) -> dict[str, Value]:
    v = value_of(words, page)
    m = _TICKER.match(v.source or "")
    if not m:
        return {"issuerName": v}
    name = Value(m["name"], page=page, bbox=v.bbox, source=v.source)
    ticker = Value(m["ticker"], page=page, bbox=v.bbox, source=v.source)
    return {"issuerName": name, "issuerTradingSymbol": ticker}


_CITY_NO_COMMA = regex.compile(r"^(?P<city>.*?)(?:\s+(?P<zip>\d{5}(?:-\d{4})?))?\s*$")


def split_city_line(text: str, page: int, bbox) -> dict[str, Value]:
    """'NEW YORK, NY 10016' -> city, state, zip (state and zip optional)."""
    if "," in text:
        city, rest = text.rsplit(",", 1)
        rest_words = rest.split()
        # EDGAR state codes include foreign ones such as "V8" (Switzerland)
        state = rest_words[0] if rest_words and regex.fullmatch(r"[A-Z][A-Z0-9]", rest_words[0]) else ""
        groups = {"city": city.strip(), "state": state,
                  "zip": " ".join(rest_words[1:] if state else rest_words)}
    else:
        m = _CITY_NO_COMMA.match(text)
        groups = {"city": m["city"], "zip": m["zip"] or ""}
    return {key: Value(val, page=page, bbox=bbox, source=text) for key, val in groups.items() if val}


def unwrap_lines(lines: list[list[Word]], right_edge: float, max_lines: int) -> list[list[Word]]:
    """Join lines that a narrow cell wrapped, while there are more lines than fields: a break
    is a wrap when the next line's first word would not have fitted on the line before it."""
    out: list[list[Word]] = []
    for k, ln in enumerate(lines):
        if out and len(out) + len(lines) - k > max_lines:
            prev = out[-1]
            space = 0.3 * (prev[-1].bottom - prev[-1].top)
            if prev[-1].x1 + space + (ln[0].x1 - ln[0].x0) > right_edge:
                out[-1] = prev + ln
                continue
        out.append(list(ln))
    return out


OWNER_BLOCK_LINES = 4  # name, street1, street2, city line


def split_owner_block(lines: list[list[Word]], page: int) -> dict[str, Value]:
    """Name / street1 / [street2] / 'CITY, ST ZIP' lines of an owner's box."""
    texts = [line_text(ln) for ln in lines]
    out: dict[str, Value] = {}
    if not texts:
        return out
    out["rptOwnerName"] = value_of(lines[0], page)
    rest = list(zip(texts[1:], lines[1:]))
    if rest and regex.search(r",\s*[A-Z]{2}\b|\d{5}\s*$", rest[-1][0]) or len(rest) >= 2:
        city_text, city_words = rest.pop()
        out.update(split_city_line(city_text, page, bbox_of(city_words)))
    for key, (text, words) in zip(("street1", "street2"), rest):
        out[key] = value_of(words, page)
    if len(rest) > 2:  # more street lines than the schema has: keep them, flagged
        extra = " ".join(t for t, _ in rest[1:])
        out["street2"] = Value(extra, page=page, source=extra)
        out["street2"].flag("address has more than two street lines", 0.5)
    return out


def split_labelled_columns(words: list[Word], labels: list[Anchor], names: list[str],
                           page: int) -> dict[str, Value]:
    """Words under side-by-side labels such as (City) (State) (Zip): nearest label to the left."""
    order = sorted(zip(labels, names), key=lambda p: p[0].x0)
    buckets: dict[str, list[Word]] = {n: [] for n in names}
    for w in words:
        owner = order[0][1]
        for a, n in order:
            if w.x0 >= a.x0 - 4:
                owner = n
        buckets[owner].append(w)
    return {n: value_of(ws, page) for n, ws in buckets.items() if ws}


# ------------------------------------------------------------------ regions

def region_words(view: PageView, spec: FieldSpec, anchor: Anchor) -> list[Word]:
    words = view.page.words
    if spec.region == "cell":
        cell = view.cell_at((anchor.x0 + anchor.x1) / 2, (anchor.top + anchor.bottom) / 2)
        box = cell.bbox if cell else (anchor.x0 - 2, anchor.top, view.page.width, anchor.bottom + 40)
        inside = [w for w in words_in(words, box) if w not in anchor.words]
        return drop_labels(inside, spec.strip)
    if spec.region == "below":
        ends = [a.top for p in spec.until for a in view.anchors(p) if a.top > anchor.bottom]
        bottom = min(ends, default=view.page.height)
        cell = view.cell_at((anchor.x0 + anchor.x1) / 2, (anchor.top + anchor.bottom) / 2)
        x0, x1 = (cell.x0, cell.x1) if cell else (0, view.page.width)
        return drop_labels(words_in(words, (x0, anchor.bottom + 0.5, x1, bottom - 0.5)), spec.strip)
    raise ValueError(spec.region)


def is_mark(text: str) -> bool:
    """An X typed or printed on a checkbox line: 'X', '__X__', '[X]', 'x'."""
    return bool(regex.fullmatch(r"[_\[\(]*\s*[Xx]\s*[_\]\)]*", text))


def read_mark(view: PageView, spec: FieldSpec, anchor: Anchor) -> Value:
    """True when an X sits on the label's line just left of it."""
    near = [w for w in view.page.words
            if w not in anchor.words and anchor.x0 - spec.mark_distance <= w.x0 < anchor.x0
            and min(w.bottom, anchor.bottom) - max(w.top, anchor.top) > 0]
    marks = [w for w in near if is_mark(w.text)]
    v = value_of(marks, view.page.number, "1" if marks else "0")
    v.source = " ".join(w.text for w in near) or "(no mark)"
    return v


def read_checkbox(view: PageView, spec: FieldSpec, anchor: Anchor) -> Value:
    """A box left of its label: checked when filled with ink, or when an X is typed on it."""
    typed = read_mark(view, spec, anchor)
    if typed.value == "1":
        return typed
    for box in view.page.ink:
        x0, top, x1, bottom = box
        if anchor.x0 - spec.mark_distance <= x0 < anchor.x0 and min(bottom, anchor.bottom) > max(top, anchor.top):
            return Value("1", page=view.page.number, bbox=box, source="(filled box)")
    return typed


def fill_field(views: list[PageView], spec: FieldSpec) -> dict[str, Value]:
    candidates = views[:1] if spec.pages == "first" else views
    for view in candidates:
        anchors = view.anchors(spec.anchor)
        if not anchors:
            continue
        anchor = anchors[0]
        if spec.region == "mark":
            return {spec.name: read_mark(view, spec, anchor)}
        if spec.region == "checkbox":
            return {spec.name: read_checkbox(view, spec, anchor)}
        if spec.region == "phrase":  # the printed phrase itself is the value
            return {spec.name: Value("1", page=view.page.number, bbox=(anchor.x0, anchor.top, anchor.x1, anchor.bottom),
                                     source=spec.anchor)}
        words = region_words(view, spec, anchor)
        page = view.page.number
        if spec.split == "issuer_ticker":
            return split_issuer_ticker(words, page)
        if spec.split == "street_lines":
            cell = view.cell_at((anchor.x0 + anchor.x1) / 2, (anchor.top + anchor.bottom) / 2)
            lines = group_lines(words)
            if cell is not None:  # a fixed box: a long street wraps inside it
                lines = unwrap_lines(lines, cell.x1 - 1, 0)
            return {key: value_of(ln, page) for key, ln in zip(("street1", "street2"), lines)}
        if spec.split == "city_state_zip":
            labels = [view.anchors(s) for s in spec.strip]
            if all(labels):
                return split_labelled_columns(words, [a[0] for a in labels],
                                              ["city", "state", "zip"], page)
            v = value_of(words, page)
            return split_city_line(v.source, page, v.bbox)
        return {spec.name: value_of(words, page)}
    return {}


# ------------------------------------------------------------------ tables

@dataclass
class TableHit:
    page: int
    columns: dict[int, Cell]       # column index -> header cell
    bottom: float


def _header_regex(spec: TableSpec, j: int, ocr: bool) -> regex.Pattern:
    """A column's header pattern; on an OCR'd page it tolerates a misread letter."""
    return approximate(spec.columns[j].regex) if ocr else spec.columns[j].regex


def _match_columns(texts, spec: TableSpec, wanted, lead: Cell | None, ocr: bool = False) -> dict[int, Cell]:
    """Header cells for the wanted columns; with a lead cell, only those beside and under it."""
    found: dict[int, Cell] = {}
    for j in wanted:
        pattern = _header_regex(spec, j, ocr)
        best = None  # (misread characters, cell): on OCR'd text '5. Number' must not pass for '9. Number'
        for c, t in texts:
            beside = lead is None or (lead.top - 2 <= c.top < lead.bottom - 2 and c.x0 >= lead.x0 - 2)
            m = pattern.search(t) if beside and c not in found.values() else None
            if m:
                errors = sum(m.fuzzy_counts) if ocr else 0
                if best is None or errors < best[0]:
                    best = (errors, c)
                if errors == 0:
                    break
        if best:
            found[j] = best[1]
    return found


def header_label(pattern: str) -> str:
    """The printed words a header regex stands for: '^\\(A\\) or \\(D\\)$' -> '(A) or (D)'."""
    text = regex.sub(r"\\s[*+]?", " ", pattern.strip("^$"))
    return regex.sub(r"\\(.)", r"\1", text)


def _columns_from_labels(view: PageView, spec: TableSpec, missing, top: float, bottom: float) -> dict[int, Cell]:
    """Columns whose header cell the ruling did not close: find the printed label in the header
    band and take the span of the data cell under it."""
    found: dict[int, Cell] = {}
    band = [w for w in view.page.words if top - 1 <= w.top and w.bottom <= bottom + 1]
    for j in missing:
        for a in find_anchors(band, header_label(spec.columns[j].header)):
            x = (a.x0 + a.x1) / 2
            below = [c for c in view.cells if c.top >= bottom - 3 and c.x0 <= x <= c.x1]
            if below:
                cell = min(below, key=lambda c: c.top)
                found[j] = Cell(cell.x0, a.top, cell.x1, bottom)
                break
    return found


MIN_HEADER_SHARE = 0.6  # share of a table's column headers that must be found


def find_table_header(view: PageView, spec: TableSpec, following: PageView | None = None) -> TableHit | None:
    """The table's header on this page.  A header cut by a page break is completed from the
    top of the following page; the table's rows then start there."""
    texts = view.cell_texts
    ocr = view.page.source == "ocr"
    first = [c for c, t in texts if _header_regex(spec, 0, ocr).search(t)]
    if not first:
        return None
    lead = first[0]
    cols = {0: lead, **_match_columns(texts, spec, range(1, len(spec.columns)), lead, ocr)}
    missing = [j for j in range(len(spec.columns)) if j not in cols]
    if missing and following is not None and lead.bottom > view.page.height * 0.6:
        top_texts = [(c, t) for c, t in following.cell_texts if c.top < following.page.height * 0.4]
        top_cells = [c for c, _ in top_texts]
        rest = _match_columns(top_texts, spec, missing, None, following.page.source == "ocr")
        if rest:
            cols.update(rest)
            bottom = max(c.bottom for c in rest.values())
            still = [j for j in missing if j not in cols]
            cols.update(_columns_from_labels(following, spec, still, min(c.top for c in top_cells), bottom))
            return TableHit(following.page.number, cols, bottom)
    bottom = max(c.bottom for c in cols.values())
    cols.update(_columns_from_labels(view, spec, missing, lead.top, bottom))
    if len(cols) < MIN_HEADER_SHARE * len(spec.columns):
        return None  # a different table that happens to share the first column's label
    return TableHit(view.page.number, cols, bottom)


def table_rows(view: PageView, hit: TableHit, tol: float = 2.5) -> list[dict[int, Cell]]:
    """Ruled data rows below a header: contiguous rows of cells aligned with the columns."""
    by_top: dict[float, dict[int, Cell]] = {}
    for c in view.cells:
        if c.top < hit.bottom - tol:
            continue
        for j, h in hit.columns.items():
            if abs(c.x0 - h.x0) <= tol and abs(c.x1 - h.x1) <= tol:
                key = round(c.top)
                row = next((r for t, r in by_top.items() if abs(t - key) <= tol), None)
                if row is None:
                    row = by_top.setdefault(key, {})
                row[j] = c
    rows, edge = [], hit.bottom
    for top in sorted(by_top):
        row = by_top[top]
        if abs(top - edge) > tol + 1 or len(row) < max(2, len(hit.columns) // 2):
            break
        rows.append(row)
        edge = max(c.bottom for c in row.values())
    return rows


def continuation(view: PageView, previous: TableHit, tol: float = 2.5) -> TableHit | None:
    """A table cut by a page break goes on at the top of the next page without its header."""
    aligned = [c for c in view.cells
               if any(abs(c.x0 - h.x0) <= tol and abs(c.x1 - h.x1) <= tol
                      for h in previous.columns.values())]
    if not aligned:
        return None
    top = min(c.top for c in aligned)
    if any(w.bottom < top - tol for w in view.page.words):
        return None  # something is printed above: this is not the table going on
    return TableHit(view.page.number, previous.columns, top)


def read_row(view: PageView, spec: TableSpec, cells: dict[int, Cell]) -> tuple[dict[str, Value], list]:
    page = view.page.number
    values: dict[str, Value] = {}
    block: list[list[Word]] = []
    for j, cell in cells.items():
        col = spec.columns[j]
        words = words_in(view.page.words, cell.bbox)
        if not words:
            continue
        if col.field == "owner_block":
            block = unwrap_lines(group_lines(words), cell.x1 - 1, OWNER_BLOCK_LINES)
        elif col.field.startswith("mark:"):
            v = value_of(words, page, "1" if any(is_mark(w.text) for w in words) else "0")
            v.source = " ".join(w.text for w in words)
            values[col.field[5:]] = v
        elif "@" in col.field:  # a column that also implies the A/D code
            name, code = col.field.split("@", 1)
            values[name] = value_of(words, page)
            values["transactionAcquiredDisposedCode"] = Value(
                code, page=page, bbox=values[name].bbox, source=f"column {col.header}")
        else:
            values[col.field] = value_of(words, page)
            if col.implies:
                values[col.implies] = Value("1", page=page, bbox=values[col.field].bbox,
                                            source=f"{col.field} given")
    return values, block


def fill_table(views: list[PageView], spec: TableSpec, record: Record) -> None:
    previous: TableHit | None = None
    for i, view in enumerate(views):
        following = views[i + 1] if i + 1 < len(views) else None
        if previous is not None and previous.page == view.page.number:
            hit = previous  # a header completed from this page
        else:
            hit = find_table_header(view, spec, following)
            if hit is None and previous is not None:
                hit = continuation(view, previous)
        previous = hit
        if hit is None or hit.page != view.page.number:
            continue
        for cells in table_rows(view, hit):
            values, block = read_row(view, spec, cells)
            if spec.owners:
                owner = Owner(split_owner_block(block, view.page.number))
                owner.fields.update(values)
                if owner.fields:
                    record.owners.append(owner)
                continue
            if not values:
                continue  # an empty ruled row of a paper form
            first = values.get(spec.columns[0].field)
            if first and any(regex.search(p, first.source, regex.I) for p in spec.skip_rows):
                continue
            kind = spec.kinds[0]
            if len(spec.kinds) > 1 and not any(f in values for f in spec.transaction_fields):
                kind = spec.kinds[1]
            record.rows.append(Row(kind, values, view.page.number))


# ------------------------------------------------------------------ sections

def _after_heading(ln: list[Word], heading: str) -> list[Word]:
    """Words printed on a heading's line after the heading itself."""
    last = find_anchors(ln, heading, [ln])[0].words[-1]
    return ln[ln.index(last) + 1:]


def _skipped(pattern: str, ln: list[Word]) -> bool:
    """A line a section leaves out (a legend); on OCR'd words the pattern tolerates misreads."""
    compiled = regex.compile(pattern)
    if any(w.confidence < 1.0 for w in ln):
        compiled = approximate(compiled)
    return bool(compiled.search(line_text(ln)))


def _on_line(phrase: str, ln: list[Word]) -> bool:
    """The phrase is printed on this line (as an anchor: exactly, or approximately on OCR'd words)."""
    return bool(find_anchors(ln, phrase, [ln]))


def section_lines(views: list[PageView], spec: SectionSpec) -> list[tuple[int, list[Word]]]:
    """Text lines from a start anchor to the first end anchor, across pages.  With
    page_end, the section stops at the end of each page and resumes at a later start anchor
    (e.g. 'EXPLANATION OF RESPONSES (continued):' on an attached sheet)."""
    if spec.above:
        return lines_above(views, spec)
    out: list[tuple[int, list[Word]]] = []
    started = False
    for view in views:
        for ln in view.lines:
            heading = next((s for s in spec.start if _on_line(s, ln)), None)
            if heading is not None and not (started and heading == spec.start[0] and out):
                started = True
                rest = _after_heading(ln, heading)
                if rest:
                    out.append((view.page.number, rest))
                continue
            if not started:
                continue
            if any(_on_line(e, ln) for e in spec.end):
                return out
            if any(_skipped(p, ln) for p in spec.skip):
                continue
            out.append((view.page.number, ln))
        if spec.page_end:
            started = False
    return out


def lines_above(views: list[PageView], spec: SectionSpec) -> list[tuple[int, list[Word]]]:
    """Lines in the box just above a printed label (a signature above '**Signature of ...')."""
    for view in views:
        anchors = view.anchors(spec.above)
        if anchors:
            a = anchors[0]
            words = [w for w in view.page.words if w.x0 >= a.x0 - 15 and a.top - spec.reach <= w.top
                     and w.bottom <= a.top + 1]
            return [(view.page.number, ln) for ln in group_lines(words)]
    return []


def section_items(lines: list[tuple[int, list[Word]]], item: str) -> list[tuple[str, int, list[Word]]]:
    """Numbered items such as footnotes.  The marker ('(1)', '1.') may open the item's first
    line or sit in a margin column beside it, vertically centred on a multi-line item."""
    pattern = regex.compile(item)
    markers = []  # (id, page, y)
    text_lines = []  # (page, words)
    margin = min((ln[0].x0 for _, ln in lines), default=0)
    for page, ln in lines:
        m = pattern.match(ln[0].text)
        if m and ln[0].x0 <= margin + 3:  # a marker sits at the left margin
            markers.append((m.group(1), page, ln[0].yc))
            ln = ln[1:]
        if ln:
            text_lines.append((page, ln))
    if not markers:
        return []
    blocks: list[list[tuple[int, list[Word]]]] = []
    gaps = [b[1][0].top - a[1][0].top for a, b in zip(text_lines, text_lines[1:]) if a[0] == b[0]]
    step = min((g for g in gaps if g > 0), default=0)
    for i, (page, ln) in enumerate(text_lines):
        prev = text_lines[i - 1] if i else None
        new_block = (prev is None or prev[0] != page
                     or ln[0].top - prev[1][0].top > 1.3 * step)
        if new_block:
            blocks.append([])
        blocks[-1].append((page, ln))
    if len(blocks) != len(markers):
        # no reliable gaps: each line goes to the nearest marker on its page
        blocks = [[] for _ in markers]
        for page, ln in text_lines:
            same = [i for i, m in enumerate(markers) if m[1] == page] or [len(markers) - 1]
            best = min(same, key=lambda i: abs(markers[i][2] - ln[0].yc)
                       if markers[i][2] <= ln[0].bottom + 1 else 1e9 + abs(markers[i][2] - ln[0].yc))
            blocks[best].append((page, ln))
    return [(m[0], m[1], [w for _, ln in block for w in ln]) for m, block in zip(markers, blocks)]


_DATE_WORD = regex.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")


def fill_sections(views: list[PageView], layout: Layout, record: Record) -> None:
    for spec in layout.sections:
        lines = section_lines(views, spec)
        if spec.name == "footnotes":
            for fid, page, words in section_items(lines, spec.item or r"^\((\d+)\)"):
                record.footnotes.append(Footnote(f"F{fid}", value_of(words, page)))
        elif spec.name == "remarks":
            words = [w for _, ln in lines for w in ln]
            if words:
                text = " ".join(line_text(ln) for _, ln in lines)
                record.document["remarks"] = value_of(words, lines[0][0], text)
        elif spec.name == "signatures":
            label = regex.compile(spec.item) if spec.item else None
            record.signatures.extend(read_signatures(lines, label))


def read_signatures(lines: list[tuple[int, list[Word]]], label: regex.Pattern | None) -> list[Signature]:
    """Signature blocks: a name (possibly wrapped) and a date, each block closed by the
    printed '** Signature of Reporting Person / Date' label when the layout has one."""
    sigs: list[Signature] = []
    block: list[tuple[int, list[Word]]] = []

    def close():
        words = [w for _, ln in block for w in ln]
        dates = [w for w in words if _DATE_WORD.fullmatch(w.text)]
        names = [w for w in words if w not in dates]
        if names or dates:
            page = block[0][0]
            sigs.append(Signature(value_of(names, page), value_of(dates[-1:], page)))
        block.clear()

    for page, ln in lines:
        text = line_text(ln)
        if label is not None and label.search(text):
            close()
            continue
        block.append((page, ln))
        if label is None and _DATE_WORD.fullmatch(ln[-1].text):
            close()  # without labels, a date ends a signature
    if block and label is None:
        close()
    elif block:  # a last block whose label went to the next page
        close()
    return sigs


# ------------------------------------------------------------------ the stage

def is_true(v: Value | None) -> bool:
    return v is not None and v.value == "1"


def fill(layout: Layout, pages: list[Page], source: str) -> Record:
    views = [PageView(p) for p in pages]
    record = Record(source=source, layout=layout.name, pages=len(pages))
    record.document["documentType"] = Value(layout.form, page=1, source=f"layout {layout.name}")
    owner0: dict[str, Value] = {}
    for spec in layout.fields:
        got = fill_field(views, spec)
        target = owner0 if spec.owner or spec.split in ("city_state_zip", "street_lines") else record.document
        target.update(got)
    for spec in layout.tables:
        fill_table(views, spec, record)
    fill_sections(views, layout, record)
    title = owner0.get("officerTitle")
    if title and not is_true(owner0.get("isOfficer")) and is_true(owner0.get("isOther")):
        # one line under box 5 serves both: it is the 'other' text when only Other is marked
        owner0["otherText"] = owner0.pop("officerTitle")
    if owner0:
        if not record.owners:
            record.owners.append(Owner({}))
        # the first owner's own boxes on the cover page override the summary table
        record.owners[0].fields.update(owner0)
    return record
