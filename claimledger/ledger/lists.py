"""Browse lists over the ledger: claims, articles, sources and outlets, sorted and paged.

Each list function returns a ``ListPage`` of plain records (``{"total", "page",
"per_page", "items"}``); the web app adds links and renders them, and any shell can print
them. The claim and source lists work over the summaries of ``list_claims`` and
``list_sources`` (whole-ledger groupings a caller may cache between writes); articles
and outlets are sorted and paged in SQL, through the ``articles`` indexes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from claimledger.ledger.query import ClusterSummary
from claimledger.ledger.reads import marks
from claimledger.ledger.sources import SourceGroup, source_identity
from claimledger.ledger.store import Store, sql_access
from claimledger.ledger.titles import display_title

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
ANONYMOUS_KINDS: tuple[str, ...] = ("anonymous", "official_unnamed", "unnamed_group")


@dataclass(frozen=True, slots=True)
class Paging:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def of(cls, page: int | None, per_page: int | None) -> Paging:
        """Clamped to sane values: page >= 1, 1 <= per_page <= ``MAX_PER_PAGE``."""
        return cls(max(page or 1, 1), min(max(per_page or DEFAULT_PER_PAGE, 1), MAX_PER_PAGE))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True, slots=True)
class Filters:
    """Narrowing shared by the lists (and search): words, outlet, date range, kind."""

    q: str | None = None
    outlet: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive (the whole day)
    kind: str | None = None

    def in_range(self, day: str | None) -> bool:
        if not self.since and not self.until:
            return True
        if not day:
            return False  # an unknown date is in no range
        return (not self.since or day >= self.since) and \
            (not self.until or day <= self.until + "\uffff")


@dataclass(frozen=True, slots=True)
class ListPage:
    total: int
    page: int
    per_page: int
    items: list[dict[str, Any]]
    sort: str
    order: str

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "page": self.page, "per_page": self.per_page,
                "sort": self.sort, "order": self.order, "items": self.items}


def _page_of(items: list[dict[str, Any]], paging: Paging, sort: str, order: str) -> ListPage:
    shown = items[paging.offset:paging.offset + paging.per_page]
    return ListPage(len(items), paging.page, paging.per_page, shown, sort, order)


def _sorted(items: list[dict[str, Any]], sorts: dict[str, tuple[Callable[[dict[str, Any]],
            Any], str]], sort: str, order: str | None) -> tuple[list[dict[str, Any]], str, str]:
    """``items`` by the named sort key; ``order`` asc/desc, else the key's natural one.
    Ties keep the incoming order (the list's default ranking)."""
    if sort not in sorts:
        sort = next(iter(sorts))
    key, natural = sorts[sort]
    order = order if order in ("asc", "desc") else natural
    return sorted(items, key=key, reverse=order == "desc"), sort, order


# -- claims ------------------------------------------------------------------------------

CLAIM_SORTS: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "outlets": (lambda c: c["outlets"], "desc"),
    "independent_origins": (lambda c: c["independent_origins"] or 0, "desc"),
    "first_seen": (lambda c: c["first_seen"] or "", "asc"),
    "contradictions": (lambda c: c["contradictions"], "desc"),
    "observations": (lambda c: c["observations"], "desc"),
}


def claim_record(summary: ClusterSummary) -> dict[str, Any]:
    """A claim list item: the cluster summary, with ``independent_origins`` named as the
    trace names it (None: not linked yet)."""
    return {**summary.to_dict(), "id": summary.canonical_id,
            "independent_origins": summary.origins}


def clusters_where(store: Store, filters: Filters) -> set[str] | None:
    """Cluster ids with an observation matching the text, outlet and kind filters (None
    when none of those is set). Dates are checked on the summaries' ``first_seen``."""
    db = sql_access(store)
    from claimledger.ledger.query import OUTLET_VOICE

    wanted: set[str] | None = None

    def narrow(found: Iterable[str]) -> None:
        nonlocal wanted
        found = set(found)
        wanted = found if wanted is None else wanted & found

    cluster = "coalesce(c.canonical_id, c.uid) AS cluster"
    if filters.q:
        narrow(r["cluster"] for r in db.query(*_clusters_matching(db.dialect, filters.q)))
    if filters.outlet:
        narrow(r["cluster"] for r in db.query(
            f"SELECT DISTINCT {cluster} FROM articles a JOIN claims c ON c.article_id = a.id "
            "WHERE a.outlet = ?", (filters.outlet,)))
    if filters.kind == OUTLET_VOICE:
        narrow(r["cluster"] for r in db.query(
            f"SELECT DISTINCT {cluster} FROM claims c WHERE c.holder IS NULL"))
    elif filters.kind:
        narrow(r["cluster"] for r in db.query(
            f"SELECT DISTINCT {cluster} FROM sources s JOIN claims c ON "
            "c.article_id = s.article_id AND c.holder = s.id WHERE s.kind = ?",
            (filters.kind,)))
    return wanted


def _clusters_matching(dialect: str, text: str) -> tuple[str, list[Any]]:
    """The statement listing the clusters with an observation matching every word of
    ``text`` (full-text index), all of them: unranked, as a filter needs no order."""
    from claimledger.ledger.reads import fts_match

    if dialect == "sqlite":
        match = fts_match(text) or '""'
        return ("SELECT DISTINCT coalesce(canonical_id, uid) AS cluster FROM claims WHERE n IN "
                "(SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)", [match])
    return ("SELECT DISTINCT coalesce(canonical_id, uid) AS cluster FROM claims "
            "WHERE tsv @@ plainto_tsquery('english', ?)", [text])


def claim_list(store: Store, summaries: Sequence[ClusterSummary], *, filters: Filters,
               sort: str = "outlets", order: str | None = None,
               paging: Paging = Paging()) -> ListPage:
    """Claim clusters (from ``list_claims``'s summaries) filtered, sorted and paged."""
    wanted = clusters_where(store, filters)
    items = [claim_record(s) for s in summaries
             if (wanted is None or s.canonical_id in wanted) and filters.in_range(s.first_seen)]
    items, sort, order = _sorted(items, CLAIM_SORTS, sort, order)
    return _page_of(items, paging, sort, order)


# -- articles ----------------------------------------------------------------------------

ARTICLE_SORTS: dict[str, tuple[str, str]] = {
    "time": ("time", "desc"),
    "claims": ("n_claims", "desc"),
    "attributions": ("n_attributions", "desc"),
    "sources": ("n_sources", "desc"),
    "outlet": ("outlet", "asc"),
}


def article_list(store: Store, *, filters: Filters, sort: str = "time",
                 order: str | None = None, paging: Paging = Paging()) -> ListPage:
    """Articles, newest first by default; ``q`` matches words of the title or URL."""
    db = sql_access(store)
    where, params = ["1 = 1"], []
    if filters.q:
        for word in filters.q.split()[:8]:
            where.append("(lower(coalesce(title, '')) LIKE ? OR lower(coalesce(url, '')) "
                         "LIKE ?)")
            pattern = "%" + word.lower().replace("%", "").replace("_", "") + "%"
            params += [pattern, pattern]
    if filters.outlet:
        where.append("outlet = ?")
        params.append(filters.outlet)
    if filters.since:
        where.append("published >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("published <= ?")
        params.append(filters.until + "\uffff")
    if sort not in ARTICLE_SORTS:
        sort = "time"
    column, natural = ARTICLE_SORTS[sort]
    order = order if order in ("asc", "desc") else natural
    sql_where = " AND ".join(where)
    total = int(db.query(f"SELECT count(*) AS n FROM articles WHERE {sql_where}",
                         params)[0]["n"])
    # The page's ids first (an index walk over the sort column), then only their rows:
    # an OFFSET over the full rows would read every skipped article's text.
    ordering = f"ORDER BY {column} {order.upper()}, id"
    rows = db.query(
        "SELECT id, title, url, substr(text, 1, 200) AS head, outlet, published, "
        "first_ingested, time, n_attributions, n_sources, n_claims FROM articles "
        f"WHERE id IN (SELECT id FROM articles WHERE {sql_where} {ordering} LIMIT ? OFFSET ?) "
        + ordering, [*params, paging.per_page, paging.offset])
    for r in rows:
        r["title"] = display_title(r["title"], r["url"], r.pop("head"))
    return ListPage(total, paging.page, paging.per_page, rows, sort, order)


# -- sources -----------------------------------------------------------------------------

SOURCE_SORTS: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "articles": (lambda s: s["articles"], "desc"),
    "claims": (lambda s: s["claims"], "desc"),
    "outlets": (lambda s: s["outlets"], "desc"),
    "name": (lambda s: s["name"].casefold(), "asc"),
}


def source_record(group: SourceGroup) -> dict[str, Any]:
    """A source list item: the group, with its ``identity`` (the key of its
    cross-article page; empty for a kind that has none)."""
    return {**group.to_dict(), "identity": source_identity(group.name, group.kind)}


def source_list(groups: Sequence[SourceGroup], *, filters: Filters, sort: str = "articles",
                order: str | None = None, paging: Paging = Paging()) -> ListPage:
    """Sources grouped across articles (``list_sources``), filtered by words of any of
    their spellings and by kind, sorted and paged. Each item carries its ``identity``
    (the key of its cross-article page)."""
    words = [w.casefold() for w in (filters.q or "").split()]
    items = []
    for g in groups:
        if filters.kind and g.kind != filters.kind:
            continue
        spelled = " ".join(g.names).casefold()
        if not all(w in spelled for w in words):
            continue
        items.append(source_record(g))
    items, sort, order = _sorted(items, SOURCE_SORTS, sort, order)
    return _page_of(items, paging, sort, order)


# -- outlets -----------------------------------------------------------------------------

OUTLET_SORTS: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "articles": (lambda o: o["articles"], "desc"),
    "claims": (lambda o: o["claims"], "desc"),
    "anonymous_share": (lambda o: o["anonymous_share"], "desc"),
    "last_published": (lambda o: o["last_published"] or "", "desc"),
    "name": (lambda o: (o["name"] or "").casefold(), "asc"),
}


def outlet_summaries(store: Store) -> list[dict[str, Any]]:
    """Every outlet with its article, claim and source counts, its known publication
    range and the share of its sources that are anonymous or unnamed."""
    db = sql_access(store)
    rows = db.query(
        "SELECT outlet, count(*) AS articles, sum(n_claims) AS claims, "
        "sum(n_attributions) AS attributions, sum(n_sources) AS sources, "
        "min(published) AS first_published, max(published) AS last_published, "
        "sum(CASE WHEN published IS NULL THEN 1 ELSE 0 END) AS undated "
        "FROM articles GROUP BY outlet")
    anonymous = {r["outlet"]: int(r["n"]) for r in db.query(
        "SELECT a.outlet, count(*) AS n FROM sources s JOIN articles a "
        f"ON a.id = s.article_id WHERE s.kind IN ({marks(len(ANONYMOUS_KINDS))}) "
        "GROUP BY a.outlet", ANONYMOUS_KINDS)}
    out = []
    for r in rows:
        sources = int(r["sources"] or 0)
        anon = anonymous.get(r["outlet"], 0)
        out.append({"name": r["outlet"], "articles": int(r["articles"]),
                    "claims": int(r["claims"] or 0),
                    "attributions": int(r["attributions"] or 0), "sources": sources,
                    "anonymous_sources": anon,
                    "anonymous_share": round(anon / sources, 3) if sources else 0.0,
                    "first_published": r["first_published"],
                    "last_published": r["last_published"], "undated": int(r["undated"])})
    out.sort(key=lambda o: (-o["articles"], (o["name"] or "").casefold()))
    return out


def outlet_list(summaries: Sequence[dict[str, Any]], *, filters: Filters,
                sort: str = "articles", order: str | None = None,
                paging: Paging = Paging()) -> ListPage:
    words = [w.casefold() for w in (filters.q or "").split()]
    items = [dict(o) for o in summaries
             if all(w in (o["name"] or "").casefold() for w in words)]
    items, sort, order = _sorted(items, OUTLET_SORTS, sort, order)
    return _page_of(items, paging, sort, order)


def outlet_profile(store: Store, name: str) -> list[dict[str, Any]]:
    """The outlet's sourcing by month of publication: source kinds counted per month
    (articles without a known date are left out)."""
    db = sql_access(store)
    rows = db.query(
        "SELECT substr(a.published, 1, 7) AS month, s.kind AS kind, count(*) AS n "
        "FROM articles a JOIN sources s ON s.article_id = a.id "
        "WHERE a.outlet = ? AND a.published IS NOT NULL GROUP BY 1, 2 ORDER BY 1", (name,))
    months: dict[str, Counter[str]] = {}
    for r in rows:
        months.setdefault(r["month"], Counter())[r["kind"]] += int(r["n"])
    return [{"month": month, "kinds": dict(kinds), "total": sum(kinds.values())}
            for month, kinds in months.items()]


def outlet_claims(store: Store, name: str, summaries: Sequence[ClusterSummary],
                  limit: int = 25) -> dict[str, Any]:
    """The claims this outlet carried that other outlets carried too, split into those
    it carried first (its article is the cluster's earliest) and those it repeated."""
    db = sql_access(store)
    carried = {r["cluster"] for r in db.query(
        "SELECT DISTINCT coalesce(c.canonical_id, c.uid) AS cluster FROM articles a "
        "JOIN claims c ON c.article_id = a.id WHERE a.outlet = ?", (name,))}
    shared = [s for s in summaries if s.canonical_id in carried and s.outlets > 1]
    first = [claim_record(s) for s in shared if s.first_outlet == name]
    repeated = [claim_record(s) for s in shared if s.first_outlet != name]
    return {"carried": len(carried), "shared": len(shared),
            "first_count": len(first), "repeated_count": len(repeated),
            "first": first[:limit], "repeated": repeated[:limit]}
