"""Joint speakers: "Volker and Morrison said", "both Vindman and Williams told", "the
pair said", and a "they" that continues them.

A joint speaker is one attribution with a group source whose members are the named
sources (conventions: quality/resolution-guidelines.md, "Groups"). Only coordinated
*names* make a group here: "officials and experts" stays one unnamed group as before,
because its members are not sources of their own.
"""

from __future__ import annotations

from spacy.tokens import Token

# Heads of a mention that refers back to two or more people or bodies named before.
_PAIR_HEADS = frozenset({"pair", "duo", "two", "both", "trio", "three"})
_PAIR_MEMBERS = frozenset({"man", "woman", "men", "women", "officials",
                           "leaders", "lawmakers", "senators", "diplomats", "players"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_SIZES = {"pair": 2, "duo": 2, "two": 2, "both": 2, "trio": 3, "three": 3}
_GENDERED = {"man": "m", "men": "m", "woman": "f", "women": "f"}


def _is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in _NAME_LABELS


def joint_names(head: Token) -> list[Token]:
    """The heads of the coordinated names a speaker mention joins ("Volker and
    Morrison"): the mention's head first, in text order; [] for one name or a
    coordination with a common noun ("Holcomb and GOP legislative leaders")."""
    if not _is_name(head) or head.dep_ == "conj":
        return []
    conjuncts = [c for c in head.conjuncts if c.i > head.i]
    if not conjuncts or not all(_is_name(c) for c in conjuncts):
        return []
    if not any(c.dep_ == "cc" and c.lower_ in ("and", "&") for t in (head, *conjuncts)
               for c in t.children):
        return []  # "X or Y", "X, Y" lists without "and" are not joint speakers
    # a long list the parser reads partly as appositions ("the Bank of Canada, the Bank
    # of England, the European Central Bank, …"): names of the head's entity type
    listed = [a for a in head.children if a.dep_ == "appos" and a.ent_type_
              and a.ent_type_ == head.ent_type_ and _is_name(a)]
    return sorted([head, *conjuncts, *listed], key=lambda t: t.i)


def refers_to_group(head: Token) -> bool:
    """"the pair", "the two", "both men", "both sides": a mention of several sources
    named earlier (a plural "they" is handled with the pronouns)."""
    lower = head.lower_
    if lower in _PAIR_HEADS and head.pos_ in ("NOUN", "NUM", "PRON", "DET"):
        return any(c.lower_ in ("the", "both") for c in head.children) or lower == "both"
    if head.lemma_.lower() in _PAIR_MEMBERS or lower in _PAIR_MEMBERS:
        return any(c.lower_ == "both" or (c.lower_ in ("two", "three") and c.dep_ == "nummod")
                   for c in head.children)
    return False


def group_size(head: Token) -> tuple[int, str | None]:
    """How many people a group mention of ``refers_to_group`` counts, and their gender
    when its noun shows one: "the pair" (2, None), "the two women" (2, "f"), "the
    trio" (3, None), "both men" (2, "m")."""
    size = _SIZES.get(head.lower_, 0)
    for child in head.children:
        size = size or _SIZES.get(child.lower_, 0)
    gender = _GENDERED.get(head.lower_)
    return size or 2, gender
