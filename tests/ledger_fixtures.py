"""Fixtures of the ledger tests (a plugin: ``pytest_plugins = ["ledger_fixtures"]``).

``store_url``/``store`` give an empty ledger once per backend. PostgreSQL comes from
``scripts/postgres.sh`` (which installs Debian's package if missing), started once per
test process; when it cannot start, the postgres-marked tests fail loudly, never skip.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger_support import BACKENDS, POSTGRES_SH, backend_url

from claimledger.ledger import Store, open_store


@functools.cache
def _start_postgres() -> str:
    """Start the server once per test process (however many modules import the fixture);
    it is stopped and removed when the process exits."""
    folder = Path(tempfile.mkdtemp(prefix="claimledger-pg-"))
    done = subprocess.run(["bash", str(POSTGRES_SH), "start", str(folder)],
                          capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"scripts/postgres.sh could not start PostgreSQL:\n{done.stderr}",
                    pytrace=False)

    def stop() -> None:
        subprocess.run(["bash", str(POSTGRES_SH), "stop", str(folder)],
                       capture_output=True, timeout=120, check=False)
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The URL of the session's PostgreSQL server (its ``postgres`` database)."""
    return _start_postgres()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty ledger, once per backend."""
    with backend_url(request, tmp_path) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()
