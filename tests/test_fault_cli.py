"""Process faults at the command line: one line naming the cause and the right exit code,
never a traceback, and nothing created or overwritten by mistake.

Closed and full standard output run the real command in a subprocess (the interpreter's
own exit flush is part of what fails); the others call ``main`` in this process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ledger_support import ROOT, WIKINEWS, drop_database, new_database

from claimledger.cli import main
from claimledger.errors import LedgerNotFound
from claimledger.ledger import open_store

pytest_plugins = ["ledger_fixtures"]  # the PostgreSQL server

ARTICLES = [str(p) for p in sorted(WIKINEWS.glob("*.txt"))[:20]]
PYTHON = f"{sys.executable} -m claimledger"


def _shell(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)


def test_stdout_closed_by_head_exits_141_quietly(tmp_path: Path) -> None:
    # 20 articles are two batches: the second is written after head has gone.
    err = tmp_path / "err"
    done = _shell(f"{PYTHON} analyze --format jsonl {' '.join(ARTICLES)} 2>{err} "
                  "| head -1; echo \"exit=${PIPESTATUS[0]}\"")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("{") and lines[-1] == "exit=141", done.stdout[-300:]
    assert err.read_text() == ""


def test_stdout_on_a_full_device_is_one_line_error(tmp_path: Path) -> None:
    done = _shell(f"{PYTHON} analyze --format jsonl {ARTICLES[0]} >/dev/full")
    assert done.returncode == 1
    assert done.stderr.strip() == ("claimledger: error: cannot write to standard output: "
                                   "No space left on device")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("fault-cli") / "ledger.db")
    assert main(["ingest", *ARTICLES[:3], "--db", url, "-q"]) == 0
    return url


def test_export_refuses_an_out_that_is_a_file(ledger: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    assert main(["export", "--db", ledger, "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "existing file" in err and str(target) in err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert main(["analyze", "--format", "html", "--out", str(target), ARTICLES[0]]) == 2
    assert target.read_text(encoding="utf-8") == "keep me"


def test_export_overwrites_an_earlier_export_only_with_force(
        ledger: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "export"
    assert main(["export", "--db", ledger, "--out", str(out)]) == 0
    (out / "articles.jsonl").write_text("edited\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["export", "--db", ledger, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and "articles.jsonl" in err
    assert (out / "articles.jsonl").read_text(encoding="utf-8") == "edited\n"
    assert main(["export", "--db", ledger, "--out", str(out), "--force"]) == 0
    assert (out / "articles.jsonl").read_text(encoding="utf-8").count("\n") == 3


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_serve_refuses_a_port_out_of_range(port: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", port])
    assert stopped.value.code == 2
    assert "--port" in capsys.readouterr().err


def test_quiet_ingest_still_names_its_failures(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code = main(["ingest", ARTICLES[0], str(empty), "--db", str(tmp_path / "l.db"), "-q",
                 "--no-link"])
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.splitlines()
    assert lines[0] == "claimledger: 1 input(s) failed"
    assert lines[1].startswith(f"claimledger: error: {empty}: ")
    assert captured.out == ""


READ_COMMANDS = [["claims"], ["trace", "c0"], ["sources"], ["export", "--out", "x"],
                 ["link", "-q"], ["serve"]]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_refuse_a_ledger_that_does_not_exist(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "typo" / "ledgr.db"
    assert main([*command, "--db", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(missing) in err and "does not exist" in err
    assert list(tmp_path.iterdir()) == []  # no ledger, no folder, no export


@pytest.mark.postgres
def test_a_postgres_database_without_our_schema_is_no_ledger(pg_server: str) -> None:
    url = new_database(pg_server)
    try:
        with pytest.raises(LedgerNotFound, match="no claimledger ledger"):
            open_store(url, create=False)
        with open_store(url) as created:  # ingest and load create one
            assert created.count("articles") == 0
        with open_store(url, create=False) as found:  # now it is one
            assert found.count("articles") == 0
    finally:
        drop_database(pg_server, url)
