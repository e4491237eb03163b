"""Running cross-article linking over the ledger and storing its result.

Observations are built from stored rows only (claims joined with their article and
holder source), so linking can be re-run at any time without re-analysing anything;
``SqlStore.replace_links`` then rewrites ``claims.canonical_id`` and the ``link_*``
tables in one transaction and no other column of an observation.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimledger.ledger.base import Row
from claimledger.ledger.store import Store

if TYPE_CHECKING:
    from claimledger.linking.observation import LinkResult, Observation

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


def observations(store: Store) -> list[Observation]:
    """Every stored claim as a linking ``Observation``, in ledger order."""
    from claimledger.linking.observation import Observation, QuantityValue

    quantities: dict[tuple[str, str], QuantityValue] = {}
    for q in store.iter_table("quantities"):
        quantities[(q["article_id"], q["id"])] = QuantityValue(
            value=q["value"], low=q["low"], high=q["high"], unit=q["unit"],
            kind=q["kind"] or "")
    rows = store.query(
        "SELECT c.uid, c.article_id, c.text, c.quantity_ids, a.outlet, a.time, "
        "s.name AS holder_name, s.kind AS holder_kind "
        "FROM claims c JOIN articles a ON a.id = c.article_id "
        "LEFT JOIN sources s ON s.article_id = c.article_id AND s.id = c.holder "
        "ORDER BY c.n")
    out: list[Observation] = []
    for row in rows:
        ids = json.loads(row["quantity_ids"] or "[]")
        values = tuple(quantities[(row["article_id"], str(i))] for i in ids
                       if (row["article_id"], str(i)) in quantities)
        kind = row["holder_kind"]
        out.append(Observation(
            id=row["uid"], article_id=row["article_id"], outlet=row["outlet"],
            published=row["time"], text=row["text"], holder_name=row["holder_name"],
            holder_kind=kind, cited=row["holder_name"] if kind in CITED_KINDS else None,
            quantities=values))
    return out


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
