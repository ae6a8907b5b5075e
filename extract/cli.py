"""Command line: ``filing-extract run INPUT... --out DIR [--format xml,json,csv,jsonl] [--workers N]``."""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

from . import __version__
from .batch import Options, Task, available_cores, run_batch
from .errors import ExtractError
from .layout import load_layouts, layout_dirs

FORMATS = ("xml", "json", "csv", "jsonl")
EXIT_RUN_FAILED = 1  # not a document's fault: see main()
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # as a shell reports a process ended by Ctrl-C
MIN_MEMORY_MB = 256  # below this a worker cannot even load its libraries


# File types a directory walk picks up; a file named on the command line is always tried.
INPUT_SUFFIXES = {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".txt", ".tsv", ".hocr"}


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
    """Every correction and flag of a record, one value per block:

        dTx[0].exerciseDate = (none) [F1]   confidence 0.90, page 1, read '(I)'
            footnote-mark-shape  '(I)' -> '[F1]'  (0.90)
    """
    changed = [(p, v) for p, v in record.values() if v.corrections or v.flags]
    n_corr = sum(len(v.corrections) for _, v in changed)
    n_flag = sum(1 for _, v in changed if v.flags)
    lines = [f"{record.source}: Form {record.form_type}, layout {record.layout}: "
             f"{n_corr} correction{'s' * (n_corr != 1)}, {n_flag} flagged value{'s' * (n_flag != 1)}"]
    for path, v in changed:
        shown = repr(v.value) if v.value is not None else "(none)"
        fns = f" [{', '.join(v.footnotes)}]" if v.footnotes else ""
        where = f", page {v.page}" if v.page else ""
        lines.append(f"  {path} = {shown}{fns}   confidence {v.confidence:.2f}{where}, read {v.source!r}")
        width = max((len(c.rule) for c in v.corrections), default=0)
        for c in v.corrections:
            lines.append(f"      {c.rule:<{width}}  {c.before!r} -> {c.after!r}  ({c.confidence:.2f})")
        for f in v.flags:
            lines.append(f"      FLAG  {f}")
    lines.extend(f"  warning: {w}" for w in record.warnings)
    return "\n".join(lines)


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
                      args.explain, args.timeout or None, args.memory_limit or None, args.debug_images)
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
    run.add_argument("--debug-images", metavar="DIR",
                     help="write a PNG per scanned page showing the lines, cells and values read")
    batch = run.add_argument_group("batch runs")
    batch.add_argument("--workers", type=int, default=available_cores(), metavar="N",
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
    add_review_commands(sub)
    return parser


def cmd_review(args) -> int:
    from .review import build_review
    out = Path(args.out)
    if not out.is_dir():
        print(f"filing-extract: no such directory: {out}", file=sys.stderr)
        return EXIT_USAGE
    try:
        index, problems = build_review(out, args.password)
    except FileNotFoundError as exc:  # no records in OUT
        print(f"filing-extract: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for line in problems:
        print(f"filing-extract: {line}", file=sys.stderr)
    print(index)
    return 0


def cmd_apply_corrections(args) -> int:
    from .corrections import apply_corrections
    stem, changed = apply_corrections(Path(args.corrections), Path(args.out))
    print(f"{stem}: {len(changed)} value{'s' * (len(changed) != 1)} corrected"
          + "".join(f"\n  {p}" for p in changed))
    return 0


def add_review_commands(sub) -> None:
    """Review pages, corrections and layout authoring (see review.py, corrections.py, authoring.py)."""
    review = sub.add_parser("review", help="HTML review pages for the records in OUT",
                            description="Write OUT/review/: a page per document (page images with every "
                            "value boxed by confidence, the record as the form's tables, flagged values "
                            "first) and index.html.")
    review.add_argument("out", metavar="OUT", help="output directory of 'filing-extract run' (with json)")
    review.add_argument("--password", help="password for encrypted source PDFs")
    review.set_defaults(func=cmd_review)
    apply = sub.add_parser("apply-corrections", help="merge a corrections file into a record and its XML",
                           description="Apply a corrections file saved from a review page to OUT/<stem>.json "
                           "and rewrite OUT/<stem>.xml; each change is recorded as a 'manual' correction.")
    apply.add_argument("corrections", metavar="CORRECTIONS.json")
    apply.add_argument("--out", required=True, help="the directory holding the record")
    apply.set_defaults(func=cmd_apply_corrections)
    layouts = sub.add_parser("layouts", help="list layouts, draw one over a page, scaffold one from a blank form")
    verbs = layouts.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list", help="the layouts found: name, form, file, description")
    layouts_option(listing)
    listing.set_defaults(func=cmd_layouts_list)
    show = verbs.add_parser("show", help="draw a layout over a page of a file as PNG",
                            description="Draw what LAYOUT finds on a page of FILE (anchors, the words each "
                            "field's box takes, table header cells and rows, section headings) and print "
                            "where each entry was found.")
    show.add_argument("layout", metavar="LAYOUT", help="layout name, or a layout file")
    show.add_argument("file", metavar="FILE")
    show.add_argument("--page", type=int, default=1, help="page number (default 1)")
    show.add_argument("--png", help="output PNG (default: <FILE stem>-<LAYOUT>-p<N>.png here)")
    layouts_option(show)
    show.add_argument("--password", help="password for an encrypted PDF")
    show.set_defaults(func=cmd_layouts_show)
    new = verbs.add_parser("new", help="scaffold a layout file from a blank form",
                           description="Write a layout scaffold read off a blank form's printed labels "
                           "and ruling lines; a person names its TODO entries.")
    new.add_argument("--from", dest="blank", required=True, metavar="BLANK.pdf")
    new.add_argument("--name", help="layout name (default: the blank's file stem)")
    new.add_argument("--form", default="4", choices=["3", "4", "5"], help="form type (default 4)")
    new.add_argument("--out", help="output YAML file (default: print it)")
    new.set_defaults(func=cmd_layouts_new)


def layouts_option(parser) -> None:
    parser.add_argument("--layouts", action="append", default=[], metavar="DIR",
                        help="extra directory of layout files (searched first)")


def _layout_dirs(args) -> list[Path]:
    return [Path(d) for d in args.layouts] + layout_dirs()


def cmd_layouts_list(args) -> int:
    from .authoring import describe_layouts
    print("\n".join(describe_layouts(load_layouts(_layout_dirs(args)))))
    return 0


def cmd_layouts_show(args) -> int:
    from .authoring import find_layout, show_layout
    layout = find_layout(args.layout, _layout_dirs(args))
    if layout is None:
        print(f"filing-extract: no layout named {args.layout!r} (see 'filing-extract layouts list')",
              file=sys.stderr)
        return EXIT_USAGE
    source = Path(args.file)
    if not source.is_file():
        print(f"filing-extract: no such file: {source}", file=sys.stderr)
        return EXIT_USAGE
    png = Path(args.png or f"{source.stem}-{layout.name}-p{args.page}.png")
    try:
        report = show_layout(layout, source, args.page, png, args.password)
    except ValueError as exc:
        print(f"filing-extract: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print("\n".join(report + [str(png)]))
    return 0


def cmd_layouts_new(args) -> int:
    from .authoring import scaffold_layout, scaffold_yaml
    from .pipeline import read_pages
    blank = Path(args.blank)
    if not blank.is_file():
        print(f"filing-extract: no such file: {blank}", file=sys.stderr)
        return EXIT_USAGE
    text = scaffold_yaml(scaffold_layout(read_pages(blank), args.name or blank.stem, args.form), str(blank))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0


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
