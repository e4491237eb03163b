"""The browse-list queries (``claimledger.ledger.lists``) on SQLite and PostgreSQL: the
same small ledger of real articles gives the same lists on both backends."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import pytest
from ledger_support import wikinews_about

from claimledger.ledger import Store, ingest, link_ledger, list_claims, list_sources, views
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
from claimledger.ledger.views import trace_document

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
    trace: dict[str, Any] | None = trace_document(store, claims.items[0]["id"])
    assert trace is not None and trace["id"] == claims.items[0]["id"]


def test_page_views_and_the_trace_document(store: Store, store_url: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The read views behind the web pages, on both backends: each reads what the
    ledger holds, and `trace --format json` prints the document `/claims/ID.json`
    serves, whichever observation of the cluster names it."""
    from claimledger.cli import main

    inputs = wikinews_about("Boeing", 3)
    assert ingest(inputs, store, progress=False).failed == 0
    link_ledger(store)
    widest = list_claims(store)[0]
    document = trace_document(store, widest.canonical_id)
    assert document is not None and document["id"] == widest.canonical_id
    assert len(document["observations"]) == widest.observations
    member = document["observations"][-1]["uid"]
    assert trace_document(store, member) == document
    assert trace_document(store, "clm_nosuchclaim") is None
    capsys.readouterr()
    assert main(["trace", member, "--db", store_url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == document

    front = views.overview(store)
    assert front["counts"]["articles"] == 3
    # Every article is charted in its month of publication or counted as undated.
    assert sum(m["articles"] for m in front["monthly"]) + front["undated_articles"] == 3
    first = document["observations"][0]
    page = views.article(store, first["article_id"])
    assert page is not None and page.article_id == first["article_id"]
    assert page.to_dict()["analysis"]["claims"], "the article's claims"
    assert views.article(store, "no-such-article") is None

    found = views.search(store, "Boeing", per_page=5)
    assert found["totals"]["claims"] > 0 and len(found["claims"]) <= 5
    assert all("boeing" in c["text"].lower() for c in found["claims"])
    urls = [s["url"] for s in found["sources"]]
    assert len(urls) == len(set(urls)), "each source once"
    choices = views.search_choices(store)
    assert choices["outlets"] == sorted(choices["outlets"])

    named = next(s for s in found["sources"] if s["url"].startswith("/sources/n%3A"))
    source = views.source(store, unquote(named["url"].removeprefix("/sources/")))
    assert source is not None and source["articles"] >= 1
    assert views.source(store, "n:nobody at all here") is None
