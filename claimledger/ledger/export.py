"""Writing every ledger table to files: JSON Lines, CSV or Parquet (pyarrow).

One file per table, named ``<table>.<format>``, in the output folder. JSON columns stay
JSON text in CSV and Parquet (one reader-independent form); in JSONL they are decoded,
so each line is the row as a reader of the analysis contract expects it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from claimledger.ledger.rows import Row
from claimledger.ledger.schema import TABLES
from claimledger.ledger.store import Store, sql_access

ExportFormat = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")

# Columns holding JSON text, decoded in JSONL exports.
JSON_COLUMNS = frozenset({"authors", "profile", "mentions", "hedges", "quantity_ids",
                          "entity_ids", "extra", "aliases", "data", "observations",
                          "members"})


def export(store: Store, fmt: ExportFormat, out_dir: str | Path) -> list[Path]:
    """Write every table of ``store`` to ``out_dir``; returns the files written."""
    db = sql_access(store)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table}.{fmt}"
        rows = db.iter_table(table)
        if fmt == "jsonl":
            _write_jsonl(path, rows)
        elif fmt == "csv":
            _write_csv(path, rows, _declared_columns(store, table))
        else:
            _write_parquet(path, rows, _declared_columns(store, table))
        written.append(path)
    return written


def _declared_columns(store: Store, table: str) -> list[str]:
    db = sql_access(store)
    if store.dialect == "sqlite":
        rows = db.query(f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
    else:
        rows = db.query("SELECT column_name AS name FROM information_schema.columns "
                        "WHERE table_name = ? AND table_schema = current_schema() "
                        "ORDER BY ordinal_position", (table,))
    return [str(r["name"]) for r in rows if r["name"] != "tsv"]


def decoded(row: Row) -> Row:
    """``row`` with its JSON text columns parsed."""
    return {k: json.loads(v) if k in JSON_COLUMNS and isinstance(v, str) else v
            for k, v in row.items()}


def _write_jsonl(path: Path, rows: Iterator[Row]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(decoded(row), ensure_ascii=False) + "\n")


def _write_csv(path: Path, rows: Iterator[Row], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def _write_parquet(path: Path, rows: Iterator[Row], columns: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = [{c: row.get(c) for c in columns} for row in rows]
    table = pa.Table.from_pylist(data) if data else pa.table(
        {c: pa.array([], type=pa.string()) for c in columns})
    pq.write_table(table, path)
