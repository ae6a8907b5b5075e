"""The EDGAR ownershipDocument field catalogue (Forms 3, 4 and 5).

One place names every field, its value type and where it sits in the XML, in
the order the EDGAR Ownership XML Technical Specification prescribes.  The
layouts, the reconciler and the writers all read it.
"""
from __future__ import annotations

# Value types the reconciler knows how to normalize.
TEXT, DATE, NUMBER, PRICE, BOOL, CODE, AD, DI, TICKER, LONG = (
    "text", "date", "number", "price", "bool", "code", "ad", "di", "ticker", "long")

# Document-level fields: name -> (xml path, type), in schema order.
DOC_FIELDS: dict[str, tuple[str, str]] = {
    "documentType": ("documentType", TEXT),
    "periodOfReport": ("periodOfReport", DATE),
    "dateOfOriginalSubmission": ("dateOfOriginalSubmission", DATE),
    "noSecuritiesOwned": ("noSecuritiesOwned", BOOL),
    "notSubjectToSection16": ("notSubjectToSection16", BOOL),
    "form3HoldingsReported": ("form3HoldingsReported", BOOL),
    "form4TransactionsReported": ("form4TransactionsReported", BOOL),
    "issuerName": ("issuer/issuerName", TEXT),
    "issuerTradingSymbol": ("issuer/issuerTradingSymbol", TICKER),
    "remarks": ("remarks", LONG),
}

OWNER_FIELDS: dict[str, tuple[str, str]] = {
    "rptOwnerName": ("reportingOwnerId/rptOwnerName", TEXT),
    "street1": ("reportingOwnerAddress/rptOwnerStreet1", TEXT),
    "street2": ("reportingOwnerAddress/rptOwnerStreet2", TEXT),
    "city": ("reportingOwnerAddress/rptOwnerCity", TEXT),
    "state": ("reportingOwnerAddress/rptOwnerState", TEXT),
    "zip": ("reportingOwnerAddress/rptOwnerZipCode", TEXT),
    "isDirector": ("reportingOwnerRelationship/isDirector", BOOL),
    "isOfficer": ("reportingOwnerRelationship/isOfficer", BOOL),
    "isTenPercentOwner": ("reportingOwnerRelationship/isTenPercentOwner", BOOL),
    "isOther": ("reportingOwnerRelationship/isOther", BOOL),
    "officerTitle": ("reportingOwnerRelationship/officerTitle", TEXT),
    "otherText": ("reportingOwnerRelationship/otherText", TEXT),
}

# Table row fields: name -> (xml path of the element holding <value>/<footnoteId>, type).
ROW_FIELDS: dict[str, tuple[str, str]] = {
    "securityTitle": ("securityTitle", TEXT),
    "conversionOrExercisePrice": ("conversionOrExercisePrice", PRICE),
    "transactionDate": ("transactionDate", DATE),
    "deemedExecutionDate": ("deemedExecutionDate", DATE),
    "transactionCode": ("transactionCoding/transactionCode", CODE),
    "equitySwapInvolved": ("transactionCoding/equitySwapInvolved", BOOL),
    "transactionShares": ("transactionAmounts/transactionShares", NUMBER),
    "transactionTotalValue": ("transactionAmounts/transactionTotalValue", NUMBER),
    "transactionPricePerShare": ("transactionAmounts/transactionPricePerShare", PRICE),
    "transactionAcquiredDisposedCode": ("transactionAmounts/transactionAcquiredDisposedCode", AD),
    "exerciseDate": ("exerciseDate", DATE),
    "expirationDate": ("expirationDate", DATE),
    "underlyingSecurityTitle": ("underlyingSecurity/underlyingSecurityTitle", TEXT),
    "underlyingSecurityShares": ("underlyingSecurity/underlyingSecurityShares", NUMBER),
    "underlyingSecurityValue": ("underlyingSecurity/underlyingSecurityValue", NUMBER),
    "sharesOwnedFollowingTransaction": ("postTransactionAmounts/sharesOwnedFollowingTransaction", NUMBER),
    "valueOwnedFollowingTransaction": ("postTransactionAmounts/valueOwnedFollowingTransaction", NUMBER),
    "directOrIndirectOwnership": ("ownershipNature/directOrIndirectOwnership", DI),
    "natureOfOwnership": ("ownershipNature/natureOfOwnership", TEXT),
}

# Which fields each kind of row carries, in schema order.
ROW_KINDS: dict[str, tuple[str, str, list[str]]] = {
    # kind: (table element, row element, fields)
    "ndTx": ("nonDerivativeTable", "nonDerivativeTransaction", [
        "securityTitle", "transactionDate", "deemedExecutionDate", "transactionCode",
        "equitySwapInvolved", "transactionShares", "transactionPricePerShare",
        "transactionAcquiredDisposedCode", "sharesOwnedFollowingTransaction",
        "valueOwnedFollowingTransaction", "directOrIndirectOwnership", "natureOfOwnership"]),
    "ndHold": ("nonDerivativeTable", "nonDerivativeHolding", [
        "securityTitle", "sharesOwnedFollowingTransaction", "valueOwnedFollowingTransaction",
        "directOrIndirectOwnership", "natureOfOwnership"]),
    "dTx": ("derivativeTable", "derivativeTransaction", [
        "securityTitle", "conversionOrExercisePrice", "transactionDate", "deemedExecutionDate",
        "transactionCode", "equitySwapInvolved", "transactionShares", "transactionTotalValue",
        "transactionPricePerShare", "transactionAcquiredDisposedCode", "exerciseDate",
        "expirationDate", "underlyingSecurityTitle", "underlyingSecurityShares",
        "underlyingSecurityValue", "sharesOwnedFollowingTransaction",
        "valueOwnedFollowingTransaction", "directOrIndirectOwnership", "natureOfOwnership"]),
    "dHold": ("derivativeTable", "derivativeHolding", [
        "securityTitle", "conversionOrExercisePrice", "exerciseDate", "expirationDate",
        "underlyingSecurityTitle", "underlyingSecurityShares", "underlyingSecurityValue",
        "sharesOwnedFollowingTransaction", "valueOwnedFollowingTransaction",
        "directOrIndirectOwnership", "natureOfOwnership"]),
}

SIGNATURE_FIELDS = {"name": ("signatureName", TEXT), "date": ("signatureDate", DATE)}



def field_type(name: str) -> str:
    for table in (DOC_FIELDS, OWNER_FIELDS, ROW_FIELDS, SIGNATURE_FIELDS):
        if name in table:
            return table[name][1]
    raise KeyError(name)
