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

from spacy.tokens import Doc, Span, Token

from claimledger.claims.hedges import doc_text

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
    units: list[ClaimUnit] = []
    headline_end = _headline_end(doc_text(doc))
    for sentence in doc.sents:
        for line in _lines(sentence):
            for first, last in _clauses(doc, line):
                unit = _unit(doc, first, last, headline_end)
                if unit is not None:
                    units.append(unit)
    return units


def _lines(sentence: Span) -> list[tuple[int, int]]:
    """Token ranges of a sentence cut at whitespace tokens holding a line break."""
    pieces: list[tuple[int, int]] = []
    first = sentence.start
    for token in sentence:
        if token.is_space and "\n" in token.text:
            if first < token.i:
                pieces.append((first, token.i))
            first = token.i + 1
    if first < sentence.end:
        pieces.append((first, sentence.end))
    return pieces


def _clauses(doc: Doc, piece: tuple[int, int]) -> list[tuple[int, int]]:
    """Token ranges of the independent clauses of one line of a sentence."""
    first, last = piece
    cuts: set[int] = set()
    for i in range(first, last):
        token = doc[i]
        if token.text == ";" and i + 1 < last:
            cuts.add(i + 1)
        if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and _is_clause_root(
            token.head, first, last
        ) and any(child.dep_ in _SUBJECTS for child in token.children):
            cut = _joiner_before(token)
            if first < cut < last:
                cuts.add(cut)
    # Why: the tagger misses verbs ("The 787-8 holds ... ; the 787-9 holds ..." tags the
    # first "holds" a noun); a clause without a verb rejoins its neighbour instead of
    # being dropped as a fragment.
    clauses: list[tuple[int, int]] = []
    for a, b in pairwise([first, *sorted(cuts), last]):
        if clauses and not (_has_verb(doc, a, b) and _has_verb(doc, *clauses[-1])):
            clauses[-1] = (clauses[-1][0], b)
        elif a < b:
            clauses.append((a, b))
    return clauses


def _is_clause_root(token: Token, first: int, last: int) -> bool:
    """The head of the line's main clause, or a conjoined main clause (chains of "and")."""
    while token.dep_ == "conj" and first <= token.head.i < last and token.head is not token:
        token = token.head
    return token.dep_ == "ROOT" or not (first <= token.head.i < last)


def _joiner_before(conj: Token) -> int:
    """Where the second clause starts: its "and"/"but" if present, else its first token."""
    start = conj.left_edge.i
    joiners = [
        child.i
        for child in conj.head.children
        if child.dep_ == "cc" and child.lower_ in _CLAUSE_JOINERS and conj.head.i < child.i < start
    ]
    return max(joiners, default=start)


def _has_verb(doc: Doc, first: int, last: int) -> bool:
    return any(doc[i].pos_ in ("VERB", "AUX") for i in range(first, last))


def _unit(doc: Doc, first: int, last: int, headline_end: int) -> ClaimUnit | None:
    while first < last and doc[first].is_space:
        first += 1
    while last > first and doc[last - 1].is_space:
        last -= 1
    if first >= last or not any(doc[i].is_alpha for i in range(first, last)):
        return None
    start = doc[first].idx
    end = doc[last - 1].idx + len(doc[last - 1])
    headline = end <= headline_end
    # Why: title-case headlines get their verbs tagged as proper nouns ("... Drones Sparks
    # Concern ..."), so a headline of four words or more counts even without a verb.
    words = sum(1 for i in range(first, last) if doc[i].is_alpha)
    if not _has_verb(doc, first, last) and not (headline and words >= 4):
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
