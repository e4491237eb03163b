"""HTML pages: the real benchmark pages extract text, title and outlet close to the gold."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from claimledger.inputs import InputItem, iter_inputs, read_document
from claimledger.inputs.html import document_from_html, looks_like_html

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
BENCHMARK = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "html-benchmark"


@pytest.fixture(scope="module")
def benchmark_items() -> list[InputItem]:
    return list(iter_inputs([str(BENCHMARK / "html")]))


@pytest.fixture(scope="module")
def gold() -> dict[str, dict[str, str]]:
    with open(BENCHMARK / "ground-truth.json", encoding="utf-8") as handle:
        data: dict[str, dict[str, str]] = json.load(handle)
    return data


def _overlap(extracted: str, expected: str) -> tuple[float, float]:
    got, want = Counter(extracted.lower().split()), Counter(expected.lower().split())
    common = sum((got & want).values())
    return common / max(1, sum(got.values())), common / max(1, sum(want.values()))


def test_every_benchmark_page_is_one_item(benchmark_items: list[InputItem]) -> None:
    assert len(benchmark_items) == 181
    documents = [item.document for item in benchmark_items if item.document is not None]
    assert len(documents) >= 175
    for item in benchmark_items:
        if item.failure is not None:
            assert "no article text" in item.failure.reason


def test_benchmark_text_overlaps_the_gold_article_body(
        benchmark_items: list[InputItem], gold: dict[str, dict[str, str]]) -> None:
    precisions, recalls = [], []
    for item in benchmark_items:
        if item.document is None:
            continue
        page_id = os.path.basename(item.key).split(".")[0]
        precision, recall = _overlap(item.document.text, gold[page_id]["articleBody"])
        precisions.append(precision)
        recalls.append(recall)
    assert sum(precisions) / len(precisions) > 0.9
    assert sum(recalls) / len(recalls) > 0.9


def test_benchmark_metadata_is_filled(benchmark_items: list[InputItem]) -> None:
    documents = [item.document for item in benchmark_items if item.document is not None]
    assert all(d.title for d in documents)
    assert sum(1 for d in documents if d.outlet) >= 0.95 * len(documents)
    assert sum(1 for d in documents if d.published) >= 0.9 * len(documents)
    for document in documents:
        assert "\n\n\n" not in document.text
        if document.published:
            assert len(document.published) == 10 and document.published[4] == "-"
        assert document.path is not None and document.path.endswith(".html.gz")


def test_a_known_page_has_its_outlet_title_and_date(benchmark_items: list[InputItem]) -> None:
    wsj = [item.document for item in benchmark_items
           if item.document is not None and item.document.url
           and "wsj.com/articles/google-stadia" in item.document.url]
    assert len(wsj) == 1
    assert wsj[0].outlet == "Wall Street Journal"
    assert wsj[0].title is not None and "Stadia" in wsj[0].title
    assert wsj[0].published == "2019-11-19"
    assert wsj[0].text.startswith("Gaming used to be so simple.")
    assert "\n\n" in wsj[0].text


def test_latin1_page_with_meta_charset_and_metadata() -> None:
    document = read_document(str(FIXTURES / "article-latin1.html"))
    assert document.encoding == "cp1252"
    assert "Renée Dubois" in document.text
    assert document.outlet == "The Lakeside Courier"
    assert document.url == "https://www.lakeside-courier.example/news/2021/03/harbour-bridge"
    assert document.published == "2021-03-14"
    assert document.authors == ("Anna Müller",)
    assert "Home" not in document.text.split("\n\n")


def test_outlet_falls_back_to_the_host_without_www() -> None:
    html = (FIXTURES / "article-latin1.html").read_bytes().decode("latin-1")
    for removed in ('<meta property="og:site_name" content="The Lakeside Courier">',
                    "| The Lakeside Courier", "<footer>© The Lakeside Courier</footer>",
                    '<link rel="canonical" '
                    'href="https://www.lakeside-courier.example/news/2021/03/harbour-bridge">'):
        assert removed in html
        html = html.replace(removed, "")
    document = document_from_html(html, name="page", url="https://www.other.example/x")
    assert document.outlet == "other.example"
    assert document.url == "https://www.other.example/x"


def test_looks_like_html() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("\n  <html lang='en'><head></head></html>")
    assert looks_like_html("<p>Officials said so.</p>")
    assert not looks_like_html("Officials said the <b> tag was deprecated in 1999.")
    assert not looks_like_html("A plain article.\n\nWith two paragraphs.")
