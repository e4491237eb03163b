"""The spilled arrays of ``link_external``: embeddings and signatures of the distinct
texts (``spill.RowFile``), their block memberships and candidate pairs
(``spill.Partitions``), and the article vectors of the story pass.

Data movement only: memberships come from ``blocks``, pairs from the block rule
(``ann.block_pair_codes``: a block's pairs depend only on its own members, so
memberships split by block key give exactly the pairs of ``ann.block_pairs``), article
vectors from ``stories.article_vectors`` and story labels from ``stories.same_story``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimledger.linking.ann import SIMHASH_ROWS, block_pair_codes, split_codes
from claimledger.linking.blocks import (
    feature_memberships,
    rare_token_memberships,
    token_frequencies,
    usable_pairs,
)
from claimledger.linking.cluster import UnionFind, pair_cosines
from claimledger.linking.embeddings import EMBED_BATCH, Embedder, Progress
from claimledger.linking.minhash import signatures
from claimledger.linking.observation import Thresholds
from claimledger.linking.spill import Partitions, RowFile, key_parts, release_freed_memory
from claimledger.linking.stories import (
    ARTICLE_TABLES,
    article_blocks,
    article_days,
    article_vectors,
    same_story,
)
from claimledger.linking.workdb import WorkDb

IntArray = npt.NDArray[np.int64]
# Sizes of what is held at once; each bounds memory, none changes a result.
PART_RECORDS = 65_536  # block memberships per part (1.5 MB; their pairs ~10x that)
BUCKET_TEXTS = 1024  # first texts per pair bucket
PAIR_CHUNK = 2048  # pairs scored at once (their two vectors: 6 MB)
ARTICLE_ROWS = 2048  # articles whose vector sums are held at once (6 MB)


class Spilled:
    """The arrays of one run in its work directory."""

    def __init__(self, directory: Path, limits: Thresholds) -> None:
        self.dir = directory
        self.limits = limits
        self.sigs = RowFile(directory / "signatures.u32", np.uint32, limits.num_perm)
        self._vectors: RowFile | None = None
        self.files: list[RowFile] = [self.sigs]

    @property
    def vectors(self) -> RowFile:
        assert self._vectors is not None, "features() first"
        return self._vectors

    def close(self) -> None:
        for f in self.files:
            f.close()

    def rows(self, rows: IntArray) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """Signatures and vectors of the given texts."""
        return self.sigs.take(rows), self.vectors.take(rows)

    def vectors_of(self, texts: Sequence[int]) -> npt.NDArray[np.float32]:
        """The vectors of a component's texts; a text alone needs none (no pair)."""
        if len(texts) == 1:
            return np.zeros((1, self.vectors.width), dtype=np.float32)
        return np.asarray(self.vectors.take(np.asarray(texts, dtype=np.int64)),
                          dtype=np.float32)

    def features(self, db: WorkDb, embedder: Embedder, progress: Progress | None) -> None:
        """Embeddings and signatures in ``EMBED_BATCH`` chunks (those ``link`` embeds),
        then block memberships split into parts by block key."""
        limits, total = self.limits, db.texts
        frequency: Counter[str] = Counter()
        for start in range(0, total, EMBED_BATCH):
            texts = db.text_range(start, start + EMBED_BATCH)
            vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
            if self._vectors is None:
                self._vectors = RowFile(self.dir / "vectors.f32", np.float32, vectors.shape[1])
                self.files.append(self._vectors)
            self.vectors.append(vectors)
            self.sigs.append(signatures(texts, num_perm=limits.num_perm,
                                        shingle_words=limits.shingle_words))
            token_frequencies(texts, frequency)
            if progress is not None:
                progress(min(start + EMBED_BATCH, total), total)
        self.vectors.finish()
        self.sigs.finish()
        per_text = limits.bands + limits.simhash_tables + limits.rare_tokens
        self.memberships = Partitions(self.dir, "blocks",
                                      max(1, math.ceil(total * per_text / PART_RECORDS)), 3)
        vocabulary: dict[str, int] = {}
        for start in range(0, total, SIMHASH_ROWS):  # the chunks ``simhash_keys`` uses
            stop = min(start + SIMHASH_ROWS, total)
            vectors = self.vectors.rows(start, stop)
            codes = split_codes(vectors)
            sources = [*feature_memberships(self.sigs.rows(start, stop), vectors, limits),
                       rare_token_memberships(db.text_range(start, stop), frequency,
                                              vocabulary, limits.rare_tokens)]
            for keys, items in sources:
                record = np.stack([keys, codes[items], items + start], axis=1)
                self.memberships.add(key_parts(keys, self.memberships.parts), record)
        self.memberships.finish()
        release_freed_memory()

    def candidate_pairs(self, texts: int, usable: npt.NDArray[np.bool_]
                        ) -> Iterator[list[IntArray]]:
        """The candidate pairs of usable texts, bucket by bucket in ascending order, each
        bucket in chunks of ``PAIR_CHUNK`` pairs."""
        for pairs in pair_buckets(self.dir, "pairs", self.memberships, texts, self.limits):
            pairs = usable_pairs(pairs, usable)
            yield [pairs[s:s + PAIR_CHUNK] for s in range(0, len(pairs), PAIR_CHUNK)]

    def story_labels(self, db: WorkDb, articles: int, limits: Thresholds) -> list[int]:
        """``stories.story_labels`` over article vectors kept on disk."""
        vectors = self._article_vectors(db, articles)
        release_freed_memory()
        sets = UnionFind(articles)
        if articles > 1:
            parts = Partitions(self.dir, "article-blocks",
                               max(1, math.ceil(articles * ARTICLE_TABLES / PART_RECORDS)), 3)
            for start in range(0, articles, SIMHASH_ROWS):
                rows = vectors.rows(start, min(start + SIMHASH_ROWS, articles))
                keys, items = article_blocks(rows)
                record = np.stack([keys, split_codes(rows)[items], items + start], axis=1)
                parts.add(key_parts(keys, parts.parts), record)
            parts.finish()
            days = article_days(db.article_dates())
            for pairs in pair_buckets(self.dir, "article-pairs", parts, articles, limits):
                for start in range(0, len(pairs), PAIR_CHUNK):
                    chunk = pairs[start:start + PAIR_CHUNK]
                    rows, local = np.unique(chunk.ravel(), return_inverse=True)
                    cosines = pair_cosines(vectors.take(rows), local.reshape(-1, 2))
                    for a, b in same_story(chunk, cosines, days, limits).tolist():
                        sets.union(a, b)
        return [int(label) for label in sets.smallest_members()]

    def _article_vectors(self, db: WorkDb, articles: int) -> RowFile:
        """``stories.article_vectors``, ``ARTICLE_ROWS`` articles at a time."""
        out = RowFile(self.dir / "articles.f32", np.float32, self.vectors.width)
        self.files.append(out)
        for start in range(0, articles, ARTICLE_ROWS):
            stop = min(start + ARTICLE_ROWS, articles)
            pairs = db.article_texts(start, stop)
            texts, local = np.unique(pairs[:, 1], return_inverse=True)
            text_articles: list[list[int]] = [[] for _ in texts]
            for t, a in zip(local.tolist(), (pairs[:, 0] - start).tolist(), strict=True):
                text_articles[t].append(a)
            out.append(article_vectors(text_articles, self.vectors.take(texts), stop - start,
                                       [True] * len(texts)))
        out.finish()
        return out


def pair_buckets(directory: Path, name: str, memberships: Partitions, n: int,
                 limits: Thresholds) -> Iterator[IntArray]:
    """The unique candidate pairs ``(i, j)``, ``i < j``, of all block memberships, bucket
    by bucket in ascending order (what ``ann.block_pairs`` returns, in pieces)."""
    buckets = Partitions(directory, name, max(1, math.ceil(n / BUCKET_TEXTS)), 1)
    for part in memberships:
        # Near-identical texts share most bands: deduplicate before spilling.
        found = np.unique(block_pair_codes(part[:, 0], part[:, 2], part[:, 1], n,
                                           limits.block_cap, limits.block_window))
        buckets.add(found // n // BUCKET_TEXTS, found[:, None])
    buckets.finish()
    release_freed_memory()
    for codes in buckets:
        unique = np.unique(codes.ravel())
        del codes
        pairs = np.stack([unique // n, unique % n], axis=1).astype(np.int64)
        del unique
        yield pairs[pairs[:, 0] != pairs[:, 1]]
        release_freed_memory()
