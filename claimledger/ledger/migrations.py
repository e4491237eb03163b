"""Applying the named migrations of ``schema.MIGRATIONS`` and recording them.

Each migration runs in its own transaction together with the row that records it in the
``migrations`` table, so a migration is either wholly applied and recorded or not at all
(both SQLite and PostgreSQL have transactional DDL). Two processes opening a fresh
ledger at once serialise on the backend's write lock (see ``SqlStore._migration_lock``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from claimledger.errors import StoreError
from claimledger.ledger.schema import MIGRATIONS, Migration

if TYPE_CHECKING:
    from claimledger.ledger.base import SqlStore

log = logging.getLogger(__name__)

CREATE_MIGRATIONS = (
    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
)


def applied(store: SqlStore) -> list[str]:
    """Names of the migrations already applied, oldest first."""
    rows = store.query("SELECT name FROM migrations ORDER BY name")
    return [str(row["name"]) for row in rows]


def pending(store: SqlStore) -> list[Migration]:
    done = set(applied(store))
    return [m for m in MIGRATIONS if m.name not in done]


def apply(store: SqlStore) -> list[str]:
    """Bring the schema up to date; returns the names of the migrations applied now."""
    from claimledger.ledger.base import now_iso

    try:
        if not pending(store):
            return []  # up to date: no write lock taken, so readers never wait
    except StoreError:
        pass  # a new database: no migrations table yet
    names: list[str] = []
    for migration in MIGRATIONS:
        with store.transaction() as tx:
            # The lock first: two processes creating the table at once can collide.
            store._migration_lock(tx)
            tx.execute(CREATE_MIGRATIONS)
            found = tx.execute("SELECT 1 FROM migrations WHERE name = ?", (migration.name,))
            if found:
                continue  # another process applied it while we waited for the lock
            for statement in migration.statements(store.dialect):
                tx.execute(statement)
            tx.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                       (migration.name, now_iso()))
        log.info("applied migration %s", migration.name)
        names.append(migration.name)
    return names
