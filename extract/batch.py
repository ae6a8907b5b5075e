"""Batch runs: one pure task per document, run by a local process pool or by Dask.

``convert(task, options)`` turns one input into a ``DocResult`` holding the
bytes of every output; it writes nothing.  The process that owns the output
directory (the CLI, or the Dask client) writes them with ``commit`` -- each
file under a temporary name, then renamed -- and appends the document's line to
the manifest last, so a run killed at any moment leaves whole files only and a
rerun redoes exactly the documents without a manifest line.

Guards: every document runs in a worker process (spawned, so the same on every
platform) with an address-space limit; a document that runs past ``--timeout``
has its worker killed and replaced, and a worker that dies is replaced too; the
document is recorded as failed with the reason.
"""
from __future__ import annotations

import atexit
import hashlib
import multiprocessing
import os
import resource
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__, manifest
from .errors import ExtractError, ResourceLimit, UnreadableInput, WorkerDied
from .progress import Progress
from .writers import csv_rows, csv_text, json_bytes, text_bytes, to_json, to_xml, write_atomic

EXIT_INTERNAL = 10  # a bug: an unexpected exception while extracting a document
PARTS = ".batch"    # per-document pieces of the combined outputs, inside OUT
COMBINED = {"csv": "transactions.csv", "jsonl": "records.jsonl"}


@dataclass(frozen=True)
class Options:
    """Everything a worker needs besides the document; the same for every task of a run."""
    formats: frozenset[str]
    layouts: tuple | None = None      # loaded from --layouts; None: the built-in set
    password: str | None = None
    explain: bool = False
    timeout: float | None = None      # seconds per document
    memory_mb: int | None = None      # address-space limit of a worker
    debug_images: str | None = None   # directory for the scan debug drawings (--debug-images)
    page_workers: int = 1             # a scan's pages read at a time in one worker (threads)


@dataclass(frozen=True)
class Task:
    path: str                 # the input as found (for messages, the manifest and the record's source)
    name: str                 # output stem, unique within the run
    data: bytes | None = None  # the file's bytes, for workers that cannot see the path (Dask)


@dataclass
class DocResult:
    """What happened to one input, with its outputs as bytes (not yet written)."""
    path: str
    name: str
    status: str = "failed"    # ok | flagged | failed
    size: int | None = None
    sha256: str = ""
    form: str = ""
    layout: str = ""
    pages: int | None = None
    seconds: float = 0.0
    flagged: int = 0
    error_class: str = ""
    error: str = ""
    exit_code: int = 0
    files: dict[str, bytes] = field(default_factory=dict)   # per-document outputs by file name
    csv: bytes = b""          # this document's lines of transactions.csv (no header)
    jsonl: bytes = b""        # this document's line of records.jsonl
    explain: str = ""
    tool_version: str = __version__
    peak_mb: float | None = None  # the worker's peak resident memory while it extracted this document

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    def fail(self, exc: BaseException) -> DocResult:
        if isinstance(exc, ExtractError):
            self.error, self.exit_code = str(exc), exc.exit_code
        else:  # a bug must not stop the batch; it is recorded as one
            self.error, self.exit_code = f"internal error: {exc!r}", EXIT_INTERNAL
        self.status, self.error_class = "failed", type(exc).__name__
        self.files, self.csv, self.jsonl, self.explain = {}, b"", b"", ""
        return self


# Each 300 dpi page being read holds up to about 80 MB (clean-up's peak), and with tesserocr each
# page thread keeps a tesseract engine: a 3-page 300 dpi scan, peak of one worker 208 / 307 / 376 MB
# with one / two / three page threads (tesseract as a command), 241 / 377 / 385 MB (tesserocr);
# three keep a worker under 500 MB.
MAX_PAGE_THREADS = 3
# A worker's address space (what --memory-limit caps) grows faster with page threads: on the same
# scan 620 / 867 / 1002 MB (command), 705 / 923 / 1019 MB (tesserocr); one page thread per 512 MB.
ADDRESS_SPACE_PER_PAGE_MB = 512


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def file_identity(path: Path) -> tuple[int, str]:
    """Size and sha256 of a file, read in blocks."""
    with open(path, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    return path.stat().st_size, digest


def cannot_read(path: Path, exc: OSError) -> UnreadableInput:
    return UnreadableInput(f"{path.name}: cannot read ({exc.strerror})")


def _reset_peak_memory() -> None:
    """Linux: restart the process's resident-memory high-water mark (VmHWM), so it is per document."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _peak_memory_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the process's lifetime peak


def extract(*args, **kwargs):
    """The pipeline (pipeline.extract), imported in the worker that runs it: the CLI's own
    process then never loads the PDF, image and OCR libraries."""
    from .pipeline import extract as run_pipeline
    return run_pipeline(*args, **kwargs)


def _extract_task(task: Task, options: Options, result: DocResult):
    layouts = list(options.layouts) if options.layouts is not None else None
    if task.data is None:
        path = Path(task.path)
        try:
            result.size, result.sha256 = file_identity(path)
        except OSError as exc:
            raise cannot_read(path, exc) from None
        return extract(path, layouts=layouts, password=options.password, debug_images=options.debug_images,
                       page_workers=options.page_workers)
    result.size, result.sha256 = len(task.data), hashlib.sha256(task.data).hexdigest()
    with tempfile.TemporaryDirectory(prefix="filing-extract-") as tmp:
        local = Path(tmp) / Path(task.path).name  # same name: readers choose by suffix, messages name it
        local.write_bytes(task.data)
        record = extract(local, layouts=layouts, password=options.password, debug_images=options.debug_images,
                         page_workers=options.page_workers)
    record.source = task.path
    return record


def _out_of_memory(exc: BaseException, depth: int = 0) -> bool:
    """A MemoryError, or an error raised because of one (libraries wrap it: pdfplumber in a
    PdfminerException, our PDF reader in an UnreadableInput)."""
    if isinstance(exc, MemoryError):
        return True
    if depth > 4:
        return False
    inner = [exc.__cause__, exc.__context__, *(a for a in exc.args if isinstance(a, BaseException))]
    return any(e is not None and _out_of_memory(e, depth + 1) for e in inner)


def convert(task: Task, options: Options) -> DocResult:
    """Extract one document into output bytes; never raises for a bad document."""
    _reset_peak_memory()
    start = time.perf_counter()
    result = DocResult(task.path, task.name)
    try:
        record = _extract_task(task, options, result)
        result.status = "flagged" if record.flagged else "ok"
        result.form, result.layout, result.pages = record.form_type or "", record.layout, record.pages
        result.flagged = len(record.flagged)
        if "xml" in options.formats:
            result.files[f"{task.name}.xml"] = to_xml(record)
        if "json" in options.formats:
            result.files[f"{task.name}.json"] = to_json(record)
        if "csv" in options.formats:
            result.csv = text_bytes(csv_text(csv_rows(record, task.name), header=False))
        if "jsonl" in options.formats:
            line = {"name": task.name, **record.to_dict()}  # name: the output stem, as in the manifest
            result.jsonl = json_bytes(line)
        if options.explain:
            from .cli import explain  # the CLI's wording; made here, where the record is
            result.explain = text_bytes(explain(record)).decode("utf-8")  # printable whatever the file name
    except Exception as exc:
        if _out_of_memory(exc):
            exc = ResourceLimit(f"{Path(task.path).name}: needs more memory than the limit of "
                                f"{options.memory_mb} MB per worker (--memory-limit)")
        result.fail(exc)
    result.seconds = time.perf_counter() - start
    result.peak_mb = round(_peak_memory_mb(), 1)
    return result


# ---------------------------------------------------------------- guarded workers

def init_worker(memory_mb: int | None) -> None:
    """Runs once in every worker process."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's own threads are slower than ours
    _stop_children_with_worker()
    if memory_mb:
        limit = memory_mb * 2**20
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _stop_children_with_worker() -> None:
    """A worker stopped by ``--timeout`` (the pool sends SIGTERM) first kills the ``tesseract``
    commands it started: they would otherwise run on, orphaned, to the end of their montage."""
    stop_worker = signal.getsignal(signal.SIGTERM)

    def stop(signum, frame):
        for pid in _child_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:  # ended meanwhile
                pass
        if callable(stop_worker):
            stop_worker(signum, frame)
        else:
            os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def _child_pids() -> list[int]:
    """This process's children, from every thread's list in /proc (Linux; elsewhere none)."""
    pids = []
    for listing in Path("/proc/self/task").glob("*/children"):
        try:
            pids += [int(pid) for pid in listing.read_text().split()]
        except OSError:
            pass
    return pids


# A worker process is replaced after this many documents: whatever a library leaks or caches
# over a long run is dropped, for half a second of start-up every few hundred documents.
DOCUMENTS_PER_WORKER = 200


def make_pool(workers: int, options: Options):
    from pebble import ProcessPool
    return ProcessPool(max_workers=workers, max_tasks=DOCUMENTS_PER_WORKER, initializer=init_worker,
                       initargs=(options.memory_mb,), context=multiprocessing.get_context("spawn"))


def failed_result(task: Task, exc: BaseException, seconds: float = 0.0) -> DocResult:
    """A result made outside the worker, for a document whose worker could not report."""
    result = DocResult(task.path, task.name, seconds=seconds)
    try:
        if task.data is not None:
            result.size, result.sha256 = len(task.data), hashlib.sha256(task.data).hexdigest()
        else:
            result.size, result.sha256 = file_identity(Path(task.path))
    except OSError:
        pass
    return result.fail(exc)


def _describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def outcome(future, task: Task, options: Options, started: float) -> DocResult:
    """The result of a scheduled task, or a failed result saying why the worker gave none."""
    from pebble import ProcessExpired
    name = Path(task.path).name
    try:
        return future.result()
    except TimeoutError:
        return failed_result(task, ResourceLimit(
            f"{name}: stopped after the time limit of {options.timeout:g} s (--timeout)"), options.timeout)
    except ProcessExpired as exc:
        hint = (f"; it may have exceeded the memory limit of {options.memory_mb} MB (--memory-limit)"
                if options.memory_mb else "")
        return failed_result(task, WorkerDied(
            f"{name}: the worker process died ({_describe_exit(exc.exitcode)}){hint}"),
            time.perf_counter() - started)
    except Exception as exc:  # e.g. a result that could not be sent back
        return failed_result(task, exc, time.perf_counter() - started)


def largest_first(tasks: list[Task]) -> list[Task]:
    """The tasks, the largest files first (as they came among equals): when the last documents
    run, a core waits for the longest of them, which is then a short one.  A file that cannot be
    read counts as empty (its worker reports it)."""
    def size(task: Task) -> int:
        if task.data is not None:
            return len(task.data)
        try:
            return os.stat(task.path).st_size
        except OSError:
            return 0

    return sorted(tasks, key=size, reverse=True)


def run_local(tasks: Iterable[Task], options: Options, workers: int, last: Options | None = None
              ) -> Iterator[DocResult]:
    """Results in completion order; at most two tasks per worker are queued at a time.  The last
    task runs with ``last`` when given (more page threads: when it runs, the other workers are
    finishing their last documents, and then their cores would wait for it)."""
    pool = make_pool(workers, options)
    pending: dict = {}
    todo = iter(tasks)
    task = next(todo, None)

    def top_up() -> None:
        nonlocal task
        while task is not None and len(pending) < 2 * workers:
            after = next(todo, None)
            given = last if after is None and last is not None else options
            future = pool.schedule(convert, args=(task, given), timeout=options.timeout)
            pending[future] = (task, time.perf_counter())
            task = after

    finished = False
    try:
        top_up()
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                finished_task, started = pending.pop(future)
                yield outcome(future, finished_task, options, started)
            top_up()
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # interrupted, or the consumer stopped: do not wait for running documents
            pool.stop()
        pool.join()


# ---------------------------------------------------------------- Dask

_guard_lock = threading.Lock()
_guard_pool = None


def convert_guarded(task: Task, options: Options) -> DocResult:
    """The Dask task: ``convert`` in a worker process of this Dask worker, with the same guards.
    The processes are started by the first task a Dask worker gets and live as long as it does."""
    global _guard_pool
    with _guard_lock:
        if _guard_pool is None:
            try:
                from distributed import get_worker
                threads = get_worker().state.nthreads
            except (ImportError, ValueError, AttributeError):
                threads = 1
            _guard_pool = make_pool(max(1, threads), options)
            atexit.register(_guard_pool.stop)
        pool = _guard_pool
    started = time.perf_counter()
    future = pool.schedule(convert, args=(task, options), timeout=options.timeout)
    return outcome(future, task, options, started)


def run_dask(tasks: Iterable[Task], options: Options, scheduler: str) -> Iterator[DocResult]:
    """Results in completion order from a Dask cluster.  The inputs' bytes travel with the
    tasks, so workers need no shared file system; at most two tasks per Dask thread are out."""
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        window = max(2, 2 * sum(client.nthreads().values()))
        todo = iter(tasks)
        running = as_completed()
        task_of: dict[str, Task] = {}
        unreadable: list[DocResult] = []

        def top_up() -> None:
            while len(task_of) < window:
                task = next(todo, None)
                if task is None:
                    return
                try:
                    data = Path(task.path).read_bytes()
                except OSError as exc:
                    unreadable.append(failed_result(task, cannot_read(Path(task.path), exc)))
                    continue
                future = client.submit(convert_guarded, replace(task, data=data), options, pure=False)
                task_of[future.key] = task
                running.add(future)

        top_up()
        while unreadable:
            yield unreadable.pop()
        for future in running:
            task = task_of.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # e.g. KilledWorker: the Dask worker itself died, more than once
                result = failed_result(task, WorkerDied(
                    f"{Path(task.path).name}: the Dask worker running it died ({type(exc).__name__}: {exc})"))
            yield result
            top_up()
            while unreadable:
                yield unreadable.pop()


# ---------------------------------------------------------------- writing results, resuming

def document_outputs(name: str, formats) -> list[str]:
    return [f"{name}.{fmt}" for fmt in ("xml", "json") if fmt in formats]


def part_files(out: Path, name: str, formats) -> list[Path]:
    return [out / PARTS / f"{name}.{fmt}" for fmt in COMBINED if fmt in formats]


def commit(result: DocResult, out: Path, formats) -> list[str]:
    """Write one result's files (each atomically) and remove what an earlier run left under its
    name; returns the per-document output file names."""
    name = result.name
    written = list(result.files) if result.ok else [f"{name}.error.json"]
    for stale in (f"{name}.xml", f"{name}.json", f"{name}.error.json"):
        if stale not in written:
            (out / stale).unlink(missing_ok=True)
    if not result.ok:
        for part in part_files(out, name, COMBINED):
            part.unlink(missing_ok=True)
        err = {"input": result.path, "error_class": result.error_class, "message": result.error,
               "exit_code": result.exit_code, "tool_version": result.tool_version}
        write_atomic(out / f"{name}.error.json", json_bytes(err, indent=1))
        return written
    for file_name, data in result.files.items():
        write_atomic(out / file_name, data)
    pieces = {"csv": result.csv, "jsonl": result.jsonl}
    for part in part_files(out, name, formats):
        part.parent.mkdir(exist_ok=True)
        write_atomic(part, pieces[part.suffix[1:]])
    return written


def already_done(entry: dict | None, task: Task, formats, retry_failed: bool, out: Path) -> bool:
    """True when the manifest says this very file (same content, same tool version) was done,
    with the outputs this run asks for still in place."""
    if not entry or entry.get("tool_version") != __version__ or entry.get("name") != task.name:
        return False
    if entry.get("status") == "failed":
        if retry_failed:
            return False
        wanted = [out / f"{task.name}.error.json"]
    elif entry.get("status") in ("ok", "flagged"):
        names = document_outputs(task.name, formats)
        if not set(names) <= set(entry.get("outputs") or []):
            return False
        wanted = [out / n for n in names] + part_files(out, task.name, formats)
    else:
        return False
    if not all(p.exists() for p in wanted):
        return False
    try:
        if Path(task.path).stat().st_size != entry.get("size"):  # cheap check before hashing
            return False
        return file_identity(Path(task.path))[1] == entry.get("sha256")
    except OSError:
        return False


def _concatenate(target: Path, header: bytes, pieces: Iterable[Path]) -> None:
    """Write header + pieces to target under a temporary name, then rename."""
    tmp = target.with_name(f".{target.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(header)
        for piece in pieces:
            try:
                fh.write(piece.read_bytes())
            except FileNotFoundError:  # a failed document has no piece
                pass
    tmp.replace(target)


def write_combined(out: Path, names: list[str], formats) -> None:
    """The batch's combined outputs, from the pieces of its documents, in input order."""
    headers = {"csv": text_bytes(csv_text([])), "jsonl": b""}
    for fmt, file_name in COMBINED.items():
        if fmt in formats:
            _concatenate(out / file_name, headers[fmt], (out / PARTS / f"{n}.{fmt}" for n in names))


def remove_temporaries(out: Path) -> None:
    """Half-written files of a run that was killed (write_atomic's temporary names)."""
    for folder in (out, out / PARTS):
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def run_batch(tasks: list[Task], out: Path, options: Options, workers: int = 1,
              scheduler: str | None = None, retry_failed: bool = False, quiet: bool = False) -> int:
    """Run every task not already done, write outputs and manifest; returns the exit status:
    0, or the largest exit code among the batch's failed inputs (this run's and earlier ones')."""
    out.mkdir(parents=True, exist_ok=True)
    remove_temporaries(out)
    entries = manifest.load(out / manifest.MANIFEST)
    if entries and not quiet:  # hashing a large archive again takes a while: say what is going on
        print(f"checking the inputs against {out / manifest.MANIFEST} ({len(entries)} lines)", file=sys.stderr)
    todo, codes = [], []
    for task in tasks:
        key = manifest.input_key(task.path)
        if already_done(entries.get(key), task, options.formats, retry_failed, out):
            codes.append(entries[key].get("exit_code") or 0)
        else:
            todo.append(task)
            entries.pop(key, None)
    progress = Progress(len(tasks), skipped=len(tasks) - len(todo), quiet=quiet)
    try:
        with manifest.Manifest(out, entries) as log:
            if not todo:
                results: Iterable[DocResult] = ()
            elif scheduler:
                results = run_dask(todo, options, scheduler)
            else:
                workers = max(1, min(workers, len(todo)))
                # cores the documents leave idle read a scan's pages in parallel (never more
                # threads than cores: each runs its page's tesseract), within a worker's memory;
                # the last document, which other cores would wait for, on all of them
                def page_threads(cores: int) -> int:
                    threads = min(cores, MAX_PAGE_THREADS)
                    if options.memory_mb:
                        threads = min(threads, options.memory_mb // ADDRESS_SPACE_PER_PAGE_MB)
                    return max(1, threads)

                last = replace(options, page_workers=page_threads(available_cores()))
                options = replace(options, page_workers=page_threads(available_cores() // workers))
                if workers > 1:
                    results = run_local(largest_first(todo), options, workers, last)
                else:
                    results = run_local(todo, options, workers)
            for result in results:
                outputs = commit(result, out, options.formats)
                log.append(manifest.entry(result, outputs))
                progress.update(result.status)
                if not result.ok:
                    codes.append(result.exit_code)
                    progress.message(f"FAILED {result.path}: {result.error_class}: {result.error}")
                if result.explain:
                    print(result.explain, flush=True)
    finally:
        progress.close()
        write_combined(out, [t.name for t in tasks], options.formats)
    failed = sum(1 for c in codes if c)
    if not quiet:
        print(f"{progress.status_line()}\n{len(tasks) - failed} of {len(tasks)} documents extracted to {out}"
              + (f"; {failed} failed (see {manifest.MANIFEST} and *.error.json)" if failed else ""),
              file=sys.stderr)
    return max(codes, default=0)
