"""Feeds (JSON Feed, Atom, RSS) and fetching their entries through an injected transport."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from claimledger.errors import FetchError
from claimledger.inputs import iter_inputs
from claimledger.inputs.feeds import MIN_CONTENT_WORDS
from claimledger.inputs.fetch import USER_AGENT, Fetcher

FEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "feeds"
FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
ARTICLE = (FIXTURES / "article-latin1.html").read_bytes()


def _serve(request: httpx.Request) -> httpx.Response:
    assert request.headers["user-agent"] == USER_AGENT
    if request.url.path == "/2003/12/13/atom03":
        return httpx.Response(200, content=ARTICLE,
                              headers={"content-type": "text/html; charset=iso-8859-1"})
    return httpx.Response(404)


def test_json_feed_entries_are_documents_with_metadata() -> None:
    items = list(iter_inputs([str(FEEDS / "trafilatura-feed.json")]))
    assert len(items) == 25
    assert all(item.document is not None for item in items)
    keys = [item.key for item in items]
    assert keys[0].endswith("trafilatura-feed.json#entry 1") and len(set(keys)) == 25
    first = items[0].document
    assert first is not None
    assert first.title is not None and first.title.startswith("Keller Rinaudo")
    assert first.url is not None and first.url.startswith("https://www.npr.org/2021/10/29/")
    assert first.published == "2021-10-29"
    assert first.authors == ("Manoush Zomorodi",)
    assert first.outlet == "npr.org"  # the site, not the feed's section title
    assert "<" not in first.text and "Zipline" in first.text


def test_short_summaries_fail_without_fetch_and_long_enough_ones_pass() -> None:
    rss = list(iter_inputs([str(FEEDS / "trafilatura-feed2.rss")]))
    assert [item.document is not None for item in rss] == [True]
    assert rss[0].document is not None
    assert len(rss[0].document.text.split()) >= MIN_CONTENT_WORDS
    assert rss[0].document.published == "2009-09-06"
    assert rss[0].document.outlet == "RSS Title"
    atom = list(iter_inputs([str(FEEDS / "trafilatura-feed1.atom")]))
    assert len(atom) == 2
    for item in atom:
        assert item.failure is not None and "fetch" in item.failure.reason
        assert item.failure.record is not None and item.key.endswith(item.failure.record)


def test_fetch_replaces_short_entries_with_their_pages() -> None:
    atom = FEEDS / "trafilatura-feed1.atom"
    items = list(iter_inputs([str(atom)], fetch=True, transport=httpx.MockTransport(_serve)))
    first, second = items
    assert first.document is not None
    assert "Renée Dubois" in first.document.text
    assert first.document.outlet == "The Lakeside Courier"
    assert first.document.path == str(atom)
    assert second.failure is not None and "404" in second.failure.reason
    assert second.failure.name == "http://example.org/1000"


def test_urls_need_fetch_and_are_fetched_with_it() -> None:
    url = "http://example.org/2003/12/13/atom03"
    [refused] = iter_inputs([url])
    assert refused.failure is not None and "fetch" in refused.failure.reason
    [fetched] = iter_inputs([url], fetch=True, transport=httpx.MockTransport(_serve))
    assert fetched.key == url and fetched.document is not None
    assert fetched.document.encoding == "cp1252"


def test_fetcher_limits_body_size_and_rate_per_host() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    big = httpx.MockTransport(lambda request: httpx.Response(200, content=b"x" * 2048))
    with Fetcher(big, max_bytes=1024, clock=lambda: now[0], sleep=sleep) as fetcher:
        with pytest.raises(FetchError, match="limit"):
            fetcher.fetch("https://a.example/1")
        with pytest.raises(FetchError):
            fetcher.fetch("https://a.example/2")
        assert slept == [1.0]
        with pytest.raises(FetchError):
            fetcher.fetch("https://b.example/1")
        assert slept == [1.0]


def test_network_errors_are_fetch_failures() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    [item] = iter_inputs(["https://down.example/a"], fetch=True,
                         transport=httpx.MockTransport(refuse))
    assert item.failure is not None
    assert item.failure.name == "https://down.example/a"
    assert "ConnectError" in item.failure.reason
