"""``claimledger eval GOLD.jsonl --texts DIR``: score attribution against gold annotations."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score attribution extraction against gold annotations",
        description="Run the pipeline over the gold's documents and print content P/R/F1 "
                    "at 0.3 and 0.8 overlap, speaker, source-name and source-kind agreement "
                    "and exact-span F1, overall and per attribution kind (percent).",
    )
    parser.add_argument("gold", nargs="+",
                        help="gold annotations, one JSON object per document; several "
                             "resolution sets (e.g. quality/resolution-dev.jsonl "
                             "quality/resolution-heldout.jsonl) are each scored and reported")
    parser.add_argument("--texts", default=None,
                        help="folder holding <doc>.txt files (attribution gold)")
    parser.add_argument("--corpus", default=None,
                        help="folder holding wikinews/ and html-benchmark/: a resolution set "
                             "(quality/resolution-dev.jsonl) is scored by speaker-mention type")
    parser.add_argument("--half", choices=("all", "even", "odd"), default="all",
                        help="resolution set only: documents at even or odd positions")
    parser.add_argument("--errors", action="store_true",
                        help="resolution set only: list the wrongly resolved attributions")
    parser.add_argument("--model", default=None, help="spaCy model name (default: sm)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--floors", default=None,
                        help="JSON file of minimum metrics; exit 1 when any is missed "
                             "(with several resolution sets: checked on the first only)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from claimledger.evaluate import check_floors, evaluate
    from claimledger.resolution_eval import is_resolution_set

    if args.corpus is not None or any(is_resolution_set(gold) for gold in args.gold):
        return _run_resolution(args)
    if len(args.gold) > 1:
        print("claimledger eval: give one attribution gold file", file=sys.stderr)
        return 2
    if args.texts is None:
        print("claimledger eval: --texts is required for attribution gold", file=sys.stderr)
        return 2

    report = evaluate(args.gold[0], args.texts, model=args.model)
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.to_text())
    if args.floors:
        failures = check_floors(report, args.floors)
        for message in failures:
            print(f"under floor: {message}", file=sys.stderr)
        return 1 if failures else 0
    return 0


def _run_resolution(args: argparse.Namespace) -> int:
    from claimledger.resolution_eval import check_resolution_floors, evaluate_resolution

    if args.corpus is None:
        print("claimledger eval: a resolution set needs --corpus", file=sys.stderr)
        return 2
    reports = [evaluate_resolution(gold, args.corpus, half=args.half, model=args.model)
               for gold in args.gold]
    if args.format == "json":
        # one set: the report itself (unchanged contract); several: one report per set
        payload: Any = (reports[0].to_dict() if len(reports) == 1 else
                        {"sets": [{"gold": gold, **r.to_dict()}
                                  for gold, r in zip(args.gold, reports, strict=True)]})
        print(json.dumps(payload, indent=2))
    else:
        for index, (gold, report) in enumerate(zip(args.gold, reports, strict=True)):
            if len(reports) > 1:
                print(("\n" if index else "") + f"== {gold}")
            print(report.to_text())
            if args.errors:
                for error in report.errors:
                    print(f"  {error['doc'][:16]} {error['mention_type']:<10} "
                          f"{error['speaker']!r} -> {error['predicted']!r} "
                          f"(gold {error['gold']!r})")
    report = reports[0]
    if args.floors:
        failures = check_resolution_floors(report, args.floors)
        for message in failures:
            print(f"under floor: {message}", file=sys.stderr)
        return 1 if failures else 0
    return 0
