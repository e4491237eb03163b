"""Reading the ledger: claim clusters, one cluster's trace, and sources across articles.

Every function takes a ``Store`` and returns records with ``to_dict``; the CLI and the
web app format them. A claim not yet linked is its own cluster (its ``uid``), so the
queries work on a ledger ingested with ``--no-link``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from claimledger.errors import StoreError
from claimledger.ledger import reads
from claimledger.ledger.base import Row
from claimledger.ledger.store import Store, sql_access

OUTLET_VOICE = "outlet"  # the --kind value for claims in the outlet's own voice

_OBSERVATIONS = (
    "SELECT c.n, c.uid, coalesce(c.canonical_id, c.uid) AS cluster, c.article_id, c.id, "
    "c.text, c.holder, c.attribution, c.support, c.hedges, a.outlet, a.time, a.title, "
    "a.url, a.path, s.name AS holder_name, s.kind AS holder_kind, "
    "t.kind AS attribution_kind "
    "FROM claims c JOIN articles a ON a.id = c.article_id "
    "LEFT JOIN sources s ON s.article_id = c.article_id AND s.id = c.holder "
    "LEFT JOIN attributions t ON t.article_id = c.article_id AND t.id = c.attribution"
)


def _outlet_key(row: Row) -> str:
    """An article without a known outlet counts as an outlet of its own."""
    return str(row["outlet"]) if row["outlet"] else f"article:{row['article_id']}"


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """One claim cluster as the ``claims`` listing shows it."""

    canonical_id: str
    text: str  # the earliest observation's wording
    observations: int
    outlets: int
    first_seen: str
    first_outlet: str | None
    origins: int | None  # None: not linked yet
    anonymous_origins: int
    contradictions: int

    def to_dict(self) -> dict[str, Any]:
        # Flat fields: a shallow dict (``asdict`` deep-copies, 10x slower, and the claim
        # list builds one record per cluster per page).
        return {name: getattr(self, name) for name in _SUMMARY_FIELDS}


_SUMMARY_FIELDS = tuple(f.name for f in fields(ClusterSummary))


def _matches_source(name: str | None, wanted: str) -> bool:
    from claimledger.names import normalize_name, same_organization, same_person

    if not name:
        return False
    if normalize_name(wanted) in normalize_name(name):
        return True
    return same_person(name, wanted) or same_organization(name, wanted)


def list_claims(store: Store, *, search: str | None = None, min_outlets: int = 1,
                source: str | None = None, kind: str | None = None,
                limit: int | None = None) -> list[ClusterSummary]:
    """Claim clusters, most outlets first, then earliest first.

    ``search``: a cluster matches when one of its observations' text does (full-text);
    ``source``: when one is held by a source of that name (same person/organisation by
    the name normaliser, or a normalised substring); ``kind``: a source kind, or
    ``outlet`` for claims in the outlet's own voice.
    """
    db = sql_access(store)
    rows = db.query(_OBSERVATIONS + " ORDER BY a.time, c.n")
    wanted: set[str] | None = None
    if search is not None:
        hits = set(db.search_rows("claims", search))
        wanted = {r["cluster"] for r in rows if r["n"] in hits}
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row["cluster"]].append(row)
    origins = _origin_counts(store)
    contradictions = _contradiction_counts(store)
    out: list[ClusterSummary] = []
    for cluster, members in groups.items():
        if wanted is not None and cluster not in wanted:
            continue
        if source is not None and not any(_matches_source(m["holder_name"], source)
                                          for m in members):
            continue
        if kind is not None and not any((m["holder_kind"] or OUTLET_VOICE) == kind
                                        for m in members):
            continue
        outlets = {_outlet_key(m) for m in members}
        if len(outlets) < min_outlets:
            continue
        first = members[0]
        linked = origins.get(cluster)
        out.append(ClusterSummary(
            canonical_id=cluster, text=first["text"], observations=len(members),
            outlets=len(outlets), first_seen=first["time"], first_outlet=first["outlet"],
            origins=None if linked is None else linked[0],
            anonymous_origins=0 if linked is None else linked[1],
            contradictions=contradictions.get(cluster, 0)))
    out.sort(key=lambda c: (-c.outlets, -c.observations, c.first_seen, c.canonical_id))
    return out[:limit] if limit is not None else out


def _origin_counts(store: Store) -> dict[str, tuple[int, int]]:
    db = sql_access(store)
    rows = db.query("SELECT canonical_id, count(*) AS n, sum(anonymous) AS anon "
                    "FROM link_origins GROUP BY canonical_id")
    return {r["canonical_id"]: (int(r["n"]), int(r["anon"] or 0)) for r in rows}


def _contradiction_counts(store: Store) -> dict[str, int]:
    db = sql_access(store)
    rows = db.query(
        "SELECT coalesce(c.canonical_id, c.uid) AS cluster, count(*) AS n "
        "FROM link_contradictions x JOIN claims c ON c.uid = x.a GROUP BY 1")
    return {r["cluster"]: int(r["n"]) for r in rows}


def unknown_claim(claim_id: str) -> StoreError:
    """The error of a read command given an id the ledger does not hold."""
    return StoreError(f"no claim {claim_id!r} in the ledger; list ids with "
                      "`claimledger claims`")


@dataclass(frozen=True, slots=True)
class Trace:
    """One cluster: its observations (earliest first), edges, origins, contradictions."""

    canonical_id: str
    observations: list[Row]
    edges: list[Row]
    origins: list[Row]
    contradictions: list[Row]
    linked: bool = field(default=False)
    # Why each member is in the cluster: uid, partner, reason (``link_reasons``).
    links: list[Row] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"canonical_id": self.canonical_id, "linked": self.linked,
                "observations": self.observations, "edges": self.edges,
                "origins": self.origins, "contradictions": self.contradictions,
                "links": self.links}


def trace(store: Store, claim_id: str) -> Trace:
    """The cluster of ``claim_id`` (a canonical id or an observation uid).

    Raises ``StoreError`` naming the id when the ledger has no such claim.
    """
    with sql_access(store).transaction(write=False) as tx:
        found = tx.execute("SELECT coalesce(canonical_id, uid) AS cluster FROM claims "
                           "WHERE canonical_id = ? OR uid = ? LIMIT 1", (claim_id, claim_id))
        if not found:
            raise unknown_claim(claim_id)
        cluster = found[0]["cluster"]
        members = tx.execute(
            _OBSERVATIONS + " WHERE coalesce(c.canonical_id, c.uid) = ? ORDER BY a.time, c.n",
            (cluster,))
        uids = [m["uid"] for m in members]
        # The link reads the web trace makes too (``claim_trace``): one query each.
        edges = reads.edges_from(tx, uids)
        origins = [{k: v for k, v in o.items() if k != "canonical_id"}
                   for o in reads.origins(tx, cluster)]
        contradictions = reads.contradictions(tx, uids)
        links = reads.member_links(tx, uids)
    for row in members:
        row["hedges"] = json.loads(row["hedges"] or "[]")
        del row["n"]
    linked = any(m["cluster"] != m["uid"] for m in members) or bool(origins)
    return Trace(cluster, members, edges, origins, contradictions, linked, links)
