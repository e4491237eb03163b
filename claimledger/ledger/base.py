"""``SqlStore``: the store logic shared by the SQLite and PostgreSQL backends.

SQL is written once, with ``?`` placeholders and ``INSERT ... ON CONFLICT`` upserts that
both databases understand; a backend supplies the connection, its placeholder style, its
write lock and its full-text query. All writes of one article go through
``write_article`` in one transaction, which is what makes ingest crash-safe; all writes
of one linking run go through one ``LinkWriter`` in one transaction, in batches, so a
failed run leaves the previous one intact and memory stays flat in corpus size.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any

from claimledger.errors import StaleLinkRun
from claimledger.ledger.rows import ANALYSIS_COLUMNS, ArticleRows
from claimledger.ledger.rows import Row as Row  # the row type every store method uses
from claimledger.ledger.schema import Dialect


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds (what every ``*_at`` column holds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Tx(ABC):
    """One open transaction: ``execute`` returns the result rows as dicts (none for DML)."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @property
    @abstractmethod
    def rowcount(self) -> int: ...


def insert_sql(table: str, columns: Sequence[str], conflict: Sequence[str]) -> str:
    """An insert that leaves an existing row alone (the idempotent upsert of ingest)."""
    cols = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    keys = ", ".join(conflict)
    return f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT ({keys}) DO NOTHING"


# The tables one linking run rewrites (besides ``claims.canonical_id``): their keys, and
# every column a row must give.
LINK_TABLES: dict[str, tuple[str, ...]] = {
    "link_edges": ("src", "dst", "kind"),
    "link_origins": ("canonical_id", "seq"),
    "link_contradictions": ("a", "b"),
    "link_reasons": ("uid",),
}
LINK_COLUMNS: dict[str, tuple[str, ...]] = {
    "link_edges": ("src", "dst", "kind", "reason"),
    "link_origins": ("canonical_id", "seq", "key", "name", "kind", "anonymous",
                     "observations", "reason"),
    "link_contradictions": ("a", "b", "reason"),
    "link_reasons": ("uid", "partner", "reason"),
}
# Rows buffered per table before one ``executemany``: few round trips, bounded memory.
FLUSH_ROWS = 5000


def upsert_sql(table: str, columns: Sequence[str], conflict: Sequence[str]) -> str:
    """An insert where a later row with the same key replaces the earlier one's values:
    the "last one wins" of ``links.link_rows``, which builds dicts keyed the same way."""
    cols = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    keys = ", ".join(conflict)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in conflict)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT ({keys}) {action}"


class LinkWriter:
    """Writes one linking run's results through an open transaction, in batches.

    ``assign`` sets ``claims.canonical_id``; ``add`` inserts rows of a ``link_*`` table.
    At most ``flush_rows`` rows per table wait in memory; then one ``executemany`` sends
    them. Made only by ``SqlStore.link_writer``, which owns the transaction.
    """

    def __init__(self, tx: Tx, *, flush_rows: int = FLUSH_ROWS) -> None:
        if flush_rows < 1:
            raise ValueError("flush_rows must be at least 1")
        self._tx = tx
        self._flush_rows = flush_rows
        self._assigned: list[tuple[str, str]] = []
        self._rows: dict[str, list[list[Any]]] = {table: [] for table in LINK_TABLES}
        self.observations = 0

    def assign(self, pairs: Iterable[tuple[str, str]]) -> None:
        """(claim uid, canonical id) pairs; a uid assigned twice keeps the later id."""
        for uid, canonical_id in pairs:
            self._assigned.append((canonical_id, uid))
            self.observations += 1
            if len(self._assigned) >= self._flush_rows:
                self._flush_assigned()

    def add(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Rows (column -> value) of ``link_edges``, ``link_origins`` or
        ``link_contradictions``; a row whose key is already stored replaces it."""
        if table not in LINK_TABLES:
            raise ValueError(f"not a link table: {table}")
        columns = LINK_COLUMNS[table]
        for row in rows:
            if len(row) != len(columns) or any(c not in row for c in columns):
                raise ValueError(f"a {table} row needs exactly the columns "
                                 f"{', '.join(columns)}; got {', '.join(row)}")
            self._rows[table].append([row[c] for c in columns])
            if len(self._rows[table]) >= self._flush_rows:
                self._flush_table(table)

    def flush(self) -> None:
        """Send every buffered row to the database (still inside the transaction)."""
        self._flush_assigned()
        for table in LINK_TABLES:
            self._flush_table(table)

    def finish(self, run_id: str) -> None:
        """Flush and record the run; clusters are counted in the database, so no set of
        every canonical id is ever held in memory."""
        self.flush()
        found = self._tx.execute("SELECT count(DISTINCT canonical_id) AS c FROM claims "
                                 "WHERE canonical_id IS NOT NULL")
        self._tx.execute(
            insert_sql("link_runs", ["id", "finished_at", "observations", "clusters"],
                       ["id"]),
            (run_id, now_iso(), self.observations, int(found[0]["c"])))

    def _flush_assigned(self) -> None:
        if self._assigned:
            self._tx.executemany("UPDATE claims SET canonical_id = ? WHERE uid = ?",
                                 self._assigned)
            self._assigned = []

    def _flush_table(self, table: str) -> None:
        if self._rows[table]:
            self._tx.executemany(upsert_sql(table, LINK_COLUMNS[table], LINK_TABLES[table]),
                                 self._rows[table])
            self._rows[table] = []


class SqlStore(ABC):
    """A ledger in a SQL database; see ``claimledger.ledger.store.Store`` for the contract."""

    dialect: Dialect
    url: str

    # -- what a backend supplies ---------------------------------------------------------

    @abstractmethod
    def transaction(self, *, write: bool = True) -> AbstractContextManager[Tx]:
        """A transaction committed on normal exit and rolled back on an exception.

        ``write=False`` promises only reads, so readers never wait for the writer. Opened
        while this store already has one open (a read during ``link_writer``), it is a
        savepoint inside that one: it sees its uncommitted writes and commits with it.
        """

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _migration_lock(self, tx: Tx) -> None:
        """Take the lock that serialises schema changes between processes."""


    # -- reading -------------------------------------------------------------------------

    def search_rows(self, table: str, text: str, limit: int | None = None) -> list[int]:
        """Row numbers (column ``n``) of ``table`` whose text matches ``text``, best first.

        ``text`` is a plain phrase of words, not a query language: every word must occur
        (stemmed), whatever punctuation the user typed. The backend's full-text index
        answers (``reads.fts_rows``).
        """
        from claimledger.ledger.reads import fts_rows

        with self.transaction(write=False) as tx:
            return fts_rows(tx, self.dialect, table, text, limit)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.transaction(write=False) as tx:
            return tx.execute(sql, params)

    def iter_table(self, table: str, *, batch: int = 1000) -> Iterator[Row]:
        """Every row of ``table`` in primary-key order, fetched in batches."""
        from claimledger.ledger.schema import TABLES

        if table not in TABLES:
            raise ValueError(f"not a ledger table: {table}")
        order = _ORDER.get(table, "1")
        offset = 0
        while True:
            rows = self.query(
                f"SELECT * FROM {table} ORDER BY {order} LIMIT {batch} OFFSET {offset}")
            for row in rows:
                row.pop("tsv", None)  # PostgreSQL's search column is not data
                yield row
            if len(rows) < batch:
                return
            offset += batch

    def done_keys(self) -> set[str]:
        return {str(r["key"]) for r in self.query("SELECT key FROM inputs_done")}

    def error_keys(self) -> set[str]:
        """The input keys with a recorded failure (resolved or not)."""
        return {str(r["key"]) for r in self.query("SELECT key FROM errors")}

    def has_article(self, article_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def count(self, table: str) -> int:
        rows = self.query(f"SELECT count(*) AS c FROM {table}")
        return int(rows[0]["c"])

    # -- writing -------------------------------------------------------------------------

    def article_with_text(self, text_id: str, analyser: str) -> str | None:
        """An article (publication) of this text analysed by ``analyser``, if any: its
        analysis can be shared by another publication of the same text."""
        rows = self.query("SELECT id FROM articles WHERE text_id = ? AND analyser = ? "
                          "ORDER BY id LIMIT 1", (text_id, analyser))
        return str(rows[0]["id"]) if rows else None

    def write_article(self, key: str, rows: ArticleRows) -> bool:
        """Store one analysed article and mark ``key`` done, all in one transaction.

        Returns False when the article (same publication id) was already stored: then
        only the input key is recorded. Every insert leaves existing rows alone, so a
        re-run after a crash can neither duplicate nor half-write an article.
        """
        with self.transaction() as tx:
            tx.execute(insert_sql("articles", list(rows.article), ["id"]),
                       list(rows.article.values()))
            new = tx.rowcount > 0
            if new:
                bump_generation(tx)  # first: see ``bump_generation``
                _insert_children(tx, rows)
            self._mark_done(tx, key, rows.article_id)
        return new

    def replace_analyses(self, articles: Sequence[ArticleRows]) -> int:
        """Replace the analysis of stored articles (a re-analysis), all in ONE
        transaction: each one's child rows and the analysis columns of its article row
        (``rows.ANALYSIS_COLUMNS``); the publication's own columns (URL, outlet, dates,
        text) stay. Returns how many were stored (the others are skipped)."""
        sets = ", ".join(f"{c} = ?" for c in ANALYSIS_COLUMNS)
        replaced = 0
        with self.transaction() as tx:
            for rows in articles:
                aid = rows.article_id
                if not tx.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)):
                    continue
                if not replaced:
                    bump_generation(tx)  # before the first change: see ``bump_generation``
                for table, _, _ in rows.children():
                    tx.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
                _insert_children(tx, rows)
                tx.execute(f"UPDATE articles SET {sets} WHERE id = ?",
                           [*(rows.article[c] for c in ANALYSIS_COLUMNS), aid])
                replaced += 1
        return replaced

    def mark_done(self, key: str, article_id: str) -> None:
        """Record that input ``key`` is the already-stored article ``article_id``."""
        with self.transaction() as tx:
            self._mark_done(tx, key, article_id)

    def _mark_done(self, tx: Tx, key: str, article_id: str) -> None:
        now = now_iso()
        tx.execute(insert_sql("inputs_done", ["key", "article_id", "done_at"], ["key"]),
                   (key, article_id, now))
        # A failure that a later run got past is kept for the record but marked resolved.
        tx.execute("UPDATE errors SET resolved_at = ? WHERE key = ? AND resolved_at IS NULL",
                   (now, key))

    def record_error(self, key: str, name: str, reason: str, record: str | None) -> None:
        """Record (or refresh) the failure of one input; the run goes on."""
        now = now_iso()
        with self.transaction() as tx:
            tx.execute(
                "INSERT INTO errors (key, name, reason, record, first_seen, time) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "name = excluded.name, reason = excluded.reason, record = excluded.record, "
                "time = excluded.time, attempts = errors.attempts + 1, resolved_at = NULL",
                (key, name, reason, record, now, now))

    def replace_links(self, run_id: str, canonical: dict[str, str],
                      links: dict[str, list[Row]]) -> None:
        """Replace every linking result at once; observation rows keep all other columns.

        ``canonical`` maps claim uid to cluster id; ``links`` holds the rows of
        ``link_edges``, ``link_origins`` and ``link_contradictions``.
        """
        with self.link_writer(run_id) as writer:
            writer.assign(canonical.items())
            for table in LINK_TABLES:
                writer.add(table, links.get(table) or [])

    def generation(self) -> int:
        """The ledger's generation: a counter every change to the observations bumps
        (``ledger_state``). Read it BEFORE reading the observations a linking run links
        and hand it to ``link_writer``: a change committed in between makes the run stale
        (a retry), never wrong."""
        rows = self.query("SELECT generation FROM ledger_state WHERE id = 1")
        return int(rows[0]["generation"])

    @abstractmethod
    def _lock_state(self, tx: Tx) -> int:
        """Lock ``ledger_state`` until ``tx`` ends, so no transaction that changes the
        observations (each bumps the generation) can commit meanwhile; the generation."""

    @contextmanager
    def link_writer(self, run_id: str, *, flush_rows: int = FLUSH_ROWS,
                    generation: int | None = None) -> Iterator[LinkWriter]:
        """One linking run written in batches inside ONE write transaction.

        On entry the ledger's state is locked (no observation can change until the run
        commits) and, when ``generation`` (what ``generation()`` returned before the run
        read its observations) is given and the ledger has moved past it, ``StaleLinkRun``
        is raised before anything is written: the run's result is older than the ledger,
        and writing it could overwrite a newer run. Without ``generation`` the caller
        promises it read its observations inside this transaction (or is loading links
        computed elsewhere). Then the previous run is cleared (``claims.canonical_id`` and
        the ``link_*`` tables); on normal exit the ``link_runs`` row is written and
        everything commits; on an exception everything rolls back, so the previous run
        stays intact.
        """
        with self.transaction() as tx:
            current = self._lock_state(tx)
            if generation is not None and generation != current:
                raise StaleLinkRun(f"the ledger changed while linking (generation "
                                   f"{generation} read, now {current}); link again")
            tx.execute("UPDATE ledger_state SET linked_generation = ? WHERE id = 1",
                       (current,))
            writer = LinkWriter(tx, flush_rows=flush_rows)
            tx.execute("UPDATE claims SET canonical_id = NULL WHERE canonical_id IS NOT NULL")
            for table in LINK_TABLES:
                tx.execute(f"DELETE FROM {table}")
            yield writer
            writer.finish(run_id)

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bump_generation(tx: Tx) -> None:
    """Count one change to the observations (in the transaction that makes it); see
    ``SqlStore.generation``. On PostgreSQL the row lock this takes waits for a linking
    run that holds ``ledger_state`` (``link_writer``) to commit. Call it before the
    transaction changes any observation row: a linking run holding ``ledger_state``
    updates claim rows, and a writer holding those rows while waiting for
    ``ledger_state`` would deadlock with it."""
    tx.execute("UPDATE ledger_state SET generation = generation + 1 WHERE id = 1")


def _insert_children(tx: Tx, rows: ArticleRows) -> None:
    for table, conflict, records in rows.children():
        if records:
            columns = list(records[0])
            tx.executemany(insert_sql(table, columns, conflict),
                           [list(r.values()) for r in records])


_ORDER = {
    "articles": "id", "inputs_done": "key", "errors": "key", "sources": "n",
    "attributions": "n", "claims": "n", "quantities": "article_id, id",
    "entities": "article_id, id", "flags": "article_id, seq",
    "link_edges": "src, dst, kind", "link_origins": "canonical_id, seq",
    "link_contradictions": "a, b", "link_reasons": "uid", "link_runs": "finished_at, id",
    "migrations": "name",
}

