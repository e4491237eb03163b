"""Crash safety: SIGKILL ``claimledger ingest`` mid-run, re-run, and lose or duplicate nothing.

301 articles (the 120 Wikinews texts and the 181 pages of the news WARC) with ``-j 1``;
the first run is killed once at least ``KILL_AFTER`` inputs are committed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ledger_support import (
    CORPUS,
    ROOT,
    WIKINEWS,
)

from claimledger.errors import StoreError
from claimledger.inputs import iter_inputs
from claimledger.ledger import Store, open_store
from claimledger.ledger.ingest import article_id_of

PATHS = [*(str(p) for p in sorted(WIKINEWS.glob("*.txt"))),
         str(CORPUS / "warc" / "news-benchmark-181.warc.gz")]
KILL_AFTER = 40
CHILD_TABLES = (("claims", "n_claims"), ("sources", "n_sources"),
                ("attributions", "n_attributions"), ("quantities", "n_quantities"),
                ("entities", "n_entities"), ("flags", "n_flags"))

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server


@pytest.fixture(scope="module")
def expected() -> dict[str, set[str]]:
    keys: set[str] = set()
    ids: set[str] = set()
    failures: set[str] = set()
    for item in iter_inputs(PATHS):
        if item.document is not None:
            keys.add(item.key)
            ids.add(article_id_of(item.document))
        else:
            failures.add(item.key)
    return {"keys": keys, "ids": ids, "failures": failures}


def _command(url: str) -> list[str]:
    return [sys.executable, "-m", "claimledger", "ingest", *PATHS, "--db", url,
            "-j", "1", "--no-link", "--quiet"]


def _done_count(url: str) -> int:
    try:
        with open_store(url) as db:
            return db.count("inputs_done")
    except StoreError:
        return 0  # the child is still creating the schema


def _run_and_kill(url: str, log: Path) -> None:
    with log.open("w") as err:
        child = subprocess.Popen(_command(url), cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=err)
    deadline = time.monotonic() + 600
    try:
        while _done_count(url) < KILL_AFTER:
            assert child.poll() is None, f"ingest ended before the kill:\n{log.read_text()}"
            assert time.monotonic() < deadline, "ingest committed too little in 10 minutes"
            time.sleep(0.2)
    finally:
        if child.poll() is None:  # else the assertion above has said why it ended
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL


def _assert_complete_and_unique(db: Store, expected: dict[str, set[str]]) -> None:
    assert db.done_keys() == expected["keys"]
    ids = [r["id"] for r in db.query("SELECT id FROM articles")]
    assert len(ids) == len(set(ids)) and set(ids) == expected["ids"]
    unresolved = {r["key"] for r in db.query("SELECT key FROM errors "
                                             "WHERE resolved_at IS NULL")}
    assert unresolved == expected["failures"]
    orphans = db.query("SELECT count(*) AS c FROM inputs_done d LEFT JOIN articles a "
                       "ON a.id = d.article_id WHERE a.id IS NULL")
    assert orphans[0]["c"] == 0
    for table, column in CHILD_TABLES:
        # Each article has exactly the rows its analysis had (counted in the same
        # transaction): none missing, none doubled, no rows of a half-written article.
        wrong = db.query(
            f"SELECT a.id FROM articles a LEFT JOIN (SELECT article_id, count(*) AS c "
            f"FROM {table} GROUP BY article_id) t ON t.article_id = a.id "
            f"WHERE coalesce(t.c, 0) <> a.{column}")
        assert wrong == [], table
        stray = db.query(f"SELECT count(*) AS c FROM {table} t LEFT JOIN articles a "
                         f"ON a.id = t.article_id WHERE a.id IS NULL")
        assert stray[0]["c"] == 0, table
    if db.dialect == "sqlite":
        for table in ("claims", "attributions", "sources"):
            indexed = db.query(f"SELECT count(*) AS c FROM {table}_fts_docsize")[0]["c"]
            assert indexed == db.count(table), f"{table}_fts is out of step"


def test_sigkill_mid_ingest_then_rerun_loses_and_duplicates_nothing(
        store_url: str, expected: dict[str, set[str]], tmp_path: Path) -> None:
    _run_and_kill(store_url, tmp_path / "killed.log")
    with open_store(store_url) as db:
        partial = db.count("inputs_done")
    assert KILL_AFTER <= partial < len(expected["keys"])
    rerun = subprocess.run(_command(store_url), cwd=ROOT, capture_output=True, text=True,
                           timeout=1500, check=False)
    assert rerun.returncode == (1 if expected["failures"] else 0), rerun.stderr
    with open_store(store_url) as db:
        _assert_complete_and_unique(db, expected)
