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
    units: list[ClaimUnit] = []
    headline_end = _headline_end(view.text)
    for sentence in view.sents:
        for line in _lines(view, sentence):
            for first, last in _clauses(view, line):
                unit = _unit(view, first, last, headline_end)
                if unit is not None:
                    units.append(unit)
    return units


def _lines(view: DocView, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Token ranges of a sentence cut at whitespace tokens holding a line break."""
    pieces: list[tuple[int, int]] = []
    first, end = sentence
    for i in range(first, end):
        if view.is_space[i] and "\n" in view.words[i]:
            if first < i:
                pieces.append((first, i))
            first = i + 1
    if first < end:
        pieces.append((first, end))
    return pieces


def _clauses(view: DocView, piece: tuple[int, int]) -> list[tuple[int, int]]:
    """Token ranges of the independent clauses of one line of a sentence."""
    first, last = piece
    cuts: set[int] = set()
    for i in range(first, last):
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
        if clauses and not (_has_verb(view, a, b) and _has_verb(view, *clauses[-1])):
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


def _has_verb(view: DocView, first: int, last: int) -> bool:
    return any(view.pos[i] in ("VERB", "AUX") for i in range(first, last))


def _unit(view: DocView, first: int, last: int, headline_end: int) -> ClaimUnit | None:
    while first < last and view.is_space[first]:
        first += 1
    while last > first and view.is_space[last - 1]:
        last -= 1
    if first >= last or not any(view.is_alpha[i] for i in range(first, last)):
        return None
    start = view.starts[first]
    end = view.ends[last - 1]
    headline = end <= headline_end
    # Why: title-case headlines get their verbs tagged as proper nouns ("... Drones Sparks
    # Concern ..."), so a headline of four words or more counts even without a verb.
    words = sum(1 for i in range(first, last) if view.is_alpha[i])
    if not _has_verb(view, first, last) and not (headline and words >= 4):
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
