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

from claimledger.errors import LinkingError
from claimledger.linking.embeddings import (
    CachedEmbedder,
    Embedder,
    OnnxMiniLM,
    default_embedder,
)
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
from claimledger.linking.pipeline import link

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
