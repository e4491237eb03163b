"""``spark link``: cross-article linking of the ``spark analyze`` tables on a cluster.

The result equals ``claimledger.linking.link`` on the same observations because every
decision is taken by the library's own functions (``linking.pipeline`` and the modules it
calls); Spark only moves data between them:

1. observations: claims cogrouped with their article, sources and quantities by article
   id (``observations.article_observations``);
2. distinct texts: observations grouped by normalised text, groups numbered by their
   earliest member (``time_key``), as ``pipeline.distinct_texts`` groups and numbers
   them (a text that is not ``tokens.linkable`` is a group of its own);
3. features per chunk of ``pipeline.EMBED_BATCH`` texts, the very chunks ``link()``
   embeds, so every vector is bit-identical: embedding, MinHash signature, band keys,
   SimHash keys and split code (``embeddings``, ``minhash``, ``ann``);
4. rare-token blocks: token frequencies by ``reduceByKey``, then each text's
   ``rare_tokens`` rarest shared tokens (the rule of ``ann.rare_token_keys``);
5. candidate pairs: memberships grouped by block key, blocks expanded by the library's
   block rule (``ann.pairs_of_source``) with the members' split codes;
6. pair decisions: both sides' features joined to each pair, pairs with a text that
   is not usable dropped (``pipeline.candidate_pairs``), then ``pipeline.score_pairs``
   and ``cluster.accept_pairs`` per partition;
7. the story pass (``spark.stories``): stories on the driver from one vector per
   article, the pairs inside each story on the executors;
8. clusters: connected components of the accepted and story pairs (``components``);
9. per cluster: ``pipeline.copy_partners`` and ``pipeline.assemble`` (edges, origins,
   contradictions, the cluster's story links), rows by ``ledger.links.link_rows``.

Why ``ann.pairs_of_source`` and not ``ann.block_pairs``: the latter computes the split
codes from the vectors itself, and shipping a 384-float vector instead of one code with
each of a text's ~30 block memberships would multiply the blocking shuffle.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimledger.linking.observation import Observation, Thresholds

# text, MinHash signature, embedding
Feature = tuple[str, Any, Any]
Group = list[Observation]  # one distinct text's observations, earliest first


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


def _read(spark: Any, folder: str, table: str, columns: list[str], key: str) -> Any:
    frame = spark.read.parquet(str(Path(folder) / table)).select(*columns)
    parts = spark.sparkContext.defaultParallelism
    return frame.rdd.coalesce(parts).map(lambda r: (r[key], (table, r.asDict())))


def observation_rdd(spark: Any, folder: str) -> Any:
    """Every claim of the tables under ``folder`` as an ``Observation``."""
    from claimledger.spark.observations import article_observations

    tagged = spark.sparkContext.union([
        _read(spark, folder, "articles", ["id", "outlet", "published"], "id"),
        _read(spark, folder, "claims", ["n", "uid", "article_id", "text", "holder",
                                        "quantity_ids"], "article_id"),
        _read(spark, folder, "sources", ["article_id", "id", "name", "kind"], "article_id"),
        _read(spark, folder, "quantities", ["article_id", "id", "value", "low", "high",
                                            "unit", "kind"], "article_id"),
    ])

    def of_article(rows: Iterable[tuple[str, dict[str, Any]]]) -> list[Observation]:
        by_table: dict[str, list[dict[str, Any]]] = {
            "articles": [], "claims": [], "sources": [], "quantities": []}
        for table, row in rows:
            by_table[table].append(row)
        found = article_observations(by_table["articles"], sorted(
            by_table["claims"], key=lambda r: r["n"]), by_table["sources"],
            by_table["quantities"])
        return [obs for _, obs in found]

    grouped = tagged.groupByKey(spark.sparkContext.defaultParallelism)
    return grouped.flatMap(lambda kv: of_article(kv[1]))


def _text_key(obs: Observation, min_content_words: int) -> str:
    """``steps.text_group_key``; a text without one is a group of its own (keyed by the
    observation's unique id)."""
    from claimledger.linking.steps import text_group_key

    return text_group_key(obs.text, min_content_words) or f"\0{obs.id}"


def text_groups(observations: Any, limits: Thresholds) -> Any:
    """``(g, observations of text g)``: the groups and numbering of
    ``pipeline.distinct_texts``."""
    from claimledger.linking.observation import time_key

    minimum = limits.min_content_words
    keyed = observations.map(lambda obs: (_text_key(obs, minimum), obs))
    parts = observations.getNumPartitions()
    groups = keyed.groupByKey(parts).map(lambda kv: sorted(kv[1], key=time_key))
    ordered = groups.sortBy(lambda members: time_key(members[0]), numPartitions=parts)
    return ordered.zipWithIndex().map(lambda p: (p[1], p[0]))


def _chunk_features(limits: Thresholds, chunk: Iterable[tuple[int, Group]]
                    ) -> Iterator[tuple[int, tuple[Feature, list[Any], int, list[str]]]]:
    """Features of one ``EMBED_BATCH`` chunk of texts, computed exactly as ``link()``."""
    from claimledger.linking import default_embedder
    from claimledger.linking.ann import simhash_keys, split_codes
    from claimledger.linking.minhash import band_keys, signatures
    from claimledger.linking.tokens import content_words

    members = sorted(chunk, key=lambda item: item[0])
    if not members:
        return
    texts = [group[0].text for _, group in members]
    vectors = np.asarray(default_embedder().embed(texts), dtype=np.float32)
    sigs = signatures(texts, num_perm=limits.num_perm, shingle_words=limits.shingle_words)
    bands = band_keys(sigs, limits.bands) >> 2
    tables = simhash_keys(vectors, tables=limits.simhash_tables, bits=limits.simhash_bits)
    codes = split_codes(vectors)
    for row, (g, _) in enumerate(members):
        keys = [("b", int(k)) for k in bands[row]] + [("s", int(k)) for k in tables[row]]
        yield g, ((texts[row], sigs[row], vectors[row]), keys, int(codes[row]),
                  sorted(set(content_words(texts[row]))))


def _rare_token_memberships(tokens: Any, per_text: int, parts: int) -> Any:
    """``(("t", token), g)`` for each text's ``per_text`` rarest tokens seen in >= 2
    texts, ties by token: the rule of ``ann.rare_token_keys``."""
    from operator import add

    frequency = tokens.flatMap(lambda kv: [(t, 1) for t in kv[1]]).reduceByKey(add, parts)
    shared = frequency.filter(lambda kv: kv[1] >= 2)
    per_token = tokens.flatMap(lambda kv: [(t, kv[0]) for t in kv[1]]).join(shared, parts)
    ranked = per_token.map(lambda kv: (kv[1][0], (kv[1][1], kv[0]))).groupByKey(parts)
    return ranked.flatMap(lambda kv: [(("t", t), kv[0])
                                      for _, t in sorted(kv[1])[:per_text]])


def _block_pairs(limits: Thresholds, blocks: Iterable[tuple[Any, list[tuple[int, int]]]]
                 ) -> Iterator[tuple[int, int]]:
    """Candidate pairs of a partition of blocks by the library's block rule.

    Texts are renumbered in ``g`` order, which keeps the rule's (code, item) ordering
    inside each block identical to the one ``link()`` uses over all texts.
    """
    from claimledger.linking.ann import pairs_of_source

    entries = [(number, g, code) for number, (_, members) in enumerate(blocks)
               for g, code in members]
    if not entries:
        return
    order = sorted({g for _, g, _ in entries})
    local = {g: i for i, g in enumerate(order)}
    code_of = {g: code for _, g, code in entries}
    keys = np.asarray([number for number, _, _ in entries], dtype=np.int64)
    items = np.asarray([local[g] for _, g, _ in entries], dtype=np.int64)
    codes = np.asarray([code_of[g] for g in order], dtype=np.int64)
    found = pairs_of_source(keys, items, codes, limits.block_cap, limits.block_window)
    total = len(order)
    for code in found.tolist():
        i, j = divmod(int(code), total)
        if i != j:
            yield order[i], order[j]


def _decide(limits: Thresholds, pairs: Iterable[tuple[int, tuple[Feature, Feature, int]]]
            ) -> Iterator[tuple[str, tuple[int, int, Any]]]:
    """``decisions.decide_batch`` over one partition of candidate pairs: ``("link", (a,
    b, reason))`` and ``("copy", (a, b, score))``. Pairs with a text that is not usable
    are no candidates (``pipeline.candidate_pairs``)."""
    from claimledger.linking.cluster import pair_cosines
    from claimledger.linking.decisions import decide_batch
    from claimledger.linking.minhash import estimated_jaccard
    from claimledger.spark.stories import usable

    local: dict[int, int] = {}
    features: list[Feature] = []
    rows: list[tuple[int, int]] = []
    for i, (fi, fj, j) in pairs:
        if not (usable(fi[0], limits) and usable(fj[0], limits)):
            continue
        for index, feature in ((i, fi), (j, fj)):
            if index not in local:
                local[index] = len(features)
                features.append(feature)
        rows.append((local[i], local[j]))
    if not rows:
        return
    sigs = np.stack([f[1] for f in features])
    vectors = np.stack([f[2] for f in features]).astype(np.float32)
    local_pairs = np.asarray(rows, dtype=np.int64)
    decided = decide_batch(local_pairs, estimated_jaccard(sigs, local_pairs),
                           pair_cosines(vectors, local_pairs), [f[0] for f in features],
                           limits)
    back = list(local)
    for k in decided.links:
        yield "link", (back[k.a], back[k.b], k.reason)
    for a, b, score in decided.copies:
        yield "copy", (back[a], back[b], score)


# A component's texts (tag 0: g, observations, vector), copies (1) and links (2).
ComponentParts = tuple[list[tuple[int, Group, Any]], list[tuple[int, int, float]],
                       list[tuple[int, int, str]]]


def _component_parts(tagged: Iterable[tuple[int, Any]]) -> ComponentParts:
    parts: ComponentParts = ([], [], [])
    for tag, value in tagged:
        parts[tag].append(value)
    return parts


def _assemble(limits: Thresholds, components: Iterable[tuple[int, ComponentParts]]
              ) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``component.link_component`` per component; the rows of the partition's
    clusters by ``ledger.links.link_rows``."""
    from claimledger.ledger.links import link_rows
    from claimledger.linking.component import (
        PairLink,
        add_records,
        link_component,
        offered_copies,
        similar_texts,
    )
    from claimledger.linking.observation import LinkResult
    from claimledger.spark.tables import as_tuple

    merged = LinkResult({}, [], {}, [])
    for _, (texts, copies, links) in components:
        texts.sort(key=lambda item: item[0])
        local = {g: t for t, (g, _, _) in enumerate(texts)}
        inside = [(local[a], local[b], score) for a, b, score in copies
                  if a in local and b in local]
        offered = offered_copies(similar_texts(inside, range(len(texts))),
                                 {t: [obs.id for obs in group[:2]]
                                  for t, (_, group, _) in enumerate(texts)})
        found = {obs.id: offered[t] for t, (_, group, _) in enumerate(texts) for obs in group}
        vectors = np.stack([v for _, _, v in texts]).astype(np.float32)
        pairs = [PairLink(local[a], local[b], reason) for a, b, reason in links]
        for records in link_component([group for _, group, _ in texts], vectors, pairs,
                                      found, limits):
            add_records(merged, records)
    for uid, canonical in merged.clusters.items():
        yield "claim_clusters", (uid, canonical)
    for table, rows in link_rows(merged).items():
        for row in rows:
            yield table, as_tuple(table, row)


def link_folder(spark: Any, folder: str, out: str, *,
                thresholds: Thresholds | None = None) -> SparkLinkSummary:
    """Link the observations of the tables under ``folder``; write the link tables to
    ``out`` (``claim_clusters``, ``link_edges``, ``link_origins``,
    ``link_contradictions``, ``link_runs``)."""
    from pyspark import StorageLevel

    from claimledger.ledger.base import now_iso
    from claimledger.linking.component import story_reason
    from claimledger.linking.observation import load_thresholds
    from claimledger.linking.embeddings import EMBED_BATCH
    from claimledger.spark.components import connected_components
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
    features = by_chunk.mapPartitions(lambda part: _chunk_features(limits, part)).persist(keep)
    feature = features.mapValues(lambda f: f[0])
    code = features.mapValues(lambda f: f[2])
    memberships = features.flatMap(lambda kv: [(k, kv[0]) for k in kv[1][1]]).union(
        _rare_token_memberships(features.mapValues(lambda f: f[3]), limits.rare_tokens,
                               parts))
    with_codes = memberships.map(lambda kv: (kv[1], kv[0])).join(code, parts).map(
        lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    blocks = with_codes.groupByKey(parts).mapValues(list).filter(lambda kv: len(kv[1]) >= 2)
    pairs = blocks.mapPartitions(lambda part: _block_pairs(limits, part)).distinct(parts)
    pairs = pairs.persist(keep)
    with_i = pairs.join(feature, parts).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    with_both = with_i.join(feature, parts).map(
        lambda kv: (kv[1][0][0], (kv[1][0][1], kv[1][1], kv[0])))
    decided = with_both.mapPartitions(lambda part: _decide(limits, part)).persist(keep)
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
    rows = tagged.groupByKey(parts).mapValues(_component_parts).mapPartitions(
        lambda part: _assemble(limits, part)).persist(keep)
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
