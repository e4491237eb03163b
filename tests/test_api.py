"""The public API: what ``claimledger`` exports, and the spaCy component."""

from __future__ import annotations

import spacy
from conftest import SEED
from spacy.language import Language

import claimledger
from claimledger.nlp import COMPONENT, DEFAULT_MODEL, PARAGRAPHS


def test_all_is_complete_and_importable() -> None:
    public = {name for name in dir(claimledger) if not name.startswith("_")}
    modules = {"analysis", "errors", "model", "nlp", "attribution", "claims", "inputs",
               "schema", "cli", "render", "names", "evaluate", "linking", "ledger",
               "quantity_eval", "hedge_eval", "loaded_eval", "span_metrics", "web", "spark",
               "resolution", "resolution_eval",
               "version", "language", "language_eval", "pieces", "doc_codec"}
    assert public - modules - {"logging", "annotations"} <= set(claimledger.__all__)
    for name in claimledger.__all__:
        assert hasattr(claimledger, name), name


def test_component_in_a_users_own_pipeline(nlp: Language) -> None:
    text = SEED.read_text(encoding="utf-8")
    own = spacy.load(DEFAULT_MODEL)
    own.add_pipe(PARAGRAPHS, before="parser")
    own.add_pipe(COMPONENT)
    doc = own(text)
    assert doc._.attributions, "the component found nothing in the seed article"
    assert {a.source for a in doc._.attributions} <= {s.id for s in doc._.sources} | {None}
    # Same results as the library's own path.
    assert [a.content for a in doc._.attributions] == [
        a.content for a in claimledger.analyze(text).attributions]


def test_model_is_loaded_once(nlp: Language) -> None:
    assert claimledger.load_model() is nlp
    assert claimledger.load_model(DEFAULT_MODEL) is nlp


def test_analyze_returns_frozen_records(nlp: Language) -> None:
    result = claimledger.analyze("“We won,” Mayor Helen Okafor said.")
    data = result.to_dict()
    assert data["schema"] == claimledger.SCHEMA_ID
    assert data["attributions"][0]["kind"] == "direct"
    # Inside the marks, without the comma that only joins the quote to its cue (the
    # gold annotations leave it out twice as often as they keep it).
    assert data["attributions"][0]["content"]["text"] == "We won"
    assert result.source_by_id(result.attributions[0].source) is not None
