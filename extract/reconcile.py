"""Stage 4: reconcile what was read into clean, typed values.

The stage is a list of named rules.  A rule that changes what was read (an
escape undone, a footnote mark read in an odd shape, an OCR confusion fixed, a
split cell joined, a merged cell split) records a ``Correction(rule, before,
after, confidence)`` on the value; a doubt it cannot settle is a flag that
lowers the value's confidence, and the value stays as read.  Pure format
normalization (MM/DD/YYYY -> YYYY-MM-DD, "1,234" -> "1234", "$" dropped) is
not a correction: the printed text stays in ``Value.source``.

Confidence scale: a value at or above ``CONFIDENT`` is stated as sure; every
rule that guesses between readings sets a confidence below it.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import regex

from . import spelling
from .layout import layout_dirs
from .model import Owner, Record, Row, Value
from .places import ZIP_CODE, city_key, place_of, zips_of
from .schema import (AD, BOOL, CODE, DATE, DI, LONG, NUMBER, PRICE, ROW_KINDS, TEXT, TICKER,
                     field_type)

CONFIDENT = 0.8  # at or above: the value is given as sure

# SEC transaction codes (Form 4 General Instructions, SEC 1475).
TRANSACTION_CODES = set("PSVADFIMCEHOXGLWZJKU")
# Codes whose shares are acquired / disposed of (for the A/D cross-check).
ACQUIRING_CODES, DISPOSING_CODES = set("PAMXCWLZ"), set("SFDGUHE")
DERIVATIVE_ACQUIRING, DERIVATIVE_DISPOSING = set("PA"), set("SFDGUMXCE")

# ------------------------------------------------------------------ artifacts

_ARTIFACTS = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl",
              0x2212: "-", 0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-",
              0x2015: "-", 0xFE63: "-", 0xFF0D: "-", 0x00A0: " ", 0x2007: " ", 0x202F: " ",
              0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x200B: "", 0xFEFF: "",
              0x00AD: ""}


def clean_text(text: str) -> str:
    """Undo escapes and typographic artifacts; collapse whitespace."""
    for _ in range(3):  # text escaped twice ("&amp;#36;") comes back in two rounds
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = regex.sub(r"\\+([$&%])", r"\1", text)  # "\$", also escaped twice
    text = text.translate(_ARTIFACTS)
    text = " ".join(text.split())
    unruled = regex.sub(r"^[|\s]+|[|\s]+$", "", text)
    return unruled if unruled else text  # a lone "|" may be an I read by OCR


def rule_artifacts(v: Value) -> None:
    """HTML entities, backslash escapes, ligatures, unicode dashes, stray table rules."""
    if v.value is None:
        return
    cleaned = clean_text(v.value)
    if cleaned != " ".join(v.value.split()):
        v.correct("artifacts", cleaned or None, 1.0)
    else:
        v.value = cleaned or None


# a token of symbols only: a speck OCR read beside a value ('*', '¢', '%', '+'); a bracket or
# the '/s/' of a signature is text
_SYMBOLS_ONLY = regex.compile(r"[^\p{L}\p{N}/()\[\]]+")
_SPECK_ALONE = regex.compile(r"[+¢•·~^]+")
_TILDE_HYPHEN = regex.compile(r"(?<=\p{L})~(?=\p{L})")
_SPACE_IN_BRACKETS = regex.compile(r"(?<=\()\s+|\s+(?=\))")
_STRAY_QUOTE_AFTER = regex.compile(r"(?<=\p{L}(?<![sS]))['’]$")
_OPENING_QUOTE, _CLOSING_QUOTE = regex.compile(r"^['`‘](?=\p{L})"), regex.compile(r"(?<=\p{L})['’]\W*$")
# (a stop before a number too, unless it may be a decimal point: '.2401 E. KATELLA AVE', '$.01')
_EDGE_SPECKS = regex.compile(r"^['`‘’.,:;~_\-]+(?=\p{L})|^['`‘’.,:;]+(?=[1-9]\d*\s)|(?<=\p{L})[:;'`‘’,]+$|(?<=\))[:;,]+$")


def _unclosed_quotes_dropped(tokens: list[str]) -> list[str]:
    """A quote opening a word that no quote closes is a speck ("See 'Footnote")."""
    tokens = list(tokens)
    closed = False  # a quote closed from here on
    for i in reversed(range(len(tokens))):
        closed = closed or bool(_CLOSING_QUOTE.search(tokens[i]))
        if not closed and _OPENING_QUOTE.match(tokens[i]):
            tokens[i] = tokens[i][1:]
    return tokens


def rule_stray_tokens(v: Value, comma_may_end: bool = False) -> None:
    """Symbols standing alone at the start or end of a text read by OCR (its confidence is
    below 1) are specks: '* /s/ Alexandra Zubko', '¢ /s/ Lori Henderson'; so is a quote that
    opens a word and is never closed, a tilde between letters is a hyphen and an '=' or a '~'
    between words a dash.  A comma ending
    a text is kept where filers end one with it (``comma_may_end``: a first street line, which
    9 of the 237 in the truth filings end with, 'C/O AVENUE CAPITAL GROUP,')."""
    if not v.value or v.confidence >= 1.0:
        return
    tokens = v.value.split()
    if len(tokens) == 1 and _SPECK_ALONE.fullmatch(tokens[0]):  # a speck in an empty cell ('+')
        v.correct("stray-marks", None, min(v.confidence, 0.6))
        return
    while len(tokens) > 1 and _SYMBOLS_ONLY.fullmatch(tokens[0]):
        tokens.pop(0)
    while len(tokens) > 1 and _SYMBOLS_ONLY.fullmatch(tokens[-1]):
        tokens.pop()
    # a hyphen read as a tilde between two letters ('Performance~Based'): no value has a tilde;
    # a quote after a word, not after an 's' of a plural's possessive ("shall vest' in"), a speck
    tokens = [_TILDE_HYPHEN.sub("-", t) for t in tokens]
    # a dash standing between words read as '=' or '~' ('Exhibit 24.2 = Power of Attorney'): no
    # filing's text has an equals sign or a tilde alone
    tokens = ["-" if t in ("=", "~") and 0 < i < len(tokens) - 1 else t for i, t in enumerate(tokens)]
    opened = False  # a quote opened so far: the quote after a word may close it
    for i, tok in enumerate(tokens[:-1]):
        opened = opened or bool(_OPENING_QUOTE.match(tok))
        if not opened:
            tokens[i] = _STRAY_QUOTE_AFTER.sub("", tok)
    # a speck read as a mark stuck to the first or last word ("'Common Stock", "Stock:");
    # OCR's word spacing puts a space inside brackets ('(Right to Buy )'), typists do not
    text = _SPACE_IN_BRACKETS.sub("", _EDGE_SPECKS.sub("", " ".join(_unclosed_quotes_dropped(tokens))))
    # the last word's closing quote gone with it, its opening quote is a speck too ("By 'Spouse'")
    text = " ".join(_unclosed_quotes_dropped(text.split()))
    if comma_may_end and v.value.endswith(",") and text and not text.endswith(","):
        text += ","
    if text and text != v.value:
        # a comma ending a value may be the filer's (an address line typed '10/F,'): a guess
        sure = 0.75 if v.value.rstrip().endswith(",") and not text.endswith(",") else 0.8
        v.correct("stray-marks", text, min(v.confidence, sure))


# a conformed signature's '/s/' with its 's' misread ('/3/ Sam Whittington', '/a/ Daniel Nussen')
# or its closing slash ('/s(Brandon', '/sl Yvonne Tran', '/s* Mark'), or a speck read as a letter or
# marks before it ('i /s/ Tripp Jones', '*s /s/ Scott Andrew Winning', 'e, /s/ Stacy', '-_/s/ Jennifer')
_MISREAD_CONFORMED = regex.compile(r"(?:^|(?<=(?<!\p{L})By:?\s{1,2}))(?:/[35$8aeo]/(?=\s)|/s[(\[|!](?=\p{L})|/s[l1I|*f](?=\s))"
                                   r"|^[^\p{L}\p{N}\s/]{0,2}\p{Ll}?[^\p{L}\p{N}\s/]{0,2}(?<=\S)\s+/s/|^[^\p{L}\p{N}\s/]{1,3}/s/")


def rule_conformed_signature(v: Value) -> None:
    """An OCR'd signature opening with a misread '/s/', or with one after 'By:': every conformed
    signature is '/s/'."""
    if v.value and v.confidence < 1.0 and _MISREAD_CONFORMED.search(v.value):
        v.correct("conformed-signature", _MISREAD_CONFORMED.sub("/s/", v.value), min(v.confidence, 0.85))


# a signature's 'By:', 'Name:' or 'Title:' with its colon read as a stop or a comma ('L.P.,By.
# Valor', 'Name. James Pepin'), or a speck read after it ('Title:.Vice President'): the truth
# filings' signatures have 'By:' 106 times, 'By' 11, 'Name:' 16, 'Title:' 18, and never one
# with a stop or a comma; and a speck read as a small letter after the name ('Kent A. Pflederer s')
_SIGNED_BY = regex.compile(r"(?<![\p{L}])(By|Name|Title)(?:[.,;]|:[.,;'’`])\s*(?=\p{Lu}|/s/)")
# a comma after the signer's name read as a semicolon ('/s/ Tia Y. Turk; Attorney-In-Fact'): the
# truth filings' signatures have a semicolon only before a 'By'
_SEMICOLON_FOR_COMMA = regex.compile(r"(?<=\p{L});(?=\s+(?!By\b)\p{L})")
_LETTER_AFTER_NAME = regex.compile(r"(?<=\p{L}{2})\s+\p{Ll}$")


def rule_signature_marks(v: Value) -> None:
    """An OCR'd signature's 'By.', 'Name.' or 'Title.' is 'By:', 'Name:', 'Title:'; a semicolon
    not before 'By' a comma; a small letter ending it a speck."""
    if not v.value or v.confidence >= 1.0:
        return
    text = _LETTER_AFTER_NAME.sub("", _SIGNED_BY.sub(r"\1: ", _SEMICOLON_FOR_COMMA.sub(",", v.value)))
    if text != v.value:
        v.correct("signature-marks", text, min(v.confidence, 0.75))


# a stop after an officer's title ending in an acronym ('Vice President, CFO.'): of the truth
# filings' 141 titles, one ends with a stop, an abbreviation's in small letters ('Pres.'); or
# after a whole word of six letters or more inside it ('Senior Executive. VP & CFO'):
# abbreviated words are shorter ('Oper.')
_TITLE_STOP = regex.compile(r"(?<=(?<![\p{L}.])\p{Lu}{2,5})\.$|(?<=(?<![\p{L}.])\p{L}{6,})\.(?=\s)")


def rule_title_stops(v: Value) -> None:
    _correct_ocr_texts([v], _TITLE_STOP, "", "stray-stop")


# phrases of filings printed with a space between their words
FILING_PHRASES = ("Common Stock", "Preferred Stock", "Class A Common", "Class B Common", "Class C Common", "Stock Option",
                  "Stock Unit", "Power of Attorney", "par value", "general partner", "managing member",
                  "See footnote", "Right to Buy", "weighted average", "Employee Stock", "Restricted Stock",
                  "Phantom Stock", "Common Share", "Ordinary Share", "Depositary Share", "Put Option", "Call Option")

# a mark between two words of a phrase the filings print with a space ('Common, Stock',
# 'Power of-Attorney', 'its managing, member', 'Employee. Stock Option'), its last word in
# the singular or plural ('Common: Share', 'Stock. Units')
_PHRASE_MARK = regex.compile("|".join(
    rf"(?<=(?<![\p{{L}}])(?i:{a}))\s*[.,:;'’`\-]+\s*(?=(?i:{b})s?(?![\p{{L}}]))"
    for phrase in FILING_PHRASES for a, b in zip(phrase.split(), phrase.split()[1:])))


# two words of such a phrase read as one, the space lost ('Common Stock, parvalue $.01')
# or three ('Employee Stock Option (RighttoBuy)'): the longest run first
_PHRASE_RUNS = sorted({tuple(words[i:j]) for words in (phrase.split() for phrase in FILING_PHRASES)
                       for i in range(len(words)) for j in range(i + 2, len(words) + 1)}, key=lambda run: (-len(run), run))
_PHRASE_RUN_TOGETHER = regex.compile("|".join(
    r"(?<![\p{L}])(?i:" + "".join(f"({w})" for w in run[:-1]) + rf"({run[-1]}s?))(?![\p{{L}}])"
    for run in _PHRASE_RUNS if len("".join(run)) >= 6))


def rule_phrase_marks(v: Value) -> None:
    """A speck read as a mark between two words of a phrase of filings (``FILING_PHRASES``), or
    the space between them lost; run after the words are respelled ('Power of-Attomey')."""
    if v.value and v.confidence < 1.0:
        text = _PHRASE_MARK.sub(" ", v.value)
        if text != v.value:
            v.correct("stray-marks", text, min(v.confidence, 0.75))
        text = _PHRASE_RUN_TOGETHER.sub(lambda m: " ".join(g for g in m.groups() if g), v.value)
        if text != v.value:
            v.correct("space-lost", text, min(v.confidence, 0.75))


# Marks no value holds where OCR put them: specks of a rough scan read as punctuation.  Each
# is (what it is, pattern, what it becomes, whether footnotes and remarks may have it too).
_SPECK_MARKS = [
    # a stop after a little word: no sentence ends on one ('held by. Rankin', 'Children of.Chloe')
    ("stray-stop", regex.compile(r"(?<=(?<!\p{L})(?:[Bb]y|of|for|the|and|to|with|from|under|in|its|through|into|upon|on|at))\.\s*(?=\p{L})"),
     " ", True),
    # ... nor does a comma follow one in a name or title ('By, 401(k) Plan'); prose may have 'and,'
    ("stray-comma", regex.compile(r"(?<=(?<!\p{L})(?:[Bb]y|of|for|the|to|with|from|under|in)),\s*(?=\S)"),
     " ", False),
    # a typist leaves a space after a comma: one between two letters is a speck between words
    # ('VERTICAL,COMPUTER SYSTEMS')
    ("stray-comma", regex.compile(r"(?<=\p{L}),(?=\p{L})"), " ", True),
    # two quotes or two stops side by side inside a text are never typed ("Class''A", 'L..Klobnak')
    ("stray-marks", regex.compile(r"(?<=\p{L})\s*''\s*(?=\p{L})"), " ", True),
    ("stray-stop", regex.compile(r"(?<=\p{L})\.\.(?!\.)\s*(?=\p{L})"), ". ", True),
    ("stray-stop", regex.compile(r"(?<=\p{L}\.)\.$"), "", True),
    # nor is a stop after a comma ('Henderson,.as', 'Gracias,.Chief'), nor a comma after a hyphen
    # ('Performance-, Based')
    ("stray-stop", regex.compile(r"(?<=\p{L}),\.\s*(?=\p{L})"), ", ", True),
    ("stray-comma", regex.compile(r"(?<=\p{L}-),\s*(?=\p{L})"), "", True),
    # in a name or title in capitals: a quote between two words run together ("AMAZON'COM"; an
    # apostrophe is followed by one letter at most, "O'NEIL", "MACY'S"), a stop after a full word
    # before the next ('SYSTEMS. INC'), an opening bracket never closed ('NACCO [INDUSTRIES');
    # none of the names of the 179 truth filings has one
    ("stray-marks", regex.compile(r"(?<=\p{Lu}{2})['’](?=\p{Lu}{2})"), " ", False),
    ("stray-stop", regex.compile(r"(?<=\p{Lu}{5})\.(?=\s\p{Lu})"), "", False),
    ("stray-marks", regex.compile(r"(?<=\s)\[(?=\p{Lu}{3,}\b)(?![^\[]*\])"), "", False),
]
# ... and these, met on EDGAR faxes (seeds 7 and 23): guesses, flagged
_SPECKS_BETWEEN_WORDS = [
    # a stop, colon or quote between two words run together ('general.partner', 'Member.of',
    # 'Common.Stock', 'to:a', 'Wayne:A.', "held'in", "Attorney'for", "Class'B"): not an abbreviation's
    # stops ('L.P.', 'W.RENNER', one letter before), a file's or a site's name ('.txt', '.com',
    # 'www.sec.gov'), nor an apostrophe of a contraction or a name ("Issuer's", "don't", "O'Connell");
    # none of the 179 truth filings has one
    ("stray-stop", regex.compile(r"(?<![\p{L}.])(?!www\.)(\p{L}{2,})\.(?!(?i:com|net|org|gov|edu|txt|pdf|html?|xml)\b)(\p{L}{2,})"),
     # one English word when run together ('Restrict.ed' is 'Restricted')
     lambda m: m[1] + m[2] if spelling.is_english(m[1] + m[2]) else f"{m[1]} {m[2]}", True),
    ("stray-marks", regex.compile(r"(?<=\p{L})[:;](?=\p{L})"), " ", True),
    ("stray-marks", regex.compile(r"(?<=\p{L}{2})['’`](?!(?:[stdmSTDM]|ll|re|ve)(?!\p{L}))(?=\p{L})"), " ", True),
    # a dash after a stop, a comma or the slash of '/s/', before a word ('M.-Oshima', '2025,-the',
    # '/s/-Christopher'), and dashes or rules opening a word after a space ('Travis -_-_Shrout'):
    # no truth filing has one
    ("stray-marks", regex.compile(r"(?<=[.,:/])[-_~]+(?=\p{L})"), " ", True),
    ("stray-marks", regex.compile(r"(?<=\s)[-_~]*_[-_~]*(?=\p{L})|(?<=\s)[-~]{2,}(?=\p{L})"), "", True),
    # a stop or comma opening a word in small letters after a space ('Common .stock'), and a lone
    # star or plus between two words ('See * footnote'): no truth filing has one
    ("stray-stop", regex.compile(r"(?<=\p{L}\s)[.,](?=\p{Ll}{2})"), "", True),
    ("stray-marks", regex.compile(r"(?<=\p{L})\s+[*+]\s+(?=\p{L})"), " ", True),
    # a space lost on one side of an ampersand ('SVP& Controller'): 'AT&T' has none on either
    ("lost-space", regex.compile(r"(?<=\p{L})&(?=\s)"), " &", True),
    ("lost-space", regex.compile(r"(?<=\s)&(?=\p{L})"), "& ", True),
    # a comma opening a word after a space ('Julie ,D. Mathews'): a typist puts it after the word
    ("stray-comma", regex.compile(r"(?<=\p{L}\s),(?=\p{L})"), "", True),
    # met on EDGAR faxes of seed 83; none of the 179 truth filings has one: a stop between a word
    # and an initial or abbreviation after it ('Lawler John.T.', 'Management.L.L.C.'), a hyphen
    # after a little word ('Held by-Philip Hodges'), a stop before a dash ('Exhibit 24.- Power'), a hyphen
    # between a name and an initial ('Cynthia-M. Fornelli'), a stop between a word and a number
    # ('Exhibit.24.1'), a quote after a percent sign ("4.0%' Series"), a colon for a decimal point
    # in a sum ('$0:01'), 'L.L.C' or 'L.P' without its last stop, and an initial's stop read as a
    # comma after a first name ('Thomas F, Frist'; not a Roman numeral, 'Founder V, LLC', nor a
    # class, 'Class A, Class B')
    ("stray-stop", regex.compile(r"(?<=\p{Ll}{2})\.(?=\p{Lu}\.)"), " ", True),
    ("stray-marks", regex.compile(r"(?<=\s(?:[Bb]y|of|for|the|to|with|from|under))-(?=\p{Lu})"), " ", True),
    ("stray-stop", regex.compile(r"(?<=\d)\.(?=-\s)"), " ", True),
    ("stray-marks", regex.compile(r"(?<=(?<!\p{L})\p{Lu}\p{Ll}+)-(?=\p{Lu}\.)"), " ", True),
    ("stray-stop", regex.compile(r"(?<=\p{L}{3})\.(?=\d)"), " ", True),
    ("stray-marks", regex.compile(r"(?<=\d%)['’`]"), "", True),
    ("stray-marks", regex.compile(r"(?<=\$\d{1,3}):(?=\d{2}(?!\d))"), ".", True),
    ("abbreviation-stop", regex.compile(r"(?<![\p{L}.])(L\.L\.C|L\.P)(?![.\p{L}])"), r"\1.", True),
    ("initial-stop", regex.compile(r"(?<=(?<!\p{L})(?!Class|Series)\p{Lu}\p{Ll}+ [A-HJ-UWYZ]),(?= (?!Inc|Ltd|Co|Corp)\p{Lu}\p{Ll})"),
     ".", True),
    # a stop after 'LP' or 'LLC' ending a name (the truth filings' names end 'LP' 3 times, 'LLC'
    # 15, never with one; 'L.P.' and 'Inc.' have theirs): not in prose, where a sentence may end so
    ("stray-stop", regex.compile(r"(?<=(?<![\p{L}.])(?:LP|LLC))\.$"), "", False),
    # fax, seed 101; none in the truth filings: a colon between words in capitals ('VOTING: TRUST',
    # 'CRANBERRY: WOODS'), an initial's stop read as a colon ('David B: O'Maley'; not a class's
    # letter, 'Class B:'), '401(k)' with a space read inside it, a quote closing no quote after a
    # name ('FLORNESS DANIEL L"')
    ("stray-marks", regex.compile(r"(?<=(?<![\p{L}/])(?!ATTN|RE\b)\p{Lu}{2,}):(?=\s\p{Lu}{2})"), "", False),
    ("initial-stop", regex.compile(r"(?<=(?<![\p{L}])(?<!(?:Class|Series) )\p{Lu}):(?=\s\p{Lu})"), ".", False),
    ("stray-marks", regex.compile(r"(?<=(?<!\d)\d{1,2}) (?=\d\(k\))"), "", True),
    ("stray-marks", regex.compile(r"(?<=^[^\"“”]*\p{Lu})[\"“”]$"), "", False),
]


def rule_speck_marks(v: Value, kind: str) -> None:
    """Marks OCR read from specks where no value has one (_SPECK_MARKS, _SPECKS_BETWEEN_WORDS)."""
    if not v.value or v.confidence >= 1.0:
        return
    for marks, sure in ((_SPECK_MARKS, 0.8), (_SPECKS_BETWEEN_WORDS, 0.75)):
        for rule, pattern, becomes, in_prose in marks:
            if kind == TEXT or in_prose:
                text = pattern.sub(becomes, v.value)
                if text != v.value:
                    v.correct(rule, text, min(v.confidence, sure))


# abbreviations of four letters or more, written with small letters, that end a name or title
_LONG_ABBREVIATIONS = {"corp", "assoc", "bros", "dept", "intl", "natl", "mgmt", "pres", "treas", "secy",
                       "admin", "hldgs", "svcs", "blvd", "univ", "exec", "cust"}
_WORD_STOP = regex.compile(r"(?<![\p{L}.])(\p{L}*\p{Ll}\p{L}*)\.(?=$|\s+\p{Ll})")
# and between two words of the forms' own text, the first of four letters or more, the second
# a capital's ('Common. Stock'): no value the filings hold has one there
_FORM_WORD_STOP = regex.compile(r"(?<![\p{L}.])(\p{L}{4,})\.(?=\s+(\p{Lu}\p{L}*))")


def rule_stop_after_word(v: Value) -> None:
    """A name or title has a stop only after an abbreviation ('Inc.', 'L.P.', 'M.', 'INC.'):
    an OCR'd one after a word of four letters or more, in small letters, at the end or before a
    word in small letters, is likely a speck ('Common Stock.', 'Proportionate. limited
    partnership'), and so is one between two words of the forms' text before a capital
    ('Common. Stock').  A guess: a name may end a sentence typed in the box."""
    if not v.value or v.confidence >= 1.0:
        return

    def speck(m: regex.Match) -> str:
        return m[1] if len(m[1]) >= 4 and m[1].lower() not in _LONG_ABBREVIATIONS else m[0]

    def form_word_speck(m: regex.Match) -> str:
        vocabulary = form_vocabulary()
        between = m[1].lower() in vocabulary and m[2].lower() in vocabulary
        return m[1] if between and m[1].lower() not in _LONG_ABBREVIATIONS else m[0]

    text = _FORM_WORD_STOP.sub(form_word_speck, _WORD_STOP.sub(speck, v.value))
    if text != v.value:
        v.correct("stray-stop", text, min(v.confidence, 0.75))


# an address line's 'C/O' with its C misread ('G/O VALOR EQUITY') or a speck after it read as a
# mark ('C/O, VALOR'), and a suite's number run into its word ('SUITE201'): typed apart
_CARE_OF = regex.compile(r"^[CGgcO0(6]/[O0oQ][.,]?(?=\s)")
_UNIT_NUMBER = regex.compile(r"(?<![\p{L}])(SUITE|STE|UNIT|APT|ROOM|FLOOR|BOX|Suite|Unit|Apt|Room|Floor|Box)(?=\d)")


# a company's 'Inc' with its c read as a g, after the name and before a stop, a comma or the end
# ('C/O LYFT, ING.'): 'ING' as a name of its own is followed by more of it ('ING GROEP')
_INC_AS_ING = regex.compile(r"(?<=[\p{L},.]\s)(?:(ING)|(Ing))(?=[.,]|\s*$)")


# ... and its I read as a like upright ('Publix Super Markets, Jnc.'), or its n as two ('Iiic.'),
# before a stop: no word but 'Inc.' is so spelled; after a name and its comma, read in small or
# with its c read as an e ('Cryoport, inc.', 'Watsco, Ine,')
_INC_MISREAD = regex.compile(r"(?<![\p{L}])(?:[JlT1|!]nc|I[il1|]{2}c)(?=\.)|(?<=\p{L}, )(?:inc|Ine)(?=[.,](?:\s|$))")
# ... and in capitals, its I read as a bracket or stroke ('GRANITE CONSTRUCTION [NC'); a 'plc'
# ending a name with its c read as an e ('Royalty Pharma ple')
_INC_CAPITALS_MISREAD = regex.compile(r"(?<=\p{Lu}{2,},? )[\[|!1l]NC(?=[.,]?(?:\s|$))")
_PLC_MISREAD = regex.compile(r"(?<=\p{L} )ple$")
# an LLC ending a name, a letter misread ('Alexandria Venture Investments, LLE', 'Holdings, LIC'):
# no truth filing has these
_LLC_MISREAD = regex.compile(r"(?<=\p{L}, )(?:LLE|LIC|LLG|L1C|ILC|LIE|LLO)(?=[.,]?(?:\s|$))")
# the stop of a title or of 'P.O.' read as a comma: 'Mr,', 'P.O, BOX' (the truth filings have
# 'Mr.' 16 times, 'P.O.' 6, neither with a comma), and an abbreviation's stop read as two
# commas ('Valor Equity Associates IV L,,P.', 'L.P,, its general partner')
_ABBREVIATION_COMMA = [
    (regex.compile(r"(?<![\p{L}.])(Mr|Mrs|Ms|Dr|P\.O|P\. O),(?=\s)"), r"\1."),
    (regex.compile(r"(?<=(?<![\p{L}.])\p{Lu}(?:\.\p{Lu})*),,(?=\p{Lu}\.)"), "."),
    (regex.compile(r"(?<=(?<![\p{L}.])\p{Lu}(?:\.\p{Lu})+),,(?=\s)"), ".,"),
]


# ... or run into the name before it, in capitals ('THE BLACKSTONE GROUPINC.', 'WATSCOINC', 'BVFINC/IL'); a
# word that ends so is left ('ZINC'), and 'CORP', which ends names ('BANCORP')
_INC_RUN_IN = regex.compile(r"(?<![\p{L}])([A-Z]{3,})(INC|LLC|LTD|PLC)(?=[.,]?(?:\s|$)|/)")


# each as (rule, pattern, what it becomes), in turn
_COMPANY_MISREADS = [
    ("space-lost", _INC_RUN_IN, lambda m: m[0] if spelling.is_english(m[0]) else f"{m[1]} {m[2]}"),
    ("ocr-inc", _INC_AS_ING, lambda m: "INC" if m[1] else "Inc"),
    ("ocr-inc", _INC_MISREAD, "Inc"),
    ("ocr-inc", _LLC_MISREAD, "LLC"),
    ("ocr-inc", _INC_CAPITALS_MISREAD, "INC"),
    ("ocr-inc", _PLC_MISREAD, "plc"),
]


def rule_company_inc(v: Value) -> None:
    for rule, pattern, becomes in _COMPANY_MISREADS:
        _correct_ocr_texts([v], pattern, becomes, rule)


def rule_abbreviation_stops(v: Value) -> None:
    """An abbreviation's stop read as a comma or two in an OCR'd text (``_ABBREVIATION_COMMA``)."""
    if not v.value or v.confidence >= 1.0:
        return
    text = v.value
    for pattern, becomes in _ABBREVIATION_COMMA:
        text = pattern.sub(becomes, text)
    if text != v.value:
        v.correct("abbreviation-stop", text, min(v.confidence, 0.75))


# specks read as stops in a typed street line: between a house number and its street's name
# ('3350.PEACHTREE'), between two words in capitals or a word and a number ('MADISON.AVENUE',
# 'AMERICAS.28TH'), after a number or a full
# word ending the line ('SUITE 150.', 'FARNAM STREET.'); no street of the 179 truth filings has one
_STREET_SPECK = regex.compile(r"(?<=\d)[.,'’`](?=[A-Z]{2,})|(?<=[A-Z]{3})\.(?=[A-Z]{3}|\d)")
_STREET_END_SPECK = regex.compile(r"(?:(?<=\d)|(?<=[A-Z]{5}))\.$")
# and before the line's first number or word: '-.2954 BURRLAND LANE'
_STREET_START_SPECK = regex.compile(r"^[-.,'’‘`~_:;]+\s*(?=[\dA-Z])")
# and after its house number, a space before the street ('38, FOUNTAIN SQUARE PLAZA'), or after a
# suite's word before its number ('SUITE, 202', 'SUITE. 850'): none of the truth filings' 474
# street lines has a mark there
_HOUSE_NUMBER_SPECK = regex.compile(r"(?<=^\d+[A-Z]?)[.,:;'’`](?=\s+[A-Z])"
                                    r"|(?<=(?<!\p{L})(?:SUITE|UNIT|ROOM|BOX))[.,:;'’`](?=\s*\d)")
# a house number's last '1' read as a bracket ('121) AVENUE OF THE AMERICAS'), or the number run
# into the street's name ('604ARIZONA AVE'; '37TH', '1ST' are ordinals): none in the truth filings
_HOUSE_NUMBER_ONE = regex.compile(r"(?<=^\d+)[)\]](?=\s)")
_HOUSE_NUMBER_RUN_IN = regex.compile(r"(?<=^\d+)(?!(?:ST|ND|RD|TH)\b)(?=[A-Z]{3,})")


_ADDRESS_WORD = regex.compile(r"\p{L}[\p{L}'.]*")


def rule_address_capitals(v: Value) -> None:
    """An OCR'd street line or city in capitals with a word read in small letters ('C/O
    ALTIMMUNE, Inc.', 'c/o ALTIMMUNE INC.'): all in capitals, as EDGAR keeps addresses (each of
    the 446 street lines and cities of the truth filings with two words in capitals is in
    capitals throughout).  Flagged."""
    if not v.value or v.confidence >= 1.0:
        return
    words = _ADDRESS_WORD.findall(v.value)
    capitals = [w for w in words if w.isupper()]
    if len(capitals) >= 2 and any(len(w) > 1 for w in capitals) and len(capitals) < len(words):
        v.correct("address-capitals", v.value.upper(), min(v.confidence, 0.75))


def rule_address_line(v: Value) -> None:
    if v.value and v.confidence < 1.0:
        text = _UNIT_NUMBER.sub(r"\1 ", _CARE_OF.sub("C/O", v.value))
        text = _STREET_START_SPECK.sub("", _STREET_END_SPECK.sub("", _STREET_SPECK.sub(" ", text)))
        text = _HOUSE_NUMBER_RUN_IN.sub(" ", _HOUSE_NUMBER_ONE.sub("1", _HOUSE_NUMBER_SPECK.sub("", text)))
        if text != v.value:
            v.correct("ocr-address", text, min(v.confidence, 0.8))


def rule_speck_in_zip(v: Value) -> None:
    """A speck between the digits of an OCR'd ZIP code, or after them, read as a stop or a
    quote ('100.36', '23060"'): a ZIP code is digits only."""
    if not v.value or v.confidence >= 1.0:
        return
    digits = regex.sub(r"(?<=\d)[.,'’](?=\d)", "", regex.sub(r"(?<=\d)[.,'’\"”`]+$", "", v.value), count=1)
    if digits != v.value and ZIP_CODE.fullmatch(digits):
        v.correct("speck-in-zip", digits, min(v.confidence, 0.75))


def rule_speck_by_state(v: Value) -> None:
    """A speck read as a mark beside an OCR'd state's two letters ('MI.', ',CA'): a state code
    is two letters."""
    if not v.value or v.confidence >= 1.0:
        return
    letters = v.value.strip(" .,;:'’`\"")
    if letters != v.value and regex.fullmatch(r"[A-Z]{2}", letters):
        v.correct("speck-by-state", letters, min(v.confidence, 0.8))


# letters whose capital and small forms differ only in size: OCR mixes them up
_SAME_SHAPE = "cosvwxz"


def rule_capitals(v: Value) -> None:
    """In an OCR'd text set in capitals, a word of same-shape letters read small is capitals
    too: 'c/O ALTIMMUNE, INC.' is 'C/O ALTIMMUNE, INC.' (a name's 'McDONALD' is not such a word)."""
    if not v.value or v.confidence >= 1.0:
        return
    words = v.value.split()

    def small_same_shape(w: str) -> bool:
        letters = [c for c in w if c.isalpha()]
        return bool(letters) and all(c.lower() in _SAME_SHAPE for c in letters) and any(c.islower() for c in letters)

    rest = [c for w in words if not small_same_shape(w) for c in w if c.isalpha()]
    if len(rest) < 4 or not all(c.isupper() for c in rest):
        # in title case, a lone letter of that kind between capitalized words: 'Series c Preferred'
        text = " ".join(w.upper() if len(w) == 1 and small_same_shape(w) and 0 < i < len(words) - 1
                        and words[i - 1][:1].isupper() and words[i + 1][:1].isupper() else w
                        for i, w in enumerate(words))
        if text != v.value:
            v.correct("ocr-capitals", text, min(v.confidence, 0.9))
        return
    text = " ".join(w.upper() if small_same_shape(w) else w for w in words)
    if text != v.value:
        v.correct("ocr-capitals", text, min(v.confidence, 0.9))


# a capital read for the last letter of a word in small letters ('beneficiallY')
_LAST_LETTER_CAPITAL = regex.compile(r"(?<=(?<!\p{L})\p{L}?\p{Ll}{3,})\p{Lu}(?!\p{L})")


def rule_small_word_capital_end(v: Value) -> None:
    """In an OCR'd text, a word of small letters ending in one capital ends in that small letter."""
    if not v.value or v.confidence >= 1.0:
        return
    text = _LAST_LETTER_CAPITAL.sub(lambda m: m.group().lower(), v.value)
    if text != v.value:
        v.correct("ocr-capitals", text, min(v.confidence, 0.9))


# a '1' or '0' in a word of small letters, read for the letter of the same shape ('Car1', 'Ho1dings')
_DIGIT_IN_WORD = regex.compile(r"(?<=\p{Ll}\p{Ll})[10](?=\p{Ll}|$)|(?<=\p{Ll})[10](?=\p{Ll})", regex.M)
# ... and a '1' opening a two-letter word of small letters is an 'i' ('1n', '1s', '1t', '1f'):
# no such word starts with an 'l'
_ONE_FOR_I = regex.compile(r"^1(?=[nstf]$)")
# ... and the strokes of a Roman IV read as other upright marks ('Valor Equity Capital 1V LLC', '[V', '_1V')
_STROKES_FOR_IV = regex.compile(r"^_?[\[|!1l]V(?=[.,]?$|-\p{Lu}[.,]?$)")


def _letter_for_digit(word: str) -> str:
    return _STROKES_FOR_IV.sub("IV", _ONE_FOR_I.sub("i", _DIGIT_IN_WORD.sub(lambda m: "l" if m.group() == "1" else "o", word)))


# a bracket or stroke read for the upright letter opening a word ('[hese shares', 'vary [rom')
_BRACKET_OPENING_WORD = regex.compile(r"(?<![\p{L}\p{N}\[\]|])[\[|](\p{Ll}{2,})(?![\p{L}\]])")
_UPRIGHTS = "tfil"


# a closing bracket no bracket opened, read for a '1' after a digit ('40]K') or an 'l' after small
# letters ('contra].', 'Car] Daley'), and an opening bracket ending a text ('Common Stock [')
_CLOSE_FOR_ONE = regex.compile(r"(?<=(?<![\[(\d])\d{1,3})\](?=[\dA-Z])")
_CLOSE_FOR_L = regex.compile(r"(?<=(?<![\p{L}\[(])(?:\p{Lu}\p{Ll}{2,}|\p{Ll}{3,}))\](?=[.,;]?(?:\s|$))")
_OPEN_AT_END = regex.compile(r"\s+[\[(]$")


def rule_bracket_for_letter(v: Value) -> None:
    """In an OCR'd text, a '[' or '|' before small letters that are no word (or a word far rarer)
    is the one upright letter ('t', 'f', 'i', 'l') that makes them a common English word:
    'These' ('[hese', a capital where a sentence starts), 'from' ('[rom')."""
    if not v.value or v.confidence >= 1.0:
        return

    def letter(m: regex.Match) -> str:
        words = [c + m[1] for c in _UPRIGHTS if spelling.is_common(c + m[1])]
        if spelling.is_english(m[1]) and not (len(words) == 1 and spelling.count(words[0]) >= 10 * spelling.count(m[1])):
            return m[0]  # a word itself, unless one far more common ('rom', 'from')
        if len(words) != 1:
            return m[0]
        starts = not v.value[:m.start()].strip() or v.value[:m.start()].rstrip()[-1] in ".:;"
        return words[0].capitalize() if starts else words[0]

    text = _BRACKET_OPENING_WORD.sub(letter, v.value)
    text = _OPEN_AT_END.sub("", _CLOSE_FOR_L.sub("l", _CLOSE_FOR_ONE.sub("1", text)))
    if text != v.value:
        v.correct("ocr-letters", text, min(v.confidence, 0.75))


# a short word in small letters between two words of prose
_SHORT_WORD = regex.compile(r"(?<=[\p{L}\p{N}][,;:]? )\p{Ll}{2,3}(?= \p{L})")


def rule_function_words(v: Value) -> None:
    """In an OCR'd text, a short word between words that is a function word with one glyph
    misread, as ``spelling.misread_function_word`` tells ('Power of Attorney tor David',
    'shares ot the'): that word, flagged.  No filing's text has such a word, the 179 truth
    filings' included."""
    if not v.value or v.confidence >= 1.0:
        return
    text = _SHORT_WORD.sub(lambda m: spelling.misread_function_word(m[0]) or m[0], v.value)
    if text != v.value:
        v.correct("function-word", text, min(v.confidence, 0.75))


_WORD_PAIR = regex.compile(r"(?<![\p{L}])(\p{L}+) (\p{L}+)(?![\p{L}])")
# a class's letter or the article run into a word in small letters that follows it ('Class
# Acommon stock'; a capital A opening a name is its own: 'Aimmune')
_ARTICLE_RUN_IN = regex.compile(r"(?:(?<=(?i:class|series)\s)(A)|(?<![\p{L}])(a))(\p{Ll}{4,})(?![\p{L}])")


def _space_moved(first: str, second: str) -> str | None:
    """Two OCR'd words with the space between them misplaced: a letter split off a word that is
    no word ('r anging'), or a letter on the wrong side of it, neither read a word ('Righ tto')."""
    if len(first) == 1 and first.islower() and first != "a" and not spelling.is_english(second) \
            and spelling.is_common(first + second):
        return first + second
    if len(second) == 1 and second.islower() and second != "a" and not spelling.is_english(first) \
            and spelling.is_common(first + second):  # 'Call Option(Righ t to Buy)'
        return first + second
    if spelling.is_english(first) or spelling.is_english(second):
        return None
    for a, b in ((first + second[:1], second[1:]), (first[:-1], first[-1:] + second)):
        if a and b and spelling.is_common(a) and spelling.is_common(b):
            return f"{a} {b}"
    return None


def rule_space_moved(v: Value) -> None:
    """In an OCR'd text, two words that are no words become two (or one) common English words
    with the space between them moved: 'prices r anging', '(Righ tto Buy)' (read with
    confidence 0.9: OCR is sure of its glyphs, not of its spaces); so does an article run into
    a word ('Acommon')."""
    if not v.value or v.confidence >= 1.0:
        return
    text = _ARTICLE_RUN_IN.sub(lambda m: f"{m[1] or m[2]} {m[3]}" if not spelling.is_english(m[0])
                               and spelling.is_common(m[3]) else m[0], v.value)
    at = 0
    while m := _WORD_PAIR.search(text, at):  # each pair of words in turn, the second of one the first of the next
        moved = _space_moved(m[1], m[2])
        text, at = (text[:m.start()] + moved + text[m.end():], m.start() + len(moved)) if moved else (text, m.start(2))
    if text != v.value:
        v.correct("space-moved", text, min(v.confidence, 0.75))


def rule_letters_read_as_digits(v: Value) -> None:
    """In an OCR'd text, a '1' or '0' among small letters is the 'l' or 'o' it looks like,
    a '1' before one small letter the 'i' of 'in', 'is', 'it', 'if', and a '1V' a Roman IV."""
    if not v.value or v.confidence >= 1.0:
        return
    text = " ".join(_letter_for_digit(w) for w in v.value.split())
    if text != v.value:
        v.correct("ocr-letters", text, min(v.confidence, 0.9))


# ------------------------------------------------------------------ footnote marks

# Characters OCR reads for digits; a digit-shaped field is read back through this table.
DIGIT_CONFUSIONS = str.maketrans({"O": "0", "o": "0", "Q": "0", "I": "1", "l": "1", "i": "1",
                                  "|": "1", "!": "1", "L": "1", "Z": "2", "z": "2", "S": "5",
                                  "s": "5", "B": "8", "G": "6", "g": "9"})
_CONFUSABLE = set("OoQIli|!LZzSsBGg")
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")

# A mark in brackets: "(1)", "[1]", and as OCR reads it "(I)", "(l)", "(i)", "(l0)".
_BRACKET_MARK = regex.compile(r"[(\[]\s*([0-9OoIlLi|!]{1,2})\s*[)\]]")
_SUPER_MARK = regex.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}")
# "1/", the old ASCII style; OCR may read its digit as a letter ("l/")
_SLASH_MARK = regex.compile(r"(?:^|(?<=[\s)]))([0-9OoIlLi|!]{1,2})/(?=\s|$)")
_STAR_MARK = regex.compile(r"(?:^|(?<=[\s\d)]))(\*{1,3})(?=\s|$|\()")
_ONE_MARK = r"(?:[(\[]\s*[0-9OoIlLi|!]{1,2}\s*[)\]]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}|\d{1,2}/|\*{1,3})"
FOOTNOTE_ONLY = regex.compile(rf"\s*{_ONE_MARK}(?:\s*{_ONE_MARK})*\s*")  # a cell holding only marks


@dataclass
class Context:
    """What the value rules may consult about the whole record."""
    marks: dict[str, str] = field(default_factory=dict)  # printed mark -> footnote id
    strict: bool = False  # True: only marks whose footnote exists (the record has footnotes)

    @classmethod
    def of(cls, record: Record) -> "Context":
        marks = {}
        for f in record.footnotes:
            m = regex.fullmatch(r"F(\d+)", f.id)
            if m:
                marks[m[1]] = f.id
            star = regex.match(r"\s*(\*{1,3})(?!\*)", f.text.source or "")
            if star:  # a footnote printed with an asterisk mark
                marks[star[1]] = f.id
        return cls(marks, bool(record.footnotes))


def _mark_id(printed: str, ctx: Context | None) -> tuple[str | None, float]:
    """Footnote id for a printed mark and how sure the reading is; None if no such footnote."""
    digits = printed.translate(_SUPERSCRIPTS)
    exact = digits.isdigit()
    if not exact:
        digits = digits.translate(DIGIT_CONFUSIONS)
        if not digits.isdigit():
            return None, 0.0
    key = str(int(digits))
    if ctx is None or not ctx.strict:
        return (f"F{key}", 1.0) if exact else (None, 0.0)  # odd shapes need a footnote to match
    fid = ctx.marks.get(key)
    return (fid, 1.0 if exact else 0.9) if fid else ((f"F{key}", 1.0) if exact else (None, 0.0))


def _two_marks(printed: str, ctx: Context | None) -> list[str] | None:
    """'(12)' where there is no footnote 12 but there are 1 and 2: the marks '(1)(2)', whose
    inner brackets OCR lost."""
    digits = printed.translate(_SUPERSCRIPTS).translate(DIGIT_CONFUSIONS)
    if ctx is None or not ctx.strict or len(digits) != 2 or not digits.isdigit() or str(int(digits)) in ctx.marks:
        return None
    ids = [ctx.marks.get(d) for d in digits]
    return ids if all(ids) and ids[0] != ids[1] else None


# a date or a code with a small mark printed close after it, which OCR reads into the same
# word half-lost: '05/07/2016'4)', '05/05/20174)', '05/15/2025)', 'pl)', 'si)'
_GLUED_TO_CODE = regex.compile(r"(?<=^[A-Za-z])\s?([(\[)\]'\"‘’`0-9OoIlLi|!Q@]{1,4})$")
_GLUED_MARK = {DATE: regex.compile(r"(?<=\b\d{1,2}/\d{1,2}/\d{4})([(\[)\]'\"‘’`0-9OoIlLi|!]{1,4})$"),
               # a code's mark read 'qQ)' ('G qQ)') or any glyphs closing a bracket apart from it ('G qd)'),
               # after a code itself read as a digit ('2!)' for 'Z(1)')
               CODE: regex.compile(r"(?<=^[A-Za-z0-9$])\s?([(\[)\]'\"‘’`0-9OoIlLi|!Qq@]{1,4}|(?<=\s)\S{1,2}\))$"),
               DI: _GLUED_TO_CODE, AD: _GLUED_TO_CODE}
_MARK_EDGES = "()[]'\"‘’`"
# after a transaction code, a mark's bracket and digit run into one round glyph ('AQ', 'P @)' for 'A(1)')
_CODE_MARK_EDGES = _MARK_EDGES + "Qq@"
# a D/I or A/D code is a letter of its own in brackets ('(I)' read 'I)'): only a mark that kept
# its digit is one there ('D3)', 'Di1)' for 'D(3)', 'D(1)')
_CODE_IN_BRACKETS = (DI, AD)
# a mark's opening bracket read as a letter before its digit: 'i1)' for '(1)'
_BRACKET_AS_LETTER = "iIl|!"


def _glued_mark(v: Value, text: str, kind: str, ctx: Context | None, found: list[tuple[str, float]]) -> str:
    """The value without the remains of a footnote mark read onto it; the mark's footnote
    when its digit is left and such a footnote exists, else a flag."""
    m = _GLUED_MARK[kind].search(text)
    edges = _CODE_MARK_EDGES if kind == CODE else _MARK_EDGES
    if m is None or not any(c in edges for c in m[1]):
        return text
    digits = "".join(c for c in m[1] if c not in edges)
    if kind in _CODE_IN_BRACKETS and not digits:
        return text
    readings = [digits] + ([digits[1:]] if len(digits) > 1 and digits[0] in _BRACKET_AS_LETTER else [])
    for printed in readings:
        fid, _ = _mark_id(printed, ctx)
        if fid is not None and ctx is not None and fid in ctx.marks.values():
            found.append((fid, 0.7))  # the mark's shape is a guess, its footnote exists
            return text[:m.start()]
    return _unread_mark(v, text, m.start(), m[1])


# 'See footnote' with what is left of its mark after it, a bracket kept ('See Footnote B)' for
# '(3)'; 'Q)G)' for '(1)(3)'), or small letters ('See footnote ay' for '(1)'): no word of two letters closes a bracket
# there, and none follows 'See footnote' in small letters
_SEE_FOOTNOTE_MARK = regex.compile(r"^See\s+footnotes?\s+((?:[(\[‘’'`]{0,2}[\p{L}\p{N}]{1,2}[)\]]){1,3}|[(\[][\p{L}\p{N}]{1,2}|(?-i:\p{Ll}{1,2}))$", regex.I)


def rule_see_footnote_mark(v: Value) -> None:
    """A nature of ownership 'See footnote' read with its mark misread into letters ('See Footnote
    B)'): an unread mark (``rule_unread_marks`` may tell its footnote), flagged."""
    m = _SEE_FOOTNOTE_MARK.match(v.value or "") if v.confidence < 1.0 and not v.footnotes else None
    if m:
        kept = v.value[:m.start(1)].rstrip()
        _unread_mark(v, kept, len(kept), m[1], after="'See footnote'")


def _unread_mark(v: Value, text: str, at: int, mark: str, after: str = "the value") -> str:
    """``text`` up to the remains of a footnote mark at ``at`` whose footnote cannot be told,
    recorded on the value and flagged."""
    # a price given only by footnote prints as "$ (1)": the "$" alone is no value
    v.correct("unread-footnote-mark", None if text[:at].strip() in ("", "$") else text[:at], 0.5)
    v.flag(f"{mark!r} after {after} may be a footnote mark that was not read", 0.5)
    return text[:at]


# at the end of an amount, a mark whose closing bracket was misread or lost: '(2;' '(41' for
# '(4)', or its opening one: '66,110 3)'; and after the marks read, a mark's digit whose
# brackets were lost: '064(2)(3) 4'
_UNCLOSED_MARK = regex.compile(r"\s*[(\[]\s*(?P<mark>\d{1,2})\s*[;:,.]?\s*$|\s+(?P<mark>\d{1,2})[)\]]\s*$")
_BARE_MARK_AFTER_MARKS = regex.compile(r"(?<=\S)\s+(\d{1,2})$")
# a closing bracket read as a stroke
_BRACKET_AS_STROKE = "1lI|!"


def _marks_at_amount_end(v: Value, text: str, ctx: Context | None, found: list[tuple[str, float]]) -> str:
    """An amount's last mark as a fax leaves it: the number cannot go on after a mark.  Its
    footnote when one such exists; an unclosed mark without one is dropped, flagged."""
    known = set(ctx.marks.values()) if ctx is not None and ctx.strict else set()
    m = _UNCLOSED_MARK.search(text)
    if m:
        digits = m["mark"]
        readings = [digits] + ([digits[:-1]] if len(digits) > 1 and digits[-1] in _BRACKET_AS_STROKE else [])
        fid = next((f"F{int(d)}" for d in readings if f"F{int(d)}" in known), None)
        if not fid:
            return _unread_mark(v, text, m.start(), m[0].strip(), "the amount")
        found.append((fid, 0.7))
        return text[:m.start()]
    m = _BARE_MARK_AFTER_MARKS.search(text)
    if m and found and f"F{int(m[1])}" in known:
        found.append((f"F{int(m[1])}", 0.6))
        return text[:m.start()]
    return text


# a mark whose digit OCR lost, '()', just before another: '()(2)' for '(1)(2)'
_LOST_DIGIT_BEFORE = regex.compile(r"\(\s*\)\s*(?=[(\[]\s*(\d{1,2})\s*[)\]])")


def _lost_digit_marks(text: str, ctx: Context | None, found: list[tuple[str, float]]) -> str:
    """Marks are printed in their order: an empty mark before mark n is mark n - 1, when that
    footnote exists (a guess)."""
    def before(m: regex.Match) -> str:
        fid = f"F{int(m[1]) - 1}"
        if ctx is None or not ctx.strict or fid not in ctx.marks.values():
            return m[0]
        found.append((fid, 0.6))
        return " "
    return _LOST_DIGIT_BEFORE.sub(before, text)


# an OCR'd text's or amount's last mark with its bracket and digit run into one round glyph ('By
# ESOP Q)', '14,718 Q)', '$0 q)', 'Common Stock GQ)'), or its digit lost ('757,756 ()'); or a cell holding nothing but
# such a mark ('Q)', 'qQ' in an exercise date's cell)
_ROUND_MARK_AT_END = regex.compile(r"\s+(?:[GCc(]?[Qq]{1,2}\)|\(\s*\))[.,;]?$|^\s*\(?(?:[Qq]{1,2}\)?|[Qq]Q)\s*$")


def _round_mark_at_end(v: Value, text: str) -> str:
    m = _ROUND_MARK_AT_END.search(text)
    return text if m is None else _unread_mark(v, text, m.start(), m[0].strip())


# a date's cell holding only a mark's digit, its brackets lost ('2' for '(2)'): no date is one digit
_BARE_MARK = regex.compile(r"^\s*[(\[]?\s*(\d)\s*[)\]]?\s*$")


def _bare_mark(text: str, ctx: Context | None, found: list[tuple[str, float]]) -> str:
    m = _BARE_MARK.match(text)
    if m is None or ctx is None or not ctx.strict or ctx.marks.get(m[1]) is None:
        return text
    found.append((ctx.marks[m[1]], 0.6))
    return ""


def take_footnotes(v: Value, ctx: Context | None = None, kind: str = TEXT) -> None:
    """Move footnote marks out of the text into v.footnotes.

    "(1)" is EDGAR's shape and is always a mark.  The other shapes -- "(I)" "(l)"
    "(i)" as OCR reads "(1)", "[1]", superscripts, the old ASCII "1/", "*" -- are
    marks only when a footnote of that id exists.  In a D/I or A/D field "(I)",
    "(D)", "(A)" are the value itself.
    """
    text = v.value or ""
    if not text:
        return
    found: list[tuple[str, float]] = []
    shaky: list[str] = []  # shaped like a misread mark, but no such footnote

    def bracket(m: regex.Match) -> str:
        inner = m[1]
        if not inner.isdigit() and (kind in (DI, AD, CODE)  # "(I)" there is the value itself
                                    or m.start() and text[m.start() - 1].isalpha()  # "Option(s)"
                                    or kind == TEXT and m.end() < len(text.rstrip())):
            return m[0]  # in free text an odd shape counts only at the very end
        fid, conf = _mark_id(inner, ctx)
        if fid is None:
            return m[0]
        pair = _two_marks(inner, ctx)
        if pair:
            found.extend((f, 0.7) for f in pair)
            return " "
        found.append((fid, conf if m[0][0] == "(" else min(conf, 0.95)))
        return " "

    def other(m: regex.Match) -> str:
        printed = m[1] if m.lastindex else m[0]
        if not printed.startswith("*") and not printed.translate(_SUPERSCRIPTS).isdigit():
            fid, conf = _mark_id(printed, ctx)  # a misread digit: only a footnote that exists
            if fid is None:
                shaky.append(m[0])
                return m[0]
            found.append((fid, min(conf, 0.7)))  # both the shape and the digit are guesses
            return " "
        fid = ctx.marks.get(printed if printed.startswith("*") else printed.translate(_SUPERSCRIPTS)) \
            if ctx and ctx.strict else None
        if fid is None:
            return m[0]
        found.append((fid, 0.9))
        return " "

    rest = _BRACKET_MARK.sub(bracket, _lost_digit_marks(text, ctx, found))
    if kind in _GLUED_MARK:
        rest = _glued_mark(v, rest, kind, ctx, found)
    if kind in (NUMBER, PRICE):
        rest = _marks_at_amount_end(v, rest, ctx, found)
    if kind in (TEXT, PRICE, NUMBER, DATE) and v.confidence < 1.0:  # '$ Q),' for '$ (1)'
        rest = _round_mark_at_end(v, rest)
    if kind == PRICE and v.confidence < 1.0 and rest.strip() == "$" and not found:
        # a price given only by its mark, '$ (1)', the mark lost: no value
        v.correct("unread-footnote-mark", None, 0.5)
        v.flag("a price of a lone '$': its footnote mark may not have been read", 0.5)
        return
    if kind == DATE and v.confidence < 1.0:
        rest = _bare_mark(rest, ctx, found)
    if kind != LONG:
        rest = _SUPER_MARK.sub(other, rest)
        rest = _SLASH_MARK.sub(other, rest)
        rest = _STAR_MARK.sub(other, rest)
    if shaky:
        v.flag(f"{' '.join(shaky)!r} may be a misread footnote mark", 0.5)
    if not found:
        return
    rest = " ".join(rest.split())
    # a price given only by footnote prints as "$ (1)": the "$" alone is no value
    rest = None if rest in ("", "$") else rest
    odd = [c for _, c in found if c < 1.0]
    for fid, _ in found:
        if fid not in v.footnotes:
            v.footnotes.append(fid)
    if odd:
        v.correct("footnote-mark-shape", rest, min(odd))
        v.corrections[-1].after = f"{rest or ''} [{', '.join(f for f, _ in found)}]".strip()
    else:
        v.value = rest


# ------------------------------------------------------------------ typed readings

@dataclass
class Step:
    """One correction a typed reading needs: rule, text after, confidence."""
    rule: str
    after: str
    confidence: float


@dataclass
class Reading:
    value: str | None          # normalized value; None when the text does not read as the type
    steps: list[Step] = field(default_factory=list)
    doubt: str = ""            # why the reading is uncertain (becomes a flag)

    @property
    def confidence(self) -> float:
        return min((s.confidence for s in self.steps), default=1.0)


_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if len(w) < 3:
        return None
    for i, name in enumerate(_MONTHS, 1):
        if name.startswith(w):
            return i
    return None


def _date_parts(t: str) -> tuple[int, int, int, bool] | None:
    """(year, month, day, two-digit year) of a date in a common spelling, unchecked."""
    t = t.strip().rstrip(".,")
    m = regex.fullmatch(r"(\d{1,2})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})", t)
    if m:
        return int(m[4]), int(m[1]), int(m[3]), len(m[4]) == 2
    m = regex.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        return int(m[1]), int(m[2]), int(m[3]), False
    m = regex.fullmatch(r"(\d{1,2})[\s\-]*([A-Za-z]{3,9})\.?[\s\-,]*(\d{2}|\d{4})", t)
    if m and _month(m[2]):
        return int(m[3]), _month(m[2]), int(m[1]), len(m[3]) == 2
    m = regex.fullmatch(r"([A-Za-z]{3,9})\.?\s*(\d{1,2})(?:,\s*|\s+)(\d{4}|'\d{2})", t)
    if m and _month(m[1]):
        y = m[3].lstrip("'")
        return int(y), _month(m[1]), int(m[2]), len(y) == 2
    return None


def _valid_date(parts) -> str | None:
    if parts is None:
        return None
    year, month, day, two = parts
    if two:
        year += 2000 if year < 70 else 1900
    if not 1900 <= year <= 2099:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """MM/DD/YYYY and other common spellings -> YYYY-MM-DD; None if not a real date."""
    return _valid_date(_date_parts(text))


def _fix_digits(text: str) -> str:
    """Read letters OCR confuses with digits back as digits, in digit-shaped tokens only:
    tokens made of digits and look-alikes, with at least one real digit."""
    def shaped(tok: str) -> bool:
        core = regex.sub(r"[$,./\-]", "", tok)
        return bool(core) and (any(c.isdigit() for c in core) or tok.startswith("$")) and all(
            c.isdigit() or c in _CONFUSABLE for c in core)

    return regex.sub(r"\S+", lambda m: m[0].translate(DIGIT_CONFUSIONS) if shaped(m[0]) else m[0], text)


# a lone speck read as a letter or a mark beside a date: "e 04/28/2020", "04/28/2020 °"
_STRAY_TOKEN = regex.compile(r"^[^\d\s]{1,2}\s+(?=\d)|(?<=\d)\s+[^\d\s]{1,2}$")


# a speck read between the two digits of a month or a day, or a space: '0.2/27/2020', '03/1 1/2020'
_SPECK_IN_DATE = regex.compile(r"(?<=(?:^|/)\D?\d)[.,'’ ](?=\d/)")


# a date whose slash was read as a '7' (a typed '/' on a fax, its rows coarse: '02711/2020',
# '05/1572027'); the date's halves are groups 1 and 2, or 3 and 4
SLASH_AS_SEVEN = regex.compile(r"(\d{1,2})7(\d{2}/\d{4})|(\d{1,2}/\d{1,2})7(\d{4})")
# a date in full among words or specks read with it: a label's last words ('Requiring
# Staterrient 01/31/2020'), a speck read as a digit ('3 02/11/2020')
_FULL_DATE = regex.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")


# a fax's '0' read as a round digit where a date allows no other: a month's tens ('63/17/2025'),
# a day's units after a 3 ('04/36/2020'), the century of a year of this era ('04/12/2624')
_ROUND_FOR_ZERO = regex.compile(r"^[689](?=\d/\d{1,2}/\d{4}$)|(?<=^\d{1,2}/3)[689](?=/\d{4}$)|(?<=/2)[689](?=\d{2}$)")
# a year's last '1' read as a bracket, its foot lost ('02/10/202)')
_ONE_AS_BRACKET = regex.compile(r"(?<=/\d{3})[)\]]$")
# a fax's '1' read as a '4' where a date allows no '4': a month's tens ('42/16/2019'), a day's
# ('07/41/2019')
_FOUR_FOR_ONE = regex.compile(r"^4(?=[0-2]/\d{1,2}/\d{4}$)|(?<=^\d{1,2}/)4(?=\d/\d{4}$)")


def read_date(text: str) -> Reading:
    parts = _date_parts(text)
    steps = []
    if _valid_date(parts) is None:
        fixed = _fix_digits(text)
        if fixed != text and _valid_date(_date_parts(fixed)):
            steps.append(Step("ocr-digits", fixed, 0.85))
            parts = _date_parts(fixed)
    if _valid_date(parts) is None:
        inside = _SPECK_IN_DATE.sub("", text)
        if inside != text and _valid_date(_date_parts(inside)):
            steps.append(Step("speck-in-date", inside, 0.75))
            parts = _date_parts(inside)
    if _valid_date(parts) is None:
        m = SLASH_AS_SEVEN.fullmatch(text.strip())
        slash = f"{m[1] or m[3]}/{m[2] or m[4]}" if m else None
        if slash and _valid_date(_date_parts(slash)):
            steps.append(Step("ocr-slash", slash, 0.7))
            parts = _date_parts(slash)
    if _valid_date(parts) is None:
        bare = _STRAY_TOKEN.sub("", _STRAY_MARKS.sub("", text.strip())).strip()
        if bare != text.strip() and _valid_date(_date_parts(bare)):
            steps.append(Step("stray-marks", bare, 0.8))
            parts = _date_parts(bare)
    if _valid_date(parts) is None:
        dates = _FULL_DATE.findall(text)
        if len(dates) == 1 and _valid_date(_date_parts(dates[0])):
            steps.append(Step("date-among-words", dates[0], 0.7))
            parts = _date_parts(dates[0])
    for rule, pattern, digit in (("ocr-round-digit", _ROUND_FOR_ZERO, "0"), ("ocr-bracket-digit", _ONE_AS_BRACKET, "1"),
                                 ("ocr-four-for-one", _FOUR_FOR_ONE, "1")):
        if _valid_date(parts) is None:
            fixed = pattern.sub(digit, text.strip())
            if fixed != text.strip() and _valid_date(_date_parts(fixed)):
                steps.append(Step(rule, fixed, 0.6))
                parts = _date_parts(fixed)
    value = _valid_date(parts)
    if value is None:
        return Reading(None, doubt=f"not a date: {text!r}")
    if parts[3]:
        steps.append(Step("two-digit-year", value, 0.95))
    return Reading(value, steps)


def parse_number(text: str) -> str | None:
    """'$1,234.50' -> '1234.50'; None when it is not a plain number."""
    t = regex.sub(r"\$\s*", "", text).strip()  # "$ 12.5": the dollar sign may stand apart
    if regex.search(r"\s", t):
        return None  # "1.7 22" is two pieces: joining them is a correction (read_number)
    if "," in t and not regex.fullmatch(r"-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?", t):  # not "0,000"
        return None
    t = t.replace(",", "")
    if not regex.fullmatch(r"-?\d+(\.\d+)?|-?\.\d+", t):
        return None
    try:
        Decimal(t)
    except InvalidOperation:
        return None
    return t


# specks of noise OCR reads as marks beside a value: "74," "5,952:" "360°" "I."
# (and a speck read as a stop before a dollar sign: '.$68,27')
_STRAY_MARKS = regex.compile(r"^['\"`‘’,:;*]+|^\.(?=\$)|(?<=^\$)\s*[:;]\s*(?=\d)|[.,:;'\"`‘’°*]+$")  # '$: 5.64'
# a number, then a token or two of specks read as letters or marks ('66,466 =a', '$ 0 wee');
# a lone capital (an A/D code merged into the cell) is not junk
_JUNK_AFTER_NUMBER = regex.compile(r"(\$?\s*[\d.,]+)((?:\s+(?=\S*[\p{Ll}\p{P}\p{S}])[^\d\s]{1,4}){1,2})")
# a price's dollar sign read as the letter it looks like, before digits or their look-alikes:
# 'S12.50', 'so' ($0), '§1.5'
_DOLLAR_READ_AS_S = regex.compile(r"^[Ss§](?=\s?[\d.,OoQIl|]+$)")


def read_number(text: str, kind: str = NUMBER) -> Reading:
    t = " ".join(text.split())
    if t in ("-0-", "- 0 -", "--0--"):  # how typed forms wrote a zero
        return Reading("0")
    n = parse_number(t)
    steps: list[Step] = []
    bare_number = _STRAY_MARKS.sub("", t)
    if n is None and bare_number != t:  # the other rules read what is left ('.$68,27')
        steps.append(Step("stray-marks", bare_number, 0.8))
        t, n = bare_number, parse_number(bare_number)
    junk = _JUNK_AFTER_NUMBER.fullmatch(t)
    if n is None and junk and parse_number(junk[1]) is not None:
        # what follows may be a footnote mark misread beyond repair: flagged
        steps.append(Step("stray-tokens", junk[1], 0.75))
        t, n = junk[1], parse_number(junk[1])
    if n is None and kind == PRICE and _DOLLAR_READ_AS_S.match(t):
        t = _DOLLAR_READ_AS_S.sub("$", t)
        steps.append(Step("dollar-sign", t, 0.75))  # or a 5: flagged
    if n is None:
        fixed = _fix_digits(t)
        if fixed != t:
            steps.append(Step("ocr-digits", fixed, 0.9))
            t = fixed
        bare = t.replace("$", "").strip()
        if " " in bare and regex.fullmatch(r"[\d.,]+(?: [\d.,]+)+", bare):
            # a number broken over two cells or lines: "1.7" | "22", "1,234,56" / "7"
            joined = bare.replace(" ", "")
            if parse_number(joined) is not None:
                # with a separator the pieces confirm each other ("1.7" "22"); without one a
                # lost decimal point is as likely ("5 99": 599 or 5.99)
                sure = any(c in bare for c in ".,")
                steps.append(Step("split-number", joined, 0.85 if sure else 0.6))
                t = joined
        n = parse_number(t)
    if n is None:
        bare = t.replace("$", "").replace(" ", "")
        if regex.fullmatch(r"\d{1,3}(\.\d{3}){2,}", bare):  # 1.234.567: periods as thousands marks
            n = bare.replace(".", "")
            steps.append(Step("thousands-period", n, 0.85))
        elif regex.fullmatch(r"\d+,\d{1,2}|0,\d+", bare):  # 12,5 / 0,85 / 0,275 (no number opens '0,'): a decimal comma
            n = bare.replace(",", ".")
            steps.append(Step("decimal-comma", n, 0.7))
        elif regex.fullmatch(r"\d{1,3}(?:,\d{3})+,(?:\d{1,2}|\d{4,})", bare):
            # a decimal point read as a comma after the thousands: '1,984,2632' (no group of 4)
            n = regex.sub(r",(?=\d*$)", ".", bare).replace(",", "")
            steps.append(Step("decimal-comma", n, 0.7))
        elif regex.fullmatch(r"\d+[:/]\d+", bare):  # 30:3, 40/1611: a decimal point with a speck above it
            n = regex.sub(r"[:/]", ".", bare)
            steps.append(Step("misread-point", n, 0.7))
        elif regex.fullmatch(r"\d+(?:,\.|\.,)\d+", bare):  # a speck read beside a decimal point: '40,.1611'
            n = regex.sub(r"[.,]{2}", ".", bare)
            steps.append(Step("speck-at-point", n, 0.75))
        elif regex.fullmatch(r"\d{1,3}(?:[-°'’`~·]\d{3})+(?:\.\d+)?", bare):
            # a thousands comma read as a mark of another shape: '5-952', '5°189'
            n = regex.sub(r"[-°'’`~·]", "", bare)
            steps.append(Step("misread-separator", n, 0.75))
    if n is None:
        return Reading(None, doubt=f"not a number: {text!r}")
    bare = t.replace("$", "").strip()
    # OCR reads "." and "," for each other: "1,722" may be the price 1.722, "50.000" 50,000 shares
    if kind == PRICE and regex.fullmatch(r"\d{1,3},\d{3}", bare):
        return Reading(n, steps, doubt=f"the comma in {text!r} may be a decimal point")
    if kind == NUMBER and regex.fullmatch(r"\d{1,3}(,\d{3})*\.\d{3}", bare):
        return Reading(n, steps, doubt=f"the period in {text!r} may be a thousands separator")
    return Reading(n, steps)


def read_code(text: str, allowed: set[str], confusions: dict[str, str], what: str, strokes: str = "") -> Reading:
    raw = _STRAY_MARKS.sub("", text.strip()).replace(" ", "") or text.strip().replace(" ", "")
    code = raw.strip("()[]")
    if code.upper() in allowed:
        return Reading(code.upper())
    for misread in (code, raw):  # a lone ']' is a misread 'I', not a bracket
        if misread in confusions:
            return Reading(confusions[misread], [Step("ocr-code", confusions[misread], 0.7)])
    as_codes = {c if c in allowed else c.upper() if c.upper() in allowed else confusions.get(c) for c in code}
    if len(code) == 2 and len(as_codes) == 1 and None not in as_codes:
        # one wide typed letter that OCR read twice ('Ss', 'Pp'), or twice as a look-alike
        # ('OB', 'dR' for 'D': less sure)
        letter = as_codes.pop()
        return Reading(letter, [Step("ocr-doubled-letter", letter, 0.7 if code.upper() == letter * 2 else 0.6)])
    core = regex.sub(r"^[^\p{L}\p{N}$]+|[^\p{L}\p{N}$]+$", "", code)
    letters = {c for c in core if c in allowed}
    if len(core) <= 3 and len(letters) == 1 and all(
            c in letters or not (c.isalnum() or c == "$") or c.islower() or confusions.get(c) in letters
            or c in strokes and letters != {confusions.get(c)} for c in core):
        # the code with specks or a bracket read beside it ('S§', '§D', 'OD' for '(D', '~-sP'; a
        # code is a capital, so a small letter beside it is a speck); not beside a '$' ('$ O'
        # is an amount); beside a D, a stroke read '1' is a rule's stub ('1D')
        letter = letters.pop()
        return Reading(letter, [Step("ocr-speck-beside-code", letter, 0.6)])
    return Reading(None, doubt=f"not {what}: {text!r}")


CODE_CONFUSIONS = {"5": "S", "$": "S", "0": "O", "9": "G", "6": "G", "4": "A", "8": "S", "2": "Z"}
AD_CONFUSIONS = {"4": "A", "0": "D", "O": "D", "o": "D"}
# an 'I' whose serif a fax's coarse rows turned into a hook reads 'J'; a typed 'D' whose straight
# top or bottom a fax lost is a stem with a bowl or an arch, read 'b', 'h', 'n', 'B' or 'R'
DI_CONFUSIONS = {"1": "I", "l": "I", "L": "I", "|": "I", "!": "I", "]": "I", "[": "I", "J": "I",
                 "0": "D", "O": "D", "o": "D", "b": "D", "h": "D", "n": "D", "B": "D", "R": "D"}


def read_as(text: str, kind: str) -> Reading:
    """The value a text stands for in a field of this type, with the corrections needed."""
    text = " ".join(text.split())
    if kind in (TEXT, LONG):
        return Reading(text or None)
    if kind == TICKER:
        return Reading(text.strip("[]() ").upper() or None)
    if kind == BOOL:
        return Reading("1" if text in ("1", "true", "X", "x") else "0")
    if kind == DATE:
        return read_date(text)
    if kind in (NUMBER, PRICE):
        return read_number(text, kind)
    if kind == CODE:
        return read_code(text, TRANSACTION_CODES, CODE_CONFUSIONS, "an SEC transaction code")
    if kind == AD:
        return read_code(text, {"A", "D"}, AD_CONFUSIONS, "A or D")
    if kind == DI:
        return read_code(text, {"D", "I"}, DI_CONFUSIONS, "D or I", strokes="1l|!")
    raise ValueError(kind)


def type_cost(text: str, kind: str) -> float:
    """How badly a text fits a field type: 0 as is, small after corrections, 1 not at all."""
    if kind in (TEXT, LONG):
        # free text: anything fits, but a bare number, date or code is unlikely to be a title
        plain = text.replace("$", "").strip()
        if read_number(plain).value is not None and not read_number(plain).steps:
            return 0.7
        if parse_date(plain) or len(plain) <= 1:
            return 0.7
        return 0.2
    r = read_as(text, kind)
    if r.value is None:
        return 1.0
    if kind == PRICE and "$" in text:
        return 0.0
    if kind == NUMBER and "$" in text:
        return 0.15  # shares are not printed with a dollar sign
    if kind == PRICE and "$" not in text:
        return 0.25 + 0.5 * (1 - r.confidence)  # a bare number could as well be a share amount
    return 1 - r.confidence


def normalize(v: Value, kind: str) -> None:
    """Normalize one value in place by its type; flag what does not read as the type."""
    if v.value is None:
        return
    r = read_as(v.value, kind)
    for s in r.steps:
        v.correct(s.rule, s.after, s.confidence)
    if r.value is not None:
        v.value = r.value
        if r.doubt:
            v.flag(r.doubt, 0.7)
        elif r.confidence < CONFIDENT:
            v.flag(_guessed(s.rule for s in r.steps), r.confidence)
        return
    if kind == DATE and len(regex.findall(r"\d", _fix_digits(v.value))) < 3:
        # too few digits for any date: the remains of a printed label ('«Month w7Year)') or specks
        v.correct("not-a-date", None, 0.4)
        v.flag(r.doubt, 0.4)
        return
    # text such as "See Remarks" stands in EDGAR XML as it is: keep it as read, flagged
    v.value = " ".join(v.value.split())
    v.flag(r.doubt, 0.6 if kind in (NUMBER, PRICE) else 0.4 if kind != DATE else 0.3)


# ------------------------------------------------------------------ wrapped cells

def join_wrapped(pieces: list[tuple[str, bool]], kind: str) -> tuple[str, str | None]:
    """Join the lines of one cell.  Each piece is (text, filled): filled when the text ran to
    the cell's right edge, so the next line may go on in the middle of a word or number
    ("2/7/0" above "0", "Options to Purchase Co" above "mmon Stock").  Returns the text and,
    when a line was joined without a space, the rule that did it."""
    out, rule = "", None
    for k, (text, _) in enumerate(pieces):
        text = text.strip()
        if not text:
            continue
        if not out:
            out = text
            continue
        filled = pieces[k - 1][1]
        glue = " "
        if filled and out[-1].isalnum() and text[0].isalnum():
            if kind not in (TEXT, LONG) or text[0].islower() or out[-1].isdigit() and text[0].isdigit():
                glue = ""  # cut inside a word or a number
        elif filled and kind not in (TEXT, LONG) and (out[-1] in "/.,-$" or text[0] in "/.,-"):
            glue = ""
        if glue == "":
            rule = "wrapped-cell"
        out += glue + text
    return out, rule


# ------------------------------------------------------------------ row rules

def _row_kinds(row: Row) -> dict[str, str]:
    return {name: field_type(name) for name in ROW_KINDS[row.kind][2]}


# The code printed right after an amount on the forms: "Amount | (A) or (D)", "owned | D/I".
MERGE_NEIGHBOUR = {"transactionShares": "transactionAcquiredDisposedCode",
                   "sharesOwnedFollowingTransaction": "directOrIndirectOwnership"}


def rule_split_merged(row: Row) -> None:
    """Merged neighbours: "50,000 A" in Amount with (A)/(D) empty; "953,000 D" with D/I empty."""
    for name, target in MERGE_NEIGHBOUR.items():
        v = row.fields.get(name)
        if v is None or not v.value or target not in ROW_KINDS[row.kind][2] or \
                (row.fields.get(target) and row.fields[target].value):
            continue
        kind = field_type(name)
        m = regex.fullmatch(r"(.+?)\s*[(\[]?([A-Za-z])[)\]]?", v.value)
        if not m or read_as(v.value, kind).value is not None:
            continue
        amount = read_as(m[1], kind)
        if amount.value is None or amount.steps or amount.doubt:
            continue  # only a clean amount beside a clean code: "50,000 A", not "Z.10 I"
        letter = read_as(m[2], field_type(target))
        if letter.value != m[2].upper():
            continue
        before = v.value
        v.correct("split-merged-cell", m[1], 0.9)
        moved = Value(letter.value, page=v.page, bbox=v.bbox, source=v.source)
        moved.correct("split-merged-cell", letter.value, 0.9)
        moved.corrections[-1].before = before
        row.fields[target] = moved


def rule_misplaced(row: Row) -> None:
    """A value pushed into the neighbouring column: it does not read as its own column's type
    but reads as exactly one empty column's type.  Moved, and left below CONFIDENT."""
    kinds = _row_kinds(row)
    strict = {DATE, NUMBER, PRICE, CODE, AD, DI}
    for name, v in list(row.fields.items()):
        kind = kinds.get(name)
        if kind not in strict or not v.value or read_as(v.value, kind).value is not None:
            continue
        fits = [t for t, k in kinds.items() if k in strict and k != kind
                and not (row.fields.get(t) and not row.fields[t].empty)
                and read_as(v.value, k).value is not None]
        if len(fits) != 1:  # several empty columns could hold it: leave it, flagged later
            continue
        moved = Value(v.value, footnotes=v.footnotes, page=v.page, bbox=v.bbox, source=v.source,
                      confidence=v.confidence)
        moved.correct("misplaced-value", v.value, 0.6)
        moved.corrections[-1].before = f"{name}: {v.value}"
        moved.flag(f"moved from {name}: it does not read as that column's type", 0.6)
        row.fields[fits[0]] = moved
        del row.fields[name]


def rule_title_continuation(record: Record) -> None:
    """A title wrapped over two lines of its cell, read as a row of its own: a row holding only
    a title belongs to the row below when that has no title, or, when it starts like the rest of
    a phrase ("(right to buy)", "stock"), to the title of the row above."""
    rows = record.rows
    k = 0
    while k < len(rows):
        row = rows[k]
        title = row.fields.get("securityTitle")
        alone = title is not None and title.value and not title.footnotes and \
            all(v.empty for name, v in row.fields.items() if name != "securityTitle")
        table = ROW_KINDS[row.kind][0]
        after = rows[k + 1] if k + 1 < len(rows) and ROW_KINDS[rows[k + 1].kind][0] == table else None
        before = rows[k - 1] if k and ROW_KINDS[rows[k - 1].kind][0] == table else None
        if not alone:
            k += 1
            continue
        if after is not None and not (after.fields.get("securityTitle") and after.fields["securityTitle"].value):
            after.fields["securityTitle"] = title
            title.correct("title-continuation", title.value, 0.85)
            title.corrections[-1].before = f"{title.value} (a row of its own)"
            del rows[k]
            continue
        first = (title.value or " ")[0]
        prev = before.fields.get("securityTitle") if before is not None else None
        if prev is not None and prev.value and (first.islower() or first in "(,&-/"):
            joined = f"{prev.value} {title.value}"
            prev.correct("title-continuation", joined, 0.85)
            prev.corrections[-1].before = f"{prev.corrections[-1].before} / {title.value}"
            del rows[k]
            continue
        title.flag("a row that holds only a title: the rest of a wrapped title, or a row not read", 0.5)
        k += 1


def rule_issuer_ticker(record: Record) -> None:
    """'NAME [TICKER]' or 'NAME (TICKER)' read as one issuer name: split it."""
    name = record.document.get("issuerName")
    if not name or not name.value or record.document.get("issuerTradingSymbol"):
        return
    m = regex.fullmatch(r"(.*?)\s*[\[(]\s*([A-Za-z][A-Za-z0-9.\-]{0,9})\s*[\])]", name.value)
    if not m or not m[1]:
        return
    ticker = Value(m[2], page=name.page, bbox=name.bbox, source=name.source)
    record.document["issuerTradingSymbol"] = ticker
    name.value = m[1]


# ------------------------------------------------------------------ cross-checks

def _num(v: Value | None) -> Decimal | None:
    if v is None or not v.value:
        return None
    try:
        return Decimal(v.value)
    except InvalidOperation:
        return None


def _same_holding(a: Row, b: Row) -> bool:
    def key(r: Row):
        return tuple((r.fields.get(n) or Value()).value for n in
                     ("securityTitle", "directOrIndirectOwnership", "natureOfOwnership"))
    return key(a) == key(b)


def implied_direction(code: str, row_kind: str) -> str | None:
    """A or D as a transaction code usually implies for a row of this kind; None if it does not."""
    acquiring, disposing = (ACQUIRING_CODES, DISPOSING_CODES) if row_kind.startswith("nd") else \
        (DERIVATIVE_ACQUIRING, DERIVATIVE_DISPOSING)  # exercising an option disposes of it
    return "A" if code in acquiring else "D" if code in disposing else None


def check_holdings_chain(record: Record) -> None:
    """Shares owned after a transaction row = shares after the row before +/- its amount."""
    previous: dict[str, Row] = {}
    for row in record.rows:
        if row.kind not in ("ndTx", "dTx"):
            continue
        prev = previous.get(row.kind)
        previous[row.kind] = row
        if prev is None or not _same_holding(prev, row):
            continue
        before, after = _num(prev.fields.get("sharesOwnedFollowingTransaction")), \
            _num(row.fields.get("sharesOwnedFollowingTransaction"))
        amount = _num(row.fields.get("transactionShares"))
        ad = (row.fields.get("transactionAcquiredDisposedCode") or Value()).value
        if None in (before, after, amount) or ad not in ("A", "D"):
            continue
        if after != before + (amount if ad == "A" else -amount):
            msg = (f"shares owned after ({after}) differ from the row before ({before}) "
                   f"{'+' if ad == 'A' else '-'} the amount ({amount})")
            for name in ("sharesOwnedFollowingTransaction", "transactionShares"):
                row.fields[name].flag(msg, 0.75)


def check_row(row: Row) -> None:
    f = row.fields
    ex, exp = f.get("exerciseDate"), f.get("expirationDate")
    if ex and exp and ex.value and exp.value and regex.fullmatch(r"\d{4}-\d\d-\d\d", ex.value) \
            and regex.fullmatch(r"\d{4}-\d\d-\d\d", exp.value) and exp.value < ex.value:
        for v in (ex, exp):
            v.flag(f"expiration {exp.value} is before the exercise date {ex.value}", 0.5)
    if row.kind == "dTx":
        shares, under = _num(f.get("transactionShares")), _num(f.get("underlyingSecurityShares"))
        if shares is not None and under is not None and shares != under:
            f["underlyingSecurityShares"].flag(
                f"underlying shares ({under}) differ from the amount ({shares})", 0.85)
    code = (f.get("transactionCode") or Value()).value
    ad = f.get("transactionAcquiredDisposedCode")
    if code and ad and ad.value in ("A", "D"):
        expected = implied_direction(code, row.kind)
        if expected and ad.value != expected:
            ad.flag(f"code {code} usually {'acquires' if expected == 'A' else 'disposes of'} "
                    f"shares, but the row says {ad.value}", 0.75)
    elif code in TRANSACTION_CODES and row.kind in ("ndTx", "dTx") and (ad or f.get("transactionShares")):
        # the A/D code not read ('x' on a fax) or its cell read empty beside an amount: the
        # direction the transaction code usually has, as a guess
        expected = implied_direction(code, row.kind)
        if expected:
            if ad is None:
                ad = f["transactionAcquiredDisposedCode"] = Value(None, page=row.page, source="(not read)")
            ad.correct("implied-by-code", expected, 0.5)
            ad.flag(f"A or D not read; code {code} usually {'acquires' if expected == 'A' else 'disposes of'} "
                    f"shares", 0.5)


_ADDRESS = regex.compile(r"^\d+\s+\S+|\b(STREET|AVENUE|AVE\.?|DRIVE|SUITE|FLOOR|ROAD|BLVD|P\.?\s?O\.? BOX)\b"
                        r"|,\s*[A-Z]{2}\s+\d{5}(-\d{4})?$", regex.I)


# an initial's full stop, which OCR reads as a comma on a coarse scan: 'Derek R, Redmond'
_INITIAL_COMMA = regex.compile(r"(?<=(?:^|\s)\p{Lu}),(?=\s|$)")


# an initial read two or three times over in both cases: 'Calkins Matthew WwW', 'Kevin Cc. Chen'
_INITIAL_REPEATED = regex.compile(r"(?<!\p{L})(?=\p{L}*\p{Ll})(\p{Lu})(?i:\1){1,2}(?!\p{L})")


# a generational suffix II, III or IV at the end of a name in capitals, its strokes read as
# other upright letters: 'CRAFT JOSEPH W Tit', 'SMITH JOHN Ill', 'DOE JANE 1V'
_SUFFIX_STROKES = regex.compile(r"(?<=^(?:\p{Lu}[\p{Lu}.,'-]*\s+){2,})([IiLlTt1|!]{2,3}|[IiLlTt1|!][Vv])$")


# ... or in a name in mixed case, after its middle initial ('deVilliers David H Ill')
_SUFFIX_AFTER_INITIAL = regex.compile(r"(?<=\p{Ll}\s+\p{Lu}\.?\s+)(I[Il1|!]{1,2})$")


# an owner name in capitals, 'LAST FIRST', its middle initial run into the first name ('STONE ROBERTJ')
_INITIAL_RUN_INTO_NAME = regex.compile(r"^(\p{Lu}+ )(\p{Lu}{3,})(\p{Lu})$")


def _numeral_suffix(name: str) -> str | None:
    m = _SUFFIX_STROKES.search(name) or _SUFFIX_AFTER_INITIAL.search(name)
    if m is None or m[1] in ("II", "III", "IV"):
        return None
    if m[1].isupper() and not set(m[1].rstrip("V")) <= set("Il1|!"):  # 'LI': a name in capitals
        return None
    return name[:m.start()] + ("IV" if m[1][-1] in "Vv" else "I" * len(m[1]))


# a Roman IV with its I read as a T or its V in small ('Valor Equity Partners TV-B L.P.',
# 'Capital TV LLC', 'Valor Iv Pharma')
_IV = regex.compile(r"(?<![\p{L}\p{N}])IV(?![\p{L}\p{N}])")
_IV_AS_TV = regex.compile(r"(?<![\p{L}\p{N}])(?:TV|Iv)(?=-\p{Lu}(?![\p{L}])|[.,]?(?:\s|$))")


def rule_roman_iv(record: Record) -> None:
    """'TV' or 'Iv' in an OCR'd text of a record whose texts have the numeral 'IV' more often is
    that numeral misread: a fund's series ('Valor Equity Capital IV LLC' in every signature).  A guess,
    flagged; a record with no 'IV', or with 'TV' as often, is left as read."""
    texts = text_values(record)
    numerals = sum(len(_IV.findall(v.value)) for v in texts)
    misread = sum(len(_IV_AS_TV.findall(v.value)) for v in texts)
    if not misread or numerals < 2 * misread:
        return
    _correct_ocr_texts(texts, _IV_AS_TV, "IV", "ocr-letters")


# a Roman II, III or IV after a word, its strokes read as other upright glyphs ('Hercules Holding
# Il', 'Thomas F. Frist 11] 2019', 'Carlyle Realty JIL, GP', 'Realty Ul', 'CRP HII', 'Fund IJ',
# 'Fertitta, I1f'); not digits alone, which may be a number, nor a word in small letters ('ill')
_NUMERAL = regex.compile(r"(?<=(?<![\p{L}])(\p{L}+),? )(II|III|IV)(?![\p{L}\p{N}])")
_NUMERAL_STROKES = regex.compile(r"(?<=(?<![\p{L}])(\p{L}+),? )(?=[^\s]*[^\d\s])(?!\p{Ll}+[.,;]?(?:\s|$))"
                                 r"([IiJjLl1|!\]HUTtfVvY]{2,3})(?=[.,;]?(?:\s|$))")


def rule_roman_numerals(record: Record) -> None:
    """An OCR'd numeral misread as in ``_NUMERAL_STROKES`` is the numeral the record's texts
    have after the same word elsewhere ('Hercules Holding II' in the row above); of several
    ('Carlyle Realty III', 'Carlyle Realty IV'), the one with a V if a V-like glyph was read,
    else the one of as many glyphs.  A guess, flagged."""
    texts = text_values(record)
    known: dict[str, set[str]] = {}
    for v in texts:
        for m in _NUMERAL.finditer(v.value):
            known.setdefault(m[1], set()).add(m[2])

    def numeral(m: regex.Match) -> str:
        read = m[2]
        if read in ("II", "III", "IV"):
            return read
        like = {n for n in known.get(m[1], ()) if ("V" in n) == any(c in "VvY" for c in read)}
        if len(like) > 1:
            like = {n for n in like if len(n) == len(read)}
        return like.pop() if len(like) == 1 else read

    _correct_ocr_texts(texts, _NUMERAL_STROKES, numeral, "ocr-letters")


def rule_names(record: Record) -> None:
    """In names read by OCR (their confidence is below 1), a comma after a lone capital is
    the initial's full stop, a capital read again beside itself in small is one initial, and
    an owner name in capitals ends in II, III or IV where its strokes were read as other letters;
    a 'LAST FIRST' name in capitals with its initial run into the first name is split."""
    names = [o.fields.get("rptOwnerName") for o in record.owners] + [s.name for s in record.signatures]
    for v in names:
        if v is None or not v.value or v.confidence >= 1.0:
            continue
        if _INITIAL_REPEATED.search(v.value):
            v.correct("initial-repeated", _INITIAL_REPEATED.sub(lambda m: m[1], v.value), min(v.confidence, 0.8))
        if _INITIAL_COMMA.search(v.value):
            v.correct("initial-stop", _INITIAL_COMMA.sub(".", v.value), min(v.confidence, 0.85))
        suffix = _numeral_suffix(v.value)
        if suffix:
            v.correct("name-suffix", suffix, min(v.confidence, 0.75))
        m = _INITIAL_RUN_INTO_NAME.match(v.value)
        if m and spelling.is_common(m[2]) and not spelling.is_english(m[2] + m[3]):
            v.correct("space-lost", f"{m[1]}{m[2]} {m[3]}", min(v.confidence, 0.75))


SPELLED_WORD = regex.compile(r"(?<![A-Za-z])[A-Za-z]{5,}(?![A-Za-z])")
def _glyph_variants(word: str, pairs=spelling.GLYPH_PAIRS):
    """``word`` with one pair of letters run into one glyph, or one glyph split into two."""
    for a, b in pairs:
        for seen, meant in ((a, b), (b, a)):
            at = word.find(seen)
            while at >= 0:
                yield word[:at] + meant + word[at + len(seen):]
                at = word.find(seen, at + 1)


def _one_misread_apart(word: str, other: str) -> bool:
    """``word`` is ``other`` with one letter misread ('Tenreno', 'Octoher'), one lost or one
    too many inside it ('conmmon'), or two letters run into one ('Attomey').  Not at its end,
    where 'share' and 'shares', 'issued' and 'issuer' are different words, nor a letter more
    before it ('ACommon' is 'A Common' run together)."""
    if other in _glyph_variants(word, spelling.RUN_TOGETHER):  # the filing's word: rarer ones too
        return True
    if word[-1] != other[-1]:
        return False
    if len(word) == len(other):
        return sum(a != b for a, b in zip(word, other)) == 1
    short, long_ = sorted((word, other), key=len)
    return len(long_) == len(short) + 1 and any(long_[:i] + long_[i + 1:] == short for i in range(1, len(long_) - 1))


def _in_case_of(word: str, like: str, titled: str | None = None) -> str:
    """``like`` in the case the misread ``word`` was in: upper, lower (a capital misread among
    small letters too: 'collectivelYr'), or else with a capital (as ``titled``, the filing's
    own spelling of it with one, if given)."""
    if word.isupper():
        return like.upper()
    return like if word[0].islower() else titled or like.capitalize()


@functools.cache
def form_vocabulary() -> frozenset[str]:
    """The words of the forms' printed text (``vocabulary.txt`` in the layout folders)."""
    words: set[str] = set()
    for folder in layout_dirs():
        path = folder / "vocabulary.txt"
        if path.is_file():
            words.update(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                         if line.strip() and not line.startswith("#"))
    return frozenset(words)


# a word read more than once is another of the filing's only when that one is read this many
# times as often
MISREAD_SEEN_RATIO = 3


def rule_spelled_elsewhere(record: Record) -> None:
    """A word an OCR'd text has once, one misread from a word the filing's texts have more than
    once, is that word: names and terms recur in a filing (the issuer in the address and the
    footnotes, an owner in the signatures), and OCR seldom misreads a word the same way twice.
    'Tenreno Realty Corp' beside 'C/O TERRENO REALTY', 'Octoher' beside 'October'.  A word of
    the forms' own text with two letters run into one ('Attomey'), however often, is that word
    too; only that misread is taken against the forms' words: a letter misread would turn
    names into them ('NORTH', 'forth').  A guess, flagged: words of five letters or more only."""
    texts = text_values(record)
    written: dict[str, Counter] = {}  # each word's spellings, by its letters in small
    for v in texts:
        for w in SPELLED_WORD.findall(v.value):
            written.setdefault(w.lower(), Counter())[w] += 1
    seen = {w: sum(forms.values()) for w, forms in written.items()}
    common = [w for w, n in seen.items() if n >= 2]
    vocabulary = form_vocabulary()

    def as_written(word: str, like: str) -> str:
        titled = [w for w, _ in written.get(like, Counter()).most_common() if w[0].isupper() and not w.isupper()]
        return _in_case_of(word, like, titled[0] if titled else None)

    def respelled(m: regex.Match) -> str:
        word = m[0].lower()
        if word in vocabulary:
            return m[0]
        # misread alike wherever it is printed alike ('Attomey' in each signature), but no word
        # of the forms' text
        like = list(dict.fromkeys(w for w in _glyph_variants(word) if w in vocabulary))
        if not like and seen[word] == 1:
            like = [w for w in common if _one_misread_apart(word, w)]
        elif not like:
            # misread alike twice or more ('Dervico' in two notes, 'Employee Stack Option' in two
            # rows), the filing's spelling read three times as often or more ('Derrico' in the
            # name, the signature, five notes): an English word only for a word of the forms
            like = [w for w in common if seen[w] >= MISREAD_SEEN_RATIO * seen[word] and _one_misread_apart(word, w)
                    and (w in vocabulary or not spelling.is_english(word))]
        return as_written(m[0], like[0]) if len(like) == 1 else m[0]

    _correct_ocr_texts(texts, SPELLED_WORD, respelled, "spelled-as-elsewhere")


# a word in capitals with an I read as a small 'l' or 'i' ('CRP III AlV GP')
_CAPITALS_SMALL_I = regex.compile(r"(?<![\p{L}])(?=\p{L}*\p{Lu}\p{L}*\p{Lu})\p{Lu}*[li]\p{Lu}*(?![\p{L}])")


def rule_capital_i_elsewhere(record: Record) -> None:
    """A word in capitals read with a small 'l' or 'i' among them is the word with an I there
    when the record's texts have it so elsewhere ('CRP III AlV GP' beside 'CRP III AIV GP').  A
    guess, flagged."""
    texts = text_values(record)
    words = {w for v in texts for w in regex.findall(r"(?<![\p{L}])\p{Lu}{2,}(?![\p{L}])", v.value)}

    def capital(m: regex.Match) -> str:
        meant = regex.sub("[li]", "I", m[0])
        return meant if meant in words else m[0]

    _correct_ocr_texts(texts, _CAPITALS_SMALL_I, capital, "spelled-as-elsewhere")


TITLE_FIELDS = ("securityTitle", "underlyingSecurityTitle")


def rule_title_words(record: Record) -> None:
    """A word of an OCR'd security title that is no English word, one letter misread from a
    word of the forms' text, is that word ('Gommon Stock', read with confidence 0.87): titles
    are made of the forms' words ('Common', 'Stock', 'Option', 'Preferred').  A guess, flagged."""
    vocabulary = form_vocabulary()

    def respelled(m: regex.Match) -> str:
        word = m[0].lower()
        if word in vocabulary or spelling.is_english(word):
            return m[0]
        like = [w for w in vocabulary if len(w) >= 5 and _one_misread_apart(word, w)]
        return _in_case_of(m[0], like[0]) if len(like) == 1 else m[0]

    for row in record.rows:
        for name in TITLE_FIELDS:
            v = row.fields.get(name)
            if v is not None and v.value and v.confidence < 1.0:
                text = SPELLED_WORD.sub(respelled, v.value)
                if text != v.value:
                    v.correct("title-word", text, min(v.confidence, 0.75))


# fields whose words are mostly names, which an English word list would take for misread
# words ('Horning' for 'homing', 'GOULET' for 'goblet'): only the forms' own words are sought
# there, in long words ('Aptorney-in-Fact')
NAME_FIELDS = {"issuerName", "rptOwnerName", "street1", "street2", "city", "state", "zip", "name"}
# and only in words this long: a short name is one edit from many words ('Lanter', 'later')
NAME_WORD_LETTERS = 8


# words names are made of beside names: a trust's date ('Trust dated Decernber 21, 2004')
_MONTH_NAMES = frozenset(["january", "february", "march", "april", "may", "june", "july", "august",
                          "september", "october", "november", "december"])


def _english_for(word: str, in_name: bool, prefer=frozenset()) -> str | None:
    """The English word an OCR'd ``word`` is a misread of, if one alone is near enough: one
    glyph misread for a like one in a word of five letters, two (or one other edit) in longer
    ones, three (or one other edit and one like glyph) from eight letters on; of words as near,
    the one the filing has elsewhere (``prefer``).  Not a word of two capitals then small
    letters ('ACommon' is 'A Common').  A word in small letters in a name is no name but words
    around one ('its general parmer', 'attorney in fact')."""
    if word.islower():
        in_name = False
    if word[:2].isupper() and not word.isupper() or in_name and len(word) < NAME_WORD_LETTERS:
        return None
    budget = spelling.LIKE_COST * (1 if len(word) < 6 else 2 if len(word) < 8 else 3)
    return spelling.misread_english(word, budget, among=form_vocabulary() | _MONTH_NAMES if in_name else None,
                                    prefer=prefer)


def rule_english_words(record: Record) -> None:
    """A word of a text OCR read in doubt (under CONFIDENT) that is no English word, nor a word
    of the forms, nor one the filing's texts have elsewhere, is the common English word it is
    one or two misread glyphs from, when no other is as near ('reinvestinent', 'Qwnership', 'Swategy', 'teflects' for
    'reinvestment', 'Ownership', 'Strategy', 'reflects'; see ``spelling``).  In names and
    addresses, where most words are in no word list, only the forms' words are sought.  A
    guess, flagged: words of five letters or more, in the case they were read in."""
    texts = [(path, v) for path, v, kind in typed_values(record) if kind in (TEXT, LONG) and v.value]
    seen = Counter(w.lower() for _, v in texts for w in SPELLED_WORD.findall(v.value))
    elsewhere = frozenset(seen)
    vocabulary = form_vocabulary()
    for path, v in texts:
        if v.confidence >= CONFIDENT:  # OCR had no doubt of its words, or a text layer's
            continue
        in_name = path.rsplit(".", 1)[-1] in NAME_FIELDS

        def respelled(m: regex.Match) -> str:
            word = m[0].lower()
            if word in vocabulary or seen[word] > 1:
                return m[0]
            like = _english_for(m[0], in_name, elsewhere)
            return _in_case_of(m[0], like) if like else m[0]

        text = SPELLED_WORD.sub(respelled, v.value)
        if text != v.value:
            v.correct("english-word", text, min(v.confidence, 0.75))


# words joined by hyphens the filings use, which no English word list has whole: a misread
# part is often no word ('one-torone', 'Atomey-in-fact') or a word out of place ('long-tern')
FILING_COMPOUNDS = ("attorney-in-fact", "one-for-one", "non-qualified", "non-employee", "co-trustee",
                    "long-term", "short-term", "year-end")
_COMPOUND = regex.compile(r"(?<![\p{L}\-+~])\p{L}+(?:[-+~]\p{L}+)+(?![\p{L}\-+~])")


def _compound_in_case_of(read: str, meant: str) -> str:
    """``meant`` in the case of ``read``, part by part when both have as many parts."""
    parts, read_parts = meant.split("-"), regex.split(r"[-+~]", read)
    if len(parts) != len(read_parts):
        read_parts = [read] * len(parts)
    return "-".join(p.upper() if r.isupper() and len(r) > 1 else p.capitalize() if r[:1].isupper() else p
                    for p, r in zip(parts, read_parts))


def rule_filing_compounds(record: Record) -> None:
    """A word joined by hyphens in a text OCR read (its confidence under 1) that is within a
    few misread glyphs of one the filings use (``FILING_COMPOUNDS``), as ``misread_english``
    counts them, and of no other, is that one: 'Attorey-in-Fact', 'Attorney-in+fact',
    'one-torone'.  A guess, flagged."""
    for _, v, kind in typed_values(record):
        if kind not in (TEXT, LONG) or not v.value or v.confidence >= 1.0:
            continue

        def respelled(m: regex.Match) -> str:
            read = m[0].lower()
            if read in FILING_COMPOUNDS:
                return m[0]
            budget = spelling.LIKE_COST * (1 if len(read) < 6 else 2 if len(read) < 8 else 3)
            near = [c for c in FILING_COMPOUNDS if spelling.misread_cost(read, c) <= budget]
            return _compound_in_case_of(m[0], near[0]) if len(near) == 1 else m[0]

        text = _COMPOUND.sub(respelled, v.value)
        if text != v.value:
            v.correct("filing-compound", text, min(v.confidence, 0.75))


# one misread letter allowed per this many letters of a city's name, at least one
CITY_LETTERS_PER_MISREAD = 5


def _near(read: str, names, budget: int) -> list[str]:
    """The names ``read`` is within ``budget`` misread, lost or extra characters of."""
    return [n for n in names if n != read and regex.fullmatch(f"(?:{regex.escape(n)}){{e<={budget}}}", read)]


def _zip_parts(text: str) -> tuple[str, str] | None:
    """The five digits and the '-dddd' after them of a ZIP code as read, specks left out; a
    five-digit one read with a digit more or less is kept whole to be matched."""
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) == 9:
        return digits[:5], "-" + digits[5:]
    return (digits, "") if 4 <= len(digits) <= 6 else None


_STATE_AND_ZIP = regex.compile(rf"\s*(\p{{L}}{{1,3}})[.,]?\s+({ZIP_CODE.pattern})\s*")


def _state_read_into_zip(owner: Owner) -> None:
    """'IX 75082', 'ILL 60611' read as the ZIP code and no state: a state misread beyond a state
    code's shape went with the ZIP code.  When it is a misread from the ZIP code's state, the two
    are parted (guesses, flagged)."""
    state, zip_code = owner.fields.get("state"), owner.fields.get("zip")
    m = _STATE_AND_ZIP.fullmatch(zip_code.value) if zip_code is not None and zip_code.value else None
    if m is None or zip_code.confidence >= 1.0 or state is not None and state.value:
        return
    place = place_of(m[2])
    if place is None or not (m[1].upper() == place.state or _near(m[1].upper(), [place.state], 1)):
        return
    state = owner.fields["state"] = Value(None, page=zip_code.page, bbox=zip_code.bbox, source=zip_code.source,
                                          confidence=zip_code.confidence)
    state.correct("state-of-zip", place.state, min(zip_code.confidence, 0.7))
    zip_code.correct("zip-of-city", m[2], min(zip_code.confidence, 0.7))


ADDRESS_SURE = 0.9  # an OCR'd city, state and ZIP code all read at least this surely, well shaped, are left as read


def _address_in_doubt(owner: Owner) -> bool:
    """An OCR'd address worth checking: a part of it read unsure, a ZIP code or state out of
    shape, or no state beside a ZIP code.  The table is loaded only for these (it costs a
    process 0.6 s and 40 MB), so a clean scan's sure addresses never load it."""
    city, state, zip_code = (owner.fields.get(k) for k in ("city", "state", "zip"))
    if zip_code is None or not zip_code.value or zip_code.confidence >= 1.0:
        return False
    return (any(v is not None and v.value and v.confidence < ADDRESS_SURE for v in (city, state, zip_code))
            or not ZIP_CODE.fullmatch(zip_code.value)
            or state is None or not state.value or not regex.fullmatch(r"[A-Z]{2}", state.value))


def rule_address_by_zip(record: Record) -> None:
    """An OCR'd US address checked against itself: city, state and ZIP code name one place.

    When the city and state read name a place whose ZIP codes lack the one read, a ZIP code one
    misread, lost or extra digit from one of its own is that one ('22302' in MCLEAN VA is 22102;
    '021239', '$L.60602').  Else, when the ZIP code read is a real one and the state or the city
    read is its place's, a city a misread or two from its place's is that one ('SAN PRANCISCO,'
    for 94104), and so is a state beside the right city.  Guesses, flagged; a text layer's
    address is as filed, and a place the table does not know is left as read."""
    for owner in record.owners:
        if not _address_in_doubt(owner):
            continue
        _state_read_into_zip(owner)
        city, state, zip_code = (owner.fields.get(k) for k in ("city", "state", "zip"))
        read_city = " ".join(regex.sub(r"[^\p{L}\s'.-]", " ", city.value).split()).upper() \
            if city is not None and city.value else ""
        read_state = state.value.strip(" .,").upper() if state is not None and state.value else ""
        parts = _zip_parts(zip_code.value)
        own = zips_of(read_city, read_state)
        if own and parts:
            first, tail = parts
            near = [first] if first in own else _near(first, own, 1)
            if len(near) == 1 and near[0] + tail != zip_code.value:
                zip_code.correct("zip-of-city", near[0] + tail, min(zip_code.confidence, 0.7))
            if near:
                continue
        place = place_of(zip_code.value)
        keys = {city_key(c): c for c in place.cities} if place else {}
        in_place = city_key(read_city) in keys
        if place is None or not (read_state == place.state or in_place):
            continue
        if city is not None and read_city and not in_place and city.confidence < 1.0:
            near = _near(city_key(read_city), keys, max(1, len(read_city) // CITY_LETTERS_PER_MISREAD))
            if len(near) == 1:
                name = keys[near[0]]
                # in the case it was typed in: capitals, some misread small ('MARYLAND HEKsHTS')
                capitals = sum(c.isupper() for c in city.value) > sum(c.islower() for c in city.value)
                city.correct("city-of-zip", name if capitals else name.title(),
                             min(city.confidence, 0.75))
        if (state is not None and len(read_state) == 2 and read_state != place.state
                and state.confidence < 1.0 and in_place):
            state.correct("state-of-zip", place.state, min(state.confidence, 0.75))


def rule_name_wrapped_into_street(record: Record) -> None:
    """An OCR'd owner name whose bracket is left open, its first street line closing it ('DEERFIELD
    MANAGEMENT COMPANY, L.P. (SERVES' / 'C)' / '780 THIRD AVENUE'): the name's end, wrapped onto
    the line below and taken for the street; the street lines move up.  A guess, flagged."""
    for owner in record.owners:
        name, street1, street2 = (owner.fields.get(k) for k in ("rptOwnerName", "street1", "street2"))
        if (name is None or street1 is None or not name.value or not street1.value or name.confidence >= 1.0
                or name.value.count("(") <= name.value.count(")") or ")" not in street1.value.split()[0]):
            continue
        name.correct("wrapped-name", f"{name.value} {street1.value}", min(name.confidence, 0.75))
        rest = street2.value if street2 is not None else None
        street1.correct("wrapped-name", rest, min(street1.confidence, 0.75))
        if street2 is not None:
            street2.correct("wrapped-name", None, min(street2.confidence, 0.75))


# a signed name with an initial run into the word before it in small ('/s/Lornaj. Gunderman'):
# 'Lornaj' may be a name, so flagged, not split
_SMALL_INITIAL_RUN_IN = regex.compile(r"(?<![\p{L}])\p{Lu}\p{Ll}{2,}\p{Ll}(?=\.\s+\p{Lu}\p{Ll})")


def check_initial_run_into_signature(record: Record) -> None:
    for sig in record.signatures:
        v = sig.name
        if v.value and v.confidence < 1.0 and any(not spelling.is_english(w) and w.lower() not in form_vocabulary()
                                                  for w in _SMALL_INITIAL_RUN_IN.findall(v.value)):
            v.flag("a word ending in a small letter before a stop: an initial run into the name?", 0.75)


def check_owner_names(record: Record) -> None:
    """An owner name that reads like an address line: a street or city line taken for a name;
    and an owner without a name (its name and address were not found): an empty name, flagged."""
    for i, owner in enumerate(record.owners):
        name = owner.fields.get("rptOwnerName")
        if name is None or not name.value:
            name = owner.fields.setdefault("rptOwnerName", Value(None))
            name.flag(f"owner {i + 1}'s name was not found", 0.0)
            continue
        if name and name.value and _ADDRESS.search(name.value):
            name.flag("the owner name reads like an address line", 0.5)
            if i:  # likely the address of the owner before, read as an owner of its own
                for v in owner.fields.values():
                    if v is not name and not v.empty:
                        v.flag(f"owner {i + 1}'s name reads like an address line: the entry may not be an owner", 0.5)


def check_ownership_nature(row: Row) -> None:
    """Nature of ownership is given for indirect holdings (I), not for direct ones (D).  Every
    row has an ownership form: one not read (a lone 'I' OCR passed by) beside a nature of
    indirect ownership is I, as a guess."""
    di, nature = row.fields.get("directOrIndirectOwnership"), row.fields.get("natureOfOwnership")
    if (di is None or not di.value) and nature and nature.value:
        if di is None:
            di = row.fields["directOrIndirectOwnership"] = Value(None, page=row.page, source="(not read)")
        di.correct("implied-by-nature", "I", 0.5)
        di.flag("ownership form not read; a nature of indirect ownership is given", 0.5)
    if di and di.value == "D" and nature and nature.value:
        for v in (di, nature):
            v.flag("a nature of indirect ownership beside D (direct)", 0.6)


# a word of small letters this long that no list has may be two words OCR read as one
RUN_TOGETHER_LETTERS = 6
_SMALL_WORD = regex.compile(rf"(?<![\p{{L}}\-])\p{{Ll}}{{{RUN_TOGETHER_LETTERS},}}(?![\p{{L}}\-])")


def check_run_together_words(record: Record) -> None:
    """A word of an OCR'd text that no list has, that the filing has nowhere else, and that is
    two common words run together ('Restricted Stock whichvests in five installments', read
    at 0.96: a space tesseract did not see) is flagged, not split: a term the list lacks can
    split so too ('dispositive', 'counterparty')."""
    texts = text_values(record)
    seen = Counter(w for v in texts for w in _SMALL_WORD.findall(v.value))
    vocabulary = form_vocabulary()
    for v in texts:
        if v.confidence >= 1.0:
            continue
        for word in _SMALL_WORD.findall(v.value):
            if seen[word] > 1 or word in vocabulary or spelling.is_english(word):
                continue
            parts = spelling.two_words(word, shortest=3)  # one way only ('whichvests': 'which', 'vests')
            if len(parts) == 1:
                v.flag(f"{word!r} may be {' '.join(parts[0])!r} run together", 0.6)
                break


_SENTENCE_ENDS = ".;:!?)\"'”"


def check_footnote_boundaries(record: Record) -> None:
    """A footnote that stops mid-sentence, or one that starts in the middle of one, was
    probably cut at the wrong place (its text runs on into its neighbour)."""
    notes = record.footnotes
    for k, f in enumerate(notes):
        text = (f.text.value or "").strip()
        if not text:
            continue
        if text[0].islower():
            f.text.flag("the footnote starts in the middle of a sentence", 0.6)
        if text[-1] not in _SENTENCE_ENDS and not text[-1].isdigit():
            f.text.flag("the footnote stops in the middle of a sentence", 0.6)
            if k + 1 < len(notes) and notes[k + 1].text.value:
                notes[k + 1].text.flag(f"the footnote before ({f.id}) stops in the middle of a sentence", 0.6)


def _guessed(rules) -> str:
    return f"corrected by guess ({', '.join(rules)}); check"


def flag_guesses(record: Record) -> None:
    """A value a rule corrected by guess (below CONFIDENT) and nothing flagged says so: an
    unsure value is flagged, whichever rule made it unsure."""
    for _, v in record.values():
        guesses = list(dict.fromkeys(c.rule for c in v.corrections if c.confidence < CONFIDENT))
        if guesses and not v.flags:
            v.flag(_guessed(guesses), v.confidence)


def _referred(values) -> set[str]:
    """The footnotes ``values`` refer to."""
    return {fid for v in values for fid in v.footnotes}


def _unread_marks(values) -> list[Value]:
    return [v for v in values if not v.footnotes and any(c.rule == "unread-footnote-mark" for c in v.corrections)]


def rule_unread_marks(record: Record) -> None:
    """A footnote mark that was seen but not read ('05/05/2017)', 'AQ'): the footnote the rows
    above and below it in its table column refer to, when they refer to the same; else, when the
    record has one footnote, that one; or when it has one such mark and one footnote nothing
    refers to, that footnote; else, beyond a column's first or last mark read, when every mark
    read in the column is that one.  Guesses, flagged."""
    columns: dict[tuple[bool, str], list[Value]] = {}
    for row in record.rows:
        for name, v in row.fields.items():
            if v.value or v.footnotes or _unread_marks([v]):
                columns.setdefault((row.kind.startswith("nd"), name), []).append(v)
    at_ends: list[tuple[Value, tuple]] = []
    for column in columns.values():
        unread = _unread_marks(column)
        read = [None if any(v is u for u in unread) else tuple(v.footnotes) for v in column]
        for i, v in enumerate(column):
            if read[i] is not None:
                continue
            above = next((m for m in reversed(read[:i]) if m is not None), None)
            below = next((m for m in read[i + 1:] if m is not None), None)
            if above and above == below:  # between two rows with the same marks: a run of them
                v.footnotes = list(above)
                v.flag(f"footnote mark not read: taken for {', '.join(v.footnotes)}, "
                       f"as the rows' above and below it in the column", 0.5)
            elif (above is None and below or below is None and above) and len(marked := {m for m in read if m}) == 1:
                at_ends.append((v, marked.pop()))  # a weaker sign: after the record's own
    values = [v for _, v in record.values()]
    unread = _unread_marks(values)
    if len(record.footnotes) == 1:
        for v in unread:
            v.footnotes = [record.footnotes[0].id]
            v.flag(f"footnote mark not read: taken for {v.footnotes[0]}, the record's one footnote", 0.5)
        return
    referred = _referred(values)
    loose = [f.id for f in record.footnotes if f.id not in referred]
    if len(unread) == 1 and len(loose) == 1:
        unread[0].footnotes = loose
        unread[0].flag(f"footnote mark not read: taken for {loose[0]}, the one footnote nothing else refers to", 0.5)
        return
    # at a column's end, next to a mark read, all marks read the same: one more of their run
    # (a seed-83 fax's gifts, each 'G(1)', three read 'GQ', 'co)', 'G Q)')
    for v, marks in at_ends:
        v.footnotes = list(marks)
        v.flag(f"footnote mark not read: taken for {', '.join(v.footnotes)}, the one mark read in its column", 0.5)


def check_footnotes(record: Record) -> None:
    """Every footnote is referred to and every reference has its footnote, and notes are numbered
    from 1 (so are all 420 notes of the truth filings).  On an OCR'd record with one note nothing
    refers to and one reference without a note, one of the two marks was misread: the reference,
    when the notes run 1, 2, ... as read, else the note's own mark ('(4)' for a lone note's '1.').
    Guesses, flagged; other references without a note are flagged."""
    referred = _referred(v for _, v in record.values())
    known = {f.id for f in record.footnotes}
    unreferred = [f for f in record.footnotes if f.id not in referred]
    missing = referred - known
    if len(unreferred) == 1 and len(missing) == 1 and unreferred[0].text.confidence < 1.0:
        note, fid = unreferred[0], missing.pop()
        if known == {f"F{n}" for n in range(1, len(known) + 1)}:
            for _, v in record.values():
                if fid in v.footnotes:
                    v.footnotes = [note.id if f == fid else f for f in v.footnotes]
                    v.flag(f"footnote mark read as {fid}, which has no note; taken for {note.id}, the one note "
                           "nothing refers to", 0.6)
        else:
            note.text.flag(f"footnote {note.id} as read is referred to by no value; taken for {fid}, the one "
                           "reference without a note", 0.6)
            note.id = fid
        known = {f.id for f in record.footnotes}
    lone = record.footnotes[0].text if len(record.footnotes) == 1 else None
    if lone is not None and lone.confidence < 1.0 and lone.value and lone.value.rstrip()[-1] in _SENTENCE_ENDS:
        # notes are numbered from 1: a record's one note is note 1, and a reference to another a
        # misread of its mark ('(4)' for '(1)'); unless the note stops mid-sentence, where the notes
        # after it may be lost with the rest of it (a typed paper fax's page cut short)
        note = record.footnotes[0].id
        for _, v in record.values():
            if any(fid not in known for fid in v.footnotes):
                wrong = [fid for fid in v.footnotes if fid not in known]
                v.footnotes = list(dict.fromkeys(note if fid in wrong else fid for fid in v.footnotes))
                v.flag(f"footnote mark read as {', '.join(wrong)}, which has no note; taken for {note}, the "
                       "record's one note", 0.6)
    for _, v in record.values():
        for fid in v.footnotes:
            if fid not in known:
                v.flag(f"footnote {fid} is referenced but not among the footnotes", 0.5)


# ------------------------------------------------------------------ the stage

def typed_values(record: Record):
    """(path, value, type) of every value in the record."""
    for path, v in record.values():
        name = path.rsplit(".", 1)[-1]
        yield path, v, LONG if path.startswith("footnote[") else field_type(name)


def text_values(record: Record) -> list[Value]:
    """The record's texts that have a value: names, titles, addresses, footnotes, remarks."""
    return [v for _, v, kind in typed_values(record) if kind in (TEXT, LONG) and v.value]


def _correct_ocr_texts(texts: list[Value], pattern: regex.Pattern, repl, rule: str) -> None:
    """Each OCR'd text (confidence under 1) with ``pattern`` replaced by ``repl``, where that
    changes it: a guess, flagged.  Values without a text are passed by."""
    for v in texts:
        if v.value and v.confidence < 1.0:
            text = pattern.sub(repl, v.value)
            if text != v.value:
                v.correct(rule, text, min(v.confidence, 0.75))


def reconcile(record: Record) -> Record:
    ctx = Context.of(record)
    for path, v, kind in typed_values(record):
        rule_artifacts(v)
        if kind != LONG and not path.endswith(".name"):  # a signature name may print "(1)" as text
            take_footnotes(v, ctx, kind)
        if path.startswith("sig[") and path.endswith(".name"):
            rule_conformed_signature(v)
        if path.endswith(".zip"):
            rule_speck_in_zip(v)
        if path.endswith(".natureOfOwnership"):
            rule_see_footnote_mark(v)
        if path.endswith(".state"):
            rule_speck_by_state(v)
        if path.endswith((".street1", ".street2")):
            rule_address_line(v)
        if path.endswith((".street1", ".street2", ".city")):
            rule_address_capitals(v)
        if kind in (TEXT, LONG):
            rule_stray_tokens(v, comma_may_end=path.endswith(".street1"))
        if path.endswith(".officerTitle"):
            rule_title_stops(v)
        if path.startswith("sig[") and path.endswith(".name"):
            rule_signature_marks(v)  # after a quote's speck is gone ('Pflederer ’s'), before 'By.' loses its stop
        if kind in (TEXT, LONG):
            rule_company_inc(v)
            rule_abbreviation_stops(v)
        if kind == TEXT:
            rule_stop_after_word(v)
            rule_capitals(v)
            rule_letters_read_as_digits(v)
        if kind in (TEXT, LONG):  # footnotes and remarks too: 'beneficiallY owned'
            rule_small_word_capital_end(v)
            rule_bracket_for_letter(v)
            rule_function_words(v)
            rule_speck_marks(v, kind)
    rule_issuer_ticker(record)
    rule_title_continuation(record)
    rule_names(record)
    rule_roman_iv(record)
    rule_roman_numerals(record)
    for _, v, kind in typed_values(record):
        if kind in (TEXT, LONG):  # a title's lines joined: '(Righ' + 'tto Buy)'
            rule_space_moved(v)
    rule_filing_compounds(record)
    rule_spelled_elsewhere(record)
    rule_capital_i_elsewhere(record)
    rule_title_words(record)
    rule_english_words(record)
    for _, v, kind in typed_values(record):
        if kind in (TEXT, LONG):
            rule_phrase_marks(v)
    rule_address_by_zip(record)
    for row in record.rows:
        rule_split_merged(row)
        rule_misplaced(row)
    for _, v, kind in typed_values(record):
        normalize(v, kind)
    for row in record.rows:
        check_row(row)
        check_ownership_nature(row)
    check_holdings_chain(record)
    rule_name_wrapped_into_street(record)
    check_initial_run_into_signature(record)
    check_owner_names(record)
    check_footnote_boundaries(record)
    check_run_together_words(record)
    rule_unread_marks(record)
    check_footnotes(record)
    flag_guesses(record)
    return record
