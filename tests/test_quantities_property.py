"""Invariant: any text gives valid quantity spans and never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimledger.claims.quantities import KINDS, extract_quantities
from claimledger.nlp import bare_model

PIECES = st.sampled_from([
    "US$", "$", "£", "€", "Rs", "40", "1,500", "8,26", "1.5", "-", "–", "to", "and", "between",
    "billion", "bn", "m", "%", "percent", "per", "a", "year", "ninefold", "nine", "times",
    "more", "several", "thousand", "thousands", "of", "24/7", "KC-45", "A380", "Boeing", "737",
    "January", "9", "2008", "third", "1st", "doubled", "half", "twice", "the", "up", "down",
    "by", "about", "more than", "ago", "’", "‘", "\n", " ", ",", ".", "(", ")",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30),
       joiner=st.sampled_from([" ", "", "  "]))
def test_any_text_gives_valid_spans(nlp: Language, words: list[str], joiner: str) -> None:
    text = joiner.join(words)
    with bare_model():
        doc = nlp(text)
    quantities = extract_quantities(doc)
    previous_end = 0
    for quantity in quantities:
        assert text[quantity.span.start:quantity.span.end] == quantity.span.text
        assert quantity.span.start >= previous_end or quantity.span.start >= 0
        assert quantity.span.end > quantity.span.start
        assert quantity.kind in KINDS
        if quantity.quantified is not None:
            span = quantity.quantified
            assert text[span.start:span.end] == span.text
        previous_end = quantity.span.end
