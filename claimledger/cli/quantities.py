"""``claimledger eval-quantities``: value accuracy of quantity extraction on a test set."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from claimledger.quantity_eval import (
    DEFAULT_FLOOR_FILE,
    DEFAULT_TESTSET,
    DEFAULT_TEXTS,
    evaluate_quantities,
    read_floor,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval-quantities",
        help="score quantity extraction against a hand-checked test set",
        description="Print the value accuracy of quantity extraction on TESTSET and list "
        "every failure; exit 1 when it is under the pinned floor.",
    )
    parser.add_argument("testset", nargs="?", type=Path, default=DEFAULT_TESTSET,
                        help=f"JSON-lines test set (default: {DEFAULT_TESTSET})")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS,
                        help=f"folder of the articles it refers to (default: {DEFAULT_TEXTS})")
    parser.add_argument("--floor", type=Path, default=DEFAULT_FLOOR_FILE,
                        help=f"pinned floor file (default: {DEFAULT_FLOOR_FILE})")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    floor = read_floor(args.floor)
    result = evaluate_quantities(args.testset, args.texts)
    for failure in result.failures:
        print(failure.describe())
    print(
        f"sentences {result.sentences}  expected {result.expected}  correct {result.correct}"
        f"  false positives {result.false_positives}"
    )
    print(f"value accuracy {100 * result.accuracy:.1f}%  (floor {100 * floor:.0f}%)")
    return 0 if result.accuracy >= floor else 1
