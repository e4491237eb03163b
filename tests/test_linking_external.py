"""``link_external`` (out-of-core linking) gives exactly ``link``'s result.

On real text: every sentence of the calibration corpus (the HTML benchmark's article
bodies, several outlets, stories that trigger the story pass) with the real int8 MiniLM;
again with the spill sizes shrunk so every step runs over many parts and buckets; and on
random observation sets (hypothesis) with the bag-of-words embedder of the property
tests, which exercise undated, unlinkable, duplicate-text and outlet-less observations.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_linking_properties import BagOfWords, Row, build, observation_lists

from claimledger.linking import (
    CachedEmbedder,
    Embedder,
    LinkingError,
    LinkResult,
    Observation,
    default_embedder,
    link,
)
from claimledger.linking import external as external_module
from claimledger.linking import spilled as spilled_module
from claimledger.linking import workdb as workdb_module
from claimledger.linking.calibrate import DEFAULT_CORPUS, sentence_spans
from claimledger.linking.external import LinkCounts, link_external
from claimledger.linking.sink import ResultSink

# Hong Kong, 18 Nov 2019 (The Guardian, Express, Washington Examiner): a story of three
# outlets that the story pass links; every third other page keeps the test quick.
HONG_KONG = ("5fa3154ec031", "624fcd903d56", "e4c6a3b48240")


def _corpus_observations() -> list[Observation]:
    """Every sentence of the chosen benchmark pages, the page's site as the outlet."""
    bodies = json.loads(DEFAULT_CORPUS.read_text(encoding="utf-8"))
    out: list[Observation] = []
    for n, (key, body) in enumerate(sorted(bodies.items())):
        if n % 3 and not key.startswith(HONG_KONG):
            continue
        text = body["articleBody"]
        outlet = body.get("url", "").split("/")[2] if "://" in body.get("url", "") else None
        day = (body.get("datePublished") or "")[:10] or None
        out.extend(Observation(f"{key}:{start}", key, outlet, day, text[start:end],
                               None, None, None)
                   for start, end in sentence_spans(text))
    return out


@pytest.fixture(scope="module")
def corpus() -> list[Observation]:
    return _corpus_observations()


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    """The real model behind a cache shared by the module: every run sees one vector
    per text."""
    return CachedEmbedder(default_embedder())


@pytest.fixture(scope="module")
def reference(corpus: list[Observation], embedder: Embedder) -> LinkResult:
    return link(corpus, embedder=embedder)


def _external(observations: list[Observation], **kwargs: object) -> tuple[LinkResult,
                                                                           LinkCounts]:
    sink = ResultSink()
    counts = link_external(iter(observations), sink, **kwargs)  # type: ignore[arg-type]
    return sink.result(), counts


def _assert_same(got: LinkResult, want: LinkResult) -> None:
    assert got.clusters == want.clusters
    assert got.edges == want.edges
    assert got.origins == want.origins
    assert got.contradictions == want.contradictions
    assert got.story_links == want.story_links
    assert got.member_links == want.member_links


def test_equals_link_on_the_real_corpus(corpus: list[Observation], reference: LinkResult,
                                        embedder: Embedder) -> None:
    assert len(corpus) > 2000 and len({o.outlet for o in corpus}) > 30
    # The corpus exercises every rule: clusters across outlets and story links.
    assert reference.story_links
    assert len(set(reference.clusters.values())) < len(corpus)
    got, counts = _external(corpus, embedder=embedder)
    _assert_same(got, reference)
    assert counts == LinkCounts(len(corpus), len(set(reference.clusters.values())),
                                len(reference.edges), len(reference.contradictions),
                                len(reference.story_links))


def test_equals_link_with_tiny_spill_sizes(corpus: list[Observation], reference: LinkResult,
                                           embedder: Embedder, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    """Many block parts, pair buckets, pair chunks and sink batches: pieces never change
    a decision."""
    for module, name, value in (
            (spilled_module, "PART_RECORDS", 5000), (spilled_module, "BUCKET_TEXTS", 97),
            (spilled_module, "PAIR_CHUNK", 211), (spilled_module, "ARTICLE_ROWS", 7),
            (external_module, "SINK_BATCH", 13), (workdb_module, "INSERT_BATCH", 101),
            (workdb_module, "SQL_VARIABLES", 17)):
        monkeypatch.setattr(module, name, value)
    monkeypatch.setattr("claimledger.linking.spill.FLUSH_RECORDS", 64)
    got, _ = _external(corpus, embedder=embedder, workdir=tmp_path)
    _assert_same(got, reference)
    assert list(tmp_path.iterdir()) == []  # the work directory is gone


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(observation_lists)
def test_equals_link_on_random_observations(rows: list[Row]) -> None:
    observations = build(rows)
    got, _ = _external(observations, embedder=BagOfWords())
    _assert_same(got, link(observations, embedder=BagOfWords()))


def test_reads_the_input_once_and_rejects_duplicate_ids(tmp_path: Path) -> None:
    observations = build([("The central bank raised its main interest rate to 4.5 percent.",
                           "Daily Harbour", (None, None), None, 3, 1)] * 3)
    reads = 0

    def once() -> Iterator[Observation]:
        nonlocal reads
        reads += 1
        yield from observations

    _, counts = _external(list(once()), embedder=BagOfWords())
    assert reads == 1 and counts.observations == 3 and counts.clusters == 1
    twice = observations + observations[:1]
    with pytest.raises(LinkingError, match="share one id"):
        link_external(twice, ResultSink(), embedder=BagOfWords(), workdir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_nothing_in_nothing_out() -> None:
    sink = ResultSink()
    assert link_external([], sink, embedder=BagOfWords()) == LinkCounts(0, 0, 0, 0, 0)
    assert sink.result() == LinkResult({}, [], {}, [])
