#!/usr/bin/env python3
"""Speed and memory of the scan path against plain tesseract, on the same page images.

    OMP_THREAD_LIMIT=1 python scripts/bench_scan.py SCANS_DIR [--limit 8] [--dpi 300]

For each image-only PDF in SCANS_DIR (e.g. 300 dpi scans made with make_scans.py
--profile clean300): its pages are rendered once to PNG at --dpi; then, back to
back so both see the same machine load, (1) one plain full-page ``tesseract``
pass over every page image, one page after another, (2) ``filing-extract run``
on the document, as a user runs it: its worker reads the pages in parallel on
the cores the batch leaves idle (a single document: all of them).

Each command runs under a fresh measuring process, which reports its wall time,
its CPU time (user + system, summed over every process it started), its peak
resident memory (the largest single process: the CLI, its worker, or a tesseract
the worker started) and the processes that ran (seen by polling /proc every
50 ms: how many in all, how many at once).  Printed: wall and CPU seconds per
page of each, the wall ratio (goal <= 0.7), the CPU ratio (what the ratio would
be with no spare core), the peak memory of one worker (goal <= 500 MB) and the
load average before and after, since other processes share the cores.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

POLL_SECONDS = 0.05


@dataclass
class Measure:
    wall: float = 0.0
    cpu: float = 0.0
    peak_mb: int = 0
    processes: int = 0      # distinct processes seen (the command's own included)
    at_once: int = 0        # the most seen alive together

    def add(self, other: Measure) -> None:
        self.wall += other.wall
        self.cpu += other.cpu
        self.peak_mb = max(self.peak_mb, other.peak_mb)
        self.processes += other.processes
        self.at_once = max(self.at_once, other.at_once)


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process now."""
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:  # gone meanwhile
                continue
            out[int(name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
    return out


def probe(cmd: list[str]) -> None:
    """Run in the measuring process: run ``cmd``, print its Measure as JSON."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen, at_once = {proc.pid}, 1
    while proc.poll() is None:
        parents = _parents()
        alive = {proc.pid} if proc.pid in parents else set()
        grew = True
        while grew:  # descendants of the command
            more = {p for p, pp in parents.items() if pp in alive} - alive
            alive |= more
            grew = bool(more)
        seen |= alive
        at_once = max(at_once, len(alive))
        time.sleep(POLL_SECONDS)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"code": proc.returncode, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak_mb": usage.ru_maxrss // 1024, "processes": len(seen), "at_once": at_once}))


def timed(cmd: list[str], env: dict) -> Measure:
    out = subprocess.run([sys.executable, __file__, "--probe", *cmd], env=env, capture_output=True, text=True,
                         check=True)
    data = json.loads(out.stdout)
    if data.pop("code") != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return Measure(**data)


def main() -> int:
    if sys.argv[1:2] == ["--probe"]:
        probe(sys.argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scans", type=Path)
    ap.add_argument("--limit", type=int, default=8)
    ap.add_argument("--dpi", type=float, default=300.0)
    args = ap.parse_args()

    import cv2
    import pypdfium2 as pdfium

    from extract.images import render_pdf_page

    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    tool = [sys.executable, "-m", "extract", "run"]
    docs = sorted(args.scans.glob("*.pdf"))[: args.limit]
    if not docs:
        raise SystemExit(f"no PDFs in {args.scans}")
    pages = 0
    tess_total, tool_total = Measure(), Measure()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for doc in docs:
            images = []
            for i in range(len(pdfium.PdfDocument(str(doc)))):
                png = tmp / f"{doc.stem}-{i + 1}.png"
                cv2.imwrite(str(png), render_pdf_page(doc, i, args.dpi).gray)
                images.append(png)
            tess = Measure()
            for png in images:
                tess.add(timed(["tesseract", str(png), str(tmp / "t"), "-l", "eng"], env))
            ours = timed([*tool, str(doc), "--out", str(tmp / "out"), "--quiet"], env)
            n = len(images)
            pages += n
            tess_total.add(tess)
            tool_total.add(ours)
            print(f"{doc.name}: {n} pages  tesseract {tess.wall / n:.2f} s/page  filing-extract {ours.wall / n:.2f} "
                  f"s/page wall, {ours.cpu / n:.2f} CPU ({ours.processes} processes, {ours.at_once} at once)  "
                  f"peak {ours.peak_mb} MB", flush=True)
    load_after = os.getloadavg()
    per_doc = tool_total.processes / len(docs)
    print(f"\n{len(docs)} documents, {pages} pages at {args.dpi:.0f} dpi (OMP_THREAD_LIMIT=1), "
          f"{os.cpu_count()} cores; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"plain tesseract (full page, psm 3, one page at a time): {tess_total.wall / pages:.2f} s/page wall, "
          f"{tess_total.cpu / pages:.2f} s/page CPU")
    print(f"filing-extract run (whole pipeline, one document per run): {tool_total.wall / pages:.2f} s/page wall, "
          f"{tool_total.cpu / pages:.2f} s/page CPU (summed over {per_doc:.1f} processes per document, "
          f"up to {tool_total.at_once} at once)")
    print(f"ratio filing-extract / tesseract: {tool_total.wall / tess_total.wall:.2f} wall (goal <= 0.7), "
          f"{tool_total.cpu / tess_total.cpu:.2f} CPU")
    print(f"peak memory of one process of the run: {tool_total.peak_mb} MB (goal <= 500)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
