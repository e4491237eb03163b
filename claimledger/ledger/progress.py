"""The ingest progress bar (rich, on stderr) and the estimate of how many records to expect."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

log = logging.getLogger(__name__)


def estimate_total(paths: Sequence[str]) -> int | None:
    """How many records ``iter_inputs(paths)`` will yield, for the bar's ETA.

    A file is one record, except archives (their response/resource records are counted
    without decoding pages) and JSONL dumps (their non-blank lines). An estimate: a
    record that holds no page still counts. None when anything cannot be counted cheaply.
    """
    from claimledger.inputs.paths import expand

    total = 0
    try:
        for item in expand(paths):
            if item.kind == "archive":
                total += _archive_records(item.name)
            elif item.kind == "jsonl":
                total += _jsonl_lines(item.name)
            elif item.kind in ("url", "feed", "stdin"):
                return None  # feeds and URLs are not known until read
            else:
                total += 1
    except Exception:  # an estimate must never stop the ingest
        log.debug("cannot estimate the number of inputs", exc_info=True)
        return None
    return total or None


def _archive_records(path: str) -> int:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as handle:
        return sum(1 for record in ArchiveIterator(handle, arc2warc=True)
                   if record.rec_type in ("response", "resource"))


def _jsonl_lines(path: str) -> int:
    import gzip

    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


class _Bar:
    """A rich progress bar on stderr, started and stopped as a context manager; silent
    (``_progress`` None) unless enabled and stderr is a terminal."""

    def __init__(self, enabled: bool, *columns: ProgressColumn, transient: bool) -> None:
        self._progress: Progress | None = None
        if enabled and sys.stderr.isatty():
            self._progress = Progress(*columns, console=Console(stderr=True),
                                      transient=transient)

    def __enter__(self) -> Self:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


class IngestProgress(_Bar):
    """Articles done, with counts by outcome, rate and ETA."""

    def __init__(self, *, enabled: bool, total: int | None, label: str = "ingest") -> None:
        super().__init__(enabled, TextColumn(f"[bold]{label}"), BarColumn(),
                         MofNCompleteColumn(), TextColumn("{task.fields[rate]} articles/s"),
                         TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                         TextColumn("{task.fields[counts]}"), transient=False)
        self.counts: Counter[str] = Counter()
        self._task: TaskID | None = None
        if self._progress is not None:
            self._task = self._progress.add_task("ingest", total=total, rate="-", counts="")

    def advance(self, outcome: str) -> None:
        self.counts[outcome] += 1
        if self._progress is None or self._task is None:
            return
        task = self._progress.tasks[0]
        speed = task.speed
        counts = " ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        self._progress.update(self._task, advance=1, counts=counts,
                              rate="-" if speed is None else f"{speed:.1f}")


class LinkProgress(_Bar):
    """Linking's slow step, claim texts embedded (``progress(done, total)`` of
    ``link_external``)."""

    def __init__(self, *, enabled: bool) -> None:
        super().__init__(enabled, TextColumn("[bold]link[/] embedding claim texts"),
                         BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                         TextColumn("ETA"), TimeRemainingColumn(), transient=True)
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None:
            return
        if self._task is None:
            self._task = self._progress.add_task("link", total=total)
        self._progress.update(self._task, completed=min(done, total), total=total)
