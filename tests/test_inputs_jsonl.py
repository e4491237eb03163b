"""JSONL article dumps: bad lines are reported with their line number, the others kept."""

from __future__ import annotations

import gzip
from pathlib import Path

from claimledger.inputs import iter_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"


def test_bad_lines_are_failures_and_good_lines_documents() -> None:
    path = str(FIXTURES / "small.jsonl")
    items = list(iter_inputs([path]))
    assert [item.key for item in items] == [f"{path}#line {n}" for n in (1, 2, 3, 5, 6)]
    good = [item.document for item in items if item.document is not None]
    bad = [item.failure for item in items if item.failure is not None]
    assert len(good) == 2
    assert [f.record for f in bad] == ["line 2", "line 3", "line 5"]
    assert "not valid JSON" in bad[0].reason and "text" in bad[1].reason
    first = good[0]
    assert first.title == "Council approves budget"
    assert first.published == "2021-05-03"
    assert first.outlet == "news.example"
    assert first.authors == ("Jo Smith", "Lee Park")
    assert good[1].text == "Officials said the port would reopen next week."
    assert good[1].authors == ("Ana Lima",)


def test_gzipped_jsonl_and_a_truncated_one(tmp_path: Path) -> None:
    data = (FIXTURES / "small.jsonl").read_bytes()
    whole = tmp_path / "dump.jsonl.gz"
    whole.write_bytes(gzip.compress(data))
    assert sum(1 for item in iter_inputs([str(whole)]) if item.document) == 2
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(data * 50)[:300])
    items = list(iter_inputs([str(cut)]))
    assert items[-1].failure is not None and "truncated" in items[-1].failure.reason
