"""The ledger commands: ``ingest``, ``link``, ``claims``, ``trace``, ``sources``, ``export``.

Each parses its arguments, calls one function of ``claimledger.ledger`` and formats the
result (text for people, JSON for scripts). The database is ``--db URL`` (default: the
``CLAIMLEDGER_DB`` environment variable, else ``ledger.db``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from claimledger.cli._types import positive_int
from claimledger.ledger.store import DEFAULT_URL, Store


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL",
                        default=os.environ.get("CLAIMLEDGER_DB", DEFAULT_URL),
                        help="ledger database: a SQLite path, sqlite:///PATH or "
                        "postgresql://... (default: $CLAIMLEDGER_DB or ledger.db)")


def _format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default) or json for scripts")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "ingest", help="analyse articles into the ledger (resumable)",
        description="Analyse every input not yet in the ledger and store it; re-running "
        "skips what is done, so an interrupted run just continues. Then link claims "
        "across articles unless --no-link.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, folders, globs, WARC/JSONL/feed files or URLs (--fetch); "
                   "none with --reanalyse-older only re-analyses")
    _db_argument(p)
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="analyse in N worker processes (default 1)")
    p.add_argument("--fetch", action="store_true", help="allow fetching http(s) URLs")
    p.add_argument("--no-link", action="store_true", help="skip cross-article linking")
    p.add_argument("--model", metavar="NAME", default=None, help="spaCy model to use")
    p.add_argument("--reanalyse-older", action="store_true",
                   help="also analyse again the stored articles that an older analyser "
                   "(package, spaCy model or rules version) analysed; resumable")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=run_ingest)

    p = subparsers.add_parser("link", help="re-run cross-article linking over the ledger",
                              description="Cluster every stored claim, find cites/copies/"
                              "same-source edges, origins and contradictions; replaces the "
                              "previous linking result (observations are never changed). "
                              "Works in a temporary folder on disk, so memory stays flat "
                              "in ledger size.")
    _db_argument(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run_link)

    p = subparsers.add_parser("claims", help="list claim clusters across outlets",
                              description="Claim clusters with their outlet count, first "
                              "appearance and independent-origin count.")
    p.add_argument("--search", metavar="TEXT", help="only clusters whose text matches")
    p.add_argument("--min-outlets", type=int, default=1, metavar="N",
                   help="only clusters reported by at least N outlets")
    p.add_argument("--source", metavar="NAME", help="only clusters held by this source")
    p.add_argument("--kind", metavar="KIND",
                   help="only clusters with a holder of this source kind (named_person, "
                   "anonymous, ...; 'outlet' for the outlet's own voice)")
    p.add_argument("--limit", type=positive_int, default=None, metavar="N",
                   help="at most N rows (N >= 1)")
    _db_argument(p)
    _format_argument(p)
    p.set_defaults(func=run_claims)

    p = subparsers.add_parser("trace", help="who said a claim first and who repeated whom",
                              description="The cluster of CLAIM_ID as a tree: earliest "
                              "observations at the roots, repeats under what they cite or "
                              "copy, with dates, outlets, edge kinds and support.")
    p.add_argument("claim_id", metavar="CLAIM_ID",
                   help="a canonical id or an observation id from `claims`")
    _db_argument(p)
    _format_argument(p)
    p.set_defaults(func=run_trace)

    p = subparsers.add_parser("sources", help="sources linked across articles",
                              description="Sources grouped across articles (same person "
                              "or organisation by the name normaliser) with claim counts.")
    p.add_argument("--min-articles", type=int, default=1, metavar="N",
                   help="only sources named in at least N articles")
    p.add_argument("--kind", metavar="KIND", help="only sources of this kind")
    p.add_argument("--limit", type=positive_int, default=None, metavar="N",
                   help="at most N rows (N >= 1)")
    _db_argument(p)
    _format_argument(p)
    p.set_defaults(func=run_sources)

    p = subparsers.add_parser("export", help="write every ledger table to files",
                              description="One file per table (<table>.<format>).")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    p.add_argument("--out", metavar="PATH", default="ledger-export",
                   help="output folder (default: ledger-export); refused when it already "
                   "holds export files, unless --force")
    p.add_argument("--force", action="store_true",
                   help="overwrite the export files already in --out")
    _db_argument(p)
    p.set_defaults(func=run_export)


def _open(args: argparse.Namespace, *, create: bool = False) -> Store:
    """The ledger of ``--db``; only ``ingest`` creates one, the others refuse a ledger
    that does not exist (a mistyped path must not read as an empty ledger)."""
    from claimledger.ledger.store import open_store

    return open_store(args.db, create=create)


def run_ingest(args: argparse.Namespace) -> int:
    from claimledger.ledger import ingest, link_ledger
    from claimledger.ledger.progress import LinkProgress
    from claimledger.ledger.reanalyse import reanalyse_older

    if not args.paths and not args.reanalyse_older:
        print("claimledger ingest: error: give at least one PATH (or --reanalyse-older)",
              file=sys.stderr)
        return 2
    store = _open(args, create=True)
    failed = 0
    try:
        if args.paths:
            report = ingest(args.paths, store, jobs=max(1, args.jobs), fetch=args.fetch,
                            progress=not args.quiet, model=args.model)
            failed += report.failed
            if args.quiet:  # quiet silences progress, never the failures
                _print_failures(report.failures, "see the errors table", quiet=True)
            else:
                shared = f" ({report.shared} sharing a stored text's analysis)" \
                    if report.shared else ""
                print(f"ingest: {report.stored} stored{shared}, {report.already_stored} "
                      f"already stored, {report.skipped} done before, {report.failed} "
                      f"failed in {report.seconds:.1f}s "
                      f"({report.analysed_per_second:.2f} articles/s)", file=sys.stderr)
                _print_failures(report.failures, "see the errors table")
        if args.reanalyse_older:
            again = reanalyse_older(store, jobs=max(1, args.jobs), progress=not args.quiet,
                                    model=args.model)
            failed += again.failed
            if args.quiet:
                _print_failures(again.failures, "their stored analyses are kept",
                                quiet=True)
            else:
                print(f"reanalyse: {again.reanalysed} of {again.texts} texts analysed by an "
                      f"older analyser re-analysed ({again.articles} articles), "
                      f"{again.failed} failed in {again.seconds:.1f}s; now {again.analyser}",
                      file=sys.stderr)
                _print_failures(again.failures, "their stored analyses are kept")
        if not args.no_link:
            with LinkProgress(enabled=not args.quiet) as bar:
                summary = link_ledger(store, progress=bar)
            if not args.quiet:
                print(f"link: {summary.observations} claims in {summary.clusters} clusters, "
                      f"{summary.edges} edges, {summary.contradictions} contradictions",
                      file=sys.stderr)
    finally:
        store.close()
    return 1 if failed else 0


def _print_failures(failures: list[str], more: str, *, quiet: bool = False) -> None:
    if quiet and failures:
        print(f"claimledger: {len(failures)} input(s) failed", file=sys.stderr)
    for line in failures[:20]:
        print(f"claimledger: error: {line}", file=sys.stderr)
    if len(failures) > 20:
        print(f"... and {len(failures) - 20} more ({more})", file=sys.stderr)


def run_link(args: argparse.Namespace) -> int:
    from claimledger.ledger import link_ledger
    from claimledger.ledger.progress import LinkProgress

    store = _open(args)
    try:
        with LinkProgress(enabled=not args.quiet) as bar:
            summary = link_ledger(store, progress=bar)
    finally:
        store.close()
    print(json.dumps(summary.to_dict()))
    return 0


def run_claims(args: argparse.Namespace) -> int:
    from claimledger.ledger import list_claims
    from claimledger.ledger.lists import claim_record
    from claimledger.ledger.render import claims_table

    store = _open(args)
    try:
        clusters = list_claims(store, search=args.search, min_outlets=args.min_outlets,
                               source=args.source, kind=args.kind, limit=args.limit)
    finally:
        store.close()
    if args.format == "json":
        # The items of the web app's /claims.json (without its page links).
        _print_json([claim_record(c) for c in clusters])
    else:
        _console().print(claims_table(clusters))
    return 0


def run_trace(args: argparse.Namespace) -> int:
    from claimledger.ledger import trace
    from claimledger.ledger.query import unknown_claim
    from claimledger.ledger.render import trace_tree
    from claimledger.ledger.views import trace_document

    store = _open(args)
    try:
        if args.format == "json":
            # The very document the web app serves at /claims/ID.json.
            document = trace_document(store, args.claim_id)
            if document is None:
                raise unknown_claim(args.claim_id)
            _print_json(document)
        else:
            _console().print(trace_tree(trace(store, args.claim_id)))
    finally:
        store.close()
    return 0


def run_sources(args: argparse.Namespace) -> int:
    from claimledger.ledger import list_sources
    from claimledger.ledger.lists import source_record
    from claimledger.ledger.render import sources_table

    store = _open(args)
    try:
        groups = list_sources(store, min_articles=args.min_articles, kind=args.kind)
    finally:
        store.close()
    if args.limit is not None:
        groups = groups[:args.limit]
    if args.format == "json":
        # The items of the web app's /sources.json (without its page links).
        _print_json([source_record(g) for g in groups])
    else:
        _console().print(sources_table(groups))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from claimledger.cli._output import output_folder
    from claimledger.ledger import export
    from claimledger.ledger.schema import TABLES

    output_folder(args.out, force=args.force,
                  names=[f"{table}.{args.format}" for table in TABLES])
    store = _open(args)
    try:
        written = export(store, args.format, args.out)
    finally:
        store.close()
    for path in written:
        print(path)
    return 0


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _console() -> Any:
    from rich.console import Console

    # A pipe gets plain text wide enough not to wrap ids.
    return Console(width=None if sys.stdout.isatty() else 160)
