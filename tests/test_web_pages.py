"""Every page and its JSON twin, served by uvicorn over a ledger of real articles."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from web_support import ServedApp, ledger_inputs

from claimledger.names import normalize_name, same_organization, same_person

# One ledger and one server for every web test module of the session.
pytest_plugins = ["web_fixtures"]


def get_json(app: ServedApp, path: str) -> dict[str, Any]:
    response = httpx.get(app.url + path, timeout=30)
    assert response.status_code == 200, (path, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    data: dict[str, Any] = response.json()
    return data


def get_html(app: ServedApp, path: str) -> str:
    response = httpx.get(app.url + path, timeout=30)
    assert response.status_code == 200, (path, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.fixture(scope="module")
def overview(served: ServedApp) -> dict[str, Any]:
    return get_json(served, "/overview.json")


def test_overview_counts_and_lists(served: ServedApp, overview: dict[str, Any]) -> None:
    counts = overview["counts"]
    assert counts["articles"] == len(ledger_inputs()) and counts["claims"] > counts["clusters"] > 0
    # Undated articles are counted apart, never charted at their ingest month.
    assert sum(m["articles"] for m in overview["monthly"]) + overview["undated_articles"] \
        == counts["articles"]
    assert overview["most_travelled"] and overview["most_cited_sources"]
    assert all(c["articles"] > 1 for c in overview["most_travelled"])
    mix = overview["outlet_source_mix"]
    assert all(sum(row["kinds"].values()) == row["total"] for row in mix)
    html = get_html(served, "/")
    assert "<svg" in html and overview["most_travelled"][0]["url"] in html
    assert get_json(served, "/index.json")["counts"] == counts


def test_article_twin_is_the_stored_analysis(served: ServedApp,
                                             overview: dict[str, Any]) -> None:
    for item in overview["recent_articles"]:
        data = get_json(served, item["url"] + ".json")["analysis"]
        text = data["document"]["text"]
        for attribution in data["attributions"]:
            span = attribution["content"]
            assert text[span["start"]:span["end"]] == span["text"]
        for claim in data["claims"]:
            assert claim["cluster_url"].startswith("/claims/") and claim["cluster_size"] >= 1
        assert {"sources", "claims", "quantities", "flags", "profile"} <= set(data)
    html = get_html(served, overview["recent_articles"][0]["url"])
    assert 'id="article-text"' in html and "Sourcing profile" in html


def test_cluster_trace(served: ServedApp, overview: dict[str, Any]) -> None:
    top = overview["most_travelled"][0]
    data = get_json(served, top["url"] + ".json")
    times = [o["time"] or "" for o in data["observations"]]
    assert times == sorted(times) and data["articles"] == top["articles"]
    assert data["independent_origins"] == len(data["origins"]) >= 1

    def walk(nodes: list[dict[str, Any]]) -> list[str]:
        return [uid for n in nodes for uid in [n["uid"], *walk(n["children"])]]

    in_tree = [uid for uid in walk(data["tree"]) if not uid.startswith("virtual:")]
    assert sorted(in_tree) == sorted(o["uid"] for o in data["observations"])
    html = get_html(served, top["url"])
    assert 'id="trace"' in html and "<svg" in html and 'id="origins"' in html


def test_source_page_gathers_one_source_across_articles(
        served: ServedApp, overview: dict[str, Any]) -> None:
    top = overview["most_cited_sources"][0]
    data = get_json(served, top["url"] + ".json")
    key = unquote(top["url"].removeprefix("/sources/")).removeprefix("n:")
    assert data["articles"] >= top["articles"]
    for appearance in data["appearances"]:
        name = appearance["name"]
        assert normalize_name(name) == key or same_person(name, key) or \
            same_organization(name, key)
    assert sum(len(a["attributions"]) for a in data["appearances"]) == data["attributions"]
    assert "<svg" in get_html(served, top["url"])


def test_search_with_filters(served: ServedApp) -> None:
    data = get_json(served, "/search.json?q=markets")
    assert data["claims"] and data["quotes"]
    assert all("market" in c["text"].lower() for c in data["claims"])
    outlet = data["claims"][0]["outlet"]
    narrowed = get_json(served, f"/search.json?q=markets&outlet={outlet}")
    assert narrowed["claims"] and all(c["outlet"] == outlet for c in narrowed["claims"])
    dated = get_json(served, "/search.json?q=markets&since=2008-09-18&until=2008-09-18")
    assert dated["claims"] and all(c["time"].startswith("2008-09-18") for c in dated["claims"])
    people = get_json(served, "/search.json?q=said&kind=named_person")
    assert all(a["source_kind"] == "named_person" for a in people["quotes"])
    hedged = get_json(served, "/search.json?q=markets&support=hedged")
    assert all("unhedged" not in c["support"] for c in hedged["claims"])
    assert "markets" in get_html(served, "/search?q=markets")


@pytest.mark.parametrize("path", ["/articles/nope", "/sources/n%3Anobody%20at%20all",
                                  "/claims/clm_missing"])
def test_missing_things_are_404_in_both_formats(served: ServedApp, path: str) -> None:
    page = httpx.get(served.url + path, timeout=30)
    twin = httpx.get(served.url + path + ".json", timeout=30)
    assert page.status_code == twin.status_code == 404
    assert "text/html" in page.headers["content-type"] and twin.json()["status"] == 404
