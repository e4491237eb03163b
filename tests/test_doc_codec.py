"""A doc that ran our spaCy component can be saved and sent to other processes
(``claimledger.doc_codec``): spaCy serialises ``doc.user_data`` with msgpack, which
knew neither our records nor our per-article caches."""

from __future__ import annotations

from conftest import SEED, WIKINEWS
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from claimledger.analysis import analysis_from_doc
from claimledger.claims.docview import view_of
from claimledger.model import Document


def _texts() -> list[str]:
    return [SEED.read_text(encoding="utf-8"),
            *(p.read_text(encoding="utf-8") for p in sorted(WIKINEWS.glob("*.txt"))[:2])]


def test_to_bytes_round_trip_keeps_attributions_and_sources(nlp: Language) -> None:
    text = _texts()[0]
    doc = nlp(text)
    view_of(doc)  # a cache on the doc: dropped on the way, rebuilt on use
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert doc._.attributions and tuple(copy._.attributions) == tuple(doc._.attributions)
    assert tuple(copy._.sources) == tuple(doc._.sources)
    # the analysis of the copy is the analysis of the original
    document = Document(text=text)
    assert analysis_from_doc(document, copy).to_dict() == \
        analysis_from_doc(document, nlp(text)).to_dict()


def test_docbin_with_user_data(nlp: Language) -> None:
    docs = list(nlp.pipe(_texts()))
    stored = DocBin(store_user_data=True, docs=docs).to_bytes()
    loaded = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
    assert [tuple(d._.attributions) for d in loaded] == [tuple(d._.attributions) for d in docs]


def test_pipe_in_two_processes_matches_one(nlp: Language) -> None:
    texts = _texts()
    one = [tuple(d._.attributions) for d in nlp.pipe(texts)]
    two = [tuple(d._.attributions) for d in nlp.pipe(texts, n_process=2)]
    assert two == one and any(one)
