"""What the tasks of ``spark link`` run: adapters from RDD partitions to the shared
linking steps (``blocks``, ``ann``, ``decisions``, ``component``). Each takes the records
of one partition, calls the steps on them and yields records for the next shuffle; the
plan of the job is in ``job_link``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from claimledger.linking.observation import Observation, Thresholds

# text, MinHash signature, embedding
Feature = tuple[str, Any, Any]
Group = list[Observation]  # one distinct text's observations, earliest first


def chunk_features(limits: Thresholds, chunk: Iterable[tuple[int, Group]]
                    ) -> Iterator[tuple[int, tuple[Feature, list[Any], int, list[str]]]]:
    """Features of one ``EMBED_BATCH`` chunk of texts, computed as ``link()`` computes
    them: embedding, signature, band and table memberships (``blocks``), split code and
    content words."""
    from claimledger.linking import default_embedder
    from claimledger.linking.ann import split_codes
    from claimledger.linking.blocks import feature_memberships, token_sets
    from claimledger.linking.minhash import signatures

    members = sorted(chunk, key=lambda item: item[0])
    if not members:
        return
    texts = [group[0].text for _, group in members]
    vectors = np.asarray(default_embedder().embed(texts), dtype=np.float32)
    sigs = signatures(texts, num_perm=limits.num_perm, shingle_words=limits.shingle_words)
    keys: list[list[Any]] = [[] for _ in members]
    for found, items in feature_memberships(sigs, vectors, limits):
        for key, row in zip(found.tolist(), items.tolist(), strict=True):
            keys[row].append(key)
    codes = split_codes(vectors)
    for row, ((g, _), tokens) in enumerate(zip(members, token_sets(texts), strict=True)):
        yield g, ((texts[row], sigs[row], vectors[row]), keys[row], int(codes[row]),
                  sorted(tokens))


def rare_token_memberships(tokens: Any, per_text: int, parts: int) -> Any:
    """``(("t", token), g)`` for each text's rarest tokens (``ann.rarest_tokens``, with
    the frequencies over all texts counted by ``reduceByKey``)."""
    from collections import Counter
    from operator import add

    from claimledger.linking.ann import rarest_tokens

    frequency = tokens.flatMap(lambda kv: [(t, 1) for t in kv[1]]).reduceByKey(add, parts)
    per_token = tokens.flatMap(lambda kv: [(t, kv[0]) for t in kv[1]]).join(frequency, parts)
    by_text = per_token.map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))).groupByKey(parts)
    return by_text.flatMap(lambda kv: [
        (("t", t), kv[0]) for t in rarest_tokens({t for t, _ in kv[1]}, Counter(dict(kv[1])),
                                                 per_text)])


def block_pairs_of(limits: Thresholds, blocks: Iterable[tuple[Any, list[tuple[int, int]]]]
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


def decide_partition(limits: Thresholds, pairs: Iterable[tuple[int, tuple[Feature, Feature, int]]]
            ) -> Iterator[tuple[str, tuple[int, int, Any]]]:
    """``decisions.decide_batch`` over one partition of candidate pairs of usable texts
    (``steps.usable_text``): ``("link", (a, b, reason))`` and ``("copy", (a, b,
    score))``."""
    from claimledger.linking.decisions import decide_batch, pair_scores
    from claimledger.linking.steps import usable_text

    local: dict[int, int] = {}
    features: list[Feature] = []
    rows: list[tuple[int, int]] = []
    for i, (fi, fj, j) in pairs:
        if not (usable_text(fi[0], limits) and usable_text(fj[0], limits)):
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
    decided = decide_batch(local_pairs, *pair_scores(sigs, vectors, local_pairs),
                           [f[0] for f in features], limits)
    back = list(local)
    for k in decided.links:
        yield "link", (back[k.a], back[k.b], k.reason)
    for a, b, score in decided.copies:
        yield "copy", (back[a], back[b], score)


# A component's texts (tag 0: g, observations, vector), copies (1) and links (2).
ComponentParts = tuple[list[tuple[int, Group, Any]], list[tuple[int, int, float]],
                       list[tuple[int, int, str]]]


def component_parts(tagged: Iterable[tuple[int, Any]]) -> ComponentParts:
    parts: ComponentParts = ([], [], [])
    for tag, value in tagged:
        parts[tag].append(value)
    return parts


def component_rows(limits: Thresholds, components: Iterable[tuple[int, ComponentParts]]
              ) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``component.component_clusters`` per component; the rows of the partition's
    clusters by ``ledger.links.link_rows``."""
    from claimledger.ledger.links import link_rows
    from claimledger.linking.component import PairLink, add_records, component_clusters
    from claimledger.linking.observation import LinkResult
    from claimledger.spark.tables import as_tuple

    merged = LinkResult({}, [], {}, [])
    for _, (texts, copies, links) in components:
        texts.sort(key=lambda item: item[0])
        local = {g: t for t, (g, _, _) in enumerate(texts)}
        near = [(local[a], local[b], score) for a, b, score in copies
                if a in local and b in local]
        pairs = [PairLink(local[a], local[b], reason) for a, b, reason in links]
        vectors = np.stack([v for _, _, v in texts]).astype(np.float32)
        for records in component_clusters([group for _, group, _ in texts], vectors, pairs,
                                          near, limits):
            add_records(merged, records)
    for uid, canonical in merged.clusters.items():
        yield "claim_clusters", (uid, canonical)
    for table, rows in link_rows(merged).items():
        for row in rows:
            yield table, as_tuple(table, row)
