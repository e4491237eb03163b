"""``claimledger load``: the Parquet tables of the Spark jobs into a SQL ledger.

Everything goes through the store, exactly as ``ingest`` writes: ``write_article`` per
article (its rows and its input key in one transaction), ``mark_done`` for an input whose
article is already stored, ``record_error`` for failures and ``replace_links`` for the
linking result. So a load can be interrupted and re-run: keys already done are skipped,
errors already recorded are left alone, and the CLI and web app read the ledger as if
``ingest`` had built it.

Streaming: ``spark analyze`` writes part ``N`` of every table from the same input files
(see ``job_analyze``), so parts are loaded one number at a time, in input order, holding
one part of each table in memory. Files not named ``part-N...`` are read as one part.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import SparkJobError
from claimledger.ledger.rows import ArticleRows, Row
from claimledger.ledger.store import Store
from claimledger.spark.tables import ANALYSIS_TABLES, DATABASE_COLUMNS, LINK_TABLES

_PART = re.compile(r"^part-(\d+)")
CHILD_TABLES = ("sources", "attributions", "claims", "quantities", "entities", "flags")


@dataclass(slots=True)
class LoadReport:
    """What one load did. ``stored + already_stored + skipped == inputs``."""

    inputs: int = 0
    stored: int = 0
    already_stored: int = 0
    skipped: int = 0
    errors: int = 0
    linked: bool = False
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "stored": self.stored,
                "already_stored": self.already_stored, "skipped": self.skipped,
                "errors": self.errors, "linked": self.linked}


def _parts(folder: Path, table: str) -> dict[int, list[Path]]:
    """The Parquet files of ``table`` grouped by part number (-1: unnumbered files)."""
    files = sorted((folder / table).glob("*.parquet"))
    grouped: dict[int, list[Path]] = defaultdict(list)
    for path in files:
        match = _PART.match(path.name)
        grouped[int(match.group(1)) if match else -1].append(path)
    if -1 in grouped:  # written by another tool: no alignment to rely on
        return {0: files}
    return dict(grouped)


def _rows(paths: list[Path]) -> list[Row]:
    import pyarrow.parquet as pq

    out: list[Row] = []
    for path in paths:
        out.extend(pq.read_table(path).to_pylist())
    return out


def _without_database_columns(row: Row) -> Row:
    return {k: v for k, v in row.items() if k not in DATABASE_COLUMNS}


def iter_parts(folder: str) -> Iterator[dict[str, list[Row]]]:
    """Each part's rows, table by table, in part order."""
    root = Path(folder)
    missing = [t for t in ANALYSIS_TABLES if not (root / t).is_dir()]
    if missing:
        raise SparkJobError(f"{folder} has no {', '.join(missing)} table; give the --out "
                            "folder of `claimledger spark analyze`")
    parts = {table: _parts(root, table) for table in ANALYSIS_TABLES}
    numbers = sorted({n for grouped in parts.values() for n in grouped})
    for number in numbers:
        yield {table: _rows(parts[table].get(number, [])) for table in ANALYSIS_TABLES}


def _article_rows(part: dict[str, list[Row]]) -> dict[str, ArticleRows]:
    children: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for table in CHILD_TABLES:
        ordered = sorted(part[table], key=lambda r: r["n"]) if part[table] and \
            "n" in part[table][0] else part[table]
        for row in ordered:
            children[str(row["article_id"])][table].append(_without_database_columns(row))
    out: dict[str, ArticleRows] = {}
    for article in part["articles"]:
        aid = str(article["id"])
        mine = children.get(aid, {})
        out[aid] = ArticleRows(article=article, **{t: list(mine.get(t, ())) for t in
                                                   CHILD_TABLES})
    return out


def load_analysis(folder: str, store: Store) -> LoadReport:
    """Write the ``spark analyze`` tables under ``folder`` into ``store``."""
    report = LoadReport()
    done = store.done_keys()
    known_errors = store.error_keys()
    for part in iter_parts(folder):
        articles = _article_rows(part)
        for entry in part["inputs_done"]:
            key, aid = str(entry["key"]), str(entry["article_id"])
            report.inputs += 1
            if key in done:
                report.skipped += 1
            elif aid in articles and not store.has_article(aid):
                store.write_article(key, articles[aid])
                report.stored += 1
            else:
                store.mark_done(key, aid)
                report.already_stored += 1
            done.add(key)
        for error in part["errors"]:
            key = str(error["key"])
            report.errors += 1
            if key not in done and key not in known_errors:
                store.record_error(key, error["name"], error["reason"], error["record"])
                known_errors.add(key)
            if len(report.failures) < 20:
                report.failures.append(f"{error['name']}: {error['reason']}")
    return report


def load_links(folder: str, store: Store) -> bool:
    """Replace the ledger's linking result by the ``spark link`` tables under ``folder``;
    False when ``folder`` holds none."""
    root = Path(folder)
    if not all((root / table).is_dir() for table in LINK_TABLES):
        return False
    tables = {table: [row for paths in _parts(root, table).values() for row in _rows(paths)]
              for table in LINK_TABLES}
    canonical = {str(r["uid"]): str(r["canonical_id"]) for r in tables["claim_clusters"]}
    runs = tables["link_runs"]
    run_id = str(runs[0]["id"]) if runs else "spark"
    links = {t: tables[t] for t in ("link_edges", "link_origins", "link_contradictions",
                                    "link_reasons")}
    for row in links["link_origins"]:
        json.loads(row["observations"])  # a malformed table fails before anything changes
    store.replace_links(run_id, canonical, links)
    return True


def load(folder: str, store: Store, *, links: str | None = None) -> LoadReport:
    """``load_analysis`` then ``load_links`` from ``links`` (default: ``folder``)."""
    report = load_analysis(folder, store)
    report.linked = load_links(links or folder, store)
    return report
