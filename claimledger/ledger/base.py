"""``SqlStore``: the store logic shared by the SQLite and PostgreSQL backends.

SQL is written once, with ``?`` placeholders and ``INSERT ... ON CONFLICT`` upserts that
both databases understand; a backend supplies the connection, its placeholder style, its
write lock and its full-text query. All writes of one article go through
``write_article`` in one transaction, which is what makes ingest crash-safe.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from claimledger.ledger.rows import ArticleRows
from claimledger.ledger.schema import Dialect

Row = dict[str, Any]


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


class SqlStore(ABC):
    """A ledger in a SQL database; see ``claimledger.ledger.store.Store`` for the contract."""

    dialect: Dialect
    url: str

    # -- what a backend supplies ---------------------------------------------------------

    @abstractmethod
    def transaction(self, *, write: bool = True) -> AbstractContextManager[Tx]:
        """A transaction committed on normal exit and rolled back on an exception.

        ``write=False`` promises only reads, so readers never wait for the writer.
        """

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _migration_lock(self, tx: Tx) -> None:
        """Take the lock that serialises schema changes between processes."""

    @abstractmethod
    def search_rows(self, table: str, text: str, limit: int | None = None) -> list[int]:
        """Row numbers (column ``n``) of ``table`` whose text matches ``text``, best first.

        ``text`` is a plain phrase of words, not a query language: every word must occur
        (stemmed), whatever punctuation the user typed.
        """

    # -- reading -------------------------------------------------------------------------

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

    def has_article(self, article_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def count(self, table: str) -> int:
        rows = self.query(f"SELECT count(*) AS c FROM {table}")
        return int(rows[0]["c"])

    # -- writing -------------------------------------------------------------------------

    def write_article(self, key: str, rows: ArticleRows) -> bool:
        """Store one analysed article and mark ``key`` done, all in one transaction.

        Returns False when the article (same content hash) was already stored: then only
        the input key is recorded. Every insert leaves existing rows alone, so a re-run
        after a crash can neither duplicate nor half-write an article.
        """
        with self.transaction() as tx:
            tx.execute(insert_sql("articles", list(rows.article), ["id"]),
                       list(rows.article.values()))
            new = tx.rowcount > 0
            if new:
                for table, conflict, records in rows.children():
                    if records:
                        columns = list(records[0])
                        tx.executemany(insert_sql(table, columns, conflict),
                                       [list(r.values()) for r in records])
            self._mark_done(tx, key, rows.article["id"])
        return new

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
        with self.transaction() as tx:
            tx.execute("UPDATE claims SET canonical_id = NULL WHERE canonical_id IS NOT NULL")
            if canonical:
                tx.executemany("UPDATE claims SET canonical_id = ? WHERE uid = ?",
                               [(cid, uid) for uid, cid in canonical.items()])
            for table, conflict in _LINK_KEYS.items():
                tx.execute(f"DELETE FROM {table}")
                rows = links.get(table) or []
                if rows:
                    tx.executemany(insert_sql(table, list(rows[0]), conflict),
                                   [list(r.values()) for r in rows])
            tx.execute(insert_sql("link_runs", ["id", "finished_at", "observations",
                                                "clusters"], ["id"]),
                       (run_id, now_iso(), len(canonical), len(set(canonical.values()))))

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_LINK_KEYS = {
    "link_edges": ["src", "dst", "kind"],
    "link_origins": ["canonical_id", "seq"],
    "link_contradictions": ["a", "b"],
}

_ORDER = {
    "articles": "id", "inputs_done": "key", "errors": "key", "sources": "n",
    "attributions": "n", "claims": "n", "quantities": "article_id, id",
    "entities": "article_id, id", "flags": "article_id, seq",
    "link_edges": "src, dst, kind", "link_origins": "canonical_id, seq",
    "link_contradictions": "a, b", "link_runs": "finished_at, id", "migrations": "name",
}

