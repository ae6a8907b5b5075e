"""Approximate phrase search for OCR'd text: a printed label read with a wrong or missing letter still counts.

Used only on words that came from OCR; a text layer is matched exactly.
"""
from __future__ import annotations

from functools import lru_cache

import regex

# one error allowed per this many characters of the phrase; short phrases must be exact
CHARS_PER_ERROR = 7
# and never more than this: approximate search time grows steeply with it
MAX_ERRORS = 5


def error_budget(key: str, chars_per_error: int = CHARS_PER_ERROR) -> int:
    return min(MAX_ERRORS, len(key) // chars_per_error)


@lru_cache(maxsize=4096)
def _pattern(key: str, errors: int) -> regex.Pattern:
    return regex.compile(f"(?:{regex.escape(key)}){{e<={errors}}}", regex.BESTMATCH)


@lru_cache(maxsize=4096)
def _parts(key: str, n: int) -> tuple[tuple[int, str], ...]:
    """``key`` cut into ``n`` pieces, each with its offset in ``key``."""
    bounds = [len(key) * i // n for i in range(n + 1)]
    return tuple((a, key[a:b]) for a, b in zip(bounds, bounds[1:]))


def _may_hold(pattern: regex.Pattern, key: str, budget: int, text: str, start: int) -> bool:
    """Whether ``text`` holds ``key`` with at most ``budget`` errors from ``start``; looked for
    only around exact occurrences of pieces of the key (the approximate search is slow on a
    page of text, where a phrase is mostly absent).

    Cut into budget + 1 pieces, a key read with at most ``budget`` errors keeps one piece
    untouched, and the match lies around that piece where it sits in the key, give or take
    the budget.  No piece in the text: no match; else the places around the pieces found are
    searched (or the whole text, when they add up to as much)."""
    spans = []
    for offset, part in _parts(key, budget + 1):
        i = text.find(part, start)
        while i >= 0:
            spans.append((max(start, i - offset - budget), i - offset + len(key) + budget))
            i = text.find(part, i + 1)
    if not spans:
        return False
    spans.sort()
    merged = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    if sum(b - a for a, b in merged) >= len(text) - start:
        return True
    return any(pattern.search(text, a, min(b, len(text))) for a, b in merged)


def fuzzy_find(key: str, text: str, start: int = 0, slack: int = 0) -> tuple[int, int, int] | None:
    """(start, end, errors) of the best approximate occurrence of ``key`` in ``text`` from ``start``;
    ``slack`` more errors are allowed in a phrase long enough to have any (short ones stay exact)."""
    budget = error_budget(key)
    budget += slack if budget else 0
    if budget == 0:
        i = text.find(key, start)
        return (i, i + len(key), 0) if i >= 0 else None
    pattern = _pattern(key, budget)
    if not _may_hold(pattern, key, budget, text, start):
        return None
    m = pattern.search(text, start)
    if m is None:
        return None
    return m.start(), m.end(), sum(m.fuzzy_counts)


def edit_distance(a: str, b: str) -> int:
    """Letters to change, add or drop to make ``a`` into ``b``: no budget, for two texts read
    by OCR that may each have their misreads (a search with ``MAX_ERRORS`` would not find them)."""
    return _levenshtein().compare(a, b, max(len(a), len(b)))


@lru_cache(maxsize=None)
def _levenshtein():
    from symspellpy.editdistance import DistanceAlgorithm, EditDistance  # its import costs a worker's start
    return EditDistance(DistanceAlgorithm.LEVENSHTEIN)


def fuzzy_errors(key: str, texts: list[str], slack: int = 0) -> int | None:
    """Fewest errors with which ``key`` occurs in one of ``texts``; None when it does not."""
    best = None
    for t in texts:
        hit = fuzzy_find(key, t, slack=slack)
        if hit and (best is None or hit[2] < best):
            best = hit[2]
            if best == 0:
                break
    return best


def misread_weight(m: regex.Match) -> float:
    """How badly a fuzzy match was misread: an extra stop, comma or space in the text (a speck
    read as print, 'Number of. Derivative') counts half a letter; a wrong, missing or extra
    letter or digit one ('5. Number' for '9. Number')."""
    subs, inserted, deleted = m.fuzzy_changes
    text = m.string
    extra = sum(0.5 if not text[i].isalnum() else 1.0 for i in inserted if i < len(text))
    return len(subs) + len(deleted) + extra


_SYNTAX = regex.compile(r"\\[sSdDwWbB]|\\.|[\^$.*+?{}()\[\]|]")


_INLINE_FLAGS = regex.compile(r"^\(\?[a-zA-Z]+\)")


def _alternatives(body: str) -> list[str]:
    """A pattern's top-level alternatives (split at '|' outside groups and classes)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 1
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    return parts + [body[start:]]


_NUMBERED = regex.compile(r"^\d+")
_NUMBERED_LABEL = regex.compile(r"^\d+[A-Z]?\\\.")  # a label's number and stop, as a pattern says them: '2A\.'


def _as_read(number: str) -> str:
    """A pattern for a printed number as OCR may read it: each digit as itself or as some
    other mark ('8.' read '&.', '9.' read '§.'), but never as another digit: two tables'
    labels often differ only in their numbers (Table I's '3. Ownership Form' and Table II's
    '5. Ownership Form')."""
    # ended by its stop (as read: '1.' may come out 'L-'): a letter opening a word ('Amount')
    # is no misread number
    return "".join(f"(?:{d}|[^\\d\\s])" for d in number) + r"(?=\W|$)"


def opens_with_number(label: str, text: str) -> bool:
    """Whether ``text`` opens with the number ``label`` opens with, as OCR may read it (a label
    without a number: always); a stray mark or two before it is a ruling line's remnant."""
    number = _NUMBERED.match(label)
    return not number or bool(regex.match(rf"\W{{0,2}}?{_as_read(number.group())}", text))


def _approximate_one(body: str, chars_per_error: int, digits_in_words: bool = False) -> str:
    budget = error_budget(_SYNTAX.sub("", body), chars_per_error)
    lead, errors = "", ""
    if body.startswith("^"):
        body, lead = body[1:], "^\\D{0,3}?"
        # a numbered label ('3. Ownership') may be misread, but no digit may be read into it:
        # two tables' labels often differ only in their numbers ('5. Ownership' is Table II's)
        number = _NUMBERED_LABEL.match(body)
        if number and budget and digits_in_words:  # ... though one may be in its words ('Title 6f')
            return f"{lead}(?:{number[0]}){{e<=1:\\D}}(?:{body[number.end():]}){{e<={budget}}}"
        errors = ":\\D" if _NUMBERED.match(body) else ""
    return f"{lead}(?:{body}){{e<={budget}{errors}}}" if budget else f"{lead}(?:{body})"


@lru_cache(maxsize=1024)
def approximate(pattern: regex.Pattern, chars_per_error: int = 5, digits_in_words: bool = False) -> regex.Pattern:
    """The same regular expression tolerating misread characters (one per ``chars_per_error``),
    and up to 3 stray characters before a ``^``-anchored start (a remnant of the ruling line
    at a cell's left edge is read as 'l' or '|').  A number opening the pattern ('^3\\.') may be
    misread, but not as another number.  Each alternative has its own budget: a
    short one ('^Date$') stays exact beside a long one.  ``digits_in_words``: a numbered
    label's words may have a letter read as a digit ('1. Title 6f Derivative')."""
    body = _INLINE_FLAGS.sub("", pattern.pattern)  # kept in pattern.flags
    parts = [_approximate_one(alt, chars_per_error, digits_in_words) for alt in _alternatives(body)]
    if all(part == f"(?:{alt})" for part, alt in zip(parts, _alternatives(body))):
        return pattern
    return regex.compile("|".join(parts), pattern.flags | regex.BESTMATCH)
