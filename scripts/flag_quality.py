#!/usr/bin/env python3
"""Does confidence mean something?  Flags of predicted values against the truth.

    python scripts/flag_quality.py OUT   # OUT as given to scripts/evaluate.py --out

Reads OUT/pred/*.xml, OUT/records/*.json (the records evaluate.py keeps) and
OUT/truth/*.xml.  Every predicted value (footnote-id lists excepted: they carry
no confidence of their own) is right or wrong (the referee's normalization, via
tests/fieldcompare.py, rows compared by index) and flagged or not.  Prints the
share of wrong values that carry a flag (goal >= 90%) and the share of flagged
values that were right, and the same for other confidence thresholds.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import fieldcompare  # noqa: E402


def record_values(record: dict) -> dict[str, dict]:
    """{field path: value object} in the record, with the paths fieldcompare uses."""
    out = {}
    for name, v in record["document"].items():
        out[name] = v
    for i, o in enumerate(record["owners"]):
        for name, v in o["fields"].items():
            out[f"owner[{i}].{name}"] = v
    counters: dict[str, int] = {}
    for r in record["rows"]:
        n = counters.get(r["kind"], 0)
        counters[r["kind"]] = n + 1
        for name, v in r["fields"].items():
            out[f"{r['kind']}[{n}].{name}"] = v
    for f in record["footnotes"]:
        out[f"footnote[{f['id']}]"] = f["text"]
    for i, s in enumerate(record["signatures"]):
        out[f"sig[{i}].name"] = s["name"]
        out[f"sig[{i}].date"] = s["date"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    items = []  # (right, flagged, confidence, path)
    for rec_path in sorted((args.out / "records").glob("*.json")):
        truth_path = args.out / "truth" / f"{rec_path.stem}.xml"
        pred_path = args.out / "pred" / f"{rec_path.stem}.xml"
        if not truth_path.exists() or not pred_path.exists():
            continue
        truth = fieldcompare.flatten(truth_path.read_bytes())
        pred = fieldcompare.flatten(pred_path.read_bytes())
        values = record_values(json.loads(rec_path.read_text()))
        for path, got in pred.items():
            if path.endswith("@fn") or path not in values:
                continue
            v = values[path]
            items.append((truth.get(path) == got, bool(v["flags"]), v["confidence"], path))
    wrong = [i for i in items if not i[0]]
    flagged = [i for i in items if i[1]]
    print(f"predicted values {len(items)}  wrong {len(wrong)}  flagged {len(flagged)}")
    if wrong:
        print(f"wrong values flagged: {sum(1 for i in wrong if i[1]) / len(wrong):.1%}")
    if flagged:
        print(f"flagged values that were right: {sum(1 for i in flagged if i[0]) / len(flagged):.1%}")
    print("by confidence threshold (value flagged when confidence < t):")
    for t in (0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        low = [i for i in items if i[2] < t]
        caught = sum(1 for i in wrong if i[2] < t)
        right_low = sum(1 for i in low if i[0])
        print(f"  t={t:.2f}: wrong caught {caught / max(1, len(wrong)):.1%}, "
              f"low-confidence values right {right_low / max(1, len(low)):.1%} ({len(low)} values)")
    unflagged_wrong = [i for i in wrong if not i[1]]
    if unflagged_wrong:
        print("wrong and not flagged (first 15):")
        for i in unflagged_wrong[:15]:
            print(f"  {i[3]}  confidence {i[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
