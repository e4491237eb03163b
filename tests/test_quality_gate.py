"""The attribution quality gate: the dev gold must stay at or above the pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.evaluate import check_floors, evaluate

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold" / "wikinews-attribution.jsonl"
TEXTS = ROOT.parent / "shared" / "corpus" / "wikinews"
FLOORS = ROOT / "quality" / "attribution-floors.json"


@pytest.mark.slow
def test_attribution_floors() -> None:
    report = evaluate(GOLD, TEXTS)
    assert report.documents == 120
    assert check_floors(report, FLOORS) == [], report.to_text()
