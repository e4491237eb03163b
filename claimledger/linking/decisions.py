"""Decisions for a batch of candidate pairs: which are the same claim and why, which
are near-copies. Every driver scores its pairs (MinHash estimate, cosine) however it
holds them and hands batches of any size to ``decide_batch``; a pair's decision depends
on the pair alone, so batches never change a result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimledger.linking.cluster import (
    RULE_JACCARD,
    needs_texts,
    pair_cosines,
    pair_rules,
    rule_reason,
)
from claimledger.linking.component import PairLink
from claimledger.linking.minhash import estimated_jaccard, jaccard, shingles
from claimledger.linking.observation import Thresholds

IntArray = npt.NDArray[np.int64]
Texts = Sequence[str] | Mapping[int, str]
# Shingle sets a caller keeps between batches (a bucket's texts recur in its pairs).
SHINGLE_CACHE = 2048


@dataclass(frozen=True, slots=True)
class BatchDecisions:
    """``links``: the accepted pairs with their reasons; ``copies``: ``(a, b, exact
    shingle Jaccard)`` of the near-copies (>= ``jaccard_copies``), one per pair."""

    links: list[PairLink]
    copies: list[tuple[int, int, float]]


def pair_scores(sigs: npt.NDArray[np.uint32], vectors: npt.NDArray[np.float32],
                pairs: IntArray) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
    """The MinHash Jaccard estimate and the cosine of each pair (rows of ``sigs`` and
    ``vectors`` numbered as ``pairs`` numbers texts: all texts, or the rows a driver
    gathered for one batch; each score depends on its two rows alone)."""
    return estimated_jaccard(sigs, pairs), pair_cosines(vectors, pairs)


def copy_shortlist(jaccards: npt.NDArray[np.float64], limits: Thresholds
                   ) -> npt.NDArray[np.intp]:
    """Pairs whose MinHash estimate is within ~0.15 of the copy bar: the exact shingle
    Jaccard decides them."""
    return np.flatnonzero(jaccards >= limits.jaccard_copies - 0.15)


def texts_needed(pairs: IntArray, jaccards: npt.NDArray[np.float64],
                 cosines: npt.NDArray[np.float32], limits: Thresholds) -> set[int]:
    """The text numbers whose texts ``decide_batch`` reads for these pairs (a caller
    holding texts out of core fetches only these)."""
    accepted = jaccards >= limits.jaccard_same
    wanted = {int(g) for k in needs_texts(accepted, cosines, limits) for g in pairs[k]}
    wanted.update(int(g) for k in copy_shortlist(jaccards, limits) for g in pairs[k])
    return wanted


def decide_batch(pairs: IntArray, jaccards: npt.NDArray[np.float64],
                 cosines: npt.NDArray[np.float32], texts: Texts, limits: Thresholds, *,
                 short: npt.NDArray[np.bool_] | None = None,
                 shingled: dict[int, set[str]] | None = None) -> BatchDecisions:
    """The pair rule (``cluster.pair_rules``) and the copy rule over one batch of pairs.

    ``texts`` holds at least the texts of ``texts_needed``; ``short[g]``: text ``g`` is
    not linkable (computed from ``texts`` when not given); ``shingled``: a shingle-set
    cache the caller keeps between batches (cleared past ``SHINGLE_CACHE`` sets).
    """
    rules = pair_rules(texts, pairs, jaccards, cosines, limits, short)
    links = []
    for k in np.flatnonzero(rules).tolist():
        a, b = int(pairs[k, 0]), int(pairs[k, 1])
        rule = int(rules[k])
        needs = rule != RULE_JACCARD
        links.append(PairLink(a, b, rule_reason(rule, float(jaccards[k]), float(cosines[k]),
                                                texts[a] if needs else None,
                                                texts[b] if needs else None)))
    cache = {} if shingled is None else shingled
    copies = []
    for k in copy_shortlist(jaccards, limits).tolist():
        a, b = int(pairs[k, 0]), int(pairs[k, 1])
        if len(cache) > SHINGLE_CACHE:
            cache.clear()
        for g in (a, b):
            if g not in cache:
                cache[g] = shingles(texts[g], limits.shingle_words)
        score = jaccard(cache[a], cache[b])
        if score >= limits.jaccard_copies:
            copies.append((a, b, score))
    return BatchDecisions(links, copies)
