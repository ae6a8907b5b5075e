#!/usr/bin/env python3
"""Benchmark: batch throughput of ``filing-extract run`` at 1 and 2 workers, and memory per worker.

    python scripts/bench_batch.py [INPUT ...] [--limit 100] [--workers 1,2] [--repeat 1]
                                  [--scans DIR --scan-limit 20]

What is timed: the real command line as a subprocess,
``python -m extract run FILES --out TMP --workers N --format xml,json --quiet``,
wall-clock from start to exit (worker start-up included), a fresh output
directory each time, environment plus ``OMP_THREAD_LIMIT=1``.  The worker counts
are run in turn and, with ``--repeat``, in alternating order (1 2, 2 1, ...),
so neither always runs on a warmer cache; the median is reported.

Printed, per set of documents (the text PDFs, then the scans if given):
documents per minute at each worker count, the scaling of the largest count
over 1 worker against the goal (>= 1.85 at 2 workers), the peak resident
memory of a worker (the largest ``peak_mb`` in the run's manifest: each worker
process's high-water mark while extracting one document) and how many
documents were ok / flagged / failed.  Other processes share the CPU on a busy
machine, so the load average before and after each run and the CPU seconds the
run used are printed too: scaling can only be judged when the load left room
for the workers.  CPU seconds per document at each worker count show the cost
of parallel work itself (equal figures: no overhead from running in parallel);
from them the script prints the scaling that idle cores would allow.

INPUT: PDF files or directories (walked recursively for ``*.pdf``); default: the
shared corpus's ``edgar-pdf`` and ``paper-pdf`` next to this repository.
``--limit K`` takes K files spread evenly over all found (sorted by path).
Exit status: 0 when the scaling goal is met for the text PDFs, 1 when not, 2 on
a usage error or a failed run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
GOAL = 1.85  # docs/min at 2 workers over docs/min at 1 worker


def collect(inputs: list[Path], suffixes: set[str]) -> list[Path]:
    files: list[Path] = []
    for p in inputs:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in suffixes
                                and not f.name.startswith(".")))
        elif p.is_file():
            files.append(p)
        else:
            raise SystemExit(f"bench_batch: no such file or directory: {p}")
    return files


def spread(files: list[Path], k: int) -> list[Path]:
    """k files taken evenly across the sorted list, so every folder is represented."""
    if not k or k >= len(files):
        return files
    return [files[i * len(files) // k] for i in range(k)]


def run_once(files: list[Path], workers: int) -> dict:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as out:
        cmd = [sys.executable, "-m", "extract", "run", *map(str, files), "--out", out,
               "--workers", str(workers), "--format", "xml,json", "--quiet"]
        load_before = os.getloadavg()[0]
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
        seconds = time.perf_counter() - start
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode == 2 or proc.returncode < 0:
            raise SystemExit(f"bench_batch: filing-extract failed (exit {proc.returncode}):\n{proc.stderr}")
        entries = [json.loads(line) for line in (Path(out) / "manifest.jsonl").read_text().splitlines()]
    statuses = {s: sum(e["status"] == s for e in entries) for s in ("ok", "flagged", "failed")}
    peaks = [e["peak_mb"] for e in entries if e.get("peak_mb")]
    return {"workers": workers, "seconds": seconds, "docs": len(entries),
            "pages": sum(e.get("pages") or 0 for e in entries),
            "cpu": (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime),
            "load": (load_before, os.getloadavg()[0]), "statuses": statuses,
            "peak_mb": max(peaks, default=0.0)}


def bench(label: str, files: list[Path], counts: list[int], repeat: int) -> float | None:
    print(f"\n== {label}: {len(files)} documents; workers {counts}; {repeat} repetition(s) ==")
    runs: dict[int, list[dict]] = {n: [] for n in counts}
    for i in range(repeat):
        for n in (counts if i % 2 == 0 else counts[::-1]):
            r = run_once(files, n)
            runs[n].append(r)
            s = r["statuses"]
            print(f"  {n} worker(s): {r['seconds']:7.1f} s  {60 * r['docs'] / r['seconds']:6.1f} docs/min  "
                  f"cpu {r['cpu']:6.1f} s  load {r['load'][0]:.1f}->{r['load'][1]:.1f}  "
                  f"peak/worker {r['peak_mb']:.0f} MB  ok {s['ok']} flagged {s['flagged']} failed {s['failed']}  "
                  f"({r['pages']} pages)")
    rate = {n: statistics.median(60 * r["docs"] / r["seconds"] for r in runs[n]) for n in counts}
    cpu_per_doc = {n: statistics.median(r["cpu"] / r["docs"] for r in runs[n]) for n in counts}
    for n in counts:
        print(f"median at {n} worker(s): {rate[n]:.1f} docs/min; {cpu_per_doc[n]:.3f} CPU s/doc; "
              f"peak memory per worker {max(r['peak_mb'] for r in runs[n]):.0f} MB")
    if 1 in counts:
        for n in counts[1:]:
            # what the wall-clock scaling would be with n idle cores: only the extra CPU of
            # parallel work (worker start-up, the parent's share) stands in its way
            print(f"CPU-bound scaling bound at {n} workers (idle cores assumed): "
                  f"{n * cpu_per_doc[1] / cpu_per_doc[n]:.2f}")
    if 1 in rate and len(counts) > 1:
        top = max(counts)
        scaling = rate[top] / rate[1]
        goal = f"goal >= {GOAL} at 2 workers   {'PASS' if scaling >= GOAL else 'MISS'}" if top == 2 else ""
        print(f"scaling {top} workers / 1 worker = {scaling:.2f}   {goal}")
        return scaling
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", type=Path,
                    default=[CORPUS / "edgar-pdf", CORPUS / "paper-pdf"],
                    help="text PDFs: files or directories (default: the shared corpus's edgar-pdf and paper-pdf)")
    ap.add_argument("--limit", type=int, default=100, help="documents taken (default 100; 0: all)")
    ap.add_argument("--workers", default="1,2", help="comma list of worker counts (default 1,2)")
    ap.add_argument("--repeat", type=int, default=1, help="repetitions of each worker count (default 1)")
    ap.add_argument("--scans", type=Path, help="a directory of scans (PDF, TIFF, PNG, JPEG) to bench too")
    ap.add_argument("--scan-limit", type=int, default=20, help="scans taken (default 20)")
    args = ap.parse_args(argv)
    try:
        counts = sorted({int(n) for n in args.workers.split(",") if n.strip()})
    except ValueError:
        ap.error("--workers takes a comma list of numbers")
    if not counts or counts[0] < 1 or args.repeat < 1:
        ap.error("--workers and --repeat take positive numbers")
    files = spread(collect(args.inputs, {".pdf"}), args.limit)
    if not files:
        print("bench_batch: no PDF files found", file=sys.stderr)
        return 2
    print(f"python: {sys.executable}; cores: {os.cpu_count()}; OMP_THREAD_LIMIT=1")
    scaling = bench("text PDFs", files, counts, args.repeat)
    if args.scans:
        scans = spread(collect([args.scans], {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"}), args.scan_limit)
        bench("scans", scans, counts, args.repeat)
    return 0 if scaling is None or scaling >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
