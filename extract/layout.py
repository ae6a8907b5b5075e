"""Layout templates: data files in layouts/ that describe one form in one layout.

A template names printed anchors, the fields read relative to them, the
ruled tables by their column headers, and the free-text sections (footnotes,
remarks, signatures).  ``layouts/README.md`` documents the format; this module
loads and validates it so that a mistake in a data file is reported with the
file and key, not as a crash deep in the engine.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import LayoutError
from .schema import DOC_FIELDS, OWNER_FIELDS, ROW_FIELDS, ROW_KINDS

REGIONS = ("cell", "below", "mark", "checkbox", "phrase", "line")
SECTIONS = ("footnotes", "remarks", "signatures", "owners")
SPLITS = ("issuer_ticker", "street_lines", "city_state_zip", "none")


@dataclass
class FieldSpec:
    """One box of the form: where it is and which record fields it fills."""
    name: str            # record field, or a split's prefix
    anchor: str          # printed label the region hangs on
    region: str = "cell"  # cell | below | mark | lines
    split: str = "none"
    strip: list[str] = field(default_factory=list)   # printed sub-labels to drop
    until: list[str] = field(default_factory=list)   # for region "below": stop anchors
    owner: bool = False  # an owner field (first reporting owner) rather than a document field
    pages: str = "first"  # first | all
    mark_distance: float = 40.0  # region "mark": how far left of the label an X may sit
    also: list[str] = field(default_factory=list)  # region "cell": other labels printed in the box
    field: str = ""      # the record field when `name` only names the entry (default: name)
    fills_in: bool = False  # fills only record fields the entries before left empty or read less surely

    @property
    def target(self) -> str:
        return self.field or self.name


@dataclass
class ColumnSpec:
    header: str          # regex matched against the header cell's text
    field: str           # record field (schema name), or "owner_block"/"mark:<field>"
    implies: str = ""    # a boolean field set true when this column has a value
    regex: Any = None


@dataclass
class TableSpec:
    name: str
    columns: list[ColumnSpec]
    kinds: list[str]                 # row kinds, e.g. [ndTx, ndHold]
    transaction_fields: list[str] = field(default_factory=list)  # present -> first kind
    owners: bool = False             # rows are reporting owners, not table rows
    skip_rows: list[str] = field(default_factory=list)  # first-column texts that are not rows
    labels: list[str] = field(default_factory=list)  # the layout's header_labels


@dataclass
class SectionSpec:
    """Free text between a start anchor and an end anchor, possibly across pages."""
    name: str                        # identifies the section (extends/drop match on it)
    start: list[str]                 # headings that open (or resume) the section
    end: list[str] = field(default_factory=list)
    page_end: bool = False           # the section stops at each page end until a start reappears
    resume: list[str] = field(default_factory=list)  # page_end: regexes after which an open section goes on
    above: str = ""                  # instead: the lines just above this printed label
    reach: float = 90.0              # how far above the label, in points
    item: str | None = None          # regex that starts an item, group 1 = its id
    skip: list[str] = field(default_factory=list)  # lines to drop (regexes)
    labels: dict[str, str] = field(default_factory=dict)  # owners: printed label -> owner field
    marks: dict[str, str] = field(default_factory=dict)   # owners: checkbox label -> owner field
    kind: str = ""                   # footnotes | remarks | signatures | owners (default: name)
    item_align: str = "middle"       # footnotes: marker on the item's first line (top) or centred
    columns: bool = False            # signatures: blocks may stand in two columns

    def __post_init__(self):
        self.kind = self.kind or self.name


@dataclass
class Layout:
    name: str
    form: str
    description: str
    detect: list[str]
    reject: list[str]
    fields: list[FieldSpec]
    tables: list[TableSpec]
    sections: list[SectionSpec]
    path: str = ""


def _need(d: dict, key: str, where: str):
    if key not in d:
        raise LayoutError(f"{where}: missing key '{key}'")
    return d[key]


def _as_list(v) -> list:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


KNOWN_FIELDS = set(DOC_FIELDS) | set(OWNER_FIELDS) | set(ROW_FIELDS)


def parse_layout(data: dict, where: str, base: dict | None = None) -> Layout:
    if not isinstance(data, dict):
        raise LayoutError(f"{where}: a layout must be a mapping")
    if base:
        # 'extends': fields/tables/sections replace the base's entries of the same name
        merged = dict(base)
        for key in ("fields", "tables", "sections"):
            own = {e["name"]: e for e in data.get(key, [])}
            entries = [own.pop(e["name"], e) for e in base.get(key, [])] + list(own.values())
            merged[key] = [e for e in entries if not e.get("drop")]  # drop: true removes an entry
        for key, v in data.items():
            if key not in ("fields", "tables", "sections", "extends"):
                merged[key] = v
        data = merged
    fields = []
    for i, f in enumerate(data.get("fields", [])):
        w = f"{where}: fields[{i}]"
        spec = FieldSpec(name=_need(f, "name", w), anchor=_need(f, "anchor", w),
                         region=f.get("region", "cell"), split=f.get("split", "none"),
                         strip=_as_list(f.get("strip")), until=_as_list(f.get("until")),
                         owner=bool(f.get("owner", False)), pages=f.get("pages", "first"),
                         mark_distance=float(f.get("mark_distance", 40.0)), also=_as_list(f.get("also")),
                         field=f.get("field", ""), fills_in=bool(f.get("fills_in", False)))
        if spec.region not in REGIONS:
            raise LayoutError(f"{w}: region must be one of {REGIONS}, not {spec.region!r}")
        if spec.also and spec.region != "cell":
            raise LayoutError(f"{w}: also is for region cell only")
        if spec.split not in SPLITS:
            raise LayoutError(f"{w}: split must be one of {SPLITS}, not {spec.split!r}")
        if spec.split == "none" and spec.target not in KNOWN_FIELDS:
            raise LayoutError(f"{w}: unknown field {spec.target!r}")
        fields.append(spec)
    tables = []
    for i, t in enumerate(data.get("tables", [])):
        w = f"{where}: tables[{i}]"
        cols = []
        for j, c in enumerate(_need(t, "columns", w)):
            cw = f"{w}.columns[{j}]"
            col = ColumnSpec(header=_need(c, "header", cw), field=_need(c, "field", cw),
                             implies=c.get("implies", ""))
            try:
                col.regex = regex.compile(col.header, regex.I)
            except regex.error as exc:
                raise LayoutError(f"{cw}: bad header regex: {exc}") from None
            # "mark:isDirector" reads an X; "transactionShares@A" also sets the A/D code
            base_field = col.field.split(":", 1)[-1].split("@", 1)[0]
            if base_field not in KNOWN_FIELDS and col.field != "owner_block":
                raise LayoutError(f"{cw}: unknown field {col.field!r}")
            cols.append(col)
        kinds = _as_list(t.get("kinds"))
        for k in kinds:
            if k not in ROW_KINDS:
                raise LayoutError(f"{w}: unknown row kind {k!r} (one of {list(ROW_KINDS)})")
        tables.append(TableSpec(name=_need(t, "name", w), columns=cols, kinds=kinds,
                                transaction_fields=_as_list(t.get("transaction_fields")),
                                owners=bool(t.get("owners", False)),
                                skip_rows=_as_list(t.get("skip_rows")),
                                labels=_as_list(data.get("header_labels"))))
        for pattern in tables[-1].skip_rows + tables[-1].labels:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise LayoutError(f"{w}: bad regex {pattern!r}: {exc}") from None
    sections = []
    for i, s in enumerate(data.get("sections", [])):
        w = f"{where}: sections[{i}]"
        if "start" not in s and "above" not in s:
            raise LayoutError(f"{w}: a section needs 'start' or 'above'")
        spec = SectionSpec(name=_need(s, "name", w), start=_as_list(s.get("start")),
                           end=_as_list(s.get("end")), item=s.get("item"),
                           skip=_as_list(s.get("skip")), page_end=bool(s.get("page_end")),
                           above=s.get("above", ""), reach=float(s.get("reach", 90)),
                           labels=dict(s.get("labels") or {}), marks=dict(s.get("marks") or {}),
                           kind=s.get("kind", ""), columns=bool(s.get("columns")),
                           item_align=s.get("item_align", "middle"), resume=_as_list(s.get("resume")))
        if spec.item_align not in ("top", "middle"):
            raise LayoutError(f"{w}: item_align must be 'top' or 'middle'")
        if spec.kind not in SECTIONS:
            raise LayoutError(f"{w}: section kind must be one of {SECTIONS}, not {spec.kind!r}")
        if spec.kind == "owners":
            if not spec.labels:
                raise LayoutError(f"{w}: an owners section needs 'labels'")
            for target in list(spec.labels.values()) + list(spec.marks.values()):
                if target not in OWNER_FIELDS and target not in ("address", "relationship"):
                    raise LayoutError(f"{w}: unknown owner field {target!r}")
        sections.append(spec)
    form = str(_need(data, "form", where))
    if form not in ("3", "4", "5"):
        raise LayoutError(f"{where}: form must be 3, 4 or 5")
    return Layout(name=_need(data, "name", where), form=form,
                  description=data.get("description", ""),
                  detect=_as_list(_need(data, "detect", where)),
                  reject=_as_list(data.get("reject")),
                  fields=fields, tables=tables, sections=sections, path=where)


def layout_dirs() -> list[Path]:
    """Where layouts are looked for: $FILING_EXTRACT_LAYOUTS, then the installed set."""
    dirs = [Path(p) for p in os.environ.get("FILING_EXTRACT_LAYOUTS", "").split(os.pathsep) if p]
    checkout = Path(__file__).resolve().parents[1] / "layouts"
    if checkout.is_dir():  # running from a source checkout
        dirs.append(checkout)
    else:
        dirs.append(Path(str(resources.files("extract.layouts"))))
    return dirs


# libyaml's safe loader where PyYAML was built with it (the same documents, parsed several times faster)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_layouts(dirs: list[Path] | None = None) -> list[Layout]:
    raw: dict[str, tuple[dict, str]] = {}
    for d in dirs or layout_dirs():
        for path in sorted(Path(d).glob("*.yaml")):
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
            except yaml.YAMLError as exc:
                raise LayoutError(f"{path}: not valid YAML: {exc}") from None
            name = (data or {}).get("name") if isinstance(data, dict) else None
            if not name:
                raise LayoutError(f"{path}: missing key 'name'")
            raw.setdefault(name, (data, str(path)))  # earlier directories win
    layouts = []
    for name, (data, where) in raw.items():
        if data.get("abstract"):
            continue
        base = None
        if "extends" in data:
            parent = raw.get(data["extends"])
            if parent is None:
                raise LayoutError(f"{where}: extends unknown layout {data['extends']!r}")
            base = parent[0]
        layouts.append(parse_layout(data, where, base))
    if not layouts:
        raise LayoutError(f"no layout files found in {[str(d) for d in (dirs or layout_dirs())]}")
    return layouts
