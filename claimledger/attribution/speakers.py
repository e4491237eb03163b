"""Speaker mentions: which tokens name the source of an attribution.

Heuristics, each cheap and local:

- a speaker mention is the subject's subtree cut at the first comma, bracket or dash
  after its head, so a title before the name stays ("UBS analyst David Strauss") and an
  appositive after a comma goes ("Louis Gallois, the Airbus chief executive");
- a role heading the subject gives way to the name it introduces ("The vice president
  of Dacia, Constantin Stroe, said");
- after the cue ("“…,” said Uralsib analyst Chris Weafer") the noun phrase that follows.

People and organisations across the article are clustered in ``entities.py``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimledger.attribution import lexicon
from claimledger.attribution.entities import Entities, Named, clean_name, collect_entities
from claimledger.claims.docview import view_of

__all__ = ["Entities", "Named", "clean_name", "collect_entities", "speaker_after",
           "speaker_head", "speaker_span"]

_STOP_AFTER_HEAD = frozenset({",", "(", ")", "--", "—", "–", ";", ":"})


def speaker_span(doc: Doc, head: Token) -> tuple[int, int]:
    """Characters of the speaker mention headed by ``head`` (see module docstring).

    The token-by-token walks read the shared view's lists: a spaCy ``Token`` per step
    cost more than the rule.
    """
    view = view_of(doc)
    words = view.words
    first = head.left_edge.i
    last = head.i
    for sibling in head.head.children:
        # two adjacent subjects are one appositive mention ("the journal The Economist")
        if sibling.dep_ == head.dep_ and sibling.right_edge.i == first - 1:
            first = sibling.left_edge.i
    for i in range(head.i + 1, head.right_edge.i + 1):
        if words[i] in _STOP_AFTER_HEAD or view.is_quote(i) or "\n" in words[i]:
            break
        last = i
    for i in range(head.i - 1, first - 1, -1):
        if words[i] in _STOP_AFTER_HEAD or view.is_quote(i) or "\n" in words[i]:
            first = i + 1
            break
    is_punct, is_space, tag = view.is_punct, view.is_space, view.tag
    while last > first and (is_punct[last] or is_space[last] or tag[last] == "POS"):
        last -= 1
    if head.ent_type_ == "PERSON" and head.ent_iob_ == "I":
        # "Charles O 'Reilly" parsed in pieces: the mention is the whole name
        while first > 0 and view.ent_iob[first] == "I" and view.ent_type[first] == "PERSON":
            first -= 1
    return view.starts[first], view.ends[last]


def speaker_head(doc: Doc, token: Token) -> Token:
    """The token that names the speaker, when the subject's head is only a description.

    "The vice president of Dacia, Constantin Stroe, said" and "said Tim Ghriskey, chief
    investment officer at …" put the name in an appositive, and "The US car
    manufacturer General Motors" may be parsed with the common noun as head: the name
    decides who speaks.
    """
    if token.pos_ == "PRON":
        return token
    if token.lower_ in lexicon.role_words() or token.lemma_.lower() in lexicon.role_words():
        person = _person_in_description(token)
        if person is not None:
            return person
    if token.pos_ == "PROPN":
        return token
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    if token.dep_ == "appos" and token.head.pos_ == "PROPN":
        return token.head
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if token.pos_ == "NOUN" and following is not None and following.pos_ == "PROPN" \
            and following.ent_iob_ == "B" and following.ent_type_ in ("PERSON", "ORG"):
        # "The US automobile manufacturer Ford has said …": a description right before
        # a name the parser hung elsewhere (here the subject of a relative clause)
        end = following.i
        while end + 1 < len(token.doc) and token.doc[end + 1].ent_iob_ == "I":
            end += 1
        return token.doc[end]
    for child in token.rights:
        if child.dep_ in ("compound", "npadvmod", "nmod") and child.ent_type_ in (
            "PERSON", "ORG"
        ):
            return child
    return token


# Branches of a role description that name someone else than the speaker: "a
# spokesman for Senator X", "the wife of …", relative and other clauses.
_OTHER_PARTY_PREPS = frozenset({"for", "to", "with", "by", "about", "on", "against"})
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"})


def _person_in_description(role: Token) -> Token | None:
    """The named person a role description introduces, by the last token of the name.

    "The vice president of Dacia, Constantin Stroe", "Airbus President and Chief
    Executive Officer, Tom Enders", "the chairman of Chrysler LLC Jim Press": the parser
    makes the role the subject's head and hangs the name below it; the name decides who
    speaks. Clauses, possessors and "for/to/by X" branches name other people.
    """
    found: Token | None = None
    stack = list(role.children)
    while stack:
        token = stack.pop()
        if token.dep_ in _CLAUSE_DEPS or token.is_quote or "\n" in token.text:
            continue
        if token.dep_ == "prep" and token.lower_ in _OTHER_PARTY_PREPS:
            continue
        if token.dep_ == "poss" and any(t.tag_ == "POS" for t in token.subtree):
            continue
        if token.ent_type_ == "PERSON" and token.pos_ == "PROPN" and (
            found is None or token.i > found.i
        ):
            found = token
        stack.extend(token.children)
    return found


def speaker_after(doc: Doc, cue: Token) -> Token | None:
    """"“…,” said Uralsib analyst Chris Weafer" parsed without a subject: the noun phrase
    right after the cue, by its last noun."""
    last: Token | None = None
    for token in doc[cue.i + 1 : min(len(doc), cue.i + 9)]:
        if token.pos_ in ("PROPN", "NOUN") or (token.pos_ == "PRON" and last is None):
            last = token
            if token.pos_ == "PRON":
                break
        elif (token.pos_ in ("DET", "ADJ", "NUM") and last is None) or token.tag_ == "POS":
            continue
        else:
            break
    return last
