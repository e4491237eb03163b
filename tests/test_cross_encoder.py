"""The cross-encoder verifier (``claimledger.linking.cross_encoder``), as ``make install``
builds it from the packaged MiniLM weights and ``../shared/pairs``.

Its quality through the ledger is held by tests/test_linking_mrpc_floors.py; here: it
is built and used, a score does not depend on pair order or on the other pairs of a
call (the ledger's batches depend on ``-j`` and ingest order), it beats the logistic
verifier it replaces on held-out pairs, and without the file the logistic one decides.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimledger.errors import ModelError
from claimledger.linking import cross_encoder
from claimledger.linking.cross_encoder import CrossEncoder, default_cross_encoder, model_path
from claimledger.linking.pair_eval import DEFAULT_MRPC, Scores, held_out, load_pairs
from claimledger.linking.verifier import accepts, default_verifier, feature_matrix

PAIRS = [
    ("The company said profits rose 12 percent in the third quarter.",
     "Third-quarter profit climbed 12 percent, the company said."),
    ("Police arrested two men after the robbery on Friday night.",
     "Two men were arrested by police following Friday night's robbery."),
    ("The minister resigned on Tuesday over the funding scandal.",
     "The minister denied on Tuesday any role in the funding scandal."),
]
SAME = [True, True, False]


def features_of(pairs: list[tuple[str, str]]) -> np.ndarray:
    """``feature_matrix`` rows with the pairs' real MiniLM cosines."""
    from claimledger.linking.calibrate import pair_embedder

    embedder = pair_embedder()
    va = embedder.embed([a for a, _ in pairs])
    vb = embedder.embed([b for _, b in pairs])
    return feature_matrix(pairs, np.einsum("ij,ij->i", va, vb).tolist())


@pytest.fixture(scope="module")
def encoder() -> CrossEncoder:
    found = default_cross_encoder()
    assert found is not None, (f"no cross-encoder at {model_path()}: make install builds it "
                               "(python -m claimledger.linking.train_cross_encoder)")
    return found


def test_make_install_built_the_model_from_the_training_split(encoder: CrossEncoder) -> None:
    assert "ids not divisible by 3" in encoder.meta["fitted_on"]
    assert encoder.meta["held_out"]["accuracy"] > 0.7


def test_a_score_does_not_depend_on_pair_order_or_batch(encoder: CrossEncoder) -> None:
    together = encoder.logits(PAIRS, features_of(PAIRS))
    swapped = [(b, a) for a, b in PAIRS]
    assert encoder.logits(swapped, features_of(swapped)).tolist() == together.tolist()
    for k, pair in enumerate(PAIRS):
        assert encoder.logits([pair], features_of([pair]))[0] == together[k]


def test_it_reads_the_sentences_not_only_their_overlap(encoder: CrossEncoder) -> None:
    """The minister who resigned and the one who denied a role share every anchor."""
    assert encoder.accept(PAIRS, features_of(PAIRS)).tolist() == SAME


def test_the_shipped_decision_beats_the_logistic_verifier_on_held_out_pairs(
        encoder: CrossEncoder) -> None:
    """All 1,358 held-out MRPC pairs (never fitted on): ``verifier.accepts`` (the mean of
    the two models) against the logistic verifier alone (76.7 / 84.3 when written)."""
    test = [p for p in load_pairs(DEFAULT_MRPC) if held_out(p)]
    texts = [(p["a"], p["b"]) for p in test]
    features = features_of(texts)
    gold = np.asarray([bool(p["same"]) for p in test], dtype=bool)
    shipped = Scores.of(accepts(texts, features), gold)
    logistic = Scores.of(default_verifier().accept(features), gold)
    assert shipped.accuracy >= logistic.accuracy + 0.01, (shipped, logistic)
    assert shipped.f1 > logistic.f1, (shipped, logistic)


def test_without_the_model_the_logistic_verifier_decides(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(cross_encoder.MODEL_ENV, str(tmp_path / "absent.onnx"))
    monkeypatch.setattr(cross_encoder, "_warned", False)
    default_cross_encoder.cache_clear()
    try:
        features = features_of(PAIRS)
        assert accepts(PAIRS, features).tolist() == \
            default_verifier().accept(features).tolist()
        accepts(PAIRS, features)
        assert capsys.readouterr().err.count("no cross-encoder") == 1
    finally:
        default_cross_encoder.cache_clear()


def test_a_model_trained_on_other_signals_is_refused(tmp_path: Path) -> None:
    built = model_path()
    copy = tmp_path / "model.onnx"
    copy.write_bytes(built.read_bytes())
    meta = json.loads(cross_encoder.meta_path(built).read_text(encoding="utf-8"))
    meta["features"] = meta["features"][:-1]
    cross_encoder.meta_path(copy).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="other signals"):
        CrossEncoder(copy)


def test_the_analysis_venv_does_not_load_torch() -> None:
    """The model is trained in ``.venv-train``: with torch beside spaCy, thinc imports it
    in every process (2.5 s and 200 MB more for each ``claimledger`` command)."""
    import subprocess
    import sys

    code = ("import sys, claimledger; from claimledger.nlp import load_model; load_model(); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[-1] == "False"
