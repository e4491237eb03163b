"""Helpers of the ledger tests: corpora, databases on the test server, table snapshots.

The fixtures are in ``ledger_fixtures`` (a plugin the test modules name in
``pytest_plugins``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from claimledger.ledger import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
WIKINEWS = CORPUS / "wikinews"
POSTGRES_SH = ROOT / "scripts" / "postgres.sh"

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def wikinews_about(word: str, count: int) -> list[str]:
    """The first ``count`` Wikinews articles (sorted by name) whose text has ``word``:
    articles on one subject, so claims and sources recur across them."""
    found = [p for p in sorted(WIKINEWS.glob("*.txt"))
             if word in p.read_text(encoding="utf-8")]
    return [str(p) for p in found[:count]]


def new_database(server_url: str) -> str:
    """A fresh, empty database on the server; its URL."""
    import psycopg

    name = f"ledger_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_database(server_url: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def snapshot(store: Store) -> dict[str, list[dict[str, object]]]:
    """Every row of every data table (run-time stamps left out), for equality checks."""
    from claimledger.ledger.schema import TABLES

    stamps = {"done_at", "first_seen", "time", "finished_at", "applied_at", "resolved_at",
              "first_ingested", "n", "attempts"}
    out: dict[str, list[dict[str, object]]] = {}
    for table in TABLES:
        if table in ("link_runs", "migrations"):
            continue
        out[table] = [{k: v for k, v in row.items() if k not in stamps}
                      for row in store.iter_table(table)]
    return out


@contextmanager
def backend_url(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """The URL of a new empty ledger on the backend ``request.param`` names: a SQLite
    file in ``folder``, or a throwaway PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield str(folder / "ledger.db")
        return
    server = request.getfixturevalue("pg_server")
    url = new_database(server)
    try:
        yield url
    finally:
        drop_database(server, url)
