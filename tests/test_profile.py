"""The sourcing profile: counts consistent with the attributions, shares that add up."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from spacy.language import Language
from test_claims_fixtures import WIKINEWS, gold_records, parse, seed_analysis, wikinews_sample

from claimledger.claims import build_layers
from claimledger.claims.profile import HOLDER_GROUPS


def check_profile(result: dict[str, Any]) -> None:
    profile = result["profile"]
    claims = result["claims"]
    attributions = result["attributions"]
    kinds = {s["id"]: s["kind"] for s in result["sources"]}
    assert profile["claims"] == len(claims)
    assert profile["attributions"] == len(attributions)
    expected_kinds = Counter(kinds.get(a["source"], "unresolved") for a in attributions)
    assert {k: v for k, v in profile["attributions_by_source_kind"].items() if v} == dict(
        expected_kinds)
    assert sum(profile["attributions_by_source_kind"].values()) == len(attributions)
    expected_holders = Counter(HOLDER_GROUPS[c["holder_kind"]] for c in claims)
    assert {k: v for k, v in profile["claims_by_holder"].items() if v} == dict(expected_holders)
    if claims:
        assert sum(profile["holder_shares"].values()) == pytest.approx(1.0)
    for group, share in profile["holder_shares"].items():
        assert share == pytest.approx(profile["claims_by_holder"][group] / max(1, len(claims)))
    assert profile["hedged_claims"] == sum(1 for c in claims if c["hedges"])
    assert profile["distinct_sources"] == len({a["source"] for a in attributions if a["source"]})
    assert profile["flags"] == len(result["flags"])
    assert profile["flags_in_quotes"] == sum(1 for f in result["flags"] if f["in_quote"])
    assert 0.0 <= profile["quote_density"] <= 1.0
    assert 0.0 <= profile["hedged_share"] <= 1.0
    for note in profile["notable"]:
        assert note["fact"] and note["reason"]


def test_seed_profile() -> None:
    result = seed_analysis().to_dict()
    check_profile(result)
    profile = result["profile"]
    assert profile["claims_by_holder"]["anonymous"] >= 3
    assert profile["attributions_by_source_kind"]["anonymous"] >= 3
    assert profile["quote_density"] > 0.1
    facts = " ".join(n["fact"] for n in profile["notable"])
    assert "anonymous or vague" in facts
    assert "a growing consensus among defense experts" in facts


@pytest.mark.parametrize("doc_id", wikinews_sample())
def test_wikinews_profile_with_gold_attributions(nlp: Language, doc_id: str) -> None:
    from claimledger.model import Analysis, Document

    text = (WIKINEWS / f"{doc_id}.txt").read_text(encoding="utf-8")
    attributions, sources = gold_records(doc_id, text)
    layers = build_layers(parse(nlp, text), attributions, sources)
    result = Analysis(
        document=Document(text=text), attributions=tuple(attributions),
        sources=tuple(sources), claims=layers.claims, quantities=layers.quantities,
        entities=layers.entities, flags=layers.flags, profile=layers.profile,
    ).to_dict()
    check_profile(result)
    if attributions:
        assert result["profile"]["attributions_per_1000_words"] > 0
