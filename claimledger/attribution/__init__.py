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

import logging

from spacy.tokens import Doc

from claimledger.model import Attribution, Source

__all__ = ["extract_attributions"]

logger = logging.getLogger(__name__)


def extract_attributions(doc: Doc) -> tuple[list[Attribution], list[Source]]:
    """Attributions ("a1", …) and sources ("s1", …) of ``doc``; empty when none.

    Never raises on odd input (empty text, stray quotation marks): a failure inside a
    heuristic is logged and yields no attributions rather than losing the article.
    """
    from claimledger.attribution.pipeline import extract

    try:
        return extract(doc)
    except (IndexError, ValueError, KeyError, AttributeError) as exc:  # pragma: no cover
        logger.warning("attribution extraction failed (%s: %s)", type(exc).__name__, exc)
        return [], []
