"""Edges, roots and origins inside one claim cluster (``shared/spec/provenance.md``).

Edges always run from a later observation to an earlier one (``time_key`` order):

- ``cites``: the observation attributes the claim to a publication ("told Reuters",
  "The Economist reported"), or to a holder named like another outlet of the cluster
  (``cited_name``); the edge goes to the earliest earlier observation of that outlet in
  the cluster, else to ``virtual:<outlet key>``;
- ``copies``: near-identical text (exact shingle Jaccard >= ``jaccard_copies``) in a
  different, earlier article; the edge goes to the earliest such observation;
- ``same_source``: the same resolved person, organisation or document; the edge goes to
  the earliest observation with that holder (a star, so the edge count stays linear);
- ``same_article``: an observation in the outlet's own voice (typically a headline or a
  summary line) whose article also carries an attributed observation of the claim. The
  article's own sourcing of the claim is that attribution, so the unattributed line is
  not a separate origin ("Floods kill 38" above "38 died, the ministry said").

Origins follow cites and copies edges back to roots. A root's origin is its primary
source when it names one, else its outlet: of kind ``own_reporting`` when the root states
the claim in the outlet's own voice, ``anonymous`` (and marked so) when it cites sources
the outlet does not name. A virtual root's origin is the primary source named by the
observation that cites it ("the minister told Reuters"), else the cited outlet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimledger.linking.observation import VIRTUAL_PREFIX, Edge, Observation, Origin, time_key
from claimledger.linking.tokens import name_key

# Holders that are a primary source in their own right (the spec's person, organisation,
# official body or document). Unnamed officials and groups cannot be told apart across
# outlets, so they count with the outlet, marked anonymous.
PRIMARY_KINDS = frozenset({"named_person", "named_organization", "document"})
MAX_REASON_EDGES = 25


@dataclass(frozen=True, slots=True)
class _Primary:
    key: str
    name: str
    kind: str
    anonymous: bool


def primary_of(observation: Observation) -> _Primary | None:
    """The named primary source of an observation, if it names one."""
    if observation.holder_name and observation.holder_kind in PRIMARY_KINDS:
        return _Primary("source:" + name_key(observation.holder_name),
                        observation.holder_name, observation.holder_kind, False)
    return None


def cited_name(observation: Observation, outlets: frozenset[str] = frozenset()
               ) -> str | None:
    """What the observation cites: ``cited``, a publication holder ("The Economist"), or a
    holder named like another outlet of the cluster (a ministry quoted by the wire whose
    own statement is in the ledger; "According to Coastline Wire" with the wire typed as
    a person)."""
    if observation.cited:
        return observation.cited
    holder = observation.holder_name
    if not holder:
        return None
    if observation.holder_kind == "publication":
        return holder
    key = name_key(holder)
    if key in outlets and key != name_key(observation.outlet or ""):
        return holder
    return None


def primary_in_cluster(observation: Observation, outlets: frozenset[str]) -> _Primary | None:
    """``primary_of``, except for a "person" named like an outlet of the cluster. Why:
    people are not named like outlets; such a holder is an outlet the parser mistyped."""
    if (observation.holder_kind == "named_person" and observation.holder_name
            and name_key(observation.holder_name) in outlets):
        return None
    return primary_of(observation)


OWN_REPORTING = "own_reporting"


def outlet_origin(observation: Observation) -> _Primary:
    """The outlet as origin: its own reporting (the claim in its own voice: kind
    ``own_reporting``, not anonymous) or a source it does not name (``anonymous``)."""
    outlet = observation.outlet or f"article {observation.article_id}"
    if observation.holder_name is None and observation.holder_kind is None:
        return _Primary("outlet:" + name_key(outlet), outlet, OWN_REPORTING, False)
    return _Primary("outlet:" + name_key(outlet), outlet, "anonymous", True)


def outlet_keys(members: Sequence[Observation]) -> frozenset[str]:
    return frozenset(name_key(obs.outlet) for obs in members if obs.outlet)


def cluster_edges(members: Sequence[Observation],
                  copy_partners: Mapping[str, Sequence[tuple[str, float]]]) -> list[Edge]:
    """All cites, copies and same_source edges of one cluster (members in any order)."""
    ordered = sorted(members, key=time_key)
    rank = {obs.id: position for position, obs in enumerate(ordered)}
    by_id = {obs.id: obs for obs in ordered}
    outlets = outlet_keys(ordered)
    first_of_outlet: dict[str, Observation] = {}
    first_of_holder: dict[str, Observation] = {}
    edges: list[Edge] = []
    for obs in ordered:
        cited = cited_name(obs, outlets)
        if cited and name_key(cited) != name_key(obs.outlet or ""):
            earlier = first_of_outlet.get(name_key(cited))
            if earlier is not None and earlier.article_id != obs.article_id:
                edges.append(Edge(obs.id, earlier.id, "cites",
                                  f"obs {obs.id} cites {cited} (obs {earlier.id})"))
            elif earlier is None:
                edges.append(Edge(obs.id, VIRTUAL_PREFIX + name_key(cited), "cites",
                                  f"obs {obs.id} cites {cited}, which has no earlier "
                                  "observation in the ledger"))
        sources = [(rank[p], p, score) for p, score in copy_partners.get(obs.id, ())
                   if p in rank and rank[p] < rank[obs.id]
                   and by_id[p].article_id != obs.article_id]
        if sources:
            _, copied, score = min(sources)
            edges.append(Edge(obs.id, copied, "copies",
                              f"obs {obs.id} copies obs {copied} (word-shingle Jaccard "
                              f"{score:.2f})"))
        primary = primary_in_cluster(obs, outlets)
        if primary is not None:
            anchor = first_of_holder.setdefault(primary.key, obs)
            if anchor is not obs and anchor.article_id != obs.article_id:
                edges.append(Edge(obs.id, anchor.id, "same_source",
                                  f"obs {obs.id} and obs {anchor.id} both attribute the "
                                  f"claim to {primary.name}"))
        if obs.outlet:
            first_of_outlet.setdefault(name_key(obs.outlet), obs)
    edges.extend(_same_article_edges(ordered, outlets))
    return edges


def _sourced(obs: Observation, outlets: frozenset[str]) -> bool:
    return primary_in_cluster(obs, outlets) is not None or cited_name(obs, outlets) is not None


def _same_article_edges(ordered: Sequence[Observation], outlets: frozenset[str]) -> list[Edge]:
    """Edges from an unattributed observation to its article's first attributed one."""
    sourced_of_article: dict[str, Observation] = {}
    for obs in ordered:
        if _sourced(obs, outlets):
            sourced_of_article.setdefault(obs.article_id, obs)
    edges = []
    for obs in ordered:
        sibling = sourced_of_article.get(obs.article_id)
        if sibling is not None and sibling is not obs and not _sourced(obs, outlets):
            edges.append(Edge(obs.id, sibling.id, "same_article",
                              f"obs {obs.id} restates obs {sibling.id} of the same article "
                              "in the outlet's own voice"))
    return edges


def _roots(ordered: Sequence[Observation], outgoing: Mapping[str, Sequence[Edge]]
           ) -> dict[str, set[str]]:
    """Every observation's roots, following edges to their ends (iterative depth-first,
    since same-article edges may point to an observation of the same time)."""
    roots_of: dict[str, set[str]] = {}
    for start in ordered:
        stack = [start.id]
        while stack:
            current = stack[-1]
            if current in roots_of:
                stack.pop()
                continue
            pending = [e.dst for e in outgoing.get(current, ())
                       if e.dst not in roots_of and not e.dst.startswith(VIRTUAL_PREFIX)
                       and e.dst not in stack]
            if pending:
                stack.extend(pending)
                continue
            found: set[str] = set()
            for edge in outgoing.get(current, ()):
                found |= roots_of.get(edge.dst, {edge.dst})
            roots_of[current] = found or {current}
            stack.pop()
    return roots_of


def cluster_origins(members: Sequence[Observation], edges: Sequence[Edge]) -> list[Origin]:
    """The distinct origins of one cluster, each with the edges that collapsed onto it."""
    ordered = sorted(members, key=time_key)
    by_id = {obs.id: obs for obs in ordered}
    outlets = outlet_keys(ordered)
    outgoing: dict[str, list[Edge]] = {}
    for edge in edges:
        if edge.kind in ("cites", "copies", "same_article"):
            outgoing.setdefault(edge.src, []).append(edge)
    roots_of = _roots(ordered, outgoing)
    virtual_primary: dict[str, _Primary] = {}
    for obs in ordered:
        for edge in outgoing.get(obs.id, ()):
            if edge.dst.startswith(VIRTUAL_PREFIX) and edge.dst not in virtual_primary:
                virtual_primary[edge.dst] = primary_in_cluster(obs, outlets) or _Primary(
                    "outlet:" + edge.dst.removeprefix(VIRTUAL_PREFIX),
                    cited_name(obs, outlets) or edge.dst, "publication", False)

    def origin_of(root: str) -> _Primary:
        if root in virtual_primary:
            return virtual_primary[root]
        return primary_in_cluster(by_id[root], outlets) or outlet_origin(by_id[root])

    groups: dict[str, tuple[_Primary, list[str], list[str]]] = {}
    for obs in ordered:
        for root in sorted(roots_of[obs.id]):
            origin = origin_of(root)
            _, observations, roots = groups.setdefault(origin.key, (origin, [], []))
            if origin.anonymous and not groups[origin.key][0].anonymous:
                # One outlet, own reporting and unnamed sources: the origin is only as
                # strong as its weakest root, so it is marked anonymous.
                groups[origin.key] = (origin, observations, roots)
            if obs.id not in observations:
                observations.append(obs.id)
            if root not in roots:
                roots.append(root)
    return [_origin(origin, observations, roots, outgoing)
            for origin, observations, roots in groups.values()]


def _origin(origin: _Primary, observations: list[str], roots: list[str],
            outgoing: Mapping[str, Sequence[Edge]]) -> Origin:
    how = ("unnamed sources of" if origin.anonymous else
           "own reporting of" if origin.kind == OWN_REPORTING else "attributed to")
    parts = [f"root {', '.join(roots)}: {how} {origin.name}"]
    collapsed = [e.reason for obs in observations for e in outgoing.get(obs, ())]
    parts.extend(collapsed[:MAX_REASON_EDGES])
    if len(collapsed) > MAX_REASON_EDGES:
        parts.append(f"and {len(collapsed) - MAX_REASON_EDGES} more edges")
    return Origin(origin.key, origin.name, origin.kind, origin.anonymous,
                  tuple(observations), "; ".join(parts))
