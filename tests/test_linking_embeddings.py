"""The ONNX MiniLM embedder on real benchmark sentences."""

from __future__ import annotations

import numpy as np

from claimledger.linking import CachedEmbedder, OnnxMiniLM, default_embedder
from claimledger.linking.calibrate import load_pairs

PAIRS = load_pairs()


def test_vectors_are_unit_float32_rows_in_input_order() -> None:
    texts = [PAIRS[i].a for i in range(0, 40, 4)] + [""]
    vectors = default_embedder().embed(texts)
    assert vectors.shape == (len(texts), 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:-1], axis=1), 1.0, atol=1e-5)
    one_by_one = np.stack([default_embedder().embed([t])[0] for t in texts[:4]])
    assert np.allclose(vectors[:4], one_by_one, atol=1e-4)


def test_same_claim_pairs_score_higher_than_different_ones() -> None:
    embedder = default_embedder()
    vectors = embedder.embed([t for p in PAIRS for t in (p.a, p.b)])
    cosines = np.einsum("ij,ij->i", vectors[0::2], vectors[1::2])
    labels = np.array([p.label for p in PAIRS])
    assert cosines[labels].mean() > cosines[~labels].mean() + 0.2


def test_default_embedder_is_loaded_once_and_cache_agrees() -> None:
    assert default_embedder() is default_embedder()
    cached = CachedEmbedder(default_embedder(), max_entries=3)
    texts = [PAIRS[0].a, PAIRS[1].a, PAIRS[0].a, PAIRS[2].b, PAIRS[3].b]
    assert np.allclose(cached.embed(texts), default_embedder().embed(texts), atol=1e-5)
    assert np.allclose(cached.embed(texts[:2]), default_embedder().embed(texts[:2]), atol=1e-5)


def test_single_thread_session_gives_the_same_vectors() -> None:
    texts = [PAIRS[5].a, PAIRS[6].b]
    assert np.allclose(OnnxMiniLM(threads=1, batch_size=1).embed(texts),
                       default_embedder().embed(texts), atol=1e-4)
