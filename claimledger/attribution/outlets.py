"""Recognising news outlets (the ``publication`` source kind) beyond a fixed list.

Heuristics, in the order a reader uses them:

- the name is a known outlet ("Reuters", "Politico"), or ends with an outlet word
  ("PC World", "Consumer Reports", "The Detroit News"), also glued on in the
  CamelCase names of web outlets ("AppleInsider");
- the article describes it as an outlet ("the newspaper Le Monde", "Wired, a
  magazine", "the broadcaster NHK");
- the article uses it the way news uses outlets: it is told things ("told Reuters"),
  interviewed ("in an interview with CNBC"), written or published in ("wrote in The
  Atlantic", "a report in Ars Technica"), or it quotes people ("Fortune quoted X as
  saying", "was quoted by Kyodo").

Outlet words and names live in ``attribution_publications.txt``; the nouns that
describe an outlet are the ``publication`` nouns of ``attribution_source_nouns.txt``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from claimledger.attribution import lexicon

if TYPE_CHECKING:  # at run time the view comes from the caller (no import cycle)
    from claimledger.claims.docview import DocView

OUTLET_MARK = "@outlet"
_RELAYING = frozenset({"quote", "cite"})
_CAMEL_TAIL = re.compile(r"(?<=[a-z])([A-Z][a-z]+)$")
# Publication nouns that also name other things ("agency", "network", "press"): they
# describe an outlet only with another word that says so ("news agency").
_AMBIGUOUS_NOUNS = frozenset({"agency", "network", "press", "media", "channel", "news",
                              "paper", "daily", "weekly", "television", "tv", "radio"})
_WRITTEN_IN = frozenset({"write", "publish", "article", "column", "report", "op-ed",
                         "editorial", "interview", "piece", "story", "blog", "post"})
_INTERVIEW = frozenset({"interview", "conversation", "speak", "talk", "chat"})


def is_publication(name: str, descriptors: frozenset[str] | set[str] = frozenset()) -> bool:
    """Is the proper name ``name`` a news outlet (module docstring)?"""
    names, words = lexicon.publications()
    low = " ".join(name.lower().split())
    if low.startswith("the "):
        low = low[4:]
    if not low:
        return False
    if low in names:
        return True
    nouns = lexicon.source_nouns()
    if OUTLET_MARK in descriptors and not any(
        "named_organization" in nouns.get(d, ()) for d in descriptors
    ):
        return True  # "told Reuters", but "told Congress" names an institution
    if any("publication" in nouns.get(d, ()) and d not in _AMBIGUOUS_NOUNS
           for d in descriptors):
        return True
    if not name[:1].isupper():
        return False
    last = low.split()[-1]
    if last in words:
        return True
    tail = _CAMEL_TAIL.search(name.split()[-1])
    return tail is not None and tail.group(1).lower() in words


def outlet_descriptors_at(view: DocView, root: int) -> set[str]:
    """``{OUTLET_MARK}`` when the mention whose root (``DocView.root``) is ``root`` is
    used as an outlet. Read from the shared view, not from ``doc[start:end].root``: the
    entity pass asks it of every organisation, and the spaCy ``Span`` and ``Token``
    objects cost more than the questions."""
    return {OUTLET_MARK} if used_as_outlet(view, root) else set()


def used_as_outlet(view: DocView, root: int) -> bool:
    """Does the name headed by token ``root`` stand where news puts an outlet?"""
    lemma, dep = view.lemma, view.dep
    head = view.head[root]
    if dep[root] in ("dobj", "dative") and lemma[head].lower() == "tell":
        return True  # "told Reuters"
    if dep[root] == "nsubj" and lemma[head].lower() == "quote":
        return True  # "Fortune quoted X as saying"
    if dep[root] != "pobj":
        return False
    preposition = view.lower[head]
    governor_at = view.head[head]
    governor = lemma[governor_at].lower()
    if preposition == "with" and governor in _INTERVIEW:
        return True  # "in an interview with CNBC", "speaking with the BBC"
    if preposition == "by" and governor in ("quote", "interview"):
        return True  # "was quoted by Kyodo"
    return preposition == "in" and governor in _WRITTEN_IN and view.pos[governor_at] in (
        "VERB", "NOUN")  # "wrote in The Atlantic", "a report in Ars Technica"


def quoted_person(verb: Token) -> Token | None:
    """"Kyodo quoted X as saying": the object of "quoted"/"cited" is the speaker."""
    if verb.lemma_.lower() not in _RELAYING:
        return None
    objects = [c for c in verb.rights if c.dep_ == "dobj"]
    if not objects:
        return None
    return objects[0] if quoted_participle(verb) is not None else None


def quoted_participle(verb: Token) -> Token | None:
    """"quoted X as saying": the reporting participle after "as" (the cue of X's words)."""
    for child in verb.rights:
        if child.lower_ == "as" and child.dep_ in ("prep", "advcl", "advmod", "mark"):
            for grandchild in child.subtree:
                if grandchild.tag_ == "VBG" and grandchild.pos_ == "VERB" and (
                    grandchild.lemma_.lower() in lexicon.cue_lemmas()
                ):
                    return grandchild
    return None
