"""The labelled claim pairs and the quality gate of the pair rule."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from claimledger.linking import Thresholds, load_thresholds
from claimledger.linking.calibrate import (
    DEFAULT_CORPUS,
    DEFAULT_PAIRS,
    FITTED,
    Features,
    fit,
    labelled_features,
    load_pairs,
    main,
    score,
    sentence_spans,
)

FLOORS = Path(__file__).resolve().parents[1] / "quality" / "linking-floors.json"


@pytest.fixture(scope="module")
def rows() -> list[Features]:
    return labelled_features(load_pairs(), load_thresholds())


def test_pairs_point_at_sentences_of_two_articles() -> None:
    bodies = {k: v["articleBody"] for k, v in json.loads(DEFAULT_CORPUS.read_text()).items()}
    lines = [json.loads(x) for x in DEFAULT_PAIRS.read_text().splitlines() if x.strip()]
    assert len(lines) >= 150
    assert {row["label"] for row in lines} == {0, 1}
    for row in lines:
        assert row["a"]["article"] != row["b"]["article"]
        for side in (row["a"], row["b"]):
            spans = set(sentence_spans(bodies[side["article"]]))
            assert (side["start"], side["end"]) in spans


def test_shipped_thresholds_meet_the_floors(rows: list[Features]) -> None:
    """The floors were set on the original 241 pairs; the "story" stratum (same-story
    pairs of the Ukraine and Hong Kong articles, added later) is reported, not floored."""
    floors = json.loads(FLOORS.read_text())
    strata = [p.stratum for p in load_pairs()]
    original = [row for row, stratum in zip(rows, strata, strict=True) if stratum != "story"]
    assert len(original) == 241
    result = score(original, load_thresholds())
    assert result.precision >= floors["precision"]
    assert result.recall >= floors["recall"]
    assert result.f1 >= floors["f1"]


def test_dataclass_defaults_are_the_shipped_thresholds() -> None:
    assert Thresholds() == load_thresholds()


def test_refitting_reproduces_the_shipped_thresholds(rows: list[Features]) -> None:
    shipped = load_thresholds()
    fitted, _ = fit(rows, shipped)
    assert [getattr(fitted, name) for name in FITTED] == [getattr(shipped, name)
                                                          for name in FITTED]


def test_story_rule_adds_true_links_at_the_precision_bar(rows: list[Features]) -> None:
    """Rule 4 (same story, story-distinctive shared words) on the labelled pairs: more
    recall than rules 1-3 alone, overall and on the Ukraine/Hong Kong stratum, with
    precision still >= 0.8."""
    shipped = load_thresholds()
    plain = replace(shipped, story_pair_cosine=0.0)
    stratum = [row for row, pair in zip(rows, load_pairs(), strict=True)
               if pair.stratum == "story"]
    assert sum(row.story is not None for row in rows) >= 28
    with_story, without = score(rows, shipped), score(rows, plain)
    assert with_story.recall > without.recall
    assert with_story.precision >= 0.8
    assert score(stratum, shipped).true_positive > score(stratum, plain).true_positive
    assert score(stratum, shipped).false_positive == 0


def test_command_prints_precision_and_recall(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    """The claim-pairs figures, and the held-out / hard-pair reports through the ledger
    (here on three pairs of our own: ids divisible by 3 are the held-out split)."""
    mrpc = tmp_path / "pairs.jsonl"
    texts = [("The harbour authority closed the north pier after a storm damaged it.",
              "A storm damaged the north pier, and the harbour authority closed it.", True),
             ("The harbour authority closed the north pier after a storm damaged it.",
              "The city library will extend its opening hours in the summer.", False),
             ("Ticket prices for the valley railway will rise by ten percent.",
              "The valley railway is raising ticket prices by ten percent.", True)]
    mrpc.write_text("".join(json.dumps({"id": 3 * (k + 1), "a": a, "b": b, "same": same})
                            + "\n" for k, (a, b, same) in enumerate(texts)))
    assert main(["--mrpc", str(mrpc), "--sample", "2", "--seed", "1", "--skip-hard"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {"precision", "recall", "f1", "thresholds", "strata"} <= set(printed)
    assert printed["strata"]["original"]["pairs"] == 241
    report = printed["mrpc"]
    assert report["held_out_pairs"] == 3 and report["sample"]["pairs"] == 2
    for key in ("pair_decision", "ledger", "ledger_dated"):
        assert {"accuracy", "precision", "recall", "f1"} <= set(report[key])
    assert report["pair_decision"]["accuracy"] == 1.0


def test_sentence_spans_trim_and_cover_text() -> None:
    text = "  He said “It rained.” Then it stopped!\n\nMr Smith left.  "
    spans = list(sentence_spans(text))
    assert [text[a:b] for a, b in spans] == ["He said “It rained.”", "Then it stopped!",
                                             "Mr Smith left."]
