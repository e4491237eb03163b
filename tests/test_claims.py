"""Claims: units, holders, hedges, vague attribution, check-worthiness and support labels."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Token
from test_claims_fixtures import (
    WIKINEWS,
    gold_records,
    parse,
    seed_analysis,
    seed_records,
    seed_text,
    wikinews_sample,
)

from claimledger import analyze
from claimledger.claims import build_claims, build_layers
from claimledger.claims.checkworthy import BASE, WEIGHTS
from claimledger.claims.profile import KIND_LABELS
from claimledger.model import Attribution, Claim, Span

BASES = {f"single {label}" for label in KIND_LABELS.values()} | {
    "multiple sources", "outlet's own voice", "unresolved source"}


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return seed_analysis().to_dict()


def claim_with(result: dict[str, Any], phrase: str) -> dict[str, Any]:
    matches = [c for c in result["claims"] if phrase in c["span"]["text"]]
    assert len(matches) == 1, phrase
    return matches[0]


def covered(claim: dict[str, Any], phrase: str, text: str) -> bool:
    """Is ``phrase`` (inside the claim) covered by one of its hedges or vague spans?"""
    start = text.index(phrase, claim["span"]["start"])
    end = start + len(phrase)
    spans = [h["span"] for h in claim["hedges"]] + claim["vague"]
    return any(s["start"] < end and start < s["end"] for s in spans)


@pytest.mark.parametrize("phrase", [
    "reportedly", "is said to", "Sources suggest", "some analysts suggesting",
    "if confirmed", "a growing consensus among defense experts",
])
def test_seed_hedges_and_vague_attribution_on_their_claims(
    seed: dict[str, Any], phrase: str
) -> None:
    text = seed["document"]["text"]
    claim = claim_with(seed, phrase)
    for word in phrase.split() if phrase == "some analysts suggesting" else [phrase]:
        assert covered(claim, word, text), (phrase, claim["hedges"], claim["vague"])
    assert "hedged" in claim["support"]["label"] or claim["vague"]


def test_seed_hedge_types_and_vague_kinds(seed: dict[str, Any]) -> None:
    types = {h["cue"]: (h["type"], h["cue_type"]) for c in seed["claims"] for h in c["hedges"]}
    assert types["reportedly"] == ("reportedly", "weasel")
    # The convention's minimal spans: "said to" (not "is said to"), "if" (not "if confirmed").
    assert types["said to"] == ("is_said_to", "weasel")
    assert types["if"] == ("conditional", "condition")
    vague = {v["text"] for c in seed["claims"] for v in c["vague"]}
    assert "a growing consensus among defense experts" in vague
    assert "some analysts" in vague


def test_seed_holders_follow_attribution(seed: dict[str, Any]) -> None:
    kinds = {s["id"]: s["kind"] for s in seed["sources"]}
    quoted = claim_with(seed, "The numbers are staggering")
    assert quoted["holder_kind"] == "anonymous" == kinds[quoted["holder"]]
    assert quoted["support"]["label"].startswith("single anonymous source")
    assert any("anonymity reason" in r for r in quoted["support"]["reasons"])
    own = claim_with(seed, "The implications of this production leap are profound.")
    assert own["holder"] is None and own["holder_kind"] == "outlet"
    assert own["opinion"] and not own["features"]["factual"]
    hedged_own = claim_with(seed, "reportedly")
    assert hedged_own["support"]["label"] == "outlet's own voice, hedged"


def test_seed_headline_and_compound_sentences(seed: dict[str, Any]) -> None:
    first = seed["claims"][0]
    assert first["headline"] and first["span"]["text"].startswith("Russian Government")
    assert not any(c["headline"] for c in seed["claims"][1:])
    # "..., but now we are producing ..." is a second assertion with its own subject.
    assert claim_with(seed, "but now we are producing")["span"]["text"].startswith("but")


def test_checkworthiness_is_the_documented_weighted_sum(seed: dict[str, Any]) -> None:
    for claim in seed["claims"]:
        assert set(claim["features"]) == set(WEIGHTS)
        total = BASE + sum(WEIGHTS[k] for k, on in claim["features"].items() if on)
        assert claim["checkworthiness"] == round(min(1.0, max(0.0, total)), 3)
        assert 0.0 <= claim["checkworthiness"] <= 1.0
    checkable = claim_with(seed, "Ukrainian defense officials have since confirmed")
    opinion = claim_with(seed, "are profound")
    assert checkable["checkworthiness"] > opinion["checkworthiness"]


def test_links_to_quantities_and_entities(seed: dict[str, Any]) -> None:
    quantities = {q["id"]: q for q in seed["quantities"]}
    entities = {e["id"]: e for e in seed["entities"]}
    linked = 0
    for claim in seed["claims"]:
        span = claim["span"]
        for qid in claim["quantities"]:
            q = quantities[qid]["span"]
            assert span["start"] <= q["start"] and q["end"] <= span["end"]
            linked += 1
        for eid in claim["entities"]:
            mentions = entities[eid]["mentions"]
            assert any(span["start"] <= m["start"] and m["end"] <= span["end"] for m in mentions)
    assert linked > 0
    assert claim_with(seed, "ninefold")["quantities"]


def check_claims(result: dict[str, Any]) -> None:
    """Invariants every analysis must satisfy."""
    text = result["document"]["text"]
    sources = {s["id"]: s for s in result["sources"]}
    attributions = {a["id"]: a for a in result["attributions"]}
    ends = 0
    for number, claim in enumerate(result["claims"], start=1):
        assert claim["id"] == f"c{number}"
        span = claim["span"]
        assert text[span["start"]:span["end"]] == span["text"] and span["text"].strip()
        assert span["start"] >= ends
        ends = span["end"]
        for inner in [h["span"] for h in claim["hedges"]] + claim["vague"]:
            assert text[inner["start"]:inner["end"]] == inner["text"]
            assert span["start"] <= inner["start"] and inner["end"] <= span["end"]
        if claim["holder"] is None:
            assert claim["holder_kind"] in ("outlet", "unresolved")
        else:
            assert claim["holder_kind"] == sources[claim["holder"]]["kind"]
            assert attributions[claim["attribution"]]["source"] == claim["holder"]
        assert (claim["attribution"] is None) == (claim["holder_kind"] == "outlet")
        assert 0.0 <= claim["checkworthiness"] <= 1.0
        parts = claim["support"]["label"].split(", ")
        assert parts[0] in BASES and parts[-1] in ("hedged", "unhedged")
        assert (parts[-1] == "hedged") == bool(claim["hedges"])
    json.dumps(result)


def test_seed_invariants(seed: dict[str, Any]) -> None:
    check_claims(seed)


@pytest.mark.parametrize("doc_id", wikinews_sample())
def test_wikinews_claims_cover_every_sentence(nlp: Language, doc_id: str) -> None:
    text = (WIKINEWS / f"{doc_id}.txt").read_text(encoding="utf-8")
    result = analyze(text).to_dict()
    check_claims(result)
    doc = parse(nlp, text)
    claims = [(c["span"]["start"], c["span"]["end"]) for c in result["claims"]]
    # Every line of every sentence that has a verb is inside claims; verbless lines
    # (datelines such as "January 09, 2008") are the documented exception.
    for sentence in doc.sents:
        lines: list[list[Token]] = [[]]
        for token in sentence:
            if "\n" in token.text:
                lines.append([])
            else:
                lines[-1].append(token)
        for line in lines:
            if not any(t.pos_ in ("VERB", "AUX") for t in line):
                continue
            for token in line:
                if token.is_alpha:
                    assert any(s <= token.idx < e for s, e in claims), (doc_id, sentence.text)


@pytest.mark.parametrize("doc_id", wikinews_sample())
def test_wikinews_gold_attributions_give_holders(nlp: Language, doc_id: str) -> None:
    text = (WIKINEWS / f"{doc_id}.txt").read_text(encoding="utf-8")
    doc = parse(nlp, text)
    attributions, sources = gold_records(doc_id, text)
    claims = build_claims(doc, attributions, sources)
    held = {c.attribution for c in claims if c.attribution}
    # Most attributions hold at least one claim (short mixed fragments may not).
    assert len(held) >= 0.6 * len(attributions)
    for claim in claims:
        if claim.attribution is None:
            continue
        content = next(a.content for a in attributions if a.id == claim.attribution)
        assert max(claim.span.start, content.start) < min(claim.span.end, content.end)


def test_multiple_sources_when_two_sources_say_the_same(nlp: Language) -> None:
    text = seed_text()
    doc = parse(nlp, text)
    attributions, sources = seed_records(text)
    economist = next(a for a in attributions if a.source == "s3")
    echo = Attribution("a99", "indirect", economist.content, None, None, "s2")
    claims = build_claims(doc, [*attributions, echo], sources)
    claim = next(c for c in claims if c.attribution == economist.id)
    assert claim.support.label.startswith("multiple sources")
    assert any("s2" in reason for reason in claim.support.reasons)
    alone = next(c for c in build_claims(doc, attributions, sources)
                 if c.attribution == economist.id)
    assert alone.support.label == "single publication, unhedged"


ODD_TEXTS = ["‘", "“unclosed quote with no end", "a; b; c", "\n\n\n.", "May may. Will will.",
             "🙂🙂 ‘’ “” \"\" ’s", "It’s… — ; ; and and but but"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.sampled_from(ODD_TEXTS), st.text(min_size=1, max_size=200)))
def test_never_raises_and_spans_stay_valid(text: str) -> None:
    from claimledger.nlp import load_model

    doc = parse(load_model(), text)
    whole = Attribution("a1", "direct", Span.of(text, 0, len(text)), None, None, None)
    for attributions in ([], [whole]):
        layers = build_layers(doc, attributions, [])
        for claim in layers.claims:
            assert isinstance(claim, Claim)
            assert text[claim.span.start:claim.span.end] == claim.span.text
        for flag in layers.flags:
            span = flag.to_dict()["span"]
            assert text[span["start"]:span["end"]] == span["text"]
        assert layers.profile is not None
        json.dumps(layers.profile.to_dict())


def test_schema_knows_cue_types_and_profile_counts(seed: dict[str, Any]) -> None:
    import copy

    from claimledger.schema import validation_errors

    assert validation_errors(seed) == []
    assert "hedged_claims_by_cue_type" in seed["profile"]
    broken = copy.deepcopy(seed)
    hedged = next(c for c in broken["claims"] if c["hedges"])
    hedged["hedges"][0]["cue_type"] = "vibes"
    assert any("cue_type" in e for e in validation_errors(broken))
    broken = copy.deepcopy(seed)
    broken["profile"]["hedged_claims_by_cue_type"]["weasel"] = -1
    assert validation_errors(broken)


@pytest.mark.parametrize(("article", "phrase"), [
    ("7724", "We wish Apple Inc. every success"),  # lower case after an abbreviation
    ("78496", "scheduled 9:45 a.m. local time departure"),
])
def test_abbreviation_full_stop_does_not_end_the_claim(article: str, phrase: str) -> None:
    """The parser ended these sentences at the abbreviation's period and the claim was
    cut in two ("We wish Apple Inc." / "every success ..."); ``nlp.continues_sentence``
    tells it that a lower-case word there continues the sentence."""
    text = (WIKINEWS / f"{article}.txt").read_text(encoding="utf-8")
    claims = [c.span.text for c in analyze(text).claims]
    assert any(phrase in claim for claim in claims), claims


def test_what_continues_a_sentence_after_a_period() -> None:
    from claimledger.nlp import continues_sentence, load_model

    doc = load_model().make_doc(
        "Shares of Halden Co. HRC.N fell. Halden Co. said so. See it. pic.twitter.com/x "
        "Brightwater Inc. (BWC) rose ... (then) fell.")
    after = {(doc[i - 1].text, doc[i].text): continues_sentence(doc[i - 1].text, doc[i])
             for i in range(1, len(doc)) if doc[i - 1].text.endswith(".")}
    assert after[("Co.", "HRC.N")]  # a wire-service ticker
    assert after[("Co.", "said")]  # a lower-case word
    assert not after[(".", "Halden")]  # a sentence's own full stop
    assert not after[(".", "pic.twitter.com/x")]  # a link after a tweet
    assert after[("Inc.", "(")] is False  # a bracket before a capital
    assert after[("...", "(")]  # "... (then) fell"
