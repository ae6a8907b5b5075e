"""The record: what one filing says, with an audit trail for every value.

Field names follow the EDGAR ownershipDocument schema (see ``schema.py``), so
the XML writer is a walk over the catalogue and the JSON is self-describing.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in page points


@dataclass
class Correction:
    """One rule the reconciler applied to a value."""
    rule: str
    before: str
    after: str
    confidence: float = 1.0


@dataclass
class Value:
    """A normalized value with where it came from and how sure we are."""
    value: str | None = None
    footnotes: list[str] = field(default_factory=list)
    page: int | None = None
    bbox: BBox | None = None
    source: str = ""
    confidence: float = 1.0
    corrections: list[Correction] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.value and not self.footnotes

    def correct(self, rule: str, after: str | None, confidence: float = 1.0) -> None:
        """Replace the value, recording the rule; confidence only ever goes down."""
        self.corrections.append(Correction(rule, self.value or "", after or "", confidence))
        self.value = after
        self.confidence = min(self.confidence, confidence)

    def flag(self, reason: str, confidence: float) -> None:
        self.flags.append(reason)
        self.confidence = min(self.confidence, confidence)


@dataclass
class Owner:
    fields: dict[str, Value] = field(default_factory=dict)


@dataclass
class Row:
    """One row of Table I or II. ``kind`` is ndTx, ndHold, dTx or dHold."""
    kind: str
    fields: dict[str, Value] = field(default_factory=dict)
    page: int | None = None


@dataclass
class Footnote:
    id: str
    text: Value


@dataclass
class Signature:
    name: Value
    date: Value


@dataclass
class Record:
    source: str
    layout: str
    pages: int
    document: dict[str, Value] = field(default_factory=dict)
    owners: list[Owner] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def form_type(self) -> str | None:
        v = self.document.get("documentType")
        return v.value if v else None

    def values(self):
        """Every Value in the record with a readable path (for flags and --explain)."""
        for name, v in self.document.items():
            yield name, v
        for i, o in enumerate(self.owners):
            for name, v in o.fields.items():
                yield f"owner[{i}].{name}", v
        counters: dict[str, int] = {}
        for r in self.rows:
            n = counters.get(r.kind, 0)
            counters[r.kind] = n + 1
            for name, v in r.fields.items():
                yield f"{r.kind}[{n}].{name}", v
        for f in self.footnotes:
            yield f"footnote[{f.id}]", f.text
        for i, s in enumerate(self.signatures):
            yield f"sig[{i}].name", s.name
            yield f"sig[{i}].date", s.date

    @property
    def flagged(self) -> list[tuple[str, Value]]:
        return [(p, v) for p, v in self.values() if v.flags]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["form_type"] = self.form_type
        return d
