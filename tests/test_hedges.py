"""Hedge cues and vague attribution on real text; the lexicon phrase syntax."""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_claims_fixtures import WIKINEWS, parse, seed_text

from claimledger.claims.hedges import (
    compile_lexicon,
    entry_index,
    find_hedges,
    find_vague_attributions,
    load_pairs,
)


@pytest.fixture(scope="module")
def seed_doc(nlp: Language):  # type: ignore[no-untyped-def]
    return parse(nlp, seed_text())


def test_seed_hedges(seed_doc) -> None:  # type: ignore[no-untyped-def]
    found = {(h.span.text, h.type, h.cue_type) for h in find_hedges(seed_doc)}
    assert ("reportedly", "reportedly", "weasel") in found
    assert ("said to", "is_said_to", "weasel") in found
    assert ("Sources suggest", "sources_suggest", "weasel") in found
    assert ("if", "conditional", "condition") in found
    assert ("unclear", "uncertain", "doxastic") in found
    assert ("might", "modal", "modal_possible") in found
    assert ("may", "modal", "modal_possible") in found
    for hedge in find_hedges(seed_doc):
        assert seed_doc.text[hedge.span.start:hedge.span.end] == hedge.span.text


def test_seed_vague_attribution(seed_doc) -> None:  # type: ignore[no-untyped-def]
    vague = [s.text for s in find_vague_attributions(seed_doc)]
    assert "a growing consensus among defense experts" in vague
    assert "some analysts" in vague
    assert "Sources" in vague
    # "defense analysts alike" is the object of "ripples through", nobody is cited.
    assert not any("alike" in v for v in vague)


def test_month_may_is_not_a_hedge(nlp: Language) -> None:
    text = (WIKINEWS / "73808.txt").read_text(encoding="utf-8")
    doc = parse(nlp, text)
    assert "in May 2008" in text
    assert not any(h.span.text == "May" for h in find_hedges(doc))


def test_named_groups_are_not_vague(nlp: Language) -> None:
    # 100911 cites "UBS analyst David Strauss" and "USAF officials": named or official.
    text = (WIKINEWS / "100911.txt").read_text(encoding="utf-8")
    vague = [s.text for s in find_vague_attributions(parse(nlp, text))]
    assert not any("UBS" in v or "USAF" in v for v in vague)


def test_phrase_syntax_matches_whitespace_apostrophes_and_options() -> None:
    pattern = compile_lexicon(["it is (widely |)believed", "isn't clear", "may"])
    assert pattern.search("It is\nwidely believed that").group(0) == "It is\nwidely believed"
    assert pattern.search("it is believed").group(0) == "it is believed"
    assert entry_index(pattern.search("it isn’t clear")) == 1  # type: ignore[arg-type]
    assert pattern.search("dismay") is None


def test_every_hedge_type_is_documented() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parent.parent / "docs" / "claims.md").read_text()
    for _, kinds in load_pairs("hedges.tsv"):
        hedge_type, cue_type, *_ = kinds.split("\t")
        assert f"`{hedge_type}`" in docs
        assert f"`{cue_type}`" in docs


@pytest.mark.parametrize(("text", "cue", "cue_type"), [
    # Epistemic uses only (quality/hedge-guidelines.md, section 5).
    ("The jet can carry 555 passengers.", None, None),
    ("He said the plant would close next year.", None, None),
    ("If approved, the loan would keep the company afloat.", "If", "condition"),
    ("Even if sales recover, jobs will go.", None, None),
    ("Carmakers are expected to report losses.", "expected to", "modal_probable"),
    ("Ford expects to return to profit in 2011.", "expects", "doxastic"),
    ("Results were better than expected.", None, None),
    ("Regulators are investigating the trades.", "investigating", "investigation"),
    ("It is unclear whether the deal will pass.", "whether", "investigation"),
    ("Many analysts believe the Fed will cut rates.", "believe", "doxastic"),
    ("I am not sure the deal is good.", "not sure", "doxastic"),
    ("The firm allegedly hid losses.", "allegedly", "weasel"),
    ("There is no doubt about it.", None, None),
])
def test_epistemic_uses(nlp: Language, text: str, cue: str | None,
                        cue_type: str | None) -> None:
    found = {h.span.text: h.cue_type for h in find_hedges(parse(nlp, text))}
    if cue is None:
        assert found == {}, found
    else:
        assert found.get(cue) == cue_type, found


def test_token_anchored_matching_equals_a_full_regex_scan(nlp: Language) -> None:
    # lexicon_matches tries each lexicon only at tokens that can start a phrase; it must
    # find exactly what finditer over the whole text finds (offsets and entries).
    from claimledger.claims.docview import view_of
    from claimledger.claims.hedges import (
        _data_lines,
        first_token_keys,
        lexicon_matches,
        load_sections,
    )

    lexicons = [
        [line.split("\t")[0].strip() for line in _data_lines("hedges.tsv")],
        [p for p, c in load_pairs("loaded_language.tsv") if c != "number_intensifier"],
        list(load_sections("vague_attribution.txt")["phrases"]),
        [p for k in ("evaluative", "stance", "prediction")
         for p in load_sections("opinion_markers.txt")[k]],
        ["so-called", "can't rule out", "cannot rule out", "'ll"],
    ]
    texts = [seed_text(), *((WIKINEWS / f"{d}.txt").read_text(encoding="utf-8")
                            for d in ("100911", "73808", "1173", "10718")),
             "The so-called experts can't rule out more; we'll see. It cannot rule out X."]
    for doc in nlp.pipe(texts):
        view = view_of(doc)
        for phrases in lexicons:
            pattern, keys = compile_lexicon(phrases), first_token_keys(phrases)
            assert keys is not None
            expected = [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(view.text)]
            got = [(m.start(), m.end(), m.lastgroup)
                   for m in lexicon_matches(view, pattern, keys)]
            assert got == expected
