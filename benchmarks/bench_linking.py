"""Benchmark of ``link_external`` (streamed linking) on a synthetic scale-up of real claims.

    .venv/bin/python benchmarks/bench_linking.py                 # 10k, 100k, 300k
    .venv/bin/python benchmarks/bench_linking.py --sizes 10000 30000 --real-embeddings

Observations are Wikinews sentences re-reported by synthetic outlets
(``synthetic_claims.SyntheticObservations``: words swapped or dropped, numbers changed,
other outlets, dates, holders, citations), generated afresh on every pass over the
stream, and embedded by ``synthetic_claims.HashedEmbedder`` (per-word hashed vectors plus
per-text noise; near-duplicates at cosine 0.87-0.99), so neither the inputs nor a text ->
vector table grow with the corpus and the measured memory is the linker's own.

The corpus has a fixed set of 1,602 base sentences, so its clusters grow with the
corpus (n / 1,602 observations on average) and so does the largest cluster, which
``link_external`` holds whole while assembling it; edits of one base repeat, so distinct
texts grow slower than observations (``distinct_texts``: 8.0k at 10k, 45.6k at 100k).

Each size runs in its own process. The RSS before linking (imports, base sentences, word
table) is the baseline; the peak (``ru_maxrss``, reset through ``/proc/self/clear_refs``
just before linking where the kernel allows it) is read right after ``link_external``
returns into a sink that only counts. Cluster purity (the share of observations whose
cluster's most common base sentence is their own; 1.0 = no over-merging) is computed
afterwards, in a second pass whose memory is not measured. At the smallest size another
process times the in-memory ``link(list(stream))`` and checks that ``link_external`` into
a ``ResultSink`` gives the same result.

The real int8 MiniLM embeds ~100-250 sentences/s on two shared cores (15 minutes for
100k sentences): its throughput is measured on real sentences, and ``--real-embeddings``
times ``link_external`` with it at the smallest size. Targets (issue 4): growth exponent
(log-log slope of linking CPU time, smallest to largest size; the wall-clock slope is
reported too) <= 1.2, and peak memory flat in
corpus size (``memory_growth_mb``: peak at the largest size minus peak at the smallest).
Ceilings come from ``thresholds.json`` when it pins them; exit status 1 on a miss.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from synthetic_claims import HashedEmbedder, SyntheticObservations, base_of, base_sentences

from claimledger.linking import LinkResult, link
from claimledger.linking.embeddings import Embedder, default_embedder
from claimledger.linking.external import link_external
from claimledger.linking.observation import (
    Contradiction,
    Edge,
    MemberLink,
    Origin,
    StoryLink,
)
from claimledger.linking.sink import ResultSink

HERE = Path(__file__).resolve().parent
THRESHOLDS: dict[str, Any] = json.loads((HERE / "thresholds.json").read_text())
GROWTH_EXPONENT_TARGET = 1.2  # the target, unless thresholds.json pins another


class CountingSink:
    """Counts what linking hands over and keeps nothing, so it adds no memory."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def clusters(self, assigned: Sequence[tuple[str, str]]) -> None:
        self.counts["assigned"] += len(assigned)

    def cluster(self, canonical_id: str, edges: Sequence[Edge], origins: Sequence[Origin],
                contradictions: Sequence[Contradiction], links: Sequence[MemberLink] = ()
                ) -> None:
        self.counts["cluster_calls"] += 1
        self.counts["edges"] += len(edges)
        self.counts["origins"] += len(origins)
        self.counts["contradictions"] += len(contradictions)

    def story_links(self, links: Sequence[StoryLink]) -> None:
        self.counts["story_links"] += len(links)


class PuritySink:
    """Base sentences per cluster (from the observation ids), for ``purity``."""

    def __init__(self) -> None:
        self.bases: dict[str, Counter[int]] = {}

    def clusters(self, assigned: Sequence[tuple[str, str]]) -> None:
        for observation_id, canonical_id in assigned:
            self.bases.setdefault(canonical_id, Counter())[base_of(observation_id)] += 1

    def cluster(self, canonical_id: str, edges: Sequence[Edge], origins: Sequence[Origin],
                contradictions: Sequence[Contradiction], links: Sequence[MemberLink] = ()
                ) -> None:
        pass

    def story_links(self, links: Sequence[StoryLink]) -> None:
        pass

    def purity(self) -> dict[str, float | int]:
        total = sum(sum(c.values()) for c in self.bases.values())
        best = sum(c.most_common(1)[0][1] for c in self.bases.values())
        return {"purity": round(best / max(total, 1), 4),
                "largest_cluster": max((sum(c.values()) for c in self.bases.values()),
                                       default=0)}


def rss_now_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def start_memory_window() -> dict[str, float | bool]:
    """Collect garbage, read the baseline RSS and reset the peak to it when possible."""
    gc.collect()
    window: dict[str, float | bool] = {"setup_peak_rss_mb": round(peak_rss_mb(), 1),
                                       "baseline_rss_mb": round(rss_now_mb(), 1)}
    try:
        Path("/proc/self/clear_refs").write_text("5")  # 5 = reset the peak RSS (Linux)
        window["peak_reset"] = True
    except OSError:
        window["peak_reset"] = False
    return window


def end_memory_window(window: dict[str, float | bool]) -> dict[str, float | bool]:
    peak = peak_rss_mb()
    return {**window, "peak_rss_mb": round(peak, 1),
            "peak_minus_baseline_mb": round(peak - float(window["baseline_rss_mb"]), 1)}


def setup(n: int) -> tuple[SyntheticObservations, HashedEmbedder]:
    bases = base_sentences()
    return SyntheticObservations(n, bases), HashedEmbedder(bases)


def run_external(n: int, real: bool) -> dict[str, Any]:
    """``link_external`` into a counting sink: time and memory; then purity."""
    stream, hashed = setup(n)
    embedder: Embedder = hashed
    if real:
        embedder = default_embedder()
        embedder.embed(["warm-up sentence of the model"])
    window = start_memory_window()
    sink = CountingSink()
    start, cpu_start = time.perf_counter(), time.process_time()
    counts = link_external(stream, sink, embedder=embedder)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    memory = end_memory_window(window)
    run: dict[str, Any] = {
        "observations": n, "embeddings": "real int8 MiniLM" if real else "hashed",
        "seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2), **memory,
        "clusters": counts.clusters, "edges": counts.edges,
        "contradictions": counts.contradictions, "story_links": counts.story_links,
        "sink": dict(sink.counts)}
    if not real:  # after the peak was read: neither pass below is measured
        purity = PuritySink()
        link_external(stream, purity, embedder=embedder)
        run.update(purity.purity())
        run["distinct_texts"] = len({observation.text for observation in stream})
    return run


def canonical(result: LinkResult) -> dict[str, Any]:
    """A ``LinkResult`` with every list sorted, so two equal results compare equal."""
    def rows(items: Sequence[Any]) -> list[str]:
        return sorted(json.dumps(item.to_dict(), sort_keys=True) for item in items)

    return {"clusters": dict(result.clusters), "edges": rows(result.edges),
            "origins": {cid: rows(found) for cid, found in result.origins.items() if found},
            "contradictions": rows(result.contradictions),
            "story_links": rows(result.story_links)}


def run_in_memory(n: int) -> dict[str, Any]:
    """``link(list(stream))``: time and memory (inputs included), then whether
    ``link_external`` into a ``ResultSink`` gives the same result."""
    stream, embedder = setup(n)
    window = start_memory_window()
    observations = list(stream)
    start = time.perf_counter()
    result = link(observations, embedder=embedder)
    seconds = time.perf_counter() - start
    memory = end_memory_window(window)
    purity = PuritySink()
    purity.clusters(list(result.clusters.items()))
    sink = ResultSink()
    link_external(stream, sink, embedder=embedder)
    ours, theirs = canonical(result), canonical(sink.result())
    return {"observations": n, "embeddings": "hashed", "seconds": round(seconds, 2),
            **memory, "clusters": len(set(result.clusters.values())),
            "edges": len(result.edges), "contradictions": len(result.contradictions),
            **purity.purity(), "equals_in_memory_link": ours == theirs,
            "parts_differing": [part for part in ours if ours[part] != theirs[part]]}


def embedding_throughput(count: int = 1000) -> float:
    texts = list(base_sentences()[:count])
    embedder = default_embedder()
    embedder.embed(texts[:16])
    start = time.perf_counter()
    embedder.embed(texts)
    return len(texts) / (time.perf_counter() - start)


def child(mode: str, n: int) -> dict[str, Any]:
    """One measurement in a fresh process, so its peak RSS is that measurement's alone."""
    cmd = [sys.executable, __file__, "--child", mode, str(n)]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return dict(json.loads(out))


def summarise(runs: Sequence[dict[str, Any]]) -> dict[str, float]:
    small, large = runs[0], runs[-1]
    scale = math.log(large["observations"] / small["observations"])
    return {
        "growth_exponent": round(math.log(large["seconds"] / small["seconds"]) / scale, 3),
        # CPU time of the linking process: on a shared, loaded machine wall time also
        # counts the wait for a core, CPU time does not.
        "cpu_growth_exponent": round(
            math.log(large["cpu_seconds"] / small["cpu_seconds"]) / scale, 3),
        "memory_growth_mb": round(large["peak_rss_mb"] - small["peak_rss_mb"], 1)}


def misses(report: dict[str, Any]) -> list[str]:
    """Targets missed: growth exponent, memory growth, equality with ``link``."""
    found = []
    exponent_max = THRESHOLDS.get("linking_growth_exponent_max", GROWTH_EXPONENT_TARGET)
    # Held on CPU time: on the shared machine (load 5-12 on 2 cores) wall time was 4.5x
    # the CPU time at 10k and 2.7x at 100k, so the wall-clock slope measured the load
    # (docs/benchmarks.md).
    exponent = report.get("cpu_growth_exponent", report.get("growth_exponent", 0.0))
    if exponent > exponent_max:
        found.append(f"CPU-time growth exponent {exponent} > {exponent_max}")
    memory_max = THRESHOLDS.get("linking_memory_growth_mb_max")
    if memory_max is not None and report.get("memory_growth_mb", 0.0) > memory_max:
        found.append(f"memory growth {report['memory_growth_mb']} MB > {memory_max} MB")
    # Flat memory as a ceiling that holds at every size, not only as a difference.
    ceiling = THRESHOLDS.get("linking_peak_over_baseline_mb_max")
    for run in report["runs"]:
        if ceiling is not None and run["peak_minus_baseline_mb"] > ceiling:
            found.append(f"{run['observations']} observations: peak {run['peak_minus_baseline_mb']}"
                         f" MB over the baseline > {ceiling} MB")
    if not report["in_memory"]["equals_in_memory_link"]:
        found.append("link_external differs from link in: "
                     + ", ".join(report["in_memory"]["parts_differing"]))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--real-embeddings", action="store_true",
                        help="also time link_external with the real model at the smallest size")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, n = args.child[0], int(args.child[1])
        runners = {"external": lambda: run_external(n, False),
                   "real": lambda: run_external(n, True),
                   "in-memory": lambda: run_in_memory(n)}
        print(json.dumps(runners[mode]()))
        return 0
    sizes = sorted(set(args.sizes))
    report: dict[str, Any] = {"load_average_before": [round(x, 2) for x in os.getloadavg()]}
    report["runs"] = [child("external", n) for n in sizes]
    if len(sizes) >= 2:
        report.update(summarise(report["runs"]))
    report["in_memory"] = child("in-memory", sizes[0])
    report["equals_in_memory_link"] = report["in_memory"]["equals_in_memory_link"]
    if args.real_embeddings:
        report["real_embeddings_run"] = child("real", sizes[0])
    report["embedding_sentences_per_second"] = round(embedding_throughput(), 1)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))
    failures = misses(report)
    for failure in failures:
        print(f"bench_linking: missed target: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
