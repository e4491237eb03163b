"""Process faults: killing ``claimledger ingest -j 2``'s parent ends all its helpers.

The parent runs in a process group of its own, so every process it starts (forkserver,
resource tracker, workers) is found by that group id even after the parent is gone and
they are re-parented. A supervisor reading the parent's stdout/stderr must get EOF: no
helper may keep them open.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ledger_support import ROOT, WIKINEWS

from claimledger.ledger import open_store

PATHS = [str(p) for p in sorted(WIKINEWS.glob("*.txt"))[:60]]
GONE_WITHIN = 5.0  # seconds every helper may take to notice the parent's death


def _group_members(pgid: int) -> list[tuple[int, str]]:
    """Live (not zombie) processes of process group ``pgid``: (pid, command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended while we looked
        # Fields after the parenthesised command: state, ppid, pgrp, ...
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            found.append((int(entry.name), cmdline.strip()))
    return found


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with open_store(str(db)) as store:
            return store.count("inputs_done")
    except Exception:
        return 0  # the schema is still being created


def _read_to_eof(fd: int, deadline: float) -> bool:
    """Drain ``fd``; True when EOF came before ``deadline``."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], left)
        if ready and not os.read(fd, 65536):
            return True


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill", "term"])
def test_killing_the_parent_ends_forkserver_tracker_and_workers(
        sig: signal.Signals, tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    read_end, write_end = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-m", "claimledger", "ingest", *PATHS, "--db", str(db),
         "-j", "2", "--no-link", "-q"],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=write_end, stderr=write_end,
        start_new_session=True)
    os.close(write_end)
    try:
        deadline = time.monotonic() + 300
        # Workers are analysing once articles are committed; by then the forkserver,
        # the resource tracker and both workers run.
        while _stored(db) < 2:
            assert child.poll() is None, "ingest ended before the kill"
            assert time.monotonic() < deadline, "ingest stored nothing in 5 minutes"
            time.sleep(0.2)
        helpers = [m for m in _group_members(child.pid) if m[0] != child.pid]
        assert len(helpers) >= 3, helpers  # forkserver, resource tracker, 2 workers
        os.kill(child.pid, sig)
        child.wait(timeout=30)
        assert child.returncode == -sig
        killed_at = time.monotonic()
        eof = _read_to_eof(read_end, killed_at + GONE_WITHIN)
        while _group_members(child.pid) and time.monotonic() < killed_at + GONE_WITHIN:
            time.sleep(0.1)
        left = _group_members(child.pid)
        assert left == [], f"still running {GONE_WITHIN}s after the parent died: {left}"
        assert eof, "a helper still holds the parent's stdout/stderr open"
    finally:
        for pid, _ in _group_members(child.pid):  # never leave a stray worker behind
            os.kill(pid, signal.SIGKILL)
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(read_end)
