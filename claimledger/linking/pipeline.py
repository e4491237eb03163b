"""``link``: the in-memory driver of the linking steps.

It holds every distinct text, vector, signature and candidate pair at once and hands
them to the shared steps: ``distinct`` (texts), ``embeddings`` and ``minhash``
(features), ``blocks`` (candidate pairs), ``decisions`` (the pair rule and copies),
``story_pass`` (rule 4), ``cluster.components`` and ``component`` (clusters, events,
edges, origins, contradictions, member links). ``external.link_external`` and the Spark
job call the same steps on slices of the data, so their results are equal.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from claimledger.errors import LinkingError
from claimledger.linking.blocks import candidate_pairs
from claimledger.linking.cluster import components
from claimledger.linking.component import PairLink, add_records, component_clusters, story_reason
from claimledger.linking.decisions import BatchDecisions, decide_batch, pair_scores
from claimledger.linking.distinct import DistinctTexts, distinct_texts
from claimledger.linking.embeddings import Embedder, Progress, default_embedder, embed_all
from claimledger.linking.minhash import signatures
from claimledger.linking.observation import LinkResult, Observation, Thresholds, load_thresholds
from claimledger.linking.story_pass import StoryPairs, story_links, story_pairs

IntArray = npt.NDArray[np.int64]


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
    decided = decide_batch(pairs, *pair_scores(sigs, vectors, pairs), distinct.texts, limits)
    result = link_distinct(observations, distinct, vectors, decided,
                           story_pairs(observations, distinct, vectors, limits), limits)
    if progress is not None:
        progress(len(observations), len(observations))
    return result


def link_distinct(observations: Sequence[Observation], distinct: DistinctTexts,
                  vectors: npt.NDArray[np.float32], decided: BatchDecisions,
                  story: StoryPairs, limits: Thresholds) -> LinkResult:
    """Components of the accepted and story pairs, each through
    ``component.component_clusters``, in order of their first text."""
    links = decided.links + [PairLink(a, b, story_reason(reason)) for (a, b), reason
                             in zip(story.pairs.tolist(), story.reasons, strict=True)]
    found = components(len(distinct.texts),
                       np.asarray([(k.a, k.b) for k in links], dtype=np.int64).reshape(-1, 2))
    component_of = {g: c for c, members in enumerate(found) for g in members}
    inside: dict[int, list[PairLink]] = {}
    for k in links:
        inside.setdefault(component_of[k.a], []).append(k)
    copies: dict[int, list[tuple[int, int, float]]] = {}
    for a, b, score in decided.copies:
        if component_of[a] == component_of[b]:
            copies.setdefault(component_of[a], []).append((a, b, score))
    result = LinkResult({}, [], {}, [], story_links(observations, distinct, story))
    for c, members in enumerate(found):
        local = {g: t for t, g in enumerate(members)}
        texts = [[observations[i] for i in distinct.groups[g]] for g in members]
        pairs = [PairLink(local[k.a], local[k.b], k.reason) for k in inside.get(c, ())]
        near = [(local[a], local[b], score) for a, b, score in copies.get(c, ())]
        for records in component_clusters(texts, vectors[np.asarray(members, dtype=np.int64)],
                                          pairs, near, limits):
            add_records(result, records)
    return LinkResult({obs.id: result.clusters[obs.id] for obs in observations},
                      result.edges, result.origins, result.contradictions,
                      result.story_links, result.member_links)
