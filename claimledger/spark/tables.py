"""The Parquet tables of the Spark jobs: one per ledger table, with explicit schemas.

Column names and order are those of the ledger's tables (``claimledger.ledger.schema``),
so ``claimledger load`` and any Parquet reader see the ledger's own layout; a test
compares them with a freshly migrated SQLite ledger. One difference in meaning: ``n``
(the row number of ``sources``, ``attributions`` and ``claims``) is, in Parquet, a sparse
sort key ``(file << 43) | (record << 16) | position`` giving the order in which ingest
would have stored the rows; the database renumbers them densely on load, in that order.

``claim_clusters`` has no ledger table of its own: it is the ``(uid, canonical_id)`` pair
of ``claims`` that ``spark link`` computes.
"""

from __future__ import annotations

from typing import Any, Literal

from claimledger.ledger.rows import Row

ColumnType = Literal["string", "long", "double"]
Column = tuple[str, ColumnType, bool]  # name, type, nullable

_S: ColumnType = "string"
_L: ColumnType = "long"
_D: ColumnType = "double"

# What ``spark analyze`` writes.
ANALYSIS_TABLES: dict[str, tuple[Column, ...]] = {
    "articles": (
        ("id", _S, False), ("url", _S, True), ("path", _S, True), ("title", _S, True),
        ("outlet", _S, True), ("published", _S, True), ("first_ingested", _S, False),
        ("time", _S, False), ("authors", _S, False), ("language", _S, True),
        ("encoding", _S, True), ("text", _S, False), ("schema", _S, True),
        ("profile", _S, True), ("n_attributions", _L, False), ("n_sources", _L, False),
        ("n_claims", _L, False), ("n_quantities", _L, False), ("n_entities", _L, False),
        ("n_flags", _L, False), ("text_id", _S, False), ("analyser", _S, True),
    ),
    "inputs_done": (("key", _S, False), ("article_id", _S, False), ("done_at", _S, False)),
    "errors": (
        ("key", _S, False), ("name", _S, False), ("reason", _S, False), ("record", _S, True),
        ("first_seen", _S, False), ("time", _S, False), ("attempts", _L, False),
        ("resolved_at", _S, True),
    ),
    "sources": (
        ("n", _L, False), ("article_id", _S, False), ("id", _S, False), ("name", _S, False),
        ("kind", _S, False), ("role", _S, True), ("affiliation", _S, True),
        ("anonymity_reason", _S, True), ("mentions", _S, False), ("members", _S, False),
    ),
    "attributions": (
        ("n", _L, False), ("article_id", _S, False), ("id", _S, False), ("kind", _S, False),
        ("content", _S, False), ("content_start", _L, False), ("content_end", _L, False),
        ("cue", _S, True), ("cue_start", _L, True), ("cue_end", _L, True),
        ("speaker", _S, True), ("speaker_start", _L, True), ("speaker_end", _L, True),
        ("source_id", _S, True),
    ),
    "claims": (
        ("n", _L, False), ("uid", _S, False), ("article_id", _S, False), ("id", _S, False),
        ("text", _S, False), ("span_start", _L, True), ("span_end", _L, True),
        ("holder", _S, True), ("attribution", _S, True), ("hedges", _S, False),
        ("quantity_ids", _S, False), ("entity_ids", _S, False), ("support", _S, True),
        ("extra", _S, False), ("canonical_id", _S, True),
    ),
    "quantities": (
        ("article_id", _S, False), ("id", _S, False), ("text", _S, True),
        ("span_start", _L, True), ("span_end", _L, True), ("value", _D, True),
        ("low", _D, True), ("high", _D, True), ("unit", _S, True), ("kind", _S, True),
        ("approximate", _L, True), ("quantified", _L, True), ("extra", _S, False),
    ),
    "entities": (
        ("article_id", _S, False), ("id", _S, False), ("name", _S, False),
        ("kind", _S, True), ("aliases", _S, False), ("mentions", _S, False),
        ("extra", _S, False),
    ),
    "flags": (
        ("article_id", _S, False), ("seq", _L, False), ("kind", _S, True),
        ("text", _S, True), ("data", _S, False),
    ),
}

# What ``spark link`` writes.
LINK_TABLES: dict[str, tuple[Column, ...]] = {
    "claim_clusters": (("uid", _S, False), ("canonical_id", _S, False)),
    "link_edges": (("src", _S, False), ("dst", _S, False), ("kind", _S, False),
                   ("reason", _S, True)),
    "link_origins": (
        ("canonical_id", _S, False), ("seq", _L, False), ("key", _S, True),
        ("name", _S, True), ("kind", _S, True), ("anonymous", _L, False),
        ("observations", _S, False), ("reason", _S, True),
    ),
    "link_contradictions": (("a", _S, False), ("b", _S, False), ("reason", _S, True)),
    "link_reasons": (("uid", _S, False), ("partner", _S, False), ("reason", _S, False)),
    "link_runs": (("id", _S, False), ("finished_at", _S, False),
                  ("observations", _L, False), ("clusters", _L, False)),
}

TABLES: dict[str, tuple[Column, ...]] = {**ANALYSIS_TABLES, **LINK_TABLES}

# Columns the Spark job fills that ``ArticleRows`` does not carry (the database's own).
DATABASE_COLUMNS = frozenset({"n", "canonical_id"})

# Bits of the sparse sort key ``n``: file index, record index in the file, position.
FILE_BITS, RECORD_BITS, POSITION_BITS = 20, 27, 16


def columns(table: str) -> list[str]:
    """The column names of ``table``, in order."""
    return [name for name, _, _ in TABLES[table]]


def as_tuple(table: str, row: Row) -> tuple[Any, ...]:
    """``row`` as a tuple in the table's column order (missing columns are None)."""
    return tuple(row.get(name) for name in columns(table))


def spark_schema(table: str) -> Any:
    """The ``pyspark.sql.types.StructType`` of ``table``."""
    from pyspark.sql import types as T

    kinds = {"string": T.StringType(), "long": T.LongType(), "double": T.DoubleType()}
    return T.StructType([T.StructField(name, kinds[kind], nullable)
                         for name, kind, nullable in TABLES[table]])


def arrow_schema(table: str) -> Any:
    """The ``pyarrow.Schema`` of ``table`` (what the Parquet files hold)."""
    import pyarrow as pa

    kinds = {"string": pa.string(), "long": pa.int64(), "double": pa.float64()}
    return pa.schema([pa.field(name, kinds[kind], nullable)
                      for name, kind, nullable in TABLES[table]])


def ordinal(file_index: int, record_index: int) -> int:
    """The input order of one record: its file's place in the manifest, then its own."""
    if file_index >= 1 << FILE_BITS or record_index >= 1 << RECORD_BITS:
        raise ValueError(f"record {record_index} of file {file_index} is beyond the "
                         f"{FILE_BITS}/{RECORD_BITS}-bit sort key; split the manifest")
    return (file_index << RECORD_BITS) | record_index


def row_key(record_ordinal: int, position: int) -> int:
    """The sparse ``n`` of a record's ``position``-th row of one table."""
    if position >= 1 << POSITION_BITS:
        raise ValueError(f"{position} rows of one table in one article is beyond the "
                         f"{POSITION_BITS}-bit sort key")
    return (record_ordinal << POSITION_BITS) | position
