"""The ledger store interface and ``open_store``, which picks the backend from a URL.

    open_store("ledger.db")                      # SQLite file (the default)
    open_store("sqlite:///var/data/ledger.db")   # SQLite, explicit
    open_store("postgresql://user@host/db")      # PostgreSQL (psycopg 3)

Both backends implement ``Store`` with the same tables (``docs/ledger.md``); the test
suite runs against both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from claimledger.errors import LedgerNotFound, StoreError
from claimledger.ledger.base import FLUSH_ROWS, LinkWriter, Row, SqlStore, Tx
from claimledger.ledger.rows import ArticleRows
from claimledger.ledger.schema import Dialect

DEFAULT_URL = "ledger.db"


class Store(Protocol):
    """A ledger database as shells (the CLI, the web app, scripts) hold it: opened,
    written through ingest and linking, read through the functions of
    ``claimledger.ledger`` (which return records), closed. No raw SQL: that is
    ``SqlAccess``, for the ledger's own modules."""

    dialect: Dialect
    url: str

    def close(self) -> None: ...
    def count(self, table: str) -> int: ...
    def done_keys(self) -> set[str]: ...
    def error_keys(self) -> set[str]: ...
    def has_article(self, article_id: str) -> bool: ...
    def article_with_text(self, text_id: str, analyser: str) -> str | None: ...
    def write_article(self, key: str, rows: ArticleRows) -> bool: ...
    def replace_analyses(self, articles: Sequence[ArticleRows]) -> int: ...
    def mark_done(self, key: str, article_id: str) -> None: ...
    def record_error(self, key: str, name: str, reason: str, record: str | None) -> None: ...
    def replace_links(self, run_id: str, canonical: dict[str, str],
                      links: dict[str, list[Row]]) -> None: ...
    def link_writer(self, run_id: str, *, flush_rows: int = FLUSH_ROWS,
                    generation: int | None = None) -> AbstractContextManager[LinkWriter]: ...
    def generation(self) -> int: ...


class SqlAccess(Store, Protocol):
    """The store's SQL side, internal to ``claimledger.ledger``: transactions, raw
    queries, table scans and the full-text index. The ledger's own modules reach it with
    ``sql_access``; the shells (CLI, web app, Spark jobs) never do
    (``tests/test_read_side.py`` holds them to that)."""

    def transaction(self, *, write: bool = True) -> AbstractContextManager[Tx]: ...
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...
    def iter_table(self, table: str, *, batch: int = 1000) -> Iterator[Row]: ...
    def search_rows(self, table: str, text: str, limit: int | None = None) -> list[int]: ...


def sql_access(store: Store) -> SqlAccess:
    """The SQL side of a store that ``open_store`` opened (both backends are
    ``SqlStore``s); any other object is refused rather than guessed at."""
    if isinstance(store, SqlStore):
        return store
    raise TypeError(f"not a claimledger SQL store: {type(store).__name__}")


def open_store(url: str = DEFAULT_URL, *, migrate: bool = True,
               create: bool = True) -> Store:
    """Open (creating if needed) the ledger at ``url`` and bring its schema up to date.

    A URL starting ``postgresql://`` or ``postgres://`` is a PostgreSQL database;
    ``sqlite:///PATH`` or any other string is the path of a SQLite file.
    ``create=False`` (the read commands) raises ``LedgerNotFound`` instead of creating
    a ledger: a SQLite file that does not exist, a PostgreSQL database without our
    schema (no ``migrations`` table); nothing is created then.
    """
    from claimledger.ledger import migrations

    store: Any
    if url.startswith(("postgresql://", "postgres://")):
        from claimledger.ledger.postgres import PostgresStore

        store = PostgresStore(url)
        if not create and not store.has_schema():
            store.close()
            raise LedgerNotFound(f"no claimledger ledger in the PostgreSQL database "
                                 f"{store.display_url}; check --db, or create one with "
                                 "`claimledger ingest`")
    elif "://" in url and not url.startswith("sqlite://"):
        raise StoreError(f"unknown ledger URL scheme in {url!r}; use a file path, "
                         "sqlite:///PATH or postgresql://...")
    else:
        from claimledger.ledger.sqlite import SqliteStore

        path = url.removeprefix("sqlite://")
        if url.startswith("sqlite://"):
            # sqlite:///rel.db is relative, sqlite:////abs.db absolute (SQLAlchemy's rule).
            path = path.removeprefix("/")
        if not path:
            raise StoreError("the SQLite URL names no file; use sqlite:///ledger.db")
        if not create and not Path(path).is_file():
            raise LedgerNotFound(f"no ledger at {path}: the file does not exist; check "
                                 "--db, or create one with `claimledger ingest`")
        store = SqliteStore(path)
    if migrate:
        try:
            migrations.apply(store)
        except BaseException:
            store.close()
            raise
    result: Store = store
    return result
