"""``spark link``: a driver of the linking steps over the ``spark analyze`` tables.

The result equals ``claimledger.linking.link`` on the same observations because every
decision is taken by the shared steps; Spark only moves data between them:

1. observations: claims cogrouped with their article, sources and quantities by article
   id (``observations.article_observations``);
2. distinct texts: observations grouped by ``distinct.group_key``, groups numbered by
   their earliest member (``time_key``);
3. features per chunk of ``embeddings.EMBED_BATCH`` texts, the very chunks ``link()``
   embeds, so every vector is bit-identical (``blocks.feature_memberships``);
4. rare-token blocks: frequencies by ``reduceByKey``, then ``ann.rarest_tokens``;
5. candidate pairs: memberships grouped by block key, the block rule
   (``ann.pairs_of_source``) per block;
6. ``decisions.decide_batch`` per partition of pairs of usable texts;
7. the story pass (``spark.stories``, ``steps.story_text_pairs`` per story);
8. clusters: connected components of the accepted and story pairs (``components``);
9. per component ``component.component_clusters``, rows by ``ledger.links.link_rows``.

Why ``ann.pairs_of_source`` and not ``ann.block_pairs``: the latter computes the split
codes from the vectors itself, and shipping a 384-float vector instead of one code with
each of a text's ~30 block memberships would multiply the blocking shuffle.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.linking.observation import Thresholds


@dataclass(frozen=True, slots=True)
class SparkLinkSummary:
    run_id: str
    observations: int
    clusters: int
    candidate_pairs: int
    accepted_pairs: int
    story_pairs: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "observations": self.observations,
                "clusters": self.clusters, "candidate_pairs": self.candidate_pairs,
                "accepted_pairs": self.accepted_pairs, "story_pairs": self.story_pairs,
                "seconds": round(self.seconds, 3)}


def link_folder(spark: Any, folder: str, out: str, *,
                thresholds: Thresholds | None = None) -> SparkLinkSummary:
    """Link the observations of the tables under ``folder``; write the link tables to
    ``out`` (``claim_clusters``, ``link_edges``, ``link_origins``,
    ``link_contradictions``, ``link_runs``)."""
    from pyspark import StorageLevel

    from claimledger.ledger.base import now_iso
    from claimledger.linking.component import story_reason
    from claimledger.linking.embeddings import EMBED_BATCH
    from claimledger.linking.observation import load_thresholds
    from claimledger.spark.components import connected_components
    from claimledger.spark.link_tasks import (
        block_pairs_of,
        chunk_features,
        component_parts,
        component_rows,
        decide_partition,
        rare_token_memberships,
    )
    from claimledger.spark.observations import observation_rdd, text_groups
    from claimledger.spark.stories import story_pairs
    from claimledger.spark.tables import LINK_TABLES, spark_schema

    started = time.perf_counter()
    limits = thresholds or load_thresholds()
    keep = StorageLevel.MEMORY_AND_DISK
    sc = spark.sparkContext
    parts = sc.defaultParallelism
    observations = observation_rdd(spark, folder).persist(keep)
    total = observations.count()
    texts = text_groups(observations, limits).persist(keep)
    chunks = max(1, -(-texts.count() // EMBED_BATCH))
    by_chunk = texts.map(lambda kv: (kv[0] // EMBED_BATCH, kv)).partitionBy(
        chunks, lambda c: int(c)).values()
    features = by_chunk.mapPartitions(lambda part: chunk_features(limits, part)).persist(keep)
    feature = features.mapValues(lambda f: f[0])
    code = features.mapValues(lambda f: f[2])
    # Block keys must all be of one type: a Python shuffle that spills to disk (as it does
    # once a worker holding the models passes spark.python.worker.memory) sorts its keys,
    # and an int key cannot be compared with a rare token's ("t", word).
    memberships = features.flatMap(lambda kv: [(("k", k), kv[0]) for k in kv[1][1]]).union(
        rare_token_memberships(features.mapValues(lambda f: f[3]), limits.rare_tokens,
                               parts))
    with_codes = memberships.map(lambda kv: (kv[1], kv[0])).join(code, parts).map(
        lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    blocks = with_codes.groupByKey(parts).mapValues(list).filter(lambda kv: len(kv[1]) >= 2)
    pairs = blocks.mapPartitions(lambda part: block_pairs_of(limits, part)).distinct(parts)
    pairs = pairs.persist(keep)
    with_i = pairs.join(feature, parts).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    with_both = with_i.join(feature, parts).map(
        lambda kv: (kv[1][0][0], (kv[1][0][1], kv[1][1], kv[0])))
    decided = with_both.mapPartitions(lambda part: decide_partition(limits, part)).persist(keep)
    accepted = decided.filter(lambda d: d[0] == "link").map(lambda d: d[1])
    story = story_pairs(spark, texts, feature.mapValues(lambda f: f[2]), limits,
                        parts).persist(keep)
    links = accepted.union(story.map(lambda s: (s[0], s[1], story_reason(s[2].reason))))
    labels = connected_components(links.map(lambda k: k[:2]), parts).persist(keep)
    root_of = texts.leftOuterJoin(labels, parts).map(
        lambda kv: (kv[0], kv[1][1] if kv[1][1] is not None else kv[0]))
    members = texts.join(feature, parts).join(root_of, parts).map(
        lambda kv: (kv[1][1], (kv[0], kv[1][0][0], kv[1][0][1][2])))
    copies = decided.filter(lambda d: d[0] == "copy").map(
        lambda d: (d[1][0], d[1])).join(root_of, parts).map(lambda kv: (kv[1][1], kv[1][0]))
    inside = links.map(lambda k: (k[0], k)).join(root_of, parts).map(
        lambda kv: (kv[1][1], kv[1][0]))
    tagged = members.mapValues(lambda v: (0, v)).union(
        copies.mapValues(lambda v: (1, v))).union(inside.mapValues(lambda v: (2, v)))
    rows = tagged.groupByKey(parts).mapValues(component_parts).mapPartitions(
        lambda part: component_rows(limits, part)).persist(keep)
    clusters = rows.filter(lambda r: r[0] == "claim_clusters").map(
        lambda r: r[1][1]).distinct().count()
    run_id = uuid.uuid4().hex
    run = sc.parallelize([("link_runs", (run_id, now_iso(), total, clusters))], 1)
    everything = rows.union(run)
    for table in LINK_TABLES:
        frame = spark.createDataFrame(
            everything.filter(lambda r, t=table: r[0] == t).map(lambda r: r[1]),
            schema=spark_schema(table))
        frame.write.mode("overwrite").parquet(str(Path(out) / table))
    summary = SparkLinkSummary(run_id, total, clusters, pairs.count(), accepted.count(),
                               story.count(), time.perf_counter() - started)
    for rdd in (observations, texts, features, pairs, decided, story, labels, rows):
        rdd.unpersist()
    return summary


def link_parquet(folder: str, out: str, *, master: str | None = None) -> SparkLinkSummary:
    """``link_folder`` in a new or the submitted Spark session."""
    from claimledger.spark.session import spark_session

    return link_folder(spark_session(master), folder, out)
