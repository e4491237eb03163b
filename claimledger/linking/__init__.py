"""Cross-article linking: claim clusters, provenance edges, origins and contradictions.

    >>> from claimledger.linking import link
    >>> result = link(observations)                     # doctest: +SKIP
    >>> cid = result.clusters[observations[0].id]       # doctest: +SKIP
    >>> result.independent_origins(cid)                 # doctest: +SKIP

Steps (each near-linear in the number of observations; see ``docs/linking.md``):
MinHash signatures and embeddings -> blocked candidate pairs (``ann``) -> the pair rule
(``cluster.decide``) -> union-find clusters -> per-cluster edges, origins
(``provenance``) and numeric contradictions (``contradictions``).
"""

from __future__ import annotations

from collections.abc import Sequence

from claimledger.errors import LinkingError
from claimledger.linking.embeddings import (
    CachedEmbedder,
    Embedder,
    OnnxMiniLM,
    default_embedder,
)
from claimledger.linking.minhash import signatures
from claimledger.linking.observation import (
    Contradiction,
    Edge,
    LinkResult,
    MemberLink,
    Observation,
    Origin,
    QuantityValue,
    StoryLink,
    Thresholds,
    load_thresholds,
)
from claimledger.linking.pipeline import (
    Progress,
    candidate_pairs,
    distinct_texts,
    embed_all,
    link_distinct,
    score_pairs,
    story_pairs,
)

__all__ = [
    "CachedEmbedder",
    "Contradiction",
    "Edge",
    "Embedder",
    "LinkResult",
    "LinkingError",
    "MemberLink",
    "Observation",
    "OnnxMiniLM",
    "Origin",
    "QuantityValue",
    "StoryLink",
    "Thresholds",
    "default_embedder",
    "link",
    "load_thresholds",
]



def link(observations: Sequence[Observation], *, embedder: Embedder | None = None,
         thresholds: Thresholds | None = None, progress: Progress | None = None
         ) -> LinkResult:
    """Cluster observations that assert the same claim and trace where each came from.

    ``progress(done, total)`` is called as distinct texts are embedded and once at the end.
    """
    limits = thresholds or load_thresholds()
    ids = [obs.id for obs in observations]
    if len(set(ids)) != len(ids):
        raise LinkingError("two observations share one id; ids must be unique")
    if not observations:
        return LinkResult({}, [], {}, [])
    distinct = distinct_texts(observations, limits.min_content_words)
    vectors = embed_all(distinct.texts, embedder or default_embedder(), progress)
    sigs = signatures(distinct.texts, num_perm=limits.num_perm,
                      shingle_words=limits.shingle_words)
    pairs = candidate_pairs(distinct.texts, sigs, vectors, limits)
    result = link_distinct(observations, distinct, vectors,
                           score_pairs(sigs, vectors, pairs, distinct.texts, limits),
                           story_pairs(observations, distinct, vectors, limits), limits)
    if progress is not None:
        progress(len(observations), len(observations))
    return result
