"""Pair-level quality on MRPC news pairs: the pair rule, a cosine baseline, the verifier.

    python -m claimledger.linking.pair_eval            # held-out figures (ids % 3 == 0)
    python -m claimledger.linking.pair_eval --write    # re-fit and ship the verifier

Train split: ids not divisible by 3 (thresholds and verifier weights are fitted there
only); held-out split: ids divisible by 3. The pairs are read from
``../shared/pairs/mrpc-train.jsonl`` and never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimledger.linking.cluster import decide, shares_anchor, shares_word
from claimledger.linking.embeddings import Embedder, default_embedder
from claimledger.linking.minhash import jaccard, shingles
from claimledger.linking.observation import Thresholds, load_thresholds
from claimledger.linking.tokens import linkable
from claimledger.linking.verifier import (
    VERIFIER_FILE,
    Verifier,
    accepts,
    default_verifier,
    feature_matrix,
    fit,
    to_dict,
)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MRPC = ROOT.parent / "shared" / "pairs" / "mrpc-train.jsonl"
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Scores:
    accuracy: float
    precision: float
    recall: float
    f1: float

    @staticmethod
    def of(predicted: Bools, gold: Bools) -> Scores:
        tp = float(np.sum(predicted & gold))
        precision = tp / max(float(np.sum(predicted)), 1.0)
        recall = tp / max(float(np.sum(gold)), 1.0)
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        return Scores(float(np.mean(predicted == gold)), precision, recall, f1)

    def to_dict(self) -> dict[str, float]:
        return {"accuracy": round(self.accuracy, 4), "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def load_pairs(path: Path = DEFAULT_MRPC) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def held_out(pair: dict[str, Any]) -> bool:
    return int(pair["id"]) % 3 == 0


def rule_predictions(pairs: Sequence[dict[str, Any]], cosines: npt.NDArray[np.float32],
                     limits: Thresholds) -> Bools:
    """``cluster.decide`` on each pair, as linking decides a candidate pair."""
    out = []
    for pair, cosine in zip(pairs, cosines.tolist(), strict=True):
        a, b = pair["a"], pair["b"]
        out.append(decide(jaccard(shingles(a), shingles(b)), cosine, shares_word(a, b),
                          shares_anchor(a, b), limits,
                          both_linkable=linkable(a, limits.min_content_words)
                          and linkable(b, limits.min_content_words)).same)
    return np.asarray(out, dtype=bool)


def best_cosine_threshold(cosines: npt.NDArray[np.float32], gold: Bools) -> float:
    candidates: list[float] = np.round(np.arange(0.30, 0.99, 0.005), 3).tolist()
    return max(candidates, key=lambda t: (float(np.mean((cosines >= t) == gold)), t))


def cosines_of(pairs: Sequence[dict[str, Any]], embedder: Embedder) -> npt.NDArray[np.float32]:
    va = embedder.embed([p["a"] for p in pairs])
    vb = embedder.embed([p["b"] for p in pairs])
    return np.asarray(np.einsum("ij,ij->i", va, vb), dtype=np.float32)


def linking_predictions(pairs: Sequence[dict[str, Any]], cosines: npt.NDArray[np.float32],
                        limits: Thresholds, model: Verifier | None = None) -> Bools:
    """The decision ``cluster.accept_pairs`` makes with the verifier on: rule 1 (shingle
    Jaccard), else the verifier above ``verifier_cosine_floor`` when the texts share a
    content word and both are ``linkable``. ``model`` None: the shipped decision
    (``verifier.accepts``: the cross-encoder when built); else that logistic model."""
    out = []
    texts = [(p["a"], p["b"]) for p in pairs]
    features = feature_matrix(texts, cosines.tolist())
    accepted = accepts(texts, features) if model is None else model.accept(features)
    for pair, cosine, ok in zip(pairs, cosines.tolist(), accepted.tolist(), strict=True):
        a, b = pair["a"], pair["b"]
        both = (linkable(a, limits.min_content_words)
                and linkable(b, limits.min_content_words))
        out.append(both and (jaccard(shingles(a, limits.shingle_words),
                                     shingles(b, limits.shingle_words)) >= limits.jaccard_same
                             or (cosine >= limits.verifier_cosine_floor
                                 and shares_word(a, b) and ok)))
    return np.asarray(out, dtype=bool)


def fit_verifier(pairs: Sequence[dict[str, Any]], cosines: npt.NDArray[np.float32]
                 ) -> Verifier:
    """The verifier fitted on the training split only."""
    train = np.asarray([not held_out(p) for p in pairs], dtype=bool)
    gold = np.asarray([bool(p["same"]) for p in pairs], dtype=bool)
    features = feature_matrix([(p["a"], p["b"]) for p in pairs], cosines.tolist())
    return fit(features[train], gold[train])


def evaluate(pairs: Sequence[dict[str, Any]], cosines: npt.NDArray[np.float32],
             limits: Thresholds, model: Verifier) -> dict[str, Any]:
    """Held-out figures of the rule, a tuned cosine, the verifier alone and the linking
    decision with ``model``."""
    gold = np.asarray([bool(p["same"]) for p in pairs], dtype=bool)
    test = np.asarray([held_out(p) for p in pairs], dtype=bool)
    train = ~test
    threshold = best_cosine_threshold(cosines[train], gold[train])
    features = feature_matrix([(p["a"], p["b"]) for p in pairs], cosines.tolist())
    rule = rule_predictions(pairs, cosines, replace(limits, verifier=False))
    linked = linking_predictions([p for p, t in zip(pairs, test, strict=True) if t],
                                 cosines[test], limits, model)
    return {
        "held_out_pairs": int(test.sum()), "train_pairs": int(train.sum()),
        "rule": Scores.of(rule[test], gold[test]).to_dict(),
        "cosine": {"threshold": threshold,
                   **Scores.of(cosines[test] >= threshold, gold[test]).to_dict()},
        "verifier": {"threshold": round(model.threshold, 3),
                     **Scores.of(model.accept(features[test]), gold[test]).to_dict()},
        "linking_decision": Scores.of(linked, gold[test]).to_dict(),
        "shipped": _shipped(pairs, cosines, limits, test, gold),
        "always_same": Scores.of(np.ones(int(test.sum()), dtype=bool), gold[test]).to_dict(),
    }


def _shipped(pairs: Sequence[dict[str, Any]], cosines: npt.NDArray[np.float32],
             limits: Thresholds, test: Bools, gold: Bools) -> dict[str, Any]:
    """The linking decision as shipped (``verifier.accepts``), naming its verifier."""
    from claimledger.linking.cross_encoder import default_cross_encoder

    kind = "logistic" if default_cross_encoder() is None else "cross-encoder"
    linked = linking_predictions([p for p, t in zip(pairs, test, strict=True) if t],
                                 cosines[test], limits)
    return {"verifier": kind, "linking_decision": Scores.of(linked, gold[test]).to_dict()}


def write_verifier(model: Verifier, pairs: int) -> Path:
    target = Path(str(resources.files("claimledger") / "data" / VERIFIER_FILE))
    payload = {"fitted_on": f"mrpc-train.jsonl, ids not divisible by 3 ({pairs} pairs)",
               **to_dict(model)}
    target.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    default_verifier.cache_clear()
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_MRPC)
    parser.add_argument("--write", action="store_true",
                        help="re-fit the verifier on the training split and ship it "
                             "(claimledger/data/linking-verifier.json)")
    args = parser.parse_args(argv)
    pairs = load_pairs(args.pairs)
    cosines = cosines_of(pairs, default_embedder())
    model = fit_verifier(pairs, cosines)
    if args.write:
        write_verifier(model, sum(not held_out(p) for p in pairs))
    report = evaluate(pairs, cosines, load_thresholds(), model)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
