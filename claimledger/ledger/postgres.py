"""The PostgreSQL ledger (psycopg 3): the same tables, for many writers' worth of data.

Search uses the generated ``tsv`` columns (``to_tsvector('english', ...)``) and their GIN
indexes. Schema changes serialise on a transaction-scoped advisory lock.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from claimledger.errors import LedgerFull, StoreError
from claimledger.ledger.base import Row, SqlStore, Tx

# Any constant shared by every claimledger process: the key of the migration lock.
_MIGRATION_LOCK = 0x636C6C67


def _pg(sql: str) -> str:
    """Our ``?`` placeholders in psycopg's ``%s`` style; a literal ``%`` (``LIKE '%x%'``)
    is escaped. SQL text must not contain a literal ``?``: pass values as parameters."""
    return sql.replace("%", "%%").replace("?", "%s")


class _PgTx(Tx):
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._cursor = conn.cursor()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self._cursor.execute(_pg(sql), tuple(params))
        if self._cursor.description is None:
            return []
        names = [d.name for d in self._cursor.description]
        return [dict(zip(names, row, strict=True)) for row in self._cursor.fetchall()]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._cursor.executemany(_pg(sql), [tuple(r) for r in rows])

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)


class PostgresStore(SqlStore):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self._conn: psycopg.Connection[Any] = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to the PostgreSQL ledger {_redact(url)}: "
                             f"{exc}; check the server is running and the URL") from exc

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Tx]:
        try:
            with self._conn.transaction():
                yield _PgTx(self._conn)
        except psycopg.errors.DiskFull as exc:
            raise LedgerFull(f"{_redact(self.url)}: the server's disk is full ({exc}); "
                             "what was committed is kept: free space and run the command "
                             "again") from exc
        except psycopg.Error as exc:
            raise StoreError(f"{_redact(self.url)}: {exc}") from exc

    def close(self) -> None:
        self._conn.close()

    @property
    def display_url(self) -> str:
        """The URL without its password, for messages."""
        return _redact(self.url)

    def has_schema(self) -> bool:
        """Whether a claimledger ledger is here (its ``migrations`` table exists)."""
        found = self.query("SELECT to_regclass('migrations') IS NOT NULL AS here")
        return bool(found[0]["here"])

    def _migration_lock(self, tx: Tx) -> None:
        tx.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")

    def _lock_state(self, tx: Tx) -> int:
        # FOR UPDATE: every transaction that changes observations updates this row
        # (``bump_generation``), so it waits here until this one commits; one that
        # updated it first is waited for, and its new generation is what is read.
        rows = tx.execute("SELECT generation FROM ledger_state WHERE id = 1 FOR UPDATE")
        return int(rows[0]["generation"])


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
