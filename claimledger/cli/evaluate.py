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
    parser.add_argument("gold", help="gold annotations, one JSON object per document")
    parser.add_argument("--texts", required=True, help="folder holding <doc>.txt files")
    parser.add_argument("--model", default=None, help="spaCy model name (default: sm)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--floors", default=None,
                        help="JSON file of minimum metrics; exit 1 when any is missed")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from claimledger.evaluate import check_floors, evaluate

    report = evaluate(args.gold, args.texts, model=args.model)
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
