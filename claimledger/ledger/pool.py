"""Analysis of document batches, in this process or in a pool of worker processes.

Workers only analyse: they return the ``Analysis`` records (frozen dataclasses pickle as
cheaply as their JSON would) and never touch the database, so the parent stays the one
writer. At most
``2 * jobs`` batches are in flight, so a huge archive never sits in memory at once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass

from claimledger.errors import InputError
from claimledger.model import Analysis, Document

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input's analysis or why it failed."""

    key: str
    name: str
    analysis: Analysis | None
    error: str | None = None


def _name(document: Document) -> str:
    return document.path or document.url or document.id[:12]


def analyze_batch(batch: list[tuple[str, Document]], model: str | None) -> list[Outcome]:
    """Analyse a batch with one ``nlp.pipe`` call; a document that fails gets its own
    ``Outcome`` with the error, and the others still succeed.

    Why the fallback: one pathological article must not fail its seven batch-mates, so
    when the batch raises, each document is retried alone.
    """
    from claimledger.analysis import analyze_document, analyze_documents, check_size

    outcomes: dict[int, Outcome] = {}
    good: list[tuple[int, str, Document]] = []
    for i, (key, document) in enumerate(batch):
        try:
            check_size(document)
        except Exception as exc:
            outcomes[i] = Outcome(key, _name(document), None, describe_exception(exc))
        else:
            good.append((i, key, document))
    try:
        results = list(analyze_documents([d for _, _, d in good], model=model))
        for (i, key, document), analysis in zip(good, results, strict=True):
            outcomes[i] = Outcome(key, _name(document), analysis)
    except Exception:
        for i, key, document in good:
            try:
                outcomes[i] = Outcome(key, _name(document),
                                      analyze_document(document, model=model))
            except Exception as exc:
                log.debug("analysis of %s failed", key, exc_info=True)
                outcomes[i] = Outcome(key, _name(document), None, describe_exception(exc))
    return [outcomes[i] for i in range(len(batch))]


def _worker_init(model: str | None, parent: int) -> None:
    """End with ``parent`` (the ingest process) if it dies, then load the model once per
    worker, before its first batch."""
    from claimledger.ledger.orphans import die_with_parent
    from claimledger.nlp import load_model

    die_with_parent(parent)
    load_model(model)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # The forkserver arms its own parent-death signal when it imports this module; a
    # forkserver already running (a second pool in one process) was armed by the first.
    context.set_forkserver_preload(["__main__", "claimledger.ledger.orphans_preload"])
    return context


class AnalysisPool:
    """``jobs`` worker processes; ``run`` yields outcomes as batches finish."""

    def __init__(self, jobs: int, model: str | None) -> None:
        self.jobs = jobs
        self.model = model
        self._executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(),
                                             initializer=_worker_init,
                                             initargs=(model, os.getpid()))

    def run(self, batches: Iterable[list[tuple[str, Document]]]) -> Iterator[Outcome]:
        in_flight: set[Future[list[Outcome]]] = set()
        source = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < 2 * self.jobs:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                else:
                    in_flight.add(self._executor.submit(analyze_batch, batch, self.model))
            if not in_flight:
                return
            finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                yield from future.result()

    def __enter__(self) -> AnalysisPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def describe_exception(exc: BaseException) -> str:
    """One line for the errors table: an input error's own reason, else type, message and
    the line that raised (enough to file a bug)."""
    if isinstance(exc, InputError):
        return exc.reason
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno}" if last else ""
    return " ".join(f"{type(exc).__name__}: {exc}{where}".split())
