"""One entity pass per article: the people both the attribution and the entity layer use.

The attribution layer resolves a speaker to a person or organisation clustered by
``attribution.entities.collect_entities``. The entity layer (``claims.entities``) used
to cluster the same names again with rules of its own, so a source and the entity for
the same person could disagree (issue 12, item 7): the source "Kevin Mayer" beside a
person entity "Kevin Mayer" and a place entity "Mayer"; the source "Tim Cook" beside the
entity "Hosting Cook"; the source "Ming - Chi Kuo" beside the entity "Ming-Chi Kuo".

Now the pass runs once per ``Doc``: ``article_entities`` builds it on first use and
keeps it on ``doc.user_data`` until ``claims.build_layers`` is done (``forget``). The
attribution layer reads its clusters and antecedent look-ups; the entity layer reads its
people (``people``): which mentions are one person, and that person's name. The
honorific list both use is ``resolution.gender.HONORIFICS``; the entity layer's merging
uses the one ``UnionFind`` below.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from claimledger.attribution.entities import Entities, collect_entities

_KEY = "claimledger.entity_pass"


@dataclass(frozen=True, slots=True)
class Person:
    """One person of the pass: the name sources carry, and every mention's offsets."""

    name: str
    spans: tuple[tuple[int, int], ...]  # sorted by start


@dataclass(slots=True)
class _Cached:
    size: int
    entities: Entities


def article_entities(doc: Doc, text: str | None = None) -> Entities:
    """The article's people and organisations, built once per ``doc`` and cached.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    cached = doc.user_data.get(_KEY)
    if isinstance(cached, _Cached) and cached.size == len(doc):
        return cached.entities
    entities = collect_entities(doc, text)
    doc.user_data[_KEY] = _Cached(len(doc), entities)
    return entities


def is_cache(value: object) -> bool:
    """Is ``value`` this pass's cache (which ``claimledger.doc_codec`` drops when a doc is
    serialised: it is rebuilt from the parse on first use)?"""
    return isinstance(value, _Cached)


def forget(doc: Doc) -> None:
    """Drop the cached pass (it holds the article's mentions; the doc may live on)."""
    doc.user_data.pop(_KEY, None)


def people(doc: Doc) -> list[Person]:
    """The pass's people, each once, in order of first mention."""
    seen: dict[int, Person] = {}
    for named in article_entities(doc).people.values():
        if id(named) not in seen and named.mentions:
            seen[id(named)] = Person(named.name, tuple(sorted(set(named.mentions))))
    return sorted(seen.values(), key=lambda person: person.spans[0])


class UnionFind:
    """Disjoint sets over ``0 .. size - 1``; a set is named by its smallest member."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)
