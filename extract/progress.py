"""Progress of a batch on stderr: a bar on a terminal, plain periodic lines otherwise.

Counts (done of total, skipped, flagged, failed), the rate of documents
processed in this run and the time left at that rate.  Failures are printed
as they happen, one line each, with the reason.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO


def format_seconds(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    def __init__(self, total: int, skipped: int = 0, stream: TextIO | None = None,
                 quiet: bool = False, interval: float = 10.0, tty: bool | None = None):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.total, self.skipped = total, skipped
        self.done, self.flagged, self.failed = skipped, 0, 0
        self.start = self.last = time.monotonic()
        self.interval = interval
        self.bar = None
        if tty is None:
            tty = self.stream.isatty()
        if not quiet and tty:
            from tqdm import tqdm
            self.bar = tqdm(total=total, initial=skipped, file=self.stream, unit="doc",
                            dynamic_ncols=True, smoothing=0.1)

    def counts(self) -> str:
        parts = [f"{self.done}/{self.total} done"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped (done before)")
        if self.flagged:
            parts.append(f"{self.flagged} flagged")
        if self.failed:
            parts.append(f"{self.failed} failed")
        return ", ".join(parts)

    def status_line(self) -> str:
        elapsed = time.monotonic() - self.start
        if self.done == self.skipped:
            return self.counts()
        rate = (self.done - self.skipped) / elapsed if elapsed > 0 else 0.0
        eta = format_seconds((self.total - self.done) / rate) if rate > 0 else "?"
        return f"{self.counts()}; {rate * 60:.1f} docs/min, {format_seconds(elapsed)} elapsed, ETA {eta}"

    def message(self, line: str) -> None:
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def update(self, status: str) -> None:
        """One document finished with status ok, flagged or failed."""
        self.done += 1
        self.flagged += status == "flagged"
        self.failed += status == "failed"
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(f"{self.flagged} flagged, {self.failed} failed", refresh=False)
            return
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            print(f"progress: {self.status_line()}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.bar = None
