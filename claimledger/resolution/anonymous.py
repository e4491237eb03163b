"""Unnamed sources referred to again: "an insider … the source said", "people familiar
with the situation … the sources said", "A 43-year-old man … the patient said".

A definite description of one unnamed person ("the source", "the insider", "the man",
"the patient") repeats an earlier *indefinite* introduction; it rarely introduces
someone new. Two places hold such introductions, tried in this order:

- an earlier attribution whose source was left unnamed ("an insider told the paper",
  "someone familiar with the situation said"): the latest one of the mention's number;
- an indefinite person description that is a clause's subject ("A hunter who ate a wild
  rabbit has been hit by the plague"): the latest one before the mention.

Only sources whose description marks them as unnamed qualify (a source noun such as
"source" or "insider", "familiar with", "someone", "people"): "Analysts said … the
sources said" is not one group.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimledger.attribution import lexicon

# Head nouns of a definite mention that can only repeat an unnamed source.
SOURCE_NOUNS = frozenset({"source", "insider", "person", "individual", "whistleblower"})
# Words showing that an earlier source's description withholds a name.
_UNNAMED_MARKS = frozenset({"source", "sources", "insider", "insiders", "familiar",
                            "someone", "somebody", "person", "people", "individual",
                            "whistleblower", "anonymity", "anonymous"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Heads of an unnamed source's introduction: "someone familiar with …", "people close to".
_UNNAMED_HEADS = frozenset({"someone", "somebody", "people", "person", "source",
                            "insider", "individual", "whistleblower"})
# Person nouns that show a sex: "the woman" never repeats "a man".
_MALE = frozenset({"man", "boy", "father", "son", "husband", "brother", "businessman",
                   "dad", "actor"})
_FEMALE = frozenset({"woman", "girl", "mother", "daughter", "wife", "sister",
                     "businesswoman", "mum", "actress", "songstress"})


@dataclass(frozen=True, slots=True)
class Introduction:
    """An indefinite description that introduces an unnamed person."""

    start: int
    text: str
    head: str  # the head noun's lemma, lowercase
    plural: bool


def is_unnamed(description: str) -> bool:
    """Does ``description`` (an unnamed source's name) withhold a name?"""
    return any(word.strip(",.").lower() in _UNNAMED_MARKS for word in description.split())


def introductions(doc: Doc) -> list[Introduction]:
    """The article's introductions of unnamed people, in text order (one pass over the
    subjects; built once per article, on first need):

    - an indefinite person noun: "A 43-year-old man", "A HUNTER";
    - an unnamed source, as a subject or cited: "someone familiar with the situation
      said", "citing people familiar with the talks", "according to an insider" (its
      words up to a comma or quote).
    """
    person_nouns = lexicon.person_nouns()
    found: list[Introduction] = []
    for token in doc:
        if token.pos_ not in ("NOUN", "PRON") or not (
                token.dep_ in _SUBJECTS or _cited(token)):
            continue
        lemma = token.lemma_.lower()
        first = token.left_edge
        if lemma in _UNNAMED_HEADS:
            last = token.i
            for later in doc[token.i + 1 : token.right_edge.i + 1]:
                if later.is_punct or later.is_quote:
                    break
                last = later.i
            text = doc[first.i : last + 1].text
            if first.lower_ not in ("the", "these", "those") and is_unnamed(text):
                found.append(Introduction(first.idx, text, lemma,
                                          token.tag_ in ("NNS", "NNPS")))
        elif (lemma in person_nouns or token.lower_ in person_nouns) and any(
                c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            found.append(Introduction(first.idx, doc[first.i : token.i + 1].text, lemma,
                                      False))
    return found


def _cited(token: Token) -> bool:
    """"citing people familiar with …", "according to a source close to …"."""
    head = token.head
    if token.dep_ == "dobj":
        return head.lemma_.lower() == "cite"
    return token.dep_ == "pobj" and head.lower_ == "to" and head.i > 0 \
        and head.doc[head.i - 1].lower_ == "according"


def latest_intro(found: list[Introduction], offset: int, noun: str,
                 plural: bool) -> Introduction | None:
    """The last introduction before ``offset`` that a definite ``noun`` can repeat: a
    person noun repeats a person of compatible sex ("the patient" / "A 43-year-old
    man"), a source noun an unnamed source of its number ("the sources" / "people
    familiar with the talks")."""
    person_nouns = lexicon.person_nouns()
    person = noun in person_nouns
    for index in range(bisect_left([i.start for i in found], offset) - 1, -1, -1):
        intro = found[index]
        if person:
            if intro.head in person_nouns and same_sex(noun, intro.head):
                return intro
        elif intro.head in _UNNAMED_HEADS and intro.plural == plural:
            return intro
    return None


def repeats_unnamed(head: Token) -> bool:
    """Is ``head`` a definite description that repeats an unnamed source ("the source",
    "the insider", "the sources", "the man", "the patient")?"""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
               for c in head.children):
        return False
    lemma = head.lemma_.lower()
    return lemma in SOURCE_NOUNS or lemma in lexicon.person_nouns()


def same_sex(noun: str, other: str) -> bool:
    """Can two person nouns name the same person ("patient" and "man" can, "woman" and
    "man" cannot)?"""
    sexes = {("m" if n in _MALE else "f" if n in _FEMALE else "") for n in (noun, other)}
    return not {"m", "f"} <= sexes
