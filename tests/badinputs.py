"""Makers of bad and odd input files for the batch tests, built from the samples with pypdf.

Each maker writes one file and returns its path; nothing here is committed as a binary fixture.
"""
from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject, StreamObject

LETTER = (612, 792)


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _helvetica(writer: PdfWriter):
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))


def _add_text_page(writer: PdfWriter, font, lines: list[str]) -> None:
    page = writer.add_blank_page(*LETTER)
    ops = ["BT", "/F1 10 Tf", "54 740 Td", "13 TL"] + [f"({_pdf_string(s)}) '" for s in lines] + ["ET"]
    content = DecodedStreamObject()
    content.set_data("\n".join(ops).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})


def text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF whose pages carry these lines of Helvetica text (a real text layer)."""
    writer = PdfWriter()
    font = _helvetica(writer)
    for lines in pages:
        _add_text_page(writer, font, lines)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def blank_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(*LETTER)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def zero_page_pdf(path: Path) -> Path:
    with open(path, "wb") as fh:
        PdfWriter().write(fh)
    return path


def encrypted_pdf(source: Path, path: Path, password: str) -> Path:
    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-256")
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def truncated_pdf(source: Path, path: Path, keep: float = 0.4) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def long_pdf(source: Path, path: Path, pages: int, lines: int = 40) -> Path:
    """The source's first page, then continuation sheets of typed text up to `pages` pages."""
    writer = PdfWriter()
    writer.add_page(PdfReader(source).pages[0])
    font = _helvetica(writer)
    for n in range(2, pages + 1):
        _add_text_page(writer, font, [f"Continuation sheet {n}, line {i}: explanation of responses "
                                      f"and remarks, shares held by trust number {n * 100 + i}"
                                      for i in range(lines)])
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def _zeros_deflated(rows: int, row_bytes: int) -> bytes:
    """zlib stream of rows x row_bytes zero bytes, made without holding them in memory."""
    z = zlib.compressobj(9)
    row = bytes(row_bytes)
    chunks = [z.compress(row) for _ in range(rows)]
    chunks.append(z.flush())
    return b"".join(chunks)


def bomb_pdf(path: Path, width: int = 30000, height: int = 40000) -> Path:
    """One page showing a 1-bit image of width x height pixels (1.2 gigapixels) in ~150 KB."""
    writer = PdfWriter()
    page = writer.add_blank_page(*LETTER)
    image = StreamObject()
    image._data = _zeros_deflated(height, (width + 7) // 8)
    image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                  NameObject("/Width"): NumberObject(width), NameObject("/Height"): NumberObject(height),
                  NameObject("/BitsPerComponent"): NumberObject(1),
                  NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                  NameObject("/Filter"): NameObject("/FlateDecode")})
    content = DecodedStreamObject()
    content.set_data(b"q 612 0 0 792 0 0 cm /Im0 Do Q")
    page[NameObject("/Contents")] = writer._add_object(content)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})})
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(path: Path, width: int = 20000, height: int = 20000) -> Path:
    """A valid 1-bit PNG of 400 megapixels (over Pillow's decompression-bomb limit) in ~50 KB."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = _zeros_deflated(height, 1 + (width + 7) // 8)  # each row: filter byte + bits
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels)
                     + _png_chunk(b"IEND", b""))
    return path


def bomb_tiff(path: Path, width: int = 20000, height: int = 20000) -> Path:
    """A valid 1-bit Deflate TIFF of 400 megapixels in one strip, ~50 KB."""
    pixels = _zeros_deflated(height, (width + 7) // 8)
    tags = [(256, 4, width), (257, 4, height), (258, 3, 1), (259, 3, 8), (262, 3, 1),
            (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, len(pixels))]
    ifd_size = 2 + 12 * len(tags) + 4
    data_offset = 8 + ifd_size
    ifd = struct.pack("<H", len(tags))
    for tag, kind, value in tags:
        value = data_offset if tag == 273 else value
        packed = struct.pack("<I", value) if kind == 4 else struct.pack("<HH", value, 0)
        ifd += struct.pack("<HHI", tag, kind, 1) + packed
    path.write_bytes(b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + pixels)
    return path


def upside_down_png(source: Path, path: Path, dpi: int = 200) -> Path:
    """The source's first page rendered as a scan, turned 180 degrees."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(source))
    try:
        image = pdf[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    image.rotate(180).save(path, dpi=(dpi, dpi))
    return path


def random_bytes(path: Path, size: int = 4096) -> Path:
    path.write_bytes(os.urandom(size))
    return path
