"""What one Spark task does with one input file: records in, ``(table, ordinal, row)`` out.

This is ``ingest`` without the database: the same input layer (``iter_location``), the
same sidecar metadata, the same batched analysis with per-document fallback
(``ledger.pool.analyze_batch``) and the same row functions (``ledger.rows.article_rows``).
A broken file or record becomes a row of the ``errors`` table, never an exception, so one
bad archive cannot fail a job over thousands.

Each row carries the ordinal of its record (``tables.ordinal``): the order in which
``ingest`` would have met it, which decides which of two inputs with the same text is
stored and in which order the database numbers the rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from claimledger.ledger.base import now_iso
from claimledger.ledger.ingest import BATCH
from claimledger.ledger.pool import analyze_batch, describe_exception
from claimledger.ledger.rows import ArticleRows, Row, article_rows
from claimledger.ledger.sidecar import with_sidecar_metadata
from claimledger.model import Document
from claimledger.spark.remote import iter_location
from claimledger.spark.tables import ordinal, row_key
from claimledger.version import analyser_version

log = logging.getLogger(__name__)

Emitted = tuple[str, int, Row]  # table, record ordinal, row

# Tables whose rows get the sparse sort key ``n`` (the ledger numbers them).
NUMBERED = ("sources", "attributions", "claims")


@dataclass(slots=True)
class Counts:
    """What a task saw; the Spark job adds these to its accumulators."""

    files: int = 0
    records_ok: int = 0
    records_failed: int = 0


def emit_files(files: Iterable[tuple[int, str]], *, model: str | None = None,
               counts: Counts | None = None) -> Iterator[Emitted]:
    """The rows of every record of every ``(file index, location)`` given."""
    tally = counts if counts is not None else Counts()
    for file_index, location in files:
        tally.files += 1
        yield from emit_file(file_index, location, model=model, counts=tally)


def emit_file(file_index: int, location: str, *, model: str | None, counts: Counts
              ) -> Iterator[Emitted]:
    """The rows of one file, analysed ``ingest.BATCH`` documents at a time."""
    batch: list[tuple[int, str, Document]] = []
    record = 0
    try:
        for record, item in enumerate(iter_location(location)):
            if item.failure is not None:
                failure = item.failure
                yield _error(ordinal(file_index, record), item.key, failure.name,
                             failure.reason, failure.record, counts)
            elif item.document is not None:
                batch.append((ordinal(file_index, record), item.key,
                              with_sidecar_metadata(item.document)))
                if len(batch) >= BATCH:
                    yield from _analysed(batch, model, counts)
                    batch = []
    except Exception as exc:  # a reader bug must not fail the job: the rest is an error
        log.warning("reading %s stopped after record %d", location, record, exc_info=True)
        yield _error(ordinal(file_index, record + 1), f"{location}#failed-after {record}",
                     location, f"reading stopped: {describe_exception(exc)}", None, counts)
    if batch:
        yield from _analysed(batch, model, counts)


def _analysed(batch: list[tuple[int, str, Document]], model: str | None, counts: Counts
              ) -> Iterator[Emitted]:
    outcomes = analyze_batch([(key, document) for _, key, document in batch], model)
    for (record_ordinal, key, _), outcome in zip(batch, outcomes, strict=True):
        if outcome.analysis is None:
            yield _error(record_ordinal, key, outcome.name, outcome.error or "failed", None,
                         counts)
            continue
        try:
            rows = article_rows(outcome.analysis, ingested_at=now_iso(),
                                analyser=analyser_version(model))
            emitted = list(_rows(record_ordinal, key, rows))
        except Exception as exc:  # a contract violation fails this record only
            yield _error(record_ordinal, key, outcome.name, describe_exception(exc), None,
                         counts)
            continue
        counts.records_ok += 1
        yield from emitted


def _rows(record_ordinal: int, key: str, rows: ArticleRows) -> Iterator[Emitted]:
    yield "articles", record_ordinal, rows.article
    for table, _, records in rows.children():
        for position, row in enumerate(records):
            if table in NUMBERED:
                row = {"n": row_key(record_ordinal, position), **row}
            yield table, record_ordinal, row
    yield "inputs_done", record_ordinal, {"key": key, "article_id": rows.article_id,
                                          "done_at": rows.article["first_ingested"]}


def _error(record_ordinal: int, key: str, name: str, reason: str, record: str | None,
           counts: Counts) -> Emitted:
    counts.records_failed += 1
    log.info("failed: %s: %s", name, reason)
    now = now_iso()
    return "errors", record_ordinal, {
        "key": key, "name": name, "reason": reason, "record": record, "first_seen": now,
        "time": now, "attempts": 1, "resolved_at": None}


def article_of(table: str, row: Row) -> str | None:
    """The article a row belongs to (None for ``errors`` rows)."""
    if table == "articles":
        return str(row["id"])
    value = row.get("article_id")
    return None if value is None else str(value)
