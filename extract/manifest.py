"""OUT/manifest.jsonl: one JSON line per input, what became of it; the memory of resumed runs.

Lines are appended as documents finish, by the one process that writes outputs,
after the document's outputs are in place.  A run killed mid-write can leave a
torn last line: reading skips any line that is not a whole JSON object.  At the
start of a run the file is rewritten (atomically) without torn lines and
without the lines of the inputs about to be redone, so every input has at most
one line at every moment.
"""
from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

from .writers import json_bytes, write_atomic

MANIFEST = "manifest.jsonl"
FIELDS = ("path", "name", "size", "sha256", "status", "form", "layout", "pages", "seconds", "peak_mb",
          "outputs", "error_class", "error", "exit_code", "tool_version", "finished")


def input_key(path: str | Path) -> str:
    """Inputs are identified by absolute path (symlinks kept), so a rerun from another directory matches."""
    return os.path.abspath(path)


def entry(result, outputs: list[str]) -> dict:
    return {"path": input_key(result.path), "name": result.name, "size": result.size,
            "sha256": result.sha256, "status": result.status, "form": result.form,
            "layout": result.layout, "pages": result.pages, "seconds": round(result.seconds, 3), "peak_mb": result.peak_mb,
            "outputs": outputs, "error_class": result.error_class, "error": result.error,
            "exit_code": result.exit_code, "tool_version": result.tool_version,
            "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def load(path: Path) -> dict[str, dict]:
    """Entries by input path; the last line of an input wins; torn or foreign lines are skipped."""
    entries: dict[str, dict] = {}
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return entries
    for line in raw.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            entries[item["path"]] = item
    return entries


class Manifest:
    """The manifest of an output directory, open for appending."""

    def __init__(self, out: Path, keep: dict[str, dict]):
        self.path = out / MANIFEST
        write_atomic(self.path, b"".join(json_bytes(e) for e in keep.values()))
        self._fh = open(self.path, "ab")

    def append(self, item: dict) -> None:
        self._fh.write(json_bytes(item))  # one write of a whole line
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
