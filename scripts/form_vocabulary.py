"""Write the words of blank forms' printed text (five letters or more, in small letters, one a
line) as a vocabulary file for the reconciler (layouts/vocabulary.txt).

    python scripts/form_vocabulary.py CORPUS/blank-forms/*.pdf > layouts/vocabulary.txt

The reconciler takes a word OCR read with two letters run into one or one split in two
('Attomey') for the form's word ('attorney'); see extract/reconcile.py rule_spelled_elsewhere.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from extract.reconcile import SPELLED_WORD  # noqa: E402


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    words: set[str] = set()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                words.update(w.lower() for w in SPELLED_WORD.findall(page.extract_text() or ""))
    print(f"# Words of the printed text of {', '.join(Path(p).name for p in paths)}")
    print("# (scripts/form_vocabulary.py): known spellings for the reconciler's OCR rules.")
    print("\n".join(sorted(w for w in words if regex.fullmatch(r"[a-z]+", w))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
