"""Property: OCR noise on true values never comes out of the reconciler changed, wrong and confident.

True values are the table values of the samples' expected records.  Each is
printed the way the forms print it ("$1,234.50", "09/17/2003", "50,000(1)"),
then corrupted with the noise OCR and copy-paste really produce: letters for
digits, footnote marks in odd shapes, escapes and entities, unicode dashes,
a number split over two cells, "$" apart, amount and A/D merged, a decimal
point read as a comma, other date spellings, a stray table rule.  The
reconciler's output is either the true value (restored), or not confident
(flagged, below CONFIDENT); never a different value given as sure.

    python tests/test_ocr_noise.py [N]     # prints the shares for N corrupted values
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fieldcompare import flatten, norm_date, norm_number  # noqa: E402

from extract.model import Footnote, Record, Row, Value  # noqa: E402
from extract.reconcile import CONFIDENT, reconcile  # noqa: E402
from extract.schema import AD, CODE, DATE, DI, NUMBER, PRICE, ROW_KINDS, TEXT, field_type  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@dataclass(frozen=True)
class TrueValue:
    kind: str        # row kind
    name: str        # field
    value: str       # normalized truth ("" when the value is only footnotes)
    footnotes: tuple[str, ...]

    @property
    def type(self) -> str:
        return field_type(self.name)


def true_values() -> list[TrueValue]:
    out = set()
    for xml in sorted(SAMPLES.rglob("*.expected.xml")):
        flat = flatten(xml.read_bytes())
        for path, value in flat.items():
            if "[" not in path or path.startswith(("owner", "footnote", "sig")) or "@fn" in path:
                continue
            row, name = path.split(".", 1)
            kind = row.split("[")[0]
            if kind not in ROW_KINDS or name not in ROW_KINDS[kind][2] or name == "equitySwapInvolved":
                continue
            fns = tuple(f for f in flat.get(f"{path}@fn", "").split(",") if f)
            out.add(TrueValue(kind, name, value, fns))
    return sorted(out, key=lambda t: (t.kind, t.name, t.value, t.footnotes))


TRUE = true_values()

# ------------------------------------------------------------------ printing and noise


def printed(t: TrueValue) -> str:
    """The value as the forms print it."""
    v = t.value
    if v and t.type in (NUMBER, PRICE):
        d = Decimal(v)
        places = max(0, -d.as_tuple().exponent)
        v = f"{d:,.{places}f}"
        if t.type == PRICE:
            v = "$" + v
    elif v and t.type == DATE:
        y, m, d = v.split("-")
        v = f"{m}/{d}/{y}"
    marks = "".join(f"({f[1:]})" for f in t.footnotes)
    return f"{v}{marks}"


TO_LETTER = {"0": "Oo", "1": "lI", "2": "Z", "5": "S", "8": "B"}
MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def ocr_digits(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    if t.type not in (NUMBER, PRICE, DATE):
        return None
    body = s.split("(")[0]
    spots = [i for i, c in enumerate(body) if c in TO_LETTER]
    if not spots:
        return None
    for i in rnd.sample(spots, min(len(spots), rnd.randint(1, 2))):
        s = s[:i] + rnd.choice(TO_LETTER[s[i]]) + s[i + 1:]
    return s


def mark_shape(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    if not t.footnotes:
        return None
    f = rnd.choice(t.footnotes)[1:]
    shapes = [f"[{f}]", f" {f}/", "¹²³⁴⁵⁶⁷⁸⁹"[int(f) - 1] if 1 <= int(f) <= 9 else f"[{f}]"]
    if f == "1":
        shapes += ["(I)", "(l)", "(i)"]
    return s.replace(f"({f})", rnd.choice(shapes), 1)


def escapes(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    if "$" in s:
        return s.replace("$", rnd.choice(["\\$", "&#36;", "&dollar;"]), 1)
    if "&" in s:
        return s.replace("&", "&amp;")
    if "fi" in s or "fl" in s:
        return s.replace("fi", "\ufb01").replace("fl", "\ufb02")
    return None


def dashes(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    if t.type == DATE and t.value:
        return s.replace("/", rnd.choice(["\u2013", "\u2014", "-"]), 2)
    if "-" in s:
        return s.replace("-", rnd.choice(["\u2013", "\u2212", "\u2010"]))
    return None


def split_number(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    if t.type not in (NUMBER, PRICE):
        return None
    body, rest = (s.split("(", 1) + [""])[:2]
    digits = [i for i in range(1, len(body)) if body[i].isdigit() and body[i - 1].isdigit()]
    if not digits:
        return None
    i = rnd.choice(digits)
    return body[:i] + " " + body[i:] + (f"({rest}" if rest else "")


def dollar_apart(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    """ "$" | "1.722": the sign in a cell of its own (an amount's cell split, not free text)."""
    return s.replace("$", "$ ", 1) if "$" in s and t.type in (NUMBER, PRICE) else None


def decimal_comma(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    """A decimal point read as a comma, or thousands commas read as periods."""
    if t.type not in (NUMBER, PRICE) or not t.value:
        return None
    if "." in s and "," not in s:
        return s.replace(".", ",", 1)
    if "," in s and "." not in s:
        return s.replace(",", ".")
    return None


def date_spelling(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    if t.type != DATE or not t.value:
        return None
    y, m, d = (int(x) for x in t.value.split("-"))
    marks = "".join(f"({f[1:]})" for f in t.footnotes)
    return rnd.choice([f"{MONTHS[m - 1]} {d}, {y}", f"{d}-{MONTHS[m - 1][:3]}-{y}",
                       f"{m}/{d}/{y % 100:02d}"]) + marks


def code_confusion(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    table = {CODE: {"S": "5$", "O": "0"}, AD: {"A": "4", "D": "0O"}, DI: {"I": "l1|", "D": "0O"}}
    swaps = table.get(t.type, {}).get(t.value)
    return rnd.choice(swaps) + s[len(t.value):] if swaps else None


def stray_rule(s: str, t: TrueValue, rnd: random.Random) -> str | None:
    return rnd.choice([f"| {s}", f"{s} |", f"|{s}|"]) if s else None


NOISE = [ocr_digits, mark_shape, escapes, dashes, split_number, dollar_apart, decimal_comma,
         date_spelling, code_confusion, stray_rule]


def corrupt(t: TrueValue, ops, rnd: random.Random) -> str | None:
    s = printed(t)
    applied = False
    for op in ops:
        out = op(s, t, rnd)
        if out is not None and out != s:
            s, applied = out, True
    return s if applied else None


# ------------------------------------------------------------------ outcome

def outcome(t: TrueValue, text: str, merged: bool = False) -> str:
    """restored | flagged | confident-wrong, for the reconciled value of a corrupted text."""
    record = Record(source="noise", layout="noise", pages=1)
    record.footnotes = [Footnote(f"F{i}", Value(f"note {i}", source=f"({i}) note")) for i in range(1, 10)]
    fields = {t.name: Value(text, source=text)}
    if merged:  # amount and A/D in one cell: "50,000 A"
        fields = {"transactionShares": Value(text, source=text)}
    record.rows = [Row(t.kind, fields)]
    reconcile(record)
    got = record.rows[0].fields.get("transactionAcquiredDisposedCode" if merged else t.name) or Value()
    norm = norm_number if t.type in (NUMBER, PRICE) else norm_date if t.type == DATE else (
        lambda x: " ".join((x or "").split()))
    if norm(got.value) == norm(t.value) and tuple(got.footnotes) == t.footnotes:
        return "restored"
    if got.confidence < CONFIDENT or got.flags:
        return "flagged"
    return "confident-wrong"


def merged_case(t: TrueValue) -> str | None:
    """The A/D code pushed into the amount's cell, as a lost cell gap leaves it."""
    if t.name != "transactionAcquiredDisposedCode" or t.kind != "ndTx":
        return None
    return f"{Decimal(10000):,} {t.value}"


# ------------------------------------------------------------------ tests

@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TRUE), st.lists(st.sampled_from(NOISE), min_size=1, max_size=3), st.randoms())
def test_noise_never_gives_a_confident_wrong_value(t, ops, rnd):
    text = corrupt(t, ops, rnd)
    if text is None:
        return
    assert outcome(t, text) != "confident-wrong", f"{printed(t)!r} -> {text!r} ({t.kind}.{t.name})"


def test_merged_amount_and_code_restored():
    cases = [t for t in TRUE if merged_case(t)]
    assert cases
    assert all(outcome(t, merged_case(t), merged=True) == "restored" for t in cases)


def sweep(n: int, seed: int = 0) -> dict[str, int]:
    rnd = random.Random(seed)
    counts = {"restored": 0, "flagged": 0, "confident-wrong": 0}
    done = 0
    while done < n:
        t = rnd.choice(TRUE)
        text = corrupt(t, rnd.sample(NOISE, rnd.randint(1, 3)), rnd)
        if text is None:
            continue
        counts[outcome(t, text)] += 1
        done += 1
    return counts


def report(counts: dict[str, int]) -> str:
    n = sum(counts.values())
    return (f"{n} corrupted values from {len(TRUE)} true sample values: "
            + ", ".join(f"{k} {v} ({v / n:.1%})" for k, v in counts.items()))


def test_noise_sweep_shares():
    counts = sweep(2000)
    print("\n" + report(counts))
    assert counts["confident-wrong"] == 0
    assert counts["restored"] / sum(counts.values()) >= 0.8


if __name__ == "__main__":
    print(report(sweep(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)))
