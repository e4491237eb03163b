"""Applying the named migrations of ``schema.MIGRATIONS`` and recording them.

Each migration runs in its own transaction together with the row that records it in the
``migrations`` table, so a migration is either wholly applied and recorded or not at all
(both SQLite and PostgreSQL have transactional DDL). Two processes opening a fresh
ledger at once serialise on the backend's write lock (see ``SqlStore._migration_lock``).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from claimledger.errors import StoreError
from claimledger.ledger.schema import MIGRATIONS, Dialect, Migration

if TYPE_CHECKING:
    from claimledger.ledger.base import SqlStore, Tx

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
            if migration.rewrite is not None:
                migration.rewrite(tx, store.dialect)
            tx.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                       (migration.name, now_iso()))
        log.info("applied migration %s", migration.name)
        names.append(migration.name)
    return names


# -- 0004_publications: article ids from text hashes to publication ids ------------------

# The columns of ``articles`` when 0004 runs (fixed: a migration never changes).
_ARTICLE_COLUMNS_0004 = (
    "url", "path", "title", "outlet", "published", "first_ingested", "time", "authors",
    "language", "encoding", "text", "schema", "profile", "n_attributions", "n_sources",
    "n_claims", "n_quantities", "n_entities", "n_flags", "text_id", "analyser")
_CHILD_TABLES_0004 = ("sources", "attributions", "quantities", "entities", "flags",
                      "inputs_done")
# Link-table columns that are observation uids (``<article id>:<claim id>``) ...
_UID_COLUMNS_0004 = (("link_edges", "src"), ("link_edges", "dst"),
                     ("link_contradictions", "a"), ("link_contradictions", "b"))
# ... and those whose text names them (JSON lists, readable reasons), with the keys.
_UID_TEXT_0004 = (("link_edges", ("src", "dst", "kind"), ("reason",)),
                  ("link_contradictions", ("a", "b"), ("reason",)),
                  ("link_origins", ("canonical_id", "seq"), ("observations", "reason")))
_TEXT_HASH = re.compile(r"\b[0-9a-f]{64}\b")
_HASH_LENGTH = 64
_BATCH = 1000


def rekey_publications(tx: Tx, dialect: Dialect) -> None:
    """Give every article the id of its publication (``rows.publication_key`` of its
    text hash, outlet and URL) and carry every reference along, in the migration's one
    transaction: the child tables, ``inputs_done``, claim uids, and the uids in the
    ``link_*`` tables (keys, JSON lists and reasons). Cluster ids
    (``claims.canonical_id``) are names, not references: they stay until the next
    linking run, which derives them from the new uids.

    Each old article row is copied under its new id, the references are moved, then the
    old row is deleted, so the foreign keys hold at every statement. Memory holds one
    batch of rows; the id map lives in a temporary table.
    """
    from claimledger.ledger.rows import publication_key

    tx.execute("CREATE TEMPORARY TABLE article_rekey (old TEXT PRIMARY KEY, new TEXT NOT NULL)")
    last = ""
    while True:
        rows = tx.execute("SELECT id, text_id, outlet, url FROM articles WHERE id > ? "
                          "ORDER BY id LIMIT ?", (last, _BATCH))
        if not rows:
            break
        tx.executemany("INSERT INTO article_rekey (old, new) VALUES (?, ?)",
                       [(r["id"], publication_key(r["text_id"], r["outlet"], r["url"]))
                        for r in rows])
        last = rows[-1]["id"]
    columns = ", ".join(_ARTICLE_COLUMNS_0004)
    selected = ", ".join(f"a.{c}" for c in _ARTICLE_COLUMNS_0004)
    tx.execute(f"INSERT INTO articles (id, {columns}) SELECT m.new, {selected} "
               "FROM articles a JOIN article_rekey m ON m.old = a.id")
    new_id = "(SELECT m.new FROM article_rekey m WHERE m.old = {table}.article_id)"
    for table in _CHILD_TABLES_0004:
        tx.execute(f"UPDATE {table} SET article_id = {new_id.format(table=table)}")
    tx.execute(f"UPDATE claims SET article_id = {new_id.format(table='claims')}, "
               f"uid = {new_id.format(table='claims')} || ':' || id")
    for table, column in _UID_COLUMNS_0004:
        prefix = f"substr({table}.{column}, 1, {_HASH_LENGTH})"
        tx.execute(
            f"UPDATE {table} SET {column} = (SELECT m.new FROM article_rekey m "
            f"WHERE m.old = {prefix}) || substr({column}, {_HASH_LENGTH + 1}) "
            f"WHERE substr({column}, {_HASH_LENGTH + 1}, 1) = ':' AND EXISTS "
            f"(SELECT 1 FROM article_rekey m WHERE m.old = {prefix})")
    for table, keys, texts in _UID_TEXT_0004:
        _rekey_text(tx, table, keys, texts)
    tx.execute("DELETE FROM articles WHERE id IN (SELECT old FROM article_rekey)")
    tx.execute("DROP TABLE article_rekey")


def _rekey_text(tx: Tx, table: str, keys: tuple[str, ...], texts: tuple[str, ...]) -> None:
    """Replace old article ids inside the ``texts`` columns of ``table``, a batch of rows
    at a time in key order (the keys no longer change at this point)."""
    key_list = ", ".join(keys)
    sets = ", ".join(f"{c} = ?" for c in texts)
    where = " AND ".join(f"{k} = ?" for k in keys)
    after: list[object] | None = None
    while True:
        since = f"WHERE ({key_list}) > ({', '.join('?' for _ in keys)}) " if after else ""
        rows = tx.execute(f"SELECT {key_list}, {', '.join(texts)} FROM {table} {since}"
                          f"ORDER BY {key_list} LIMIT ?", [*(after or []), _BATCH])
        if not rows:
            return
        found = sorted({h for r in rows for c in texts for h in _TEXT_HASH.findall(r[c] or "")})
        mapping: dict[str, str] = {}
        for start in range(0, len(found), 500):
            chunk = found[start:start + 500]
            mapping.update((r["old"], r["new"]) for r in tx.execute(
                "SELECT old, new FROM article_rekey WHERE old IN "
                f"({', '.join('?' for _ in chunk)})", chunk))
        updates = []
        for r in rows:
            values = [None if r[c] is None else _swap_ids(r[c], mapping) for c in texts]
            if values != [r[c] for c in texts]:
                updates.append([*values, *(r[k] for k in keys)])
        if updates:
            tx.executemany(f"UPDATE {table} SET {sets} WHERE {where}", updates)
        after = [rows[-1][k] for k in keys]


def _swap_ids(text: str, mapping: dict[str, str]) -> str:
    return _TEXT_HASH.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)
