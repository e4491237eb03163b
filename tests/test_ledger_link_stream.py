"""Streaming linking on both backends: ``iter_observations`` reads the ledger in batches,
``StoreSink`` and ``link_writer`` write a run's results in batches in one transaction.

The ledger holds real articles: the multi-outlet fixture (edges, origins and a numeric
contradiction), a few Wikinews articles on one subject and the HTML benchmark's Hong Kong
pages (quantities, cited publications, several outlets).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ledger_support import (
    BACKENDS,
    CORPUS,
    backend_url,
    snapshot,
    wikinews_about,
)

from claimledger.errors import StoreError
from claimledger.ledger import Store, ingest, link_ledger, open_store
from claimledger.ledger.links import (
    StoreSink,
    iter_observations,
    link_rows,
    observation_of,
    observations,
    quantity_value,
)
from claimledger.linking import LinkResult, Observation, link
from claimledger.linking.observation import Contradiction, Edge, QuantityValue
from claimledger.linking.sink import replay

pytest_plugins = ["ledger_fixtures"]

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "multi-outlet"
HTML = CORPUS / "html-benchmark"
FIXTURE_ARTICLES = len(list(FIXTURE.glob("*.txt")))


def hong_kong_pages(count: int) -> list[str]:
    """The first ``count`` benchmark pages (by name) whose gold body names Hong Kong."""
    gold = json.loads((HTML / "ground-truth.json").read_text(encoding="utf-8"))
    names = sorted(k for k, v in gold.items() if "Hong Kong" in v["articleBody"])
    return [str(HTML / "html" / f"{name}.html.gz") for name in names[:count]]


INPUTS = [str(FIXTURE), *wikinews_about("Boeing", 4), *hong_kong_pages(3)]


@pytest.fixture(scope="module", params=BACKENDS)
def ledger(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One ledger per backend holding ``INPUTS`` (not linked)."""
    with backend_url(request, tmp_path_factory.mktemp("stream")) as url:
        opened = open_store(url)
        report = ingest(INPUTS, opened, progress=False)
        assert report.failed == 0 and report.stored == len(INPUTS) - 1 + FIXTURE_ARTICLES
        try:
            yield opened
        finally:
            opened.close()


@pytest.fixture(scope="module")
def result(ledger: Store) -> LinkResult:
    return link(observations(ledger))


def in_memory_observations(store: Store) -> list[Observation]:
    """The construction ``iter_observations`` replaced: every quantity in one dict, every
    claim in one fetch."""
    quantities: dict[str, dict[str, QuantityValue]] = {}
    for q in store.iter_table("quantities"):
        quantities.setdefault(q["article_id"], {})[str(q["id"])] = quantity_value(q)
    rows = store.query(
        "SELECT c.uid, c.article_id, c.text, c.quantity_ids, a.outlet, a.published, "
        "s.name AS holder_name, s.kind AS holder_kind "
        "FROM claims c JOIN articles a ON a.id = c.article_id "
        "LEFT JOIN sources s ON s.article_id = c.article_id AND s.id = c.holder "
        "ORDER BY c.n")
    return [observation_of(row, outlet=row["outlet"], published=row["published"],
                           holder_name=row["holder_name"], holder_kind=row["holder_kind"],
                           quantities=quantities.get(row["article_id"], {}))
            for row in rows]


def link_tables(store: Store) -> dict[str, Any]:
    """The stored linking result: canonical ids by uid and the ``link_*`` rows, sorted."""
    out: dict[str, Any] = {"canonical": {
        r["uid"]: r["canonical_id"]
        for r in store.query("SELECT uid, canonical_id FROM claims "
                             "WHERE canonical_id IS NOT NULL")}}
    for table in ("link_edges", "link_origins", "link_contradictions", "link_reasons"):
        out[table] = sorted(store.iter_table(table), key=json.dumps)
    return out


def expected_tables(found: LinkResult) -> dict[str, Any]:
    rows = link_rows(found)
    return {"canonical": dict(found.clusters),
            **{table: sorted(rows[table], key=json.dumps) for table in rows}}


def run_row(store: Store, run_id: str) -> dict[str, Any]:
    (row,) = store.query("SELECT observations, clusters FROM link_runs WHERE id = ?",
                         (run_id,))
    return row


def test_iter_observations_equals_the_in_memory_construction(ledger: Store) -> None:
    streamed = list(iter_observations(ledger))
    assert streamed == in_memory_observations(ledger)
    assert observations(ledger) == streamed
    assert len(streamed) == ledger.count("claims") > 50
    assert len({o.article_id for o in streamed}) == ledger.count("articles")
    # The joins carry real data: numbers, holders and cited publications.
    assert sum(1 for o in streamed if o.quantities) >= 5
    assert any(o.holder_name for o in streamed)
    assert any(o.cited for o in streamed)


@pytest.mark.parametrize("batch", [1, 7])
def test_small_batches_give_the_same_observations(ledger: Store, batch: int) -> None:
    assert list(iter_observations(ledger, batch=batch)) == list(
        iter_observations(ledger, batch=2000))


def test_a_batch_below_one_is_refused(ledger: Store) -> None:
    with pytest.raises(ValueError, match="batch"):
        next(iter_observations(ledger, batch=0))


def test_store_sink_writes_the_rows_of_link_rows(ledger: Store, result: LinkResult) -> None:
    assert result.edges and result.contradictions  # the comparison covers every table
    with StoreSink(ledger, "sink", flush_rows=3) as sink:
        replay(result, sink)
    streamed = link_tables(ledger)
    assert streamed == expected_tables(result)
    clusters = len(set(result.clusters.values()))
    assert run_row(ledger, "sink") == {"observations": len(result.clusters),
                                       "clusters": clusters}
    assert sink.clusters_seen == clusters
    assert sink.observations_seen == len(result.clusters)

    ledger.replace_links("replace", dict(result.clusters), link_rows(result))
    assert link_tables(ledger) == streamed
    assert run_row(ledger, "replace") == run_row(ledger, "sink")


def test_repeated_edges_and_contradictions_keep_the_last_reason(
        ledger: Store, result: LinkResult) -> None:
    again = dataclasses.replace(
        result,
        edges=[*result.edges, *(dataclasses.replace(e, reason="again") for e in result.edges)],
        contradictions=[*result.contradictions,
                        *(Contradiction(c.a, c.b, "again") for c in result.contradictions)])
    with StoreSink(ledger, "twice", flush_rows=2) as sink:
        replay(again, sink)
    stored = link_tables(ledger)
    assert stored == expected_tables(again)
    assert {e["reason"] for e in stored["link_edges"]} == {"again"}
    assert len(stored["link_edges"]) == len({(e.src, e.dst, e.kind) for e in result.edges})


def test_a_failed_run_leaves_the_previous_run_intact(ledger: Store,
                                                     result: LinkResult) -> None:
    ledger.replace_links("previous", dict(result.clusters), link_rows(result))
    before = snapshot(ledger)
    runs = ledger.query("SELECT * FROM link_runs ORDER BY id")
    # Every observation its own cluster: a run that differs from the stored one.
    alone = {uid: f"alone:{uid}" for uid in result.clusters}
    other = LinkResult(alone, [Edge(u, u, "same_article", "x") for u in alone], {}, [])

    with pytest.raises(RuntimeError, match="linking failed"), \
            StoreSink(ledger, "failed", flush_rows=2) as sink:
        replay(other, sink)  # flushed many batches before the failure
        raise RuntimeError("linking failed")
    assert snapshot(ledger) == before

    with pytest.raises(StoreError), ledger.link_writer("broken", flush_rows=1) as writer:
        writer.assign(alone.items())
        writer.add("link_edges", [{"src": None, "dst": "d", "kind": "cites", "reason": ""}])
    assert snapshot(ledger) == before
    assert ledger.query("SELECT * FROM link_runs ORDER BY id") == runs


def test_rows_missing_a_column_are_refused(ledger: Store) -> None:
    with pytest.raises(ValueError, match="columns"), ledger.link_writer("bad") as writer:
        writer.add("link_contradictions", [{"a": "x", "b": "y"}])


def test_the_ledger_can_be_read_while_a_run_is_being_written(ledger: Store,
                                                            result: LinkResult) -> None:
    """A linker may still read observations after its first result: the read is a
    savepoint of the writer's transaction on both backends."""
    expected = list(iter_observations(ledger))
    with StoreSink(ledger, "reading") as sink:
        sink.clusters(list(result.clusters.items()))
        assert list(iter_observations(ledger, batch=7)) == expected
        assert ledger.count("link_runs") >= 1
    assert link_tables(ledger)["canonical"] == result.clusters


def test_link_ledger_stores_what_link_finds(ledger: Store, result: LinkResult) -> None:
    summary = link_ledger(ledger)
    assert (summary.observations, summary.clusters, summary.edges,
            summary.contradictions) == (len(result.clusters),
                                        len(set(result.clusters.values())),
                                        len(result.edges), len(result.contradictions))
    assert link_tables(ledger) == expected_tables(result)
    assert run_row(ledger, summary.run_id) == {"observations": summary.observations,
                                               "clusters": summary.clusters}


def test_an_empty_ledger_links_to_an_empty_run(store: Store) -> None:
    summary = link_ledger(store)
    assert (summary.observations, summary.clusters) == (0, 0)
    assert run_row(store, summary.run_id) == {"observations": 0, "clusters": 0}

