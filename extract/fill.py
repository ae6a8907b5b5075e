"""Stage 3: fill a registered template with the words on the pages.

Produces a Record whose Values hold the text as read (``source``) with page
and bounding box; the reconciler normalizes them afterwards.  Nothing here
knows about a particular form: everything comes from the layout data.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import regex

from .fuzzy import CHARS_PER_ERROR, approximate, edit_distance, error_budget, misread_weight, opens_with_number
from .grid import Cell, bbox_of, cells_from_rules, group_lines, line_text, lines_text, words_in
from .layout import FieldSpec, Layout, SectionSpec, TableSpec
from .model import Footnote, Owner, Record, Row, Signature, Value
from .ocr import BROKEN_MARK
from .pages import Page, Word
from .reconcile import SLASH_AS_SEVEN
from .register import Anchor, find_anchors, find_bookended, squash
from .schema import DATE, ROW_KINDS, field_type

_ALNUM = regex.compile(r"[\p{L}\p{N}]")
_WORD_OF_LETTERS = regex.compile(r"\p{L}{2}")


# a label this long (in misread letters allowed) is looked for again with one more when not found
LONG_LABEL_ERRORS = 3


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
        return [(c, lines_text(group_lines(words_in(self.page.words, c.bbox))))
                for c in self.cells]

    def anchors(self, phrase: str) -> list[Anchor]:
        if phrase not in self._anchors:
            found = find_anchors(self.page.words, phrase, self.lines)
            if not found and self.page.source == "ocr" and error_budget(squash(phrase)) >= LONG_LABEL_ERRORS:
                # a long label in small print on a fax may read with a misread letter more
                found = find_anchors(self.page.words, phrase, self.lines, slack=1)
            if not found and self.page.source == "ocr":
                found = find_bookended(self.lines, phrase)
            self._anchors[phrase] = found
        return self._anchors[phrase]

    @cached_property
    def text_height(self) -> float | None:
        """The usual height of a word of print on this page (a word of three letters or digits
        or more: ascenders and descenders included); None without such words."""
        heights = sorted(w.bottom - w.top for w in self.page.words if len(_ALNUM.findall(w.text)) >= 3)
        return heights[len(heights) // 2] if heights else None

    def cell_at(self, x: float, y: float) -> Cell | None:
        inside = [c for c in self.cells if c.contains(x, y)]
        return min(inside, key=lambda c: c.area) if inside else None


def value_of(words: list[Word], page: int, text: str | None = None) -> Value:
    text = text if text is not None else lines_text(group_lines(words))
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


# OCR'd: a bracket read as 'I', 'J', 'l', '|' or lost at the end, a speck after it:
# 'Moderna, Inc. JMRNAI', 'APPIAN CORP |APPN]', 'Monaker Group, Inc. [MKGI', '[WLDN].', '[BCLI]]',
# 'ET AL BOKF )' (the opening bracket lost); a '|' read apart from the ticker ('Inc.| MRNA['); a
# speck after the bracket read as a mark or a dash ('[SNOW]-'); on a harsher fax, the closing
# bracket read '|' apart from the ticker ('Inc. |HRMY |'), the opening one read '/' ('Corp. /DEH]')
_OCR_TICKER = regex.compile(r"^(?P<name>.*?\S)(?:\s+|(?=\|))(?:[\[({]\s*(?P<ticker>[A-Z][A-Z0-9.,\-]{0,11})\s*[\])}|lIJ1!\[]{0,2}"
                            r"|(?:\|\s*|[lIJ1!/])(?P<ticker>[A-Z][A-Z0-9.,\-]{0,11}?)(?:[\])}|lIJ1!\[]|\s+[\])}|])"
                            r"|(?P<ticker>[A-Z][A-Z0-9.\-]{0,5})\s*[\])}])\s*[.,:;'\"`‘’_~-]*$")


def split_issuer_ticker(words: list[Word], page: int) -> dict[str, Value]:
    v = value_of(words, page)
    m = _TICKER.match(v.source or "")
    misread = m is None and any(w.confidence < 1.0 for w in words)
    if misread:
        m = _OCR_TICKER.match(v.source or "")
    if not m:
        return {"issuerName": v}
    # an OCR'd opening bracket read twice ('INC/MI/ ([PHM]'): the first is no part of the name
    name_text = regex.sub(r"\s+[\[({|]$", "", m["name"]) if any(w.confidence < 1.0 for w in words) else m["name"]
    name = Value(name_text, page=page, bbox=v.bbox, source=v.source, confidence=v.confidence)
    ticker = Value(m["ticker"], page=page, bbox=v.bbox, source=v.source, confidence=v.confidence)
    if misread:
        for part in (name, ticker):
            part.flag("the brackets around the ticker were misread", 0.75)
    return {"issuerName": name, "issuerTradingSymbol": ticker}


_CITY_NO_COMMA = regex.compile(r"^(?P<city>.*?)(?:\s+(?P<zip>\d{5}(?:-\d{4})?))?\s*$")


# on an OCR'd line, specks read as marks before the state or between it and the ZIP code
# ('WESTON,,.FL 33331', 'OMAHA, NE.68131', "CAMBRIDGE, MA'(02142"): no state code has a mark
_SPECKS_BY_STATE = regex.compile(r"^\s*[.,:;'`‘’]+|(?<=^\s*[A-Z][A-Za-z0-9])[.,:;'`‘’()\[\]]+(?=\s*\d)")


def split_city_line(text: str, page: int, bbox, confidence: float = 1.0) -> dict[str, Value]:
    """'NEW YORK, NY 10016' -> city, state, zip (state and zip optional).  OCR may read the
    comma as a semicolon and the state's second letter in lower case ('WESTON; FL', 'Wi').
    ``confidence``: the line's, which tells an OCR'd line (under 1) from a text layer's."""
    if "," in text or ";" in text:
        city, rest = regex.split(r"[,;](?=[^,;]*$)", text)
        if confidence < 1.0:
            rest = _SPECKS_BY_STATE.sub(" ", rest)
        rest_words = rest.split()
        # EDGAR state codes include foreign ones such as "V8" (Switzerland)
        state = rest_words[0].upper() if rest_words and regex.fullmatch(r"[A-Z][A-Za-z0-9]", rest_words[0]) else ""
        groups = {"city": city.strip(), "state": state,
                  "zip": " ".join(rest_words[1:] if state else rest_words)}
    else:
        m = _CITY_NO_COMMA.match(text)
        groups = {"city": m["city"], "zip": m["zip"] or ""}
    return {key: Value(val, page=page, bbox=bbox, source=text, confidence=confidence)
            for key, val in groups.items() if val}


# an address line opening with a house number ("139 MAIN STREET") or a post-office box starts a
# field of its own; so does a secondary unit ("SUITE 150", "STE. 2"; USPS Pub. 28) unless the
# line before ends in a comma ("5914 W. COURTYARD DRIVE," / "SUITE 150" is one line, wrapped)
_OPENS_ADDRESS = regex.compile(r"^(?:\d+[A-Z]?\s+[A-Z]|(?i:P\.?\s?O\.?\s+BOX)\b)")
_SECONDARY_UNIT = regex.compile(r"^(?:SUITE|STE\.?|UNIT|APT\.?|APARTMENT|ROOM|RM\.?)\s*#?\s*[A-Z]?\d", regex.IGNORECASE)


def text_right_edge(cell: Cell, words: list[Word]) -> float:
    """Where a cell's text may reach on the right: its padding is the same as on the left."""
    return cell.x1 - max(0.0, min(w.x0 for w in words) - cell.x0)


def unwrap_lines(lines: list[list[Word]], right_edge: float, max_lines: int) -> list[list[Word]]:
    """Join lines that a narrow cell wrapped, while there are more lines than fields.  A break
    is a wrap when the next line's first word would not have fitted on the line before it
    and the next line does not open an address line of its own (a house number, a suite);
    of several such breaks the one after the fullest line goes first."""
    out = [list(ln) for ln in lines]

    def wrapped(prev: list[Word], nxt: list[Word]) -> bool:
        last = prev[-1]
        space = (last.x1 - last.x0) / max(1, len(last.text))  # about one character
        text = line_text(nxt)
        return (last.x1 + space + (nxt[0].x1 - nxt[0].x0) > right_edge and not _OPENS_ADDRESS.match(text)
                and (last.text.endswith(",") or not _SECONDARY_UNIT.match(text)))

    while len(out) > max_lines:
        breaks = [k for k in range(1, len(out)) if wrapped(out[k - 1], out[k])]
        if not breaks:
            break
        k = max(breaks, key=lambda k: out[k - 1][-1].x1)
        out[k - 1] += out.pop(k)
    return out


OWNER_BLOCK_LINES = 4  # name, street1, street2, city line
_CITY_LINE = regex.compile(r",\s*[A-Z][A-Z0-9]\b|\d{5}(?:-\d{4})?\s*$")


def split_address(lines: list[list[Word]], page: int) -> dict[str, Value]:
    """street1 / [street2] / 'CITY, ST ZIP' [/ country] lines of an address."""
    texts = [line_text(ln) for ln in lines]
    out: dict[str, Value] = {}
    city_at = max((i for i, t in enumerate(texts) if _CITY_LINE.search(t)), default=None)
    if city_at is None and len(texts) >= 2:
        city_at = len(texts) - 1  # no state or zip: the last line is the city
    if city_at is not None:
        out.update(split_city_line(texts[city_at], page, bbox_of(lines[city_at]),
                                   value_of(lines[city_at], page).confidence))
        lines = lines[:city_at]  # lines after the city line name a country, not scored fields
    out.update(street_fields(lines, page))
    return out


def street_fields(lines: list[list[Word]], page: int) -> dict[str, Value]:
    """street1 and street2 from an address's street lines.  Lines wrapped narrower than their box
    (a typed form's margin) are more than two: a line that opens no address line of its own
    goes on the line before ('C/O THE BLACKSTONE GROUP' / 'INC.' / '345 PARK AVENUE').  Lines
    still left over go into street2, flagged: no text is dropped."""
    if len(lines) > 2:
        lines = unwrap_lines(lines, -math.inf, 2)
    out = {key: value_of(words, page) for key, words in zip(("street1", "street2"), lines)}
    if len(lines) > 2:
        out["street2"] = value_of([w for ln in lines[1:] for w in ln], page, lines_text(lines[1:]))
        out["street2"].flag("address has more than two street lines", 0.5)
    return out


def split_owner_block(lines: list[list[Word]], page: int, name: str | None = None) -> dict[str, Value]:
    """Name line followed by the address lines of an owner's box.  When the owner's name is
    known from elsewhere (the cover's box 1), it tells how many lines a wrapped name took."""
    if not lines:
        return {}
    taken = 1
    if name:
        key = squash(name)
        texts = {k: squash(lines_text(lines[:k])) for k in range(1, len(lines))}
        taken = next((k for k, t in texts.items() if t == key), 0)
        if not taken and texts and any(w.confidence < 1.0 for ln in lines for w in ln):
            # read twice by OCR, the name here and on the cover may differ by misread letters
            # or specks ('of.Chloe'), each reading its own: the lines that read nearest to it,
            # within the tolerance of both readings
            errors, k = min((edit_distance(key, t), k) for k, t in texts.items())
            taken = k if errors <= 2 * (len(key) // CHARS_PER_ERROR) else 0
        taken = taken or 1
    name_words = [w for ln in lines[:taken] for w in ln]
    return {"rptOwnerName": value_of(name_words, page, lines_text(lines[:taken])),
            **split_address(lines[taken:], page)}


_CITY_STATE_ZIP = regex.compile(r"^(?P<city>.+?)\s+(?P<state>[A-Z][A-Z0-9])(?:\s+(?P<zip>\d[\d-]{2,9}))?$")


def split_labelled_columns(words: list[Word], labels: list[Anchor | None], names: list[str],
                           page: int) -> dict[str, Value]:
    """Values typed under side-by-side labels such as (City) (State) (Zip), on the first line
    (a line below names a country).  The values are the runs of words set apart by wider gaps
    when there is one per label; else a 'CITY ST ZIP' reading; else the nearest label to the left."""
    lines = group_lines(words)
    if not lines:
        return {}
    line = lines[0]
    gaps = [b.x0 - a.x1 for a, b in zip(line, line[1:])]
    space = min(gaps, default=0)
    runs: list[list[Word]] = [[line[0]]]
    for w, gap in zip(line[1:], gaps):
        if gap > max(1.6 * space, 2.0):
            runs.append([])
        runs[-1].append(w)
    if len(runs) == len(names):
        return {n: value_of(ws, page) for n, ws in zip(names, runs)}
    text = line_text(line)
    m = _CITY_STATE_ZIP.match(text)
    if m and names == ["city", "state", "zip"]:
        confidence = value_of(line, page).confidence  # an OCR'd line's, as every value read by OCR
        return {n: Value(m[n], page=page, bbox=bbox_of(line), source=text, confidence=confidence)
                for n in names if m[n]}
    order = sorted(((a, n) for a, n in zip(labels, names) if a is not None), key=lambda p: p[0].x0)
    buckets: dict[str, list[Word]] = {n: [] for n in names}
    for w in line:
        owner = names[0]
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
        cell = view.cell_at((anchor.x0 + anchor.x1) / 2, (anchor.top + anchor.bottom) / 2)
        # and the box's own bottom rule: a label that ends it may be misread beyond tolerance
        if cell is not None and cell.bottom > anchor.bottom:
            ends.append(cell.bottom)
        bottom = min(ends, default=view.page.height)
        x0, x1 = (cell.x0, cell.x1) if cell else (0, view.page.width)
        return drop_labels(words_in(words, (x0, anchor.bottom + 0.5, x1, bottom - 0.5)), spec.strip)
    if spec.region == "line":  # 'Label (Item 2): value' on a line of its own
        line = next(ln for ln in view.lines if anchor.words[-1] in ln)
        after = line[line.index(anchor.words[-1]) + 1:]
        while after and not _ALNUM.search(after[0].text):  # the label's colon, read apart
            after = after[1:]
        return drop_labels(after, spec.strip)
    raise ValueError(spec.region)


_MARK = regex.compile(r"[_\[\(.,\p{Pd}~]*\s*[Xx×]\s*[_\]\).,\p{Pd}~]*")
# on a fax the X merges with a speck or a bit of its line and is read as two letters ('KX', 'Xe'),
# and its line of underscores as any marks but letters and digits ('==__X__', '_-X...:', 'Xo!', '‘X_.');
# or the X read three times over ('XxX.')
_OCR_MARK = regex.compile(r"[^\p{L}\p{N}\s]*(?:\p{L}?[Xx×]|[Xx×]\p{L}|[Xx×]{3})[^\p{L}\p{N}\s]*"
                          # a typed form's box with a letter in it: its X misread ('[k]', '1x]')
                          r"|[\[(|1l]\s*\p{L}\s*[\])|1l]")


def is_mark(word: Word) -> bool:
    """An X typed or printed on a checkbox line: 'X', '__X__', '[X]', 'x'; OCR reads the
    underscores around it as dots, commas or dashes ('_X.', '-X-', '—X_'), and may add a letter."""
    return bool((_OCR_MARK if word.confidence < 1.0 else _MARK).fullmatch(word.text))


MARK_LINE_OVERLAP = 0.4
# a mark not seen where letters were read in its place
UNSURE_MARK = 0.6


def mark_before(words: list[Word], anchor: Anchor, distance: float, page: int) -> Value:
    """True when an X sits on the label's line within `distance` points left of it."""
    # on the label's line: most of the shorter of the two overlaps the other (a fax's mark on the
    # line above may touch the label's top: '10% Owner's X over 'Other')
    near = [w for w in words
            if w not in anchor.words and anchor.x0 - distance <= w.x0 < anchor.x0
            and min(w.bottom, anchor.bottom) - max(w.top, anchor.top)
            > MARK_LINE_OVERLAP * min(w.bottom - w.top, anchor.bottom - anchor.top)]
    marks = [w for w in near if is_mark(w)]
    v = value_of(marks, page, "1" if marks else "0")
    v.source = " ".join(w.text for w in near) or "(no mark)"
    if not marks:
        # no mark is as sure as the line was read: a label read badly may hold its X
        # ('-__X__Director'), and an X read in a shape not taken for a mark may be one
        v.confidence = min([w.confidence for w in anchor.words]
                           + [0.5 for w in near if w.confidence < 1.0 and regex.search(r"[Xx×]", w.text)])
        letters = [regex.sub(r"\P{L}", "", w.text) for w in near if w.confidence < 1.0]
        if any(2 <= len(word) <= 3 for word in letters):
            # two or three letters where only an X is printed, about its width (a longer word is
            # a label's, '(give'): an X misread ('AL', 'kL' on faxes), or specks
            v.flag("letters read where the mark would be: an X misread, or specks", UNSURE_MARK)
    return v


def read_mark(view: PageView, spec: FieldSpec, anchor: Anchor) -> Value:
    return mark_before(view.page.words, anchor, spec.mark_distance, view.page.number)


# a box not seen checked on a bi-level scan: its fill may have been too light to keep
UNSEEN_BOX_CONFIDENCE = 0.5


def read_checkbox(view: PageView, spec: FieldSpec, anchor: Anchor) -> Value:
    """A box left of its label: checked when filled with ink, or when an X is typed on it.  On a
    bi-level scan a box not seen filled is not known unchecked: flagged."""
    typed = read_mark(view, spec, anchor)
    if typed.value == "1":
        return typed
    for box in view.page.ink:
        x0, top, x1, bottom = box
        if anchor.x0 - spec.mark_distance <= x0 < anchor.x0 and min(bottom, anchor.bottom) > max(top, anchor.top):
            return Value("1", page=view.page.number, bbox=box, source="(filled box)")
    if view.page.bilevel:
        typed.flag("no checked box seen, but a bi-level scan loses a light grey fill (a checked box "
                   "as EDGAR prints it)", UNSEEN_BOX_CONFIDENCE)
    return typed


def stands_alone(anchor: Anchor, lines: list[list[Word]]) -> bool:
    """A statement ('No securities beneficially owned') is a line of its own; the same words
    inside a sentence ('... each class of securities beneficially owned directly ...', which
    an OCR'd page matches with two misread letters) are not it."""
    line = next((ln for ln in lines if anchor.words[0] in ln), [])
    return all(w in anchor.words for w in line if _ALNUM.search(w.text))


def label_line(view: PageView, phrase: str) -> Anchor | None:
    """Another label of a box whose own was misread (a scan's '(Cily)' for '(City)'), with the
    words on its line in the same ruled cell: labels too, the misread one among them."""
    found = view.anchors(phrase)
    if not found:
        return None
    a = found[0]
    cell = view.cell_at((a.x0 + a.x1) / 2, (a.top + a.bottom) / 2)
    if cell is None:
        return a
    return Anchor(tuple(w for w in view.page.words if w.top < a.bottom and w.bottom > a.top
                        and view.cell_at(w.xc, w.yc) is cell))


def fill_field(views: list[PageView], spec: FieldSpec) -> dict[str, Value]:
    candidates = views[:1] if spec.pages == "first" else views
    for view in candidates:
        anchors = view.anchors(spec.anchor)
        if spec.region == "phrase":
            anchors = [a for a in anchors if stands_alone(a, view.lines)]
        if not anchors:
            anchors = next(([a] for a in (label_line(view, phrase) for phrase in spec.also) if a), [])
        if not anchors:
            continue
        anchor = anchors[0]
        if spec.region == "mark":
            return {spec.target: read_mark(view, spec, anchor)}
        if spec.region == "checkbox":
            return {spec.target: read_checkbox(view, spec, anchor)}
        if spec.region == "phrase":  # the printed phrase itself is the value
            return {spec.target: Value("1", page=view.page.number, bbox=(anchor.x0, anchor.top, anchor.x1, anchor.bottom),
                                     source=spec.anchor)}
        words = region_words(view, spec, anchor)
        if all(is_speck(w, view) for w in words):
            words = []  # specks of noise in an empty box ('oe' 1 pt high under box 5)
        page = view.page.number
        if spec.split == "issuer_ticker":
            return split_issuer_ticker(words, page)
        if spec.split == "street_lines":
            cell = view.cell_at((anchor.x0 + anchor.x1) / 2, (anchor.top + anchor.bottom) / 2)
            lines = group_lines(words)
            if cell is not None and words:  # a fixed box: a long street wraps inside it
                lines = unwrap_lines(lines, text_right_edge(cell, words), 1)
            return street_fields(lines, page)
        if spec.split == "city_state_zip":
            labels = [view.anchors(s) for s in spec.strip]
            if any(labels):  # a misread label leaves the others' columns
                return split_labelled_columns(words, [a[0] if a else None for a in labels],
                                              ["city", "state", "zip"], page)
            v = value_of(words, page)
            return split_city_line(v.source, page, v.bbox, v.confidence)
        return {spec.target: value_of(words, page)}
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
            # header cells beside the lead, or in a sub-header row just under it
            beside = lead is None or (lead.top - 2 <= c.top <= lead.bottom + 1 and c.x0 >= lead.x0 - 2)
            m = pattern.search(t) if beside and c not in found.values() else None
            if m:
                errors = misread_weight(m) if ocr else 0
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


def _between(j: int, cols: dict[int, Cell], slack: float = 2.0) -> tuple[float, float]:
    """Where column ``j``'s header may lie: between the columns found on either side of it (a
    table's columns are printed in their order)."""
    left = [c.x1 for k, c in cols.items() if k < j]
    right = [c.x0 for k, c in cols.items() if k > j]
    return (max(left) - slack if left else float("-inf"), min(right) + slack if right else float("inf"))


def _columns_from_labels(view: PageView, spec: TableSpec, missing, top: float, bottom: float,
                         data: tuple[PageView, float] | None = None,
                         found_here: dict[int, Cell] | None = None) -> dict[int, Cell]:
    """Columns whose header cell the ruling did not close: find the printed label in the header
    band and take the span of the data cell under it (on `data`'s page below its y, when the
    rows start on the next page).  With the columns already found on this page
    (``found_here``), a label lies between its neighbours and outside their headers: 'Amount'
    misread, the word in '5. Amount of Securities' is not it, nor the '(D)' of '10. Ownership
    Form: Direct (D)' for Table II's column '(D)'."""
    found: dict[int, Cell] = {}
    known = dict(found_here or {})
    band = [w for w in view.page.words if top - 1 <= w.top and w.bottom <= bottom + 1]
    data_view, data_top = data or (view, bottom)
    s, t = 1.0, 0.0
    if data_view is not view and "ocr" in (view.page.source, data_view.page.source):
        # the labels' page and the rows' page of a scan do not lie alike: line up their ruling
        s, t = page_x_map([x for c in view.cells if c.bottom >= top - 1 and c.top <= bottom + 1
                           for x in (c.x0, c.x1)], [x for c in data_view.cells for x in (c.x0, c.x1)])
    for j in missing:
        label = header_label(spec.columns[j].header).split()
        # a label wrapped in its cell: its longest leading part printed on one line
        prefixes = (" ".join(label[:k]) for k in range(len(label), min(2, len(label)) - 1, -1))
        anchors = next((a for a in (find_anchors(band, p) for p in prefixes) if a), [])
        # an OCR'd '3. Ownership' is one misread letter from '5. Ownership', another table's label
        anchors = [a for a in anchors if opens_with_number(" ".join(label), a.words[0].text)]
        if found_here is not None:
            lo, hi = _between(j, known)
            anchors = [a for a in anchors if lo <= (a.x0 + a.x1) / 2 <= hi and not any(
                c.contains((a.x0 + a.x1) / 2, (a.top + a.bottom) / 2) for c in known.values())]
        for a in anchors:
            x = s * (a.x0 + a.x1) / 2 + t
            # under the header: a first-row cell may reach up beside a deeper sub-header
            below = [c for c in data_view.cells if c.bottom > data_top + 3 and c.x0 <= x <= c.x1]
            if below:
                cell = min(below, key=lambda c: c.top)
                found[j] = known[j] = Cell(cell.x0, a.top, cell.x1, bottom)
                break
    return found


# a header cell found by its place between its neighbours may be read with one error in this many
# characters, and one in any label (a header found anywhere: one in five, short labels exact)
CHARS_PER_ERROR_BETWEEN = 3


_LABEL_NUMBER = regex.compile(r"\d+[A-Z]?\.\s*")


def _loosely(label: str, start: bool = False, end: bool = False) -> regex.Pattern:
    """``label`` with the misreads a header cell found by its place may have (anchored at the
    cell text's start or end as its header is)."""
    budget = max(1, len(label) // CHARS_PER_ERROR_BETWEEN)
    return regex.compile(rf"{'^' if start else ''}(?:{regex.escape(label)}){{e<={budget}}}{'$' if end else ''}",
                         regex.BESTMATCH)


def _columns_between(texts, spec: TableSpec, cols: dict[int, Cell], missing, top: float,
                     bottom: float) -> dict[int, Cell]:
    """Columns whose header was misread beyond tolerance ('Anwunt' for 'Amount', '(Dy' for
    '(D)'): the header cell between the columns found on either side of it, at the header's
    foot, that reads as the label with the looser tolerance its place allows; when it is the
    only cell there, its number may be misread too."""
    found: dict[int, Cell] = {}
    for j in missing:
        lo, hi = _between(j, {**cols, **found})
        if lo == float("-inf") or hi == float("inf"):
            continue  # a column at the table's edge has no place to tell it by
        header = spec.columns[j].header
        label = header_label(header)
        pattern = _loosely(label, header.startswith("^"), header.endswith("$"))
        placed = [(c, text) for c, text in texts
                  if lo <= c.x0 and c.x1 <= hi and c.top >= top - 2 and abs(c.bottom - bottom) <= 2
                  and c not in cols.values() and c not in found.values()]
        numbered = [(c, text) for c, text in placed if opens_with_number(label, text)]
        number = _LABEL_NUMBER.match(label)
        if not numbered and len(placed) == 1 and number:
            # the one cell in its place may have its number misread too ('310. Ownership Form'
            # for '10.'): its words tell
            numbered = placed
            pattern = _loosely(label[number.end():])
        best = None
        for c, text in numbered:
            m = pattern.search(text)
            if m and (best is None or misread_weight(m) < best[0]):
                best = (misread_weight(m), c)
        if best:
            found[j] = best[1]
    return found


def _columns_by_count(first_row: list[Cell], found: dict[int, Cell], missing) -> dict[int, Cell]:
    """Columns whose labels were not read at all (a faded copy's small sub-labels at a page's
    foot, their short rules lost with them): the cells of the table's first row between the
    columns found on either side of a run of missing ones (their middles: the columns found may
    have been moved from another page), when there are as many as the run has columns, in order."""
    counted: dict[int, Cell] = {}
    runs: list[list[int]] = []
    for j in sorted(missing):
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    for run in runs:
        lo, hi = _between(run[0], found)[0], _between(run[-1], found)[1]
        cells = sorted((c for c in first_row if lo <= (c.x0 + c.x1) / 2 <= hi), key=lambda c: c.x0)
        if len(cells) == len(run):
            counted.update(zip(run, cells))
    return counted


def page_x_map(src: list[float], dst: list[float], tol: float = 2.5, reach: float = 25.0
               ) -> tuple[float, float]:
    """(scale, shift) that carries x positions printed on one scanned page onto another page of
    the same document: each page of a copy lies a little off and at its own scale (2% is 14 pt
    across a landscape page), so a table's rules overleaf are not where they were.  The map that
    lines up most of ``src`` (a header's column sides) with ``dst`` (the rules overleaf)."""
    src = sorted({round(x, 1) for x in src})
    dst = sorted({round(x, 1) for x in dst})

    def matched(s: float, t: float) -> list[tuple[float, float]]:
        pairs = []
        for x in src:
            d = min(dst, key=lambda d: abs(s * x + t - d))
            if abs(s * x + t - d) <= tol:
                pairs.append((x, d))
        return pairs

    if not src or not dst:
        return 1.0, 0.0
    best = (len(matched(1.0, 0.0)), 0.0, 1.0, 0.0)
    for x in src:
        for d in dst:
            if abs(d - x) > reach:
                continue
            s, t = 1.0, d - x
            for _ in range(2):  # fit the scale on the sides lined up so far, then again
                pairs = matched(s, t)
                xs = [p[0] for p in pairs]
                if len(pairs) < 3 or max(xs) - min(xs) < 100:
                    break
                s, t = (float(v) for v in np.polyfit(xs, [p[1] for p in pairs], 1))
                if abs(s - 1.0) > 0.05:
                    s, t = 1.0, d - x
                    break
            pairs = matched(s, t)
            error = sum(abs(s * a + t - b) for a, b in pairs)
            if (len(pairs), -error) > (best[0], -best[1]):
                best = (len(pairs), error, s, t)
    return best[2], best[3]


def moved(cell: Cell, s: float, t: float) -> Cell:
    return Cell(s * cell.x0 + t, cell.top, s * cell.x1 + t, cell.bottom, cell.open_top, cell.open_bottom)


def columns_onto(columns: dict[int, Cell], page: PageView, source: PageView | None = None) -> dict[int, Cell]:
    """Header columns found on another page, moved onto ``page`` (a scan's pages do not lie alike)."""
    if page.page.source != "ocr" and (source is None or source.page.source != "ocr"):
        return columns
    src = [x for c in columns.values() for x in (c.x0, c.x1)]
    dst = [x for c in page.cells for x in (c.x0, c.x1)]
    s, t = page_x_map(src, dst)
    if s == 1.0 and t == 0.0:
        return columns
    return {j: moved(c, s, t) for j, c in columns.items()}


def _columns_from_split_text(view: PageView, following: PageView, spec: TableSpec, missing,
                             top: float, data_top: float) -> dict[int, Cell]:
    """Columns of a header cut by a page break whose label is split between the pages: the
    text of the header cell cut at the page end joined with its rest overleaf, over each
    first-row cell, against the column's pattern."""
    found: dict[int, Cell] = {}
    first_row = sorted((c for c in following.cells if abs(c.top - data_top) <= 3), key=lambda c: c.x0)
    cut = [(c, t) for c, t in view.cell_texts if c.open_bottom and c.top >= top - 1]
    if cut and (view.page.source == "ocr" or following.page.source == "ocr"):
        s, t = page_x_map([x for c, _ in cut for x in (c.x0, c.x1)],
                          [x for c in following.cells for x in (c.x0, c.x1)])
        cut = [(moved(c, s, t), text) for c, text in cut]
    rest = [(c, t) for c, t in following.cell_texts if c.open_top and c.bottom <= data_top + 1]
    for j in missing:
        for cell in first_row:
            before = [t for c, t in sorted(cut, key=lambda p: -p[0].top) if same_column(c, cell, 2.5)][:1]
            after = [t for c, t in rest if same_column(c, cell, 2.5)][:1]
            text = " ".join(before + after)
            if cell not in found.values() and spec.columns[j].regex.search(text):
                found[j] = Cell(cell.x0, data_top - 1, cell.x1, data_top)
                break
    return found


MIN_HEADER_SHARE = 0.6  # share of a table's column headers that must be found


def _cells_under(view: PageView, lead: Cell) -> bool:
    """Is there a cell under a header cell, in its column, on its page?"""
    return any(c.top >= lead.bottom - 1 and same_column(c, lead, 2.5) for c in view.cells)


def _lead_left_of_second(texts, spec: TableSpec) -> list[Cell]:
    """The first column's header cell when OCR misread its label beyond tolerance (a fax's '1.
    Title of' read 'Ltideof'): the cell with text just left of the second column's header, level
    with it.  The share of the other columns' headers found still decides it is the table."""
    if len(spec.columns) < 2:
        return []
    second = [c for c, t in texts if _header_regex(spec, 1, True).search(t)]
    return [c for s in second for c, _ in texts
            if c is not s and abs(c.top - s.top) <= 3 and abs(c.x1 - s.x0) <= 3 and c.x0 < s.x0]


def header_bottom(view: PageView, cols: dict[int, Cell]) -> float:
    """Where a header's cells end: the deepest one's bottom, unless one cell alone reaches
    below all the others by more than two lines of print.  Its bottom rule was lost (broken by
    a fax's threshold) and it runs on into the row under it: the header ends with the others."""
    bottoms = sorted(c.bottom for c in cols.values())
    line = view.text_height or 0.0
    if len(bottoms) > 2 and line and bottoms[-1] - bottoms[-2] > 2 * line:
        return bottoms[-2]
    return bottoms[-1]


def find_table_header(view: PageView, spec: TableSpec, following: PageView | None = None) -> TableHit | None:
    """The table's header on this page.  A header cut by a page break is completed from the
    top of the following page; the table's rows then start there."""
    texts = view.cell_texts
    ocr = view.page.source == "ocr"
    first = [c for c, t in texts if _header_regex(spec, 0, ocr).search(t)]
    if not first and ocr:
        first = _lead_left_of_second(texts, spec)
    if not first and ocr:  # the first label with a letter read as a digit ('1. Title 6f Derivative')
        lead_label = approximate(spec.columns[0].regex, digits_in_words=True)
        first = [c for c, t in texts if lead_label.search(t)]
    if not first:
        return None
    lead = first[0]
    cols = {0: lead, **_match_columns(texts, spec, range(1, len(spec.columns)), lead, ocr)}
    missing = [j for j in range(len(spec.columns)) if j not in cols]
    # a header low on the page with columns not found may go on overleaf, unless its rows are here
    # (an OCR'd label misread beyond tolerance would take another table's label overleaf)
    cut = following is not None and (lead.open_bottom or missing and lead.bottom > view.page.height * 0.6
                                      and not _cells_under(view, lead))
    if cut:
        top_texts = [(c, t) for c, t in following.cell_texts if c.top < following.page.height * 0.4]
        top_cells = [c for c, _ in top_texts]
        rest = _match_columns(top_texts, spec, missing, None, following.page.source == "ocr")
        # the header's remainder overleaf: cells open at the top where the table resumes
        table_top = min((c.top for c in top_cells), default=0)
        remainder = [c for c in top_cells if c.open_top and c.top <= table_top + 3] if lead.open_bottom else []
        if rest or remainder:
            cols.update(rest)
            bottom = max([c.bottom for c in rest.values()] + [c.bottom for c in remainder])
            still = [j for j in missing if j not in cols]
            cols.update(_columns_from_labels(following, spec, still, min(c.top for c in top_cells), bottom))
            still = [j for j in missing if j not in cols]
            cols.update(_columns_from_labels(view, spec, still, lead.top, view.page.height,
                                             (following, bottom)))
            still = [j for j in missing if j not in cols]
            cols.update(_columns_from_split_text(view, following, spec, still, lead.top, bottom))
            # a label misread beyond tolerance ('10, Ownerstip Fonn'), told by its place between
            # its neighbours on its own page: overleaf, or above the break (its cells end there)
            still = [j for j in missing if j not in cols]
            cols.update(_columns_between(top_texts, spec, {j: c for j, c in cols.items() if c in top_cells},
                                         still, table_top, bottom))
            still = [j for j in missing if j not in cols]
            cols.update(_columns_between(texts, spec, {j: c for j, c in cols.items() if c in view.cells},
                                         still, lead.top, lead.bottom))
            # the header cells found on this page, moved onto the page the rows are on
            here = {j: c for j, c in cols.items() if j not in rest and c in view.cells}
            cols.update(columns_onto(here, following, view))
            return TableHit(following.page.number, cols, bottom)
        if not _cells_under(view, lead):
            # the whole header at the page end, its rows overleaf: a scan of such a print may
            # show the labels cut in half, their cell borders too short to be seen as rules
            labelled = _columns_from_labels(view, spec, missing, lead.top, view.page.height,
                                            (following, table_top))
            found = {**columns_onto(cols, following, view), **labelled}
            first_row = [c for c in top_cells if abs(c.top - table_top) <= 3]
            found.update(_columns_by_count(first_row, found, [j for j in missing if j not in found]))
            if len(found) >= MIN_HEADER_SHARE * len(spec.columns):
                return TableHit(following.page.number, found, table_top)
    bottom = header_bottom(view, cols)
    cols.update(_columns_from_labels(view, spec, missing, lead.top, bottom, found_here=cols))
    cols.update(_columns_between(texts, spec, cols, [j for j in missing if j not in cols], lead.top, bottom))
    if len(cols) < MIN_HEADER_SHARE * len(spec.columns):
        return None  # a different table that happens to share the first column's label
    return TableHit(view.page.number, cols, bottom)


def same_column(c: Cell, h: Cell, tol: float) -> bool:
    """A cell under a header cell: same sides, or (header printed on another page, where the
    border strokes land a few points apart) nearly the same span."""
    if abs(c.x0 - h.x0) <= tol and abs(c.x1 - h.x1) <= tol:
        return True
    overlap = min(c.x1, h.x1) - max(c.x0, h.x0)
    return overlap >= 0.9 * max(c.x1 - c.x0, h.x1 - h.x0)


def table_rows(view: PageView, hit: TableHit, tol: float = 2.5) -> list[dict[int, Cell]]:
    """Ruled data rows below a header: contiguous rows of cells aligned with the columns."""
    by_top: dict[float, dict[int, Cell]] = {}
    for c in view.cells:
        top = c.top
        if top < hit.bottom - tol:
            if c.bottom <= hit.bottom + tol:
                continue  # a header cell
            # a first-row cell that reaches up beside a deeper sub-header (header split over
            # a page break, its columns' heights uneven), or a header cell whose bottom rule
            # was lost: its part under the header belongs to the first row
            top = hit.bottom
            c = replace(c, top=top)
        for j, h in hit.columns.items():
            if same_column(c, h, tol):
                key = round(top)
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
    columns = columns_onto(previous.columns, view)
    aligned = [c for c in view.cells
               if any(same_column(c, h, tol)
                      for h in columns.values())]
    if not aligned:
        return None
    top = min(c.top for c in aligned)
    if any(w.bottom < top - tol and _ALNUM.search(w.text) for w in view.page.words):
        return None  # something is printed above: this is not the table going on
    # (a lone '|' or '.' read from a copier's streak or a speck in the margin is not print)
    return TableHit(view.page.number, columns, top)


RowPart = tuple[PageView, dict[int, Cell]]  # a table row, or its piece on one page

# an OCR'd character or two this short, against a page's usual word height, is too small to be
# typed print; a longer word must be shorter still (a row of specks read as a word: 'ame' 2 pt high)
SPECK_HEIGHT = 0.5
SPECK_CHARACTERS = 2
FLAT_HEIGHT = 0.3


def is_speck(word: Word, view: PageView) -> bool:
    """A word OCR read from specks of noise: a character or two, either without a letter or
    digit (no value is a lone mark) or too small to be print ('7', '%', 'rT' read from dots a
    third of the height of the typed words around them); or any word flatter than print."""
    text = word.text.strip()
    if word.confidence >= 1.0:
        return False
    height, size = view.text_height, word.bottom - word.top
    if height is not None and size < FLAT_HEIGHT * height:
        return True
    return len(text) <= SPECK_CHARACTERS and (not _ALNUM.search(text)
                                              or height is not None and size < SPECK_HEIGHT * height)


def row_specks(parts: list[RowPart]) -> list[Word]:
    """The words of a row when every one of them is a speck of noise (a rough scan's empty
    ruled row); else none."""
    words = [(w, view) for view, cells in parts for c in cells.values() for w in words_in(view.page.words, c.bbox)]
    return [w for w, _ in words] if words and all(is_speck(w, view) for w, view in words) else []


UNSURE_SPECK = 0.7  # a speck read with less confidence than this, alone in a cell, is no value


def read_row(spec: TableSpec, parts: list[RowPart]) -> tuple[dict[str, Value], list]:
    """A row's values; a row cut by a page break comes in two parts whose cell texts join."""
    page = parts[0][0].page.number
    values: dict[str, Value] = {}
    block: list[list[Word]] = []
    for j, col in enumerate(spec.columns):
        lines = [ln for view, cells in parts if j in cells
                 for ln in group_lines(words_in(view.page.words, cells[j].bbox))]
        while lines and any(_matches(p, lines[0]) for p in spec.labels):
            lines.pop(0)  # the last line of a header cut by a page break, in a cell joined to the row
        if not lines:
            continue
        words = [w for ln in lines for w in ln]
        # a cell holding only specks of noise read unsure (';' 1 pt wide) is empty (a typed '*'
        # reads sure; a transaction's code or date alone is told from a speck with the whole
        # row: fill_table)
        if (not col.field.startswith("mark:") and col.field != "owner_block"
                and col.field not in spec.transaction_fields
                and all(is_speck(w, view) and w.confidence < UNSURE_SPECK for view, cells in parts if j in cells
                        for w in words_in(view.page.words, cells[j].bbox))):
            continue
        text = lines_text(lines)
        if col.field == "owner_block":
            cell = next(cells[j] for _, cells in parts if j in cells)
            block = unwrap_lines(lines, text_right_edge(cell, words), OWNER_BLOCK_LINES)
        elif col.field.startswith("mark:"):
            v = value_of(words, page, "1" if any(is_mark(w) for w in words) else "0")
            v.source = text
            values[col.field[5:]] = v
        elif "@" in col.field:  # a column that also implies the A/D code
            name, code = col.field.split("@", 1)
            values[name] = value_of(words, page, text)
            values["transactionAcquiredDisposedCode"] = Value(
                code, page=page, bbox=values[name].bbox, source=f"column {header_label(col.header)}")
        else:
            values[col.field] = value_of(words, page, text)
            if col.implies:
                values[col.implies] = Value("1", page=page, bbox=values[col.field].bbox,
                                            source=f"{col.field}{IMPLIED}")
    return values, block


def _share(hit: TableHit, spec: TableSpec) -> float:
    return len(hit.columns) / len(spec.columns)


def outdone(view: PageView, spec: TableSpec, hit: TableHit, rivals, following: PageView | None) -> bool:
    """Another table's header read at the same place fits better: Table II of a paper Form 3
    heads its first column as Table I does, and on a fax '5. Ownership' read 'S. Ownership'
    passes for Table I's '3. Ownership'; the header is the table that found more of its columns."""
    for rival in rivals:
        other = find_table_header(view, rival, following)
        if (other is not None and other.page == hit.page and other.columns.get(0) == hit.columns.get(0)
                and _share(other, rival) > _share(hit, spec)):
            return True
    return False


def table_row_parts(views: list[PageView], spec: TableSpec, rivals=()) -> list[list[RowPart]]:
    """Every data row of a table over the pages, a row cut by a page break joined into one;
    not where a ``rivals`` table's header fits better."""
    rows: list[list[RowPart]] = []
    previous: TableHit | None = None
    for i, view in enumerate(views):
        following = views[i + 1] if i + 1 < len(views) else None
        if previous is not None and previous.page == view.page.number:
            hit = previous  # a header completed from this page
        else:
            hit = find_table_header(view, spec, following)
            if hit is not None and outdone(view, spec, hit, rivals, following):
                hit = None
            if hit is None and previous is not None:
                hit = continuation(view, previous)
        cut_before = bool(rows) and previous is not None and any(
            c.open_bottom for c in rows[-1][-1][1].values())
        previous = hit
        if hit is None or hit.page != view.page.number:
            continue
        for k, cells in enumerate(table_rows(view, hit)):
            if k == 0 and cut_before and any(c.open_top for c in cells.values()):
                rows[-1].append((view, cells))  # the rest of the row cut at the page break
            else:
                rows.append([(view, cells)])
    return rows


LONE_SIGN_CONFIDENCE = 0.5  # under it, the one transaction field of a row is a speck


def _speck_like(name: str, v: Value) -> bool:
    """A value read unsure, read without a letter or digit (a code '"'), or a date read without a digit."""
    text = v.value or ""
    return (v.confidence < LONE_SIGN_CONFIDENCE or not any(c.isalnum() for c in text)
            or field_type(name) == DATE and not any(c.isdigit() for c in text))


def fill_table(views: list[PageView], spec: TableSpec, record: Record, first_owner: str | None = None,
               rivals=()) -> None:
    # fields a row of the first kind has and one of the second has not (a transaction's, not a holding's)
    only_transactions = (set(ROW_KINDS[spec.kinds[0]][2]) - set(ROW_KINDS[spec.kinds[1]][2])
                         if len(spec.kinds) > 1 else set())
    for parts in table_row_parts(views, spec, rivals):
        values, block = read_row(spec, parts)
        page = parts[0][0].page.number
        if spec.owners:
            owner = Owner(split_owner_block(block, page, first_owner if not record.owners else None))
            owner.fields.update(values)
            if owner.fields:
                record.owners.append(owner)
            continue
        specks = row_specks(parts)
        if specks:
            record.warnings.append(f"page {page}: a table row holding only specks of noise "
                                   f"({', '.join(repr(w.text) for w in specks)}) was not read as a row")
            continue
        if not values:
            continue  # an empty ruled row of a paper form
        first = values.get(spec.columns[0].field)
        # a statement, not a row: no other cell holds a number ('No securities are beneficially
        # owned' | 0 | D is a filer's own holding row)
        if (first and not any(regex.search(r"\d", v.source or "") for f, v in values.items() if v is not first)
                and any(_found(regex.compile(p, regex.I), first.source, first.confidence < 1.0)
                        for p in spec.skip_rows)):
            continue
        kind = spec.kinds[0]
        if len(spec.kinds) > 1:
            signs = [f for f in spec.transaction_fields if f in values]
            if (len(signs) == 1 and _speck_like(signs[0], values[signs[0]])
                    and not any(f in values for f in only_transactions - set(signs))):
                # a transaction is more than its code or its date: one of them alone, read unsure
                # or a date without a digit, in a row with no amount or price of a transaction is
                # a speck in a holding's row ('*e' read as code E, 't' as a date)
                speck = values.pop(signs[0])
                record.warnings.append(f"page {page}: {speck.source!r}, read with confidence "
                                       f"{speck.confidence:.2f} as a {signs[0]} in a row with no other sign of "
                                       f"a transaction, was taken for a speck: the row is a holding")
                signs = []
            if not signs:
                kind = spec.kinds[1]
        record.rows.append(Row(kind, values, page))


# ------------------------------------------------------------------ sections

def _after_heading(ln: list[Word], heading: str) -> list[Word]:
    """Words printed on a heading's line after the heading itself."""
    anchor = _opening(heading, ln)
    return ln[ln.index(anchor.words[-1]) + 1:] if anchor else []


def _opening(phrase: str, ln: list[Word]) -> Anchor | None:
    """The phrase where it opens the line (as an anchor: exactly, or approximately on OCR'd
    words); the same words inside running text are not a heading.  Specks OCR read before it
    without a letter or digit ('+,' in the margin), or with a digit or two far left of it
    (``_margin_speck``), do not keep it from opening its line."""
    first = next((w for i, w in enumerate(ln) if w.confidence >= 1.0 or _ALNUM.search(w.text)
                  and not _margin_speck(w, ln[i + 1:i + 2])), None)
    return next((a for a in find_anchors(ln, phrase, [ln]) if a.words[0] is first), None)


def _margin_speck(w: Word, after: list[Word]) -> bool:
    """An OCR'd word of a digit or two and no letter standing far left of the rest of its line:
    a speck in the page's margin read '"4'."""
    return (bool(after) and not regex.search(r"\p{L}", w.text) and len(_ALNUM.findall(w.text)) <= 2
            and after[0].x0 - w.x1 > 2 * (w.bottom - w.top))


def _found(pattern: regex.Pattern, text: str, ocr: bool) -> bool:
    """Whether a pattern picks out a text; an OCR'd text may have misread letters."""
    return bool((approximate(pattern) if ocr else pattern).search(text))


def _matches(pattern: str | regex.Pattern, ln: list[Word]) -> bool:
    """A line a pattern picks out (a legend to skip); on OCR'd words it tolerates misreads."""
    return _found(regex.compile(pattern), line_text(ln), any(w.confidence < 1.0 for w in ln))


def section_lines(views: list[PageView], spec: SectionSpec) -> list[tuple[int, list[Word]]]:
    """Text lines from a start anchor to the first end anchor, across pages.  With page_end,
    the section pauses at each page end and at an end anchor, and goes on at a later start
    anchor (e.g. 'EXPLANATION OF RESPONSES (continued):' on an attached sheet) or, when it was
    still open at the end of the page before, after a line matching a `resume` pattern."""
    if spec.above:
        return lines_above(views, spec)
    out: list[tuple[int, list[Word]]] = []
    started = open_at_page_end = False
    for view in views:
        for ln in view.lines:
            # the longest heading that opens the line: the shorter one may be read in the
            # longer on OCR'd words ('EXPLANATION OF RESPONSES (cont inued)')
            heading = max((s for s in spec.start if _opening(s, ln)), key=len, default=None)
            if heading is not None and not (started and heading == spec.start[0] and out):
                started = True
                rest = _after_heading(ln, heading)
                if rest:
                    out.append((view.page.number, rest))
                continue
            if any(_opening(e, ln) for e in spec.end):
                if not spec.page_end and started:
                    return out
                started = open_at_page_end = False
                continue
            if open_at_page_end and not started and any(_matches(p, ln) for p in spec.resume):
                started = True  # an attached sheet goes on with the section after its header
                continue
            if not started or any(_matches(p, ln) for p in spec.skip):
                continue
            out.append((view.page.number, ln))
        if spec.page_end:
            open_at_page_end, started = started, False
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


def section_items(lines: list[tuple[int, list[Word]]], item: str,
                  align: str = "middle") -> list[tuple[str, int, list[list[Word]]]]:
    """Numbered items such as footnotes.  The marker ('(1)', '1.') sits at the left margin:
    with align 'top' it opens the item's first line and the item runs to the next marker
    (across pages); with 'middle' it may be centred beside a multi-line item."""
    pattern = regex.compile(item)
    markers = []  # (id, page, y, misread, the mark's confidence)
    text_lines = []  # (page, words)
    # a line without a letter or digit is noise ('%' read from a speck in the page's margin),
    # which would set the margin
    lines = [(page, ln) for page, ln in lines if any(_ALNUM.search(w.text) for w in ln)]
    # each page's own margin: a scanned page lies a few points off the next one; set by the
    # lines' first words with a letter or digit, as a speck may open a line ('%' left of a note)
    margin: dict[int, float] = {}
    for page, ln in lines:
        left = _mark_left(next(w for w in ln if _ALNUM.search(w.text)), pattern)
        margin[page] = min(margin.get(page, left), left)
    # such a word left of the margin is a speck outside the text's column: no mark, no text
    lines = [(page, _without_leading_specks(ln, margin[page])) for page, ln in lines]

    def mark_match(w: Word):  # a speck read beside a mark is no part of it ('(4),', "(1)'")
        return pattern.match(w.text) or (w.confidence < 1.0 and pattern.match(w.text.strip(_MARK_SPECKS)))

    # marks centred beside their items stand in a column of their own, left of the items' text
    text_left = (_items_left([ln for page, ln in lines if ln[0].x0 <= margin[page] + 3 and mark_match(ln[0])])
                 if align == "middle" else None)
    for page, ln in lines:
        first = ln[0]
        m = mark_match(first)
        if first.x0 <= margin[page] + 3:  # a marker sits at the left margin
            if m:
                markers.append((m.group(1), page, first.yc, False, first.confidence))
                ln = ln[1:]
            elif first.confidence < 1.0 and _numbered(markers):
                # OCR misread the mark ('Q)' for '(1)', '1' for '1.', a typed '1.' read 'it.' with
                # little confidence; a short word read unsure alone in the marks' column, 'By'
                # for '(3)'): it is the one after the mark before
                after = str(int(markers[-1][0]) + 1) if markers else "1"
                in_column = (text_left is not None and first.confidence < UNSURE_MARK and len(first.text) <= 3
                             and first.x1 < text_left - 1 and (len(ln) == 1 or abs(ln[1].x0 - text_left) <= 3))
                if (BROKEN_MARK.match(first.text.strip(_MARK_SPECKS)) or first.text.rstrip(".,") == after
                        or first.confidence < UNSURE_MARK and _SHORT_NUMBERING.match(first.text) or in_column):
                    markers.append((after, page, first.yc, True, first.confidence))
                    ln = ln[1:]
        if ln:
            text_lines.append((page, ln))
    if align == "top" and _numbered(markers) and (not markers or markers[0][0] == "2"):
        # the first item's mark not read at all (a faxed '1.' broken into specks): text before
        # the first mark read, or with none read, is item 1
        first = (markers[0][1], markers[0][2]) if markers else None
        before = [ln for page, ln in text_lines if first is None or (page, ln[0].yc + 1) < first]
        if _reads_as_text(before):
            k = next(k for k, (_, ln) in enumerate(text_lines) if ln is before[0])
            page, ln = text_lines[k]
            markers.insert(0, ("1", page, ln[0].yc, True, 0.0))
            if len(ln) > 1 and _SHORT_NUMBERING.match(ln[0].text):  # the mark misread surely ('i.')
                text_lines[k] = (page, ln[1:])
    if not markers:
        return []
    if _numbered(markers):
        # a mark misread as another number is the one after the mark before: when the next mark
        # follows on ('(3)' before '(2)'), or the last mark when it was read unsure ('(4)' at 0.26
        # for the only note's '1.'); notes are numbered from 1
        for i, m in enumerate(markers):
            before = int(markers[i - 1][0]) if i else 0
            follows = int(markers[i + 1][0]) == before + 2 if i + 1 < len(markers) else m[4] < UNSURE_MARK
            if int(m[0]) != before + 1 and follows:
                markers[i] = (str(before + 1), *m[1:3], True, m[4])
    blocks = (_items_from_top(markers, text_lines) if align == "top"
              else _items_beside(markers, text_lines))
    return [(m[0], m[1], [ln for _, ln in block], m[3]) for m, block in zip(markers, blocks)]


def _reads_as_text(lines: list[list[Word]]) -> bool:
    """Lines of words, not of noise: three words of three letters or more read fairly surely."""
    words = [w for ln in lines for w in ln if len(_ALNUM.findall(w.text)) >= 3 and w.confidence >= UNSURE_MARK]
    return len(words) >= 3


def _without_leading_specks(ln: list[Word], margin: float) -> list[Word]:
    """The line from its first word that has a letter or digit or does not stand left of the margin."""
    start = 0
    while not _ALNUM.search(ln[start].text) and ln[start].x1 < margin:
        start += 1
    return ln[start:]


def _mark_left(w: Word, pattern: regex.Pattern) -> float:
    """Where a word starts; for an OCR'd mark with specks read before it ('*(1)'), where the
    mark starts: about a character's width in for each speck."""
    bare = w.text.lstrip(_MARK_SPECKS)
    if w.confidence < 1.0 and bare != w.text and pattern.match(bare.rstrip(_MARK_SPECKS)):
        return w.x0 + (len(w.text) - len(bare)) * (w.x1 - w.x0) / len(w.text)
    return w.x0


# stops, commas, quotes, asterisks: specks read beside a mark ('(4),', '(2).', "(1)'", '6),', '*(1)')
_MARK_SPECKS = ".,:;'’‘`\"*~°"
MARK_COLUMN_PT = 8.0  # the least gap between the margin and the items' text that makes a column of marks


def _items_left(marked: list[list[Word]]) -> float | None:
    """Where the items' text starts when the marks stand in a column of their own: the left
    edge of the words after the marks, the same on every line (None: no such column)."""
    lefts = sorted(ln[1].x0 for ln in marked if len(ln) > 1)
    if len(lefts) < 2:
        return None
    left = lefts[len(lefts) // 2]
    aligned = sum(abs(x - left) <= 3 for x in lefts) >= 0.8 * len(lefts)
    return left if aligned and left - max(ln[0].x0 for ln in marked) >= MARK_COLUMN_PT else None


# a word shaped like a number's item mark ('1.' read 'it.', 'l.'), and the confidence under which
# tesseract's reading of such a word is taken for a misread mark rather than a word
_SHORT_NUMBERING = regex.compile(r"^[\p{L}\p{N}|]{1,2}\.$")
UNSURE_MARK = 0.7


def _numbered(markers: list) -> bool:
    """The items so far are numbered, so a misread mark's number follows from them."""
    return all(m[0].isdigit() for m in markers)


def _items_from_top(markers, text_lines):
    """Each line belongs to the last marker at or above it in reading order; lines before the
    first marker continue nothing and are dropped."""
    blocks: list[list] = [[] for _ in markers]
    for page, ln in text_lines:
        above = [i for i, m in enumerate(markers) if (m[1], m[2]) <= (page, ln[0].yc + 1)]
        if above:
            blocks[above[-1]].append((page, ln))
    return blocks


def _items_beside(markers, text_lines):
    """Markers centred beside their items: on each page the lines are cut into one run per
    marker, in order, so that every run spans its marker and the runs' middles lie nearest
    their markers (gaps between lines tell items apart less well: on a scan the spacing is
    uneven).  Lines before a page's first marker may go on with the item of an earlier page
    (it goes on after the page break); a page without markers goes on with it whole."""
    items: list[list] = [[] for _ in markers]
    going_on: int | None = None  # the item an earlier page ended with
    for page in dict.fromkeys(p for p, _ in text_lines):
        lines = [ln for p, ln in text_lines if p == page]
        here = [i for i, m in enumerate(markers) if m[1] == page]
        if not here:
            items[going_on if going_on is not None else len(markers) - 1].extend((page, ln) for ln in lines)
            continue
        cuts = _centred_cuts(lines, [markers[i][2] for i in here], going_on is not None)
        if going_on is not None:
            items[going_on].extend((page, ln) for ln in lines[:cuts[0]])
        for i, start, end in zip(here, cuts, cuts[1:]):
            items[i].extend((page, ln) for ln in lines[start:end])
        going_on = here[-1]
    return items


def _centred_cuts(lines: list[list[Word]], marks: list[float], may_go_on: bool) -> list[int]:
    """Where to cut ``lines`` into one run per mark (the y of each, in order): cut[j] to
    cut[j + 1] is mark j's run; the runs before the first cut go on from an earlier page
    (only when ``may_go_on``).  Each run spans its mark; the sum of the distances between
    runs' middles and marks is least.  None fitting (a mark misplaced by a misread): each line
    goes to the nearest mark."""
    n, k = len(lines), len(marks)
    tops = [min(w.top for w in ln) for ln in lines]
    bottoms = [max(w.bottom for w in ln) for ln in lines]

    def off(a: int, b: int, y: float) -> float:  # lines a..b-1 as the run of the mark at y
        if b <= a or not tops[a] - 2 <= y <= bottoms[b - 1] + 2:
            return math.inf
        return abs((tops[a] + bottoms[b - 1]) / 2 - y)

    best = {start: (0.0, None) for start in (range(n) if may_go_on else [0])}
    steps = []
    for j, y in enumerate(marks):
        ends = [n] if j == k - 1 else range(1, n - (k - 2 - j))
        reached: dict[int, tuple[float, int]] = {}
        for start, (cost, _) in best.items():
            for end in ends:
                total = cost + off(start, end, y)
                if total < reached.get(end, (math.inf, 0))[0]:
                    reached[end] = (total, start)
        steps.append(reached)
        best = reached
    if math.isinf(best.get(n, (math.inf, 0))[0]):
        owner = [min(range(k), key=lambda j: abs(marks[j] - (tops[i] + bottoms[i]) / 2)) for i in range(n)]
        return [0] + [sum(1 for o in owner if o <= j) for j in range(k)]
    cuts = [n]
    for reached in reversed(steps):
        cuts.insert(0, reached[cuts[0]][1])
    return cuts


# a date alone in its word; on a scan a speck beside it may be read as a mark ('04/28/2020°')
# a date as typed; a speck may be read inside its month or day ('0.2/27/2020'); a slash read as
# a '7' ('05708/2020': a fax's coarse rows); a month's or a day's leading 0 read as a round
# letter ('Q2/14/2020'; reconcile reads it back as a digit)
_DATE_WORD = regex.compile(r"[^\w/]?(?:(?:[OoQ]\d|\d(?:[.,'’]?\d)?)/(?:[OoQ]\d|\d(?:[.,'’]?\d)?)/\d{2,4}"
                           rf"|{SLASH_AS_SEVEN.pattern})[^\w/]?")


def fill_sections(views: list[PageView], layout: Layout, record: Record) -> None:
    for spec in layout.sections:
        lines = section_lines(views, spec)
        if spec.kind == "footnotes":
            for fid, page, item_lines, misread in section_items(lines, spec.item or r"^\((\d+)\)",
                                                                  spec.item_align):
                text = lines_text(item_lines)  # in reading order, across pages
                words = [w for ln in item_lines for w in ln]
                note = value_of(words, page, text)
                if misread:
                    note.flag(f"the mark of footnote {fid} was misread; numbered after the one before", 0.6)
                record.footnotes.append(Footnote(f"F{fid}", note))
        elif spec.kind == "remarks":
            words = [w for _, ln in lines for w in ln]
            if words:
                text = lines_text([ln for _, ln in lines])
                record.document["remarks"] = value_of(words, lines[0][0], text)
        elif spec.kind == "signatures" and spec.columns:
            record.signatures.extend(read_signature_columns(mend_dates(lines)))
        elif spec.kind == "signatures":
            label = regex.compile(spec.item) if spec.item else None
            record.signatures.extend(read_signatures(mend_dates(lines), label))
        elif spec.kind == "owners":
            record.owners.extend(read_labelled_owners(lines, spec))


def labelled_blocks(lines: list[tuple[int, list[Word]]], spec: SectionSpec) -> list[dict[str, list]]:
    """Blocks of 'Label: value' lines, each opened by the layout's first label; a line
    indented past the labels continues the label above it.  A block ends at a page break
    or at an unknown line at the labels' margin."""
    keys = list(spec.labels)
    blocks: list[dict[str, list]] = []
    current: dict[str, list] | None = None
    last, page_of, margin = "", None, None
    for page, ln in lines:
        if page != page_of:
            current, page_of = None, page
        opened = next(((k, a) for k in keys for a in [_label_opening(k, ln)] if a), None)
        if opened is not None:
            label, anchor = opened
            if label == keys[0]:
                current = {}
                blocks.append(current)
                margin = ln[0].x0
            if current is not None:
                current[label] = [(page, ln[ln.index(anchor.words[-1]) + 1:])]
                last = label
        elif current is not None and margin is not None and ln[0].x0 > margin + 20:
            current[last].append((page, ln))
        else:
            current = None
    return blocks


# what OCR reads a label's colon as on a fax ('Name?')
_MISREAD_COLON = "?;.,!'’"


def _label_opening(label: str, ln: list[Word]) -> Anchor | None:
    """A 'Label:' opening a line; on OCR'd words its colon may be misread as another mark."""
    found = _opening(label, ln)
    if found or not label.endswith(":") or ln[0].confidence >= 1.0:
        return found
    words = label.split()
    if len(ln) <= len(words) or ln[len(words) - 1].text[-1:] not in _MISREAD_COLON:
        return None
    read = ln[:len(words)]
    return Anchor(tuple(read)) if squash(" ".join(w.text for w in read)[:-1]) == squash(label[:-1]) else None


def read_labelled_owners(lines: list[tuple[int, list[Word]]], spec: SectionSpec) -> list[Owner]:
    """Reporting owners listed as labelled blocks (a paper form's 'JOINT FILER INFORMATION')."""
    owners = []
    for block in labelled_blocks(lines, spec):
        fields: dict[str, Value] = {}
        for label, block_lines in block.items():
            target = spec.labels[label]
            page = block_lines[0][0]
            words_by_line = [ln for _, ln in block_lines if ln]
            if target == "address":
                fields.update(split_address(words_by_line, page))
            elif target == "relationship":
                words = [w for ln in words_by_line for w in ln]
                for phrase, name in spec.marks.items():
                    found = find_anchors(words, phrase)
                    if found:
                        fields[name] = mark_before(words, found[0], 40.0, page)
            elif words_by_line:
                fields[target] = value_of([w for ln in words_by_line for w in ln], page)
        if fields:
            owners.append(Owner(fields))
    return owners


def mend_dates(lines: list[tuple[int, list[Word]]]) -> list[tuple[int, list[Word]]]:
    """A date OCR read as two words ('10/1 7/2017') made one word again: a signature's date
    is found by its shape."""
    out = []
    for page, ln in lines:
        mended = list(ln[:1])
        for w in ln[1:]:
            prev = mended[-1]
            if (min(w.confidence, prev.confidence) < 1.0 and w.x0 - prev.x1 < prev.bottom - prev.top
                    and _DATE_WORD.fullmatch(prev.text + w.text)):
                mended[-1] = Word(prev.text + w.text, prev.x0, min(prev.top, w.top), w.x1,
                                  max(prev.bottom, w.bottom), min(prev.confidence, w.confidence))
            else:
                mended.append(w)
        out.append((page, mended))
    return out


# a conformed signature's '/s/' as OCR may read it: its first slash or its 's' misread ('‘s/', '/8/', 'a/')
_OCR_CONFORMED_MARK = r"[/‘'’`]?[s35$8aeo]/"


def signature_of(block: list[tuple[int, list[Word]]]) -> Signature:
    """A signature block's name and date.  A typist puts '/s/ ' before a conformed signature
    unless the name already starts with one; a name that has its own '/s/' later on came
    with that extra mark, so it is dropped (on OCR'd words, with either mark misread and a
    speck after the first: '‘s/ BLACKSTONE ... By: /s/ John', '/8/ -AVENUE ... By: a/ Andrew')."""
    words = [w for _, ln in block for w in ln]
    dates = [w for w in words if _DATE_WORD.fullmatch(w.text)]
    names = [w for w in words if w not in dates]
    page = block[0][0]
    name = value_of(names, page)
    text = name.source or ""
    mark = _OCR_CONFORMED_MARK if name.confidence < 1.0 else "/s/"
    typed = regex.match(rf"{mark}\s+(?:[-~]\s*)?(?=\S)", text)
    rest = text[typed.end():] if typed else ""
    if typed and regex.search(rf"(?<!\S){mark}(?=\s)", rest) and not regex.match(mark, rest):
        name.correct("typed-signature-mark", rest, 0.95)
    return Signature(name, value_of(dates[-1:], page))


LABEL_WORDS = 6  # a signature's label ('** Signature of Reporting Person  Date') has no more words


def read_signatures(lines: list[tuple[int, list[Word]]], label: regex.Pattern | None) -> list[Signature]:
    """Signature blocks: a name (possibly wrapped) and a date, each block closed by the
    printed '** Signature of Reporting Person / Date' label when the layout has one."""
    sigs: list[Signature] = []
    block: list[tuple[int, list[Word]]] = []
    read = [label is not None and _matches(label, ln) for _, ln in lines]
    # where the labels read stand: their first and last words' left sides
    at = [(ln[0].x0, ln[-1].x0) for (_, ln), is_read in zip(lines, read) if is_read]

    def misread_label(ln: list[Word]) -> bool:
        """A label misread beyond tolerance ('SSignacwe of Reyoning Person Daw'), standing word
        for word where the labels read stand."""
        return (len(ln) <= LABEL_WORDS and any(w.confidence < 1.0 for w in ln)
                and any(abs(ln[0].x0 - a) <= 3 and abs(ln[-1].x0 - b) <= 3 for a, b in at))

    def close():
        # a block without a date or a word of two letters is no signature: specks read '4',
        # 'i' or '4 *s' (a name, even initials with their stops, has a word of two letters)
        if any(_WORD_OF_LETTERS.search(w.text) or _DATE_WORD.fullmatch(w.text) for _, ln in block for w in ln):
            sigs.append(signature_of(block))
        block.clear()

    for (page, ln), is_read in zip(lines, read):
        if is_read or label is not None and misread_label(ln):
            close()
            continue
        block.append((page, ln))
        if label is None and _DATE_WORD.fullmatch(ln[-1].text):
            close()  # without labels, a date ends a signature
    close()  # a last block whose label went to the next page
    return sigs


def read_signature_columns(lines: list[tuple[int, list[Word]]]) -> list[Signature]:
    """Extra signatures typed in one or two columns, each a block of lines with its date;
    blocks are separated by a gap wider than most of a line's height.  Column-major order."""
    sigs: list[Signature] = []
    for page in sorted({p for p, _ in lines}):
        words = [w for p, ln in lines if p == page for w in ln]
        dates = [w for w in words if _DATE_WORD.fullmatch(w.text)]
        if not dates:
            continue
        right = max(d.x0 for d in dates)
        left_dates = [d for d in dates if d.x1 < right - 100]  # dates closing a left column
        split = max((d.x1 for d in left_dates), default=None)
        columns = ([[w for w in words if w.x0 <= split], [w for w in words if w.x0 > split]]
                   if split is not None else [words])
        for column in columns:
            blocks: list[list[list[Word]]] = []
            for ln in group_lines(column):
                if blocks:
                    prev = blocks[-1][-1]
                    prev_bottom = max(w.bottom for w in prev)
                    height = prev_bottom - min(w.top for w in prev)
                if not blocks or min(w.top for w in ln) - prev_bottom > 0.8 * height:
                    blocks.append([])
                blocks[-1].append(ln)
            sigs.extend(signature_of([(page, ln) for ln in block]) for block in blocks)
    return sigs


# ------------------------------------------------------------------ the stage

def is_true(v: Value | None) -> bool:
    return v is not None and v.value == "1"


TITLE_READ = 0.5  # an OCR'd title read with less confidence may be a speck or a label's remains
IMPLIED = " given"  # the source's ending of a relationship implied by a table's typed text ('otherText given')


def implied_over_unread_mark(table: Value | None, cover: Value) -> bool:
    """A relationship the owners table's typed text implies ('Sr. VP, Operations - RLI Ins.'
    under Other) where no X was read before its label on an OCR'd cover: the X was there but
    not read (a fax's broken strokes), as a title is typed only for a relationship marked.
    The table's reading stands, flagged."""
    if not (is_true(table) and table.source.endswith(IMPLIED) and cover.value == "0" and cover.confidence < 1.0):
        return False
    table.flag(f"no X read before the label on the cover ({cover.source}), but the owners table has its text", 0.6)
    return True


def officer_by_title(owner: dict[str, Value]) -> None:
    """An officer's title with neither Officer nor Other marked on the cover: the X before
    'Officer' was there but not read (a fax's 'aK.', 'AL', 'Xo!'), as a title is given only for
    an officer or an 'other'; the officer's, as the more common (and the one the owners table's
    title column says).  Only on a scan, and a title read with some confidence; flagged."""
    title, mark = owner.get("officerTitle"), owner.get("isOfficer")
    if (title is None or not title.value or title.confidence < TITLE_READ or is_true(mark)
            or is_true(owner.get("isOther")) or mark is not None and mark.confidence >= 1.0):
        return
    seen = mark.source if mark is not None else "(no mark)"
    v = Value("1", page=title.page, bbox=mark.bbox if mark is not None else None,
              source=f"{seen}; officer title {title.value!r}", confidence=title.confidence)
    v.flag(f"no X read before 'Officer' ({seen}), but an officer title is typed", 0.6)
    owner["isOfficer"] = v


def fill(layout: Layout, pages: list[Page], source: str) -> Record:
    views = [PageView(p) for p in pages]
    record = Record(source=source, layout=layout.name, pages=len(pages))
    record.document["documentType"] = Value(layout.form, page=1, source=f"layout {layout.name}")
    owner0: dict[str, Value] = {}
    for spec in layout.fields:
        got = fill_field(views, spec)
        target = owner0 if spec.owner or spec.split in ("city_state_zip", "street_lines") else record.document
        if spec.fills_in:  # a second reading of values read before (an attached sheet's header)
            got = {k: v for k, v in got.items() if v.value and (k not in target or not target[k].value
                                                                or target[k].confidence < v.confidence)}
        target.update(got)
    cover_name = owner0["rptOwnerName"].source if "rptOwnerName" in owner0 else None
    for spec in layout.tables:
        fill_table(views, spec, record, cover_name, [t for t in layout.tables if t is not spec])
    if record.owners:
        owner0.pop("rptOwnerName", None)  # the owners table's reading, split with its help, stands
    title = owner0.get("officerTitle")
    if title and not is_true(owner0.get("isOfficer")) and is_true(owner0.get("isOther")):
        # one line under box 5 serves both: it is the 'other' text when only Other is marked
        owner0["otherText"] = owner0.pop("officerTitle")
    if owner0:
        if not record.owners:
            record.owners.append(Owner({}))
        # the first owner's own boxes on the cover page override the summary table, but for a
        # relationship the table's typed text implies, where the cover's X was not read
        table_row = record.owners[0].fields
        record.owners[0].fields.update({k: v for k, v in owner0.items()
                                        if not implied_over_unread_mark(table_row.get(k), v)})
    if record.owners:
        officer_by_title(record.owners[0].fields)
    fill_sections(views, layout, record)
    return record
