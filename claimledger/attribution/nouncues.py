"""Reported speech introduced by a noun: "the ministry's announcement that …",
"issued a recommendation that …", "a warning by the regulator that …".

Heuristic: a cue noun (``attribution_cue_nouns.txt``) whose complement clause opens
with the conjunction "that" (a relative clause's "that" is its subject or object, not a
marker, so "the statement that was read out" does not count). The content is the
clause. The source is the noun's possessor ("the government's announcement"), the
agent after "by", or, when a light verb takes the noun as its object ("issued a
recommendation"), the light verb's subject; the cue then runs from the light verb to the
noun. Without a source the noun is only a topic ("reports that …" in the article's
own voice), and nothing is returned.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from claimledger.attribution import lexicon

_CLAUSE_DEPS = frozenset({"acl", "ccomp", "advcl", "relcl", "appos"})


def that_clause(noun: Token) -> Token | None:
    """The noun's complement clause when it opens with a marking "that"."""
    for child in noun.rights:
        if child.dep_ not in _CLAUSE_DEPS:
            continue
        first = child.left_edge
        if first.lower_ == "that" and first.dep_ == "mark":
            return child
    return None


def _agent(noun: Token) -> Token | None:
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def noun_cue(
    doc: Doc, noun: Token, subject_of: Callable[[Token], Token | None]
) -> tuple[tuple[int, int], tuple[int, int], Token] | None:
    """(content token range, cue characters, speaker) of a noun cue, or None."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lexicon.cue_nouns():
        return None
    clause = that_clause(noun)
    if clause is None:
        return None
    content = (clause.left_edge.i, clause.right_edge.i)
    cue = (noun.idx, noun.idx + len(noun.text))
    possessors = [c for c in noun.children if c.dep_ == "poss"]
    if possessors:
        return content, cue, possessors[0]
    agent = _agent(noun)
    if agent is not None:
        return content, cue, agent
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in lexicon.light_verbs() and not any(
        c.dep_ == "neg" for c in verb.children
    ):
        speaker = subject_of(verb)
        if speaker is not None:
            return content, (verb.idx, noun.idx + len(noun.text)), speaker
    return None
