"""Page images of a scanned document: image-only PDF pages, TIFF (incl. CCITT G4 fax), PNG, JPEG.

Each page becomes a ``PageImage``: an 8-bit grey numpy array with square pixels
and its resolution, so that pixel * 72 / dpi is a PDF point, as on a text page.
"""
from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, UnidentifiedImageError

from .errors import UnreadableInput

# A US Letter page at 600 dpi is 34 Mpixel; 120 Mpixel leaves room for 1200 dpi
# scans and large paper while refusing decompression bombs before they eat memory.
MAX_PAGE_PIXELS = 120_000_000
Image.MAX_IMAGE_PIXELS = MAX_PAGE_PIXELS

# Resolution assumed when a file does not say; below this a scan is too coarse to read.
DEFAULT_DPI = 200.0
MIN_DPI = 100.0
# Pages rendered from an image-only PDF are rendered at the embedded image's
# resolution, clamped to this range (higher costs time, lower loses small print).
RENDER_DPI_RANGE = (200.0, 400.0)

TIFF_MAGICS = (b"II*\x00", b"MM\x00*")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

# PDFium is not thread-safe, not even across documents: pages read in threads render one at a time
_PDFIUM_LOCK = threading.Lock()


class ImageBomb(UnreadableInput):
    """An image whose pixel count is beyond what a scanned page can be."""


@dataclass
class PageImage:
    number: int          # 1-based
    gray: np.ndarray     # uint8, 0 = black
    dpi: float           # square pixels

    @property
    def scale(self) -> float:
        """PDF points per pixel."""
        return 72.0 / self.dpi

    @property
    def size_pt(self) -> tuple[float, float]:
        h, w = self.gray.shape
        return w * self.scale, h * self.scale


def is_image_file(head: bytes) -> bool:
    return head.startswith(TIFF_MAGICS) or head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC)


def to_square_gray(img: Image.Image, dpi: tuple[float, float] | None) -> tuple[np.ndarray, float]:
    """Grey pixels with equal horizontal and vertical resolution (a 200x100 fax is stretched to 200x200)."""
    xdpi, ydpi = dpi if dpi and dpi[0] and dpi[1] else (DEFAULT_DPI, DEFAULT_DPI)
    xdpi, ydpi = float(xdpi), float(ydpi)
    bilevel = img.mode == "1"
    if img.mode not in ("L", "1"):
        img = img.convert("L")
    if abs(xdpi - ydpi) > 1:
        target = max(xdpi, ydpi)
        w, h = img.size
        # a bi-level page stays bi-level (rows repeated), to be smoothed as one (cleanup.smooth_bilevel)
        img = img.convert("L").resize((round(w * target / xdpi), round(h * target / ydpi)),
                                      Image.Resampling.NEAREST if bilevel else Image.Resampling.BILINEAR)
        xdpi = target
    arr = np.asarray(img.convert("L"), dtype=np.uint8)
    return arr, max(xdpi, MIN_DPI)


def _open_checked(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageBomb(f"{path.name}: the image is larger than {MAX_PAGE_PIXELS:,} pixels; "
                        "not read (it would take too much memory)") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableInput(f"{path.name}: not a readable image ({exc})") from None


def _frame(path: Path, index: int) -> PageImage:
    """Frame ``index`` (0-based) of an image file, decoded on its own."""
    img = _open_checked(path)
    number = index + 1
    try:
        with img:
            img.seek(index)
            w, h = img.size
            if w * h > MAX_PAGE_PIXELS:
                raise ImageBomb(f"{path.name}: page {number} has {w * h:,} pixels; not read")
            gray, dpi = to_square_gray(img, img.info.get("dpi"))
            return PageImage(number, gray, dpi)
    except UnreadableInput:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # truncated or damaged image data
        raise UnreadableInput(f"{path.name}: damaged image ({type(exc).__name__}: {exc})") from None


def image_pages(path: Path) -> list[Callable[[], PageImage]]:
    """One loader per page of a TIFF (one per frame) or of a PNG or JPEG.  A page is decoded
    only when its loader is called: a long fax held decoded would take a worker's memory."""
    img = _open_checked(path)
    try:
        with img:
            count = getattr(img, "n_frames", 1)
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise UnreadableInput(f"{path.name}: damaged image ({type(exc).__name__}: {exc})") from None
    if not count:
        raise UnreadableInput(f"{path.name}: the image has no pages")
    return [partial(_frame, path, i) for i in range(count)]


def native_dpi(images: list[tuple[float, float, float, float, int, int]]) -> float:
    """Resolution of the widest image on a PDF page: its pixels over its placed width.

    A page without images (text drawn as curves) is rendered at 300 dpi."""
    best = None
    for x0, x1, _top, _bottom, src_w, _src_h in images:
        width_in = (x1 - x0) / 72.0
        if width_in > 0 and (best is None or width_in > best[0]):
            best = (width_in, src_w / width_in)
    return best[1] if best else 300.0


# a page's scan used as it is stored when rendering would copy it pixel for pixel: its size at
# the resolution rendered is within this many pixels of the scan's
ONE_TO_ONE_PX = 0.01


def _stored_scan(page, scale: float):
    """The bitmap of a page that is nothing but one grey scan covering it, when rendering the page
    at ``scale`` would copy that scan's pixels one to one (a scan's PDF page, rendered at its own
    resolution); else None.  Taken as stored, it is the same grey pixels, at a tenth of the time
    of rendering them (PDFium draws a page's image through its general, smoothing path)."""
    import pypdfium2.raw as pdfium_c

    if page.get_rotation() or pdfium_c.FPDFPage_GetAnnotCount(page) or pdfium_c.FPDFPage_CountObjects(page) != 1:
        return None
    image = next(page.get_objects())
    if image.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    meta = image.get_metadata()
    w_pt, h_pt = page.get_size()
    a, b, c, d, e, f = image.get_matrix().get()
    x0, y0, _, _ = page.get_bbox()
    if (meta.colorspace != pdfium_c.FPDF_COLORSPACE_DEVICEGRAY or meta.bits_per_pixel not in (1, 8)
            or (b, c, e - x0, f - y0) != (0, 0, 0, 0)
            or abs(a * scale - meta.width) > ONE_TO_ONE_PX or abs(d * scale - meta.height) > ONE_TO_ONE_PX
            or abs(w_pt * scale - meta.width) > ONE_TO_ONE_PX or abs(h_pt * scale - meta.height) > ONE_TO_ONE_PX):
        return None
    bitmap = image.get_bitmap(render=False)
    bitmap.warn_on_close = False  # its buffer is PDFium's: closed only once its pixels are copied
    if bitmap.format != pdfium_c.FPDFBitmap_Gray or (bitmap.width, bitmap.height) != (meta.width, meta.height):
        bitmap.close()
        return None
    return bitmap


def render_pdf_page(path: Path, index: int, dpi: float, password: str | None = None,
                    stored: bool = True) -> PageImage:
    """Rasterize one PDF page (0-based index) to grey pixels at ``dpi``: a scan's page rendered
    at its own resolution is taken as stored (``_stored_scan``) unless ``stored`` is False."""
    import pypdfium2 as pdfium

    dpi = min(max(dpi, RENDER_DPI_RANGE[0]), RENDER_DPI_RANGE[1])
    with _PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path), password=password)
        try:
            page = pdf[index]
            w_pt, h_pt = page.get_size()
            if w_pt * h_pt * (dpi / 72) ** 2 > MAX_PAGE_PIXELS:
                raise ImageBomb(f"{path.name}: page {index + 1} is too large to render at {dpi:.0f} dpi")
            bitmap = _stored_scan(page, dpi / 72) if stored else None
            if bitmap is None:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
            gray = np.array(bitmap.to_numpy(), dtype=np.uint8)
            if gray.ndim == 3:
                gray = gray[..., 0]
            bitmap.close()  # here, under the lock, not whenever it is collected
            page.close()
        finally:
            pdf.close()
    return PageImage(index + 1, gray, dpi)
