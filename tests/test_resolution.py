"""Source resolution (issue 12): first-name gender, roles, possessives, and the
resolution set's floors by speaker-mention type, on real articles and the real pipeline."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language

from claimledger.cli import main
from claimledger.model import Source
from claimledger.resolution.gender import first_name_gender
from claimledger.resolution_eval import (
    check_resolution_floors,
    evaluate_resolution,
    same_members,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DEVSET = ROOT / "quality" / "resolution-dev.jsonl"
HELDOUT = ROOT / "quality" / "resolution-heldout.jsonl"
FLOORS = ROOT / "quality" / "resolution-floors.json"


def test_first_name_gender_leaves_ambiguous_names_unknown() -> None:
    assert first_name_gender("Alexandria") == "f"
    assert first_name_gender("Scooter") == "m"
    assert first_name_gender("Taylor") is None  # unisex: no guess
    assert first_name_gender("O'Neil") is None  # not a plain word


def _source_of(nlp: Language, text: str, speaker: str) -> str | None:
    doc = nlp(text)
    at = text.index(speaker)
    sources = {s.id: s for s in doc._.sources}
    for a in doc._.attributions:
        if a.speaker is not None and a.speaker.start <= at < a.speaker.end and a.source:
            return sources[a.source].name
    return None


def test_possessive_office_holder_is_the_named_minister(nlp: Language) -> None:
    text = (CORPUS / "wikinews" / "87805.txt").read_text(encoding="utf-8")
    assert _source_of(nlp, text, "Indonesia's transport minister") == "Jusman Syafii Djamal"


def test_possessive_office_and_role_noun(nlp: Language) -> None:
    text = ("Gov. Eric Holcomb spoke to teachers in Indianapolis on Monday. Senator Brian "
            "Bosma did not attend. His office said the plan would be announced soon, and "
            "the governor said he expected the legislature to act.")
    assert _source_of(nlp, text, "His office") == "Brian Bosma's office"
    assert _source_of(nlp, text, "the governor") == "Eric Holcomb"


@pytest.mark.slow
def test_resolution_floors_by_mention_type() -> None:
    report = evaluate_resolution(DEVSET, CORPUS)
    assert report.documents == 53
    assert check_resolution_floors(report, FLOORS) == [], report.to_text()


@pytest.mark.slow
def test_eval_cli_scores_a_resolution_half(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", str(DEVSET), "--corpus", str(CORPUS), "--half", "odd",
                 "--format", "json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 26 and report["half"] == "odd"
    types = {t["mention_type"]: t for t in report["types"]}
    assert types["pronoun"]["paired"] > 0 and 0 < types["pronoun"]["accuracy"] <= 100
    assert report["members"]["gold"] > 0 and "members" not in types


def _hard_mentions(path: Path, docs: set[str] | None = None) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if docs is None or entry["doc"] in docs:
            counts.update(a["mention_type"] for a in entry["attributions"]
                          if a["mention_type"] is not None)
    return counts


def test_heldout_set_checks_out_and_is_disjoint_from_dev() -> None:
    # every offset and digest of the held-out set sits in the shared corpus (the
    # checker exits 1 otherwise), and no article of the dev set is reused
    spec = importlib.util.spec_from_file_location(
        "check_resolution", ROOT / "quality" / "check_resolution.py")
    assert spec is not None and spec.loader is not None
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    assert checker.main([str(HELDOUT), "--corpus", str(CORPUS), "--quiet"]) == 0

    def docs(path: Path) -> set[str]:
        return {json.loads(line)["doc"] for line in path.read_text().splitlines()}

    assert not docs(DEVSET) & docs(HELDOUT)
    counts = _hard_mentions(HELDOUT)
    assert sum(counts[t] for t in ("pronoun", "role_noun", "possessive", "group")) >= 200


@pytest.mark.slow
def test_eval_cli_reports_dev_and_heldout_sets(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", str(DEVSET), str(HELDOUT), "--corpus", str(CORPUS),
                 "--half", "odd", "--format", "json"])
    assert code == 0
    sets = {Path(s["gold"]).name: s for s in json.loads(capsys.readouterr().out)["sets"]}
    assert set(sets) == {DEVSET.name, HELDOUT.name}
    held = sets[HELDOUT.name]
    lines = HELDOUT.read_text(encoding="utf-8").splitlines()
    odd = {json.loads(line)["doc"] for line in lines[1::2]}
    assert held["documents"] == len(odd)
    expected = _hard_mentions(HELDOUT, odd)
    types = {t["mention_type"]: t for t in held["types"]}
    for mention_type in ("pronoun", "role_noun", "possessive", "group"):
        assert types[mention_type]["gold"] == expected[mention_type]
    assert types["pronoun"]["paired"] > 0 and types["role_noun"]["paired"] > 0


def test_sentence_initial_participle_is_not_part_of_a_name(nlp: Language) -> None:
    from claimledger.attribution.entities import collect_entities

    doc = nlp("Alexander Vindman testified on Tuesday. Questioning Vindman, Republicans "
              "pressed him about the call. He said the call was improper.")
    names = {named.name for named in collect_entities(doc).people.values()}
    assert "Alexander Vindman" in names
    assert not any(name.startswith("Questioning") for name in names)


def test_members_figure_needs_the_gold_members_one_to_one() -> None:
    # a joint speaker is scored on its members, not only on its name: crediting one of
    # the pair, or the pair and a third person, is a miss (issue 12, item 5)
    people = {sid: Source(sid, name, "named_person") for sid, name in
              (("s1", "Kurt Volker"), ("s2", "Tim Morrison"), ("s3", "Fiona Hill"))}
    pair = Source("s4", "Kurt Volker and Tim Morrison", "named_person", members=("s1", "s2"))
    trio = Source("s5", "Volker, Morrison and Hill", "named_person",
                  members=("s1", "s2", "s3"))
    sources = {**people, "s4": pair, "s5": trio}
    gold = ["Kurt Volker", "Tim Morrison"]
    assert same_members(gold, pair, sources)
    assert not same_members(gold, trio, sources)
    assert not same_members(gold, people["s1"], sources)
    assert not same_members(gold, None, sources)
