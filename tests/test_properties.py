"""Invariants of ``analyze`` on arbitrary text: never raises (except on text that is
mostly control characters, refused as binary), spans index the text, output validates
against the contract's JSON Schema."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimledger import analyze
from claimledger.errors import UndecodableInput
from claimledger.inputs.text import check_text
from claimledger.schema import validation_errors

QUOTE_MARKS = "\"'“”‘’«»‹›„‚「」"
WORDS = ["said", "told", "according", "to", "he", "she", "The", "Economist", "reported",
         "that", "officials", "sources", "suggest", "Mikhailov", "noted", ",", ".", "\n\n",
         "several", "thousand", "ninefold", "24/7", "US$40", "billion", "Geraniy-2", "it’s"]

article_like = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(list(QUOTE_MARKS)),
              st.text(max_size=8)),
    max_size=60,
).map(" ".join)

any_text = st.one_of(st.text(max_size=300), article_like)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_analyze_never_raises_and_spans_hold(nlp: Language, text: str) -> None:
    if not text.strip():
        return  # empty input is an EmptyInput error by design, tested in test_cli
    try:
        check_text("<text>", text)
    except UndecodableInput:
        # Mostly control characters: refused as binary, as the CLI and web app refuse it
        # (tests/test_text_validation.py).
        with pytest.raises(UndecodableInput):
            analyze(text)
        return
    result = analyze(text).to_dict()
    assert validation_errors(result) == []
    assert result["document"]["text"] == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(marks=st.lists(st.sampled_from(list(QUOTE_MARKS)), min_size=1, max_size=12),
       filler=st.sampled_from(["He said", "It was", "Mikhailov noted", "x"]))
def test_unbalanced_quotes_never_swallow_the_article(nlp: Language, marks: list[str],
                                                     filler: str) -> None:
    text = f"{filler} {' word '.join(marks)} end.\n\nA second paragraph, officials said."
    result = analyze(text).to_dict()
    assert validation_errors(result) == []
    for attribution in result["attributions"]:
        if attribution["kind"] == "direct":
            # A quote never runs across the whole article from a stray mark.
            assert len(attribution["content"]["text"]) < len(text)
