"""Batch runs: one batch of good and bad inputs, resume, kill -9 and resume, worker guards, Dask."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from defusedxml import ElementTree as ET  # reading XML: no DTDs, no entities

import badinputs
from extract import manifest
from extract.batch import Options, Task, convert, make_pool, outcome
from extract.writers import text_bytes

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").rglob("*.pdf"))
GOOD = ROOT / "samples" / "edgar" / "0001209191-20-042779.pdf"
PASSWORD = "s3cret"
CLEAR_FAILURES = {3, 4, 5, 6, 8}  # a document's own fault, said clearly: never 9 (worker died) or 10 (bug)
LATIN1_NAME = "café-latin1.pdf".encode("latin-1")


def run_cli(*args, timeout: int = 600, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", "run", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout, **kw)


def read_manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / manifest.MANIFEST).read_text(encoding="utf-8").splitlines()]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_form(pdf: Path) -> str:
    return ET.parse(pdf.with_suffix(".expected.xml")).getroot().findtext("documentType")


# ---------------------------------------------------------------- one batch of everything

@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    inp = tmp_path_factory.mktemp("in")
    out = tmp_path_factory.mktemp("out")
    good = inp / "good"
    good.mkdir()
    for pdf in SAMPLES:
        shutil.copy(pdf, good / pdf.name)
    bad = inp / "bad"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    badinputs.truncated_pdf(GOOD, bad / "truncated.pdf")
    badinputs.random_bytes(bad / "random.pdf")
    (bad / "page.pdf").write_text("<!DOCTYPE html>\n<html><body><h1>Form 4</h1></body></html>\n")
    badinputs.encrypted_pdf(GOOD, bad / "encrypted.pdf", PASSWORD)
    badinputs.zero_page_pdf(bad / "zero-pages.pdf")
    badinputs.bomb_pdf(bad / "bomb-page.pdf")
    badinputs.long_pdf(GOOD, bad / "long.pdf", pages=300, lines=8)
    badinputs.text_pdf(bad / "not-a-form.pdf", [["Quarterly report of Example Corp.",
                                                 "Revenue grew five percent on the year."]])
    badinputs.blank_pdf(bad / "blank.pdf")
    shutil.copy(GOOD, inp / "Ünïcødé – 表格 filing.pdf")
    shutil.copy(GOOD, inp / os.fsdecode(LATIN1_NAME))  # a name that is not UTF-8 at all
    for folder in ("a", "b"):
        (inp / folder).mkdir()
        shutil.copy(GOOD, inp / folder / "filing.pdf")
    # named explicitly: a directory walk takes only the input types the tool reads
    latin1 = inp / "notes-latin1.txt"
    latin1.write_bytes("Déclaration: Form 4 — relevé des opérations\n".encode("cp1252"))
    upside_down = badinputs.upside_down_png(GOOD, inp / "upside-down.png")
    bombs = [badinputs.bomb_png(inp / "bomb.png"), badinputs.bomb_tiff(inp / "bomb.tif")]
    args = [inp, latin1, upside_down, *bombs, "--out", out, "--workers", "2", "--timeout", "300",
            "--format", "xml,json,csv,jsonl"]
    first = run_cli(*args)
    first_lines = read_manifest(out)
    second = run_cli(*args, "--password", PASSWORD, "--retry-failed")
    return {"in": inp, "out": out, "first": first, "first_lines": first_lines, "second": second,
            "explicit": [latin1, upside_down, *bombs]}


def entries(batch) -> dict[str, dict]:
    """Manifest lines after the second run, by input path relative to the input folder."""
    return {str(Path(e["path"]).relative_to(batch["in"])): e for e in read_manifest(batch["out"])}


def inputs_of(batch) -> list[Path]:
    return list(batch["in"].rglob("*.pdf")) + batch["explicit"]


def test_every_input_once_in_manifest(batch):
    for lines in (batch["first_lines"], read_manifest(batch["out"])):
        paths = [e["path"] for e in lines]
        assert len(paths) == len(set(paths)), "an input has two manifest lines"
        assert sorted(paths) == sorted(os.path.abspath(p) for p in inputs_of(batch))
        for e in lines:
            assert set(e) == set(manifest.FIELDS), e
            assert e["status"] in ("ok", "flagged", "failed"), e


def test_manifest_identifies_files(batch):
    for rel, e in entries(batch).items():
        path = batch["in"] / rel
        assert e["size"] == path.stat().st_size, rel
        assert e["sha256"] == sha256(path), rel


def test_exit_code_is_largest_failure(batch):
    codes = [e["exit_code"] for e in batch["first_lines"]]
    assert batch["first"].returncode == max(codes), batch["first"].stderr
    assert batch["first"].returncode in CLEAR_FAILURES


@pytest.mark.parametrize("rel", [f"good/{p.name}" for p in SAMPLES]
                         + ["Ünïcødé – 表格 filing.pdf", os.fsdecode(LATIN1_NAME), "a/filing.pdf", "b/filing.pdf",
                            "bad/long.pdf"])
def test_good_documents_extracted(batch, rel):
    e = entries(batch)[rel]
    assert e["status"] in ("ok", "flagged"), e
    assert e["form"] in ("3", "4", "5") and e["layout"], e
    assert e["outputs"] == [f"{e['name']}.xml", f"{e['name']}.json"]
    out = batch["out"]
    ET.parse(out / f"{e['name']}.xml")
    assert json.loads((out / f"{e['name']}.json").read_text(encoding="utf-8"))["layout"] == e["layout"]
    assert not (out / f"{e['name']}.error.json").exists()


def test_non_ascii_and_same_names(batch):
    by_rel = entries(batch)
    assert by_rel["Ünïcødé – 表格 filing.pdf"]["name"] == "Ünïcødé – 表格 filing"
    assert (batch["out"] / "Ünïcødé – 表格 filing.xml").is_file()
    assert os.path.exists(os.fsencode(batch["out"]) + b"/caf\xe9-latin1.xml")
    assert {by_rel["a/filing.pdf"]["name"], by_rel["b/filing.pdf"]["name"]} == {"filing", "filing-2"}
    out = batch["out"]
    assert (out / "filing.xml").read_bytes() == (out / "filing-2.xml").read_bytes()


BAD = {  # input: (error classes accepted, words the message must hold)
    "bad/empty.pdf": ({"UnreadableInput"}, "empty"),
    "bad/truncated.pdf": ({"UnreadableInput"}, "truncated.pdf"),
    "bad/random.pdf": ({"UnreadableInput", "UnsupportedInput"}, "not a pdf"),
    "bad/page.pdf": ({"UnreadableInput", "UnsupportedInput"}, "not a pdf"),
    "bad/zero-pages.pdf": ({"UnreadableInput"}, "no pages"),
    "bad/not-a-form.pdf": ({"UnrecognizedForm"}, "unrecognized form"),
    "bad/blank.pdf": ({"UnrecognizedForm", "UnreadableInput"}, "blank"),
    "notes-latin1.txt": ({"UnrecognizedForm", "UnsupportedInput", "UnreadableInput"}, ""),
    # 1.2 gigapixels behind one page: refused or found blank, quickly; never a crash
    "bad/bomb-page.pdf": ({"UnrecognizedForm", "UnreadableInput", "ResourceLimit"}, ""),
}


@pytest.mark.parametrize("rel", sorted(BAD))
def test_bad_input_recorded_clearly(batch, rel):
    classes, words = BAD[rel]
    e = entries(batch)[rel]
    assert e["status"] == "failed", e
    assert e["error_class"] in classes, e
    assert e["exit_code"] in CLEAR_FAILURES, e
    assert words in e["error"].lower() or words in e["error"], e
    assert e["outputs"] == [f"{e['name']}.error.json"]
    err = json.loads((batch["out"] / f"{e['name']}.error.json").read_text(encoding="utf-8"))
    assert err["error_class"] == e["error_class"] and err["message"] == e["error"]
    assert not (batch["out"] / f"{e['name']}.xml").exists()
    assert not (batch["out"] / f"{e['name']}.json").exists()


def test_encrypted_needs_password(batch):
    first = {Path(e["path"]).name: e for e in batch["first_lines"]}["encrypted.pdf"]
    assert first["status"] == "failed" and first["error_class"] == "EncryptedInput", first
    assert first["exit_code"] == 4 and "--password" in first["error"]
    second = entries(batch)["bad/encrypted.pdf"]
    assert second["status"] in ("ok", "flagged"), second
    assert second["form"] == expected_form(GOOD)
    assert not (batch["out"] / "encrypted.error.json").exists()
    assert (batch["out"] / "encrypted.xml").read_bytes() == (batch["out"] / "filing.xml").read_bytes()


def test_long_document_in_bounded_memory(batch):
    """300 pages are read one at a time: the worker's peak stays far below what caching all pages
    takes (over 400 MB for this file when pdfplumber keeps every page's objects)."""
    e = entries(batch)["bad/long.pdf"]
    assert e["pages"] == 300
    assert e["peak_mb"] is not None and e["peak_mb"] < 250, e


def test_rerun_skips_done_and_retries_failed(batch):
    first = {e["path"]: e for e in batch["first_lines"]}
    for e in read_manifest(batch["out"]):
        before = first[e["path"]]
        if before["status"] != "failed":  # done: skipped, its line kept as it was
            assert e == before
    assert "skipped" in batch["second"].stderr


def test_combined_outputs(batch):
    out = batch["out"]
    done = [e for e in read_manifest(out) if e["status"] != "failed"]
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["name"] for r in records) == sorted(e["name"] for e in done)
    import csv
    with open(out / "transactions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    from_json = sorted((r["name"], len(r["rows"])) for r in records)
    counted = {}
    for row in rows:
        counted[row["document"]] = counted.get(row["document"], 0) + 1
    as_written = {name: text_bytes(name).decode() for name, _ in from_json}  # a non-UTF-8 name is escaped
    assert sorted((name, counted.get(as_written[name], 0)) for name, _ in from_json) == from_json


def test_no_temporary_files_left(batch):
    assert not [p for p in batch["out"].rglob("*") if p.name.endswith(".tmp")]


def test_upside_down_scan_extracted(batch):
    e = entries(batch)["upside-down.png"]
    assert e["status"] in ("ok", "flagged"), e
    assert e["form"] == expected_form(GOOD), e


@pytest.mark.parametrize("rel", ["bomb.png", "bomb.tif"])
def test_image_over_pixel_limit_refused(batch, rel):
    """400 megapixels in 50 KB: refused by the pixel limit before decoding, not a worker killed."""
    e = entries(batch)[rel]
    assert e["status"] == "failed" and e["exit_code"] in (3, 8), e
    assert any(w in e["error"].lower() for w in ("pixel", "bomb", "too large")), e


# ---------------------------------------------------------------- kill -9, then resume

def test_kill_and_resume(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(4):
        for pdf in SAMPLES:
            shutil.copy(pdf, inp / f"{i}-{pdf.name}")
    total = 4 * len(SAMPLES)
    args = [sys.executable, "-m", "extract", "run", str(inp), "--out", str(out), "--workers", "1",
            "--format", "xml,json,csv", "--quiet"]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    try:
        while not list(out.glob("*.xml")) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its worker too
        except ProcessLookupError:
            pass
    lines = (out / manifest.MANIFEST).read_bytes().splitlines()
    assert len(lines) < total, "the run finished before it was killed; the test proved nothing"
    with open(out / manifest.MANIFEST, "ab") as fh:  # as if killed in the middle of a line
        fh.write(b'{"path": "' + str(inp).encode() + b'/torn')

    again = run_cli(inp, "--out", out, "--workers", "1", "--format", "xml,json,csv")
    assert again.returncode == 0, again.stderr
    done = read_manifest(out)
    assert sorted(e["path"] for e in done) == sorted(os.path.abspath(p) for p in inp.iterdir())
    assert all(e["status"] in ("ok", "flagged") for e in done)
    for e in done:
        ET.parse(out / f"{e['name']}.xml")
        json.loads((out / f"{e['name']}.json").read_text(encoding="utf-8"))
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    import csv
    with open(out / "transactions.csv", newline="", encoding="utf-8") as fh:
        documents = {row["document"] for row in csv.DictReader(fh)}
    # every document with table rows (a Form 3 owning nothing has none)
    with_rows = {e["name"] for e in done if json.loads((out / f"{e['name']}.json").read_text(encoding="utf-8"))["rows"]}
    assert documents == with_rows


def test_resume_redoes_what_changed(tmp_path):
    """Skipped: same content, outputs in place.  Redone: new content under the same path, a deleted
    output, a format asked for that was not made."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    others = [p for p in SAMPLES if p != GOOD]
    shutil.copy(GOOD, inp / "same.pdf")
    shutil.copy(GOOD, inp / "changed.pdf")
    shutil.copy(GOOD, inp / "deleted-output.pdf")
    assert run_cli(inp, "--out", out, "--workers", "1", "--format", "xml").returncode == 0
    first = {e["name"]: e for e in read_manifest(out)}
    shutil.copy(others[0], inp / "changed.pdf")
    (out / "deleted-output.xml").unlink()
    rerun = run_cli(inp, "--out", out, "--workers", "1", "--format", "xml")
    assert rerun.returncode == 0 and "1 skipped" in rerun.stderr, rerun.stderr
    second = {e["name"]: e for e in read_manifest(out)}
    assert len(read_manifest(out)) == 3
    assert second["same"] == first["same"]
    assert second["changed"]["sha256"] == sha256(others[0]) != first["changed"]["sha256"]
    assert (out / "changed.xml").read_bytes() != (out / "same.xml").read_bytes()
    assert (out / "deleted-output.xml").is_file()
    assert run_cli(inp, "--out", out, "--workers", "1", "--format", "xml,json").returncode == 0
    assert all(e["outputs"] == [f"{e['name']}.xml", f"{e['name']}.json"] for e in read_manifest(out))


@pytest.mark.parametrize("option", [["--workers", "0"], ["--timeout", "-5"],
                                    ["--memory-limit", "100"], ["--memory-limit", "-1"]])
def test_bad_batch_option_is_usage_error(tmp_path, option):
    proc = run_cli(GOOD, "--out", tmp_path / "out", *option, timeout=120)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert option[0] in proc.stderr
    assert not (tmp_path / "out").exists()


def test_manifest_reader_skips_torn_lines(tmp_path):
    path = tmp_path / manifest.MANIFEST
    path.write_bytes(b'{"path": "/a", "status": "ok"}\n{"path": "/b", "status": "failed"}\n'
                     b'not json\n{"path": "/b", "status": "ok"}\n{"path": "/c", "sta')
    assert manifest.load(path) == {"/a": {"path": "/a", "status": "ok"}, "/b": {"path": "/b", "status": "ok"}}


# ---------------------------------------------------------------- worker guards

def test_timeout_stops_document_and_batch_goes_on(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    # ~10 s of work against a limit of 3 s; the good document takes a tenth of that
    badinputs.long_pdf(GOOD, inp / "a-long.pdf", pages=1000, lines=8)
    shutil.copy(GOOD, inp / "b-good.pdf")
    proc = run_cli(inp, "--out", tmp_path / "out", "--workers", "1", "--timeout", "3")
    by_name = {e["name"]: e for e in read_manifest(tmp_path / "out")}
    assert by_name["a-long"]["error_class"] == "ResourceLimit", by_name["a-long"]
    assert "--timeout" in by_name["a-long"]["error"]
    assert by_name["b-good"]["status"] in ("ok", "flagged"), by_name["b-good"]
    assert proc.returncode == 8


def test_timeout_stops_the_workers_tesseract_commands(tmp_path):
    """A scan stopped by --timeout while the tesseract command reads it leaves no tesseract running."""
    psutil = pytest.importorskip("psutil")
    from PIL import Image
    inp, temp = tmp_path / "in", tmp_path / "temp"
    inp.mkdir()
    temp.mkdir()
    fax = Image.open(ROOT / "samples" / "scans" / "0001567619-20-008697.tif")
    pages = []
    for n in range(fax.n_frames):
        fax.seek(n)
        pages.append(fax.copy())
    pages *= 10  # ~40 s of OCR
    pages[0].save(inp / "long-fax.tif", save_all=True, append_images=pages[1:], compression="group4")
    # the command path (tesserocr has no child processes); pytesseract's files go to TMPDIR
    env = {**os.environ, "FILING_EXTRACT_TESSEROCR": "0", "TMPDIR": str(temp)}
    proc = run_cli(inp, "--out", tmp_path / "out", "--workers", "1", "--timeout", "6", env=env)
    left = [p for p in psutil.process_iter(["name", "cmdline"])
            if p.info["name"] == "tesseract" and str(temp) in " ".join(p.info["cmdline"] or [])]
    assert [e["error_class"] for e in read_manifest(tmp_path / "out")] == ["ResourceLimit"], proc.stderr
    assert not left, [p.info["cmdline"] for p in left]


def test_worker_killed_mid_document(tmp_path):
    """As when the system kills a worker for memory: that document fails with the reason, the next
    one is extracted by a new worker."""
    psutil = pytest.importorskip("psutil")
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    badinputs.long_pdf(GOOD, inp / "a-long.pdf", pages=1000, lines=8)
    shutil.copy(GOOD, inp / "b-good.pdf")
    proc = subprocess.Popen([sys.executable, "-m", "extract", "run", str(inp), "--out", str(out),
                             "--workers", "1", "--quiet"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        worker = None
        while time.monotonic() < deadline and proc.poll() is None:
            workers = [c for c in psutil.Process(proc.pid).children()
                       if "spawn_main" in " ".join(c.cmdline())]
            # well into the long document: past start-up (about 0.5 s of CPU), far from its end
            if workers and sum(workers[0].cpu_times()[:2]) > 2.0:
                worker = workers[0]
                break
            time.sleep(0.05)
        assert worker is not None, "no worker busy with the long document was seen"
        worker.send_signal(signal.SIGKILL)
        _, stderr = proc.communicate(timeout=300)
    finally:
        proc.kill()
    by_name = {e["name"]: e for e in read_manifest(out)}
    assert by_name["a-long"]["error_class"] == "WorkerDied", by_name["a-long"]
    assert "SIGKILL" in by_name["a-long"]["error"]
    assert by_name["b-good"]["status"] in ("ok", "flagged"), by_name["b-good"]
    assert proc.returncode == 9, stderr


def _abort() -> None:
    os.abort()


def _allocate(mb: int) -> str:
    try:
        block = bytearray(mb * 2**20)
        return f"allocated {len(block)}"
    except MemoryError:
        return "MemoryError"


def test_dead_worker_replaced_and_memory_limited():
    options = Options(frozenset({"xml"}), memory_mb=1024)
    pool = make_pool(1, options)
    try:
        dead = outcome(pool.schedule(_abort), Task(str(GOOD), "x"), options, time.perf_counter())
        assert dead.status == "failed" and dead.error_class == "WorkerDied", dead
        assert "SIGABRT" in dead.error and dead.sha256 == sha256(GOOD)
        assert pool.schedule(_allocate, args=(2048,)).result(timeout=120) == "MemoryError"
        good = pool.schedule(convert, args=(Task(str(GOOD), "good"), options)).result(timeout=120)
        assert good.ok and good.files["good.xml"].startswith(b"<?xml"), good.error
    finally:
        pool.stop()
        pool.join()


def _out_of_memory():
    raise MemoryError


def _out_of_memory_wrapped():  # as pdfplumber wraps it, then our PDF reader
    from pdfplumber.utils.exceptions import PdfminerException

    from extract.errors import UnreadableInput
    try:
        try:
            _out_of_memory()
        except MemoryError as exc:
            raise PdfminerException(exc) from None
    except PdfminerException as exc:
        raise UnreadableInput(f"x.pdf: damaged PDF ({exc})") from None


@pytest.mark.parametrize("raiser", [_out_of_memory, _out_of_memory_wrapped])
def test_out_of_memory_is_a_resource_limit(monkeypatch, raiser):
    import extract.batch

    monkeypatch.setattr(extract.batch, "extract", lambda *args, **kwargs: raiser())
    result = convert(Task(str(GOOD), "big"), Options(frozenset({"xml"}), memory_mb=512))
    assert result.status == "failed" and result.error_class == "ResourceLimit" and result.exit_code == 8
    assert "512 MB" in result.error and "--memory-limit" in result.error
    assert result.sha256 == sha256(GOOD) and not result.files


@pytest.mark.parametrize("cores, documents, workers, memory_mb, page_workers, last_page_workers",
                         [(2, 1, 2, None, 2, None), (2, 1, 1, 4096, 2, None), (2, 3, 2, None, 1, 2),
                          (2, 5, 4, None, 1, 2), (8, 2, 2, None, 3, 3), (8, 9, 4, None, 2, 3),
                          (2, 1, 1, 1024, 2, None), (2, 1, 1, 768, 1, None), (2, 3, 2, 768, 1, 1)])
def test_idle_cores_read_pages(monkeypatch, tmp_path, cores, documents, workers, memory_mb, page_workers,
                               last_page_workers):
    """Pages of a scan are read in parallel on the cores the documents leave idle, never more,
    at most three at a time (a worker's memory) and one per 512 MB of --memory-limit; the last
    document of several, on all the cores (the others would wait for it)."""
    import extract.batch

    seen = []

    def run_local(tasks, options, n, last=None):
        seen.append((n, options.page_workers, last and last.page_workers))
        return iter(())

    monkeypatch.setattr(extract.batch, "available_cores", lambda: cores)
    monkeypatch.setattr(extract.batch, "run_local", run_local)
    tasks = [Task(str(GOOD), f"doc{i}") for i in range(documents)]
    options = Options(frozenset({"xml"}), memory_mb=memory_mb)
    extract.batch.run_batch(tasks, tmp_path, options, workers=workers, quiet=True)
    assert seen == [(min(workers, documents), page_workers, last_page_workers)]


def test_last_document_runs_with_its_own_options(monkeypatch):
    """run_local hands the last task (only) the options given for it, and yields every result."""
    from concurrent.futures import Future

    import extract.batch

    given = []

    class Pool:
        def schedule(self, fn, args, timeout=None):
            given.append((args[0].name, args[1].page_workers))
            future = Future()
            future.set_result(fn(*args))
            return future

        def close(self):
            pass

        join = stop = close

    monkeypatch.setattr(extract.batch, "make_pool", lambda workers, options: Pool())
    options = Options(frozenset({"xml"}))
    tasks = [Task(str(GOOD), f"doc{i}") for i in range(5)]
    results = list(extract.batch.run_local(tasks, options, 2, replace(options, page_workers=3)))
    assert sorted(r.name for r in results) == [t.name for t in tasks] and all(r.ok for r in results)
    assert given == [(f"doc{i}", 3 if i == 4 else 1) for i in range(5)]


# ---------------------------------------------------------------- Dask

def test_dask_cluster_same_outputs(tmp_path):
    distributed = pytest.importorskip("distributed")
    from extract.cli import main

    bad = badinputs.truncated_pdf(GOOD, tmp_path / "truncated.pdf")
    # ~15 s of work against a limit of 5 s: the time guard holds on Dask workers too
    slow = badinputs.long_pdf(GOOD, tmp_path / "slow.pdf", pages=1500, lines=8)
    local, remote = tmp_path / "local", tmp_path / "dask"
    inputs = [*map(str, SAMPLES[:3]), str(bad), str(slow), "--timeout", "5", "--quiet", "--format", "xml,json,csv"]
    assert main(["run", *inputs, "--out", str(local), "--workers", "1"]) == 8
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        code = main(["run", *inputs, "--out", str(remote), "--dask-scheduler", cluster.scheduler_address])
    assert code == 8
    got = {e["name"]: e for e in read_manifest(remote)}
    want = {e["name"]: e for e in read_manifest(local)}
    assert set(got) == set(want)
    assert got["slow"]["error_class"] == "ResourceLimit" and "--timeout" in got["slow"]["error"]
    for name, e in got.items():
        assert (e["status"], e["error_class"], e["sha256"], e["outputs"]) == \
               (want[name]["status"], want[name]["error_class"], want[name]["sha256"], want[name]["outputs"])
        for output in e["outputs"]:
            if not output.endswith(".error.json"):
                assert (remote / output).read_bytes() == (local / output).read_bytes(), output
    assert (remote / "transactions.csv").read_bytes() == (local / "transactions.csv").read_bytes()


# ---------------------------------------------------------------- what is written is escaped

def test_outputs_escape_hostile_text():
    from extract import csv_rows, to_json, to_xml
    from extract.model import Record, Row, Value
    from extract.writers import csv_text

    hostile = 'Acme <b>&amp;</b> "Co"\n\x0b\x00\x1f ]]> =cmd|\' /C calc\'!A0 Ω'
    record = Record("x.pdf", "edgar-form4", 1, document={"documentType": Value("4"), "issuerName": Value(hostile)},
                    rows=[Row("ndTx", {"securityTitle": Value(hostile)}, 1)])
    root = ET.fromstring(to_xml(record))
    assert root.findtext("issuer/issuerName") == XML_SAFE(hostile)
    assert root.findtext("nonDerivativeTable/nonDerivativeTransaction/securityTitle/value") == XML_SAFE(hostile)
    assert json.loads(to_json(record))["document"]["issuerName"]["value"] == hostile
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(csv_text(csv_rows(record, "x")))))
    assert rows[0]["issuerName"] == hostile and rows[0]["securityTitle"] == hostile


def XML_SAFE(text: str) -> str:
    """The text as XML can hold it: control characters other than tab and newlines become U+FFFD."""
    return "".join("\ufffd" if ord(c) < 0x20 and c not in "\t\n\r" else c for c in text)


# ---------------------------------------------------------------- progress

def test_progress_lines_and_bar():
    import io

    from extract.progress import Progress

    plain = io.StringIO()
    progress = Progress(4, skipped=1, stream=plain, interval=0, tty=False)
    progress.update("ok")
    progress.update("failed")
    progress.message("FAILED x.pdf: UnreadableInput: x.pdf: the file is empty")
    progress.close()
    lines = plain.getvalue().splitlines()
    assert lines[0].startswith("progress: 2/4 done, 1 skipped (done before);"), lines
    assert "docs/min" in lines[0] and "ETA" in lines[0]
    assert lines[1].startswith("progress: 3/4 done, 1 skipped (done before), 1 failed;"), lines
    assert lines[2].startswith("FAILED x.pdf")

    bar = io.StringIO()
    progress = Progress(3, stream=bar, tty=True)
    progress.update("flagged")
    progress.close()
    assert "1/3" in bar.getvalue() and "1 flagged" in bar.getvalue()

    quiet = io.StringIO()
    progress = Progress(3, stream=quiet, quiet=True, interval=0, tty=False)
    progress.update("failed")
    progress.message("FAILED")
    assert quiet.getvalue() == ""


def test_largest_documents_are_handed_out_first(tmp_path):
    """With several workers the largest files go first, so the last to run are short ones; equal
    sizes keep their order, a file that cannot be read goes last (its worker reports it), and a
    task carrying its bytes counts those."""
    from extract.batch import largest_first

    scans = sorted((ROOT / "samples" / "scans").glob("*.pdf"))
    twin = tmp_path / "twin.pdf"
    shutil.copy(scans[0], twin)
    tasks = [Task(str(p), p.stem) for p in [*scans, twin]] + [Task(str(tmp_path / "gone.pdf"), "gone"),
                                                             Task("remote.pdf", "remote", data=b"%PDF-" * 10**6)]
    order = largest_first(tasks)
    sizes = [len(t.data) if t.data else (os.stat(t.path).st_size if os.path.exists(t.path) else 0) for t in order]
    assert sorted(t.name for t in order) == sorted(t.name for t in tasks)
    assert sizes == sorted(sizes, reverse=True) and order[0].name == "remote" and order[-1].name == "gone"
    assert [t.name for t in order].index(scans[0].stem) + 1 == [t.name for t in order].index("twin")
