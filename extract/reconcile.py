"""Stage 4: reconcile what was read into clean, typed values.

Each rule is a named function; a rule that changes what the filer wrote (as
opposed to normalizing its format) records a Correction on the value, and a
doubt lowers the value's confidence with a flag instead of guessing.
"""
from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal, InvalidOperation

import regex

from .model import Record, Value
from .schema import (AD, BOOL, CODE, DATE, DI, LONG, NUMBER, PRICE, TEXT, TICKER,
                     field_type)

# A footnote reference as printed: "(1)", attached to a value or alone.
FOOTNOTE_MARK = regex.compile(r"\((\d{1,2})\)")

TRANSACTION_CODES = set("PSVADFIMCEHOXGLWZJKU")

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def clean_text(text: str) -> str:
    """Undo escapes and typographic artifacts; collapse whitespace."""
    text = html.unescape(text).replace("\\$", "$")
    text = text.translate({0xFB01: "fi", 0xFB02: "fl", 0x2212: "-", 0x2013: "-", 0x00A0: " "})
    return " ".join(text.split())


def take_footnotes(v: Value) -> None:
    """Move footnote marks out of the text into v.footnotes."""
    text = v.value or ""
    ids = FOOTNOTE_MARK.findall(text)
    if not ids:
        return
    for i in ids:
        fid = f"F{int(i)}"
        if fid not in v.footnotes:
            v.footnotes.append(fid)
    rest = " ".join(FOOTNOTE_MARK.sub(" ", text).split())
    # a price given only by footnote prints as "$ (1)": the "$" alone is no value
    v.value = None if rest in ("", "$") else rest


def parse_date(text: str) -> str | None:
    """MM/DD/YYYY and other common spellings -> YYYY-MM-DD; None if not a real date."""
    t = text.strip().rstrip(".")
    m = regex.fullmatch(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{2}|\d{4})", t)
    if m:
        month, day, year = int(m[1]), int(m[2]), int(m[3])
    else:
        m = regex.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
        if m:
            year, month, day = int(m[1]), int(m[2]), int(m[3])
        else:
            m = regex.fullmatch(r"(\d{1,2})[\s\-]*([A-Za-z]{3})[a-z]*\.?[\s\-,]*(\d{2}|\d{4})", t) \
                or None
            m2 = regex.fullmatch(r"([A-Za-z]{3})[a-z]*\.?\s*(\d{1,2}),?\s*(\d{4})", t)
            if m and m[2].lower() in _MONTHS:
                day, month, year = int(m[1]), _MONTHS[m[2].lower()], int(m[3])
            elif m2 and m2[1].lower() in _MONTHS:
                month, day, year = _MONTHS[m2[1].lower()], int(m2[2]), int(m2[3])
            else:
                return None
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_number(text: str) -> str | None:
    """'$1,234.50' -> '1234.50'; None when it is not a plain number."""
    t = text.replace("$", "").replace(",", "").replace(" ", "")
    if not regex.fullmatch(r"-?\d+(\.\d+)?|-?\.\d+", t):
        return None
    try:
        Decimal(t)
    except InvalidOperation:
        return None
    return t


def normalize(v: Value, kind: str) -> None:
    """Normalize one value in place by its type; flag what does not parse."""
    if v.value is None:
        return
    text = clean_text(v.value)
    if kind in (TEXT, LONG):
        v.value = text or None
        return
    if kind == TICKER:
        v.value = text.upper() or None
        return
    if kind == BOOL:
        v.value = "1" if text in ("1", "true", "X", "x") else "0"
        return
    if kind == DATE:
        d = parse_date(text)
        if d is None:
            v.flag(f"not a date: {text!r}", 0.3)
        else:
            v.value = d
        return
    if kind in (NUMBER, PRICE):
        n = parse_number(text)
        if n is None:
            # text such as "See Remarks" stands in EDGAR XML as it is; it is unusual, so flag it
            v.value = text
            v.flag(f"not a number: {text!r}", 0.6)
        else:
            v.value = n
        return
    if kind == CODE:
        code = text.replace(" ", "")
        if code.upper() in TRANSACTION_CODES:
            v.value = code.upper()
        else:
            v.value = code
            v.flag(f"not an SEC transaction code: {text!r}", 0.4)
        return
    if kind in (AD, DI):
        allowed = ("A", "D") if kind == AD else ("D", "I")
        code = text.strip("() ").upper()
        v.value = code
        if code not in allowed:
            v.flag(f"expected one of {'/'.join(allowed)}: {text!r}", 0.4)
        return
    raise ValueError(kind)


def reconcile(record: Record) -> Record:
    known = {f.id for f in record.footnotes}
    for path, v in record.values():
        name = path.rsplit(".", 1)[-1]
        kind = LONG if path.startswith("footnote[") else field_type(name)
        if kind != LONG and name != "name":  # a signature name may print "(1)" as text
            take_footnotes(v)
        normalize(v, kind)
        for fid in v.footnotes:
            if fid not in known:
                v.flag(f"footnote {fid} is referenced but not among the footnotes", 0.5)
    return record
