"""The attribution engine: who said what in an article, and who they are.

``extract_attributions(doc)`` takes a parsed spaCy ``Doc`` and returns the article's
attributions (direct, indirect and mixed) and their resolved sources, ids in text order.
It only reads the parse: no model calls, one pass over tokens and one over the marks.

    quotes.py     direct quotations from the characters (nesting, apostrophes, paragraphs)
    reported.py   reporting cues, complement clauses, "according to", inverted forms
    complements.py  reported content that is not a that-clause (objects, infinitives)
    speakers.py   speaker mentions: subjects, roles giving way to names, "said X"
    entities.py   people and organisations clustered across the article; antecedents
    sources.py    source kinds, roles, affiliations, anonymity reasons
    pipeline.py   the order in which these combine
    lexicon.py    the word lists in claimledger/data/attribution_*.txt
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.model import Attribution, Source

__all__ = ["extract_attributions"]


def extract_attributions(doc: Doc) -> tuple[list[Attribution], list[Source]]:
    """Attributions ("a1", …) and sources ("s1", …) of ``doc``; empty when none.

    Odd input (empty text, stray quotation marks) yields no attributions, not an error.
    A failure inside a heuristic is a bug: it propagates with its traceback rather than
    silently turning an article into one without attributions.
    """
    from claimledger.attribution.pipeline import extract

    return extract(doc)
