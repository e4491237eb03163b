"""``link`` end to end on real benchmark sentences: clusters, candidates, API contract."""

from __future__ import annotations

import json
from itertools import combinations

import numpy as np
import pytest

import claimledger.linking as linking
from claimledger.linking import LinkingError, LinkResult, Observation, link, load_thresholds
from claimledger.linking.blocks import candidate_pairs
from claimledger.linking.calibrate import DEFAULT_CORPUS, DEFAULT_PAIRS, sentence_spans
from claimledger.linking.cluster import components, decide, shares_anchor, shares_word
from claimledger.linking.embeddings import CachedEmbedder, Embedder, default_embedder
from claimledger.linking.minhash import jaccard, shingles, signatures
from claimledger.linking.tokens import linkable, words


def benchmark_observations(limit_articles: int = 14) -> list[Observation]:
    """Every sentence of the articles that the positive labelled pairs come from."""
    bodies = json.loads(DEFAULT_CORPUS.read_text(encoding="utf-8"))
    rows = [json.loads(x) for x in DEFAULT_PAIRS.read_text().splitlines() if x.strip()]
    articles: list[str] = []
    for row in rows:
        for side in (row["a"], row["b"]):
            if row["label"] and side["article"] not in articles:
                articles.append(side["article"])
    out = []
    for article in articles[:limit_articles]:
        body = bodies[article]["articleBody"]
        for start, end in sentence_spans(body):
            out.append(Observation(f"{article[:8]}:{start}", article, article[:8],
                                   "2019-11-19", body[start:end], None, None, None))
    return out


@pytest.fixture(scope="module")
def observations() -> list[Observation]:
    return benchmark_observations()


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return CachedEmbedder(default_embedder())


@pytest.fixture(scope="module")
def result(observations: list[Observation], embedder: Embedder) -> LinkResult:
    return link(observations, embedder=embedder)


def brute_force_same(observations: list[Observation], embedder: Embedder
                     ) -> set[tuple[int, int]]:
    """What the pair rule accepts when every pair is compared (the reference)."""
    limits = load_thresholds()
    texts = [o.text for o in observations]
    vectors = embedder.embed(texts)
    sets = [shingles(t) for t in texts]
    out = set()
    wordy = [i for i, t in enumerate(texts)
             if words(t) and linkable(t, limits.min_content_words)]
    for i, j in combinations(wordy, 2):
        cosine = float(vectors[i] @ vectors[j])
        if cosine < limits.cosine_guarded and jaccard(sets[i], sets[j]) < limits.jaccard_same:
            continue
        if decide(jaccard(sets[i], sets[j]), cosine, shares_word(texts[i], texts[j]),
                  shares_anchor(texts[i], texts[j]), limits).same:
            out.add((i, j))
    return out


def test_blocked_candidates_find_what_all_pairs_would(observations: list[Observation],
                                                      embedder: Embedder) -> None:
    texts = [o.text for o in observations]
    reference = brute_force_same(observations, embedder)
    pairs = candidate_pairs(texts, signatures(texts), embedder.embed(texts),
                            load_thresholds())
    found = reference & {(int(i), int(j)) for i, j in pairs}
    # Large blocks pair each claim with its neighbours only, so some accepted pairs are
    # never compared; what matters is that their claims still end in one cluster.
    cluster_of = {}
    for number, members in enumerate(components(len(texts), np.array(sorted(found)))):
        cluster_of.update(dict.fromkeys(members, number))
    joined = sum(cluster_of[i] == cluster_of[j] for i, j in reference)
    assert len(reference) >= 20
    assert joined / len(reference) >= 0.95
    assert len(pairs) < len(texts) * 30  # bounded per claim, far below all pairs


def test_labelled_copies_land_in_one_cluster(result: LinkResult,
                                            observations: list[Observation]) -> None:
    by_text = {o.text: o.id for o in observations}
    statement = "It should be noted that recording artists do not need label approval"
    ids = [i for t, i in by_text.items() if t.lstrip('"“').startswith(statement)]
    assert len(ids) == 2
    assert result.clusters[ids[0]] == result.clusters[ids[1]]
    edges = {(e.src, e.dst, e.kind) for e in result.edges}
    assert any(kind == "copies" and {src, dst} == set(ids) for src, dst, kind in edges)


def test_most_sentences_stay_alone(result: LinkResult) -> None:
    sizes = np.bincount(np.unique(list(result.clusters.values()), return_inverse=True)[1])
    assert sizes.max() <= 6
    assert (sizes == 1).mean() > 0.8


def test_result_is_json_ready_and_every_cluster_has_origins(result: LinkResult) -> None:
    json.dumps(result.to_dict())
    for canonical in set(result.clusters.values()):
        assert result.independent_origins(canonical) >= 1
    assert result.independent_origins("no-such-cluster") == 0


def test_progress_errors_and_empty_input(observations: list[Observation],
                                        embedder: Embedder) -> None:
    calls: list[tuple[int, int]] = []
    link(observations[:5], embedder=embedder,
         progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (5, 5)
    assert link([]).clusters == {}
    with pytest.raises(LinkingError):
        link([observations[0], observations[0]])


def test_public_names_are_listed() -> None:
    for name in linking.__all__:
        assert hasattr(linking, name)
    assert {"link", "Observation", "LinkResult", "default_embedder"} <= set(linking.__all__)
