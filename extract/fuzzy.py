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


def fuzzy_find(key: str, text: str, start: int = 0) -> tuple[int, int, int] | None:
    """(start, end, errors) of the best approximate occurrence of ``key`` in ``text`` from ``start``."""
    budget = error_budget(key)
    if budget == 0:
        i = text.find(key, start)
        return (i, i + len(key), 0) if i >= 0 else None
    m = _pattern(key, budget).search(text, start)
    if m is None:
        return None
    return m.start(), m.end(), sum(m.fuzzy_counts)


def fuzzy_errors(key: str, texts: list[str]) -> int | None:
    """Fewest errors with which ``key`` occurs in one of ``texts``; None when it does not."""
    best = None
    for t in texts:
        hit = fuzzy_find(key, t)
        if hit and (best is None or hit[2] < best):
            best = hit[2]
            if best == 0:
                break
    return best


_SYNTAX = regex.compile(r"\\[sSdDwWbB]|\\.|[\^$.*+?{}()\[\]|]")


@lru_cache(maxsize=1024)
def approximate(pattern: regex.Pattern, chars_per_error: int = 5) -> regex.Pattern:
    """The same regular expression tolerating misread characters (one per ``chars_per_error``),
    and up to 3 stray characters before a ``^``-anchored start (a remnant of the ruling line
    at a cell's left edge is read as 'l' or '|')."""
    budget = error_budget(_SYNTAX.sub("", pattern.pattern), chars_per_error)
    body = pattern.pattern
    lead = ""
    if body.startswith("^"):
        body, lead = body[1:], "^.{0,3}?"
    if budget == 0:
        return regex.compile(lead + f"(?:{body})", pattern.flags) if lead else pattern
    return regex.compile(f"{lead}(?:{body}){{e<={budget}}}", pattern.flags | regex.BESTMATCH)
