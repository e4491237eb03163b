"""The web app's whole-ledger groupings are recomputed when the ledger changed, not every
``ttl`` seconds: a refresh first compares the ledger's content fingerprint (generation,
linked generation, last linking run) with the one the value was computed at."""

from __future__ import annotations

from pathlib import Path

from claimledger.ledger.store import open_store
from claimledger.web.app import Ledger


def settle(ledger: Ledger) -> None:
    """Wait until the refresh thread has done what was asked of it so far."""
    ledger._refresher.submit(lambda: None).result(timeout=30)


def test_a_refresh_recomputes_only_after_a_change(tmp_path: Path) -> None:
    url = str(tmp_path / "ledger.db")
    ledger = Ledger(url)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    try:
        assert ledger.cached("k", 0.0, compute) == 1
        for _ in range(3):  # expired at once (ttl 0), but the ledger has not changed
            assert ledger.cached("k", 0.0, compute) == 1
            settle(ledger)
        assert len(calls) == 1
        # Another process links the ledger (as `claimledger link` would).
        other = open_store(url)
        try:
            other.replace_links("run-2", {}, {})
        finally:
            other.close()
        assert ledger.cached("k", 0.0, compute) == 1  # the stale value, refreshed behind
        settle(ledger)
        assert len(calls) == 2
        assert ledger.cached("k", 3600.0, compute) == 2
        ledger.invalidate()  # a write through the app
        assert ledger.cached("k", 3600.0, compute) == 3
    finally:
        ledger.close()
