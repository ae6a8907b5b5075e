#!/usr/bin/env python3
"""Speed and memory of the scan path against plain tesseract, on the same page images.

    OMP_THREAD_LIMIT=1 python scripts/bench_scan.py SCANS_DIR [--limit 8] [--dpi 300]

The first SCANS_DIR/*.pdf (--limit of them; image-only PDFs, e.g. 300 dpi scans made
with make_scans.py --profile clean300) have their pages rendered once to PNG at --dpi.
Then two comparisons, each measured back to back so both sides see the same machine load:

* per document: for each document, (1) one plain full-page ``tesseract`` pass over its
  page images, one page after another, then (2) ``filing-extract run DOC``: one run per
  document, as a user runs it on a single file; its worker reads the pages in parallel on
  all cores, and each run pays the start-up of the CLI and of its worker process;
* batch: (1) the plain tesseract pass over every page of all the documents, one page after
  another, then (2) ONE ``filing-extract run FOLDER`` over a folder holding all the
  documents, as a user runs a corpus: the default workers (one per core), each document
  in one worker, its pages one at a time when the documents fill the cores.

Plain tesseract uses one core (OMP_THREAD_LIMIT=1); filing-extract uses all of them, so
the wall ratio counts the parallel work and the CPU ratio is what the ratio would be
with no spare core.  Before timing, the package's byte code is compiled (as a pip install
does; a checkout run with PYTHONDONTWRITEBYTECODE set would compile it at every start).

Each command runs under a fresh measuring process, which reports its wall time, its CPU
time (user + system, summed over every process it started), its peak resident memory
(the largest single process: the CLI, a worker, or a tesseract the worker started) and
the processes that ran (seen by polling /proc every 50 ms: how many in all, how many at
once).  Printed for both comparisons: wall and CPU seconds per page of each side, the
wall ratio (goal <= 0.7), the CPU ratio, the peak memory of one process (goal <= 500 MB
per worker) and the load average before and after, since other processes share the cores.
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


def report(label: str, pages: int, tess: Measure, ours: Measure, runs: int) -> None:
    print(f"{label}: plain tesseract {tess.wall / pages:.2f} s/page wall, {tess.cpu / pages:.2f} CPU; "
          f"filing-extract {ours.wall / pages:.2f} s/page wall, {ours.cpu / pages:.2f} CPU "
          f"({ours.processes / runs:.1f} processes per run, up to {ours.at_once} at once)")
    print(f"  ratio filing-extract / tesseract: {ours.wall / tess.wall:.2f} wall (goal <= 0.7), "
          f"{ours.cpu / tess.cpu:.2f} CPU; peak memory of one process {ours.peak_mb} MB (goal <= 500)")


def main() -> int:
    if sys.argv[1:2] == ["--probe"]:
        probe(sys.argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scans", type=Path)
    ap.add_argument("--limit", type=int, default=8)
    ap.add_argument("--dpi", type=float, default=300.0)
    args = ap.parse_args()

    import compileall

    import cv2
    import pypdfium2 as pdfium

    from extract.images import render_pdf_page

    compileall.compile_dir(HERE / "extract", quiet=1)
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
        folder = tmp / "batch"
        folder.mkdir()
        all_images = []
        for doc in docs:
            (folder / doc.name).symlink_to(doc.resolve())
            images = []
            for i in range(len(pdfium.PdfDocument(str(doc)))):
                png = tmp / f"{doc.stem}-{i + 1}.png"
                cv2.imwrite(str(png), render_pdf_page(doc, i, args.dpi).gray)
                images.append(png)
            all_images += images
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
        load_middle = os.getloadavg()
        batch_tess = Measure()
        for png in all_images:
            batch_tess.add(timed(["tesseract", str(png), str(tmp / "t"), "-l", "eng"], env))
        batch = timed([*tool, str(folder), "--out", str(tmp / "out-batch"), "--quiet"], env)
    load_after = os.getloadavg()
    print(f"\n{len(docs)} documents, {pages} pages at {args.dpi:.0f} dpi (OMP_THREAD_LIMIT=1), "
          f"{os.cpu_count()} cores; load average {load_before[0]:.2f} before, {load_middle[0]:.2f} between, "
          f"{load_after[0]:.2f} after")
    print("plain tesseract: full page, psm 3, one page at a time")
    report("per document (one filing-extract run per document)", pages, tess_total, tool_total, len(docs))
    report("batch (one filing-extract run over the folder of all documents)", pages, batch_tess, batch, 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
