"""Salience of the people a he/she can continue: the main clause's subject first.

``Entities.recent_subject`` takes the last subject of this or the previous sentence.
When that sentence embeds another clause, its last subject is often a person mentioned
in passing: "Figgins declined to address whether Thomas slept on the night Epstein
died. “…,” he said." continues Figgins, the subject of the main verb, not Epstein. So
among the subjects of the two sentences, one of the main clause (the subject of the
sentence's root verb or of a verb joined to it) is preferred, the latest first; an
embedded subject is taken only when no main-clause subject agrees.

The scan reads only the subjects of those two sentences (bisect into the sorted
subject list), so its cost does not grow with the article.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from claimledger.attribution.entities import Entities, Named

_MAIN = frozenset({"ROOT"})
_GENDERED = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


def _token_at(doc: Doc, start: int) -> Token | None:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    token = span[0]
    while token.dep_ in ("compound", "flat") and token.head.i > token.i:
        token = token.head
    return token


def in_main_clause(token: Token) -> bool:
    """Is ``token`` the subject of its sentence's root verb, or of a verb coordinated
    with it ("X arrived and said")?"""
    verb = token.head
    if verb.dep_ in _MAIN:
        return True
    return verb.dep_ == "conj" and verb.head.dep_ in _MAIN


def _own_pronoun(subject: Token) -> str | None:
    """The gender of the first he/she after a main-clause subject in its own sentence
    ("Omar asked for compassion, saying she did not think …"): local evidence that
    outweighs an article-wide guess misled by pronouns near a passing mention."""
    for token in subject.doc[subject.i + 1 : subject.sent.end]:
        if token.pos_ == "PRON" and token.lower_ in _GENDERED:
            return _GENDERED[token.lower_]
        if token.ent_type_ == "PERSON" and token.dep_ != "poss" and not any(
                c.tag_ == "POS" for c in token.children):
            return None  # someone else named first: the pronoun may be theirs
            # (a possessor, "during Carlineo's sentencing", is no new topic)
    return None


def main_subject(doc: Doc, entities: Entities, subject_starts: list[int], offset: int,
                 gender: str) -> Named | None:
    """The latest person of ``gender`` (or unknown gender) who is a main-clause subject
    in this or the previous sentence before ``offset``; None when there is none.
    ``subject_starts`` are the starts of ``entities.subjects`` (built once per article)."""
    sentence = bisect_right(entities.sentence_starts, offset) - 1
    window = entities.sentence_starts[max(0, sentence - 1)] if sentence >= 0 else 0
    first = bisect_left(subject_starts, window)
    last = bisect_left(subject_starts, offset)
    for position in range(last - 1, first - 1, -1):
        start, named = entities.subjects[position]
        if named.label != "person":
            continue
        if named.weak and len(named.mentions) < 2:
            # (a one-word "person" named once is often a product or place the NER
            # misread; one named again as a main subject is a surname the NER cut)
            continue
        if entities.quoted and entities.in_quote(start):
            continue
        token = _token_at(doc, start)
        if token is None or not in_main_clause(token):
            continue
        if named.compatible(gender) or _own_pronoun(token) == gender:
            return named
    return None
