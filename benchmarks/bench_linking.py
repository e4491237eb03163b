"""Benchmark of ``claimledger.linking.link`` on a synthetic scale-up of real claims.

    .venv/bin/python benchmarks/bench_linking.py                 # 10k, 30k, 100k
    .venv/bin/python benchmarks/bench_linking.py --sizes 10000 --real-embeddings

Observations are Wikinews sentences (``../shared/corpus/wikinews``) reported again by
synthetic outlets: adjacent words swapped, a word dropped, a number changed, another
outlet, date, holder and citation. Each size runs in its own process so the peak RSS
(``resource.ru_maxrss``) is that size's alone.

Embeddings: the int8 MiniLM embeds roughly 100 sentences/s on two shared cores, so 100k
observations would spend ~15 minutes in the model alone. The benchmark therefore
(1) measures embedding throughput on real sentences, (2) times ``link`` with the real
model on 10k observations when ``--real-embeddings`` is given, and (3) times linking at
every size with precomputed embeddings: each base sentence is embedded once by the real
model, and a perturbed copy gets that vector plus random noise (cosine 0.9-0.99 to its
base), which is about what the perturbations do to real embeddings. The printed JSON
reports the time split, the growth exponent (log-log slope of linking time between the
smallest and largest size) and the peak memory.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimledger.linking import Observation, QuantityValue, link
from claimledger.linking.calibrate import sentence_spans
from claimledger.linking.embeddings import default_embedder, l2_normalise

ROOT = Path(__file__).resolve().parents[1]
WIKINEWS = ROOT.parent / "shared" / "corpus" / "wikinews"
CACHE = Path("/tmp/claimledger-bench-base-embeddings.npy")
OUTLETS = [f"Outlet {i:03d}" for i in range(300)]
HOLDERS = [(None, None), ("Maria Lopez", "named_person"), ("Ministry of Transport",
           "named_organization"), ("a senior official", "official_unnamed"),
           ("sources", "anonymous"), ("John Okafor", "named_person")]
NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")


def base_sentences() -> list[str]:
    out = []
    for path in sorted(WIKINEWS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.extend(text[a:b] for a, b in sentence_spans(text) if len(text[a:b].split()) >= 6)
    return out


def perturb(text: str, rng: random.Random) -> str:
    """One edit a re-reporting outlet might make: a number, a dropped word or a swap."""
    words = text.split()
    numbers = [i for i, w in enumerate(words) if NUMBER.fullmatch(w.strip(",."))]
    roll = rng.random()
    if roll < 0.3 and numbers:
        i = rng.choice(numbers)
        words[i] = str(rng.randint(2, 999))
    elif roll < 0.6 and len(words) > 6:
        del words[rng.randrange(len(words))]
    elif len(words) > 3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def observations(n: int, bases: Sequence[str], seed: int = 7) -> tuple[list[Observation],
                                                                     list[int]]:
    rng = random.Random(seed)
    out, base_of = [], []
    for i in range(n):
        b = rng.randrange(len(bases))
        text = perturb(bases[b], rng) if rng.random() < 0.7 else bases[b]
        holder, kind = rng.choice(HOLDERS)
        numbers = [float(x) for x in NUMBER.findall(text)][:2]
        day = 1 + rng.randrange(28)
        out.append(Observation(
            id=f"obs{i}", article_id=f"art{i // 3}", outlet=rng.choice(OUTLETS),
            published=f"2008-03-{day:02d}T{rng.randrange(24):02d}:00:00", text=text,
            holder_name=holder, holder_kind=kind,
            cited=rng.choice(OUTLETS) if rng.random() < 0.2 else None,
            quantities=tuple(QuantityValue(x, None, None, None, "number") for x in numbers)))
        base_of.append(b)
    return out, base_of


class PrecomputedEmbedder:
    """Vectors looked up by text (see module doc for how they were made)."""

    def __init__(self, table: dict[str, npt.NDArray[np.float32]]) -> None:
        self.table = table

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.stack([self.table[t] for t in texts]).astype(np.float32)


def base_vectors(bases: Sequence[str]) -> npt.NDArray[np.float32]:
    if CACHE.exists():
        cached = np.load(CACHE)
        if len(cached) == len(bases):
            return np.asarray(cached, dtype=np.float32)
    vectors = default_embedder().embed(bases)
    np.save(CACHE, vectors)
    return vectors


def synthetic_table(obs: Sequence[Observation], base_of: Sequence[int],
                    base_vecs: npt.NDArray[np.float32]) -> dict[str, npt.NDArray[np.float32]]:
    rng = np.random.default_rng(11)
    table: dict[str, npt.NDArray[np.float32]] = {}
    for o, b in zip(obs, base_of, strict=True):
        if o.text in table:
            continue
        noise = rng.standard_normal(base_vecs.shape[1]).astype(np.float32)
        noise *= rng.uniform(0.1, 0.45) / np.linalg.norm(noise)
        table[o.text] = l2_normalise((base_vecs[b] + noise)[None, :])[0]
    return table


def run_one(n: int, real: bool) -> dict[str, float | int | str]:
    bases = base_sentences()
    obs, base_of = observations(n, bases)
    if real:
        embedder = default_embedder()
        mode = "real int8 MiniLM"
    else:
        embedder = PrecomputedEmbedder(synthetic_table(obs, base_of, base_vectors(bases)))
        mode = "precomputed"
    start = time.perf_counter()
    result = link(obs, embedder=embedder)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Purity: share of observations in a cluster whose most common base sentence is
    # their own; low purity would mean chained, over-merged clusters.
    counts: dict[str, Counter[int]] = {}
    for o, b in zip(obs, base_of, strict=True):
        counts.setdefault(result.clusters[o.id], Counter())[b] += 1
    purity = sum(c.most_common(1)[0][1] for c in counts.values()) / n
    return {"observations": n, "embeddings": mode, "seconds": round(seconds, 2),
            "purity": round(purity, 4), "largest_cluster": max(sum(c.values())
                                                              for c in counts.values()),
            "clusters": len(set(result.clusters.values())), "edges": len(result.edges),
            "contradictions": len(result.contradictions), "peak_rss_mb": round(peak_mb, 1)}


def embedding_throughput(count: int = 1000) -> float:
    texts = base_sentences()[:count]
    embedder = default_embedder()
    embedder.embed(texts[:16])
    start = time.perf_counter()
    embedder.embed(texts)
    return len(texts) / (time.perf_counter() - start)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--real-embeddings", action="store_true",
                        help="also time link() with the real model at the smallest size")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--real", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.real)))
        return 0
    base_vectors(base_sentences())  # embed the base sentences once, outside the timings

    def child(n: int, real: bool) -> dict[str, float | int | str]:
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--real"] if real else [])
        return dict(json.loads(subprocess.run(cmd, check=True, capture_output=True,
                                              text=True).stdout))

    runs = [child(n, False) for n in sorted(args.sizes)]
    report: dict[str, object] = {"runs": runs,
                                 "embedding_sentences_per_second":
                                     round(embedding_throughput(), 1)}
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        report["growth_exponent"] = round(
            math.log(float(large["seconds"]) / float(small["seconds"]))
            / math.log(float(large["observations"]) / float(small["observations"])), 3)
    if args.real_embeddings:
        report["real_embeddings_run"] = child(min(args.sizes), True)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
