"""The claims layer's per-doc view must agree with spaCy's own Token attributes, so a
spaCy upgrade that changes either side fails here instead of silently moving spans."""

from __future__ import annotations

from conftest import SEED, WIKINEWS
from spacy.language import Language

from claimledger.claims.docview import view_of


def test_view_matches_tokens_on_real_articles(nlp: Language) -> None:
    for path in [SEED, *sorted(WIKINEWS.glob("*.txt"))[:5]]:
        doc = nlp(path.read_text(encoding="utf-8"))
        view = view_of(doc)
        assert view.text == doc.text
        assert len(view) == len(doc)
        for token in doc:
            i = token.i
            assert (view.starts[i], view.ends[i]) == (token.idx, token.idx + len(token.text))
            assert view.words[i] == token.text
            assert view.lower[i] == token.lower_
            assert view.lemma[i] == token.lemma_
            assert (view.pos[i], view.tag[i], view.dep[i]) == (token.pos_, token.tag_, token.dep_)
            assert view.head[i] == token.head.i
            assert view.ent_type[i] == token.ent_type_
            assert view.like_num[i] == token.like_num
            assert view.is_punct[i] == token.is_punct
            assert view.token_by_char(token.idx) == i
        assert view.sents == tuple((s.start, s.end) for s in doc.sents)
        assert [(e.start, e.end, e.start_char, e.end_char, e.label) for e in view.ents] == [
            (e.start, e.end, e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_view_of_an_empty_doc(nlp: Language) -> None:
    view = view_of(nlp(""))
    assert (view.text, view.starts, len(view)) == ("", [], 0)
