"""The verifier's signals and its fit (pure functions; MRPC figures: docs/linking.md)."""

from __future__ import annotations

import numpy as np

from claimledger.linking.verifier import FEATURES, feature_matrix, fit, pair_features


def signal(a: str, b: str, name: str, cosine: float = 0.9) -> float:
    return pair_features(a, b, cosine)[FEATURES.index(name)]


def test_numbers_negation_and_length_are_read_from_both_sentences() -> None:
    a = "Shares of the company rose 3 percent on Tuesday."
    assert signal(a, "Shares of the company rose 5 percent on Tuesday.", "numbers_disagree") == 1
    assert signal(a, "The company's shares rose 3 percent on Tuesday.", "numbers_agree") == 1
    assert signal(a, "Shares of the company did not rise on Tuesday.",
                  "negation_mismatch") == 1
    assert signal(a, a, "negation_mismatch") == 0
    # The "not" of an anonymity formula belongs to the attribution, not to the claim.
    for unnamed in ("an official who asked not to be named said",
                    "according to a source who was not authorised to speak",
                    "said an aide who didn't want to be identified"):
        assert signal(a, f"{a[:-1]}, {unnamed}.", "negation_mismatch") == 0
    assert signal(a, "Shares of the company did not rise on Tuesday, an official who "
                     "asked not to be named said.", "negation_mismatch") == 1
    assert signal(a, a, "length_ratio") == 1
    assert signal(a, a, "cosine", 0.42) == 0.42


def test_fit_learns_that_disagreeing_numbers_are_not_the_same_claim() -> None:
    base = "Officials said {} people were evacuated from the valley."
    pairs, cosines, labels = [], [], []
    for n in range(40):
        pairs.append((base.format(n + 10), base.format(n + 10)))
        cosines.append(0.95)
        labels.append(True)
        pairs.append((base.format(n + 10), base.format(n + 500)))
        cosines.append(0.95)
        labels.append(False)
    features = feature_matrix(pairs, cosines)
    model = fit(features, np.asarray(labels))
    assert model.accept(features).tolist() == labels
    assert model.weights[FEATURES.index("numbers_disagree")] < 0


def test_pair_eval_decision_is_the_one_accept_pairs_makes() -> None:
    """``pair_eval.linking_predictions`` (what the figures measure) = ``accept_pairs``."""
    from claimledger.linking.cluster import accept_pairs
    from claimledger.linking.minhash import jaccard, shingles
    from claimledger.linking.observation import load_thresholds
    from claimledger.linking.pair_eval import linking_predictions
    from claimledger.linking.verifier import default_verifier

    limits = load_thresholds()
    texts = [("Shares of the company rose 3 percent on Tuesday in New York.",
              "The company's shares gained 3 percent in New York trading on Tuesday."),
             ("The council approved the housing budget on Tuesday evening.",
              "The council rejected a plan to close three libraries on Tuesday."),
             ("Officials said 40 people were evacuated from the valley.",
              "Officials said 400 people were evacuated from the valley.")]
    cosines = np.asarray([0.9, 0.7, 0.97], dtype=np.float32)
    flat = [t for pair in texts for t in pair]
    pairs = np.asarray([[0, 1], [2, 3], [4, 5]], dtype=np.int64)
    jaccards = np.asarray([jaccard(shingles(a, limits.shingle_words),
                                   shingles(b, limits.shingle_words)) for a, b in texts])
    expected = accept_pairs(flat, pairs, jaccards, cosines, limits)
    rows = [{"a": a, "b": b} for a, b in texts]
    assert linking_predictions(rows, cosines, limits, default_verifier()).tolist() == \
        expected.tolist()


def test_a_batch_computes_each_text_once_and_gives_the_pair_features() -> None:
    """``feature_matrix`` reads each distinct text's signals once per batch; the rows
    are exactly ``pair_features`` of each pair (texts repeated, empty, with numbers)."""
    texts = ["Shares of the company rose 3 percent on Tuesday.",
             "The company's shares rose 5 percent on Tuesday, an official said.",
             "Nobody denied that the mayor would not attend.", "", "Ottawa, 2019: 7 km."]
    pairs = [(a, b) for a in texts for b in texts]
    cosines = [0.1 * (k % 10) for k in range(len(pairs))]
    matrix = feature_matrix(pairs, cosines)
    expected = np.asarray([pair_features(a, b, c) for (a, b), c in zip(pairs, cosines,
                                                                       strict=True)])
    assert matrix.shape == (25, len(FEATURES))
    assert np.array_equal(matrix, expected)
    assert signal("", "", "shingle_jaccard") == 1.0  # as minhash.jaccard of two empty sets
