"""Arbitrary Unicode given to ``claimledger.analyze`` (every general category but the
surrogates: controls, format characters, private use, unassigned code points, combining
marks, separators) gives an analysis, or one of the documented errors of
``claimledger.errors``, and nothing else: no IndexError, no UnicodeError from deep
inside the pipeline."""

from __future__ import annotations

import json

from conftest import WIKINEWS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimledger import analyze
from claimledger.errors import ClaimledgerError, EmptyInput, InputTooLarge, UndecodableInput
from claimledger.inputs.text import check_text

# Every category hypothesis knows except Cs (lone surrogates are not text a caller can
# hold in a decoded string; ``check_text`` refuses them, tested in test_text_validation).
ANY_CHAR = st.characters(exclude_categories=["Cs"])
# Characters of the categories news text copied from the web picks up, to sprinkle.
ODD_CHAR = st.characters(categories=["Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"])
DOCUMENTED = (EmptyInput, UndecodableInput, InputTooLarge)


def _sentences() -> list[str]:
    text = (WIKINEWS / "10718.txt").read_text(encoding="utf-8")
    return [s.strip() + "." for s in text.split(". ") if len(s.split()) > 4][:12]


SENTENCES = _sentences()


@st.composite
def sprinkled(draw: st.DrawFn) -> str:
    """A real sentence or two with odd characters inserted at arbitrary places."""
    text = " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)))
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(ODD_CHAR, min_size=1, max_size=3)) + text[at:]
    return text


any_text = st.one_of(
    st.text(ANY_CHAR, max_size=200),
    sprinkled(),
    sprinkled().map(lambda t: f"<html><body><p>{t}</p></body></html>"),
)


def _check(text: str) -> None:
    try:
        result = analyze(text)
    except ClaimledgerError as error:
        assert isinstance(error, DOCUMENTED), repr(error)
        assert "\n" not in str(error)
        if isinstance(error, UndecodableInput):
            try:
                check_text("<text>", text)
            except UndecodableInput:
                return  # refused exactly where every entry point refuses it
            raise AssertionError(f"refused as undecodable, yet text: {error}") from None
        return
    json.dumps(result.to_dict(), ensure_ascii=False)
    assert result.document.text == text or text.startswith("<html>")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=any_text)
def test_arbitrary_unicode_gives_an_analysis_or_a_documented_error(
        nlp: Language, text: str) -> None:
    _check(text)


def test_format_and_private_use_characters_are_analysed(nlp: Language) -> None:
    # Hand-picked, so the property's search space is known to hold these cases.
    for text in ["\u2066Apple\u2069 said\u200b prices would fall, the \ue000 ministry said.",
                 "\u00ad\u200d\u2060\ufeff" * 20, "\U000f0001" * 50, "\u0301" * 10]:
        result = analyze(text)
        assert result.document.text == text
