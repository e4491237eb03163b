"""The Spark jobs in ``local[2]`` against ``ingest`` on the same real inputs.

One Spark run (analyze + link) and one ingest (+ link) per session, shared by every test:
each analyses the WARC archives of ``../shared/corpus/warc`` (the news benchmark, a
Common Crawl excerpt and warcio's broken fixtures) and the Wikinews articles.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimledger.ledger import Store, ingest, link_ledger, observations, open_store
from claimledger.ledger.links import link_rows
from claimledger.linking import link
from claimledger.spark.job_analyze import AnalyzeReport, analyze_files
from claimledger.spark.job_link import SparkLinkSummary, link_folder
from claimledger.spark.load import LoadReport, load
from claimledger.spark.manifest import read_manifest
from claimledger.spark.tables import ANALYSIS_TABLES, LINK_TABLES, columns

pytestmark = [
    pytest.mark.spark,
    # py4j leaves its local sockets to the garbage collector; not our resources.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = [str(p) for p in sorted((CORPUS / "warc").glob("*.warc.gz"))] + [
    str(CORPUS / "wikinews")]
TIMESTAMPS = {"first_ingested", "time", "done_at", "first_seen", "n", "finished_at"}


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from claimledger.spark.session import spark_session

    # A 1 MB Python worker memory makes every groupByKey spill to disk and sort its keys,
    # as production workers do once they hold the models (CI failed that way on keys of
    # mixed types that never spilled on a quieter machine).
    session = spark_session("local[2]", conf={"spark.python.worker.memory": "1m"})
    yield session
    session.stop()


@pytest.fixture(scope="session")
def spark_run(spark: Any, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Path, AnalyzeReport, SparkLinkSummary]:
    folder = tmp_path_factory.mktemp("spark")
    manifest = folder / "manifest.txt"
    manifest.write_text("# the test corpus\n" + "\n".join(INPUTS) + "\n", encoding="utf-8")
    out = folder / "out"
    report = analyze_files(spark, read_manifest(str(manifest)), str(out), partitions=4)
    summary = link_folder(spark, str(out), str(out))
    return out, report, summary


@pytest.fixture(scope="session")
def loaded(spark_run: tuple[Path, AnalyzeReport, SparkLinkSummary],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, LoadReport]]:
    store = open_store(str(tmp_path_factory.mktemp("loaded") / "spark.db"))
    report = load(str(spark_run[0]), store)
    yield store, report
    store.close()


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("ingested") / "ingest.db"))
    ingest(INPUTS, store, jobs=1, progress=False)
    link_ledger(store)
    yield store
    store.close()


def _rows(store: Store, table: str, drop: set[str] = TIMESTAMPS) -> list[str]:
    """The table as sorted JSON lines, without timestamps and row numbers."""
    return sorted(json.dumps({k: v for k, v in row.items() if k not in drop},
                             sort_keys=True) for row in store.iter_table(table))


def test_parquet_columns_are_the_ledger_columns(spark_run: tuple[Path, Any, Any],
                                                tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    fresh = open_store(str(tmp_path / "fresh.db"))
    fresh.close()
    with sqlite3.connect(tmp_path / "fresh.db") as conn:
        def ledger_columns(table: str) -> list[str]:
            return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]

        for table in [*ANALYSIS_TABLES, "link_edges", "link_origins", "link_contradictions",
                      "link_runs"]:
            written = pq.read_schema(next((spark_run[0] / table).glob("*.parquet")))
            assert written.names == ledger_columns(table) == columns(table), table
        assert set(columns("claim_clusters")) <= set(ledger_columns("claims"))


def test_broken_records_are_counted_and_skipped(
        spark_run: tuple[Path, AnalyzeReport, Any], ingested: Store,
        loaded: tuple[Store, LoadReport]) -> None:
    _, report, _ = spark_run
    failed_keys = {r["key"] for r in ingested.iter_table("errors")}
    assert report.records_failed == len(failed_keys) > 0
    # Failures are records inside archives (pages with no article text, broken
    # records, records cut short or failing their digest); the files themselves were read
    # to the end. An archive whose gzip members do not match its records is re-read
    # decompressed, so its records are keyed by their uncompressed offset.
    assert all(re.search(r"#(?:uncompressed )?offset [0-9]+", key) for key in failed_keys), \
        failed_keys
    assert report.files == len(read_manifest_of(INPUTS))
    assert report.records_ok == ingested.count("inputs_done")
    assert _rows(loaded[0], "errors") == _rows(ingested, "errors")


def read_manifest_of(paths: list[str]) -> list[str]:
    from claimledger.spark.manifest import expand_location

    return [f for p in paths for f in expand_location(p)]


@pytest.mark.parametrize("table", ["articles", "inputs_done", "sources", "attributions",
                                   "claims", "quantities", "entities", "flags"])
def test_loaded_ledger_equals_ingest(table: str, loaded: tuple[Store, LoadReport],
                                     ingested: Store) -> None:
    drop = TIMESTAMPS | {"canonical_id"}
    assert _rows(loaded[0], table, drop) == _rows(ingested, table, drop)
    assert loaded[0].count(table) > 0


def _clusters(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for row in store.query("SELECT uid, canonical_id FROM claims"):
        assert row["canonical_id"] is not None
        groups.setdefault(row["canonical_id"], set()).add(row["uid"])
    return {frozenset(g) for g in groups.values()}


def test_loaded_clusters_equal_ingest_clusters(loaded: tuple[Store, LoadReport],
                                               ingested: Store) -> None:
    spark_clusters = _clusters(loaded[0])
    assert spark_clusters == _clusters(ingested)
    assert any(len(c) > 1 for c in spark_clusters)


def test_spark_link_equals_library_link(loaded: tuple[Store, LoadReport],
                                        spark_run: tuple[Path, Any, SparkLinkSummary]
                                        ) -> None:
    store, report = loaded
    assert report.linked
    expected = link(observations(store))
    stored = {r["uid"]: r["canonical_id"]
              for r in store.query("SELECT uid, canonical_id FROM claims")}
    assert stored == expected.clusters
    assert spark_run[2].clusters == len(set(expected.clusters.values()))
    for table, rows in link_rows(expected).items():
        want = sorted(json.dumps(r, sort_keys=True) for r in rows)
        assert _rows(store, table, set()) == want, table
    assert store.count("link_edges") > 0


def test_load_again_changes_nothing(spark_run: tuple[Path, Any, Any],
                                    loaded: tuple[Store, LoadReport]) -> None:
    store, first = loaded
    before = {t: _rows(store, t) for t in ("articles", "claims", "errors", "link_edges")}
    again = load(str(spark_run[0]), store)
    assert again.stored == 0 and again.skipped == first.inputs
    assert {t: _rows(store, t) for t in before} == before


def test_empty_manifest_writes_empty_tables(spark: Any, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    report = analyze_files(spark, [], str(tmp_path / "out"))
    assert report.files == report.records_ok == report.records_failed == 0
    for table in ANALYSIS_TABLES:
        assert pq.read_table(tmp_path / "out" / table).num_rows == 0
    assert set(LINK_TABLES) >= {"claim_clusters", "link_edges"}
