"""One read side: the shells (``claimledger/web/``, ``claimledger/cli/``,
``claimledger/spark/``) run no SQL.

Every query behind a page or a read command is a function of ``claimledger.ledger``
returning records; the shells call those. The public ``Store`` protocol has no raw-SQL
method: transactions, ``query``, table scans and the full-text index are the
store-internal ``SqlAccess``, which only the ledger's own modules reach through
``sql_access``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from claimledger.ledger.store import SqlAccess, Store, open_store, sql_access

ROOT = Path(__file__).resolve().parent.parent
SHELLS = ("claimledger/web", "claimledger/cli", "claimledger/spark")
RAW_METHODS = frozenset({"execute", "executemany", "query", "iter_table", "search_rows",
                         "transaction"})
# Names a shell may not import: the SQL side of a store and the transaction-level reads.
RAW_NAMES = frozenset({"Tx", "SqlStore", "SqlAccess", "sql_access", "reads", "sqlite3",
                       "psycopg"})
RAW_MODULES = ("claimledger.ledger.reads", "claimledger.ledger.sqlite",
               "claimledger.ledger.postgres", "sqlite3", "psycopg")
# SQL in a string: keywords as SQL writes them (upper case), or a lower-case statement.
SQL = re.compile(r"\b(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE|"
                 r"CREATE INDEX|DROP TABLE|ALTER TABLE|PRAGMA|WHERE|JOIN|GROUP BY|"
                 r"ORDER BY)\b|\bselect\b[^\n]*\bfrom\s+\w+\s+(?:where|join|order|group)\b|"
                 r"\b(?:insert into|delete from)\s+\w+")


def violations(source: str) -> list[str]:
    """What in one module's source a shell may not do: call a raw-SQL method, import the
    store's SQL side, or hold SQL in a string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in RAW_METHODS:
            found.append(f"line {node.lineno}: .{node.func.attr}(")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {alias.name for alias in node.names}
            if module.startswith(RAW_MODULES) or names & RAW_NAMES:
                found.append(f"line {node.lineno}: from {module} import "
                             f"{', '.join(sorted(names))}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(RAW_MODULES):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and SQL.search(node.value):
            found.append(f"line {node.lineno}: SQL in {node.value[:60]!r}")
    return found


def shell_modules() -> list[Path]:
    return sorted(p for folder in SHELLS for p in (ROOT / folder).rglob("*.py"))


def test_the_checker_catches_raw_sql() -> None:
    # What the shells used to do, and its variants, must each be caught.
    assert violations('rows = tx.execute("SELECT * FROM articles WHERE id = ?", (i,))')
    assert violations('rows = store.query("select id from claims where n = 1")')
    assert violations("with store.transaction(write=False) as tx:\n    pass")
    assert violations("rows = list(store.iter_table('claims'))")
    assert violations("from claimledger.ledger.store import sql_access")
    assert violations("from claimledger.ledger import reads as q")
    assert violations("import sqlite3")
    assert violations('SQL = "DELETE FROM errors"')
    # ... while ordinary prose and request handling pass.
    assert violations('help = "select a file from the list; where it is stored"') == []
    assert violations("page = request.query_params.get('page')") == []
    assert violations("from claimledger.ledger.views import trace_document") == []


@pytest.mark.parametrize("path", shell_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_shells_run_no_sql(path: Path) -> None:
    assert violations(path.read_text(encoding="utf-8")) == []


def test_shell_modules_found() -> None:
    names = {p.name for p in shell_modules()}
    assert {"app.py", "pages.py", "browse.py", "ledger.py", "serve.py", "load.py"} <= names


def test_public_store_protocol_has_no_raw_sql() -> None:
    for name in ("query", "iter_table", "search_rows", "transaction"):
        assert not hasattr(Store, name), name
        assert hasattr(SqlAccess, name), name


def test_sql_access_takes_only_a_ledger_store(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "ledger.db")) as store:  # type: ignore[attr-defined]
        assert sql_access(store).query("SELECT count(*) AS n FROM articles") == [{"n": 0}]
    with pytest.raises(TypeError, match="not a claimledger SQL store"):
        sql_access(object())  # type: ignore[arg-type]
