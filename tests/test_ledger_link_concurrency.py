"""A linking run never writes a result older than the ledger (issue 10, item 9).

Real processes on both backends: a child process runs ``link_ledger`` and pauses once it
has read every observation (its first progress report, while it embeds); meanwhile this
process ingests another article. Then:

- unlocked attempts: the child's first attempt is stale (``StaleLinkRun`` inside
  ``link_writer``), it links again from a fresh read, and the stored run covers the new
  article;
- the locked attempt (``retries=0``): the child reads under the writer's lock, so the
  concurrent ingest waits for the run to commit, and the run covers exactly the
  articles that were there before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from ledger_support import ROOT, wikinews_about

from claimledger.errors import StaleLinkRun
from claimledger.ledger import Store, ingest, link_ledger, open_store

pytest_plugins = ["ledger_fixtures"]

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "multi-outlet"
LATE_ARTICLE = wikinews_about("Boeing", 1)[0]

CHILD = textwrap.dedent("""
    import logging, sys, time
    from pathlib import Path
    from claimledger.ledger import link_ledger, open_store

    url, folder, retries = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    paused = []

    def progress(done, total):
        if not paused:  # only the first attempt waits
            paused.append(True)
            (folder / "read").touch()
            deadline = time.monotonic() + 600
            while not (folder / "go").exists():
                if time.monotonic() > deadline:
                    raise SystemExit("never told to go on")
                time.sleep(0.05)

    store = open_store(url)
    summary = link_ledger(store, progress=progress, retries=retries)
    print(summary.observations)
    store.close()
""")


def start_child(url: str, folder: Path, retries: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", CHILD, url, str(folder), str(retries)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def wait_for(path: Path, child: subprocess.Popen[str], seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if child.poll() is not None:
            out, err = child.communicate()
            pytest.fail(f"the linking process ended early:\n{out}\n{err}")
        assert time.monotonic() < deadline, "the linking process never read the ledger"
        time.sleep(0.05)


def unlinked_claims(store: Store) -> int:
    return store.count("claims") - int(store.query(
        "SELECT count(*) AS c FROM claims WHERE canonical_id IS NOT NULL")[0]["c"])


def ledger_with_fixture(url: str) -> Store:
    store = open_store(url)
    report = ingest([str(FIXTURE)], store, progress=False)
    assert report.failed == 0 and report.stored > 0
    return store


def test_a_run_whose_observations_changed_is_refused(store_url: str) -> None:
    store = ledger_with_fixture(store_url)
    try:
        link_ledger(store)
        before = store.query("SELECT uid, canonical_id FROM claims ORDER BY uid")
        read = store.generation()
        assert ingest([LATE_ARTICLE], store, progress=False).stored == 1
        assert store.generation() == read + 1
        with pytest.raises(StaleLinkRun), store.link_writer("stale", generation=read) as w:
            w.assign([(before[0]["uid"], "clm_stale")])
        # Nothing of the stale run was written; the previous run is intact.
        kept = store.query("SELECT uid, canonical_id FROM claims WHERE uid IN "
                           f"({', '.join('?' for _ in before)}) ORDER BY uid",
                           [r["uid"] for r in before])
        assert kept == before
        assert not store.query("SELECT 1 FROM link_runs WHERE id = 'stale'")
    finally:
        store.close()


def test_a_concurrent_ingest_makes_the_run_stale_and_it_links_again(
        store_url: str, tmp_path: Path) -> None:
    store = ledger_with_fixture(store_url)
    try:
        child = start_child(store_url, tmp_path, retries=1)
        wait_for(tmp_path / "read", child)
        assert ingest([LATE_ARTICLE], store, progress=False).stored == 1
        (tmp_path / "go").touch()
        out, err = child.communicate(timeout=900)
        assert child.returncode == 0, err
        assert "stale" in err
        # The stored run is the second attempt's: it covers the late article's claims.
        assert int(out.split()[-1]) == store.count("claims")
        assert unlinked_claims(store) == 0
        state = store.query("SELECT generation, linked_generation FROM ledger_state")[0]
        assert state["linked_generation"] == state["generation"]
    finally:
        store.close()


def test_the_locked_attempt_makes_a_concurrent_ingest_wait(store_url: str,
                                                          tmp_path: Path) -> None:
    store = ledger_with_fixture(store_url)
    try:
        claims_before = store.count("claims")
        child = start_child(store_url, tmp_path, retries=0)
        wait_for(tmp_path / "read", child)
        writer = subprocess.Popen(
            [sys.executable, "-c", "import sys; from claimledger.ledger import ingest, "
             "open_store; s = open_store(sys.argv[1]); "
             "assert ingest([sys.argv[2]], s, progress=False).stored == 1; s.close()",
             store_url, LATE_ARTICLE],
            env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
        time.sleep(20)  # time enough to analyse one article and reach the lock
        assert writer.poll() is None, "the ingest did not wait for the linking run"
        (tmp_path / "go").touch()
        out, err = child.communicate(timeout=900)
        assert child.returncode == 0, err
        _, writer_err = writer.communicate(timeout=300)
        assert writer.returncode == 0, writer_err
        assert int(out.split()[-1]) == claims_before
        # The ingest committed after the run: its claims are the only unlinked ones.
        assert store.count("claims") > claims_before
        assert unlinked_claims(store) == store.count("claims") - claims_before
        state = store.query("SELECT generation, linked_generation FROM ledger_state")[0]
        assert state["linked_generation"] == state["generation"] - 1
    finally:
        store.close()
