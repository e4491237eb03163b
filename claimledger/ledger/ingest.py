"""``ingest``: analyse inputs and store them in the ledger, resumably.

Heuristic for crash safety: every article is written in ONE transaction that also records
its input key in ``inputs_done`` (``SqlStore.write_article``). A re-run skips keys already
done and publications already stored, so killing the process at any moment loses at most
the articles being analysed and duplicates nothing.

An article is a publication, (outlet, URL, text) (``rows.publication_id``), and a text is
analysed once: a second publication of a text already stored takes that analysis
(``stored.stored_analysis``), and one met while the first is still being analysed waits
for it. The analysis of a text does not depend on where it was published, so sharing it
gives exactly the rows a fresh analysis would.

Parallelism: the parent reads the inputs and is the only writer (as in Datasette: one
writer connection); ``jobs > 1`` analyses in worker processes started with forkserver
(spawn where there is none), each loading the spaCy model once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from claimledger.ledger.base import now_iso
from claimledger.ledger.pool import AnalysisPool, Outcome, analyze_batch
from claimledger.ledger.progress import IngestProgress, estimate_total
from claimledger.ledger.rows import article_rows, publication_id
from claimledger.ledger.sidecar import with_sidecar_metadata
from claimledger.ledger.store import Store, sql_access
from claimledger.ledger.stored import stored_analysis
from claimledger.model import Analysis, Document
from claimledger.version import analyser_version

log = logging.getLogger(__name__)

BATCH = 8  # documents per analysis call: nlp.pipe batches, yet each commits soon


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did. ``stored + already_stored + skipped + failed == inputs``."""

    inputs: int = 0
    stored: int = 0  # new articles (publications) written
    shared: int = 0  # of ``stored``: took the analysis of the same text, not re-analysed
    already_stored: int = 0  # new input key whose publication was there
    skipped: int = 0  # input keys done by an earlier run
    failed: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def analysed_per_second(self) -> float:
        return self.stored / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "stored": self.stored, "shared": self.shared,
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
    writer = _Writer(store, report, done, analyser_version(model))
    with IngestProgress(enabled=progress, total=total) as bar, \
            analyser_for(jobs, model) as analyser:

        def pending() -> Iterator[tuple[str, Document]]:
            read_past: dict[str, int] = {}  # archive -> last whole record read this run
            for item in iter_inputs(paths, fetch=fetch):
                report.inputs += 1
                _note_archive_record(read_past, item.key)
                if item.key in done:
                    report.skipped += 1
                    bar.advance("skipped")
                elif item.failure is not None:
                    _fail(store, report, item.key, item.failure.name, item.failure.reason,
                          item.failure.record)
                    bar.advance("failed")
                elif item.document is not None:
                    document = with_sidecar_metadata(item.document)
                    outcome = writer.without_analysis(item.key, document)
                    if outcome is None:
                        yield item.key, document
                    else:
                        bar.advance(outcome)
            resolve_archive_cuts(store, read_past)

        for outcome in analyser.run(input_batches(pending(), BATCH)):
            bar.advance(writer.analysed(outcome))
    report.seconds = time.perf_counter() - started
    return report


class _Writer:
    """Writes what ingest decides, one analysis per text.

    ``waiting`` maps the text hash of each input being analysed to the other inputs of
    that text met meanwhile; they are written from its analysis when it arrives.
    """

    def __init__(self, store: Store, report: IngestReport, done: set[str],
                 analyser: str) -> None:
        self.store = store
        self.report = report
        self.done = done
        self.analyser = analyser
        self.text_of: dict[str, str] = {}  # key being analysed -> its text hash
        self.waiting: dict[str, list[tuple[str, Document]]] = {}

    def without_analysis(self, key: str, document: Document) -> str | None:
        """Handle ``document`` when it needs no analysis of its own and return what
        happened (for the progress bar); None when it must be analysed."""
        aid = publication_id(document)
        if self.store.has_article(aid):
            self.store.mark_done(key, aid)
            self.done.add(key)
            self.report.already_stored += 1
            return "known"
        if document.id in self.waiting:
            self.waiting[document.id].append((key, document))
            return "shared"
        source = self.store.article_with_text(document.id, self.analyser)
        analysis = stored_analysis(self.store, source) if source is not None else None
        if analysis is None:
            self.text_of[key] = document.id
            self.waiting[document.id] = []
            return None
        self._store(key, shared_analysis(analysis, document), shared=True)
        return "shared"

    def analysed(self, outcome: Outcome) -> str:
        """Write one analysed input, then every input of its text that waited for it."""
        waiting = self.waiting.pop(self.text_of.pop(outcome.key, ""), [])
        if outcome.analysis is None:
            error = outcome.error or "failed"
            _fail(self.store, self.report, outcome.key, outcome.name, error, None)
            for key, document in waiting:  # the same text fails for every publication
                _fail(self.store, self.report, key, document.path or document.url or key,
                      error, None)
            return "failed"
        if outcome.key in self.done:  # the same key twice in one run (a path given twice)
            self.report.skipped += 1
        else:
            self._store(outcome.key, outcome.analysis, shared=False)
        for key, document in waiting:
            if key in self.done:
                self.report.skipped += 1
            else:
                self._store(key, shared_analysis(outcome.analysis, document), shared=True)
        return "stored"

    def _store(self, key: str, analysis: Analysis, *, shared: bool) -> None:
        rows = article_rows(analysis, ingested_at=now_iso(), analyser=self.analyser)
        if self.store.write_article(key, rows):
            self.report.stored += 1
            self.report.shared += int(shared)
        else:
            self.report.already_stored += 1
        self.done.add(key)


def article_id_of(document: Document) -> str:
    """The article id ingest stores an input's ``document`` under: its publication id,
    once the metadata of a ``metadata.jsonl`` beside it is applied."""
    return publication_id(with_sidecar_metadata(document))


def shared_analysis(analysis: Analysis, document: Document) -> Analysis:
    """The analysis of ``document``'s text, for another publication of that text: the
    same records with ``document``'s metadata. What the analysis derives from the text
    itself (its language) stays the analysis's own."""
    if document.id != analysis.document.id:
        raise ValueError("an analysis can only be shared by documents of the same text")
    return replace(analysis, document=replace(document,
                                              language=analysis.document.language))


def _note_archive_record(read_past: dict[str, int], key: str) -> None:
    from claimledger.inputs.records import archive_position

    position = archive_position(key)
    if position is not None and position.identity is not None:
        read_past[position.path] = max(read_past.get(position.path, -1), position.offset)


def resolve_archive_cuts(store: Store, read_past: dict[str, int]) -> int:
    """Mark resolved the failures "the archive ends inside the headers of a record" that
    this run read past: the cut file was replaced by a complete copy, which was read (its
    records are keyed with their identity, so they were not skipped). Returns how many.

    Why here and not when a record is marked done: the cut may have been inside a request
    or metadata record, which never becomes an article of its own.
    """
    db = sql_access(store)
    from claimledger.inputs.records import archive_position

    resolved = 0
    for path, offset in read_past.items():
        keys = [str(row["key"]) for row in db.query(
            "SELECT key FROM errors WHERE name = ? AND resolved_at IS NULL", (path,))]
        cuts = [key for key in keys if (at := archive_position(key)) is not None
                and at.path == path and at.identity is None and at.offset <= offset]
        if cuts:
            now = now_iso()
            with db.transaction() as tx:
                for key in cuts:
                    tx.execute("UPDATE errors SET resolved_at = ? WHERE key = ?", (now, key))
            resolved += len(cuts)
    return resolved


def _fail(store: Store, report: IngestReport, key: str, name: str, reason: str,
          record: str | None) -> None:
    store.record_error(key, name, reason, record)
    report.failed += 1
    report.failures.append(f"{name}{f' ({record})' if record else ''}: {reason}")
    log.info("failed: %s: %s", name, reason)


def input_batches(items: Iterable[tuple[str, Document]],
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


def analyser_for(jobs: int, model: str | None) -> _Inline | AnalysisPool:
    if jobs <= 1:
        return _Inline(model)
    return AnalysisPool(jobs, model)

