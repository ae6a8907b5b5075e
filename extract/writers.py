"""Stage 5: outputs.  EDGAR ownershipDocument XML, the full JSON record, CSV rows.

The XML holds only what EDGAR XML holds, in the schema's element order; all
text goes through ElementTree, which escapes it, after characters that XML 1.0
cannot hold at all (control characters a PDF may carry) are replaced with U+FFFD.
"""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .model import Record, Value
from .schema import BOOL, DOC_FIELDS, OWNER_FIELDS, ROW_FIELDS, ROW_KINDS, SIGNATURE_FIELDS

SCHEMA_VERSION = {"3": "X0206", "4": "X0306", "5": "X0306"}
# Document flags that only some forms carry.
FORMS_WITH = {"noSecuritiesOwned": "3", "notSubjectToSection16": "45",
              "form3HoldingsReported": "5", "form4TransactionsReported": "5"}


def _child(parent: ET.Element, path: str) -> ET.Element:
    """Find or create the element at a slash path below parent."""
    el = parent
    for tag in path.split("/"):
        found = el.find(tag)
        el = found if found is not None else ET.SubElement(el, tag)
    return el


def _plain(parent: ET.Element, path: str, v: Value | None) -> None:
    if v is not None and v.value:
        _child(parent, path).text = v.value


def _valued(parent: ET.Element, path: str, v: Value | None) -> None:
    """<x><value>..</value><footnoteId id=".."/></x>, the form of every table value."""
    if v is None or v.empty:
        return
    el = _child(parent, path)
    if v.value:
        ET.SubElement(el, "value").text = v.value
    for fid in v.footnotes:
        ET.SubElement(el, "footnoteId", id=fid)


def _row_element(table: ET.Element, kind: str, fields: dict[str, Value], form: str) -> None:
    _, row_tag, names = ROW_KINDS[kind]
    row = ET.SubElement(table, row_tag)
    for name in names:
        path, _ = ROW_FIELDS[name]
        v = fields.get(name)
        if name == "transactionCode":
            coding = _child(row, "transactionCoding")
            ET.SubElement(coding, "transactionFormType").text = form
            ET.SubElement(coding, "transactionCode").text = (v.value if v else "") or ""
            swap = fields.get("equitySwapInvolved")
            ET.SubElement(coding, "equitySwapInvolved").text = (swap.value if swap and swap.value else "0")
            for fid in (v.footnotes if v else []):
                ET.SubElement(coding, "footnoteId", id=fid)
        elif name == "equitySwapInvolved":
            continue
        else:
            _valued(row, path, v)


# Not allowed anywhere in an XML 1.0 document, escaped or not.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(root: ET.Element) -> None:
    for el in root.iter():
        if el.text:
            el.text = XML_FORBIDDEN.sub("\ufffd", el.text)
        for key, value in el.attrib.items():
            el.attrib[key] = XML_FORBIDDEN.sub("\ufffd", value)


def to_xml(record: Record) -> bytes:
    form = record.form_type or ""
    root = ET.Element("ownershipDocument")
    ET.SubElement(root, "schemaVersion").text = SCHEMA_VERSION.get(form, "X0306")
    doc = record.document
    for name, (path, kind) in DOC_FIELDS.items():
        if name == "remarks" or path.startswith("issuer/") or form not in FORMS_WITH.get(name, form):
            continue
        v = doc.get(name)
        if kind == BOOL:
            ET.SubElement(root, path).text = v.value if v and v.value else "0"
        else:
            _plain(root, path, v)
    issuer = ET.SubElement(root, "issuer")
    ET.SubElement(issuer, "issuerCik").text = ""
    _plain(root, "issuer/issuerName", doc.get("issuerName"))
    _plain(root, "issuer/issuerTradingSymbol", doc.get("issuerTradingSymbol"))
    for owner in record.owners:
        el = ET.SubElement(root, "reportingOwner")
        ET.SubElement(_child(el, "reportingOwnerId"), "rptOwnerCik").text = ""
        for name, (path, _) in OWNER_FIELDS.items():
            v = owner.fields.get(name)
            if name.startswith("is"):
                _child(el, path).text = v.value if v and v.value else "0"
            else:
                _plain(el, path, v)
    for table_tag in ("nonDerivativeTable", "derivativeTable"):
        table = ET.SubElement(root, table_tag)
        for row in record.rows:
            if ROW_KINDS[row.kind][0] == table_tag:
                _row_element(table, row.kind, row.fields, form)
    if record.footnotes:
        fns = ET.SubElement(root, "footnotes")
        for fn in record.footnotes:
            ET.SubElement(fns, "footnote", id=fn.id).text = fn.text.value or ""
    _plain(root, "remarks", doc.get("remarks"))
    for sig in record.signatures:
        el = ET.SubElement(root, "ownerSignature")
        _plain(el, SIGNATURE_FIELDS["name"][0], sig.name)
        _plain(el, SIGNATURE_FIELDS["date"][0], sig.date)
    _xml_safe(root)
    ET.indent(root)
    return b'<?xml version="1.0"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def json_bytes(obj, indent: int | None = None) -> bytes:
    """UTF-8 JSON and a newline.  A file name that is not valid UTF-8 reaches Python as
    lone surrogates (U+DC80..U+DCFF), which UTF-8 cannot encode: they are written as
    JSON escapes (\\udce9), which read back as the same string."""
    return json.dumps(obj, indent=indent, ensure_ascii=False).encode("utf-8", "backslashreplace") + b"\n"


def text_bytes(text: str) -> bytes:
    """UTF-8 text; lone surrogates (see json_bytes) written as visible \\udcXX escapes."""
    return text.encode("utf-8", "backslashreplace")


def to_json(record: Record) -> bytes:
    return json_bytes(record.to_dict(), indent=1)


CSV_COLUMNS = ["document", "form", "issuerName", "issuerTradingSymbol", "rptOwnerName",
               "row_kind", "row_index", "page"] + [
    col for name in ROW_FIELDS for col in (name, f"{name}@fn")] + ["min_confidence", "flags"]


def csv_rows(record: Record, document: str) -> list[dict[str, str]]:
    doc = record.document
    owner = record.owners[0].fields.get("rptOwnerName") if record.owners else None
    out = []
    counters: dict[str, int] = {}
    for row in record.rows:
        n = counters.get(row.kind, 0)
        counters[row.kind] = n + 1
        line = {"document": document, "form": record.form_type or "",
                "issuerName": (doc.get("issuerName") or Value()).value or "",
                "issuerTradingSymbol": (doc.get("issuerTradingSymbol") or Value()).value or "",
                "rptOwnerName": owner.value if owner and owner.value else "",
                "row_kind": row.kind, "row_index": str(n), "page": str(row.page or "")}
        for name, v in row.fields.items():
            line[name] = v.value or ""
            line[f"{name}@fn"] = ",".join(v.footnotes)
        confs = [v.confidence for v in row.fields.values()]
        line["min_confidence"] = f"{min(confs, default=1.0):.2f}"
        line["flags"] = "; ".join(f"{k}: {f}" for k, v in row.fields.items() for f in v.flags)
        out.append(line)
    return out


def csv_text(rows: list[dict[str, str]], header: bool = True) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    if header:
        w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary name, then rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
