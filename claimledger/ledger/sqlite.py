"""The SQLite ledger: one plain file (default ``ledger.db``) readable in Datasette.

WAL journal so readers (``claimledger claims``, Datasette) never block the writer;
``synchronous=NORMAL`` keeps every committed transaction across a killed process (only a
power loss can drop the last few). Writes take the lock up front (``BEGIN IMMEDIATE``)
so two writers queue instead of failing half-way. A transaction opened inside another
is a savepoint of it, as in PostgreSQL.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from claimledger.errors import LedgerFull, StoreError
from claimledger.ledger.base import Row, SqlStore, Tx

_WORD = re.compile(r"\w+", re.UNICODE)


def store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """Our error for a failed statement; a full disk is ``LedgerFull``, whose message
    says that committed work is kept and how to go on."""
    if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or \
            "disk is full" in str(exc):
        return LedgerFull(f"{path}: the disk holding the ledger is full ({exc}); what "
                          "was committed is kept: free space and run the command again")
    return StoreError(f"{path}: {exc}")


class _SqliteTx(Tx):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._cursor = conn.cursor()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = self._cursor.execute(sql, tuple(params))
        if cur.description is None:
            return []
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._cursor.executemany(sql, [tuple(r) for r in rows])

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)


MMAP_BYTES = 1 << 30  # address space only: pages are read in as they are touched


class SqliteStore(SqlStore):
    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self._depth = 0  # open savepoints (nested ``transaction`` calls)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=60.0)
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            # Reads through a memory map: the OS page cache is shared by every connection
            # (the web app keeps one per worker thread), where each connection's own page
            # cache (2 MB) starts cold and re-reads pages with a system call each.
            self._conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the SQLite ledger {self.path}: {exc}; check the "
                             "path is a writable file in an existing folder") from exc

    def transaction(self, *, write: bool = True) -> AbstractContextManager[Tx]:
        # Why nest: ``link_writer`` holds a write transaction while linking may still read
        # the ledger on the same connection; SQLite refuses a second BEGIN, PostgreSQL
        # (psycopg) makes it a savepoint, and so do we.
        if self._conn.in_transaction:
            return self._savepoint()
        return self._top_level(write)

    @contextmanager
    def _top_level(self, write: bool) -> Iterator[Tx]:
        try:
            self._conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot start a transaction: {exc}") from exc
        try:
            yield _SqliteTx(self._conn)
            self._conn.execute("COMMIT")  # a full disk can fail here too
        except sqlite3.Error as exc:
            self._rollback()
            raise store_error(self.path, exc) from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # SQLite may already have rolled back (a failed COMMIT on a full disk does).
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    @contextmanager
    def _savepoint(self) -> Iterator[Tx]:
        self._depth += 1
        name = f"claimledger_{self._depth}"
        try:
            self._conn.execute(f"SAVEPOINT {name}")
            try:
                yield _SqliteTx(self._conn)
            except sqlite3.Error as exc:
                self._conn.execute(f"ROLLBACK TO {name}")
                self._conn.execute(f"RELEASE {name}")
                raise store_error(self.path, exc) from exc
            except BaseException:
                self._conn.execute(f"ROLLBACK TO {name}")
                self._conn.execute(f"RELEASE {name}")
                raise
            else:
                self._conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    def close(self) -> None:
        self._conn.close()

    def _migration_lock(self, tx: Tx) -> None:
        pass  # BEGIN IMMEDIATE already holds SQLite's one write lock

    def _lock_state(self, tx: Tx) -> int:
        # BEGIN IMMEDIATE already holds SQLite's one write lock: no other writer can
        # commit until this transaction ends.
        rows = tx.execute("SELECT generation FROM ledger_state WHERE id = 1")
        return int(rows[0]["generation"])
