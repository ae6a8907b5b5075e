"""Command line: ``filing-extract run INPUT... --out DIR [--format xml,json,csv]``."""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import ExtractError
from .layout import load_layouts, layout_dirs
from .pipeline import extract
from .writers import csv_rows, csv_text, to_json, to_xml, write_atomic

FORMATS = ("xml", "json", "csv")
EXIT_USAGE = 2
EXIT_INTERNAL = 10  # a bug: an unexpected exception while extracting a document


@dataclass
class DocResult:
    """What happened to one input; the run loop only collects these."""
    path: Path
    name: str                      # output stem, unique within the run
    ok: bool
    seconds: float
    outputs: list[str] = field(default_factory=list)
    error: str = ""
    error_class: str = ""
    exit_code: int = 0
    form: str = ""
    layout: str = ""
    flagged: int = 0
    csv: list[dict] = field(default_factory=list)
    explain: str = ""


# File types a directory walk picks up; a file named on the command line is always tried.
INPUT_SUFFIXES = {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"}


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
    """Output stems: the file's stem; a later input with a stem already taken gets -2, -3, ..."""
    seen: dict[str, int] = {}
    names = []
    for f in files:
        stem = f.stem
        n = seen.get(stem.lower(), 0) + 1
        seen[stem.lower()] = n
        names.append(stem if n == 1 else f"{stem}-{n}")
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


def process(path: Path, name: str, out: Path, formats: set[str], layouts, password,
            want_explain: bool, debug_images: Path | None = None) -> DocResult:
    """Extract one document and write its outputs; never raises for a bad document."""
    start = time.perf_counter()
    for stale in (out / f"{name}.xml", out / f"{name}.json", out / f"{name}.error.json"):
        stale.unlink(missing_ok=True)
    try:
        record = extract(path, layouts=layouts, password=password, debug_images=debug_images)
        result = DocResult(path, name, True, 0.0, form=record.form_type or "",
                           layout=record.layout, flagged=len(record.flagged))
        if "xml" in formats:
            write_atomic(out / f"{name}.xml", to_xml(record))
            result.outputs.append(f"{name}.xml")
        if "json" in formats:
            write_atomic(out / f"{name}.json", to_json(record))
            result.outputs.append(f"{name}.json")
        if "csv" in formats:
            result.csv = csv_rows(record, name)
        if want_explain:
            result.explain = explain(record)
    except ExtractError as exc:
        result = DocResult(path, name, False, 0.0, error=str(exc),
                           error_class=type(exc).__name__, exit_code=exc.exit_code)
    except Exception as exc:  # a bug must not stop the batch; it is recorded as one
        result = DocResult(path, name, False, 0.0, error=f"internal error: {exc!r}",
                           error_class=type(exc).__name__, exit_code=EXIT_INTERNAL)
    result.seconds = time.perf_counter() - start
    if not result.ok:
        for partial in result.outputs:
            (out / partial).unlink(missing_ok=True)
        result.outputs = []
        err = {"input": str(path), "error_class": result.error_class, "message": result.error,
               "exit_code": result.exit_code, "tool_version": __version__}
        write_atomic(out / f"{name}.error.json", json.dumps(err, indent=1).encode() + b"\n")
    return result


def cmd_run(args) -> int:
    formats = {f.strip() for f in args.format.split(",") if f.strip()}
    bad = formats - set(FORMATS)
    if bad or not formats:
        print(f"filing-extract: --format takes a comma list of {', '.join(FORMATS)}", file=sys.stderr)
        return EXIT_USAGE
    files = collect_inputs(args.inputs)
    missing = [f for f in files if not f.exists()]
    if missing:
        print(f"filing-extract: no such file: {missing[0]}", file=sys.stderr)
        return EXIT_USAGE
    if not files:
        print("filing-extract: no input files found", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    layouts = load_layouts([Path(d) for d in args.layouts] + layout_dirs() if args.layouts else None)
    results = []
    all_csv: list[dict] = []
    for i, (path, name) in enumerate(zip(files, output_names(files)), 1):
        r = process(path, name, out, formats, layouts, args.password, args.explain,
                    Path(args.debug_images) if args.debug_images else None)
        results.append(r)
        all_csv.extend(r.csv)
        if not args.quiet:
            status = f"ok  Form {r.form} ({r.layout})" + (f", {r.flagged} flagged" if r.flagged else "") \
                if r.ok else f"FAILED {r.error_class}: {r.error}"
            print(f"[{i}/{len(files)}] {path}: {status}  {r.seconds:.2f}s", file=sys.stderr)
        if r.explain:
            print(r.explain)
    if "csv" in formats:
        write_atomic(out / "transactions.csv", csv_text(all_csv).encode("utf-8"))
    failed = [r for r in results if not r.ok]
    if not args.quiet:
        print(f"{len(results) - len(failed)} of {len(results)} documents extracted to {out}"
              + (f"; {len(failed)} failed (see *.error.json)" if failed else ""), file=sys.stderr)
    return max((r.exit_code for r in failed), default=0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="filing-extract", description=__doc__)
    parser.add_argument("--version", action="version", version=f"filing-extract {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract records from filings",
                         description="Extract Forms 3/4/5 into EDGAR XML, JSON and CSV. "
                         "Exit status: 0 all inputs extracted; 2 usage error; otherwise the "
                         "largest failure code: 3 unreadable, 4 encrypted, 5 unsupported type, "
                         "6 unrecognized form, 7 bad layout file, 10 internal error.")
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories (walked recursively)")
    run.add_argument("--out", required=True, help="output directory")
    run.add_argument("--format", default="xml,json", help="comma list of xml, json, csv (default xml,json)")
    run.add_argument("--password", help="password for encrypted PDFs")
    run.add_argument("--layouts", action="append", default=[], metavar="DIR",
                     help="extra directory of layout files (searched first)")
    run.add_argument("--explain", action="store_true", help="print every correction and flag")
    run.add_argument("--quiet", action="store_true", help="no progress lines")
    run.add_argument("--debug-images", metavar="DIR",
                     help="write a PNG per scanned page showing the lines, cells and values read")
    run.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ExtractError as exc:  # e.g. a malformed layout file
        print(f"filing-extract: {exc}", file=sys.stderr)
        return exc.exit_code
