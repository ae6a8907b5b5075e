"""The CLI on bad inputs: one error file per failed document, the rest still extracted."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = sorted((ROOT / "samples" / "edgar").glob("*.pdf"))[0]
EXIT_CODES = {3, 4, 5, 6, 7, 10}  # documented in `filing-extract run --help`


def run_cli(*args: str | Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", "run", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout)


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory):
    inp = tmp_path_factory.mktemp("in")
    out = tmp_path_factory.mktemp("out")
    (inp / "x.pdf").write_bytes(b"")
    (inp / "y.pdf").write_bytes(os.urandom(4096))
    (inp / "z.pdf").write_text("<!DOCTYPE html>\n<html><head><title>Form 4</title></head>"
                               "<body><p>not a pdf</p></body></html>\n")
    (inp / "notes.txt").write_text("Form 4 Statement of Changes in Beneficial Ownership\n")
    shutil.copy(GOOD, inp / GOOD.name)
    # a directory walk takes input file types only, so the text file is named explicitly
    proc = run_cli(inp, inp / "notes.txt", "--out", out, "--format", "xml,json")
    return proc, out


def test_good_document_still_extracted(bad_batch):
    _, out = bad_batch
    assert (out / f"{GOOD.stem}.xml").is_file()
    assert (out / f"{GOOD.stem}.json").is_file()
    assert not (out / f"{GOOD.stem}.error.json").exists()


@pytest.mark.parametrize("stem", ["x", "y", "z", "notes"])
def test_bad_document_gets_error_json(bad_batch, stem):
    _, out = bad_batch
    err = out / f"{stem}.error.json"
    assert err.is_file(), f"no {err.name}; out has {sorted(p.name for p in out.iterdir())}"
    data = json.loads(err.read_text())
    assert data.get("message"), data
    assert data.get("error_class"), data
    assert data.get("exit_code") in EXIT_CODES, data
    assert not (out / f"{stem}.xml").exists()
    assert not (out / f"{stem}.json").exists()


def test_batch_exit_code_nonzero(bad_batch):
    proc, out = bad_batch
    codes = {json.loads(p.read_text())["exit_code"] for p in out.glob("*.error.json")}
    assert proc.returncode != 0
    assert proc.returncode == max(codes), (proc.returncode, codes)


def test_same_stem_in_two_folders(tmp_path):
    a, b, out = tmp_path / "a", tmp_path / "b", tmp_path / "out"
    a.mkdir()
    b.mkdir()
    shutil.copy(GOOD, a / "filing.pdf")
    shutil.copy(GOOD, b / "filing.pdf")
    proc = run_cli(a / "filing.pdf", b / "filing.pdf", "--out", out, "--format", "xml,json")
    assert proc.returncode == 0, proc.stderr
    for name in ("filing.xml", "filing.json", "filing-2.xml", "filing-2.json"):
        assert (out / name).is_file(), f"missing {name}; out has {sorted(p.name for p in out.iterdir())}"
    assert (out / "filing.xml").read_bytes() == (out / "filing-2.xml").read_bytes()


@pytest.mark.parametrize("fmt", ["pdf", "xml,html", "", ","])
def test_bad_format_is_usage_error(tmp_path, fmt):
    proc = run_cli(GOOD, "--out", tmp_path / "out", "--format", fmt, timeout=120)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "--format" in proc.stderr
    assert not any((tmp_path / "out").glob("*.xml")) if (tmp_path / "out").exists() else True


def test_format_selects_outputs(tmp_path):
    out = tmp_path / "out"
    proc = run_cli(GOOD, "--out", out, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert (out / f"{GOOD.stem}.json").is_file()
    assert not (out / f"{GOOD.stem}.xml").exists()
    assert not (out / "transactions.csv").exists()
