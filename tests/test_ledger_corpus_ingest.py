"""Everything in one ingest: Wikinews, the HTML benchmark, every WARC/ARC fixture and the
feeds, into one SQLite ledger, then linking. Nothing may be lost silently: each broken
archive record is in the ``errors`` table with its offset, every document the input layer
yields is stored, and the two multi-outlet stories of the HTML benchmark (Ukraine
impeachment hearings, Hong Kong) each give a claim cluster spanning two outlets.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.inputs import InputItem, iter_inputs
from claimledger.ledger import Store, ingest, link_ledger, open_store
from claimledger.ledger.ingest import article_id_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
INPUTS = [str(CORPUS / "wikinews"), str(CORPUS / "html-benchmark" / "html"),
          str(CORPUS / "warc" / "*"), str(CORPUS / "feeds" / "*")]
# Title keywords of the two stories (7 and 5 outlets; corpus README).
UKRAINE_HEARINGS = ("impeachment", "ukraine", "sondland", "volker", "yovanovitch")
HONG_KONG = ("hong kong", "us-china trade war")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def items() -> list[InputItem]:
    return list(iter_inputs(INPUTS))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("corpus") / "ledger.db"
    with open_store(str(path)) as opened:
        started = time.perf_counter()
        report = ingest(INPUTS, opened, jobs=2, progress=False)
        link_ledger(opened)
        print(f"ingest+link: {time.perf_counter() - started:.0f}s, {report.stored} stored, "
              f"{report.failed} failed")
        yield opened


def test_every_broken_archive_record_is_an_error_with_its_offset(
        items: list[InputItem], store: Store) -> None:
    archives = set(glob.glob(INPUTS[2]))
    failures = [item for item in items if item.failure is not None]
    broken = [item for item in failures if item.failure is not None
              and item.failure.name in archives]
    assert len([i for i in broken if "warcio-bad.arc" in i.key]) >= 3
    errors = {row["key"]: row for row in store.iter_table("errors")}
    for item in failures:
        assert item.failure is not None
        assert item.key in errors, item.key
        assert errors[item.key]["reason"] == item.failure.reason
        assert errors[item.key]["record"] == item.failure.record
    for item in broken:
        if "#offset" in item.key:
            offset = item.key.rsplit("#offset ", 1)[1]
            assert offset in (errors[item.key]["record"] or item.key)


def test_every_document_is_stored(items: list[InputItem], store: Store) -> None:
    yielded = {article_id_of(item.document) for item in items if item.document is not None}
    stored = {row["id"] for row in store.iter_table("articles")}
    assert yielded <= stored
    assert stored <= yielded


def _multi_outlet_clusters(store: Store, keywords: tuple[str, ...]) -> list[set[str]]:
    rows = store.query(
        "SELECT c.canonical_id, a.outlet, a.title, c.text FROM claims c "
        "JOIN articles a ON a.id = c.article_id")
    outlets: dict[str, set[str]] = {}
    for row in rows:
        title = (row["title"] or "").lower()
        if row["canonical_id"] and any(word in title for word in keywords):
            outlets.setdefault(row["canonical_id"], set()).add(row["outlet"] or "")
    return [found for found in outlets.values() if len(found) >= 2]


def test_ukraine_hearings_claims_link_across_outlets(store: Store) -> None:
    assert _multi_outlet_clusters(store, UKRAINE_HEARINGS)


def test_hong_kong_claims_link_across_outlets(store: Store) -> None:
    assert _multi_outlet_clusters(store, HONG_KONG)
