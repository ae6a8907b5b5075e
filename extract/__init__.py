"""filing-extract: SEC ownership filings (Forms 3, 4, 5) from PDFs into EDGAR XML, JSON and CSV."""
from .errors import ExtractError
from .model import Record, Value
from .pipeline import extract
from .writers import csv_rows, to_json, to_xml

__version__ = "0.1.0"
__all__ = ["extract", "Record", "Value", "ExtractError", "to_xml", "to_json", "csv_rows",
           "__version__"]
