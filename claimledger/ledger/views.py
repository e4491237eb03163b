"""The read views: the records behind each page of the web app (and behind
``claimledger trace --format json``), read from a ``Store`` in one read transaction.

Each returns the JSON-ready dict that the web app's ``/x.json`` serves and its template
of ``/x`` renders (datasette's one-view-two-formats idea); the article page returns its
records (``ArticlePage``), whose ``to_dict`` is its JSON. The SQL is in
``ledger.reads``, ``ledger.claim_trace`` and ``ledger.stored``; ``None`` means "no such
thing" (the web app's 404). Link fields are paths on the web app
(``claim_trace.article_url`` and its neighbours), so a reader of the CLI's JSON can open
the page too.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from claimledger.ledger import reads as q
from claimledger.ledger.base import Tx
from claimledger.ledger.claim_trace import (
    article_url,
    claim_trace,
    cluster_url,
    source_url,
    support_label,
)
from claimledger.ledger.sources import (
    NAMED_KINDS,
    identity_spellings,
    same_source,
    source_identity,
)
from claimledger.ledger.store import Store, sql_access
from claimledger.ledger.stored import analysis_of
from claimledger.ledger.titles import display_title
from claimledger.model import Analysis


def _reading(store: Store) -> AbstractContextManager[Tx]:
    """One read transaction: a page's several reads see one state of the ledger."""
    return sql_access(store).transaction(write=False)


def ledger_fingerprint(store: Store) -> tuple[Any, ...]:
    """What the web app's caches compare to know the ledger changed
    (``reads.ledger_state``): equal fingerprints, the cached groupings still hold."""
    with _reading(store) as tx:
        return q.ledger_state(tx)


def support_matches(label: str | None, wanted: str) -> bool:
    """Whether a support label ("single named person, hedged") has ``wanted`` as a whole
    phrase of one of its parts: "hedged" matches "hedged" but not "unhedged"."""
    if not label:
        return False
    pattern = re.compile(rf"(?<![\w-]){re.escape(wanted.strip().lower())}(?![\w-])")
    return any(pattern.search(part) for part in label.lower().split(", "))


def support_parts(labels: list[str]) -> list[str]:
    """The distinct comma-separated parts of the given labels, for the filter's choices."""
    parts = {part.strip() for label in labels for part in label.split(",") if part.strip()}
    return sorted(parts)


# -- overview ----------------------------------------------------------------------------

def overview(store: Store) -> dict[str, Any]:
    """The front page: counts, articles and claims per month, the newest articles, each
    outlet's source mix, the claims carried furthest and the sources cited most."""
    with _reading(store) as tx:
        return _overview(tx)


def _overview(tx: Tx) -> dict[str, Any]:
    cited = q.most_cited_sources(tx)
    for s in cited:
        s["url"] = "/sources/" + quote("n:" + source_identity(s["name"], s["kind"]), safe="")
    travelled = q.most_travelled(tx)
    for c in travelled:
        c["url"] = cluster_url(c["id"])
    recent = q.recent_articles(tx)
    for a in recent:
        a["url"] = article_url(a["id"])
    return {"page": "overview", "counts": q.counts(tx), "monthly": q.monthly(tx),
            "undated_articles": q.undated(tx),
            "recent_articles": recent,
            "outlet_source_mix": q.outlet_source_mix(tx), "most_travelled": travelled,
            "most_cited_sources": cited}


# -- article -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ArticlePage:
    """One stored article: its analysis (records), read by ``ledger.stored``, and the
    links the page adds: each source to its page, each claim to its cluster."""

    article_id: str
    time: str | None
    analysis: Analysis
    source_pages: dict[str, str]  # source id -> page URL
    claim_links: dict[str, dict[str, Any]]  # claim id -> uid, cluster, its URL and size

    def to_dict(self) -> dict[str, Any]:
        """The page's JSON: the analysis contract plus the links (and the article's time)."""
        data = self.analysis.to_dict()
        data["document"]["time"] = self.time
        for source in data["sources"]:
            source["page"] = self.source_pages[source["id"]]
        data["claims"] = [{**c, **self.claim_links[c["id"]]} for c in data["claims"]]
        return {"page": "article", "article_id": self.article_id, "analysis": data}


def article(store: Store, article_id: str) -> ArticlePage | None:
    """The stored analysis of one article, each source linked to its page and each claim
    to its cluster (with how many articles the cluster spans)."""
    with _reading(store) as tx:
        return _article(tx, article_id)


def _article(tx: Tx, article_id: str) -> ArticlePage | None:
    found = q.article_row(tx, article_id)
    if found is None:
        return None
    analysis = analysis_of(tx, found)
    clusters = {r["id"]: (r["uid"], r["canonical_id"])
                for r in q.article_claim_ids(tx, article_id)}
    sizes = q.cluster_sizes(tx, (cid for _, cid in clusters.values() if cid))
    links: dict[str, dict[str, Any]] = {}
    for claim_id, (uid, canonical_id) in clusters.items():
        cid = canonical_id or uid
        links[claim_id] = {"uid": uid, "canonical_id": canonical_id, "cluster": cid,
                           "cluster_url": cluster_url(cid), "cluster_size": sizes.get(cid, 1)}
    pages = {s.id: source_url(s.name, s.kind, article_id, s.id) for s in analysis.sources}
    return ArticlePage(article_id, found.get("time"), analysis, pages, links)


# -- source ------------------------------------------------------------------------------

def _matching_rows(tx: Tx, dialect: str, key: str) -> list[dict[str, Any]]:
    if key.startswith("a:"):
        _, article_id, source_id = [*key.split(":", 2), "", ""][:3]
        row = q.source_row(tx, article_id, source_id)
        return [row] if row else []
    if not key.startswith("n:"):
        return []
    wanted = key[2:]
    words = wanted.split()
    if not words:
        return []
    # Candidates share the last word (a surname, an organisation's head noun) of the
    # key or of one of its alias spellings; the library's identity rules then decide:
    # "Mikhailov" ~ "Alexander Mikhailov", "Apple Computer" ~ "Apple Inc.".
    seen: set[tuple[str, str]] = set()
    out = []
    for spelling in identity_spellings(wanted):
        last = spelling.split()[-1] if spelling.split() else ""
        for r in q.source_rows_by_text(tx, dialect, last) if last else []:
            pair = (r["article_id"], r["id"])
            if pair in seen or r["kind"] not in NAMED_KINDS:
                continue
            if same_source(r["name"], r["kind"], wanted):
                seen.add(pair)
                out.append(r)
    return out


def source(store: Store, key: str, limit: int = 100) -> dict[str, Any] | None:
    """One source across the ledger: who it is, every article and claim attributed to it
    (the ``limit`` newest articles), and a timeline. ``key`` is ``source_key``'s."""
    with _reading(store) as tx:
        return _source(tx, store.dialect, key, limit)


def _source(tx: Tx, dialect: str, key: str, limit: int) -> dict[str, Any] | None:
    rows = _matching_rows(tx, dialect, key)
    if not rows:
        return None
    meta = q.articles_meta(tx, [r["article_id"] for r in rows])
    rows.sort(key=lambda r: (str(meta.get(r["article_id"], {}).get("time") or ""),
                             r["article_id"]), reverse=True)
    shown = rows[:limit]
    pairs = [(r["article_id"], r["id"]) for r in shown]
    said: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for a in q.attributions_of(tx, pairs):
        said.setdefault((a["article_id"], a["source_id"]), []).append(
            {"id": a["id"], "kind": a["kind"], "content": a["content"], "cue": a["cue"]})
    held: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in q.claims_held(tx, pairs):
        cid = c["canonical_id"] or c["uid"]
        held.setdefault((c["article_id"], c["holder"]), []).append(
            {"id": c["id"], "text": c["text"], "support": support_label(c["support"]),
             "cluster": cid, "cluster_url": cluster_url(cid)})
    appearances = []
    for r in shown:
        m = meta.get(r["article_id"], {})
        appearances.append({
            "article_id": r["article_id"], "article_url": article_url(r["article_id"]),
            "title": display_title(m.get("title"), m.get("url")),
            "outlet": m.get("outlet"), "time": m.get("time"), "published": m.get("published"),
            "source_id": r["id"], "name": r["name"], "role": r["role"],
            "affiliation": r["affiliation"],
            "attributions": said.get((r["article_id"], r["id"]), []),
            "claims": held.get((r["article_id"], r["id"]), []),
        })
    names = Counter(r["name"] for r in rows)
    kinds = Counter(r["kind"] for r in rows)
    roles = Counter(r["role"] for r in rows if r["role"])
    affiliations = Counter(r["affiliation"] for r in rows if r["affiliation"])
    reasons = Counter(r["anonymity_reason"] for r in rows if r["anonymity_reason"])
    return {
        "page": "source", "key": key, "name": names.most_common(1)[0][0],
        "kind": kinds.most_common(1)[0][0], "kinds": dict(kinds),
        "role": roles.most_common(1)[0][0] if roles else None, "roles": dict(roles),
        "affiliation": affiliations.most_common(1)[0][0] if affiliations else None,
        "affiliations": dict(affiliations), "anonymity_reasons": dict(reasons),
        "aliases": sorted(names), "articles": len({r["article_id"] for r in rows}),
        "outlets": dict(Counter(str(meta.get(r["article_id"], {}).get("outlet") or "")
                                for r in rows)),
        "attributions": sum(len(a["attributions"]) for a in appearances),
        "shown": len(appearances), "appearances": appearances,
    }


# -- search ------------------------------------------------------------------------------

SEARCH_HITS = 500  # full-text hits read per section (``capped``): totals stop there


def search(store: Store, text: str, *, outlet: str | None = None,
           since: str | None = None, until: str | None = None, kind: str | None = None,
           support: str | None = None, page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """Claims, quotes (attributions) and sources matching ``text`` and the filters, each
    section paged alike (``page``, ``per_page``) with its total; each source once (its
    appearances counted), so a much-quoted name does not fill the list."""
    with _reading(store) as tx:
        return _search(tx, store.dialect, text, outlet=outlet, since=since, until=until,
                       kind=kind, support=support, page=page, per_page=per_page)


def search_choices(store: Store) -> dict[str, list[str]]:
    """The search form's choices: the outlets, and the parts of the support labels in
    use ("single named person", "hedged", ...)."""
    with _reading(store) as tx:
        return {"outlets": q.outlets(tx), "supports": support_parts(q.support_labels(tx))}


def _search(tx: Tx, dialect: str, text: str, *, outlet: str | None, since: str | None,
            until: str | None, kind: str | None, support: str | None, page: int,
            per_page: int) -> dict[str, Any]:
    text = text.strip()
    filters = {"outlet": outlet, "since": since, "until": until}
    claim_ns = q.fts_rows(tx, dialect, "claims", text, SEARCH_HITS) if text else None
    claims = q.search_claims(tx, claim_ns, **filters, limit=SEARCH_HITS)
    quote_ns = q.fts_rows(tx, dialect, "attributions", text, SEARCH_HITS) if text else []
    source_ns = q.fts_rows(tx, dialect, "sources", text, SEARCH_HITS) if text else []
    quotes = q.search_attributions(tx, quote_ns, **filters)
    sources = q.search_sources(tx, source_ns, **filters)
    if kind:
        claims = [c for c in claims if c["holder_kind"] == kind
                  or (kind == "outlet" and not c["holder"])]
        quotes = [a for a in quotes if a["source_kind"] == kind]
        sources = [s for s in sources if s["kind"] == kind]
    if support:
        claims = [c for c in claims if support_matches(support_label(c["support"]), support)]
    for s in sources:  # every row: the page URL is what folds one source's rows together
        s["url"] = source_url(s["name"], s["kind"], s["article_id"], s["id"])
    start = (page - 1) * per_page
    sections = {"claims": _ordered(claims, claim_ns),
                "quotes": _ordered(quotes, quote_ns),
                "sources": _distinct_sources(_ordered(sources, source_ns))}
    totals = {name: len(rows) for name, rows in sections.items()}
    shown = {name: rows[start:start + per_page] for name, rows in sections.items()}
    # Links and labels only for the rows on this page.
    for c in shown["claims"]:
        c["support"] = support_label(c["support"])
        c["cluster_url"] = cluster_url(c["canonical_id"] or c["uid"])
        c["article_url"] = article_url(c["article_id"])
    for row in (*shown["quotes"], *shown["sources"]):
        row["article_url"] = article_url(row["article_id"])
    return {"query": text, "filters": {**filters, "kind": kind, "support": support},
            "total": sum(totals.values()), "totals": totals, "page": page,
            "per_page": per_page, "capped": SEARCH_HITS, **shown}


def _distinct_sources(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per source page (the best-ranked appearance), with how many appearances
    and which outlets were folded into it."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        found = out.get(r["url"])
        if found is None:
            out[r["url"]] = {**r, "appearances": 1, "outlets": [r["outlet"]] if r["outlet"]
                             else []}
        else:
            found["appearances"] += 1
            if r["outlet"] and r["outlet"] not in found["outlets"]:
                found["outlets"].append(r["outlet"])
    return list(out.values())


def _ordered(rows: list[dict[str, Any]], ranked: list[int] | None) -> list[dict[str, Any]]:
    """Rows in full-text rank order (the SQL ``IN`` list loses it)."""
    if ranked is None:
        return rows
    rank = {n: i for i, n in enumerate(ranked)}
    return sorted(rows, key=lambda r: rank.get(r["n"], len(rank)))


# -- a claim's trace ---------------------------------------------------------------------

def trace_document(store: Store, claim_id: str) -> dict[str, Any] | None:
    """The trace of the cluster of ``claim_id`` (a canonical id or an observation uid) as
    one document (``claim_trace.claim_trace``): what ``claimledger trace --format json``
    prints and the web app serves at ``/claims/ID.json``. None: no such claim."""
    with _reading(store) as tx:
        return claim_trace(tx, claim_id)
