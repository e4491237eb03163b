"""The browse-list queries (``claimledger.ledger.lists``) on SQLite and PostgreSQL: the
same small ledger of real articles gives the same lists on both backends."""

from __future__ import annotations

from typing import Any

from ledger_support import wikinews_about

from claimledger.ledger import Store, ingest, link_ledger, list_claims, list_sources
from claimledger.ledger.claim_trace import claim_trace
from claimledger.ledger.lists import (
    Filters,
    Paging,
    article_list,
    claim_list,
    outlet_claims,
    outlet_list,
    outlet_profile,
    outlet_summaries,
    source_list,
)

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server


def test_lists_over_a_linked_ledger(store: Store) -> None:
    inputs = wikinews_about("Boeing", 4)
    assert ingest(inputs, store, progress=False).failed == 0
    link_ledger(store)
    summaries = list_claims(store)
    claims = claim_list(store, summaries, filters=Filters(), sort="first_seen",
                        paging=Paging.of(1, 200))
    assert claims.total == len(summaries) > 10
    firsts = [c["first_seen"] for c in claims.items]
    assert firsts == sorted(firsts)
    found = claim_list(store, summaries, filters=Filters(q="Boeing"))
    assert 0 < found.total < claims.total
    articles = article_list(store, filters=Filters(), sort="claims", paging=Paging.of(1, 2))
    assert articles.total == 4 and len(articles.items) == 2
    assert articles.items[0]["n_claims"] >= articles.items[1]["n_claims"]
    second = article_list(store, filters=Filters(), sort="claims", paging=Paging.of(2, 2))
    assert {a["id"] for a in second.items}.isdisjoint(a["id"] for a in articles.items)
    outlets = outlet_summaries(store)
    assert sum(o["articles"] for o in outlets) == 4
    name = outlets[0]["name"]
    assert outlet_list(outlets, filters=Filters(q=name)).total >= 1
    profile = outlet_profile(store, name)
    assert profile and all(m["total"] == sum(m["kinds"].values()) for m in profile)
    carried = outlet_claims(store, name, summaries)
    assert carried["carried"] > 0
    sources = source_list(list_sources(store), filters=Filters(q="boeing"))
    assert sources.total >= 1 and sources.items[0]["identity"]
    with store.transaction(write=False) as tx:
        trace: dict[str, Any] | None = claim_trace(tx, claims.items[0]["id"])
    assert trace is not None and trace["id"] == claims.items[0]["id"]
