#!/usr/bin/env python3
"""Speed and memory of the scan path against plain tesseract, on the same page images.

    OMP_THREAD_LIMIT=1 python scripts/bench_scan.py SCANS_DIR [--limit 8] [--dpi 300]

For each image-only PDF in SCANS_DIR (e.g. 300 dpi scans made with make_scans.py
--profile clean300): its pages are rendered once to PNG at --dpi; then, back to
back so both see the same machine load, (1) one plain full-page ``tesseract``
pass over every page image, (2) ``filing-extract run`` on the document.  Prints
seconds per page of each, their ratio (goal <= 0.7), and the peak resident memory
of one ``filing-extract run`` worker (its own process or any tesseract it started;
goal <= 500 MB).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

import cv2  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from extract.images import render_pdf_page  # noqa: E402


def timed(cmd: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of a command run in a fresh measuring process."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], env=env, capture_output=True, text=True, check=True)
    seconds, rss_kb, code = out.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}")
    return float(seconds), int(rss_kb) // 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scans", type=Path)
    ap.add_argument("--limit", type=int, default=8)
    ap.add_argument("--dpi", type=float, default=300.0)
    args = ap.parse_args()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    tool = [sys.executable, "-m", "extract", "run"]
    docs = sorted(args.scans.glob("*.pdf"))[: args.limit]
    if not docs:
        raise SystemExit(f"no PDFs in {args.scans}")
    pages = tess_total = tool_total = 0.0
    peak = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for doc in docs:
            images = []
            for i in range(len(pdfium.PdfDocument(str(doc)))):
                png = tmp / f"{doc.stem}-{i + 1}.png"
                cv2.imwrite(str(png), render_pdf_page(doc, i, args.dpi).gray)
                images.append(png)
            tess = sum(timed(["tesseract", str(p), str(tmp / "t"), "-l", "eng"], env)[0] for p in images)
            seconds, rss = timed([*tool, str(doc), "--out", str(tmp / "out"), "--quiet"], env)
            pages += len(images)
            tess_total += tess
            tool_total += seconds
            peak = max(peak, rss)
            print(f"{doc.name}: {len(images)} pages  tesseract {tess / len(images):.2f} s/page  "
                  f"filing-extract {seconds / len(images):.2f} s/page  peak {rss} MB", flush=True)
    print(f"\n{len(docs)} documents, {int(pages)} pages at {args.dpi:.0f} dpi (OMP_THREAD_LIMIT=1)")
    print(f"plain tesseract (full page, psm 3): {tess_total / pages:.2f} s/page")
    print(f"filing-extract run (whole pipeline): {tool_total / pages:.2f} s/page")
    print(f"ratio filing-extract / tesseract: {tool_total / tess_total:.2f} (goal <= 0.7)")
    print(f"peak memory of one worker: {peak} MB (goal <= 500)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
