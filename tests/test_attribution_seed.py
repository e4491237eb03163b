"""Acceptance on the seed article: every direct quote and reported statement, right source."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from claimledger.model import Attribution, Source


@pytest.fixture(scope="module")
def seed(nlp: Language, seed_text: str) -> tuple[str, list[Attribution], dict[str, Source]]:
    doc = nlp(seed_text)
    return seed_text, list(doc._.attributions), {s.id: s for s in doc._.sources}


def _source(seed: Any, needle: str) -> tuple[Attribution, Source]:
    _text, attributions, sources = seed
    for attribution in attributions:
        if needle in attribution.content.text:
            return attribution, sources[attribution.source]
    raise AssertionError(f"no attribution contains {needle!r}")


def test_eleven_direct_quotes_two_across_paragraphs(seed: Any) -> None:
    _, attributions, _ = seed
    direct = [a for a in attributions if a.kind == "direct"]
    assert len(direct) == 11
    assert sum(1 for a in direct if "\n" in a.content.text) == 2


@pytest.mark.parametrize(("needle", "name", "kind"), [
    ("largest factory in the world", "Timur Shaghivaleev", "named_person"),
    ("nine times more than planned", "Timur Shaghivaleev", "named_person"),
    ("not a makeshift weapon", "Alexander Mikhailov", "named_person"),
    ("hand-assembled drones", "Alexander Mikhailov", "named_person"),
    ("The numbers are staggering", "an anonymous source within the ALABUGA SEZ", "anonymous"),
    ("rarely seen outside of wartime", "an anonymous source within the ALABUGA SEZ",
     "anonymous"),
    ("coordinated ballet of destruction", "Eyewitnesses", "unnamed_group"),
    ("just about quantity", "a Western intelligence analyst", "anonymous"),
    ("technological and industrial juggernaut", "a Western intelligence analyst",
     "anonymous"),
    ("requires absolute secrecy", "one insider", "anonymous"),
    ("adjusted their strategies", "one insider", "anonymous"),
])
def test_direct_quote_sources(seed: Any, needle: str, name: str, kind: str) -> None:
    attribution, source = _source(seed, needle)
    assert attribution.kind == "direct"
    assert source.name == name
    assert source.kind == kind


@pytest.mark.parametrize(("needle", "name", "kind"), [
    ("full utilization of Russia", "Alexander Mikhailov", "named_person"),
    ("not only ramping up drone production", "The Economist", "publication"),
    ("depot suffered significant damage", "Ukrainian defense officials", "official_unnamed"),
    ("covert partnerships", "Sources", "unnamed_group"),
    ("producing variants", "some analysts", "unnamed_group"),
])
def test_reported_statements(seed: Any, needle: str, name: str, kind: str) -> None:
    attribution, source = _source(seed, needle)
    assert attribution.kind == "indirect"
    assert source.name == name
    assert source.kind == kind


def test_roles_and_anonymity_reason(seed: Any) -> None:
    _, ceo = _source(seed, "largest factory")
    assert (ceo.role, ceo.affiliation) == ("CEO", "ALABUGA Special Economic Zone")
    _, analyst = _source(seed, "not a makeshift weapon")
    assert (analyst.role, analyst.affiliation) == ("head", "Military-Political Analysis Bureau")
    _, insider = _source(seed, "The numbers are staggering")
    assert insider.anonymity_reason == "due to the sensitivity of the information"


def test_scare_quotes_are_not_attributions(seed: Any) -> None:
    _, attributions, _ = seed
    contents = {a.content.text for a in attributions}
    for name in ("Gerani", "Geraniy-2", "Military Acceptance"):
        assert name not in contents


def test_spans_index_the_text(seed: Any) -> None:
    text, attributions, sources = seed
    for attribution in attributions:
        for span in (attribution.content, attribution.cue, attribution.speaker):
            if span is not None:
                assert text[span.start : span.end] == span.text
    for source in sources.values():
        assert source.mentions
        for span in source.mentions:
            assert text[span.start : span.end] == span.text
