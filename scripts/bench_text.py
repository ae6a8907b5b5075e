#!/usr/bin/env python3
"""Benchmark: ``filing-extract run`` against bare pdfplumber text extraction.

    python scripts/bench_text.py [INPUT ...] [--repeat N] [--limit K]

What is timed, in one run of this script:

* **filing-extract** -- the real command line, as a subprocess:
  ``python -m extract run FILES --out TMP --format xml,json --quiet``
  (a fresh, empty temporary output directory for every repetition).
* **pdfplumber** -- a subprocess running a tiny inline script that opens each
  of the same PDFs with ``pdfplumber.open`` and calls ``page.extract_words()``
  (default arguments) on every page.  This is the floor: reading the text
  layer, nothing else.

Both children are started with the same interpreter as this script
(``sys.executable``; run it with the project's venv python) and the same
environment plus ``OMP_THREAD_LIMIT=1``.  Each timing is wall-clock seconds
for the whole subprocess, interpreter start-up and imports included, for both
sides alike.  The two are alternated, N times (``--repeat``, default 5); the
order flips every repetition (A B, B A, A B, ...) so neither side always runs
on a warmer cache.

Printed: every repetition's seconds, the median of each side, the page count
and milliseconds per page (median / pages), and the ratio
``median(filing-extract) / median(pdfplumber)`` against the goal ``<= 1.3``,
with PASS or MISS.  Exit status: 0 PASS, 1 MISS, 2 usage or child failure.

INPUT: PDF files and/or directories (walked recursively for ``*.pdf``);
default: the repository's ``samples/``.  ``--limit K`` keeps the first K files
(sorted by path within each directory, in argument order).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOAL = 1.3  # median(filing-extract) / median(pdfplumber) must not exceed this

# Run by the pdfplumber child: file paths on argv; prints {"pages": n, "failed": [...]}.
PDFPLUMBER_SCRIPT = """\
import json, sys
import pdfplumber
pages, failed = 0, []
for path in sys.argv[1:]:
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()
                pages += 1
    except Exception as exc:
        failed.append(f"{path}: {type(exc).__name__}: {exc}")
print(json.dumps({"pages": pages, "failed": failed}))
"""


def collect_pdfs(inputs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in inputs:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*")
                                if f.is_file() and f.suffix.lower() == ".pdf" and not f.name.startswith(".")))
        elif p.is_file():
            files.append(p)
        else:
            raise SystemExit(f"bench_text: no such file or directory: {p}")
    return files


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def time_filing_extract(files: list[Path]) -> tuple[float, int]:
    """Seconds for one ``filing-extract run`` over all files, and its exit status."""
    with tempfile.TemporaryDirectory(prefix="bench-fe-") as out:
        cmd = [sys.executable, "-m", "extract", "run", *map(str, files),
               "--out", out, "--format", "xml,json", "--quiet"]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, env=child_env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - start
    # 2 is a usage error (nothing was extracted); 3..10 mean some documents failed,
    # which still did their work and is reported, not fatal, for the benchmark.
    if proc.returncode == 2 or proc.returncode < 0:
        raise SystemExit(f"bench_text: filing-extract failed (exit {proc.returncode}):\n{proc.stderr}")
    return seconds, proc.returncode


def time_pdfplumber(files: list[Path]) -> tuple[float, dict]:
    """Seconds for the bare pdfplumber child over all files, and what it reported."""
    cmd = [sys.executable, "-c", PDFPLUMBER_SCRIPT, *map(str, files)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=child_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bench_text: pdfplumber child failed (exit {proc.returncode}):\n{proc.stderr}")
    return seconds, json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", type=Path, default=[REPO / "samples"],
                    help="PDF files or directories (default: the repository's samples/)")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions of each side (default 5)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first K files")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    files = collect_pdfs(args.inputs)
    if args.limit:
        files = files[: args.limit]
    if not files:
        print("bench_text: no PDF files found", file=sys.stderr)
        return 2

    print(f"{len(files)} PDF files, {args.repeat} repetitions, alternating, OMP_THREAD_LIMIT=1")
    print(f"python: {sys.executable}")
    fe_times: list[float] = []
    pp_times: list[float] = []
    fe_codes: set[int] = set()
    pages = None
    for i in range(args.repeat):
        order = ("fe", "pp") if i % 2 == 0 else ("pp", "fe")
        for side in order:
            if side == "fe":
                seconds, code = time_filing_extract(files)
                fe_times.append(seconds)
                fe_codes.add(code)
            else:
                seconds, info = time_pdfplumber(files)
                pp_times.append(seconds)
                pages = info["pages"]
                failed = info["failed"]
        print(f"  run {i + 1}: filing-extract {fe_times[-1]:8.2f} s   pdfplumber {pp_times[-1]:8.2f} s")

    fe_med, pp_med = statistics.median(fe_times), statistics.median(pp_times)
    ratio = fe_med / pp_med
    print(f"pages: {pages}" + (f" ({len(failed)} files pdfplumber could not read)" if failed else ""))
    for label, med in (("filing-extract", fe_med), ("pdfplumber", pp_med)):
        per_page = f"{1000 * med / pages:8.1f} ms/page" if pages else "n/a"
        print(f"median {label:15s} {med:8.2f} s   {per_page}")
    if fe_codes - {0}:
        print(f"note: filing-extract exited with {sorted(fe_codes)}: some documents failed "
              "(run it without --quiet to see which); they are still timed")
    verdict = "PASS" if ratio <= GOAL else "MISS"
    print(f"ratio median(filing-extract)/median(pdfplumber) = {ratio:.2f}   goal <= {GOAL}   {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
