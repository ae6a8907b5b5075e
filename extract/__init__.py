"""filing-extract: SEC ownership filings (Forms 3, 4, 5) from PDFs into EDGAR XML, JSON and CSV."""
from .errors import ExtractError
from .model import Record, Value
from .writers import csv_rows, to_json, to_xml

__version__ = "0.1.0"
__all__ = ["extract", "Record", "Value", "ExtractError", "to_xml", "to_json", "csv_rows",
           "__version__"]


def __getattr__(name: str):
    # the pipeline loads the PDF, image and OCR libraries: only when it is used, so that a
    # process that only schedules work (the CLI's own, which runs documents in workers) starts fast
    if name == "extract":
        from .pipeline import extract
        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
