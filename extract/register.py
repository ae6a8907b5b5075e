"""Stage 2: layout registration.

Finds a template's printed anchors on a page (wherever they actually are) and
decides which layout, and so which form type, a document is.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .errors import UnrecognizedForm
from .grid import group_lines
from .layout import Layout
from .fuzzy import fuzzy_errors, fuzzy_find
from .pages import Page, Word

_SPACE = regex.compile(r"\s+")


@lru_cache(maxsize=65536)  # a page's words are squashed again for every phrase looked for
def squash(text: str) -> str:
    """Comparison key for printed labels: case, spaces and dash styles ignored."""
    text = text.replace("\u2014", "-").replace("\u2013", "-").replace("\u2019", "'")
    return _SPACE.sub("", text).lower()


@dataclass(frozen=True)
class Anchor:
    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def find_anchors(words: list[Word], phrase: str, lines: list[list[Word]] | None = None,
                 slack: int = 0) -> list[Anchor]:
    """Every place a phrase is printed within one text line, top to bottom (on OCR'd words,
    ``slack`` more misread letters allowed in a long phrase: fuzzy_find)."""
    key = squash(phrase)
    found = []
    for line in lines if lines is not None else group_lines(words):
        text, owner = "", []
        for i, w in enumerate(line):
            s = squash(w.text)
            text += s
            owner.extend([i] * len(s))
        ocr = any(w.confidence < 1.0 for w in line)  # OCR'd words: a misread letter is tolerated
        hit = fuzzy_find(key, text, slack=slack) if ocr else _exact(key, text, 0)
        while hit:
            idx = sorted(set(owner[hit[0]:hit[1]]))
            if ocr:
                idx = _without_grazed_ends(idx, owner[hit[0]:hit[1]], line)
            found.append(Anchor(tuple(line[i] for i in idx)))
            hit = fuzzy_find(key, text, hit[1], slack) if ocr else _exact(key, text, hit[0] + 1)
    return found


def find_bookended(lines: list[list[Word]], phrase: str) -> list[Anchor]:
    """A label of three words or more read with its first and last words right and the words
    between them, as many, misread beyond tolerance but not past half their letters ('Other
    (xpecrly below)' for 'Other (specify below)': small print on a fax).  For a label not
    found otherwise."""
    parts = [squash(p) for p in phrase.split()]
    if len(parts) < 3:
        return []
    n, middle = len(parts), "".join(parts[1:-1])
    alike = regex.compile(f"(?:{regex.escape(middle)}){{e<={len(middle) // 2}}}")
    found = []
    for line in lines:
        keys = [squash(w.text) for w in line]
        for i in range(len(line) - n + 1):
            if (keys[i] == parts[0] and keys[i + n - 1] == parts[-1]
                    and alike.fullmatch("".join(keys[i + 1:i + n - 1]))):
                found.append(Anchor(tuple(line[i:i + n])))
    return found


def _without_grazed_ends(idx: list[int], matched: list[int], line: list[Word]) -> list[int]:
    """The words of a fuzzy match less a word at either end that gave it under half its
    letters: a misread or lost letter of the label made up from a word beside it (the 'r' of
    'SCHLAGETER', typed in box 1, standing for the '3' of '3.Date of Earliest Transaction'),
    which would stretch the label over another box or take a value for part of it."""
    def grazed(i: int) -> bool:
        return matched.count(i) < 0.5 * len(squash(line[i].text))

    if len(idx) > 1 and grazed(idx[0]):
        idx = idx[1:]
    if len(idx) > 1 and grazed(idx[-1]):
        idx = idx[:-1]
    return idx


def _exact(key: str, text: str, start: int) -> tuple[int, int, int] | None:
    i = text.find(key, start)
    return (i, i + len(key), 0) if i >= 0 else None


def page_keys(page: Page) -> tuple[str, str]:
    """A page's text squashed in two orders: as stored, and line by line."""
    by_line = "".join(squash(w.text) for ln in group_lines(page.words) for w in ln)
    return squash(page.text), by_line


DETECT_PAGES = 3  # a form's printed identifiers can be pushed to page 2 or 3 by long tables


def detect_layout(pages: list[Page], layouts: list[Layout]) -> Layout:
    """The layout whose detect anchors are all printed (and no reject anchor): looked for in
    the first pages, then, when none matches there, in the whole document (a long table can
    push a form's edition line far back)."""
    for scope in (pages[:DETECT_PAGES], pages):
        # on OCR'd pages, when no layout matches, one more misread letter per long phrase
        # (small print such as the form's edition line reads worst: 'SEG 2270 (9-82)')
        for slack in (0, 1) if any(p.source == "ocr" for p in scope) else (0,):
            found = _best_match(scope, layouts, slack)
            if found is not None:
                return found
        if len(pages) <= DETECT_PAGES:
            break
    if not any(p.words for p in pages[:DETECT_PAGES]):
        raise UnrecognizedForm("the first pages have no text (blank or image-only pages)")
    raise UnrecognizedForm("unrecognized form: not a Form 3, 4 or 5 in any known layout "
                           f"(tried {', '.join(sorted(lay.name for lay in layouts))})")


def _best_match(pages: list[Page], layouts: list[Layout], slack: int = 0) -> Layout | None:
    keys = [k for p in pages for k in page_keys(p)]
    ocr_keys = [k for p in pages if p.source == "ocr" for k in page_keys(p)]

    @lru_cache(maxsize=None)  # layouts share phrases, and each is asked about more than once
    def errors(phrase: str) -> int | None:
        """0 when printed exactly; on OCR'd pages, the letters misread; None when absent."""
        key = squash(phrase)
        if any(key in k for k in keys):
            return 0
        return fuzzy_errors(key, ocr_keys, slack) if ocr_keys else None

    def found(phrase: str) -> bool:
        return errors(phrase) is not None

    def read_chars(lay: Layout) -> int:
        """Characters of the detect phrases read, less the misread ones."""
        return sum(len(squash(p)) - errors(p) for p in lay.detect if found(p))

    usable = [lay for lay in layouts if not any(found(p) for p in lay.reject)]
    matches = [lay for lay in usable if all(found(p) for p in lay.detect)]
    if not matches and ocr_keys:
        # a scan may misread one phrase past the tolerance (a large 'FORM 5' as 'FORMS'):
        # then all but one, the layout whose phrases were read best
        matches = [lay for lay in usable if len(lay.detect) >= 3
                   and sum(found(p) for p in lay.detect) >= len(lay.detect) - 1]
        return max(matches, key=read_chars, default=None)
    if not matches:
        return None
    # the most specific template wins when several match
    # (on OCR'd pages, then the one read with fewest errors)
    return max(matches, key=lambda lay: (len(lay.detect), -sum(errors(p) for p in lay.detect)))
