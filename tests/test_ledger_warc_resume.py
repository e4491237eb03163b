"""A WARC archive cut inside a record: the cut record is a failure named with its offset
("truncated"), never a short article; a complete copy of the archive read later is
ingested and resolves the failure; the same archive under another name adds no row.

The archives are cut at test time from the shared news benchmark WARC (one gzip member
per record): its first three records are a Wikipedia-length page (offset 0), a 5,895-
character article (offset 119,721) and a 4,497-character one (offset 179,999).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ledger_support import CORPUS

from claimledger.inputs import InputItem, iter_inputs
from claimledger.ledger import Store, ingest

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server

BENCHMARK = CORPUS / "warc" / "news-benchmark-181.warc.gz"
SECOND, THIRD, END = 119_721, 179_999, 205_593  # record offsets; end of the third


def _cut(tmp_path: Path, name: str, end: int) -> Path:
    """The benchmark's bytes up to ``end``, saved as ``name``."""
    with BENCHMARK.open("rb") as handle:
        data = handle.read(end)
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _items(path: Path) -> list[InputItem]:
    return list(iter_inputs([str(path)]))


def _record(item: InputItem) -> str:
    return item.key.rsplit("#", 1)[1]


def test_a_record_cut_in_its_body_is_truncated_not_a_short_article(tmp_path: Path) -> None:
    items = _items(_cut(tmp_path, "cut.warc.gz", 150_000))
    assert [item.failure is None for item in items] == [True, False]
    failure = items[1].failure
    assert failure is not None and failure.record is not None
    assert failure.record.startswith(f"offset {SECOND} sha1:")
    assert failure.reason.startswith("truncated")
    assert "410,613 bytes" in failure.reason  # what the record declares


@pytest.mark.parametrize("end", [SECOND + 1_000, END - 600])
def test_a_shorter_or_longer_cut_still_says_truncated(tmp_path: Path, end: int) -> None:
    # Near the start of the body the page has no article text yet; near the end the
    # page extracts fully. Either way the record is not whole.
    items = _items(_cut(tmp_path, "cut.warc.gz", end))
    last = items[-1]
    assert last.document is None and last.failure is not None
    assert last.failure.reason.startswith("truncated")
    assert "no article text" not in last.failure.reason


def test_an_archive_cut_inside_record_headers_names_the_record(tmp_path: Path) -> None:
    items = _items(_cut(tmp_path, "cut.warc.gz", SECOND + 200))
    assert items[0].document is not None
    failure = items[-1].failure
    assert failure is not None
    assert _record(items[-1]) == failure.record == f"offset {SECOND}"
    assert "truncated" in failure.reason and "headers" in failure.reason


def test_keys_name_the_records_content(tmp_path: Path) -> None:
    whole = _items(_cut(tmp_path, "whole.warc.gz", END))
    assert [_record(item).split(" ")[:2] for item in whole] == [
        ["offset", "0"], ["offset", str(SECOND)], ["offset", str(THIRD)]]
    assert all(_record(item).split(" ")[2].startswith("sha1:") for item in whole)
    assert all(item.document is not None for item in whole)


def _errors(store: Store) -> dict[str, dict[str, object]]:
    return {str(row["key"]): row for row in store.iter_table("errors")}


def _texts_of(store: Store, url: str) -> list[int]:
    rows = store.query("SELECT length(text) AS n FROM articles WHERE url = ?", (url,))
    return [int(row["n"]) for row in rows]


def test_a_complete_copy_is_ingested_after_a_cut_one(store: Store, tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    second = _items(_cut(tmp_path, "whole.warc.gz", END))[1].document
    assert second is not None and second.url is not None
    second_url = second.url

    # 1. Cut inside the second record's headers: the first is stored, the cut is named.
    shutil.copyfile(_cut(tmp_path, "a", SECOND + 200), archive)
    first = ingest([str(archive)], store, progress=False)
    assert (first.stored, first.failed) == (1, 1)
    header_cut = f"{archive}#offset {SECOND}"
    assert _errors(store)[header_cut]["resolved_at"] is None

    # 2. Cut inside the second record's body: a failure, nothing short is stored.
    shutil.copyfile(_cut(tmp_path, "b", 150_000), archive)
    again = ingest([str(archive)], store, progress=False)
    assert (again.stored, again.skipped, again.failed) == (0, 1, 1)
    assert _texts_of(store, second_url) == []
    body_cut = next(key for key in _errors(store) if key.startswith(f"{header_cut} sha1:"))
    assert "truncated" in str(_errors(store)[body_cut]["reason"])

    # 3. The complete archive under the same name: both records are read and stored
    #    whole, and both earlier failures are resolved.
    shutil.copyfile(_cut(tmp_path, "c", END), archive)
    third = ingest([str(archive)], store, progress=False)
    assert (third.stored, third.skipped, third.failed) == (2, 1, 0)
    assert _texts_of(store, second_url) == [5_895]
    errors = _errors(store)
    assert errors[header_cut]["resolved_at"] is not None
    assert errors[body_cut]["resolved_at"] is not None

    # 4. The same archive under another name: new keys, the same publications.
    copy = tmp_path / "crawl-copy.warc.gz"
    shutil.copyfile(archive, copy)
    fourth = ingest([str(copy)], store, progress=False)
    assert (fourth.stored, fourth.already_stored, fourth.failed) == (0, 3, 0)
    assert store.count("articles") == 3
    assert _texts_of(store, second_url) == [5_895]
