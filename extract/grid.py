"""Geometry helpers: ruled cells, words in a region, and lines of words.

Small pure functions, chained: rules -> cells; words + region -> lines -> text.
Cells come from pdfplumber's own edge-merging and intersection functions, so
the text-layer path and the scan path (rules found by opencv) share them.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from pdfplumber import table as plumber_table

from .pages import Rule, Word

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    # a border that is not drawn, e.g. where a page break cut the row (it goes on overleaf)
    open_top: bool = False
    open_bottom: bool = False

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.bottom - self.top)

    def contains(self, x: float, y: float, slack: float = 0.5) -> bool:
        return (self.x0 - slack <= x <= self.x1 + slack
                and self.top - slack <= y <= self.bottom + slack)


def _edge(rule: Rule) -> dict:
    h = rule.horizontal
    if h:
        y = (rule.top + rule.bottom) / 2
        return {"x0": rule.x0, "x1": rule.x1, "top": y, "bottom": y,
                "width": rule.x1 - rule.x0, "height": 0, "orientation": "h"}
    x = (rule.x0 + rule.x1) / 2
    return {"x0": x, "x1": x, "top": rule.top, "bottom": rule.bottom,
            "width": 0, "height": rule.bottom - rule.top, "orientation": "v"}


def _ending_together(verticals: list[Rule], attr: str, tolerance: float) -> list[list[Rule]]:
    """Vertical rules grouped by where they start (``attr`` 'top') or end ('bottom'): in height
    order, each within ``tolerance`` of its group's first (rounding heights into bins would part
    two rules 0.3 pt apart that straddle a bin's edge)."""
    groups: list[list[Rule]] = []
    for v in sorted(verticals, key=lambda r: getattr(r, attr)):
        if groups and getattr(v, attr) - getattr(groups[-1][0], attr) <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def open_ends(rules: list[Rule], tolerance: float = 3.0) -> tuple[list[Rule], list[Rule]]:
    """The missing top and bottom lines of ruled cells.

    Two vertical rules that start (end) at the same height, end (start) at the
    same height too, with no rule between them there and none crossing that
    line, are the sides of a cell whose border is not drawn: the table was cut
    by a page break, or the renderer left the border to a neighbouring row.
    """
    horizontals = [r for r in rules if r.horizontal]
    verticals = [r for r in rules if not r.horizontal]
    found: dict[str, list[Rule]] = {"top": [], "bottom": []}
    for attr in ("top", "bottom"):
        for group in _ending_together(verticals, attr, tolerance):
            y = getattr(group[0], attr)
            level = [h for h in horizontals if abs((h.top + h.bottom) / 2 - y) <= tolerance]
            if len(group) >= 2 and not any(h.x0 - tolerance <= v.x0 <= h.x1 + tolerance
                                           for h in level for v in group):
                # nothing drawn at this height: the table was cut by a page break
                found[attr].append(Rule(min(v.x0 for v in group), y, max(v.x1 for v in group), y))
                continue
            other = "bottom" if attr == "top" else "top"
            sides = sorted(group, key=lambda v: v.x0)
            for va, vb in zip(sides, sides[1:]):
                xa, xb = va.x0, vb.x0
                if xb - xa <= 2 * tolerance:
                    continue  # the two strokes of one double border
                if abs(getattr(va, other) - getattr(vb, other)) > tolerance:
                    continue  # not the two sides of one cell
                crossed = any(xa + tolerance < v.x0 < xb - tolerance and v.top < y - tolerance
                              and v.bottom > y + tolerance for v in verticals)
                if crossed:
                    continue  # xa and xb are not the two sides of one cell here
                if not any(h.x0 - tolerance <= xa and xb <= h.x1 + tolerance for h in level):
                    found[attr].append(Rule(xa, y, xb, y))
    return found["top"], found["bottom"]


def cells_from_rules(rules: list[Rule], tolerance: float = 3.0) -> list[Cell]:
    """The smallest rectangles enclosed by ruling lines; a table cut by a page break is
    closed along the cut and its cells there are marked open."""
    tops, bottoms = open_ends(rules, tolerance)
    edges = plumber_table.merge_edges([_edge(r) for r in rules + tops + bottoms], tolerance,
                                      tolerance, tolerance, tolerance)
    points = plumber_table.edges_to_intersections(edges, tolerance, tolerance)

    def on(cut: list[Rule], y: float, x0: float, x1: float) -> bool:
        return any(abs(r.top - y) <= tolerance and r.x0 - tolerance <= x0 and x1 <= r.x1 + tolerance
                   for r in cut)

    return [Cell(x0, top, x1, bottom, open_top=on(tops, top, x0, x1), open_bottom=on(bottoms, bottom, x0, x1))
            for x0, top, x1, bottom in plumber_table.intersections_to_cells(points)]


def words_in(words: list[Word], box: BBox, slack: float = 0.5) -> list[Word]:
    x0, top, x1, bottom = box
    return [w for w in words
            if x0 - slack <= w.xc <= x1 + slack and top - slack <= w.yc <= bottom + slack]


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into text lines (vertical overlap), each sorted left to right."""
    lines: list[list[Word]] = []
    # each line's band: the median top and bottom of its words, so that neither a raised mark
    # that starts the line ('Person *') nor one tall word (an X read with its box) decides alone
    # which words belong to it
    bands: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        # words come top-down, so only the most recent lines can still overlap this one
        for k in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
            top, bottom = bands[k]
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap > 0.5 * min(bottom - top, w.bottom - w.top):
                lines[k].append(w)
                bands[k] = (median([v.top for v in lines[k]]), median([v.bottom for v in lines[k]]))
                break
        else:
            lines.append([w])
            bands.append((w.top, w.bottom))
    for line in lines:
        line.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: min(w.top for w in ln))
    return lines


def line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


def lines_text(lines: list[list[Word]]) -> str:
    """Lines of one value joined; a word broken at a hyphen ('Non-' / 'Employee') is rejoined."""
    text = ""
    for ln in lines:
        part = line_text(ln)
        if not part:
            continue
        hyphen_break = len(text) > 1 and text.endswith("-") and text[-2].isalpha() and part[:1].isalpha()
        text = text + part if hyphen_break or not text else f"{text} {part}"
    return text


def bbox_of(words: list[Word]) -> BBox | None:
    if not words:
        return None
    return (min(w.x0 for w in words), min(w.top for w in words),
            max(w.x1 for w in words), max(w.bottom for w in words))
