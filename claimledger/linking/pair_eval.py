"""Pair-level quality on MRPC news pairs: the pair rule, a cosine baseline, the verifier.

    python -m claimledger.linking.pair_eval            # held-out figures (ids % 3 == 0)

Train split: ids not divisible by 3 (thresholds and verifier weights are fitted there
only); held-out split: ids divisible by 3. The pairs are read from
``../shared/pairs/mrpc-train.jsonl`` and never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimledger.linking.cluster import decide, shares_anchor, shares_word
from claimledger.linking.embeddings import Embedder, default_embedder
from claimledger.linking.minhash import jaccard, shingles
from claimledger.linking.observation import Thresholds, load_thresholds
from claimledger.linking.tokens import linkable
from claimledger.linking.verifier import feature_matrix, fit

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


def evaluate(pairs: Sequence[dict[str, Any]], embedder: Embedder,
             limits: Thresholds) -> dict[str, Any]:
    va = embedder.embed([p["a"] for p in pairs])
    vb = embedder.embed([p["b"] for p in pairs])
    cosines = np.einsum("ij,ij->i", va, vb).astype(np.float32)
    gold = np.asarray([bool(p["same"]) for p in pairs], dtype=bool)
    test = np.asarray([held_out(p) for p in pairs], dtype=bool)
    train = ~test
    threshold = best_cosine_threshold(cosines[train], gold[train])
    features = feature_matrix([(p["a"], p["b"]) for p in pairs], cosines.tolist())
    model = fit(features[train], gold[train])
    rule = rule_predictions(pairs, cosines, limits)
    return {
        "held_out_pairs": int(test.sum()), "train_pairs": int(train.sum()),
        "rule": Scores.of(rule[test], gold[test]).to_dict(),
        "cosine": {"threshold": threshold,
                   **Scores.of(cosines[test] >= threshold, gold[test]).to_dict()},
        "verifier": {"threshold": round(model.threshold, 3),
                     **Scores.of(model.accept(features[test]), gold[test]).to_dict()},
        "always_same": Scores.of(np.ones(int(test.sum()), dtype=bool), gold[test]).to_dict(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_MRPC)
    args = parser.parse_args(argv)
    report = evaluate(load_pairs(args.pairs), default_embedder(), load_thresholds())
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
