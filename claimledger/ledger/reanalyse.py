"""``ingest --reanalyse-older``: analyse again the stored articles an older analyser made.

Every article row records the analyser that produced its analysis (``articles.analyser``,
``claimledger.version``); a row without one predates the recording. The stored text is
all a re-analysis needs, so the inputs are not read again.

Resumable like ingest: the texts are taken in ``text_id`` order, each analysed once, and
every publication of the text is rewritten in ONE transaction together with its new
``analyser`` (``Store.replace_analysis``). A killed run leaves each text either wholly
re-analysed or untouched; the next run selects only what still differs, so it continues
where the first stopped and rewrites nothing twice. Linking results are not rewritten
here: the command links again afterwards, as ingest does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from claimledger.ledger.ingest import BATCH, analyser_for, input_batches, shared_analysis
from claimledger.ledger.pool import Outcome
from claimledger.ledger.progress import IngestProgress
from claimledger.ledger.rows import article_rows
from claimledger.ledger.store import Store, sql_access
from claimledger.ledger.stored import stored_document
from claimledger.model import Document
from claimledger.version import analyser_version

log = logging.getLogger(__name__)

_OLDER = "(analyser IS NULL OR analyser <> ?)"
_PAGE = 200  # texts read per query; analysis batches stay ``ingest.BATCH`` documents


@dataclass(slots=True)
class ReanalyseReport:
    """What one re-analysis run did. ``reanalysed + failed == texts``."""

    analyser: str
    texts: int = 0  # distinct texts an older analyser had analysed when the run began
    reanalysed: int = 0
    articles: int = 0  # publications rewritten (several share one text)
    failed: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"analyser": self.analyser, "texts": self.texts,
                "reanalysed": self.reanalysed, "articles": self.articles,
                "failed": self.failed, "seconds": round(self.seconds, 3)}


def count_older(store: Store, analyser: str) -> int:
    """How many distinct texts an analyser other than ``analyser`` analysed."""
    db = sql_access(store)
    rows = db.query(f"SELECT count(DISTINCT text_id) AS c FROM articles WHERE {_OLDER}",
                    (analyser,))
    return int(rows[0]["c"])


def _older_texts(store: Store, analyser: str) -> Iterator[tuple[str, Document]]:
    """(text id, a stored document of that text) for every text still older, by keyset
    pages on ``text_id``; texts re-analysed meanwhile drop out of the filter."""
    db = sql_access(store)
    last = ""
    while True:
        # The index on (text_id, analyser) gives the groups in order, so LIMIT stops early.
        page = db.query(f"SELECT text_id, min(id) AS id FROM articles WHERE {_OLDER} "
                        "AND text_id > ? GROUP BY text_id ORDER BY text_id LIMIT ?",
                        (analyser, last, _PAGE))
        if not page:
            return
        marks = ", ".join("?" for _ in page)
        rows = {row["id"]: row for row in db.query(
            f"SELECT * FROM articles WHERE id IN ({marks})", [r["id"] for r in page])}
        for entry in page:
            if entry["id"] in rows:
                yield entry["text_id"], stored_document(rows[entry["id"]])
        last = page[-1]["text_id"]


def reanalyse_older(store: Store, *, jobs: int = 1, progress: bool = True,
                    model: str | None = None) -> ReanalyseReport:
    """Re-analyse every stored text whose analysis an older analyser made (see module)."""
    current = analyser_version(model)
    report = ReanalyseReport(analyser=current, texts=count_older(store, current))
    started = time.perf_counter()
    with IngestProgress(enabled=progress, total=report.texts or None,
                        label="reanalyse") as bar, analyser_for(jobs, model) as analyser:
        for outcome in analyser.run(input_batches(_older_texts(store, current), BATCH)):
            bar.advance(_rewrite(store, report, outcome, current))
    report.seconds = time.perf_counter() - started
    return report


def _rewrite(store: Store, report: ReanalyseReport, outcome: Outcome, current: str) -> str:
    """Write one text's new analysis into every publication of it still older."""
    db = sql_access(store)
    if outcome.analysis is None:
        # The stored analysis stays (it is not wrong, only older); the run goes on.
        report.failed += 1
        report.failures.append(f"{outcome.name}: {outcome.error or 'failed'}")
        log.info("re-analysis failed: %s: %s", outcome.name, outcome.error)
        return "failed"
    publications = db.query(f"SELECT * FROM articles WHERE text_id = ? AND {_OLDER} "
                            "ORDER BY id", (outcome.key, current))
    report.articles += store.replace_analyses([
        article_rows(shared_analysis(outcome.analysis, stored_document(row)),
                     ingested_at=row["first_ingested"], analyser=current,
                     article_id=row["id"])
        for row in publications])
    report.reanalysed += 1
    return "reanalysed"
