"""``claimledger eval-hedges``: hedge cues against the CoNLL-2010-style dev set."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from claimledger.hedge_eval import DEFAULT_DEVSET, DEFAULT_FLOOR_FILE, DEFAULT_TEXTS


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval-hedges",
        help="score hedge (uncertainty) cues against an annotated dev set",
        description="Analyse the dev set's Wikinews articles and print cue-level P/R/F1 "
        "(character overlap, and exact), type accuracy and sentence-level P/R/F1 of "
        "uncertain sentences, overall and per half (even/odd positions); exit 1 when a "
        "pinned floor is missed.",
    )
    parser.add_argument("devset", nargs="?", type=Path, default=DEFAULT_DEVSET,
                        help=f"JSON-lines dev set (default: {DEFAULT_DEVSET})")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS,
                        help=f"folder of the articles (default: {DEFAULT_TEXTS})")
    parser.add_argument("--half", choices=("all", "even", "odd"), default="all",
                        help="score only the articles at even or odd positions")
    parser.add_argument("--floors", type=Path, default=None,
                        help=f"floor file to check (e.g. {DEFAULT_FLOOR_FILE}); exit 1 "
                        "when a metric is under its floor")
    parser.add_argument("--errors", action="store_true",
                        help="list every missed, false and mistyped cue")
    parser.add_argument("--model", default=None, help="spaCy model name (default: sm)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from claimledger.hedge_eval import evaluate_hedges
    from claimledger.loaded_eval import check_floors, read_floors

    result = evaluate_hedges(args.devset, args.texts, half=args.half, model=args.model)
    if args.errors:
        for error in result.errors:
            print(error.describe())
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(result.to_text())
    if args.floors is None:
        return 0
    failures = check_floors(result.metrics(), read_floors(args.floors))
    for message in failures:
        print(f"under floor: {message}", file=sys.stderr)
    return 1 if failures else 0
