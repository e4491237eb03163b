"""``ingest``: analyse inputs and store them in the ledger, resumably.

Heuristic for crash safety: every article is written in ONE transaction that also records
its input key in ``inputs_done`` (``SqlStore.write_article``). A re-run skips keys already
done and documents (content hashes) already stored, so killing the process at any moment
loses at most the articles being analysed and duplicates nothing.

Parallelism: the parent reads the inputs and is the only writer (as in Datasette: one
writer connection); ``jobs > 1`` analyses in worker processes started with forkserver
(spawn where there is none), each loading the spaCy model once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimledger.ledger.base import now_iso
from claimledger.ledger.pool import AnalysisPool, Outcome, analyze_batch
from claimledger.ledger.progress import IngestProgress, estimate_total
from claimledger.ledger.rows import article_rows
from claimledger.ledger.sidecar import with_sidecar_metadata
from claimledger.ledger.store import Store
from claimledger.model import Document

log = logging.getLogger(__name__)

BATCH = 8  # documents per analysis call: nlp.pipe batches, yet each commits soon


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did. ``stored + already_stored + skipped + failed == inputs``."""

    inputs: int = 0
    stored: int = 0  # new articles written
    already_stored: int = 0  # new input key whose document (same content hash) was there
    skipped: int = 0  # input keys done by an earlier run
    failed: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def analysed_per_second(self) -> float:
        return self.stored / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "stored": self.stored,
                "already_stored": self.already_stored, "skipped": self.skipped,
                "failed": self.failed, "seconds": round(self.seconds, 3),
                "articles_per_second": round(self.analysed_per_second, 3)}


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    jobs: int = 1,
    fetch: bool = False,
    progress: bool = True,
    model: str | None = None,
) -> IngestReport:
    """Analyse every input of ``paths`` not yet in ``store`` and write it there.

    Per-record failures are recorded in the ``errors`` table and counted; the run goes on.
    ``progress`` shows a progress bar on stderr when it is a terminal.
    """
    from claimledger.inputs import iter_inputs

    report = IngestReport()
    started = time.perf_counter()
    done = store.done_keys()
    total = estimate_total(paths) if progress else None
    with IngestProgress(enabled=progress, total=total) as bar, \
            _analyser(jobs, model) as analyser:

        def pending() -> Iterator[tuple[str, Document]]:
            for item in iter_inputs(paths, fetch=fetch):
                report.inputs += 1
                if item.key in done:
                    report.skipped += 1
                    bar.advance("skipped")
                elif item.failure is not None:
                    _fail(store, report, item.key, item.failure.name, item.failure.reason,
                          item.failure.record)
                    bar.advance("failed")
                elif item.document is not None and store.has_article(item.document.id):
                    store.mark_done(item.key, item.document.id)
                    done.add(item.key)
                    report.already_stored += 1
                    bar.advance("known")
                elif item.document is not None:
                    yield item.key, with_sidecar_metadata(item.document)

        for outcome in analyser.run(_batches(pending(), BATCH)):
            _write(store, report, outcome, done)
            bar.advance("failed" if outcome.analysis is None else "stored")
    report.seconds = time.perf_counter() - started
    return report


def _write(store: Store, report: IngestReport, outcome: Outcome, done: set[str]) -> None:
    if outcome.analysis is None:
        _fail(store, report, outcome.key, outcome.name, outcome.error or "failed", None)
        return
    if outcome.key in done:  # the same key twice in one run (a path given twice)
        report.skipped += 1
        return
    rows = article_rows(outcome.analysis, ingested_at=now_iso())
    if store.write_article(outcome.key, rows):
        report.stored += 1
    else:
        report.already_stored += 1
    done.add(outcome.key)


def _fail(store: Store, report: IngestReport, key: str, name: str, reason: str,
          record: str | None) -> None:
    store.record_error(key, name, reason, record)
    report.failed += 1
    report.failures.append(f"{name}{f' ({record})' if record else ''}: {reason}")
    log.info("failed: %s: %s", name, reason)


def _batches(items: Iterable[tuple[str, Document]],
             size: int) -> Iterator[list[tuple[str, Document]]]:
    batch: list[tuple[str, Document]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Inline:
    """Analysis in this process (``jobs=1``): no start-up cost, same code as a worker."""

    def __init__(self, model: str | None) -> None:
        self.model = model

    def run(self, batches: Iterable[list[tuple[str, Document]]]) -> Iterator[Outcome]:
        for batch in batches:
            yield from analyze_batch(batch, self.model)

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _analyser(jobs: int, model: str | None) -> _Inline | AnalysisPool:
    if jobs <= 1:
        return _Inline(model)
    return AnalysisPool(jobs, model)

