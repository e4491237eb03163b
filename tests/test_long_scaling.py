"""The indexes that keep a long article's analysis linear (issue 11, defect 8) find
exactly what the full scans they replaced found.

Each replaced a scan per speaker or per claim over the whole article (time growing with
its length squared); the growth itself is measured by ``benchmarks/bench_long.py``.
"""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.attribution.sources import _entity_around
from claimledger.claims import (
    EQUIVALENT_CONTENT,
    _content_lemmas,
    _Contents,
    _SimilarContent,
)
from claimledger.claims.docview import drop_view, view_of
from claimledger.claims.segment import claim_units
from claimledger.model import Attribution

BODIES = CORPUS / "html-benchmark" / "ground-truth.json"
# A real English article of 13,359 characters, 48 attributions, paragraphs and quotes.
LONG_ARTICLE = "3d8f3404cf97"


@pytest.fixture(scope="module")
def doc(nlp: Language) -> Doc:
    """The article twice over: its second copy repeats every attribution's content."""
    bodies = json.loads(BODIES.read_text(encoding="utf-8"))
    (key,) = [k for k in bodies if k.startswith(LONG_ARTICLE)]
    text = str(bodies[key]["articleBody"]).strip()
    return nlp(text + "\n\n" + text)


def test_the_entity_around_a_token_is_the_one_doc_ents_holds(doc: Doc) -> None:
    holding = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    assert len(holding) > 100
    for token in doc:
        found = _entity_around(doc, token)
        expected = holding.get(token.i)
        if expected is None:
            assert found is None, token.text
        else:
            assert found is not None and (found.start, found.end) == (expected.start,
                                                                      expected.end)


def test_contents_overlapping_a_claim_are_those_a_full_scan_finds(doc: Doc) -> None:
    attributions: list[Attribution] = list(doc._.attributions)
    contents = _Contents(attributions)
    units = claim_units(doc)
    drop_view(doc)
    overlapping_some = 0
    for unit in units:
        expected = [a for a in attributions
                    if min(unit.end, a.content.end) - max(unit.start, a.content.start) > 0]
        assert contents.overlapping(unit) == expected
        overlapping_some += bool(expected)
    assert len(attributions) >= 80 and overlapping_some >= 80


def test_contents_that_may_say_the_same_include_every_equivalent_one(doc: Doc) -> None:
    attributions: list[Attribution] = list(doc._.attributions)
    view = view_of(doc)
    lemmas = {a.id: _content_lemmas(view, a.content) for a in attributions}
    drop_view(doc)
    similar = _SimilarContent(attributions, lemmas)
    pairs = 0
    for mine in attributions:
        candidates = similar.candidates(mine)
        assert candidates == [a for a in attributions if a in candidates]  # text order
        for other in attributions:
            a, b = lemmas[mine.id], lemmas[other.id]
            if a and b and len(a & b) >= EQUIVALENT_CONTENT * len(a | b):
                assert other in candidates
                pairs += other is not mine
    assert pairs >= 40  # each content and its copy in the article's second half
    assert similar.candidates(None) == []
