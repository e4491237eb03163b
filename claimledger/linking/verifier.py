"""A scored "same claim" decision for one candidate pair: a logistic model over signals.

The pair rule (``cluster.decide``) reads one cosine and a few word tests. The verifier
adds what a cosine does not see: numbers that disagree ("rose 3%" vs "rose 5%"),
negation on one side only, named anchors one side lacks, and how much the two sentences
differ in length (MRPC negatives are often one sentence plus a clause). Pure functions
over two texts and their cosine, so every driver could call them on a batch of pairs.

Weights are fitted by ``claimledger.linking.pair_eval --fit`` on the training split of
``../shared/pairs/mrpc-train.jsonl`` (ids not divisible by 3) and reported on the
held-out split (ids divisible by 3), never fitted on. Status: measured, not the default
(see docs/linking.md, "Verifier").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimledger.linking.minhash import jaccard, shingles
from claimledger.linking.tokens import content_words, signal_tokens

FEATURES = ("cosine", "shingle_jaccard", "content_jaccard", "numbers_agree",
            "numbers_disagree", "negation_mismatch", "anchor_jaccard", "length_ratio")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|cannot|n't|without|denied|denies)\b|n't\b",
                       re.IGNORECASE)
FloatArray = npt.NDArray[np.float64]


def _set_jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def numbers(text: str) -> set[str]:
    return {m.group(0).replace(",", "") for m in _NUMBER.finditer(text)}


def pair_features(a: str, b: str, cosine: float) -> list[float]:
    """The signals of one pair, in ``FEATURES`` order."""
    na, nb = numbers(a), numbers(b)
    both = bool(na) and bool(nb)
    wa, wb = content_words(a), content_words(b)
    la, lb = max(len(wa), 1), max(len(wb), 1)
    return [
        cosine,
        jaccard(shingles(a), shingles(b)),
        _set_jaccard(set(wa), set(wb)),
        float(both and na == nb),
        float(both and not (na & nb)) + float(bool(na) != bool(nb)) * 0.5,
        float(len(_NEGATION.findall(a)) % 2 != len(_NEGATION.findall(b)) % 2),
        _set_jaccard(signal_tokens(a), signal_tokens(b)),
        min(la, lb) / max(la, lb),
    ]


@dataclass(frozen=True, slots=True)
class Verifier:
    """Standardised logistic model: p(same) = sigmoid(w . (x - mean) / scale + bias)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def scores(self, features: FloatArray) -> FloatArray:
        z = ((features - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(
            self.weights) + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def accept(self, features: FloatArray) -> npt.NDArray[np.bool_]:
        return np.asarray(self.scores(features) >= self.threshold, dtype=bool)


def feature_matrix(pairs: Sequence[tuple[str, str]], cosines: Sequence[float]) -> FloatArray:
    return np.asarray([pair_features(a, b, float(c)) for (a, b), c in
                       zip(pairs, cosines, strict=True)], dtype=np.float64).reshape(
        -1, len(FEATURES))


def fit(features: FloatArray, labels: npt.NDArray[np.bool_], *, steps: int = 3000,
        rate: float = 0.5, l2: float = 1e-3) -> Verifier:
    """Logistic regression by full-batch gradient descent (deterministic), then the
    threshold of the highest training accuracy."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-9
    x = (features - mean) / scale
    y = labels.astype(np.float64)
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= rate * (x.T @ (p - y) / len(y) + l2 * w)
        b -= rate * float(np.mean(p - y))
    model = Verifier(tuple(mean.tolist()), tuple(scale.tolist()), tuple(w.tolist()), b, 0.5)
    scores = model.scores(features)
    best = max(np.unique(scores).tolist(),
               key=lambda t: (float(np.mean((scores >= t) == labels)), -t))
    return Verifier(model.mean, model.scale, model.weights, model.bias, float(best))
