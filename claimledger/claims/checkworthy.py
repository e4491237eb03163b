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

from spacy.tokens import Doc

from claimledger.claims.docview import view_of
from claimledger.claims.hedges import (
    compile_lexicon,
    entry_index,
    first_token_keys,
    lexicon_matches,
    load_sections,
    token_at,
)

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
def _marker_lexicon() -> tuple[re.Pattern[str], frozenset[str] | None, tuple[str, ...]]:
    sections = load_sections("opinion_markers.txt")
    phrases: list[str] = []
    kinds: list[str] = []
    for kind in ("evaluative", "stance", "prediction"):
        for phrase in sections.get(kind, ()):
            phrases.append(phrase)
            kinds.append(kind)
    return compile_lexicon(phrases), first_token_keys(phrases), tuple(kinds)


def find_markers(doc: Doc) -> Markers:
    """Opinion (evaluative, stance) and prediction cues in the whole text, in one pass."""
    pattern, keys, kinds = _marker_lexicon()
    opinion: list[tuple[int, int]] = []
    prediction: list[tuple[int, int]] = []
    view = view_of(doc)
    for match in lexicon_matches(view, pattern, keys):
        kind = kinds[entry_index(match)]
        token = token_at(view, match.start())
        if token < 0:
            continue
        word = match.group(0).lower()
        if word in _MODAL_WORDS and view.tag[token] != "MD":
            continue
        # Why: capitalised evaluative words are often names ("Great Lakes").
        if kind == "evaluative" and view.pos[token] == "PROPN":
            continue
        # Why: "there was a plan to produce ..." names a plan, it does not predict.
        if kind == "prediction" and view.pos[token] == "NOUN":
            continue
        (prediction if kind == "prediction" else opinion).append((match.start(), match.end()))
    return Markers(tuple(opinion), tuple(prediction))


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def claim_features(
    doc: Doc, first: int, last: int, *, opinion: bool, prediction: bool,
    quantities: Sequence[str], entities: Sequence[str], labels: Set[str],
) -> dict[str, bool]:
    """The check-worthiness features of the tokens ``doc[first:last]``.

    ``labels`` are the spaCy entity labels inside the claim (computed by the caller in
    one pass over ``doc.ents``).
    """
    view = view_of(doc)
    tags, pos, lemma = view.tag, view.pos, view.lemma
    first, last = _clip(first, last, len(view))
    indices = range(first, last)
    # Slices and set tests rather than a generator per token: the claims of an
    # article cover most of its tokens, and a Python frame per token was most of the cost.
    has_finite = not _FINITE_TAGS.isdisjoint(tags[first:last])
    question = "?" in view.words[max(first, last - 3):last]
    event = any(
        tags[i] == "VBD"
        or (tags[i] == "VBN" and any(lemma[c] == "have" for c in view.children(i)))
        for i in indices if pos[i] in ("VERB", "AUX")
    )
    return {
        "factual": has_finite and not opinion and not question,
        "has_number": bool(quantities) or bool(labels & _NUMBER_LABELS)
        or any(view.like_num[i] and view.ent_type[i] not in _DATE_LABELS for i in indices),
        "named_entity": bool(entities) or bool(labels & _NAME_LABELS),
        "verifiable_event": event and not prediction,
        "has_date": bool(labels & _DATE_LABELS),
        "opinion": opinion,
        "prediction": prediction,
    }


def _clip(first: int, last: int, length: int) -> tuple[int, int]:
    """The token range ``doc[first:last]`` covers, with Python's slice rules."""
    first, last, _ = slice(first, last).indices(length)
    return first, max(first, last)


def score(features: dict[str, bool]) -> float:
    """``BASE`` plus the weights of the features that hold, clipped to [0, 1]."""
    total = BASE + sum(WEIGHTS[name] for name, value in features.items() if value)
    return round(min(1.0, max(0.0, total)), 3)
