"""Running cross-article linking over the ledger and storing its result.

Observations are built from stored rows only (claims joined with their article and
holder source), so linking can be re-run at any time without re-analysing anything;
``SqlStore.replace_links`` then rewrites ``claims.canonical_id`` and the ``link_*``
tables in one transaction and no other column of an observation.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimledger.ledger.base import Row
from claimledger.ledger.store import Store

if TYPE_CHECKING:
    from claimledger.linking.observation import LinkResult, Observation, QuantityValue

# Holders that are themselves a publication or document: the claim cites them
# ("The Economist reported", "according to a Pentagon report").
CITED_KINDS = frozenset({"publication", "document"})


@dataclass(frozen=True, slots=True)
class LinkSummary:
    run_id: str
    observations: int
    clusters: int
    edges: int
    contradictions: int

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "observations": self.observations,
                "clusters": self.clusters, "edges": self.edges,
                "contradictions": self.contradictions}


def quantity_value(row: Mapping[str, Any]) -> QuantityValue:
    """A stored quantity row as the value linking compares."""
    from claimledger.linking.observation import QuantityValue

    return QuantityValue(value=row["value"], low=row["low"], high=row["high"],
                         unit=row["unit"], kind=row["kind"] or "")


def observation_of(claim: Mapping[str, Any], *, outlet: str | None, time: str | None,
                   holder_name: str | None, holder_kind: str | None,
                   quantities: Mapping[str, QuantityValue]) -> Observation:
    """One stored claim as a linking ``Observation``: the one rule, shared by the SQL
    ledger (``observations``) and the Parquet tables of ``spark link``, so both link
    identical observations. ``quantities`` maps the article's quantity ids to values."""
    from claimledger.linking.observation import Observation

    ids = json.loads(claim["quantity_ids"] or "[]")
    return Observation(
        id=claim["uid"], article_id=claim["article_id"], outlet=outlet, published=time,
        text=claim["text"], holder_name=holder_name, holder_kind=holder_kind,
        cited=holder_name if holder_kind in CITED_KINDS else None,
        quantities=tuple(quantities[str(i)] for i in ids if str(i) in quantities))


def observations(store: Store) -> list[Observation]:
    """Every stored claim as a linking ``Observation``, in ledger order."""
    quantities: dict[str, dict[str, QuantityValue]] = {}
    for q in store.iter_table("quantities"):
        quantities.setdefault(q["article_id"], {})[str(q["id"])] = quantity_value(q)
    rows = store.query(
        "SELECT c.uid, c.article_id, c.text, c.quantity_ids, a.outlet, a.time, "
        "s.name AS holder_name, s.kind AS holder_kind "
        "FROM claims c JOIN articles a ON a.id = c.article_id "
        "LEFT JOIN sources s ON s.article_id = c.article_id AND s.id = c.holder "
        "ORDER BY c.n")
    return [observation_of(row, outlet=row["outlet"], time=row["time"],
                           holder_name=row["holder_name"], holder_kind=row["holder_kind"],
                           quantities=quantities.get(row["article_id"], {}))
            for row in rows]


def link_ledger(store: Store, *, embedder: Any = None) -> LinkSummary:
    """Link every observation of the ledger and store clusters, edges, origins and
    contradictions, replacing the previous linking run's."""
    from claimledger.linking import link

    found = observations(store)
    result: LinkResult = link(found, embedder=embedder)
    run_id = uuid.uuid4().hex
    store.replace_links(run_id, dict(result.clusters), link_rows(result))
    return LinkSummary(run_id, len(found), len(set(result.clusters.values())),
                       len(result.edges), len(result.contradictions))


def link_rows(result: LinkResult) -> dict[str, list[Row]]:
    """The rows of the ``link_*`` tables for one ``LinkResult``."""
    edges = {(e.src, e.dst, e.kind): {"src": e.src, "dst": e.dst, "kind": e.kind,
                                      "reason": e.reason} for e in result.edges}
    origins: list[Row] = []
    for canonical_id, found in sorted(result.origins.items()):
        for seq, origin in enumerate(found):
            origins.append({
                "canonical_id": canonical_id, "seq": seq, "key": origin.key,
                "name": origin.name, "kind": origin.kind,
                "anonymous": int(origin.anonymous),
                "observations": json.dumps(list(origin.observations)),
                "reason": origin.reason})
    contradictions = {(c.a, c.b): {"a": c.a, "b": c.b, "reason": c.reason}
                      for c in result.contradictions}
    return {"link_edges": list(edges.values()), "link_origins": origins,
            "link_contradictions": list(contradictions.values())}
