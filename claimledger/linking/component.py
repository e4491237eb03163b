"""Everything linking produces for one connected component of accepted pairs.

Every driver (in-memory ``link``, out-of-core ``link_external``, the Spark job) gathers a
component — its distinct texts with their observations, their vectors, the accepted
pairs between them with their reasons, and the near-copies of its observations — and
hands it to ``link_component``, which

1. splits it into coherent clusters (``coherence.coherent_clusters``: no chains),
2. splits each cluster into the events it reports (``events.event_parts``),
3. gives each event its canonical id (from its earliest member), provenance edges and
   origins (``provenance``), numeric contradictions (``contradictions``) and, for every
   member but the earliest, the link that makes it a member and why (``member_links``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimledger.linking.coherence import coherent_clusters
from claimledger.linking.contradictions import cluster_contradictions
from claimledger.linking.events import event_parts
from claimledger.linking.observation import (
    Contradiction,
    Edge,
    LinkResult,
    MemberLink,
    Observation,
    Origin,
    Thresholds,
    canonical_id_for,
)
from claimledger.linking.provenance import cluster_edges, cluster_origins

FloatArray = npt.NDArray[np.float32]
Copies = Mapping[str, Sequence[tuple[str, float]]]
SAME_TEXT = "same text"
THROUGH_ANOTHER_EVENT = "linked only through claims of another event"


@dataclass(frozen=True, slots=True)
class PairLink:
    """An accepted pair of distinct texts (the driver's or a component's numbers) and
    the signals that decided it (``cluster.rule_reason``, or the story pass's reason)."""

    a: int
    b: int
    reason: str


@dataclass(frozen=True, slots=True)
class ClusterRecords:
    """One claim cluster: its members (time order) and what linking records for it."""

    canonical_id: str
    members: list[Observation]
    edges: list[Edge]
    origins: list[Origin]
    contradictions: list[Contradiction]
    links: list[MemberLink]


def component_clusters(texts: Sequence[Sequence[Observation]], vectors: FloatArray,
                       links: Sequence[PairLink], copies: Iterable[tuple[int, int, float]],
                       limits: Thresholds) -> Iterator[ClusterRecords]:
    """``link_component`` from what every driver holds for a component: its texts'
    observations, vectors and accepted pairs (local numbers), and the near-copy pairs
    found among its texts (``decisions.BatchDecisions.copies``, local numbers; pairs
    with a text outside the component may be left out, as edges stay inside a cluster).
    Each observation is offered the two earliest observations of each similar text."""
    offered = offered_copies(similar_texts(copies, range(len(texts))),
                             {t: [obs.id for obs in group[:2]] for t, group in enumerate(texts)})
    partners = {obs.id: offered[t] for t, group in enumerate(texts) for obs in group}
    return link_component(texts, vectors, links, partners, limits)


def link_component(texts: Sequence[Sequence[Observation]], vectors: FloatArray,
                   links: Sequence[PairLink], copies: Copies, limits: Thresholds
                   ) -> Iterator[ClusterRecords]:
    """The clusters of one component, in order of their first text then their events.

    ``texts[t]``: the observations of the component's text ``t`` (texts in the drivers'
    order, observations earliest first); ``vectors[t]`` its embedding; ``links``: the
    accepted pairs between local text numbers; ``copies``: near-copy partners per
    observation id (``provenance.cluster_edges``).
    """
    for cluster in coherent_clusters(vectors, ((k.a, k.b) for k in links), limits):
        inside = set(cluster)
        text_of = {obs.id: t for t in cluster for obs in texts[t]}
        local = [k for k in links if k.a in inside and k.b in inside]
        for part in event_parts([obs for t in cluster for obs in texts[t]]):
            yield cluster_records(part, text_of, local, copies, limits)


def cluster_records(members: Sequence[Observation], text_of: Mapping[str, int],
                    links: Sequence[PairLink], copies: Copies, limits: Thresholds
                    ) -> ClusterRecords:
    """Canonical id, edges, origins, contradictions and member links of one cluster
    (``members`` in time order, as ``event_parts`` gives them)."""
    edges = cluster_edges(members, copies)
    return ClusterRecords(canonical_id_for(members[0].id), list(members), edges,
                          cluster_origins(members, edges),
                          cluster_contradictions(members, tolerance=limits.exact_tolerance),
                          member_links(members, text_of, links))


def member_links(members: Sequence[Observation], text_of: Mapping[str, int],
                 links: Sequence[PairLink]) -> list[MemberLink]:
    """For every member but the earliest (``members`` in time order): the earliest
    member of its text (``SAME_TEXT``), else the earliest member linked to its text by an
    accepted pair, with that pair's reason. A member whose text is linked only to texts
    now in another event of the cluster is recorded so (``THROUGH_ANOTHER_EVENT``)."""
    rank = {obs.id: position for position, obs in enumerate(members)}
    first_of_text: dict[int, Observation] = {}
    for obs in members:
        first_of_text.setdefault(text_of[obs.id], obs)
    linked: dict[int, list[tuple[int, str]]] = {}
    for k in links:
        linked.setdefault(k.a, []).append((k.b, k.reason))
        linked.setdefault(k.b, []).append((k.a, k.reason))
    found = []
    for obs in members[1:]:
        text = text_of[obs.id]
        first = first_of_text[text]
        if first is not obs:
            found.append(MemberLink(obs.id, first.id, SAME_TEXT))
            continue
        options = sorted((rank[first_of_text[other].id], reason)
                         for other, reason in linked.get(text, ()) if other in first_of_text)
        if options:
            found.append(MemberLink(obs.id, members[options[0][0]].id, options[0][1]))
        else:
            found.append(MemberLink(obs.id, members[0].id, THROUGH_ANOTHER_EVENT))
    return found


def offered_copies(similar: Mapping[int, Sequence[tuple[int, float]]],
                   earliest: Mapping[int, Sequence[str]]) -> dict[int, list[tuple[str, float]]]:
    """The copy partners offered to the observations of each text: for every similar
    text (``similar[t]``: ``(other text, exact shingle Jaccard)``, the text itself
    included at 1.0), its two earliest observations (``earliest``). Why two: in case the
    earliest is in the same article; why not all: wire copy would make it quadratic."""
    return {t: [(obs_id, score) for other, score in found for obs_id in earliest[other][:2]]
            for t, found in similar.items()}


def similar_texts(copies: Iterable[tuple[int, int, float]], texts: Iterable[int]
                  ) -> dict[int, list[tuple[int, float]]]:
    """``offered_copies``'s ``similar`` for ``texts``: each text itself at 1.0, then the
    texts it nearly repeats (``decisions.BatchDecisions.copies``, either direction)."""
    similar: dict[int, list[tuple[int, float]]] = {t: [(t, 1.0)] for t in texts}
    for a, b, score in copies:
        if a in similar:
            similar[a].append((b, score))
        if b in similar:
            similar[b].append((a, score))
    return similar


def story_reason(reason: str) -> str:
    """A story-pass pair's reason as a member link shows it."""
    return f"story: {reason}"


def add_records(result: LinkResult, records: ClusterRecords) -> None:
    """Append one cluster's records to an in-memory ``LinkResult``."""
    for obs in records.members:
        result.clusters[obs.id] = records.canonical_id
    result.edges.extend(records.edges)
    result.origins[records.canonical_id] = records.origins
    result.contradictions.extend(records.contradictions)
    result.member_links.extend(records.links)
