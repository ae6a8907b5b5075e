#!/usr/bin/env python3
"""How honest are the confidences?  Extract a corpus folder and compare every value with the
truth: how many values are wrong, and how many of those were given as sure (at or above
reconcile.CONFIDENT, unflagged) -- the number the reconciler is meant to keep at zero.

    python scripts/confidence_report.py CORPUS/edgar-pdf --truth CORPUS/truth [--limit N] [--jobs 2]
        [--show 20]

Values are compared by path with the referee's rules (tests/fieldcompare.py; rows by index,
footnote ids included), so a missing or shifted row counts against the values in it.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fieldcompare import flatten  # noqa: E402

from extract import ExtractError, extract, to_xml  # noqa: E402
from extract.reconcile import CONFIDENT  # noqa: E402

INPUTS = (".pdf", ".txt", ".tsv", ".hocr")


def one(args):
    path, truth_dir = args
    truth = truth_dir / f"{path.stem}.xml"
    if not truth.exists():
        return path.stem, None
    try:
        record = extract(path)
    except ExtractError as exc:
        return path.stem, str(exc)
    want, got = flatten(truth.read_bytes()), flatten(to_xml(record))
    out = []
    for p, v in record.values():
        if v.empty:
            continue
        key = p.replace(".name", ".name").replace("sig[", "sig[")
        sure = v.confidence >= CONFIDENT and not v.flags
        ok = got.get(key) == want.get(key) and got.get(f"{key}@fn") == want.get(f"{key}@fn")
        out.append((key, sure, ok, v.value, want.get(key)))
    return path.stem, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", type=Path)
    ap.add_argument("--truth", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show", type=int, default=15, help="list this many sure-but-wrong values")
    args = ap.parse_args()
    files = sorted(p for p in args.inputs.iterdir() if p.suffix.lower() in INPUTS)
    files = files[: args.limit] if args.limit else files
    counts, wrong_sure = Counter(), []
    with ProcessPoolExecutor(args.jobs) as pool:
        for stem, result in pool.map(one, [(f, args.truth) for f in files]):
            if not isinstance(result, list):
                counts["documents failed" if result else "documents without truth"] += 1
                continue
            counts["documents"] += 1
            for key, sure, ok, value, truth in result:
                counts["values"] += 1
                counts[f"{'sure' if sure else 'flagged'} and {'right' if ok else 'wrong'}"] += 1
                if sure and not ok:
                    wrong_sure.append((stem, key, value, truth))
    n = counts["values"] or 1
    for k in ("documents", "documents failed", "values", "sure and right", "sure and wrong",
              "flagged and right", "flagged and wrong"):
        share = f" ({counts[k] / n:.2%} of values)" if k.startswith(("sure", "flagged")) else ""
        print(f"{k:>18}: {counts[k]}{share}")
    by_field = Counter(k.split(".")[-1].split("[")[0] for _, k, _, _ in wrong_sure)
    if wrong_sure:
        print("sure-but-wrong by field:", ", ".join(f"{f} {c}" for f, c in by_field.most_common(10)))
    for stem, key, value, truth in wrong_sure[: args.show]:
        print(f"  {stem} {key}: {value!r} (truth {truth!r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
