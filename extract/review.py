"""``filing-extract review OUT/``: static HTML pages to look at and correct what was read.

For every ``<stem>.json`` record in OUT, ``OUT/review/<stem>.html`` shows the source's
pages as images (``<stem>-p<N>.png`` beside it) with every value's box drawn over them,
coloured by confidence (green sure, amber unsure, red flagged), and beside them the
record as the form's tables: flagged values first, then the boxes, the owners, Table I
and Table II, footnotes, remarks and signatures, each value with the text as printed
and the corrections applied.  Every value is an input: what a person changes is saved,
from the browser, as a corrections file for ``filing-extract apply-corrections``.
``OUT/review/index.html`` lists the documents, those with flagged values first.
Nothing needs a server: the pages are files, opened from disk.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from pypdfium2 import PdfiumError

from .corrections import load_record
from .errors import ExtractError
from .images import MAX_PAGE_PIXELS, image_pages, is_image_file
from .model import Record, Value
from .reconcile import CONFIDENT
from .schema import DOC_FIELDS, OWNER_FIELDS, ROW_KINDS
from .writers import text_bytes, write_atomic

REVIEW_DIR = "review"
LONG_TEXT = 60  # values longer than this are edited in a text area
PAGE_DPI = 110  # page images: sharp enough to read 7 pt print on screen, small enough to load fast


def confidence_class(v: Value) -> str:
    if v.flags:
        return "flagged"
    return "sure" if v.confidence >= CONFIDENT else "unsure"


@dataclass
class PageImage:
    number: int
    file: str      # file name in the review directory
    width: float   # page size in points: a value's bbox is drawn as a share of it
    height: float


def _save_png(image, target: Path) -> None:
    """A PIL image as PNG, written under a temporary name and renamed."""
    tmp = target.with_name(f".{target.name}.tmp")
    image.save(tmp, format="PNG", optimize=True)
    tmp.replace(target)


def render_pages(source: Path, stem: str, folder: Path, password: str | None = None) -> list[PageImage]:
    """The source document's pages as PNG files in ``folder``; none for a text input.

    Raises ExtractError (or OSError) when the source cannot be read."""
    with open(source, "rb") as fh:
        head = fh.read(1024)
    from PIL import Image
    pages = []
    if b"%PDF-" in head:
        import numpy as np
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(str(source), password=password)
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                w, h = page.get_size()
                scale = PAGE_DPI / 72
                if w * h * scale * scale > MAX_PAGE_PIXELS:
                    scale = (MAX_PAGE_PIXELS / (w * h)) ** 0.5
                gray = np.asarray(page.render(scale=scale, grayscale=True).to_numpy(), dtype=np.uint8)
                page.close()
                name = f"{stem}-p{i + 1}.png"
                _save_png(Image.fromarray(gray[..., 0] if gray.ndim == 3 else gray), folder / name)
                pages.append(PageImage(i + 1, name, w, h))
        finally:
            pdf.close()
    elif is_image_file(head):
        for load in image_pages(source):
            img = load()
            w, h = img.size_pt
            small = Image.fromarray(img.gray)
            factor = PAGE_DPI / img.dpi
            if factor < 1:  # scans are usually 200-600 dpi: shown at the review resolution
                small = small.resize((max(1, round(small.width * factor)), max(1, round(small.height * factor))))
            name = f"{stem}-p{img.number}.png"
            _save_png(small, folder / name)
            pages.append(PageImage(img.number, name, w, h))
    return pages


# ------------------------------------------------------------------ HTML

def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def value_cell(path: str, v: Value, tag: str = "td") -> str:
    """One value: an input holding it, the footnote marks, the printed text, corrections and flags."""
    shown = v.value or ""
    attrs = f'class="val" data-path="{_e(path)}" data-orig="{_e(shown)}" aria-label="{_e(path)}"'
    if len(shown) > LONG_TEXT:  # footnotes, remarks: room to read and edit them whole
        parts = [f'<textarea {attrs} rows="{min(8, 1 + len(shown) // 70)}">{_e(shown)}</textarea>']
    else:
        parts = [f'<input {attrs} value="{_e(shown)}">']
    if v.footnotes:
        parts.append(f'<sup class="fn">{_e(",".join(v.footnotes))}</sup>')
    details = []
    if v.source and v.source != shown:
        details.append(f'<span class="src">read: &#8220;{_e(v.source)}&#8221;</span>')
    for c in v.corrections:
        details.append(f'<span class="corr">{_e(c.rule)}: &#8220;{_e(c.before)}&#8221; &#8594; '
                       f'&#8220;{_e(c.after)}&#8221; ({c.confidence:.2f})</span>')
    for f in v.flags:
        details.append(f'<span class="flag">&#9873; {_e(f)}</span>')
    where = f"page {v.page}, " if v.page else ""
    details.append(f'<span class="conf">{where}confidence {v.confidence:.2f}</span>')
    parts.append(f'<div class="details">{"".join(details)}</div>')
    return (f'<{tag} class="value {confidence_class(v)}" id="v-{_e(path)}" data-path="{_e(path)}">'
            f'{"".join(parts)}</{tag}>')


def _fields_table(title: str, rows: list[tuple[str, str, Value]]) -> str:
    """A box-per-line table: label, value."""
    if not rows:
        return ""
    body = "".join(f"<tr><th>{_e(label)}</th>{value_cell(path, v)}</tr>" for label, path, v in rows)
    return f'<section><h2>{_e(title)}</h2><table class="fields">{body}</table></section>'


def _row_table(title: str, rows: list[tuple[str, str, dict[str, Value]]], kinds: list[str]) -> str:
    """Table I or II as printed: one line per row, the columns the rows use, in schema order."""
    if not rows:
        return ""
    used = {name for _, _, fields in rows for name in fields}
    columns = [n for k in kinds for n in ROW_KINDS[k][2] if n in used]
    columns = list(dict.fromkeys(columns))
    head = "<tr><th>row</th>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr>"
    body = ""
    for label, prefix, fields in rows:
        cells = "".join(value_cell(f"{prefix}.{c}", fields[c]) if c in fields else '<td class="none"></td>'
                        for c in columns)
        body += f"<tr><th>{_e(label)}</th>{cells}</tr>"
    return f'<section><h2>{_e(title)}</h2><table class="rows">{head}{body}</table></section>'


def record_sections(record: Record) -> str:
    doc = [(name, name, v) for name, v in record.document.items() if name in DOC_FIELDS and name != "remarks"]
    parts = [_fields_table("Boxes", doc)]
    for i, owner in enumerate(record.owners):
        fields = [(n, f"owner[{i}].{n}", owner.fields[n]) for n in OWNER_FIELDS if n in owner.fields]
        parts.append(_fields_table(f"Reporting owner {i + 1}", fields))
    counters: dict[str, int] = {}
    tables: dict[str, list] = {"nonDerivativeTable": [], "derivativeTable": []}
    for row in record.rows:
        n = counters.get(row.kind, 0)
        counters[row.kind] = n + 1
        tables[ROW_KINDS[row.kind][0]].append((f"{row.kind}[{n}]", f"{row.kind}[{n}]", row.fields))
    parts.append(_row_table("Table I - Non-Derivative Securities", tables["nonDerivativeTable"],
                            ["ndTx", "ndHold"]))
    parts.append(_row_table("Table II - Derivative Securities", tables["derivativeTable"], ["dTx", "dHold"]))
    parts.append(_fields_table("Footnotes", [(f.id, f"footnote[{f.id}]", f.text) for f in record.footnotes]))
    if "remarks" in record.document:
        parts.append(_fields_table("Remarks", [("remarks", "remarks", record.document["remarks"])]))
    sigs = [(f"{i + 1}. {k}", f"sig[{i}].{k}", v) for i, s in enumerate(record.signatures)
            for k, v in (("name", s.name), ("date", s.date))]
    parts.append(_fields_table("Signatures", sigs))
    return "".join(parts)


def flagged_section(record: Record) -> str:
    """The values to look at first: flagged, then unsure, each with its path."""
    todo = [(p, v) for p, v in record.values() if v.flags]
    todo += [(p, v) for p, v in record.values() if not v.flags and v.confidence < CONFIDENT]
    if not todo:
        return '<section id="flagged"><h2>Flagged values (0)</h2><p>Nothing flagged.</p></section>'
    body = "".join(f'<tr class="flagged-row"><th>{_e(p)}</th>{value_cell(p, v)}</tr>' for p, v in todo)
    n = sum(1 for _, v in todo if v.flags)
    return (f'<section id="flagged"><h2>Flagged values ({n})</h2>'
            f'<table class="fields">{body}</table></section>')


def page_figures(record: Record, pages: list[PageImage]) -> str:
    figures = []
    for pg in pages:
        boxes = []
        for path, v in record.values():
            if v.page != pg.number or not v.bbox:
                continue
            x0, top, x1, bottom = v.bbox
            style = (f"left:{100 * x0 / pg.width:.3f}%;top:{100 * top / pg.height:.3f}%;"
                     f"width:{100 * max(x1 - x0, 1) / pg.width:.3f}%;"
                     f"height:{100 * max(bottom - top, 1) / pg.height:.3f}%")
            boxes.append(f'<a class="box {confidence_class(v)}" href="#v-{_e(path)}" data-path="{_e(path)}" '
                         f'style="{style}" title="{_e(path)} = {_e(v.value)}"></a>')
        figures.append(f'<figure class="page"><div class="frame"><img src="{_e(pg.file)}" alt="page {pg.number}">'
                       f'{"".join(boxes)}</div><figcaption>page {pg.number}</figcaption></figure>')
    return "".join(figures)


STYLE = """
body{font:13px/1.35 system-ui,sans-serif;margin:0;color:#222}
header{padding:8px 14px;background:#f3f3f3;border-bottom:1px solid #ccc;position:sticky;top:0;z-index:5}
header h1{font-size:16px;margin:0 0 4px}
.main{display:flex;gap:12px;padding:10px}
.pages{flex:0 0 52%;max-height:calc(100vh - 90px);overflow:auto;position:sticky;top:80px}
.record{flex:1;min-width:0}
figure.page{margin:0 0 12px;border:1px solid #999}
.frame{position:relative}
figure.page img{width:100%;display:block}
figcaption{font-size:11px;color:#666;padding:2px 4px}
.box{position:absolute;border:2px solid;box-sizing:border-box;opacity:.8}
.box.sure{border-color:#1a8f2e}.box.unsure{border-color:#e09b00}.box.flagged{border-color:#d11;background:rgba(220,0,0,.08)}
.box.hot{outline:3px solid #06f;opacity:1}
table{border-collapse:collapse;margin-bottom:6px}
table.fields{width:100%}table.fields th{width:32%}
th,td{border:1px solid #ccc;padding:3px 5px;vertical-align:top;text-align:left}
th{background:#fafafa;font-weight:600;font-size:12px}
td.value{border-left:4px solid}
td.sure{border-left-color:#1a8f2e}td.unsure{border-left-color:#e09b00;background:#fff8e6}
td.flagged{border-left-color:#d11;background:#ffeeee}
td.hot{outline:2px solid #06f}
input.val,textarea.val{font:inherit;width:100%;min-width:7em;box-sizing:border-box;border:1px solid transparent;background:transparent}
input.val:hover,input.val:focus,textarea.val:hover,textarea.val:focus{border-color:#888;background:#fff}
.val.edited{background:#fffbcc;border-color:#c90}
.details span{display:block;font-size:11px;color:#555}
.details .flag{color:#b00}.details .corr{color:#036}
sup.fn{color:#036}
section h2{font-size:14px;margin:10px 0 4px}
#flagged{border:2px solid #d11;padding:4px 8px;border-radius:4px}
.legend span{display:inline-block;padding:0 6px;margin-right:6px;border-left:4px solid}
button{font:inherit;padding:3px 10px}
#status{margin-left:10px;color:#036}
"""

SCRIPT = """
const doc = document.body.dataset.document;
const inputs = () => Array.from(document.querySelectorAll('.val'));
function sync(el) {
  // the flagged list and the tables hold the same value: keep them the same
  for (const other of inputs()) if (other !== el && other.dataset.path === el.dataset.path) other.value = el.value;
  for (const x of inputs()) x.classList.toggle('edited', x.value !== x.dataset.orig);
  const n = edits().length;
  document.getElementById('status').textContent = n ? n + ' value(s) changed' : '';
}
function edits() {
  const seen = new Map();
  for (const x of inputs()) if (x.value !== x.dataset.orig) seen.set(x.dataset.path, x);
  return Array.from(seen.values()).map(x => ({path: x.dataset.path, before: x.dataset.orig, after: x.value}));
}
for (const x of inputs()) x.addEventListener('input', () => sync(x));
document.getElementById('save').addEventListener('click', () => {
  const body = JSON.stringify({document: doc, corrections: edits()}, null, 1);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([body], {type: 'application/json'}));
  a.download = doc + '.corrections.json';
  document.body.appendChild(a); a.click(); a.remove();
  document.getElementById('status').textContent = 'saved ' + a.download;
});
function hot(path, on) {
  for (const el of document.querySelectorAll('[data-path]'))
    if (el.dataset.path === path && !el.matches('.val')) el.classList.toggle('hot', on);
}
for (const el of document.querySelectorAll('.box, td.value')) {
  el.addEventListener('mouseenter', () => hot(el.dataset.path, true));
  el.addEventListener('mouseleave', () => hot(el.dataset.path, false));
}
"""


def document_page(stem: str, record: Record, pages: list[PageImage], note: str = "") -> str:
    n_flag = len(record.flagged)
    legend = ('<span style="border-color:#1a8f2e">sure</span><span style="border-color:#e09b00">unsure</span>'
              '<span style="border-color:#d11">flagged</span>')
    pages_html = page_figures(record, pages) or f"<p>{_e(note or 'No page images.')}</p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(stem)} - review</title>
<style>{STYLE}</style></head>
<body data-document="{_e(stem)}">
<header><h1>{_e(stem)}: Form {_e(record.form_type)} ({_e(record.layout)}), {n_flag} flagged value{'s' * (n_flag != 1)}</h1>
<a href="index.html">all documents</a> &middot; source {_e(record.source)} &middot;
<span class="legend">{legend}</span>
<button id="save" type="button">Save corrections</button><span id="status"></span>
<div style="font-size:11px;color:#555">Change a value and save: the file goes to
<code>filing-extract apply-corrections FILE --out OUT</code>. Type values as the XML holds them
(dates YYYY-MM-DD, numbers without commas).</div></header>
<div class="main"><div class="pages">{pages_html}</div>
<div class="record">{flagged_section(record)}{record_sections(record)}
{"".join(f'<p class="flag">warning: {_e(w)}</p>' for w in record.warnings)}</div></div>
<script>{SCRIPT}</script></body></html>
"""


def index_page(entries: list[tuple[str, Record | None, str]]) -> str:
    rows = []
    order = sorted(entries, key=lambda e: (e[1] is not None, -len(e[1].flagged) if e[1] else 0, e[0]))
    for stem, record, note in order:
        if record is None:
            rows.append(f"<tr><td>{_e(stem)}</td><td colspan=4>{_e(note)}</td></tr>")
            continue
        n = len(record.flagged)
        low = min((v.confidence for _, v in record.values()), default=1.0)
        rows.append(f'<tr class="{"flagged" if n else "sure"}"><td><a href="{_e(stem)}.html">{_e(stem)}</a></td>'
                    f"<td>{_e(record.form_type)}</td><td>{_e(record.layout)}</td><td>{n}</td>"
                    f"<td>{low:.2f}</td></tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>review</title><style>{STYLE}
tr.flagged td:first-child{{border-left:4px solid #d11}}tr.sure td:first-child{{border-left:4px solid #1a8f2e}}
</style></head><body><header><h1>Review: {len(entries)} documents</h1></header>
<div style="padding:10px"><table><tr><th>document</th><th>form</th><th>layout</th><th>flagged values</th>
<th>lowest confidence</th></tr>{"".join(rows)}</table></div></body></html>
"""


def source_paths(out: Path) -> dict[str, str]:
    """Output stem -> input path, from the run's manifest (absolute paths)."""
    found: dict[str, str] = {}
    manifest = out / "manifest.jsonl"
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
                found[entry["name"]] = entry["path"]
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line
    return found


def build_review(out: Path, password: str | None = None) -> tuple[Path, list[str]]:
    """Write OUT/review/: a page per record and the index.  Returns the index path and
    one problem line per document whose page images could not be made."""
    records = sorted(p for p in out.glob("*.json") if not p.name.startswith(".") and not p.name.endswith(".error.json"))
    if not records and not any(out.glob("*.error.json")):
        raise FileNotFoundError(f"{out}: no <stem>.json records (run 'filing-extract run ... --out {out}' "
                                "with --format json)")
    folder = out / REVIEW_DIR
    folder.mkdir(exist_ok=True)
    sources = source_paths(out)
    entries, problems = [], []
    for path in records:
        stem = path.stem
        try:
            record = load_record(path)
        except ExtractError as exc:
            entries.append((stem, None, str(exc)))
            problems.append(str(exc))
            continue
        source = Path(sources.get(stem, record.source))
        note = ""
        try:
            pages = render_pages(source, stem, folder, password)
            if not pages:
                note = "A text input: values are placed by line and column, not on a page image."
        except (OSError, ExtractError, PdfiumError) as exc:
            pages, note = [], f"page images not made: {source}: {exc}"
            problems.append(f"{stem}: {note}")
        write_atomic(folder / f"{stem}.html", text_bytes(document_page(stem, record, pages, note)))
        entries.append((stem, record, note))
    for failed in sorted(out.glob("*.error.json")):
        try:
            error = json.loads(failed.read_text(encoding="utf-8"))
            note = f"failed: {error['error_class']}: {error['message']}"
        except (OSError, ValueError, KeyError, TypeError):
            note = "failed (unreadable error file)"
        entries.append((failed.name[:-len(".error.json")], None, note))
    index = folder / "index.html"
    write_atomic(index, text_bytes(index_page(entries)))
    return index, problems
