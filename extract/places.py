"""US places by ZIP code, to check an OCR'd address against itself.

The table is the `zipcodes` package's: USPS ZIP codes, each with its city, the other city
names the USPS accepts for it, and its state.  The package loads it at the first lookup in a
process (about 0.6 s and 40 MB); only addresses read by OCR are looked up, one state at a time
(its whole table in Python objects would take 150 MB more).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

ZIP_CODE = regex.compile(r"(\d{5})(?:-\d{4})?")  # as written: '94104' or '94104-1226'


@dataclass(frozen=True)
class Place:
    state: str
    cities: tuple[str, ...]  # in capitals: the USPS's name first, then the others it accepts


def _cities(entry: dict) -> tuple[str, ...]:
    return tuple(c.upper() for c in [entry["city"], *entry.get("acceptable_cities", [])])


def city_key(name: str) -> str:
    """A city's name as compared: capitals, letters only ('Mc Lean' and 'MCLEAN' are one)."""
    return regex.sub(r"[^\p{L}]", "", name).upper()


@functools.lru_cache(maxsize=1024)
def place_of(zip_code: str) -> Place | None:
    """The place of a ZIP code ('94104' or '94104-1226'); None for one the table lacks."""
    import zipcodes  # loaded when first needed: text-layer runs never need it

    m = ZIP_CODE.fullmatch(zip_code)
    found = zipcodes.matching(m[1]) if m else []
    return Place(found[0]["state"], _cities(found[0])) if found else None


@functools.lru_cache(maxsize=64)
def _state_zips(state: str) -> dict[str, frozenset[str]]:
    """A state's ZIP codes by city key, each city under all its names."""
    import zipcodes

    by_city: dict[str, set[str]] = {}
    for entry in zipcodes.filter_by(state=state):
        for c in _cities(entry):
            by_city.setdefault(city_key(c), set()).add(entry["zip_code"])
    return {k: frozenset(v) for k, v in by_city.items()}


def zips_of(city: str, state: str) -> frozenset[str]:
    """The five-digit ZIP codes of a city (any case and spacing) in a state ('IL')."""
    if not city or not regex.fullmatch(r"[A-Z]{2}", state):
        return frozenset()
    return _state_zips(state).get(city_key(city), frozenset())
