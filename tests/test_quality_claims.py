"""The claims-layer quality gates: hedge cues and loaded language on the dev sets.

Floors are pinned in ``quality/hedge-floors.json`` and ``quality/loaded-floors.json`` and
never lowered; the halves are pinned separately because the rules were written on the
even-position half and the odd half is the honest check.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.cli import main
from claimledger.hedge_eval import (
    GoldCue,
    GoldSentence,
    HedgeDoc,
    PredictedCue,
    evaluate_hedges,
    score_document,
)
from claimledger.loaded_eval import check_floors, evaluate_loaded, read_floors
from claimledger.span_metrics import overlap_prf

ROOT = Path(__file__).resolve().parent.parent
QUALITY = ROOT / "quality"
WIKINEWS = ROOT.parent / "shared" / "corpus" / "wikinews"
BODIES = ROOT.parent / "shared" / "corpus" / "html-benchmark" / "ground-truth.json"


@pytest.mark.slow
def test_hedge_floors() -> None:
    result = evaluate_hedges(QUALITY / "hedges-dev.jsonl", WIKINEWS)
    assert result.documents >= 48
    failures = check_floors(result.metrics(), read_floors(QUALITY / "hedge-floors.json"))
    assert failures == [], result.to_text()


@pytest.mark.slow
def test_loaded_language_floors() -> None:
    result = evaluate_loaded(QUALITY / "loaded-dev.jsonl", BODIES)
    assert result.documents >= 32
    failures = check_floors(result.metrics(), read_floors(QUALITY / "loaded-floors.json"))
    assert failures == [], result.to_text()


def test_floors_are_at_least_the_issue_targets() -> None:
    hedges = read_floors(QUALITY / "hedge-floors.json")
    assert hedges["cue_f1"] >= 80 and hedges["sentence_f1"] >= 85
    assert read_floors(QUALITY / "loaded-floors.json")["span_f1"] >= 50


def test_semeval_span_metric_gives_partial_credit() -> None:
    # Gold "absolutely no mercy" (19 chars); a prediction of "no mercy" (8 chars) is
    # wholly inside it: precision 1, recall 8/19. A prediction on neutral words earns 0.
    gold = [(10, 29)]
    result = overlap_prf([(gold, [(21, 29)])])
    assert result.precision == pytest.approx(1.0)
    assert result.recall == pytest.approx(8 / 19)
    assert overlap_prf([(gold, [(40, 45)])]).f1 == 0.0
    # Overlapping predictions are merged first, so no character is credited twice.
    assert overlap_prf([(gold, [(10, 20), (15, 29)])]).recall == pytest.approx(1.0)


def test_hedge_scoring_rules() -> None:
    gold = HedgeDoc("x", (
        GoldSentence(0, 40, (GoldCue(5, 16, "expected to", "modal_probable"),)),
        GoldSentence(41, 80, ()),
        GoldSentence(81, 120, (GoldCue(90, 93, "may", "modal_possible"),)),
    ))
    predicted = [
        PredictedCue(8, 16, "ected to", "doxastic"),  # overlaps, wrong type, not exact
        PredictedCue(50, 55, "might", "modal_possible"),  # false positive
    ]
    tally = score_document("", gold, predicted)
    scores = tally.scores()
    assert (scores.cue.precision, scores.cue.recall) == (0.5, 0.5)
    assert scores.exact.f1 == 0.0
    assert scores.type_accuracy == 0.0
    # Sentences: gold uncertain {0, 2}; predicted uncertain {0, 1}.
    assert (scores.sentence.precision, scores.sentence.recall) == (0.5, 0.5)


def test_eval_commands_report_and_exit_on_floors(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    devset = tmp_path / "dev.jsonl"
    lines = (QUALITY / "loaded-dev.jsonl").read_text("utf-8").splitlines()[:2]
    devset.write_text("\n".join(lines) + "\n", encoding="utf-8")
    impossible = tmp_path / "floors.json"
    impossible.write_text(json.dumps({"span_f1": 100.01}), encoding="utf-8")
    code = main(["eval-loaded", str(devset), "--bodies", str(BODIES), "--floors",
                 str(impossible)])
    out = capsys.readouterr().out
    assert "character-overlap spans" in out and "even half" in out
    assert code == 1
