"""Property: OCR noise on true values never comes out of the reconciler changed, wrong and confident.

True values are the table values of the samples' expected records.  Each is
printed the way the forms print it ("$1,234.50", "09/17/2003", "50,000(1)"),
then corrupted with the noise OCR and copy-paste really produce: letters for
digits, footnote marks in odd shapes, escapes and entities, unicode dashes,
a number split over two cells, "$" apart, amount and A/D merged, a decimal
point read as a comma, other date spellings, a stray table rule.  The
reconciler's output is either the true value (restored), or not confident
(flagged, below CONFIDENT); never a different value given as sure.

    python tests/test_ocr_noise.py [N]     # shares for N corrupted values and N/10 noisy rows

The row test does the same for whole table rows read through the text path: a
sample's row printed in the layout's column order, with tabs (positions kept)
or runs of spaces (empty cells gone), cell noise, and a cell split or merged.
"""
from __future__ import annotations

import random
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fieldcompare import flatten, norm_date, norm_number  # noqa: E402

from extract.model import Footnote, Record, Row, Value  # noqa: E402
from extract.reconcile import CONFIDENT, reconcile  # noqa: E402
from extract.schema import AD, CODE, DATE, DI, NUMBER, PRICE, ROW_KINDS, field_type  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
NUMBER_CELL = regex.compile(r"\$?[\d,]+(\.\d+)?")


@dataclass(frozen=True)
class TrueValue:
    kind: str        # row kind
    name: str        # field
    value: str       # normalized truth ("" when the value is only footnotes)
    footnotes: tuple[str, ...]

    @property
    def type(self) -> str:
        return field_type(self.name)


def sample_truths() -> list[Path]:
    """Each filing's expected record once (a scan made from a sample shares its source's)."""
    seen: set[str] = set()
    out = []
    for xml in sorted(SAMPLES.rglob("*.expected.xml")):
        if xml.name not in seen:
            seen.add(xml.name)
            out.append(xml)
    return out


def true_values() -> list[TrueValue]:
    out = set()
    for xml in sample_truths():
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
    return s.replace(t.value, rnd.choice(swaps), 1) if swaps and t.value in s else None


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
    n = sum(counts.values()) or 1
    return (f"{n} corrupted values from {len(TRUE)} true sample values: "
            + ", ".join(f"{k} {v} ({v / n:.1%})" for k, v in counts.items()))


def test_noise_sweep_shares():
    counts = sweep(2000)
    print("\n" + report(counts))
    assert counts["confident-wrong"] == 0
    assert counts["restored"] / sum(counts.values()) >= 0.8




# ------------------------------------------------------------------ whole rows through the text path

from extract.textfill import Filler, load_text_layouts  # noqa: E402
from extract.textin import TextDoc, split_line  # noqa: E402

SEED_LINES = (SAMPLES / "text" / "form4-8x8-2003.txt").read_text().splitlines()
TABLE_LINES = {"ndTx": SEED_LINES[16:20], "dTx": SEED_LINES[21:25]}  # title, blank, header, sub-header
TEXT_FORM4 = next(lay for lay in load_text_layouts() if lay.name == "text-form4")


def true_rows() -> list[tuple[str, dict[str, TrueValue]]]:
    rows = []
    for xml in sample_truths():
        flat = flatten(xml.read_bytes())
        found: dict[str, dict[str, TrueValue]] = {}
        for path, value in flat.items():
            head, _, name = path.partition(".")
            kind = head.split("[")[0]
            if kind not in ROW_KINDS or "@fn" in name or name not in ROW_KINDS[kind][2]:
                continue
            fns = tuple(f for f in flat.get(f"{path}@fn", "").split(",") if f)
            found.setdefault(head, {})[name] = TrueValue(kind, name, value, fns)
        for path, value in flat.items():  # values given only by footnotes
            if path.endswith("@fn"):
                head, _, name = path[:-3].partition(".")
                if head.split("[")[0] in ROW_KINDS and name not in found.get(head, {}) \
                        and name in ROW_KINDS[head.split("[")[0]][2]:
                    found.setdefault(head, {})[name] = TrueValue(head.split("[")[0], name, "",
                                                                 tuple(value.split(",")))
        rows.extend((head.split("[")[0], fields) for head, fields in sorted(found.items()))
    return rows


ROWS = true_rows()


def row_cells(kind: str, fields: dict[str, TrueValue]) -> list[str]:
    """The row as the form prints it, one cell per printed column of the text layout."""
    table = TEXT_FORM4.tables[0 if kind.startswith("nd") else 1]
    ad = fields.get("transactionAcquiredDisposedCode")
    cells = []
    for col in table.columns:
        name, _, code = col.field.partition("@")
        if name.startswith("mark:"):
            cells.append("")
        elif code:
            t = fields.get(name)
            cells.append(printed(t) if t and ad and ad.value == code else "")
        else:
            t = fields.get(name)
            cells.append(printed(t) if t and (t.value or t.footnotes) else "")
    return cells


def split_cells(cells: list[str], rnd: random.Random) -> list[str]:
    """Cell splits OCR and copy-paste make: "$" apart, a number over two cells, amount and A/D merged."""
    out = list(cells)
    k = rnd.randrange(len(out))
    c = out[k]
    choice = rnd.random()
    if c.startswith("$") and choice < 0.4:
        out[k:k + 1] = ["$", c[1:]]
    elif NUMBER_CELL.fullmatch(c) and len(c) > 2 and choice < 0.8:
        cut = rnd.randrange(1, len(c))
        out[k:k + 1] = [c[:cut], c[cut:]]
    elif k + 1 < len(out) and c and out[k + 1] in ("A", "D") and NUMBER_CELL.fullmatch(c):
        out[k:k + 2] = [f"{c} {out[k + 1]}", ""]
    return out




def row_outcomes(kind: str, fields: dict[str, TrueValue], cells: list[str], tabbed: bool) -> list[str]:
    line = "\t".join(cells) if tabbed else "   ".join(c for c in cells if c)
    lines = TABLE_LINES["ndTx" if kind.startswith("nd") else "dTx"] + [line, "Explanation of Responses:"]
    lines += [f"{i}. Note {i} of the filing." for i in range(1, 10)]
    doc = TextDoc("txt", [split_line(ln) for ln in lines])
    record = reconcile(Filler(doc, TEXT_FORM4, "noise").fill())
    got = record.rows[0].fields if record.rows else {}
    out = []
    for name in ROW_KINDS[kind][2]:
        t = fields.get(name)
        v = got.get(name)
        if name == "equitySwapInvolved" or (t is None and (v is None or v.empty)):
            continue
        norm = norm_number if field_type(name) in (NUMBER, PRICE) else norm_date \
            if field_type(name) == DATE else (lambda x: " ".join((x or "").split()))
        right = t is not None and v is not None and norm(v.value) == norm(t.value) \
            and tuple(v.footnotes) == t.footnotes
        if right:
            out.append("restored")
        elif v is None or v.empty:
            out.append("missing")
        elif v.confidence < CONFIDENT or v.flags:
            out.append("flagged")
        else:
            out.append(f"confident-wrong {name}: {v.value!r} {v.footnotes} (truth {t and t.value!r})")
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ROWS), st.booleans(), st.lists(st.sampled_from(NOISE), max_size=2),
       st.booleans(), st.randoms())
def test_noisy_rows_never_give_a_confident_wrong_value(row, tabbed, ops, split, rnd):
    kind, fields = row
    cells = row_cells(kind, fields)
    truth_by_cell = {printed(t): t for t in fields.values()}
    cells = [corrupt(truth_by_cell[c], ops, rnd) or c if c in truth_by_cell and ops else c for c in cells]
    if split:
        cells = split_cells(cells, rnd)
    bad = [o for o in row_outcomes(kind, fields, cells, tabbed) if o.startswith("confident-wrong")]
    assert not bad, f"{'tabs' if tabbed else 'spaces'}: {cells} -> {bad}"


def row_sweep(n: int, seed: int = 0) -> Counter:
    """n noisy rows (tabs or vanished cells, cell noise, a split or merge): outcome per value."""
    rnd = random.Random(seed)
    counts: Counter = Counter()
    for _ in range(n):
        kind, fields = rnd.choice(ROWS)
        cells = row_cells(kind, fields)
        by_cell = {printed(t): t for t in fields.values()}
        ops = rnd.sample(NOISE, rnd.randint(0, 2))
        cells = [corrupt(by_cell[c], ops, rnd) or c if c in by_cell and ops else c for c in cells]
        if rnd.random() < 0.5:
            cells = split_cells(cells, rnd)
        for o in row_outcomes(kind, fields, cells, rnd.random() < 0.5):
            counts[o.split(" ")[0]] += 1
    return counts


def test_noisy_row_sweep_shares():
    counts = row_sweep(150)
    print("\nrows: " + report(counts))
    assert counts["confident-wrong"] == 0


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    print("values: " + report(sweep(n)))
    print("rows:   " + report(row_sweep(max(1, n // 10))))
