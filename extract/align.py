"""Type-aware column alignment: which table column each token of a row belongs to.

When empty cells have vanished (text split on runs of spaces, OCR lines), a
row has fewer tokens than the table has columns and position says little.
The tokens keep their order, so the assignment is a monotone path through a
tokens x columns grid; each step costs how badly the token fits the column's
type (``reconcile.type_cost``), a skipped column costs a little, a known
position that disagrees costs a lot.  The best path is found by dynamic
programming (Viterbi).  For each placed token the best path that does not put
it there is found too: when that path is nearly as good the token is
ambiguous, when it is not far behind the placement is only probable; either
way the value is flagged instead of trusted.  Positions (tab cells) are used
only while the path keeps every token at its position: a split or merged cell
shifts the cells after it, and then the row is placed by type alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .reconcile import FOOTNOTE_ONLY, clean_text, read_date, read_number, type_cost
from .schema import NUMBER, PRICE

MARK = "mark"       # a column that holds a letter such as V, or nothing
POSITION_COST = 1.5  # a token whose known cell index is not this column's
SKIP_COST = 0.05     # a column left empty
JOIN_COST = 0.15     # two tokens taken as one value (a title, or a number split over two cells)
SPLIT_COST = 0.1     # one token ("50,000 A") split over two neighbouring columns
AMBIGUOUS = 0.12     # a rival placement within this margin makes the token ambiguous
SURE_MARGIN = 0.45   # below this margin a placement is probable, not sure
MARK_APART = 0.3     # a mark or a code in a cell of its own is not part of the text beside it
RARE_COST = 0.5      # a value placed in a column that is usually empty (deemed date, V)
_ATTACHED_MARKS = regex.compile(r"(?:\s*(?:[(\[]\d{1,2}[)\]]|[¹²³⁴⁵⁶⁷⁸⁹⁰])|\s+\d{1,2}/)+$")
_NUMBER_PIECE = regex.compile(r"\$?\s*[\d.,]+(?:\s+[\d.,]+)*")
_MERGED_CODE = regex.compile(r".+\s[(\[]?[A-Za-z][)\]]?")  # "50,000 A": an amount and its code


@dataclass
class Column:
    name: str          # record field (or "mark:<field>", "<field>@A")
    kind: str          # schema type, or MARK
    skip: float = SKIP_COST
    rare: bool = False  # usually empty: a value goes there only when nothing else fits as well


@dataclass
class Placement:
    column: int
    text: str
    tokens: tuple[int, ...]   # token indices that make up the text
    split: str = ""           # the whole token, when the text is one part of it split over two columns
    ambiguous: str = ""       # name of a rival column, when the path cannot tell
    margin: float = float("inf")  # how much worse the best path placing the token elsewhere is
    rival: str = ""           # the column that path puts it in


def cost(text: str, col: Column) -> float:
    text = clean_text(text)  # judge "\\$1.722" as "$1.722"; the value keeps what was read
    rare = RARE_COST if col.rare else 0.0
    if FOOTNOTE_ONLY.fullmatch(text):
        return 0.3 + rare  # a footnote mark alone in its cell can stand in any column
    text = _ATTACHED_MARKS.sub("", text).strip() or text  # "D[3]", "50,000(1)": judge the value
    if col.kind == MARK:
        return 0.0 if text.strip().upper() in ("V", "X") else 1.0
    return type_cost(text, col.kind) + rare


def _best(tokens: list[str], positions: list[int | None], columns: list[Column],
          forbid: tuple[int, int] | None = None):
    n, m = len(tokens), len(columns)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0

    def pos_cost(i: int, j: int) -> float:
        p = positions[i]
        return 0.0 if p is None or p == j else POSITION_COST

    def relax(i2, j2, value, step):
        if value < best[i2][j2] - 1e-12:
            best[i2][j2] = value
            back[i2][j2] = step

    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == inf or j == m:
                continue
            col = columns[j]
            relax(i, j + 1, here + col.skip, ("skip",))
            if i < n and forbid != (i, j):
                relax(i + 1, j + 1, here + cost(tokens[i], col) + pos_cost(i, j), ("take", i))
            if i + 1 < n and _joinable(tokens[i], tokens[i + 1], col):  # a rival reading of the cell
                # a title over two cells; or a number split over two ("1.7" | "22"), which the
                # reconciler joins as a recorded correction
                joined = f"{tokens[i]} {tokens[i + 1]}"
                second = min(pos_cost(i + 1, j), pos_cost(i + 1, j + 1)) if col.kind != "text" \
                    else pos_cost(i + 1, j)
                apart = MARK_APART if col.kind == "text" and any(_standalone(t) for t in tokens[i:i + 2]) else 0.0
                relax(i + 2, j + 1, here + cost(joined, col) + JOIN_COST + apart + pos_cost(i, j) + second,
                      ("join", i))
            if i < n and j + 1 < m and forbid not in ((i, j), (i, j + 1)) and _MERGED_CODE.fullmatch(tokens[i]):
                head, tail = tokens[i].rsplit(" ", 1)
                c = cost(head, col) + cost(tail, columns[j + 1]) + SPLIT_COST + pos_cost(i, j)
                relax(i + 1, j + 2, here + c, ("split", i, head, tail))
    return best[n][m], back


def _standalone(token: str) -> bool:
    """A token that is more likely a cell of its own than part of a title: a footnote mark,
    a one- or two-letter code."""
    token = clean_text(token)
    return bool(FOOTNOTE_ONLY.fullmatch(token)) or len(token) <= 2


def _joinable(a: str, b: str, col: Column) -> bool:
    a, b = clean_text(a), clean_text(b)
    if col.kind == "text":  # words only: a number or a date (even as OCR misread it) is a cell of its own
        return not any(t.startswith("$") or _NUMBER_PIECE.fullmatch(t) or read_number(t).value
                       or read_date(t).value for t in (a, b))
    return col.kind in (NUMBER, PRICE) and bool(_NUMBER_PIECE.fullmatch(a) and _NUMBER_PIECE.fullmatch(b))


def align(tokens: list[str], columns: list[Column],
          positions: list[int | None] | None = None) -> tuple[list[Placement], float]:
    """Place tokens (in order) in columns; returns the placements and the path cost."""
    positions = positions or [None] * len(tokens)
    total, back = _best(tokens, positions, columns)
    if total == float("inf"):
        return [], total
    if any(p is not None for p in positions):
        placed = _walk(back, tokens, columns)
        if any(positions[t] not in (None, q.column) for q in placed for t in q.tokens):
            # a cell split or merged somewhere moved the cells after it: positions mislead
            return align(tokens, columns, None)
        return placed, total
    out = _walk(back, tokens, columns)
    for p in out:
        if len(p.tokens) != 1:
            continue
        rival, back2 = _best(tokens, positions, columns, forbid=(p.tokens[0], p.column))
        p.margin = rival - total
        p.rival = _placed_column(back2, len(tokens), len(columns), p.tokens[0], columns)
        if p.margin < AMBIGUOUS:
            p.ambiguous = p.rival
    return out, total


def _walk(back, tokens: list[str], columns: list[Column]) -> list[Placement]:
    """The placements along the best path."""
    out: list[Placement] = []
    i, j = len(tokens), len(columns)
    while i or j:
        step = back[i][j]
        if step[0] == "skip":
            j -= 1
        elif step[0] == "take":
            i, j = i - 1, j - 1
            out.append(Placement(j, tokens[i], (i,)))
        elif step[0] == "join":
            i, j = i - 2, j - 1
            joined = Placement(j, f"{tokens[i]} {tokens[i + 1]}", (i, i + 1))
            if columns[j].kind in (NUMBER, PRICE):
                joined.ambiguous = "two cells read as one number"
            out.append(joined)
        else:  # split
            i, j = i - 1, j - 2
            out.append(Placement(j + 1, step[3], (i,), split=tokens[i]))
            out.append(Placement(j, step[2], (i,), split=tokens[i]))
    out.reverse()
    return out


def _placed_column(back, n: int, m: int, token: int, columns: list[Column]) -> str:
    i, j = n, m
    while i or j:
        step = back[i][j]
        if step is None:
            return "?"
        if step[0] == "skip":
            j -= 1
            continue
        used = {"take": 1, "join": 2, "split": 1}[step[0]]
        width = 2 if step[0] == "split" else 1
        if step[1] <= token < step[1] + used:
            return columns[j - width].name
        i, j = i - used, j - width
    return "?"


def merge_dollar(cells: list[tuple]) -> list[tuple]:
    """A "$" printed in its own cell belongs to the amount after it ("$" | "1.722").
    Cells are (text, position, ...) tuples; the merged cell keeps the "$" cell's position and
    the cells after it move one position back."""
    out: list[tuple] = []
    shift = 0
    for c in cells:
        prev = out[-1] if out else None
        beside = prev is not None and (len(c) < 2 or prev[1] is None or c[1] is None or c[1] - shift == prev[1] + 1)
        if prev is not None and prev[0] == "$" and beside and regex.match(r"[\d.,(]", c[0]):
            out[-1] = (f"$ {c[0]}",) + tuple(out[-1][1:])
            shift += 1
            continue
        pos = c[1] - shift if len(c) > 1 and c[1] is not None else (c[1] if len(c) > 1 else None)
        out.append((c[0], pos) + tuple(c[2:]))
    return out
