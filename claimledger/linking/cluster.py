"""Which candidate pairs assert the same claim, and the clusters they form.

The pair rule (thresholds calibrated by ``claimledger.linking.calibrate``):

1. shingle Jaccard >= ``jaccard_same``: the same sentence, lightly edited;
2. embedding cosine >= ``cosine_same`` and at least one shared content word: a
   paraphrase. Why the word: MiniLM is an English model; on other languages it gives
   unrelated sentences cosines of 0.85-0.9 (Korean pairs of the HTML benchmark), and an
   English paraphrase nearly always keeps one noun or name;
3. ``cosine_guarded`` <= cosine < ``cosine_same``, a shared content word and a shared
   number or name-like token (``tokens.signal_tokens``). Why: at mid cosines MiniLM also
   scores two *different* claims of one story highly; a shared concrete anchor separates
   some of those. Calibration may close this band (``cosine_guarded == cosine_same``)
   when the labelled pairs show it adds more false than true links;
4. both claims in one story (``stories``), cosine >= ``story_pair_cosine`` and shared
   words that are distinctive within the story (``story_accepts``).

A text with fewer than ``min_content_words`` content words is never the same claim as
anything (``tokens.linkable``: "That's it.", "We got her.").

Clusters are the connected components of the accepted pairs (union-find).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from claimledger.linking.observation import Thresholds
from claimledger.linking.tokens import content_words, linkable, signal_tokens

if TYPE_CHECKING:
    from claimledger.linking.stories import StoryEvidence


@dataclass(frozen=True, slots=True)
class PairDecision:
    same: bool
    rule: str  # "jaccard", "cosine", "cosine+anchor", "story" or "" when rejected


def decide(jaccard: float, cosine: float, shares_word: bool, shares_anchor: bool,
           thresholds: Thresholds, *, both_linkable: bool = True,
           story: StoryEvidence | None = None) -> PairDecision:
    """The pair rule above for one pair (``calibrate`` evaluates exactly this function);
    ``both_linkable``: neither text is too short to be a claim (``tokens.linkable``);
    ``story``: the pair's evidence when both claims are in one story (rule 4)."""
    if not both_linkable:
        return PairDecision(False, "")
    if jaccard >= thresholds.jaccard_same:
        return PairDecision(True, "jaccard")
    if cosine >= thresholds.cosine_same and shares_word:
        return PairDecision(True, "cosine")
    if cosine >= thresholds.cosine_guarded and shares_word and shares_anchor:
        return PairDecision(True, "cosine+anchor")
    if story is not None and story_accepts(cosine, story, thresholds):
        return PairDecision(True, "story")
    return PairDecision(False, "")


def story_accepts(cosine: float, story: StoryEvidence, thresholds: Thresholds) -> bool:
    """Rule 4: same story, ``story_pair_cosine`` <= cosine < ``cosine_same`` and enough
    shared words that are distinctive within the story (``stories`` module doc). Above
    ``cosine_same`` rule 2 decides alone, so the story pass never looks at wire copy."""
    return (0.0 < thresholds.story_pair_cosine <= cosine < thresholds.cosine_same
            and story.shared >= thresholds.story_min_shared
            and story.mass >= thresholds.story_min_mass)


def shares_word(a: str, b: str) -> bool:
    return not set(content_words(a)).isdisjoint(content_words(b))


def shares_anchor(a: str, b: str) -> bool:
    return not signal_tokens(a).isdisjoint(signal_tokens(b))


def pair_cosines(vectors: npt.NDArray[np.float32], pairs: npt.NDArray[np.int64],
                 *, chunk: int = 8192) -> npt.NDArray[np.float32]:
    """Cosine of each candidate pair (rows are L2-normalised), in bounded-memory chunks."""
    out = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), chunk):
        part = pairs[start:start + chunk]
        out[start:start + chunk] = np.einsum("ij,ij->i", vectors[part[:, 0]],
                                             vectors[part[:, 1]])
    return out


# Rule codes of ``pair_rules``: which rule of the pair rule accepted a pair (0: none);
# with ``Thresholds.verifier`` on, the verifier replaces rules 2-3 (``RULE_VERIFIER``).
REJECTED, RULE_JACCARD, RULE_COSINE, RULE_ANCHOR, RULE_VERIFIER = 0, 1, 2, 3, 4


def accept_pairs(texts: Sequence[str] | Mapping[int, str], pairs: npt.NDArray[np.int64],
                 jaccards: npt.NDArray[np.float64], cosines: npt.NDArray[np.float32],
                 thresholds: Thresholds, short: npt.NDArray[np.bool_] | None = None
                 ) -> npt.NDArray[np.bool_]:
    """``decide`` over all candidate pairs (``pair_rules`` > 0)."""
    return np.asarray(pair_rules(texts, pairs, jaccards, cosines, thresholds, short) > 0,
                      dtype=bool)


def pair_rules(texts: Sequence[str] | Mapping[int, str], pairs: npt.NDArray[np.int64],
               jaccards: npt.NDArray[np.float64], cosines: npt.NDArray[np.float32],
               thresholds: Thresholds, short: npt.NDArray[np.bool_] | None = None
               ) -> npt.NDArray[np.int8]:
    """The rule of ``decide`` that accepts each candidate pair (``RULE_*``; ``REJECTED``);
    words and anchors are looked at only where the cosine needs them.

    ``short[i]``: text ``i`` is not ``linkable`` (computed from ``texts`` when not given;
    ``external`` gives it and a mapping holding only the texts of ``needs_texts``).
    """
    if short is None:
        minimum = thresholds.min_content_words
        short = np.array([not linkable(texts[i], minimum) for i in range(len(texts))],
                         dtype=bool)
    accepted = jaccards >= thresholds.jaccard_same
    if len(pairs):
        accepted &= ~(short[pairs[:, 0]] | short[pairs[:, 1]])
    rules = np.where(accepted, RULE_JACCARD, REJECTED).astype(np.int8)
    to_check = needs_texts(accepted, cosines, thresholds)
    if thresholds.verifier:
        verified_now = verified(texts, pairs, cosines, accepted.copy(), to_check, short)
        rules[verified_now & ~accepted] = RULE_VERIFIER
        return rules
    for k in to_check:
        i, j = int(pairs[k, 0]), int(pairs[k, 1])
        a, b = texts[i], texts[j]
        if short[i] or short[j] or not shares_word(a, b):
            continue
        if cosines[k] >= thresholds.cosine_same:
            rules[k] = RULE_COSINE
        elif shares_anchor(a, b):
            rules[k] = RULE_ANCHOR
    return rules


def rule_reason(rule: int, jaccard: float, cosine: float, a: str | None = None,
                b: str | None = None) -> str:
    """The signals that decided an accepted pair, as the ledger records and ``trace``
    shows them ("minhash jaccard 0.91", "cosine 0.87 + shared words 3",
    "cosine 0.80 + shared anchors 2", "verifier: cosine 0.74 + shared words 2");
    ``a``, ``b``: the texts (needed by all but rule 1)."""
    if rule == RULE_JACCARD:
        return f"minhash jaccard {jaccard:.2f}"
    if a is None or b is None:
        raise ValueError("rules 2 and 3 need both texts for their reason")
    if rule == RULE_COSINE:
        shared = len(set(content_words(a)) & set(content_words(b)))
        return f"cosine {cosine:.2f} + shared words {shared}"
    if rule == RULE_VERIFIER:
        shared = len(set(content_words(a)) & set(content_words(b)))
        return f"verifier: cosine {cosine:.2f} + shared words {shared}"
    if rule == RULE_ANCHOR:
        anchors = sorted(signal_tokens(a) & signal_tokens(b))
        return f"cosine {cosine:.2f} + shared anchors {len(anchors)} ({', '.join(anchors[:3])})"
    raise ValueError(f"pair rule {rule} did not accept the pair")


def needs_texts(accepted: npt.NDArray[np.bool_], cosines: npt.NDArray[np.float32],
                thresholds: Thresholds) -> npt.NDArray[np.intp]:
    """Indices of the pairs whose decision needs their texts (rules 2-3: shared words;
    the verifier: all its signals)."""
    floor = (min(thresholds.verifier_cosine_floor, thresholds.cosine_guarded)
             if thresholds.verifier else thresholds.cosine_guarded)
    return np.flatnonzero(~accepted & (cosines >= floor))


def verified(texts: Sequence[str] | Mapping[int, str], pairs: npt.NDArray[np.int64],
             cosines: npt.NDArray[np.float32], accepted: npt.NDArray[np.bool_],
             to_check: npt.NDArray[np.intp], short: npt.NDArray[np.bool_]
             ) -> npt.NDArray[np.bool_]:
    """``accepted`` plus the pairs of ``to_check`` the shipped verifier accepts
    (``verifier.accepts``: the cross-encoder when built, else the logistic model), among
    those that share a content word and where neither text is short. Why the shared word
    still: MiniLM gives unrelated sentences of other languages cosines of 0.85-0.9 (rule 2
    of the module doc)."""
    from claimledger.linking.verifier import accepts, feature_matrix

    keep = [int(k) for k in to_check
            if not (short[pairs[k, 0]] or short[pairs[k, 1]])
            and shares_word(texts[int(pairs[k, 0])], texts[int(pairs[k, 1])])]
    if keep:
        chosen = np.asarray(keep, dtype=np.int64)
        both = [(texts[int(pairs[k, 0])], texts[int(pairs[k, 1])]) for k in keep]
        features = feature_matrix(both, cosines[chosen].tolist())
        accepted[chosen] = accepts(both, features)
    return accepted


class UnionFind:
    """Disjoint sets over ``0..n-1`` (path halving, union by size) in two ``array('q')``:
    16 bytes per element instead of the ~70 of Python lists of ints, which matters when
    ``external`` links millions of texts."""

    def __init__(self, n: int) -> None:
        self.parent = array("q", range(n))
        self.size = array("q", bytes(8 * n))  # set size - 1: zero-filled means "alone"
        self.n = n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb] + 1

    def smallest_members(self) -> npt.NDArray[np.int64]:
        """For each element, the smallest element of its set."""
        roots = np.fromiter((self.find(x) for x in range(self.n)), dtype=np.int64,
                            count=self.n)
        smallest = np.full(self.n, self.n, dtype=np.int64)
        np.minimum.at(smallest, roots, np.arange(self.n, dtype=np.int64))
        return np.asarray(smallest[roots], dtype=np.int64)


def components(n: int, pairs: npt.NDArray[np.int64]) -> list[list[int]]:
    """Connected components of the accepted pairs, each sorted, singletons included."""
    sets = UnionFind(n)
    for i, j in pairs.tolist():
        sets.union(i, j)
    groups: dict[int, list[int]] = {}
    for x in range(n):
        groups.setdefault(sets.find(x), []).append(x)
    return list(groups.values())
