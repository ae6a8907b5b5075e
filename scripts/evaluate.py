#!/usr/bin/env python3
"""Run filing-extract over a corpus folder and score it with the referee.

    python scripts/evaluate.py CORPUS/edgar-pdf --truth CORPUS/truth --score-tool TOOLS/score.py \
        [--out out/eval-edgar] [--limit N] [--jobs 2] [--no-reconcile]

Prints the referee's aggregate, per-form figures and worst fields.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract import ExtractError, extract, to_json, to_xml  # noqa: E402


def one(args):
    path, out, reconcile_values = args
    try:
        record = extract(path, reconcile_values=reconcile_values)
    except ExtractError as exc:
        return path.stem, f"{type(exc).__name__}: {exc}", None
    (Path(out) / f"{path.stem}.xml").write_bytes(to_xml(record))
    records = Path(out).parent / "records"  # the full records, for scripts/flag_quality.py
    records.mkdir(exist_ok=True)
    (records / f"{path.stem}.json").write_bytes(to_json(record))
    return path.stem, "", record.form_type


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", type=Path)
    ap.add_argument("--truth", type=Path, required=True)
    ap.add_argument("--score-tool", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("out/eval"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-reconcile", action="store_true")
    args = ap.parse_args()
    pred = args.out / "pred"
    pred.mkdir(parents=True, exist_ok=True)
    for old in pred.glob("*.xml"):
        old.unlink()
    files = sorted(p for p in args.inputs.iterdir() if p.suffix.lower() in (".pdf", ".txt", ".tif", ".tiff", ".png", ".jpg", ".jpeg"))
    if args.limit:
        files = files[: args.limit]
    truth = args.out / "truth"
    truth.mkdir(exist_ok=True)
    for old in truth.glob("*.xml"):
        old.unlink()
    for f in files:
        t = args.truth / f"{f.stem}.xml"
        if t.exists():
            (truth / t.name).write_bytes(t.read_bytes())
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(one, [(f, pred, not args.no_reconcile) for f in files]))
    for stem, err, _ in results:
        if err:
            print(f"FAILED {stem}: {err}")
    report = args.out / "score.json"
    subprocess.run([sys.executable, str(args.score_tool), str(truth), str(pred), "--json", str(report),
                    "--quiet"], check=True)
    data = json.loads(report.read_text())
    by_form = defaultdict(lambda: [0, 0, 0])
    forms = {stem: form for stem, _, form in results}
    for doc in data.get("documents", []):
        stem = doc["accession"]
        tr = (truth / f"{stem}.xml").read_text()
        form = next((c for c in "345" if f"<documentType>{c}" in tr), forms.get(stem) or "?")
        agg = by_form[form]
        agg[0] += doc["truth_fields"]
        agg[1] += doc["pred_fields"]
        agg[2] += doc["correct"]
    for form, (t, p, c) in sorted(by_form.items()):
        prec, rec = (c / p if p else 0), (c / t if t else 0)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0
        print(f"Form {form}: T={t} P={p} C={c} precision={prec:.4f} recall={rec:.4f} F1={f1:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
