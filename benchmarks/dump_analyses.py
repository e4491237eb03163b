"""Dump the analysis JSON of real articles, or compare it with an earlier dump.

A speed change to the analysis must not change what it finds. Before optimising, dump
the articles with the unchanged code; after each change, compare: any difference is a
regression, whatever the benchmark says.

    python benchmarks/dump_analyses.py --out /tmp/before          # before changing code
    python benchmarks/dump_analyses.py --compare /tmp/before      # after; exit 1 on a diff

The articles: every Wikinews text of the shared corpus and the first ``--html`` pages
of the html-benchmark (extracted as ``analyze`` extracts them), parsed once each with
``nlp.pipe`` and assembled with ``analysis_from_doc``, as ``bench_analyze`` times them.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def documents(html_pages: int) -> list[tuple[str, object]]:
    from claimledger.analysis import with_language
    from claimledger.inputs.html import document_from_html
    from claimledger.language import is_analysed
    from claimledger.model import Document

    found: list[tuple[str, object]] = []
    for path in sorted((CORPUS / "wikinews").glob("*.txt")):
        found.append((f"wikinews-{path.stem}", Document(text=path.read_text(encoding="utf-8"))))
    pages = sorted((CORPUS / "html-benchmark" / "html").glob("*.html.gz"))[:html_pages]
    for path in pages:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        document = with_language(document_from_html(html, name=path.name))
        if is_analysed(document.language) and document.text.strip():
            found.append((f"html-{path.name[:16]}", document))
    return found


def dumps(html_pages: int) -> dict[str, str]:
    from claimledger.analysis import analysis_from_doc
    from claimledger.model import Document
    from claimledger.nlp import load_model

    nlp = load_model()
    named = documents(html_pages)
    texts = [document.text for _, document in named]  # type: ignore[attr-defined]
    out: dict[str, str] = {}
    for (name, document), doc in zip(named, nlp.pipe(texts), strict=True):
        assert isinstance(document, Document)
        analysis = analysis_from_doc(document, doc)
        out[name] = json.dumps(analysis.to_dict(), indent=1, sort_keys=True,
                               ensure_ascii=False) + "\n"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, help="write one JSON file per article here")
    target.add_argument("--compare", type=Path, help="compare with the files written here")
    parser.add_argument("--html", type=int, default=40, help="html-benchmark pages to add")
    args = parser.parse_args()
    current = dumps(args.html)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, text in current.items():
            (args.out / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"wrote {len(current)} analyses to {args.out}")
        return 0
    before = {p.stem: p.read_text(encoding="utf-8") for p in args.compare.glob("*.json")}
    differing = sorted(name for name in before.keys() | current.keys()
                       if before.get(name) != current.get(name))
    for name in differing[:3]:
        diff = difflib.unified_diff(before.get(name, "").splitlines(),
                                    current.get(name, "").splitlines(), lineterm="", n=1)
        print(f"--- {name}")
        print("\n".join(list(diff)[:40]))
    print(f"{len(current)} analyses, {len(differing)} differ from {args.compare}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
