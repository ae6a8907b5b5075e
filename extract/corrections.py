"""A person's corrections, merged into a record: ``filing-extract apply-corrections``.

A corrections file (saved from a review page, see ``review.py``) names the document
and, for each value changed, its path in the record (as ``Record.values()`` names it),
the value the person saw and the value they typed:

    {"document": "0001127602-20-005243",
     "corrections": [{"path": "footnote[F1]", "before": "...", "after": "..."}]}

Each is applied with ``Value.correct("manual", ...)``, so the record keeps what the
tool read and who changed it.  A correction whose ``before`` is no longer the value
in the record (the record was extracted again, or the file was applied already) is
refused: the file was made for another version of the record.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import UnreadableInput
from .model import Correction, Footnote, Owner, Record, Row, Signature, Value
from .writers import to_json, to_xml, write_atomic

MANUAL = "manual"  # the rule name of a correction made by a person


class CorrectionError(UnreadableInput):
    """A corrections file that is malformed or does not fit its record."""


def value_from_dict(d: dict) -> Value:
    return Value(value=d.get("value"), footnotes=list(d.get("footnotes") or []), page=d.get("page"),
                 bbox=tuple(d["bbox"]) if d.get("bbox") else None, source=d.get("source") or "",
                 confidence=float(d.get("confidence", 1.0)),
                 corrections=[Correction(**c) for c in d.get("corrections") or []],
                 flags=list(d.get("flags") or []))


def record_from_dict(d: dict) -> Record:
    """The Record a ``<stem>.json`` file holds (the inverse of ``Record.to_dict``)."""
    def values(fields: dict) -> dict[str, Value]:
        return {k: value_from_dict(v) for k, v in fields.items()}

    return Record(source=d["source"], layout=d["layout"], pages=d["pages"],
                  document=values(d.get("document") or {}),
                  owners=[Owner(values(o["fields"])) for o in d.get("owners") or []],
                  rows=[Row(r["kind"], values(r["fields"]), r.get("page")) for r in d.get("rows") or []],
                  footnotes=[Footnote(f["id"], value_from_dict(f["text"])) for f in d.get("footnotes") or []],
                  signatures=[Signature(value_from_dict(s["name"]), value_from_dict(s["date"]))
                              for s in d.get("signatures") or []],
                  warnings=list(d.get("warnings") or []))


def load_record(path: Path) -> Record:
    try:
        return record_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableInput(f"{path}: not a record written by 'filing-extract run' ({exc})") from None


@dataclass(frozen=True)
class Edit:
    path: str
    before: str
    after: str


def read_corrections(path: Path) -> tuple[str, list[Edit]]:
    """The document stem and the edits of a corrections file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        edits = [Edit(str(c["path"]), "" if c.get("before") is None else str(c["before"]),
                      "" if c.get("after") is None else str(c["after"])) for c in data["corrections"]]
        return str(data["document"]), edits
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorrectionError(f"{path}: not a corrections file ({type(exc).__name__}: {exc})") from None


def apply_edits(record: Record, edits: list[Edit]) -> list[str]:
    """Apply every edit, or none: a path the record does not have, or a value that is no
    longer what the person saw, stops the whole file.  Returns the paths changed."""
    by_path = dict(record.values())
    for e in edits:
        v = by_path.get(e.path)
        if v is None:
            raise CorrectionError(f"the record has no value {e.path!r}")
        if (v.value or "") != e.before:
            raise CorrectionError(f"{e.path}: the record holds {v.value!r}, the correction was made "
                                  f"from {e.before!r} (made for another version of the record?)")
    for e in edits:
        v = by_path[e.path]
        v.correct(MANUAL, e.after or None, 1.0)
        # a person checked the value: it is sure now, and the 'manual' correction says who
        v.confidence, v.flags = 1.0, []
    return [e.path for e in edits]


def apply_corrections(corrections: Path, out: Path) -> tuple[str, list[str]]:
    """Merge a corrections file into OUT/<document>.json and rewrite OUT/<document>.xml."""
    stem, edits = read_corrections(corrections)
    if Path(stem).name != stem or stem in ("", ".", ".."):
        raise CorrectionError(f"{corrections}: bad document name {stem!r}")
    record_path = out / f"{stem}.json"
    if not record_path.is_file():
        raise CorrectionError(f"{record_path}: no such record (run 'filing-extract run ... --format json' first)")
    record = load_record(record_path)
    changed = apply_edits(record, edits)
    write_atomic(record_path, to_json(record))
    write_atomic(out / f"{stem}.xml", to_xml(record))
    return stem, changed
