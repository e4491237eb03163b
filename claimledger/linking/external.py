"""Linking with memory flat in corpus size: ``link_external``, the out-of-core driver.

``link`` holds every observation, embedding, signature and candidate pair (about 5 KB
per claim). ``link_external`` calls the same steps on slices of the data with the same
result (``tests/test_linking_external.py``), keeping the bulk in a throwaway work
directory: observations, texts, articles and pairs in a SQLite file (``workdb``),
embeddings, signatures, block memberships and candidate pairs in spilled arrays
(``spilled``). Results go to a ``LinkSink`` cluster by cluster. Memory grows by about 25
bytes per distinct text (union-find, a flag) plus the rare-token vocabulary (far slower
than the corpus), and with the largest single cluster or story, held whole.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimledger.linking.cluster import UnionFind
from claimledger.linking.component import PairLink, component_clusters, story_reason
from claimledger.linking.decisions import decide_batch, pair_scores, texts_needed
from claimledger.linking.embeddings import Embedder, Progress, default_embedder
from claimledger.linking.observation import Observation, StoryLink, Thresholds, load_thresholds
from claimledger.linking.sink import LinkSink
from claimledger.linking.spill import release_freed_memory
from claimledger.linking.spilled import Spilled
from claimledger.linking.steps import story_pass_enabled, story_text_pairs
from claimledger.linking.workdb import WorkDb

SINK_BATCH = 5000  # cluster assignments per sink call


@dataclass(frozen=True, slots=True)
class LinkCounts:
    """What ``link_external`` produced (the results themselves went to the sink)."""

    observations: int
    clusters: int
    edges: int
    contradictions: int
    story_links: int

    def to_dict(self) -> dict[str, int]:
        return {"observations": self.observations, "clusters": self.clusters,
                "edges": self.edges, "contradictions": self.contradictions,
                "story_links": self.story_links}


def link_external(observations: Iterable[Observation], sink: LinkSink, *,
                  embedder: Embedder | None = None, thresholds: Thresholds | None = None,
                  progress: Progress | None = None, workdir: str | Path | None = None
                  ) -> LinkCounts:
    """``link`` with memory flat in corpus size (module doc); results go to ``sink``.

    ``observations`` is read once. ``workdir``: where the throwaway work directory is
    made (default: the system's temporary directory); it needs roughly 2 KB of disk per
    observation and is removed afterwards, also on error.
    """
    limits = thresholds or load_thresholds()
    with tempfile.TemporaryDirectory(prefix="claimledger-link-", dir=workdir) as tmp:
        db = WorkDb(Path(tmp) / "work.db")
        spilled = Spilled(Path(tmp), limits)
        try:
            total = db.load(observations, limits.min_content_words)
            if total == 0:
                return LinkCounts(0, 0, 0, 0, 0)
            usable = db.group()
            spilled.features(db, embedder or default_embedder(), progress)
            sets = UnionFind(db.texts)
            db.create_pair_tables()
            for bucket in spilled.candidate_pairs(db.texts, usable):
                decide(db, spilled, bucket, ~usable, sets, limits)
            release_freed_memory()
            stories = story_pass(db, spilled, sets, sink, limits)
            db.index_pairs()
            release_freed_memory()
            counts = assemble(db, spilled, sets, sink, limits)
        finally:
            spilled.close()
            db.close()
    if progress is not None:
        progress(total, total)
    return LinkCounts(total, *counts, stories)


def decide(db: WorkDb, spilled: Spilled, bucket: list[npt.NDArray[np.int64]],
           short: npt.NDArray[np.bool_], sets: UnionFind, limits: Thresholds) -> None:
    """One bucket of candidate pairs through ``decide_batch``, chunk by chunk; accepted
    pairs are joined and kept with their reasons, near-copies kept."""
    shingled: dict[int, set[str]] = {}  # a bucket's texts recur in many of its pairs
    for chunk in bucket:
        rows, local = np.unique(chunk.ravel(), return_inverse=True)
        sigs, vectors = spilled.rows(rows)
        jaccards, cosines = pair_scores(sigs, vectors, local.reshape(-1, 2))
        texts = db.texts_of(texts_needed(chunk, jaccards, cosines, limits))
        decided = decide_batch(chunk, jaccards, cosines, texts, limits, short=short,
                               shingled=shingled)
        for k in decided.links:
            sets.union(k.a, k.b)
        db.add_pairs(decided.links, decided.copies)


def story_pass(db: WorkDb, spilled: Spilled, sets: UnionFind, sink: LinkSink,
               limits: Thresholds) -> int:
    """``steps.story_text_pairs`` story by story; returns the number of story links."""
    if not story_pass_enabled(limits) or db.texts < 2:
        return 0
    db.set_stories(spilled.story_labels(db, db.number_articles(), limits))
    links = 0
    for members in db.stories():
        sources = db.sources(members)
        texts = db.texts_of(members)
        found = [(members[i], members[j], reason) for i, j, reason in story_text_pairs(
            [texts[g] for g in members], spilled.vectors.take(np.asarray(members)),
            [sources[g] for g in members], limits)]
        for a, b, _ in found:
            sets.union(a, b)
        db.add_pairs([PairLink(a, b, story_reason(r)) for a, b, r in found])
        ids = db.first_ids(g for a, b, _ in found for g in (a, b))
        sink.story_links([StoryLink(ids[a], ids[b], reason) for a, b, reason in found])
        links += len(found)
    return links


def assemble(db: WorkDb, spilled: Spilled, sets: UnionFind, sink: LinkSink,
             limits: Thresholds) -> tuple[int, int, int]:
    """``component.component_clusters`` component by component, in order of their first
    text; returns the counts of clusters, edges and contradictions."""
    db.set_components(sets.smallest_members())
    counts = np.zeros(3, dtype=np.int64)  # clusters, edges, contradictions
    assigned: list[tuple[str, str]] = []
    for order, texts, links, copies in db.components():
        for records in component_clusters(texts, spilled.vectors_of(order), links, copies,
                                          limits):
            assigned.extend((obs.id, records.canonical_id) for obs in records.members)
            sink.cluster(records.canonical_id, records.edges, records.origins,
                         records.contradictions, records.links)
            counts += (1, len(records.edges), len(records.contradictions))
        if len(assigned) >= SINK_BATCH:
            sink.clusters(assigned)
            assigned = []
    if assigned:
        sink.clusters(assigned)
    return int(counts[0]), int(counts[1]), int(counts[2])
