"""Check-worthiness: how much a claim offers a fact-checker, as a transparent weighted sum.

Each feature is a yes/no observation about the claim; the score is ``BASE`` plus the
weights of the features that hold, clipped to [0, 1]. The weights are listed here and in
``docs/claims.md``; the claim carries its features so anyone can recompute the score.
A factual, specific, checkable claim ("Ukrainian defense officials have since confirmed
that the depot suffered significant damage") scores high; an evaluation ("The
implications of this production leap are profound.") or a prediction scores low.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from claimledger.claims.hedges import compile_lexicon, doc_text, entry_index, load_sections

BASE = 0.1
WEIGHTS: dict[str, float] = {
    "factual": 0.2,  # an assertion with a finite verb, not an opinion or a question
    "has_number": 0.25,  # a quantity, count, amount or percentage to check
    "named_entity": 0.2,  # a named person, organisation, place or product
    "verifiable_event": 0.15,  # a past or completed event (past tense or perfect)
    "has_date": 0.1,  # a date or time to anchor the event
    "opinion": -0.25,  # evaluative wording or first-person stance
    "prediction": -0.1,  # about the future: checkable only later
}
FEATURES: tuple[str, ...] = tuple(WEIGHTS)

# Why: "will" is also a noun ("the will to win") and "May" a month; these words count
# as markers only where the tagger calls them modal verbs (MD).
_MODAL_WORDS = frozenset({"will", "'ll", "’ll", "shall", "would", "should", "must", "ought"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT",
                          "LAW", "WORK_OF_ART"})
_NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
_DATE_LABELS = frozenset({"DATE", "TIME"})


@dataclass(frozen=True, slots=True)
class Markers:
    """Opinion and prediction cue positions (character ranges) found in one pass."""

    opinion: tuple[tuple[int, int], ...]
    prediction: tuple[tuple[int, int], ...]

    def opinion_in(self, start: int, end: int) -> bool:
        return any(start <= s and e <= end for s, e in self.opinion)

    def prediction_in(self, start: int, end: int) -> bool:
        return any(start <= s and e <= end for s, e in self.prediction)


@cache
def _marker_lexicon() -> tuple[re.Pattern[str], tuple[str, ...]]:
    sections = load_sections("opinion_markers.txt")
    phrases: list[str] = []
    kinds: list[str] = []
    for kind in ("evaluative", "stance", "prediction"):
        for phrase in sections.get(kind, ()):
            phrases.append(phrase)
            kinds.append(kind)
    return compile_lexicon(phrases), tuple(kinds)


def find_markers(doc: Doc) -> Markers:
    """Opinion (evaluative, stance) and prediction cues in the whole text, in one pass."""
    pattern, kinds = _marker_lexicon()
    opinion: list[tuple[int, int]] = []
    prediction: list[tuple[int, int]] = []
    for match in pattern.finditer(doc_text(doc)):
        kind = kinds[entry_index(match)]
        token = _token_at(doc, match.start())
        if token is None:
            continue
        word = match.group(0).lower()
        if word in _MODAL_WORDS and token.tag_ != "MD":
            continue
        # Why: capitalised evaluative words are often names ("Great Lakes").
        if kind == "evaluative" and token.pos_ == "PROPN":
            continue
        # Why: "there was a plan to produce ..." names a plan, it does not predict.
        if kind == "prediction" and token.pos_ == "NOUN":
            continue
        (prediction if kind == "prediction" else opinion).append((match.start(), match.end()))
    return Markers(tuple(opinion), tuple(prediction))


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def claim_features(
    doc: Doc, first: int, last: int, *, opinion: bool, prediction: bool,
    quantities: Sequence[str], entities: Sequence[str], labels: Set[str],
) -> dict[str, bool]:
    """The check-worthiness features of the tokens ``doc[first:last]``.

    ``labels`` are the spaCy entity labels inside the claim (computed by the caller in
    one pass over ``doc.ents``).
    """
    tokens = doc[first:last]
    has_finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in tokens)
    question = any(t.text == "?" for t in tokens[-3:])
    event = any(
        t.pos_ in ("VERB", "AUX") and (
            t.tag_ == "VBD" or (t.tag_ == "VBN" and any(c.lemma_ == "have" for c in t.children))
        )
        for t in tokens
    )
    return {
        "factual": has_finite and not opinion and not question,
        "has_number": bool(quantities) or bool(labels & _NUMBER_LABELS)
        or any(t.like_num and t.ent_type_ not in _DATE_LABELS for t in tokens),
        "named_entity": bool(entities) or bool(labels & _NAME_LABELS),
        "verifiable_event": event and not prediction,
        "has_date": bool(labels & _DATE_LABELS),
        "opinion": opinion,
        "prediction": prediction,
    }


def score(features: dict[str, bool]) -> float:
    """``BASE`` plus the weights of the features that hold, clipped to [0, 1]."""
    total = BASE + sum(WEIGHTS[name] for name, value in features.items() if value)
    return round(min(1.0, max(0.0, total)), 3)
