"""Claim units: the sentences of an article, split where one sentence makes two assertions.

A claim unit is a sentence, or an independent clause of a sentence that joins assertions
with "and"/"but"/";" (a ``conj`` of a clause root that has a subject of its own: "there
was a plan ..., but now we are producing nine times more"). Units never cross a line
break, because parsers happily run a headline into the first sentence.

Decision on fragments: a unit with no verb (datelines such as "January 09, 2008",
bylines, photo credits) asserts nothing and is skipped; a headline is a claim of the
outlet and is kept, marked ``headline``, when it has a verb or four words or more.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc

from claimledger.claims.docview import DocView, view_of

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
_CLAUSE_JOINERS = frozenset({"and", "but", "yet", "while", "whereas"})
_SENTENCE_END = frozenset(".!?…:;\"”’»)")


@dataclass(frozen=True, slots=True)
class ClaimUnit:
    """Where a claim unit sits: characters ``[start, end)`` and tokens ``[first, last)``."""

    start: int
    end: int
    first: int
    last: int
    headline: bool


def claim_units(doc: Doc) -> list[ClaimUnit]:
    """The claim units of ``doc`` in text order; spans are trimmed of whitespace."""
    view = view_of(doc)
    counts = _Counts(view)
    units: list[ClaimUnit] = []
    headline_end = _headline_end(view.text)
    for sentence in view.sents:
        for line in _lines(counts, sentence):
            for first, last in _clauses(view, counts, line):
                unit = _unit(view, counts, first, last, headline_end)
                if unit is not None:
                    units.append(unit)
    return units


_VERB_POS = frozenset({"VERB", "AUX"})


class _Counts:
    """Per-document positions and running counts the segmenter asks about per range.

    Why: each sentence, line and clause used to be walked token by token several times
    (line breaks, clause joints, verbs, words); positions found in one pass over the
    document and prefix sums answer the same questions by bisection and subtraction.
    """

    def __init__(self, view: DocView) -> None:
        words, pos, dep = view.words, view.pos, view.dep
        self.breaks = [i for i, space in enumerate(view.is_space)
                       if space and "\n" in words[i]]
        self.joints = [i for i, word in enumerate(words)
                       if word == ";" or (dep[i] == "conj" and pos[i] in ("VERB", "AUX"))]
        self.verbs = [0, *itertools.accumulate(map(_VERB_POS.__contains__, pos))]
        self.alpha = [0, *itertools.accumulate(view.is_alpha)]

    def has_verb(self, first: int, last: int) -> bool:
        return self.verbs[last] > self.verbs[first]

    def words(self, first: int, last: int) -> int:
        return self.alpha[last] - self.alpha[first]

    def within(self, positions: list[int], first: int, last: int) -> list[int]:
        return positions[bisect_left(positions, first):bisect_left(positions, last)]


def _lines(counts: _Counts, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Token ranges of a sentence cut at whitespace tokens holding a line break."""
    pieces: list[tuple[int, int]] = []
    first, end = sentence
    for i in counts.within(counts.breaks, first, end):
        if first < i:
            pieces.append((first, i))
        first = i + 1
    if first < end:
        pieces.append((first, end))
    return pieces


def _clauses(view: DocView, counts: _Counts, piece: tuple[int, int]) -> list[tuple[int, int]]:
    """Token ranges of the independent clauses of one line of a sentence."""
    first, last = piece
    cuts: set[int] = set()
    for i in counts.within(counts.joints, first, last):
        if view.words[i] == ";" and i + 1 < last:
            cuts.add(i + 1)
        if view.dep[i] == "conj" and view.pos[i] in ("VERB", "AUX") and _is_clause_root(
            view, view.head[i], first, last
        ) and any(view.dep[child] in _SUBJECTS for child in view.children(i)):
            cut = _joiner_before(view, i)
            if first < cut < last:
                cuts.add(cut)
    # Why: the tagger misses verbs ("The 787-8 holds ... ; the 787-9 holds ..." tags the
    # first "holds" a noun); a clause without a verb rejoins its neighbour instead of
    # being dropped as a fragment.
    clauses: list[tuple[int, int]] = []
    for a, b in pairwise([first, *sorted(cuts), last]):
        if clauses and not (counts.has_verb(a, b) and counts.has_verb(*clauses[-1])):
            clauses[-1] = (clauses[-1][0], b)
        elif a < b:
            clauses.append((a, b))
    return clauses


def _is_clause_root(view: DocView, token: int, first: int, last: int) -> bool:
    """The head of the line's main clause, or a conjoined main clause (chains of "and")."""
    head = view.head
    while view.dep[token] == "conj" and first <= head[token] < last and head[token] != token:
        token = head[token]
    return view.dep[token] == "ROOT" or not (first <= head[token] < last)


def _joiner_before(view: DocView, conj: int) -> int:
    """Where the second clause starts: its "and"/"but" if present, else its first token."""
    start: int = view.doc[conj].left_edge.i
    head = view.head[conj]
    joiners = [
        child
        for child in view.children(head)
        if view.dep[child] == "cc" and view.lower[child] in _CLAUSE_JOINERS
        and head < child < start
    ]
    return max(joiners, default=start)


def _unit(view: DocView, counts: _Counts, first: int, last: int,
          headline_end: int) -> ClaimUnit | None:
    while first < last and view.is_space[first]:
        first += 1
    while last > first and view.is_space[last - 1]:
        last -= 1
    words = counts.words(first, last)
    if first >= last or not words:
        return None
    start = view.starts[first]
    end = view.ends[last - 1]
    headline = end <= headline_end
    # Why: title-case headlines get their verbs tagged as proper nouns ("... Drones Sparks
    # Concern ..."), so a headline of four words or more counts even without a verb.
    if not counts.has_verb(first, last) and not (headline and words >= 4):
        return None
    return ClaimUnit(start, end, first, last, headline=headline)


def _headline_end(text: str) -> int:
    """The end of the first line if it reads as a headline, else 0.

    A headline is a first line followed by a line break that does not end like a
    sentence ("... Sparks Concern Over Military Escalation").
    """
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    newline = stripped.find("\n")
    if newline <= 0:
        return 0
    line = stripped[:newline].rstrip()
    if not line or line[-1] in _SENTENCE_END:
        return 0
    return offset + len(line)
