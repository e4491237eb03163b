"""A scored "same claim" decision for one candidate pair: a logistic model over signals.

The pair rule (``cluster.decide``) reads one cosine and a few word tests. The verifier
adds what a cosine does not see: numbers that disagree ("rose 3%" vs "rose 5%"),
negation on one side only, named anchors one side lacks, and how much the two sentences
differ in length (MRPC negatives are often one sentence plus a clause). Pure functions
over two texts and their cosine, so every driver could call them on a batch of pairs.

Weights are fitted by ``claimledger.linking.pair_eval --write`` on the training split of
``../shared/pairs/mrpc-train.jsonl`` (ids not divisible by 3) and reported on the
held-out split (ids divisible by 3), never fitted on, by ``pair_eval`` and
``calibrate`` (also through a real ledger). On by default (``Thresholds.verifier``; see
docs/linking.md, "Verifier" and "Calibration report and floors").
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from claimledger.linking.minhash import shingles
from claimledger.linking.pair_signals import (
    disagreement,
    modals,
    names,
    one_sided,
    opposite_words,
    quantities,
    time_marks,
)
from claimledger.linking.tokens import content_words, signal_tokens, words

FEATURES = ("cosine", "shingle_jaccard", "content_jaccard", "numbers_agree",
            "numbers_disagree", "negation_mismatch", "anchor_jaccard", "length_ratio",
            "containment", "bigram_jaccard", "quantity_disagree", "time_disagree",
            "time_one_sided", "names_one_sided", "modal_mismatch", "cosine_x_length",
            "extra_words", "overlap_product", "char4_jaccard", "word_length_gap",
            "unshared_words", "shingle2_jaccard", "fewer_unshared", "more_unshared",
            "opposite_words")
_QUANTITY_DISAGREE = FEATURES.index("quantity_disagree")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|cannot|n't|without|denied|denies)\b|n't\b",
                       re.IGNORECASE)
# How unnamed sources are introduced ("officials who asked not to be named", "was not
# authorised to speak"): a "not" of the attribution, not of the claim. Counted as a
# negation it made two reports of one event, one citing an anonymous official, look
# like a claim and its denial.
_ANONYMITY = re.compile(r"(?:\bnot|n't)\s+(?:want\s+)?(?:to\s+be\s+(?:named|identified|quoted)"
                        r"|(?:authori[sz]ed|allowed|permitted|cleared)\s+to\s+\w+)",
                        re.IGNORECASE)
FloatArray = npt.NDArray[np.float64]


def _set_jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _shingle_jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """``minhash.jaccard`` (1.0 for two empty sets) over frozen sets."""
    return 1.0 if not a and not b else _set_jaccard(a, b)


def numbers(text: str) -> set[str]:
    return {m.group(0).replace(",", "") for m in _NUMBER.finditer(text)}


@dataclass(frozen=True, slots=True)
class TextSignals:
    """What the pair signals read of one text, computed once per text of a batch: a
    text is in many candidate pairs (~17 per text in the linking benchmark), and these
    word, shingle and pattern passes, not the pair arithmetic, were the verifier's cost."""

    numbers: frozenset[str]
    content: tuple[str, ...]  # content words in order
    times: frozenset[str]
    negations: int
    anchors: frozenset[str]
    bigrams: frozenset[str]
    quantities: frozenset[tuple[str, str]]
    names: frozenset[str]
    modals: frozenset[str]
    chars: frozenset[str]
    word_count: int
    shingles: frozenset[str]
    shingles2: frozenset[str]
    text: str  # ``pair_signals.opposite_words`` reads the two texts together


def text_signals(text: str) -> TextSignals:
    content = tuple(content_words(text))
    return TextSignals(
        numbers=frozenset(numbers(text)), content=content, times=time_marks(text),
        negations=_negation_count(text), anchors=signal_tokens(text),
        bigrams=frozenset(_bigrams(content)), quantities=quantities(text),
        names=names(text), modals=modals(text), chars=frozenset(_char_grams(text)),
        word_count=len(words(text)), shingles=frozenset(shingles(text)),
        shingles2=frozenset(shingles(text, 2)), text=text)


def pair_features(a: str, b: str, cosine: float) -> list[float]:
    """The signals of one pair, in ``FEATURES`` order."""
    return signal_features(text_signals(a), text_signals(b), cosine)


def signal_features(x: TextSignals, y: TextSignals, cosine: float) -> list[float]:
    """``pair_features`` from the two texts' ``TextSignals``."""
    na, nb = x.numbers, y.numbers
    both = bool(na) and bool(nb)
    wa, wb = x.content, y.content
    la, lb = max(len(wa), 1), max(len(wb), 1)
    sa, sb = set(wa), set(wb)
    ta, tb = x.times, y.times
    ratio = min(la, lb) / max(la, lb)
    shared = len(sa & sb)
    return [
        cosine,
        _shingle_jaccard(x.shingles, y.shingles),
        _set_jaccard(sa, sb),
        float(both and na == nb),
        float(both and not (na & nb)) + float(bool(na) != bool(nb)) * 0.5,
        float(x.negations % 2 != y.negations % 2),
        _set_jaccard(x.anchors, y.anchors),
        ratio,
        len(sa & sb) / max(min(len(sa), len(sb)), 1),
        _set_jaccard(x.bigrams, y.bigrams),
        disagreement(x.quantities, y.quantities),
        float(bool(ta) and bool(tb) and not (ta & tb)),
        float(bool(ta) != bool(tb)),
        one_sided(x.names, y.names),
        float(x.modals != y.modals),
        cosine * ratio,
        math.log1p(abs(len(sa - sb) - len(sb - sa))),
        shared * shared / (max(len(sa), 1) * max(len(sb), 1)),
        _set_jaccard(x.chars, y.chars),
        abs(x.word_count - y.word_count) / max(x.word_count, y.word_count, 1),
        float(len(sa ^ sb)),
        _shingle_jaccard(x.shingles2, y.shingles2),
        float(min(len(sa - sb), len(sb - sa))),
        float(max(len(sa - sb), len(sb - sa))),
        opposite_words(x.text, y.text),
    ]


def _negation_count(text: str) -> int:
    """Negation words of the claim, those of an anonymity formula left out."""
    return len(_NEGATION.findall(_ANONYMITY.sub(" ", text)))


def _char_grams(text: str, n: int = 4) -> set[str]:
    low = text.lower()
    return {low[i:i + n] for i in range(len(low) - n + 1)}


def _bigrams(tokens: Sequence[str]) -> set[str]:
    return {f"{x} {y}" for x, y in itertools.pairwise(tokens)}


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
    """``pair_features`` of each pair; each distinct text's signals are computed once
    (held for this call only, so memory stays that of one batch)."""
    signals: dict[str, TextSignals] = {}

    def of(text: str) -> TextSignals:
        found = signals.get(text)
        if found is None:
            found = signals[text] = text_signals(text)
        return found

    return np.asarray([signal_features(of(a), of(b), float(c)) for (a, b), c in
                       zip(pairs, cosines, strict=True)], dtype=np.float64).reshape(
        -1, len(FEATURES))


def threshold_of(scores: FloatArray, labels: npt.NDArray[np.bool_]) -> float:
    """The decision threshold: the highest F1 of "same" among thresholds whose accuracy
    is within one point of the best. Why not accuracy alone: it lets the threshold climb
    until recall falls, and a missed paraphrase costs the ledger an origin count; why
    not F1 alone: it falls until every pair of a story links."""
    grid = np.round(np.arange(0.2, 0.8, 0.01), 2).tolist()
    rows = []
    for t in grid:
        predicted = scores >= t
        tp = float(np.sum(predicted & labels))
        f1 = 2 * tp / max(float(np.sum(predicted) + np.sum(labels)), 1.0)
        rows.append((float(np.mean(predicted == labels)), f1, t))
    best_accuracy = max(r[0] for r in rows)
    return -float(max((f1, -t) for accuracy, f1, t in rows
                      if accuracy >= best_accuracy - 0.01)[1])


def fit(features: FloatArray, labels: npt.NDArray[np.bool_], *, steps: int = 4000,
        rate: float = 0.5, l2: float = 1e-3) -> Verifier:
    """Logistic regression by full-batch gradient descent (deterministic), then the
    threshold of ``threshold_of`` on the training pairs."""
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
    best = threshold_of(scores, labels)
    return Verifier(model.mean, model.scale, model.weights, model.bias, float(best))


VERIFIER_FILE = "linking-verifier.json"


def to_dict(model: Verifier) -> dict[str, object]:
    return {"features": list(FEATURES), "mean": list(model.mean), "scale": list(model.scale),
            "weights": list(model.weights), "bias": model.bias,
            "threshold": model.threshold}


def from_dict(data: dict[str, object]) -> Verifier:
    """A verifier from ``to_dict``; refuses one fitted on other features."""
    if list(data["features"]) != list(FEATURES):  # type: ignore[call-overload]
        raise ValueError("the verifier file was fitted on other features; re-fit it with "
                         "python -m claimledger.linking.pair_eval --write")

    def floats(key: str) -> tuple[float, ...]:
        return tuple(float(x) for x in data[key])  # type: ignore[attr-defined]

    return Verifier(floats("mean"), floats("scale"), floats("weights"),
                    float(data["bias"]), float(data["threshold"]))  # type: ignore[arg-type]


def accepts(pairs: Sequence[tuple[str, str]], features: FloatArray) -> npt.NDArray[np.bool_]:
    """The shipped "same claim" decision on pairs with their ``feature_matrix`` rows.

    With the cross-encoder built (``cross_encoder``): the mean of its p(same) and the
    logistic verifier's, against the logistic verifier's own threshold (the mean takes
    the place of the logistic score; nothing is re-fitted). Why both: they err on
    different pairs (the cross-encoder reads the sentences but learnt MRPC's view that
    an added clause makes another proposition; the logistic model weighs number, name
    and antonym mismatches but not meaning). Held-out MRPC pairs: logistic 76.7 / 84.3,
    cross-encoder 78.4 / 85.0, their mean 78.9 / 85.6 (accuracy / F1; flat for
    thresholds 0.40-0.55); the linking decision with it 78.2 / 85.2 (docs/linking.md,
    "Cross-encoder"). Without the cross-encoder: the logistic model.

    Pairs that state quantities of one unit with no value in common ("14 people" /
    "19 people") are left to the logistic model: in the ledger such a pair about one
    event is a contradiction to be found, so it must link, while MRPC (what the
    cross-encoder learnt) calls it two propositions. Whether the two are one event is
    the event step's decision (``events``), not the verifier's."""
    from claimledger.linking.cross_encoder import default_cross_encoder

    logistic = default_verifier()
    encoder = default_cross_encoder()
    if encoder is None or not len(pairs):
        return logistic.accept(features)
    scores = logistic.scores(features)
    own = scores >= logistic.threshold
    # The mean reaches the threshold whatever the cross-encoder says (its p is > 0) when
    # the logistic score alone is >= twice the threshold: such pairs are not asked, which
    # saves ~4 ms a pair and changes no decision (near-duplicates are most candidates).
    asked = np.flatnonzero((features[:, _QUANTITY_DISAGREE] < 1.0)
                           & (scores < 2 * logistic.threshold))
    if not len(asked):
        return own
    logits = encoder.logits([pairs[int(k)] for k in asked], features[asked])
    read = 1.0 / (1.0 + np.exp(-(logits - encoder.threshold)))
    mean = (read + scores[asked]) / 2
    own[asked] = mean >= logistic.threshold
    return own


@cache
def default_verifier() -> Verifier:
    """The shipped verifier (``data/linking-verifier.json``, written by ``pair_eval``)."""
    path = resources.files("claimledger") / "data" / VERIFIER_FILE
    return from_dict(json.loads(path.read_text(encoding="utf-8")))
