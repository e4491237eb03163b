"""One claim's trace as a document: the same JSON for ``claimledger trace --format json``
and the web app's ``/claims/ID.json`` (the page renders it).

Observations in time order with their holders and quantities, the edges between them,
the independent origins and the numeric contradictions, with linking reasons made
readable ("outlet (date)" for observation ids). Link fields (``article_url``, ``url``)
are paths on the web app, so a reader of either output can open the page.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from claimledger.ledger import reads as q
from claimledger.ledger.base import Tx
from claimledger.ledger.sources import NAMED_KINDS, source_identity

# -- link paths on the web app -----------------------------------------------------------

def source_key(name: str, kind: str, article_id: str, source_id: str) -> str:
    """The cross-article key of a source: its normalised name when the source is named
    (so one person quoted by five outlets has one page), else the one article's source.

    Why per article for unnamed kinds: "a senior official" in two outlets cannot be shown
    to be the same person (provenance spec), so they never share a page.
    """
    if kind in NAMED_KINDS:
        key = source_identity(name, kind)
        if key:
            return "n:" + key
    return f"a:{article_id}:{source_id}"


def source_url(name: str, kind: str, article_id: str, source_id: str) -> str:
    return "/sources/" + quote(source_key(name, kind, article_id, source_id), safe="")


def cluster_url(cluster_id: str) -> str:
    return "/claims/" + quote(cluster_id, safe="")


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def support_label(value: object) -> str | None:
    if isinstance(value, str):
        text = value
        try:
            value = json.loads(text)
        except ValueError:
            return text
    if isinstance(value, dict):
        label = value.get("label")
        return None if label is None else str(label)
    if value is None:
        return None
    return str(value)


def claim_trace(tx: Tx, cluster_id: str) -> dict[str, Any] | None:
    """A claim's trace: observations in time order, the edges between them, the
    independent origins with their reasons and the numeric contradictions."""
    rows = q.cluster_observations(tx, cluster_id)
    if not rows:
        return None
    cid = rows[0]["canonical_id"] or rows[0]["uid"]
    uids = [r["uid"] for r in rows]
    who = q.holders(tx, [(r["article_id"], r["holder"]) for r in rows if r["holder"]])
    amounts = q.quantities_of(tx, [(r["article_id"], i) for r in rows
                                   for i in json.loads(r["quantity_ids"] or "[]")])
    edges = q.edges_from(tx, uids)
    cites = {e["src"] for e in edges if e["kind"] in ("cites", "copies", "same_article")}
    observations = []
    for r in rows:
        holder = who.get((r["article_id"], r["holder"])) if r["holder"] else None
        ids = json.loads(r["quantity_ids"] or "[]")
        observations.append({
            "uid": r["uid"], "article_id": r["article_id"],
            "article_url": article_url(r["article_id"]), "title": r["title"],
            "outlet": r["outlet"], "time": r["time"], "text": r["text"],
            "holder": None if holder is None else {
                "name": holder["name"], "kind": holder["kind"], "role": holder["role"],
                "url": source_url(holder["name"], holder["kind"], r["article_id"],
                                  holder["id"])},
            "support": support_label(r["support"]),
            "quantities": [{k: v for k, v in amounts[(r["article_id"], i)].items()
                            if k != "article_id"}
                           for i in ids if (r["article_id"], i) in amounts],
            "origin": r["uid"] not in cites,
        })
    labels = {o["uid"]: f"{o['outlet'] or 'unknown outlet'} ({str(o['time'] or 'undated')[:10]})"
              for o in observations}
    edges = [{**e, "reason": readable(e["reason"], labels)} for e in edges]
    by_uid = {o["uid"]: o for o in observations}
    contradictions = [{"a": by_uid.get(c["a"], {"uid": c["a"]}),
                       "b": by_uid.get(c["b"], {"uid": c["b"]}), "reason": c["reason"]}
                      for c in q.contradictions(tx, uids)]
    origins = [{**o, "reason": readable(o.get("reason"), labels)} for o in q.origins(tx, cid)]
    contradictions = [{**c, "reason": readable(c["reason"], labels)} for c in contradictions]
    why = {k["uid"]: k for k in q.member_links(tx, uids)}
    for o in observations:  # why the observation is a member; None: the earliest
        k = why.get(o["uid"])
        o["link"] = None if k is None else {
            "partner": k["partner"], "partner_label": labels.get(k["partner"], k["partner"]),
            "reason": k["reason"]}
    return {
        "id": cid, "text": rows[0]["text"],
        "observations": observations, "articles": len({r["article_id"] for r in rows}),
        "outlets": sorted({str(r["outlet"] or "") for r in rows}),
        "first_seen": rows[0]["time"], "last_seen": rows[-1]["time"],
        "edges": edges, "origins": origins,
        "independent_origins": len(origins) if origins else None,
        "anonymous_origins": sum(1 for o in origins if o["anonymous"]),
        "contradictions": contradictions, "tree": trace_tree(observations, edges),
        "links": [{"uid": uid, **o["link"]} for o in observations
                  if (uid := o["uid"]) and o["link"] is not None],
    }


_UID = re.compile(r"\b(?:obs )?([0-9a-f]{64}:c\d+)\b")


def readable(reason: object, labels: dict[str, str]) -> str | None:
    """A linking reason with observation ids replaced by "outlet (date)", as a reader
    would name them; ids of observations not on the page are left as they are."""
    if not isinstance(reason, str):
        return None
    return _UID.sub(lambda m: labels.get(m.group(1), m.group(0)), reason)


def trace_tree(observations: list[dict[str, Any]],
               edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Observations nested under the earlier one they cite or copy (the first such edge);
    observations with none are roots. Depth-first, each node once."""
    parent: dict[str, tuple[str, str, str]] = {}
    for e in edges:
        if e["kind"] in ("cites", "copies", "same_article") and e["src"] not in parent:
            parent[e["src"]] = (e["dst"], e["kind"], e.get("reason") or "")
    children: dict[str, list[str]] = {}
    known = {o["uid"] for o in observations}
    roots: list[str] = []
    for o in observations:
        link = parent.get(o["uid"])
        if link is None:
            roots.append(o["uid"])
        else:
            children.setdefault(link[0], []).append(o["uid"])
            if link[0] not in known and link[0] not in roots:
                roots.append(link[0])
    seen: set[str] = set()

    def node(uid: str) -> dict[str, Any]:
        seen.add(uid)
        link = parent.get(uid)
        return {"uid": uid, "via": None if link is None else link[1],
                "reason": None if link is None else link[2],
                "virtual": uid not in known,
                "children": [node(c) for c in children.get(uid, []) if c not in seen]}

    return [node(r) for r in roots if r not in seen]


