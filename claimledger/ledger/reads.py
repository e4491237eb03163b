"""The ledger reads behind the web pages and read commands: plain SQL over a read transaction.

Each function takes an open read transaction (``store.transaction(write=False)``) and
returns plain dicts. Lookups go through the ledger's indexes (primary keys, the
``(article_id, id)`` unique keys, ``claims.canonical_id``, ``link_edges.dst`` and the
full-text indexes); whole-table aggregates are only used by the overview, which the app
caches. Tables and columns are documented in ``docs/ledger.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from claimledger.ledger.base import Row, Tx
from claimledger.ledger.schema import SEARCHABLE
from claimledger.ledger.sources import NAMED_KINDS
from claimledger.ledger.titles import display_title

IN_CHUNK = 500  # values per SQL ``IN`` list: far below either backend's parameter limit


def marks(n: int) -> str:
    """``?, ?, ?`` for an ``IN`` list of ``n`` values (n >= 1)."""
    return ", ".join("?" for _ in range(max(n, 1)))


def in_chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    """``values`` in slices of at most ``IN_CHUNK``, one ``IN`` list each."""
    for start in range(0, len(values), IN_CHUNK):
        yield values[start:start + IN_CHUNK]


def _loads(value: object, default: Any) -> Any:
    if value is None or value == "":
        return default
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


# -- the overview ------------------------------------------------------------------------

def counts(tx: Tx) -> dict[str, int]:
    row = tx.execute(
        "SELECT (SELECT count(*) FROM articles) AS articles, "
        "(SELECT count(DISTINCT outlet) FROM articles) AS outlets, "
        "(SELECT count(*) FROM sources) AS sources, "
        "(SELECT count(*) FROM attributions) AS attributions, "
        "(SELECT count(*) FROM claims) AS claims, "
        "(SELECT count(DISTINCT canonical_id) FROM claims) AS clusters, "
        "(SELECT count(*) FROM link_contradictions) AS contradictions")[0]
    return {key: int(value or 0) for key, value in row.items()}


def monthly(tx: Tx) -> list[dict[str, Any]]:
    """Articles and claims per month of publication. Articles without a known
    publication date are left out (``undated``): charting them at their ingest month
    would claim they were published then."""
    rows = tx.execute("SELECT substr(published, 1, 7) AS month, count(*) AS articles, "
                      "sum(n_claims) AS claims FROM articles WHERE published IS NOT NULL "
                      "GROUP BY substr(published, 1, 7) ORDER BY month")
    return [{"month": r["month"], "articles": int(r["articles"]),
             "claims": int(r["claims"] or 0)} for r in rows if r["month"]]


def outlet_source_mix(tx: Tx, limit: int = 12) -> list[dict[str, Any]]:
    """Source kinds per outlet for the ``limit`` outlets with the most sources."""
    rows = tx.execute("SELECT a.outlet AS outlet, s.kind AS kind, count(*) AS n "
                      "FROM sources s JOIN articles a ON a.id = s.article_id "
                      "GROUP BY a.outlet, s.kind")
    per: dict[str, dict[str, int]] = {}
    for r in rows:
        per.setdefault(r["outlet"] or "(unknown outlet)", {})[r["kind"]] = int(r["n"])
    ranked = sorted(per.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return [{"outlet": outlet, "kinds": kinds, "total": sum(kinds.values())}
            for outlet, kinds in ranked[:limit]]


def most_travelled(tx: Tx, limit: int = 10) -> list[dict[str, Any]]:
    """The clusters seen in the most articles, each with its earliest wording."""
    rows = tx.execute(
        "SELECT canonical_id, count(*) AS observations, count(DISTINCT article_id) AS "
        "articles FROM claims WHERE canonical_id IS NOT NULL GROUP BY canonical_id "
        "HAVING count(DISTINCT article_id) > 1 ORDER BY articles DESC, observations DESC, "
        "canonical_id LIMIT ?", (limit,))
    if not rows:
        return []
    ids = [r["canonical_id"] for r in rows]
    first = first_wording(tx, ids)
    origins = {r["canonical_id"]: int(r["n"]) for r in tx.execute(
        f"SELECT canonical_id, count(*) AS n FROM link_origins WHERE canonical_id IN "
        f"({marks(len(ids))}) GROUP BY canonical_id", ids)}
    return [{"id": r["canonical_id"], "observations": int(r["observations"]),
             "articles": int(r["articles"]), "origins": origins.get(r["canonical_id"], 0),
             "text": first.get(r["canonical_id"], "")} for r in rows]


def first_wording(tx: Tx, cluster_ids: Sequence[str]) -> dict[str, str]:
    """The text of each cluster's earliest observation (by article time)."""
    if not cluster_ids:
        return {}
    rows = tx.execute(
        f"SELECT c.canonical_id, c.text, a.time FROM claims c JOIN articles a "
        f"ON a.id = c.article_id WHERE c.canonical_id IN ({marks(len(cluster_ids))}) "
        "ORDER BY a.time, c.uid", list(cluster_ids))
    out: dict[str, str] = {}
    for r in rows:
        out.setdefault(r["canonical_id"], r["text"])
    return out


def most_cited_sources(tx: Tx, limit: int = 10) -> list[dict[str, Any]]:
    """Named sources in the most articles, with how many attributions they carry."""
    rows = tx.execute(
        f"SELECT s.name, s.kind, count(DISTINCT s.article_id) AS articles, "
        f"count(t.n) AS attributions FROM sources s LEFT JOIN attributions t "
        f"ON t.article_id = s.article_id AND t.source_id = s.id "
        f"WHERE s.kind IN ({marks(len(NAMED_KINDS))}) GROUP BY s.name, s.kind "
        f"ORDER BY articles DESC, attributions DESC, s.name LIMIT ?",
        [*NAMED_KINDS, limit])
    return [{"name": r["name"], "kind": r["kind"], "articles": int(r["articles"]),
             "attributions": int(r["attributions"])} for r in rows]


def support_labels(tx: Tx, limit: int = 500) -> list[str]:
    """Distinct support labels in use (the search filter's choices)."""
    rows = tx.execute("SELECT DISTINCT support FROM claims WHERE support IS NOT NULL LIMIT ?",
                      (limit,))
    out = []
    for r in rows:
        value = _loads(r["support"], None)
        label = value.get("label") if isinstance(value, dict) else value
        if isinstance(label, str):
            out.append(label)
    return out


def undated(tx: Tx) -> int:
    """How many articles have no known publication date."""
    return int(tx.execute("SELECT count(*) AS n FROM articles WHERE published IS NULL")[0]["n"])


def recent_articles(tx: Tx, limit: int = 12) -> list[Row]:
    """The newest articles by time (the ``articles_time`` index), each with its display
    title (never a path) and its publication date (None when unknown)."""
    rows = tx.execute("SELECT id, title, url, substr(text, 1, 200) AS head, outlet, time, "
                      "published, first_ingested, n_attributions, n_claims FROM articles "
                      "ORDER BY time DESC, id LIMIT ?", (limit,))
    for r in rows:
        r["title"] = display_title(r["title"], r["url"], r.pop("head"))
    return rows


def outlets(tx: Tx) -> list[str]:
    return [r["outlet"] for r in tx.execute(
        "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]


# -- one article (its records come from ``ledger.stored``) ------------------------------

def article_row(tx: Tx, article_id: str) -> Row | None:
    """The ``articles`` row of one article (publication), every column."""
    rows = tx.execute("SELECT * FROM articles WHERE id = ?", (article_id,))
    return rows[0] if rows else None


def article_claim_ids(tx: Tx, article_id: str) -> list[Row]:
    """Each claim of one article: its local ``id``, its ``uid`` and its cluster
    (``canonical_id``, None before linking)."""
    return tx.execute("SELECT id, uid, canonical_id FROM claims WHERE article_id = ? "
                      "ORDER BY n", (article_id,))


def cluster_sizes(tx: Tx, cluster_ids: Iterable[str]) -> dict[str, int]:
    """How many distinct articles each cluster was seen in."""
    ids = sorted(set(cluster_ids))
    if not ids:
        return {}
    return {r["canonical_id"]: int(r["n"]) for r in tx.execute(
        f"SELECT canonical_id, count(DISTINCT article_id) AS n FROM claims "
        f"WHERE canonical_id IN ({marks(len(ids))}) GROUP BY canonical_id", ids)}


# -- sources across articles -------------------------------------------------------------

def source_rows_by_text(tx: Tx, dialect: str, words: str,
                        limit: int = 2000) -> list[Row]:
    """Source rows whose name, role or affiliation contain every word (full-text index),
    newest rows first; the caller keeps those whose normalised name matches."""
    match = fts_match(words)
    if not match:
        return []
    if dialect == "sqlite":
        sql = ("SELECT s.* FROM sources s WHERE s.n IN (SELECT rowid FROM sources_fts "
               "WHERE sources_fts MATCH ? ORDER BY rowid DESC LIMIT ?)")
        params: list[Any] = [match, limit]
    else:
        sql = ("SELECT s.* FROM sources s WHERE s.tsv @@ plainto_tsquery('english', ?) "
               "ORDER BY s.n DESC LIMIT ?")
        params = [words, limit]
    return [{k: v for k, v in r.items() if k != "tsv"} for r in tx.execute(sql, params)]


def fts_match(text: str) -> str:
    """An FTS5 query that requires every word of ``text``, each quoted so that the user's
    punctuation is never query syntax."""
    import re

    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def source_row(tx: Tx, article_id: str, source_id: str) -> Row | None:
    rows = tx.execute("SELECT * FROM sources WHERE article_id = ? AND id = ?",
                      (article_id, source_id))
    return rows[0] if rows else None


def articles_meta(tx: Tx, article_ids: Sequence[str]) -> dict[str, Row]:
    """id -> (id, title, outlet, published, time, url) for the given articles."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    return {r["id"]: r for r in tx.execute(
        f"SELECT id, title, outlet, published, time, url, path FROM articles "
        f"WHERE id IN ({marks(len(ids))})", ids)}


def rows_of_pairs(tx: Tx, table: str, columns: str, local: str,
                  pairs: Sequence[tuple[str, str]], order: str = "") -> list[Row]:
    """The rows of ``table`` (``columns``) whose (``article_id``, ``local``) is one of
    ``pairs``. Both keys narrow the read (the ``(article_id, id)`` unique keys): a
    cluster of hundreds of copies would otherwise read every row of every article; the
    exact pairs are then kept."""
    ids = sorted({a for a, _ in pairs})
    if not ids:
        return []
    wanted = set(pairs)
    locals_ = sorted({value for _, value in pairs})
    rows = tx.execute(f"SELECT {columns} FROM {table} WHERE article_id IN "
                      f"({marks(len(ids))}) AND {local} IN ({marks(len(locals_))}){order}",
                      [*ids, *locals_])
    return [r for r in rows if (r["article_id"], r[local]) in wanted]


def attributions_of(tx: Tx, pairs: Sequence[tuple[str, str]]) -> list[Row]:
    """Attributions of the given (article_id, source_id) pairs."""
    return rows_of_pairs(tx, "attributions", "article_id, id, kind, content, cue, source_id",
                         "source_id", pairs, " ORDER BY n")


def claims_held(tx: Tx, pairs: Sequence[tuple[str, str]]) -> list[Row]:
    """Claims whose holder is one of the given (article_id, source_id) pairs."""
    return rows_of_pairs(tx, "claims", "uid, article_id, id, text, holder, support, "
                         "canonical_id", "holder", pairs, " ORDER BY n")


# -- a claim cluster ---------------------------------------------------------------------

def cluster_observations(tx: Tx, cluster_id: str, limit: int = 500) -> list[Row]:
    """The observations of a cluster, earliest first, with their article's outlet and time.

    An observation's uid gives its whole cluster (as ``claimledger trace`` does), or that
    observation on its own when linking has not run or left it alone.
    """
    select = ("SELECT c.uid, c.article_id, c.id, c.text, c.holder, c.attribution, c.support, "
              "c.quantity_ids, c.canonical_id, a.outlet, a.title, a.time, a.published "
              "FROM claims c JOIN articles a ON a.id = c.article_id ")
    rows = tx.execute(select + "WHERE c.canonical_id = ? ORDER BY a.time, c.uid LIMIT ?",
                      (cluster_id, limit))
    if not rows:
        rows = tx.execute(select + "WHERE c.uid = ?", (cluster_id,))
        # An observation's uid stands for its whole cluster, as in `claimledger trace`.
        if rows and rows[0]["canonical_id"] and rows[0]["canonical_id"] != cluster_id:
            rows = tx.execute(select + "WHERE c.canonical_id = ? ORDER BY a.time, c.uid "
                              "LIMIT ?", (rows[0]["canonical_id"], limit))
    return rows


def holders(tx: Tx, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Row]:
    """(article_id, source_id) -> the source row, for the pairs given."""
    rows = rows_of_pairs(tx, "sources", "article_id, id, name, kind, role, affiliation",
                         "id", pairs)
    return {(r["article_id"], r["id"]): r for r in rows}


def quantities_of(tx: Tx, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Row]:
    """(article_id, quantity id) -> the quantity row, for the pairs given."""
    rows = rows_of_pairs(tx, "quantities", "article_id, id, text, value, low, high, unit, "
                         "kind, approximate", "id", pairs)
    return {(r["article_id"], r["id"]): r for r in rows}


def edges_from(tx: Tx, uids: Sequence[str]) -> list[Row]:
    if not uids:
        return []
    return tx.execute(f"SELECT src, dst, kind, reason FROM link_edges WHERE src IN "
                      f"({marks(len(uids))}) ORDER BY src, dst, kind", list(uids))


def origins(tx: Tx, cluster_id: str) -> list[Row]:
    rows = tx.execute("SELECT * FROM link_origins "
                      "WHERE canonical_id = ? ORDER BY seq", (cluster_id,))
    return [{**r, "anonymous": bool(r["anonymous"]),
             "observations": _loads(r["observations"], [])} for r in rows]


def contradictions(tx: Tx, uids: Sequence[str]) -> list[Row]:
    if not uids:
        return []
    m = marks(len(uids))
    return tx.execute(f"SELECT a, b, reason FROM link_contradictions WHERE a IN ({m}) "
                      f"OR b IN ({m}) ORDER BY a, b", [*uids, *uids])


def member_links(tx: Tx, uids: Sequence[str]) -> list[Row]:
    """Why each of ``uids`` is a member of its cluster (``link_reasons``)."""
    if not uids:
        return []
    return tx.execute(f"SELECT uid, partner, reason FROM link_reasons WHERE uid IN "
                      f"({marks(len(uids))}) ORDER BY uid", list(uids))


# -- search ------------------------------------------------------------------------------

RANK_WINDOW = 2000  # newest matches ranked by relevance per search (at least 4 x limit)


def fts_rows(tx: Tx, dialect: str, table: str, text: str,
             limit: int | None = None) -> list[int]:
    """Row numbers of ``table`` matching every word of ``text``, best first: SQLite's
    FTS5 table ``<table>_fts``, PostgreSQL's ``tsv`` column. With ``limit``, the best
    ``limit`` of the newest ``RANK_WINDOW`` matches (all of them when there are fewer):
    ranking every match of a common word costs ~70 ms per 20,000 matches on a large
    ledger, and the newest window keeps a page's search under ~10 ms of ranking whatever
    the word. Without ``limit`` (a filter, not a page), every match, all ranked."""
    if table not in dict(SEARCHABLE):
        raise ValueError(f"{table} has no full-text index")
    if dialect == "sqlite":
        match = fts_match(text)
        if not match:
            return []
        if limit is None:
            rows = tx.execute(f"SELECT rowid AS n FROM {table}_fts WHERE {table}_fts MATCH ? "
                              "ORDER BY rank", [match])
        else:
            window = max(RANK_WINDOW, 4 * limit)
            rows = tx.execute(f"SELECT n FROM (SELECT rowid AS n, rank AS r FROM {table}_fts "
                              f"WHERE {table}_fts MATCH ? ORDER BY rowid DESC LIMIT ?) "
                              "ORDER BY r, n DESC LIMIT ?", (match, window, limit))
    else:
        if not text.strip():
            return []
        if limit is None:
            rows = tx.execute(f"SELECT n FROM {table}, plainto_tsquery('english', ?) AS q "
                              "WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, n", [text])
        else:
            window = max(RANK_WINDOW, 4 * limit)
            rows = tx.execute(f"SELECT t.n FROM {table} t JOIN (SELECT n FROM {table} WHERE "
                              "tsv @@ plainto_tsquery('english', ?) ORDER BY n DESC LIMIT ?) "
                              "w ON w.n = t.n, plainto_tsquery('english', ?) AS q "
                              "ORDER BY ts_rank(t.tsv, q) DESC, t.n DESC LIMIT ?",
                              (text, window, text, limit))
    return [int(r["n"]) for r in rows]
    return [int(r["n"]) for r in rows]


def _filters(outlet: str | None, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    sql, params = "", []
    if outlet:
        sql += " AND a.outlet = ?"
        params.append(outlet)
    if since:
        sql += " AND a.time >= ?"
        params.append(since)
    if until:
        # An ISO date bound includes the whole day: "2008-03-06" covers 2008-03-06T23:59.
        sql += " AND a.time <= ?"
        params.append(until + "\uffff")
    return sql, params


def _hits(tx: Tx, select: str, alias: str, ns: Sequence[int], outlet: str | None,
          since: str | None, until: str | None) -> list[Row]:
    """The rows ``select`` reads (its table as ``alias``, joined to ``articles a``) among
    the row numbers ``ns`` (full-text hits), passing the outlet and date filters."""
    if not ns:
        return []
    where, params = _filters(outlet, since, until)
    return tx.execute(select + f" WHERE {alias}.n IN ({marks(len(ns))})" + where,
                      [*ns, *params])


_CLAIM_HITS = (
    "SELECT c.n, c.uid, c.article_id, c.id, c.text, c.holder, c.support, c.canonical_id, "
    "a.outlet, a.title, a.time, s.name AS holder_name, s.kind AS holder_kind FROM claims c "
    "JOIN articles a ON a.id = c.article_id "
    "LEFT JOIN sources s ON s.article_id = c.article_id AND s.id = c.holder")


def search_claims(tx: Tx, ns: Sequence[int] | None, *, outlet: str | None = None,
                  since: str | None = None, until: str | None = None,
                  limit: int = 50) -> list[Row]:
    """Claims among row numbers ``ns`` (or the newest, when None) passing the filters,
    with the holder's name and kind."""
    if ns is not None:
        return _hits(tx, _CLAIM_HITS, "c", ns, outlet, since, until)
    where, params = _filters(outlet, since, until)
    return tx.execute(_CLAIM_HITS + " WHERE 1 = 1" + where + " ORDER BY a.time DESC, c.n "
                      "LIMIT ?", [*params, limit])


def search_attributions(tx: Tx, ns: Sequence[int], *, outlet: str | None = None,
                        since: str | None = None, until: str | None = None) -> list[Row]:
    """Attributions (quotes) among row numbers ``ns`` passing the filters, with their
    source's name and kind."""
    return _hits(tx, "SELECT t.n, t.article_id, t.id, t.kind, t.content, t.source_id, "
                 "a.outlet, a.title, a.time, s.name AS source_name, s.kind AS source_kind "
                 "FROM attributions t JOIN articles a ON a.id = t.article_id LEFT JOIN "
                 "sources s ON s.article_id = t.article_id AND s.id = t.source_id", "t",
                 ns, outlet, since, until)


def search_sources(tx: Tx, ns: Sequence[int], *, outlet: str | None = None,
                   since: str | None = None, until: str | None = None) -> list[Row]:
    """Sources among row numbers ``ns`` passing the filters, with their article's
    outlet, title and time."""
    return _hits(tx, "SELECT s.n, s.article_id, s.id, s.name, s.kind, s.role, "
                 "s.affiliation, a.outlet, a.title, a.time FROM sources s "
                 "JOIN articles a ON a.id = s.article_id", "s", ns, outlet, since, until)


# -- whether anything changed (web caches) -------------------------------------------------

def ledger_state(tx: Tx) -> tuple[Any, ...]:
    """A fingerprint of the ledger's content: the generation every change to the
    observations bumps, the generation the stored linking run was computed from, and that
    run's id and end (a linking run rewrites clusters without bumping the generation).
    Equal fingerprints: the whole-ledger groupings computed from one still hold."""
    state = tx.execute("SELECT generation, linked_generation FROM ledger_state WHERE id = 1")
    run = tx.execute("SELECT id, finished_at FROM link_runs ORDER BY finished_at DESC, id "
                     "LIMIT 1")
    return (*(tuple(state[0].values()) if state else ()),
            *(tuple(run[0].values()) if run else ()))
