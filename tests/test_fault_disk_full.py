"""Process faults: the ledger's disk fills up during ``ingest`` and during ``link``.

The ledger lives on a small tmpfs mounted for the test (CI runs as root; without root
the test fails, it never skips: an untested fault path is a gap, not a pass). Each run
must end with one line naming the cause and exit 1, leave the ledger consistent (every
stored article complete, nothing half-written), and a re-run after space is freed must
finish the work.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger_support import ROOT, WIKINEWS

from claimledger.ledger import open_store

PATHS = [str(p) for p in sorted(WIKINEWS.glob("*.txt"))[:20]]
SMALL = "384k"  # room for the schema and a few articles, not for 20
ROOMY = "64m"


def _mount(folder: Path, size: str, *, remount: bool = False) -> None:
    options = f"{'remount,' if remount else ''}size={size},mode=0700"
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "claimledger-test",
                           str(folder)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"cannot mount a tmpfs (root needed): {done.stderr}"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.fail("the disk-full tests mount a tmpfs and must run as root (as in CI)",
                    pytrace=False)
    folder = tmp_path / "disk"
    folder.mkdir()
    _mount(folder, SMALL)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _claimledger(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "claimledger", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)


def _assert_one_line_disk_full(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1, done.stderr
    assert "full" in errors[0], errors[0]


def _assert_consistent(url: str) -> int:
    """Every stored article has all its rows and its input marked done; the count."""
    with open_store(url, migrate=False) as db:
        assert db.query("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
        articles = db.count("articles")
        assert db.count("inputs_done") == articles
        for table, column in (("claims", "n_claims"), ("sources", "n_sources"),
                              ("attributions", "n_attributions")):
            wrong = db.query(
                f"SELECT a.id FROM articles a LEFT JOIN (SELECT article_id, count(*) "
                f"AS c FROM {table} GROUP BY article_id) t ON t.article_id = a.id "
                f"WHERE coalesce(t.c, 0) <> a.{column}")
            assert wrong == [], table
        return articles


def test_disk_full_during_ingest_is_one_line_and_a_rerun_resumes(small_disk: Path) -> None:
    url = str(small_disk / "ledger.db")
    full = _claimledger("ingest", *PATHS, "--db", url, "--no-link", "-q")
    _assert_one_line_disk_full(full)
    stored = _assert_consistent(url)
    assert stored < len(PATHS)
    _mount(small_disk, ROOMY, remount=True)
    rerun = _claimledger("ingest", *PATHS, "--db", url, "--no-link")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(PATHS) - stored} stored" in rerun.stderr
    assert _assert_consistent(url) == len(PATHS)


def test_disk_full_during_link_is_one_line_and_keeps_the_ledger(small_disk: Path) -> None:
    _mount(small_disk, ROOMY, remount=True)
    url = str(small_disk / "ledger.db")
    done = _claimledger("ingest", *PATHS[:12], "--db", url, "--no-link", "-q")
    assert done.returncode == 0, done.stderr
    used = sum(f.stat().st_size for f in small_disk.iterdir())
    # No room for the link tables: the ledger as it is, plus a few pages.
    _mount(small_disk, str(used // 1024 + 48) + "k", remount=True)
    full = _claimledger("link", "--db", url, "-q")
    _assert_one_line_disk_full(full)
    assert _assert_consistent(url) == 12
    _mount(small_disk, ROOMY, remount=True)
    again = _claimledger("link", "--db", url, "-q")
    assert again.returncode == 0, again.stderr
