"""The browse lists over real HTTP: JSON shape, sorting, paging, filters, CSV twins, an
outlet's page; and HEAD on them."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest
from web_support import ServedApp

from claimledger.ledger.query import ClusterSummary
from claimledger.ledger.store import open_store

# One ledger and one server for every web test module of the session.
pytest_plugins = ["web_fixtures"]


def get(app: ServedApp, path: str) -> Any:
    response = httpx.get(app.url + path, timeout=60)
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()


def test_claims_sort_and_page(served: ServedApp) -> None:
    whole = get(served, "/claims.json?per_page=200")
    assert set(whole) >= {"total", "page", "per_page", "items"}
    assert whole["total"] > 20 and whole["page"] == 1
    for item in whole["items"]:
        assert {"outlets", "independent_origins", "first_seen", "contradictions"} <= set(item)
    for sort, descending in (("outlets", True), ("contradictions", True),
                             ("independent_origins", True), ("first_seen", False)):
        items = get(served, f"/claims.json?sort={sort}&per_page=200")["items"]
        values = [i[sort] or 0 if sort != "first_seen" else i[sort] for i in items]
        assert values == sorted(values, reverse=descending), sort
    one = get(served, "/claims.json?per_page=5&page=1&sort=first_seen")["items"]
    two = get(served, "/claims.json?per_page=5&page=2&sort=first_seen")["items"]
    assert len(one) == len(two) == 5 and not {c["id"] for c in one} & {c["id"] for c in two}
    every = get(served, "/claims.json?per_page=200&sort=first_seen")["items"]
    assert [c["id"] for c in every[5:10]] == [c["id"] for c in two]


def test_claim_filters(served: ServedApp) -> None:
    found = get(served, "/claims.json?q=markets&per_page=200")
    assert 0 < found["total"] < get(served, "/claims.json")["total"]
    outlet = get(served, "/outlets.json")["items"][0]["name"]
    by_outlet = get(served, "/claims.json?per_page=200&outlet=" + outlet)
    assert by_outlet["total"] > 0
    dated = get(served, "/claims.json?per_page=200&since=2008-09-01&until=2008-09-30")
    assert dated["total"] > 0
    assert all("2008-09-01" <= c["first_seen"][:10] <= "2008-09-30" for c in dated["items"])


def test_articles_sources_outlets(served: ServedApp, web_ledger: str) -> None:
    articles = get(served, "/articles.json?sort=claims&per_page=4")
    assert articles["total"] == 19 and len(articles["items"]) == 4
    counts = [a["n_claims"] for a in articles["items"]]
    assert counts == sorted(counts, reverse=True)
    assert all(not a["title"].endswith((".txt", ".gz")) for a in
               get(served, "/articles.json?per_page=200")["items"])
    sources = get(served, "/sources.json?per_page=200")
    keys = [(s["name"], s["kind"]) for s in sources["items"]]
    assert len(keys) == len(set(keys))  # each source once
    boeing = get(served, "/sources.json?q=boeing")["items"]
    assert boeing and all("boeing" in " ".join(s["names"]).lower() for s in boeing)
    outlets = get(served, "/outlets.json?sort=anonymous_share")
    shares = [o["anonymous_share"] for o in outlets["items"]]
    assert shares == sorted(shares, reverse=True)
    assert sum(o["articles"] for o in outlets["items"]) == 19


def test_outlet_page_first_and_repeated(served: ServedApp, web_ledger: str) -> None:
    outlets = [o for o in get(served, "/outlets.json")["items"] if o["url"]]
    page = get(served, outlets[0]["url"] + ".json")
    assert page["outlet"]["name"] == outlets[0]["name"]
    assert page["articles"]["total"] == outlets[0]["articles"]
    assert all(a["outlet"] == outlets[0]["name"] for a in page["articles"]["items"])
    months = [m["month"] for m in page["profile"]]
    assert months == sorted(months) and all(m["total"] > 0 for m in page["profile"])
    claims = page["claims"]
    assert claims["first_count"] + claims["repeated_count"] == claims["shared"]
    assert all(c["first_outlet"] == outlets[0]["name"] for c in claims["first"])
    assert all(c["first_outlet"] != outlets[0]["name"] for c in claims["repeated"])
    html = httpx.get(served.url + outlets[0]["url"], timeout=60)
    assert html.status_code == 200 and "Sourcing over time" in html.text
    assert httpx.get(served.url + "/outlets/no-such-outlet.json").status_code == 404


def test_csv_twins_and_html(served: ServedApp) -> None:
    for kind in ("claims", "articles", "sources", "outlets"):
        data = get(served, f"/{kind}.json?per_page=7")
        response = httpx.get(served.url + f"/{kind}.csv?per_page=7", timeout=60)
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == len(data["items"])
        html = httpx.get(served.url + f"/{kind}?per_page=7", timeout=60)
        assert html.status_code == 200 and "<table class=\"browse\"" in html.text
        assert httpx.head(served.url + f"/{kind}").status_code == 200
    assert httpx.get(served.url + "/claims.json?page=x").status_code == 400


def test_claim_list_matches_the_library(served: ServedApp, web_ledger: str) -> None:
    from claimledger.ledger import list_claims

    store = open_store(web_ledger, migrate=False)
    try:
        expected: list[ClusterSummary] = list_claims(store)
    finally:
        store.close()
    items = get(served, "/claims.json?per_page=200&sort=outlets")["items"]
    assert [i["id"] for i in items] == [c.canonical_id for c in expected][:200]


def test_trace_json_is_the_claim_page_json(served: ServedApp, web_ledger: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from claimledger.cli import main

    widest = get(served, "/claims.json?per_page=1")["items"][0]
    capsys.readouterr()
    assert main(["trace", widest["id"], "--db", web_ledger, "--format", "json"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    assert from_cli == get(served, f"/claims/{widest['id']}.json")
    assert len(from_cli["observations"]) == widest["observations"]


@pytest.mark.parametrize("kind", ["claims", "sources"])
def test_cli_lists_are_the_web_list_items(served: ServedApp, web_ledger: str, kind: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """`claimledger claims|sources --format json` and `/claims.json`, `/sources.json`
    list the same records in the same order; the web adds only its page links."""
    from claimledger.cli import main

    capsys.readouterr()
    assert main([kind, "--db", web_ledger, "--format", "json", "--limit", "30"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    items = get(served, f"/{kind}.json?per_page=30")["items"]
    assert len(from_cli) == len(items) > 5
    links = {"url", "first_outlet_url"}
    assert [{k: v for k, v in i.items() if k not in links} for i in items] == from_cli


def test_search_pages_totals_and_lists_each_source_once(served: ServedApp) -> None:
    whole = get(served, "/search.json?q=president&per_page=200")
    assert whole["totals"]["claims"] == len(whole["claims"]) > 4
    urls = [s["url"] for s in whole["sources"]]
    assert len(urls) == len(set(urls))
    assert sum(s["appearances"] for s in whole["sources"]) >= len(urls)
    first = get(served, "/search.json?q=president&per_page=2&page=1")
    second = get(served, "/search.json?q=president&per_page=2&page=2")
    assert first["totals"] == whole["totals"] and first["total"] == sum(whole["totals"].values())
    assert first["claims"] + second["claims"] == whole["claims"][:4]
    html = httpx.get(served.url + "/search?q=markets&per_page=2", timeout=60).text
    assert "<mark>" in html and 'rel="next"' in html


def test_copies_are_shown_side_by_side(served: ServedApp, web_ledger: str) -> None:
    store = open_store(web_ledger, migrate=False)
    try:
        copied = store.query("SELECT c.uid FROM link_edges e JOIN claims c ON c.uid = e.src "
                             "WHERE e.kind = 'copies' LIMIT 1")
    finally:
        store.close()
    assert copied, "the test ledger has a copies link"
    html = httpx.get(served.url + "/claims/" + copied[0]["uid"], timeout=60).text
    assert 'id="copies"' in html and "<mark>" in html
