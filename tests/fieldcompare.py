"""Flatten an EDGAR ownershipDocument into {field path: normalized value}.

A self-contained re-statement of the referee's documented comparison rules
(../shared/tools/score.py docstring), so the tests need nothing outside the
repository:

* paths: documentType, periodOfReport, issuerName, ..., owner[i].rptOwnerName,
  ndTx[i].transactionShares, ndTx[i].transactionShares@fn, footnote[F1],
  remarks, sig[i].name, sig[i].date;
* numbers compare as Decimal (1.7220 == 1.722), dates as YYYY-MM-DD (a
  timezone suffix dropped), booleans 1/true -> "true", 0/false/absent ->
  absent, text with whitespace collapsed, the ticker upper-cased;
* a field whose normalized value is empty is absent;
* CIKs, schemaVersion, transactionFormType, transactionTimeliness and
  rptOwnerStateDescription are not read at all.

Rows are compared by index (the referee aligns them; for a sample test an
exact, in-order match is what we want).  Footnotes and remarks are compared
exactly after whitespace collapsing (stricter than the referee's CER <= 0.02).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

NUM, DATE, BOOL, TEXT, TICKER = "num", "date", "bool", "text", "ticker"

DOC_FIELDS = [
    ("documentType", "documentType", TEXT),
    ("periodOfReport", "periodOfReport", DATE),
    ("dateOfOriginalSubmission", "dateOfOriginalSubmission", DATE),
    ("issuerName", "issuer/issuerName", TEXT),
    ("issuerTradingSymbol", "issuer/issuerTradingSymbol", TICKER),
    ("notSubjectToSection16", "notSubjectToSection16", BOOL),
    ("noSecuritiesOwned", "noSecuritiesOwned", BOOL),
    ("form3HoldingsReported", "form3HoldingsReported", BOOL),
    ("form4TransactionsReported", "form4TransactionsReported", BOOL),
    ("remarks", "remarks", TEXT),
]
OWNER_FIELDS = [
    ("rptOwnerName", "reportingOwnerId/rptOwnerName", TEXT),
    ("street1", "reportingOwnerAddress/rptOwnerStreet1", TEXT),
    ("street2", "reportingOwnerAddress/rptOwnerStreet2", TEXT),
    ("city", "reportingOwnerAddress/rptOwnerCity", TEXT),
    ("state", "reportingOwnerAddress/rptOwnerState", TEXT),
    ("zip", "reportingOwnerAddress/rptOwnerZipCode", TEXT),
    ("isDirector", "reportingOwnerRelationship/isDirector", BOOL),
    ("isOfficer", "reportingOwnerRelationship/isOfficer", BOOL),
    ("isTenPercentOwner", "reportingOwnerRelationship/isTenPercentOwner", BOOL),
    ("isOther", "reportingOwnerRelationship/isOther", BOOL),
    ("officerTitle", "reportingOwnerRelationship/officerTitle", TEXT),
    ("otherText", "reportingOwnerRelationship/otherText", TEXT),
]
# (name, element holding <value> and <footnoteId>, kind)
ROW_FIELDS = [
    ("securityTitle", "securityTitle", TEXT),
    ("conversionOrExercisePrice", "conversionOrExercisePrice", NUM),
    ("transactionDate", "transactionDate", DATE),
    ("deemedExecutionDate", "deemedExecutionDate", DATE),
    ("transactionCode", "transactionCoding", TEXT),  # value: transactionCoding/transactionCode
    ("equitySwapInvolved", "transactionCoding/equitySwapInvolved", BOOL),  # no @fn
    ("transactionShares", "transactionAmounts/transactionShares", NUM),
    ("transactionTotalValue", "transactionAmounts/transactionTotalValue", NUM),
    ("transactionPricePerShare", "transactionAmounts/transactionPricePerShare", NUM),
    ("transactionAcquiredDisposedCode", "transactionAmounts/transactionAcquiredDisposedCode", TEXT),
    ("exerciseDate", "exerciseDate", DATE),
    ("expirationDate", "expirationDate", DATE),
    ("underlyingSecurityTitle", "underlyingSecurity/underlyingSecurityTitle", TEXT),
    ("underlyingSecurityShares", "underlyingSecurity/underlyingSecurityShares", NUM),
    ("underlyingSecurityValue", "underlyingSecurity/underlyingSecurityValue", NUM),
    ("sharesOwnedFollowingTransaction", "postTransactionAmounts/sharesOwnedFollowingTransaction", NUM),
    ("valueOwnedFollowingTransaction", "postTransactionAmounts/valueOwnedFollowingTransaction", NUM),
    ("directOrIndirectOwnership", "ownershipNature/directOrIndirectOwnership", TEXT),
    ("natureOfOwnership", "ownershipNature/natureOfOwnership", TEXT),
]
TABLES = [  # (path prefix, table element, row element)
    ("ndTx", "nonDerivativeTable", "nonDerivativeTransaction"),
    ("ndHold", "nonDerivativeTable", "nonDerivativeHolding"),
    ("dTx", "derivativeTable", "derivativeTransaction"),
    ("dHold", "derivativeTable", "derivativeHolding"),
]
SIG_FIELDS = [("name", "signatureName", TEXT), ("date", "signatureDate", DATE)]

_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$")


class UnsafeXML(ValueError):
    """The document declares a DTD or entities; it is refused, not resolved."""


# ---------------------------------------------------------------- parsing

def parse(data: bytes | str) -> ET.Element:
    """Root <ownershipDocument> with namespaces stripped; DOCTYPE/ENTITY refused."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise UnsafeXML("DTD/ENTITY declarations are not accepted")
    root = ET.fromstring(data)
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = el.tag.rsplit("}", 1)[-1]
    if root.tag != "ownershipDocument":
        inner = root.find(".//ownershipDocument")
        if inner is not None:
            root = inner
    return root


# ---------------------------------------------------------------- normalization

def norm_text(s: str | None) -> str:
    return " ".join((s or "").split())


def norm_number(s: str | None) -> str:
    t = norm_text(s)
    if not t:
        return ""
    try:
        d = Decimal(t)
    except InvalidOperation:
        return t  # '50,000', '$5', 'See Note 1' compare as text
    if not d.is_finite():
        return t
    if d == 0:
        return "0"
    return format(d.normalize(), "f")


def norm_date(s: str | None) -> str:
    t = norm_text(s)
    m = _DATE_RE.match(t)
    return m.group(1) if m else t


def norm_bool(s: str | None) -> str:
    return "true" if norm_text(s).lower() in ("1", "true") else ""


def norm_ticker(s: str | None) -> str:
    return norm_text(s).upper()


NORMALIZE = {NUM: norm_number, DATE: norm_date, BOOL: norm_bool, TEXT: norm_text,
             TICKER: norm_ticker}


def _fn_key(fid: str):
    m = re.match(r"^(\D*)(\d+)$", fid)
    return (m.group(1), int(m.group(2)), fid) if m else (fid, -1, fid)


def norm_fns(ids) -> str:
    return ",".join(sorted({norm_text(i) for i in ids if norm_text(i)}, key=_fn_key))


# ---------------------------------------------------------------- flattening

def _text(parent: ET.Element, path: str) -> str | None:
    el = parent.find(path)
    return None if el is None else "".join(el.itertext())


def _own_text(el: ET.Element) -> str:
    """Text of an element without its footnoteId children."""
    parts = [el.text or ""]
    for ch in el:
        if ch.tag != "footnoteId":
            parts.append("".join(ch.itertext()))
        parts.append(ch.tail or "")
    return "".join(parts)


def _value_and_fns(el: ET.Element | None) -> tuple[str | None, list[str]]:
    if el is None:
        return None, []
    v = el.find("value")
    raw = "".join(v.itertext()) if v is not None else _own_text(el)
    return raw, [f.get("id", "") for f in el.findall("footnoteId")]


def flatten(data: bytes | str | ET.Element) -> dict[str, str]:
    """{path: normalized value} of one ownershipDocument; empty values left out."""
    root = data if isinstance(data, ET.Element) else parse(data)
    out: dict[str, str] = {}

    def put(path: str, value: str) -> None:
        if value:
            out[path] = value

    for name, path, kind in DOC_FIELDS:
        put(name, NORMALIZE[kind](_text(root, path)))
    for i, ro in enumerate(root.findall("reportingOwner")):
        for name, path, kind in OWNER_FIELDS:
            put(f"owner[{i}].{name}", NORMALIZE[kind](_text(ro, path)))
    for prefix, table, row_tag in TABLES:
        i = 0
        for tbl in root.findall(table):
            for row in tbl.findall(row_tag):
                base = f"{prefix}[{i}]"
                for name, path, kind in ROW_FIELDS:
                    el = row.find(path)
                    if name == "transactionCode":
                        put(f"{base}.{name}", norm_text(_text(row, "transactionCoding/transactionCode")))
                        fns = [f.get("id", "") for f in el.findall("footnoteId")] if el is not None else []
                    elif name == "equitySwapInvolved":
                        put(f"{base}.{name}", norm_bool(None if el is None else "".join(el.itertext())))
                        continue
                    else:
                        raw, fns = _value_and_fns(el)
                        put(f"{base}.{name}", NORMALIZE[kind](raw))
                    put(f"{base}.{name}@fn", norm_fns(fns))
                i += 1
    for fns in root.findall("footnotes"):
        for fn in fns.findall("footnote"):
            fid = norm_text(fn.get("id"))
            if fid and f"footnote[{fid}]" not in out:
                put(f"footnote[{fid}]", norm_text("".join(fn.itertext())))
    for i, sig in enumerate(root.findall("ownerSignature")):
        for name, path, kind in SIG_FIELDS:
            put(f"sig[{i}].{name}", NORMALIZE[kind](_text(sig, path)))
    return out


def row_count(data: bytes | str | ET.Element) -> int:
    """Number of table rows (all four kinds) in a document."""
    root = data if isinstance(data, ET.Element) else parse(data)
    return sum(len(tbl.findall(row_tag)) for _, table, row_tag in TABLES
               for tbl in root.findall(table))


def diff(expected: dict[str, str], actual: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    """[(path, expected, actual)] for every path whose values differ, in expected order."""
    out = []
    for path, want in expected.items():
        got = actual.get(path)
        if got != want:
            out.append((path, want, got))
    for path, got in actual.items():
        if path not in expected:
            out.append((path, None, got))
    return out


def describe(differences, limit: int = 40) -> str:
    lines = [f"{len(differences)} field(s) differ (path: expected -> actual):"]
    for path, want, got in differences[:limit]:
        lines.append(f"  {path}: {want!r} -> {got!r}")
    if len(differences) > limit:
        lines.append(f"  ... and {len(differences) - limit} more")
    return "\n".join(lines)
