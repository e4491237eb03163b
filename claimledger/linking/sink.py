"""Where linking results go as they are produced.

``link`` returns one ``LinkResult`` held in memory, which is fine for a few hundred
thousand observations. ``link_external`` (``external`` module) never holds all results at
once: it hands them to a ``LinkSink`` cluster by cluster, so a ledger can write them to
its tables while linking runs and memory stays flat in corpus size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from claimledger.linking.observation import (
    Contradiction,
    Edge,
    LinkResult,
    MemberLink,
    Origin,
    StoryLink,
)


class LinkSink(Protocol):
    """Receives the result of linking piece by piece; each call may come many times."""

    def clusters(self, assigned: Sequence[tuple[str, str]]) -> None:
        """(observation id, canonical id) pairs; every observation is assigned once."""

    def cluster(self, canonical_id: str, edges: Sequence[Edge], origins: Sequence[Origin],
                contradictions: Sequence[Contradiction], links: Sequence[MemberLink] = ()
                ) -> None:
        """One cluster's provenance edges, independent origins, contradictions and the
        link (with its reason) that makes each member but the earliest a member."""

    def story_links(self, links: Sequence[StoryLink]) -> None:
        """Pairs joined by the story pass, with their reasons."""


class ResultSink:
    """Collects everything into one ``LinkResult`` (``result()``)."""

    def __init__(self) -> None:
        self._clusters: dict[str, str] = {}
        self._edges: list[Edge] = []
        self._origins: dict[str, list[Origin]] = {}
        self._contradictions: list[Contradiction] = []
        self._story_links: list[StoryLink] = []
        self._member_links: list[MemberLink] = []

    def clusters(self, assigned: Sequence[tuple[str, str]]) -> None:
        self._clusters.update(assigned)

    def cluster(self, canonical_id: str, edges: Sequence[Edge], origins: Sequence[Origin],
                contradictions: Sequence[Contradiction], links: Sequence[MemberLink] = ()
                ) -> None:
        self._edges.extend(edges)
        self._origins[canonical_id] = list(origins)
        self._contradictions.extend(contradictions)
        self._member_links.extend(links)

    def story_links(self, links: Sequence[StoryLink]) -> None:
        self._story_links.extend(links)

    def result(self) -> LinkResult:
        return LinkResult(dict(self._clusters), list(self._edges), dict(self._origins),
                          list(self._contradictions), list(self._story_links),
                          list(self._member_links))


def replay(result: LinkResult, sink: LinkSink) -> None:
    """Hand an in-memory ``LinkResult`` to a sink, cluster by cluster."""
    sink.clusters(list(result.clusters.items()))
    edges: dict[str, list[Edge]] = {}
    contradictions: dict[str, list[Contradiction]] = {}
    links: dict[str, list[MemberLink]] = {}
    for edge in result.edges:
        edges.setdefault(result.clusters.get(edge.src, ""), []).append(edge)
    for found in result.contradictions:
        contradictions.setdefault(result.clusters.get(found.a, ""), []).append(found)
    for member in result.member_links:
        links.setdefault(result.clusters.get(member.uid, ""), []).append(member)
    for canonical_id, origins in result.origins.items():
        sink.cluster(canonical_id, edges.get(canonical_id, []), origins,
                     contradictions.get(canonical_id, []), links.get(canonical_id, []))
    sink.story_links(result.story_links)
