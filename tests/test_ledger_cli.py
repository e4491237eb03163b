"""The ledger commands end to end: ingest (with linking), claims, trace, sources, export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from ledger_support import (
    ROOT,
    wikinews_about,
)

from claimledger.cli import main
from claimledger.ledger import open_store
from claimledger.ledger.schema import TABLES

COMMANDS = ("ingest", "link", "claims", "trace", "sources", "export")

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server


@pytest.fixture
def ledger(store_url: str, capsys: pytest.CaptureFixture[str]) -> Iterator[str]:
    """A ledger of 12 Wikinews articles on one company, ingested and linked by the CLI."""
    code = main(["ingest", *wikinews_about("Boeing", 12), "--db", store_url])
    assert code == 0
    err = capsys.readouterr().err
    assert "12 stored" in err and "link:" in err
    yield store_url


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_claims_trace_and_sources(ledger: str, capsys: pytest.CaptureFixture[str]) -> None:
    clusters = _json(capsys, ["claims", "--db", ledger, "--format", "json"])
    assert isinstance(clusters, list) and clusters
    with open_store(ledger) as db:
        assert sum(c["observations"] for c in clusters) == db.count("claims")
    widest = clusters[0]
    assert widest["outlets"] == max(c["outlets"] for c in clusters)
    assert widest["origins"] is not None and widest["origins"] >= 1
    several = _json(capsys, ["claims", "--db", ledger, "--format", "json",
                             "--min-outlets", "2"])
    assert isinstance(several, list)
    assert all(c["outlets"] >= 2 for c in several)
    word = next(w for w in widest["text"].split() if len(w) > 4 and w.isalpha())
    found = _json(capsys, ["claims", "--db", ledger, "--format", "json", "--search", word])
    assert isinstance(found, list)
    assert widest["canonical_id"] in {c["canonical_id"] for c in found}

    traced = _json(capsys, ["trace", widest["canonical_id"], "--db", ledger, "--format",
                            "json"])
    assert isinstance(traced, dict)
    assert len(traced["observations"]) == widest["observations"]
    times = [o["time"] for o in traced["observations"]]
    assert times == sorted(times)
    assert main(["trace", widest["canonical_id"], "--db", ledger]) == 0
    tree = capsys.readouterr().out
    assert f"claim {widest['canonical_id']}" in tree
    assert traced["observations"][0]["uid"] in tree

    sources = _json(capsys, ["sources", "--db", ledger, "--format", "json"])
    assert isinstance(sources, list) and sources
    with open_store(ledger) as db:
        assert sum(s["claims"] for s in sources) == db.query(
            "SELECT count(*) AS c FROM claims c JOIN sources s ON s.article_id = "
            "c.article_id AND s.id = c.holder")[0]["c"]
    assert any(s["articles"] >= 2 for s in sources)


def test_trace_of_an_unknown_id_says_what_to_do(ledger: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "clm_nosuchclaim", "--db", ledger]) == 1
    assert "claimledger claims" in capsys.readouterr().err


def test_link_rerun_keeps_clusters(ledger: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(ledger) as db:
        before = db.query("SELECT uid, canonical_id FROM claims ORDER BY uid")
    summary = _json(capsys, ["link", "--db", ledger])
    assert isinstance(summary, dict) and summary["observations"] == len(before)
    with open_store(ledger) as db:
        assert db.query("SELECT uid, canonical_id FROM claims ORDER BY uid") == before


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_writes_every_table(ledger: str, fmt: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "export"
    assert main(["export", "--db", ledger, "--format", fmt, "--out", str(out)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(TABLES)
    with open_store(ledger) as db:
        for table in TABLES:
            path = out / f"{table}.{fmt}"
            if fmt == "jsonl":
                rows = [json.loads(line) for line in path.read_text().splitlines()]
            elif fmt == "csv":
                with path.open(newline="") as handle:
                    rows = list(csv.DictReader(handle))
            else:
                rows = pq.read_table(path).to_pylist()
            assert len(rows) == db.count(table), table
    if fmt == "jsonl":
        claim = json.loads((out / "claims.jsonl").read_text().splitlines()[0])
        assert isinstance(claim["hedges"], list)  # JSON columns decoded


def test_every_ledger_command_has_help_and_docs() -> None:
    from claimledger.cli import build_parser

    docs = (ROOT / "docs" / "ledger.md").read_text(encoding="utf-8")
    parser = build_parser()
    choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in COMMANDS:
        assert choices[command].description, command
        assert f"claimledger {command}" in docs, command
    for table in TABLES:
        assert f"`{table}`" in docs, table
