"""Linking observations from the Parquet tables of ``spark analyze``, and their
distinct texts, as RDDs (``observation_rdd``, ``text_groups``).

The Parquet twin of ``claimledger.ledger.links.observations`` (which reads them from a
SQL ledger): each claim joined with its article (outlet, time), its holder source and
its quantities, in the order of ``quantity_ids``. Both build each observation with
``claimledger.ledger.links.observation_of``, so ``spark link`` and ``claimledger link``
see identical observations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from claimledger.ledger.links import observation_of, quantity_value
from claimledger.linking.observation import Observation, Thresholds

Row = Mapping[str, Any]


def article_observations(articles: Iterable[Row], claims: Iterable[Row],
                         sources: Iterable[Row], quantities: Iterable[Row]
                         ) -> list[tuple[int, Observation]]:
    """``(n, Observation)`` for each claim of one article (none when the article is
    missing, as the ledger's inner join would give)."""
    article = next(iter(articles), None)
    if article is None:
        return []
    holders = {str(s["id"]): s for s in sources}
    values = {str(q["id"]): quantity_value(q) for q in quantities}
    out: list[tuple[int, Observation]] = []
    for claim in claims:
        holder = holders.get(str(claim["holder"])) if claim["holder"] is not None else None
        out.append((int(claim["n"]), observation_of(
            claim, outlet=article["outlet"], published=article["published"],
            holder_name=None if holder is None else holder["name"],
            holder_kind=None if holder is None else holder["kind"], quantities=values)))
    return out


def _read(spark: Any, folder: str, table: str, columns: list[str], key: str) -> Any:
    frame = spark.read.parquet(str(Path(folder) / table)).select(*columns)
    parts = spark.sparkContext.defaultParallelism
    return frame.rdd.coalesce(parts).map(lambda r: (r[key], (table, r.asDict())))


def observation_rdd(spark: Any, folder: str) -> Any:
    """Every claim of the tables under ``folder`` as an ``Observation``."""
    tagged = spark.sparkContext.union([
        _read(spark, folder, "articles", ["id", "outlet", "published"], "id"),
        _read(spark, folder, "claims", ["n", "uid", "article_id", "text", "holder",
                                        "quantity_ids"], "article_id"),
        _read(spark, folder, "sources", ["article_id", "id", "name", "kind"], "article_id"),
        _read(spark, folder, "quantities", ["article_id", "id", "value", "low", "high",
                                            "unit", "kind"], "article_id"),
    ])

    def of_article(rows: Iterable[tuple[str, dict[str, Any]]]) -> list[Observation]:
        by_table: dict[str, list[dict[str, Any]]] = {
            "articles": [], "claims": [], "sources": [], "quantities": []}
        for table, row in rows:
            by_table[table].append(row)
        found = article_observations(by_table["articles"], sorted(
            by_table["claims"], key=lambda r: r["n"]), by_table["sources"],
            by_table["quantities"])
        return [obs for _, obs in found]

    grouped = tagged.groupByKey(spark.sparkContext.defaultParallelism)
    return grouped.flatMap(lambda kv: of_article(kv[1]))


def text_groups(observations: Any, limits: Thresholds) -> Any:
    """``(g, observations of text g)``: the groups and numbering of
    ``distinct.distinct_texts``."""
    from claimledger.linking.distinct import group_key
    from claimledger.linking.observation import time_key

    minimum = limits.min_content_words
    keyed = observations.map(lambda obs: (group_key(obs, minimum), obs))
    parts = observations.getNumPartitions()
    groups = keyed.groupByKey(parts).map(lambda kv: sorted(kv[1], key=time_key))
    ordered = groups.sortBy(lambda members: time_key(members[0]), numPartitions=parts)
    return ordered.zipWithIndex().map(lambda p: (p[1], p[0]))
