"""``filing-extract layouts list|show|new``: look at layouts, and start one from a blank form.

* ``list``: the layouts found (name, form, file, description).
* ``show LAYOUT FILE``: a page of FILE drawn with what the layout finds there -- each field's
  anchor and the words its box takes, each table's header cells and rows, each section's
  headings -- as a PNG, with a line per entry saying where it was found (or not).
* ``new --from BLANK.pdf``: a layout scaffold read off a blank form's printed labels and
  ruling lines: detect phrases, one field per labelled ruled box (its first label line the
  anchor, the other label lines to strip), X-mark fields for labels printed after a short
  blank line, a ``below`` field over a fill-in line, the tables (ruled header cells over
  empty ruled rows) with header regexes, and section candidates (headings outside the
  boxes; labels printed under a signature line).  Names are left as ``TODO`` for a person
  to fill in from ``extract/schema.py``; the loader refuses the file until they are.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex
import yaml

from .errors import LayoutError
from .grid import Cell, group_lines, line_text, lines_text, words_in
from .layout import Layout, load_layouts, parse_layout
from .pages import Page, Rule, Word

TODO = "TODO"


# ------------------------------------------------------------------ list

def describe_layouts(layouts: list[Layout]) -> list[str]:
    """One line per layout: name, form, file, description."""
    rows = [(lay.name, lay.form, lay.path, lay.description) for lay in layouts]
    width = max((len(r[0]) for r in rows), default=4)
    return [f"{name:<{width}}  Form {form}  {path}  {desc}".rstrip() for name, form, path, desc in rows]


# ------------------------------------------------------------------ show

def find_layout(name_or_file: str, dirs: list[Path]) -> Layout | None:
    """A layout by name on the search path ``dirs``, or from a layout file (one that
    ``extends`` another is loaded with its folder in front of the search path)."""
    path = Path(name_or_file)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise LayoutError(f"{path}: not valid YAML: {exc}") from None
        if isinstance(data, dict) and "extends" in data:
            return next((lay for lay in load_layouts([path.parent] + dirs)
                         if Path(lay.path).resolve() == path.resolve()), None)
        return parse_layout(data, str(path))
    return next((lay for lay in load_layouts(dirs) if lay.name == name_or_file), None)


@dataclass
class Mark:
    """A shape to draw on the page, in points, with a label and a colour name."""
    bbox: tuple[float, float, float, float]
    label: str
    colour: str
    thickness: int = 2


COLOURS = {"cell": (205, 205, 205), "anchor": (200, 90, 0), "region": (0, 150, 0), "mark": (0, 140, 255),
           "header": (180, 0, 180), "row": (230, 160, 230), "section": (150, 60, 0), "missing": (0, 0, 220)}


def layout_marks(layout: Layout, pages: list[Page], number: int) -> tuple[list[Mark], list[str]]:
    """What the layout finds on page ``number``: shapes to draw and a report line per entry."""
    from .fill import PageView, find_table_header, region_words, table_rows

    views = [PageView(p) for p in pages]
    view = views[number - 1]
    marks = [Mark(c.bbox, "", "cell", 1) for c in view.cells]
    report = []
    for spec in layout.fields:
        if spec.pages == "first" and number != 1:
            continue
        anchors = view.anchors(spec.anchor)
        if not anchors:
            report.append(f"field {spec.name}: anchor {spec.anchor!r} not found on page {number}")
            continue
        a = anchors[0]
        marks.append(Mark((a.x0, a.top, a.x1, a.bottom), spec.name, "anchor"))
        if spec.region in ("mark", "checkbox"):
            marks.append(Mark((a.x0 - spec.mark_distance, a.top, a.x0, a.bottom), "", "mark"))
        elif spec.region in ("cell", "below"):
            words = region_words(view, spec, a)
            if words:
                marks.append(Mark((min(w.x0 for w in words), min(w.top for w in words),
                                   max(w.x1 for w in words), max(w.bottom for w in words)), "", "region"))
        report.append(f"field {spec.name}: anchor {spec.anchor!r} at ({a.x0:.0f}, {a.top:.0f}), {spec.region}")
    following = views[number] if number < len(views) else None
    for spec in layout.tables:
        hit = find_table_header(view, spec, following)
        if hit is None or hit.page != number:
            report.append(f"table {spec.name}: no header on page {number}")
            continue
        for j, cell in hit.columns.items():
            marks.append(Mark(cell.bbox, f"{j}:{spec.columns[j].field}", "header"))
        rows = table_rows(view, hit)
        for row in rows:
            marks.extend(Mark(c.bbox, "", "row") for c in row.values())
        missing = [spec.columns[j].header for j in range(len(spec.columns)) if j not in hit.columns]
        report.append(f"table {spec.name}: {len(hit.columns)}/{len(spec.columns)} columns, {len(rows)} ruled rows"
                      + (f"; not found: {missing}" if missing else ""))
    for spec in layout.sections:
        for phrase in spec.start + spec.end + ([spec.above] if spec.above else []):
            for a in view.anchors(phrase):
                if a.words[0] is next(ln for ln in view.lines if a.words[0] in ln)[0]:  # opens its line
                    role = "above" if phrase == spec.above else ("start" if phrase in spec.start else "end")
                    marks.append(Mark((a.x0, a.top, a.x1, a.bottom), f"{spec.name} {role}", "section"))
                    report.append(f"section {spec.name}: {role} {phrase!r} at ({a.x0:.0f}, {a.top:.0f})")
    return marks, report


def draw_marks(gray, dpi: float, marks: list[Mark]):
    """The page image (grey pixels) in colour with the marks drawn on it."""
    import cv2
    img = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    k = dpi / 72.0
    for m in marks:
        x0, y0, x1, y1 = (int(round(v * k)) for v in m.bbox)
        colour = COLOURS[m.colour]
        cv2.rectangle(img, (x0, y0), (x1, y1), colour, m.thickness)
        if m.label:
            cv2.putText(img, m.label[:40], (x0, max(10, y0 - 3)), cv2.FONT_HERSHEY_SIMPLEX, 0.16 * k,
                        colour, 1, cv2.LINE_AA)
    return img


def show_layout(layout: Layout, path: Path, number: int, png: Path, password: str | None = None) -> list[str]:
    """Draw ``layout`` over page ``number`` of ``path`` into ``png``; returns the report lines."""
    import cv2
    from .images import render_pdf_page
    from .pipeline import read_document

    scanned = read_document(path, password)
    if not 1 <= number <= len(scanned):
        raise ValueError(f"{path.name} has {len(scanned)} page(s); no page {number}")
    pages = [s.page for s in scanned]
    clean = scanned[number - 1].clean
    if clean is not None:  # a scan: draw on the cleaned image the words were read from
        gray, dpi = clean.gray, clean.dpi
    else:
        image = render_pdf_page(path, number - 1, 150, password)
        gray, dpi = image.gray, image.dpi
    marks, report = layout_marks(layout, pages, number)
    png.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(png), draw_marks(gray, dpi, marks)):
        raise OSError(f"cannot write {png}")
    return report


# ------------------------------------------------------------------ new

BLANK_RULE = (8.0, 40.0)   # a printed blank before a checkbox label: '___ Director' (points long)
FILL_IN_RULE = 60.0        # a line to write on: signature lines, 'title below' lines
EDITION = regex.compile(r"\bSEC\s+\d{3,4}\s*\(\d{1,2}-\d{2}\)")  # the form's edition line
NUMBERED = regex.compile(r"^(\d+[A-Z]?\.)\s*(.*)$")
SUBLABELS = regex.compile(r"^(\([^()]+\)\s*)+$")  # '(Last) (First) (Middle)'
HEADER_WORDS = 3           # words of a numbered header kept in its regex


@dataclass
class Scaffold:
    name: str
    form: str
    detect: list[str] = field(default_factory=list)
    fields: list[tuple[dict, str]] = field(default_factory=list)     # entry, comment
    tables: list[tuple[dict, str]] = field(default_factory=list)
    sections: list[tuple[dict, str]] = field(default_factory=list)


def _on_border(rule: Rule, cells: list[Cell], tol: float = 2.0) -> bool:
    """The rule runs along the top or bottom of a ruled cell (one cell's, or a row's)."""
    y = (rule.top + rule.bottom) / 2
    return any(abs(y - edge) <= tol
               and min(rule.x1, c.x1) - max(rule.x0, c.x0) > 0.5 * min(rule.x1 - rule.x0, c.x1 - c.x0)
               for c in cells for edge in (c.top, c.bottom))


def is_blank(w: Word) -> bool:
    """A blank typed as underscores, to write on or mark with an X."""
    return len(w.text) >= 3 and set(w.text) == {"_"}


def _stacked(upper: Cell, lower: Cell) -> bool:
    """Two ruled cells of one width, one right on top of the other."""
    return abs(upper.bottom - lower.top) <= 3 and abs(upper.x0 - lower.x0) <= 2.5 and abs(upper.x1 - lower.x1) <= 2.5


def _free_rules(page: Page, cells: list[Cell]) -> list[Rule]:
    """Horizontal rules that are not the border of a ruled cell: blanks and fill-in lines."""
    found: list[Rule] = []
    for r in sorted((r for r in page.rules if r.horizontal), key=lambda r: (r.top, r.x0)):
        if _on_border(r, cells):
            continue
        if any(abs(r.top - f.top) <= 1.5 and abs(r.x0 - f.x0) <= 1.5 for f in found):
            continue  # the second stroke of a thick line
        found.append(r)
    return found


def header_pattern(text: str) -> str:
    """A column's header regex, kept close to the printed words (the label fallback reads it back):
    a numbered header by its number and first words, a sub-header by all of its text."""
    m = NUMBERED.match(text)
    if m:
        words = m.group(2).split()[:HEADER_WORDS]
        rest = r"\s*" + " ".join(regex.escape(w) for w in words) if words else "$"
        return "^" + regex.escape(m.group(1)) + rest
    return "^" + " ".join(regex.escape(w) for w in text.split()) + "$"


def _label_runs(line: list[Word], gap: float = 12.0) -> list[list[Word]]:
    """A text line cut where words stand far apart: separately printed labels."""
    runs: list[list[Word]] = []
    for w in line:
        if runs and w.x0 - runs[-1][-1].x1 <= gap:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _top_of_stack(cell: Cell, cells: list[Cell], texts: dict[Cell, str]) -> Cell:
    """A header cut into stacked ruled cells of one width ('2A. Deemed Execution Date, if any'
    over '(Month/Day/Year)'): the top one, which carries the column's number and name."""
    while True:
        up = [u for u in cells if texts[u] and _stacked(u, cell)]
        if not up:
            return cell
        cell = up[0]


def find_tables(page: Page, cells: list[Cell], texts: dict[Cell, str]) -> list[tuple[list[Cell], float]]:
    """Ruled tables: header cells with text over empty ruled cells of the same span, the first
    data row shared by at least two columns.  Each table is its header cells left to right and
    the top of its first row."""
    by_row: dict[int, list[Cell]] = {}
    for c in cells:
        if texts[c]:
            continue
        above = [h for h in cells if texts[h] and _stacked(h, c)]
        if above:
            by_row.setdefault(round(c.top), []).append(above[0])
    tables: list[tuple[int, set[Cell]]] = []
    for top, heads in sorted(by_row.items()):
        heads_set = {_top_of_stack(h, cells, texts) for h in heads}
        # a header of two ruled rows: the empty cells under the group headers (the first 'data'
        # row found) stand beside the sub-headers, whose rows are the table's
        upper = [t for t in tables if abs(t[0] - min(h.top for h in heads)) <= 3]
        for t in upper:
            tables.remove(t)
            heads_set |= t[1]
        tables.append((top, heads_set))
    return [(sorted(h, key=lambda c: c.x0), top) for top, h in tables if len(h) >= 2]


def _cell_entries(page: Page, cell: Cell, text_lines: list[list[Word]], rules: list[Rule]) -> list[tuple[dict, str]]:
    """The fields of one labelled box: marks after blanks, a fill-in line, else the box itself."""
    entries: list[tuple[dict, str]] = []
    blanks = [r for r in rules if BLANK_RULE[0] <= r.x1 - r.x0 <= BLANK_RULE[1] and cell.contains(r.x0, r.top)]
    mark_lines = set()
    for i, ln in enumerate(text_lines):
        for run in _label_runs(ln):
            first = run[0]
            if any(0 <= first.x0 - b.x1 <= 6 and first.top - 2 <= b.top <= first.bottom + 3 for b in blanks):
                entries.append(({"name": TODO, "anchor": line_text(run), "region": "mark"},
                                "an X on the blank before the label"))
                mark_lines.add(i)
    fill_ins = [r for r in rules if r.x1 - r.x0 >= FILL_IN_RULE and cell.contains((r.x0 + r.x1) / 2, r.top)]
    for r in fill_ins:
        over = [ln for ln in text_lines if ln[-1].bottom <= r.top + 1]
        if over:
            until = [line_text(_label_runs(ln)[0]) for ln in group_lines(
                [w for w in page.words if w.top > cell.bottom - 1])[:1]]
            entries.append(({"name": TODO, "anchor": line_text(over[-1]), "region": "below", "until": until},
                            "typed on the line under the label"))
    if entries:
        return entries
    first = line_text(text_lines[0])
    if SUBLABELS.match(first):  # '(City) (State) (Zip)': the first is the anchor, all are sub-labels
        labels = regex.findall(r"\([^()]+\)", first)
        entry = {"name": TODO, "anchor": labels[0], "strip": labels}
    else:
        entry = {"name": TODO, "anchor": first}
        strip = [line_text(ln) for ln in text_lines[1:]]
        if strip:
            entry["strip"] = strip
    return [(entry, "printed: " + lines_text(text_lines))]


def scaffold_layout(pages: list[Page], name: str, form: str) -> Scaffold:
    """A layout scaffold from the pages of a blank form (see the module docstring)."""
    from .fill import PageView

    out = Scaffold(name, form)
    seen_tables: set[tuple[str, ...]] = set()
    for page in pages:
        view = PageView(page)
        cells = view.cells
        texts = {c: t for c, t in view.cell_texts}
        # blanks typed as underscores ('_____ Director') stand for ruled blanks
        typed = [w for w in page.words if is_blank(w)]
        rules = _free_rules(page, cells) + [Rule(w.x0, w.yc, w.x1, w.yc) for w in typed]
        labels = [w for w in page.words if not is_blank(w)]
        tables = find_tables(page, cells, texts)
        # every cell of a table's header band (stacked pieces and group headers too)
        in_tables = {c for header, top in tables for c in cells
                     if header[0].x0 - 1 <= (c.x0 + c.x1) / 2 <= header[-1].x1 + 1
                     and min(h.top for h in header) - 1 <= (c.top + c.bottom) / 2 <= top}
        for header, _ in tables:
            patterns = tuple(header_pattern(texts[c]) for c in header)
            if patterns in seen_tables:
                continue  # the same table again on a continuation page
            seen_tables.add(patterns)
            title = [line_text(ln) for ln in group_lines([w for w in page.words if header[0].top - 30 < w.bottom
                                                          <= header[0].top + 1])][-1:]
            entry = {"name": f"table{len(out.tables) + 1}", "kinds": [TODO],
                     "columns": [{"header": p, "field": TODO} for p in patterns]}
            out.tables.append((entry, f"page {page.number}" + (f": {title[0]}" if title else "")))
        outside = [w for w in labels if view.cell_at(w.xc, w.yc) is None]
        if page.number == 1:
            out.detect = detect_phrases(page, outside)
            for cell in sorted(cells, key=lambda c: (c.top, c.x0)):
                if cell in in_tables or not texts[cell]:
                    continue
                lines = group_lines(words_in(labels, cell.bbox))
                if not lines:
                    continue
                out.fields.extend(_cell_entries(page, cell, lines, rules))
        out.sections.extend(section_candidates(view, outside, rules))
    return out


def detect_phrases(page: Page, outside: list[Word]) -> list[str]:
    """The form's name (its largest print), its capitalised titles, and its edition line."""
    tallest = max((w.bottom - w.top for w in page.words), default=0)
    big = [w for w in page.words if w.bottom - w.top >= tallest - 0.5]
    phrases = [line_text(ln) for ln in group_lines(big)]
    for ln in group_lines(outside):
        for run in _label_runs(ln):
            text = line_text(run)
            letters = [ch for ch in text if ch.isalpha()]
            if len(run) >= 4 and letters and all(ch.isupper() for ch in letters) and text not in phrases:
                phrases.append(text)
    edition = EDITION.search(page.text)
    if edition:
        phrases.append(edition.group(0))
    return phrases


def section_candidates(view, outside: list[Word], rules: list[Rule]) -> list[tuple[dict, str]]:
    """Headings outside the boxes ('Explanation of Responses:') and labels under a line to sign on."""
    found = []
    margin = min((w.x0 for w in outside), default=0)
    for ln in group_lines(outside):
        text = line_text(ln)
        if text.endswith(":") and ln[0].x0 <= margin + 3:
            found.append(({"name": TODO, "kind": TODO, "start": [text]}, f"heading on page {view.page.number}"))
    for r in rules:
        if r.x1 - r.x0 < FILL_IN_RULE or view.cell_at((r.x0 + r.x1) / 2, r.top):
            continue
        under = [w for w in outside if r.top - 1 <= w.top <= r.top + 6 and w.x0 >= r.x0 - 2 and w.xc <= r.x1]
        if under:
            label = line_text(_label_runs(sorted(under, key=lambda w: w.x0))[0])
            found.append(({"name": TODO, "kind": TODO, "above": label},
                          f"label under a line on page {view.page.number}"))
    return found


def _q(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_q(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def _entry(entry: dict, indent: str = "  ") -> str:
    parts = [f"{key}: {_q(value)}" for key, value in entry.items()]
    return f"{indent}- {{{', '.join(parts)}}}"


def scaffold_yaml(s: Scaffold, source: str) -> str:
    """The scaffold as a commented layout file."""
    out = [f"# Layout scaffold made by 'filing-extract layouts new --from {source}'.",
           "# Give every TODO a name: fields and table columns take record fields from extract/schema.py",
           "# (DOC_FIELDS, OWNER_FIELDS, ROW_FIELDS), tables take kinds (ndTx ndHold dTx dHold), sections",
           "# a kind (footnotes remarks signatures owners); delete the entries the form does not need.",
           "# See layouts/README.md, 'Writing a layout from a blank form'.",
           f"name: {_q(s.name)}", f"form: {_q(s.form)}", "description: " + _q(f"scaffolded from {Path(source).name}"),
           "detect:"]
    out += [f"  - {_q(p)}" for p in s.detect]
    out.append("\nfields:")
    for entry, comment in s.fields:
        out += [f"  # {comment}", _entry(entry)]
    out.append("\ntables:")
    for entry, comment in s.tables:
        out += [f"  # {comment}", f"  - name: {_q(entry['name'])}", f"    kinds: {_q(entry['kinds'])}", "    columns:"]
        out += [f"      - {{header: {_q(c['header'])}, field: {_q(c['field'])}}}" for c in entry["columns"]]
    out.append("\nsections:")
    for entry, comment in s.sections:
        out += [f"  # {comment}", _entry(entry)]
    return "\n".join(out) + "\n"
