"""``spark analyze``: analyse the files of a manifest on a cluster into Parquet tables.

The cc-pyspark pattern: the driver reads the manifest and parallelises the list of files
(``sc.parallelize(files, numSlices)``); each task streams its files' records through
``emit.emit_files`` (the library's input layer, analysis and row functions) and yields
``(table, ordinal, row)``. The row RDD is persisted (MEMORY_AND_DISK) so that each
record is analysed once although every table is a separate filter and write.

Inputs of the same publication (same article id: outlet, URL and text) are analysed
wherever they occur, but only the first one in manifest order keeps its rows, as with
``ingest``; the others appear in ``inputs_done`` pointing at it. Two publications of one
text are two articles, each with its rows (a task does not know what other tasks
analysed, so each analyses its own; the rows are those ``ingest``'s sharing gives).

Because files are sliced in manifest order and no table is shuffled, part file
``part-N`` of every table holds the rows of the same files, in input order:
``claimledger load`` relies on that to stream the tables.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.ledger.rows import Row
from claimledger.spark.emit import Counts, Emitted, article_of, emit_files
from claimledger.spark.tables import ANALYSIS_TABLES, as_tuple, spark_schema

log = logging.getLogger(__name__)

FILES_PER_SLICE_DEFAULT = 4  # slices per core: small files balance, large ones still fit


@dataclass(slots=True)
class AnalyzeReport:
    """What one ``spark analyze`` run did (accumulator values and row counts)."""

    files: int = 0
    records_ok: int = 0
    records_failed: int = 0
    duplicates: int = 0
    partitions: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "records_ok": self.records_ok,
                "records_failed": self.records_failed, "duplicates": self.duplicates,
                "partitions": self.partitions, "seconds": round(self.seconds, 3),
                "rows": dict(self.rows)}


def analyze_files(spark: Any, files: list[str], out: str, *, partitions: int | None = None,
                  model: str | None = None) -> AnalyzeReport:
    """Analyse every record of ``files`` and write the ledger's tables under ``out``."""
    from pyspark import StorageLevel

    started = time.perf_counter()
    sc = spark.sparkContext
    accumulators = (sc.accumulator(0), sc.accumulator(0), sc.accumulator(0))
    slices = partitions or max(1, min(len(files), sc.defaultParallelism
                                      * FILES_PER_SLICE_DEFAULT))

    def task(items: Iterable[tuple[int, str]]) -> Iterator[Emitted]:
        counts = Counts()
        try:
            yield from emit_files(items, model=model, counts=counts)
        finally:
            accumulators[0].add(counts.files)
            accumulators[1].add(counts.records_ok)
            accumulators[2].add(counts.records_failed)

    rows = sc.parallelize(list(enumerate(files)), slices).mapPartitions(task)
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        report = AnalyzeReport(partitions=slices)
        firsts = _first_occurrences(rows)
        report.duplicates = sum(count - 1 for _, count in firsts.values())
        keep = sc.broadcast({aid: first for aid, (first, _) in firsts.items()})

        def kept(entry: Emitted) -> bool:
            table, record, row = entry
            if table in ("errors", "inputs_done"):
                return True
            first = keep.value.get(article_of(table, row))
            return first is None or first == record

        for table in ANALYSIS_TABLES:
            selected = rows.filter(lambda e, t=table: e[0] == t and kept(e))
            frame = spark.createDataFrame(selected.map(lambda e, t=table: as_tuple(t, e[2])),
                                          schema=spark_schema(table))
            frame.write.mode("overwrite").parquet(str(Path(out) / table))
        report.rows = {str(k): int(v) for k, v in
                       rows.filter(kept).map(lambda e: e[0]).countByValue().items()}
        report.failures = [_failure_line(r) for _, _, r in
                           rows.filter(lambda e: e[0] == "errors").take(20)]
        keep.unpersist()
    finally:
        rows.unpersist()
    report.files = int(accumulators[0].value)
    report.records_ok = int(accumulators[1].value)
    report.records_failed = int(accumulators[2].value)
    report.seconds = time.perf_counter() - started
    log.info("spark analyze: %s", report.to_dict())
    return report


def _failure_line(row: Row) -> str:
    where = f" ({row['record']})" if row["record"] else ""
    return f"{row['name']}{where}: {row['reason']}"


def _first_occurrences(rows: Any) -> dict[str, tuple[int, int]]:
    """Article id -> (first ordinal, occurrences) for ids analysed more than once."""
    pairs = rows.filter(lambda e: e[0] == "articles").map(lambda e: (e[2]["id"], (e[1], 1)))
    merged = pairs.reduceByKey(lambda a, b: (min(a[0], b[0]), a[1] + b[1]))
    found: dict[str, tuple[int, int]] = dict(merged.filter(lambda kv: kv[1][1] > 1)
                                             .collectAsMap())
    return found


def analyze_manifest(manifest: str, out: str, *, master: str | None = None,
                     partitions: int | None = None, model: str | None = None
                     ) -> AnalyzeReport:
    """Read ``manifest`` on the driver and run ``analyze_files`` in a Spark session."""
    from claimledger.spark.manifest import read_manifest
    from claimledger.spark.session import spark_session

    files = read_manifest(manifest)
    spark = spark_session(master)
    return analyze_files(spark, files, out, partitions=partitions, model=model)
