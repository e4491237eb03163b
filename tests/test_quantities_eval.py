"""The quantity quality gate: value accuracy on the hand-checked wikinews test set."""

from __future__ import annotations

import json
from pathlib import Path

from claimledger.cli import main
from claimledger.quantity_eval import evaluate_quantities, load_testset, read_floor

ROOT = Path(__file__).resolve().parent.parent
TESTSET = ROOT / "tests" / "data" / "quantities-wikinews.jsonl"
TEXTS = ROOT.parent / "shared" / "corpus" / "wikinews"
FLOOR = ROOT / "quality" / "quantity-floor.json"


def test_testset_is_large_and_covers_every_kind() -> None:
    sentences = load_testset(TESTSET)
    assert len(sentences) >= 150
    kinds = {item["kind"] for sentence in sentences for item in sentence.expected}
    assert kinds == {"count", "money", "percent", "multiplier", "rate", "duration",
                     "ordinal", "date"}
    assert sum(len(sentence.not_quantities) for sentence in sentences) >= 30


def test_value_accuracy_meets_the_pinned_floor() -> None:
    floor = read_floor(FLOOR)
    assert floor >= 0.95
    result = evaluate_quantities(TESTSET, TEXTS)
    assert result.expected >= 300
    assert result.accuracy >= floor, "\n".join(f.describe() for f in result.failures)


def test_false_positives_count_as_errors(tmp_path: Path) -> None:
    # A sentence whose only number is an aircraft model: expecting nothing, any
    # extracted quantity is a false positive that lowers the accuracy below 1.
    row = json.loads(TESTSET.read_text(encoding="utf-8").splitlines()[0])
    row["expected"] = row["expected"][:1]
    testset = tmp_path / "one.jsonl"
    testset.write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = evaluate_quantities(testset, TEXTS)
    assert result.false_positives >= 1
    assert result.accuracy == result.correct / (result.expected + result.false_positives)


def test_cli_reports_accuracy_and_exit_code(capsys: object, tmp_path: Path) -> None:
    strict = tmp_path / "floor.json"
    strict.write_text(json.dumps({"value_accuracy": 100}), encoding="utf-8")
    code = main(["eval-quantities", str(TESTSET), "--texts", str(TEXTS),
                 "--floor", str(strict)])
    output = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "value accuracy" in output
    assert code == (0 if "value accuracy 100.0%" in output else 1)
