"""Entities on real articles: the seed report and Wikinews (read from ../shared/corpus)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.claims.entities import KINDS, extract_entities
from claimledger.model import Entity
from claimledger.nlp import COMPONENT

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "geran-production-report.txt"
WIKINEWS = CORPUS / "wikinews"
ABBREVIATION = re.compile(r"(?:\b\w\.){2,}$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St)\.$")


def _parse(nlp: Language, text: str) -> Doc:
    # Entities need only the base pipeline; the attribution component is not involved.
    with nlp.select_pipes(disable=[COMPONENT]):
        return nlp(text)


def _entities_of(nlp: Language, path: Path) -> tuple[str, list[Entity]]:
    text = path.read_text(encoding="utf-8")
    return text, extract_entities(_parse(nlp, text))


@pytest.fixture(scope="module")
def seed(nlp: Language) -> tuple[str, list[Entity]]:
    return _entities_of(nlp, SEED)


@pytest.fixture(scope="module")
def tanker(nlp: Language) -> tuple[str, list[Entity]]:
    return _entities_of(nlp, WIKINEWS / "100911.txt")


def _holding(entities: list[Entity], surface: str) -> Entity:
    """The one entity with a mention whose text is ``surface``."""
    found = [e for e in entities if any(m.text == surface for m in e.mentions)]
    assert len(found) == 1, (surface, [e.name for e in found])
    return found[0]


def _assert_well_formed(text: str, entities: list[Entity]) -> None:
    assert [e.id for e in entities] == [f"e{i}" for i in range(1, len(entities) + 1)]
    starts = [e.mentions[0].start for e in entities]
    assert starts == sorted(starts)
    for entity in entities:
        assert entity.kind in KINDS
        assert entity.name not in entity.aliases
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
            assert mention.text == mention.text.strip(" ‘’“”\"',;:")
            # A final period only closes an abbreviation: "EADS N.V.", "AirTanker Ltd."
            assert not mention.text.endswith(".") or ABBREVIATION.search(mention.text)
            assert not mention.text.endswith(("’s", "'s"))
        assert entity.to_dict()["mentions"][0]["text"] == entity.mentions[0].text


def test_seed_spans_are_exact_and_clean(seed: tuple[str, list[Entity]]) -> None:
    _assert_well_formed(*seed)


def test_seed_transliteration_variants_are_one_weapon_system(
    seed: tuple[str, list[Entity]],
) -> None:
    _text, entities = seed
    geran = _holding(entities, "Gerani")
    assert geran is _holding(entities, "Geraniy-2")
    assert geran.kind == "weapon_system"
    assert len(geran.mentions) >= 5


def test_seed_people(seed: tuple[str, list[Entity]]) -> None:
    _text, entities = seed
    mikhailov = _holding(entities, "Mikhailov")
    assert mikhailov is _holding(entities, "Alexander Mikhailov")
    assert (mikhailov.kind, mikhailov.name) == ("person", "Alexander Mikhailov")
    assert _holding(entities, "Timur Shaghivaleev").kind == "person"


def test_seed_organisations_and_places(seed: tuple[str, list[Entity]]) -> None:
    _text, entities = seed
    alabuga = _holding(entities, "ALABUGA SEZ")
    assert alabuga is _holding(entities, "ALABUGA Special Economic Zone")
    assert alabuga is _holding(entities, "SEZ")  # the parenthetical "(SEZ)"
    assert alabuga.kind == "organization"
    economist = _holding(entities, "The Economist")
    assert economist.kind == "organization"
    kramatorsk = _holding(entities, "Kramatorsk")
    assert kramatorsk.kind == "place"
    assert len(kramatorsk.mentions) == 2
    russia = _holding(entities, "Russia")
    assert russia.kind == "place"
    assert len(russia.mentions) >= 7  # "Russia’s" counts, without its ’s


def test_seed_headline_noise_is_dropped(seed: tuple[str, list[Entity]]) -> None:
    text, entities = seed
    headline_end = text.index("\n")
    in_headline = [m.text for e in entities for m in e.mentions if m.start < headline_end]
    assert all("Push" not in t and "Escalation" not in t for t in in_headline)


def test_tanker_contract_merges(tanker: tuple[str, list[Entity]]) -> None:
    text, entities = tanker
    _assert_well_formed(text, entities)
    usaf = _holding(entities, "USAF")
    assert usaf is _holding(entities, "United States Air Force")
    assert usaf is _holding(entities, "Air Force")
    assert usaf.kind == "organization"
    eads = _holding(entities, "EADS")
    assert eads is _holding(entities, "EADS N.V.")
    assert eads is _holding(entities, "European Aeronautic Defence and Space Company")
    assert _holding(entities, "Northrop") is _holding(entities, "Northrop Grumman")
    assert _holding(entities, "Northrop Grumman").kind == "organization"
    assert _holding(entities, "Lockheed") is _holding(entities, "Lockheed Martin")
    boeing = _holding(entities, "Boeing")
    assert boeing.kind == "organization"
    assert boeing is not _holding(entities, "Boeing 767")  # the company is not the plane
    assert boeing is not eads
    assert _holding(entities, "KC-45").kind == "product"  # a tanker, not a weapon
    assert _holding(entities, "Arthur Lichte").kind == "person"
    assert len(_holding(entities, "Arthur Lichte").mentions) == 2


def test_surname_joins_full_name_in_a_business_story(nlp: Language) -> None:
    text, entities = _entities_of(nlp, WIKINEWS / "1007169.txt")
    _assert_well_formed(text, entities)
    barra = _holding(entities, "Mary Barra")
    assert barra.name == "Mary Barra"
    assert _holding(entities, "Barra") is barra
    assert _holding(entities, "GM") is _holding(entities, "General Motors")
    assert _holding(entities, "Daniel Akerson") is not _holding(entities, "Daniel Ammann")


def test_whole_wikinews_corpus_is_well_formed(nlp: Language) -> None:
    for path in sorted(WIKINEWS.glob("*.txt"))[:40]:
        _assert_well_formed(*_entities_of(nlp, path))


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_never_raises_on_arbitrary_text(nlp: Language, text: str) -> None:
    doc = _parse(nlp, text)
    _assert_well_formed(text, extract_entities(doc))
