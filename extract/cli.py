"""Command line: ``filing-extract run INPUT... --out DIR [--format xml,json,csv,jsonl] [--workers N]``."""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

from . import __version__
from .batch import Options, Task, run_batch
from .errors import ExtractError
from .layout import load_layouts, layout_dirs

FORMATS = ("xml", "json", "csv", "jsonl")
EXIT_RUN_FAILED = 1  # not a document's fault: see main()
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # as a shell reports a process ended by Ctrl-C
MIN_MEMORY_MB = 256  # below this a worker cannot even load its libraries


# File types a directory walk picks up; a file named on the command line is always tried.
INPUT_SUFFIXES = {".pdf"}


def collect_inputs(inputs: list[str]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                                and f.suffix.lower() in INPUT_SUFFIXES))
        else:
            files.append(p)
    return files


def output_names(files: list[Path]) -> list[str]:
    """Output stems: the file's stem; a later input with a stem already taken (compared
    case-insensitively) gets -2, -3, ..., skipping any suffixed stem that is itself taken."""
    taken: set[str] = set()
    names = []
    for f in files:
        name, n = f.stem, 1
        while name.lower() in taken:
            n += 1
            name = f"{f.stem}-{n}"
        taken.add(name.lower())
        names.append(name)
    return names


def explain(record) -> str:
    lines = [f"{record.source}: Form {record.form_type}, layout {record.layout}"]
    for path, v in record.values():
        if v.corrections or v.flags:
            lines.append(f"  {path} = {v.value!r}  (confidence {v.confidence:.2f}, page {v.page})")
            for c in v.corrections:
                lines.append(f"    {c.rule}: {c.before!r} -> {c.after!r} ({c.confidence:.2f})")
            for f in v.flags:
                lines.append(f"    flag: {f}")
    return "\n".join(lines)


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def cmd_run(args) -> int:
    formats = {f.strip() for f in args.format.split(",") if f.strip()}
    bad = formats - set(FORMATS)
    if bad or not formats:
        print(f"filing-extract: --format takes a comma list of {', '.join(FORMATS)}", file=sys.stderr)
        return EXIT_USAGE
    if args.workers < 1 or args.timeout < 0 \
            or (args.memory_limit and args.memory_limit < MIN_MEMORY_MB) or args.memory_limit < 0:
        print("filing-extract: --workers takes a positive number, --timeout 0 (none) or more, "
              f"--memory-limit 0 (none) or at least {MIN_MEMORY_MB}", file=sys.stderr)
        return EXIT_USAGE
    # an input named twice (or found by two walks) is one input
    files = list({os.path.abspath(f): f for f in collect_inputs(args.inputs)}.values())
    missing = [f for f in files if not f.exists()]
    if missing:
        print(f"filing-extract: no such file: {missing[0]}", file=sys.stderr)
        return EXIT_USAGE
    if not files:
        print("filing-extract: no input files found", file=sys.stderr)
        return EXIT_USAGE
    if args.dask_scheduler and importlib.util.find_spec("distributed") is None:
        print("filing-extract: --dask-scheduler needs the dask extra: pip install 'filing-extract[dask]'",
              file=sys.stderr)
        return EXIT_USAGE
    layouts = load_layouts([Path(d) for d in args.layouts] + layout_dirs()) if args.layouts else None
    options = Options(frozenset(formats), tuple(layouts) if layouts else None, args.password,
                      args.explain, args.timeout or None, args.memory_limit or None)
    tasks = [Task(str(path), name) for path, name in zip(files, output_names(files))]
    return run_batch(tasks, Path(args.out), options, workers=args.workers, scheduler=args.dask_scheduler,
                     retry_failed=args.retry_failed, quiet=args.quiet)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="filing-extract", description=__doc__)
    parser.add_argument("--version", action="version", version=f"filing-extract {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract records from filings",
                         description="Extract Forms 3/4/5 into EDGAR XML, JSON and CSV. "
                         "Exit status: 0 all inputs extracted; 1 the run itself failed (e.g. disk "
                         "full); 2 usage error; otherwise the "
                         "largest failure code: 3 unreadable, 4 encrypted, 5 unsupported type, "
                         "6 unrecognized form, 7 bad layout file, 8 over --timeout or --memory-limit, "
                         "9 worker process died, 10 internal error.")
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories (walked recursively)")
    run.add_argument("--out", required=True, help="output directory")
    run.add_argument("--format", default="xml,json",
                     help="comma list of xml, json (per document), csv (all table rows in transactions.csv), "
                     "jsonl (all records in records.jsonl); default xml,json")
    run.add_argument("--password", help="password for encrypted PDFs")
    run.add_argument("--layouts", action="append", default=[], metavar="DIR",
                     help="extra directory of layout files (searched first)")
    run.add_argument("--explain", action="store_true", help="print every correction and flag")
    run.add_argument("--quiet", action="store_true", help="no progress lines")
    batch = run.add_argument_group("batch runs")
    batch.add_argument("--workers", type=int, default=default_workers(), metavar="N",
                       help="documents extracted in parallel (default: the number of cores)")
    batch.add_argument("--retry-failed", action="store_true",
                       help="also redo inputs that failed in an earlier run into the same --out")
    batch.add_argument("--timeout", type=float, default=3600, metavar="SECONDS",
                       help="stop a document that takes longer (default 3600: a hung document "
                       "cannot hold a worker for ever; 0: no limit)")
    batch.add_argument("--memory-limit", type=int, default=4096, metavar="MB",
                       help="address-space limit of each worker process (default 4096; 0: none)")
    batch.add_argument("--dask-scheduler", metavar="tcp://HOST:PORT",
                       help="run the documents on this Dask cluster (needs the 'dask' extra)")
    run.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ExtractError as exc:  # e.g. a malformed layout file
        print(f"filing-extract: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # the run itself: OUT not writable, disk full, Dask scheduler unreachable
        print(f"filing-extract: {exc}; run the same command again to resume", file=sys.stderr)
        return EXIT_RUN_FAILED
    except KeyboardInterrupt:
        print("filing-extract: interrupted; run the same command again to resume", file=sys.stderr)
        return EXIT_INTERRUPTED
