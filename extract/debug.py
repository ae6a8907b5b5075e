"""--debug-images: each OCR'd page drawn with what clean-up found and what was read.

Ruling lines blue, text pieces grey, filled boxes orange; each value of the record
boxed green when confident and red when flagged or unsure, with the value beside it.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from .model import Record
from .reconcile import CONFIDENT  # the green/red line is the reconciler's own

GREEN, RED, BLUE, GREY, ORANGE = (0, 150, 0), (0, 0, 220), (200, 80, 0), (170, 170, 170), (0, 140, 255)


def draw_page(scanned, values: list[tuple[str, object]]) -> np.ndarray:
    clean = scanned.clean
    img = cv2.cvtColor(clean.gray, cv2.COLOR_GRAY2BGR)
    k = clean.dpi / 72.0

    def box(b, color, thickness=1):
        x0, y0, x1, y1 = (int(round(v * k)) for v in b)
        cv2.rectangle(img, (x0, y0), (x1, y1), color, thickness)
        return x0, y0, x1, y1

    for p in clean.pieces:
        cv2.rectangle(img, (p.x, p.y), (p.x + p.w, p.y + p.h), GREY, 1)
    for r in scanned.page.rules:
        cv2.line(img, (int(r.x0 * k), int(r.top * k)), (int(r.x1 * k), int(r.bottom * k)), BLUE, 2)
    for b in scanned.page.ink:
        box(b, ORANGE, 2)
    for w in scanned.page.words:
        if w.confidence < CONFIDENT:
            box((w.x0, w.top, w.x1, w.bottom), RED)
    for path, v in values:
        if v.bbox is None:
            continue
        sure = v.confidence >= CONFIDENT and not v.flags
        x0, y0, x1, y1 = box(v.bbox, GREEN if sure else RED, 2)
        label = f"{path.rsplit('.', 1)[-1]}={v.value}"[:60]
        cv2.putText(img, label, (x0, max(10, y0 - 3)), cv2.FONT_HERSHEY_SIMPLEX, 0.35 * k / 2.8,
                    GREEN if sure else RED, 1, cv2.LINE_AA)
    return img


def draw_pages(out: Path, stem: str, scanned_pages: list, record: Record | None) -> list[Path]:
    """One PNG per OCR'd page: OUT/<stem>-p<N>.png.  Without a record (a failed document) only what was found."""
    out.mkdir(parents=True, exist_ok=True)
    by_page: dict[int, list] = {}
    if record is not None:
        for path, v in record.values():
            if v.page:
                by_page.setdefault(v.page, []).append((path, v))
    written = []
    for s in scanned_pages:
        if s.clean is None:
            continue
        target = out / f"{stem}-p{s.page.number}.png"
        cv2.imwrite(str(target), draw_page(s, by_page.get(s.page.number, [])))
        written.append(target)
    return written
