"""The sourcing profile: counts consistent with the attributions, shares that add up."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
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
    by_type = Counter(t for c in claims for t in {h["cue_type"] for h in c["hedges"]})
    assert {k: v for k, v in profile["hedged_claims_by_cue_type"].items() if v} == dict(by_type)
    assert set(profile["hedged_claims_by_cue_type"]) >= {
        "modal_possible", "modal_probable", "doxastic", "condition", "investigation", "weasel"}
    flag_categories = Counter(f["category"] for f in result["flags"])
    assert {k: v for k, v in profile["flags_by_category"].items() if v} == dict(flag_categories)
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


def test_text_and_html_reports_show_cue_types_and_flag_categories() -> None:
    from rich.console import Console

    from claimledger.render.html import render_report
    from claimledger.render.text import print_analysis

    analysis = seed_analysis()
    profile = analysis.to_dict()["profile"]
    console = Console(record=True, width=200)
    print_analysis(analysis, console)
    text = console.export_text()
    html = render_report(analysis)
    for shown in (text, html):
        assert "hedged claims by cue type" in shown
        assert "flags by category" in shown
    weasel = profile["hedged_claims_by_cue_type"]["weasel"]
    assert weasel > 0 and f"weasel: {weasel}" in text and f"weasel: {weasel}" in html
    loaded = profile["flags_by_category"]["loaded"]
    assert loaded > 0 and f"loaded: {loaded}" in text


def test_article_page_shows_the_stored_cue_types_and_flag_categories(
        tmp_path: Path, nlp: Language) -> None:
    """The web article page of a stored article shows the profile's hedged claims per
    cue type and flags per category, as the ledger read them back (issue 13, "Also")."""
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    text = (WIKINEWS / "100911.txt").read_text(encoding="utf-8")
    with TestClient(create_app(str(tmp_path / "ledger.db")),
                    client=("127.0.0.1", 50000), base_url="http://127.0.0.1") as client:
        posted = client.post("/articles.json", data={"text": text})
        assert posted.status_code == 201, posted.text
        url = posted.json()["article_url"]
        stored = client.get(url + ".json").json()["analysis"]
        html = client.get(url).text
    profile = stored["profile"]
    claims = stored["claims"]
    by_type = Counter(t for c in claims for t in {h["cue_type"] for h in c["hedges"]})
    assert {k: v for k, v in profile["hedged_claims_by_cue_type"].items() if v} == dict(by_type)
    by_category = Counter(f["category"] for f in stored["flags"])
    assert {k: v for k, v in profile["flags_by_category"].items() if v} == dict(by_category)
    assert by_type and by_category  # the article has both, so the rows below are not "—"
    assert "hedged claims by cue type" in html and "flags by category" in html
    for name, count in [*by_type.items(), *by_category.items()]:
        assert f"{name.replace('_', ' ')}: {count}" in html
