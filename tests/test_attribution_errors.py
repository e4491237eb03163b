"""A bug inside the attribution heuristics surfaces; it is never turned into "no attributions".

Until issue 11, ``extract_attributions`` caught IndexError, ValueError, KeyError and
AttributeError and returned empty lists, so a defect made an article silently lose its
attributions. The real pipeline runs on the real seed article here; only one heuristic
(``find_quotes``) is replaced by one that fails the way a bug would.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

import claimledger.attribution.pipeline as pipeline
from claimledger.attribution import extract_attributions
from claimledger.nlp import COMPONENT


@pytest.mark.parametrize("bug", [IndexError, KeyError, AttributeError, ValueError])
def test_a_failing_heuristic_propagates(nlp: Language, seed_text: str,
                                        monkeypatch: pytest.MonkeyPatch,
                                        bug: type[Exception]) -> None:
    with nlp.select_pipes(disable=[COMPONENT]):
        doc = nlp(seed_text)
    assert extract_attributions(doc)[0], "the seed article has attributions"

    def broken(*args: object, **kwargs: object) -> object:
        raise bug("a defect in a heuristic")

    monkeypatch.setattr(pipeline, "find_quotes", broken)
    with pytest.raises(bug, match="a defect in a heuristic"):
        extract_attributions(doc)


def test_odd_input_is_no_attributions_not_an_error(nlp: Language) -> None:
    for text in ("", "\u201c", "\u201d said", "'' \" \u2018 \u2019", "said."):
        attributions, sources = extract_attributions(nlp(text))
        assert attributions == [] and sources == []
