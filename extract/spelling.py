"""English words for OCR'd text: which English word a misread word was printed as.

The word list is symspellpy's English frequency dictionary (82,765 words with their counts
in a large English corpus); symspellpy finds the words within two edits of a read word.
Among them the one OCR most likely misread is taken by a cost that counts the misreads
OCR makes in print ('rn' for 'm', 'c' for 'e', 'Q' for 'O') as half a plain edit.
Loaded once per process, when first needed: the word counts (0.1 s of CPU, 14 MB) at the
first word looked up, symspellpy's index of near spellings (0.9 s, 16 MB more) at the first
word not in the list.
"""
from __future__ import annotations

import functools
from importlib.resources import files

# letters OCR reads one for the other in small or rough print, both ways
_LIKE_LETTERS = ["iljt", "ft", "ceo", "oqg", "nuh", "hb", "yuv", "rt", "ao", "sa"]
_LIKE = {(a, b) for group in _LIKE_LETTERS for a in group for b in group if a != b}
# letters OCR runs into one glyph in small print, or splits one glyph into (both ways); the
# reconciler's 'spelled-as-elsewhere' takes these against the forms' own words
GLYPH_PAIRS = [("rn", "m"), ("cl", "d"), ("vv", "w"), ("li", "h"), ("ri", "n"), ("in", "m"), ("nn", "m")]
# and, against a whole English word list or the filing's own words, a few rarer ones too (a
# fax's blur runs a 't' and an 'n' into an 'm': 'parmer', 'gram' for 'partner', 'grant')
RUN_TOGETHER = GLYPH_PAIRS + [("ni", "m"), ("iii", "m"), ("tr", "w"), ("tn", "m"), ("nt", "m")]
_RUN_BOTH_WAYS = RUN_TOGETHER + [(b, a) for a, b in RUN_TOGETHER]  # as read -> meant
_RUN: dict[str, list[tuple[str, str]]] = {}  # by the last glyph read
for _pair in _RUN_BOTH_WAYS:
    _RUN.setdefault(_pair[0][-1], []).append(_pair)
LIKE_COST = 0.5  # a misread of one glyph for a like one, against 1 for any other edit
MAX_EDITS = 2


_WORD_LIST = "frequency_dictionary_en_82_765.txt"  # 'word count' lines


@functools.cache
def _counts() -> dict[str, int]:
    """Each listed word's count: a tenth of a second to read, where the lookup's index of
    near spellings takes about a second more, built only for a word not in the list."""
    text = (files("symspellpy") / _WORD_LIST).read_text(encoding="utf-8")
    return {word: int(count) for word, count in (line.split() for line in text.splitlines() if line)}


@functools.cache
def _speller():
    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=MAX_EDITS, prefix_length=4)
    for word, count in _counts().items():  # the list as read once, not parsed again
        speller.create_dictionary_entry(word, count)
    return speller


def misread_cost(read: str, meant: str) -> float:
    """The least cost of edits turning ``meant`` into ``read`` as OCR would misread it: a glyph
    for a like one or two glyphs run together (or split) cost ``LIKE_COST``, any other
    letter misread, lost or added costs 1."""
    n, m = len(read), len(meant)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            best = float("inf")
            if i:
                best = cost[i - 1][j] + 1
            if j:
                best = min(best, cost[i][j - 1] + 1)
            if i and j:
                a, b = read[i - 1], meant[j - 1]
                best = min(best, cost[i - 1][j - 1] + (0 if a == b else LIKE_COST if (a, b) in _LIKE else 1))
            for seen, printed in _RUN.get(read[i - 1], ()) if i else ():
                if i >= len(seen) and j >= len(printed) and read[i - len(seen):i] == seen \
                        and meant[j - len(printed):j] == printed:
                    best = min(best, cost[i - len(seen)][j - len(printed)] + LIKE_COST)
            cost[i][j] = best
    return cost[n][m]


# an English word as common as this or more in symspellpy's counts (about one in 10^6 words
# of its corpus): rarer words ('diapositive' for 'dispositive') are more often a term or a
# name the list lacks than what was printed
MIN_COUNT = 100_000
# endings of a word inflected from a listed one the list may lack ('capitalizations')
_INFLECTIONS = ("s", "es", "ed", "d", "ing", "ly", "er", "ers")


def is_english(word: str) -> bool:
    """``word`` is a listed English word, or one inflected from one."""
    words = _counts()
    word = word.lower()
    return word in words or any(word.endswith(e) and word[:-len(e)] in words for e in _INFLECTIONS)


def count(word: str) -> int:
    """``word``'s count in the word list (0 if not listed)."""
    return _counts().get(word.lower(), 0)


def is_common(word: str) -> bool:
    """``word`` is an English word at least as common as ``MIN_COUNT``."""
    return count(word) >= MIN_COUNT


def two_words(word: str, shortest: int = 2) -> list[tuple[str, str]]:
    """The ways ``word`` is two common words of ``shortest`` letters or more run together
    ('numberof', 'anformat', 'whichvests')."""
    counts = _counts()
    return [(word[:i], word[i:]) for i in range(shortest, len(word) - shortest + 1)
            if counts.get(word[:i], 0) >= MIN_COUNT and counts.get(word[i:], 0) >= MIN_COUNT]


# the short words prose is held together by; OCR reads one now and then as a rarer short word
# a glyph away ('tor', 'ot', 'tbe'), which a word list of long words does not catch
FUNCTION_WORDS = ("the", "of", "and", "to", "in", "for", "on", "by", "at", "as", "or", "is", "be", "an",
                  "its", "per", "it", "if", "no", "not", "are", "was", "has", "any", "all", "one", "two", "may")
# how much commoner the function word must be than the word read: 'tor' is listed ('for' 1,800
# times as common), 'aud' too ('and' 950 times)
FUNCTION_WORD_ODDS = 500
# of two function words a like glyph away, the one taken is this much commoner ('ot': 'of', not 'or')
COMMONER = 4


@functools.cache  # a filing's texts ask of the same few short words again and again
def misread_function_word(word: str) -> str | None:
    """The function word a short word read in small letters is a misread of: one glyph read for
    a like one ('tor', 'fer', 'ot', 'tbe' for 'for', 'for', 'of', 'the'), the word read far rarer
    (``FUNCTION_WORD_ODDS``), and of function words as near, the one far commoner than the rest."""
    if not (word.islower() and 2 <= len(word) <= 3) or word in FUNCTION_WORDS:
        return None
    near = sorted((f for f in FUNCTION_WORDS if len(f) == len(word) and misread_cost(word, f) <= LIKE_COST),
                  key=count, reverse=True)
    if not near or len(near) > 1 and count(near[0]) < COMMONER * count(near[1]):
        return None
    return near[0] if count(word) * FUNCTION_WORD_ODDS < count(near[0]) else None


def _spelling_variant(a: str, b: str) -> bool:
    """One is the other with a doubled letter single ('installment', 'instalment')."""
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and any(
        long_[i] == long_[i - 1] and long_[:i] + long_[i + 1:] == short for i in range(1, len(long_)))


def _glyphs_undone(read: str):
    """``read`` with one pair of glyphs OCR runs together (or splits) put back: a word misread
    so and in one more letter is three plain edits off ('parmersbip' for 'partnership'), beyond
    the near spellings looked up."""
    for seen, meant in _RUN_BOTH_WAYS:
        at = read.find(seen)
        while at >= 0:
            yield read[:at] + meant + read[at + len(seen):]
            at = read.find(seen, at + 1)


def misread_english(word: str, budget: float, among=None, prefer=frozenset()) -> str | None:
    """The common English word (or word of ``among``, if given) ``word`` is a misread of, in
    small letters: within ``budget`` of ``misread_cost``, and the only one at its least cost, or
    of those the only one in ``prefer`` (the words the filing has elsewhere: 'peporied' is
    'reported' more than 'deported' beside 'The price reported'); None when ``word`` is English
    itself, or no word or more than one is that near."""
    from symspellpy import Verbosity

    read = word.lower()
    if is_english(read):
        return None
    found = {s.term: s.count for variant in (read, *_glyphs_undone(read))
             for s in _speller().lookup(variant, Verbosity.ALL, max_edit_distance=MAX_EDITS)}
    costs = sorted((misread_cost(read, term), term) for term, n in found.items()
                   if (term in among if among is not None else n >= MIN_COUNT)
                   and not _spelling_variant(read, term))
    costs = [c for c in costs if c[0] <= budget]
    if len(costs) > 1 and costs[1][0] == costs[0][0]:
        costs = [c for c in costs if c[0] == costs[0][0] and c[1] in prefer]
        if len(costs) != 1:
            return None
    if not costs:
        return None
    if costs[0][0] > 1 and two_words(read):  # a space lost is one edit: nearer
        return None
    return costs[0][1]
