"""Linking with memory flat in corpus size: ``link_external``.

``link`` keeps every observation, embedding, signature and candidate pair in memory:
about 5 KB per claim, so a ledger of ten million claims would need tens of gigabytes.
``link_external`` takes the same decisions, in the same order, with the same result
(``tests/test_linking_external.py`` asserts equality with ``link``), but keeps the bulk
on disk in a throwaway work directory:

- observations, distinct texts, articles and copy pairs in a SQLite file (it sorts and
  groups out of core, with a bounded page cache);
- embeddings and MinHash signatures in ``spill.RowFile`` matrices, read back by row;
- block memberships split by block key into parts, each part turned into candidate
  pairs alone (``ann.block_pair_codes``: a block's pairs depend only on its members);
- candidate pairs split by the range of their first text, so each bucket is
  deduplicated, scored and decided alone;
- results handed to a ``LinkSink`` cluster by cluster.

What stays in memory grows by about 25 bytes per distinct text (union-find and a flag;
``cluster.UnionFind``) plus the token vocabulary of the rare-token blocks, which grows
far slower than the corpus. A single cluster or story is held whole while it is
assembled, so memory does grow with the largest cluster (wire copy in thousands of
outlets), not with the corpus.
"""

from __future__ import annotations

import math
import pickle
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimledger.errors import LinkingError
from claimledger.linking.ann import (
    SIMHASH_ROWS,
    block_pair_codes,
    flatten_keys,
    rarest_tokens,
    simhash_keys,
    split_codes,
    token_memberships,
)
from claimledger.linking.cluster import UnionFind
from claimledger.linking.component import (
    PairLink,
    link_component,
    offered_copies,
    story_reason,
)
from claimledger.linking.decisions import decide_batch, texts_needed
from claimledger.linking.embeddings import EMBED_BATCH, Embedder, Progress, default_embedder
from claimledger.linking.minhash import band_keys, signatures
from claimledger.linking.observation import (
    Observation,
    StoryLink,
    Thresholds,
    load_thresholds,
    time_key,
)
from claimledger.linking.sink import LinkSink
from claimledger.linking.spill import (
    Partitions,
    RowFile,
    key_parts,
    release_freed_memory,
)
from claimledger.linking.steps import (
    outlet_key,
    pairs_in_story,
    text_group_key,
    too_small_for_evidence,
)
from claimledger.linking.stories import (
    ARTICLE_BITS,
    ARTICLE_TABLES,
    article_days,
    same_story,
)
from claimledger.linking.tokens import content_words

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]

# Sizes of what is held at once; each bounds memory, none changes a result.
INSERT_BATCH = 5000  # observations per INSERT
FEATURE_ROWS = SIMHASH_ROWS  # rows per SimHash batch: the chunk ``ann.simhash_keys`` uses
PART_RECORDS = 65_536  # block memberships per part (1.5 MB; their pairs ~10x that)
BUCKET_TEXTS = 1024  # first texts per pair bucket
PAIR_CHUNK = 2048  # pairs scored at once (their two vectors: 6 MB)
ARTICLE_ROWS = 2048  # articles whose vector sums are held at once (6 MB)
SINK_BATCH = 5000  # cluster assignments per sink call
SQL_VARIABLES = 512  # host parameters per IN (...) list
_BAND_OFFSET, _TABLE_OFFSET, _TOKEN_OFFSET = 0, 1 << 62, 3 << 61  # as ``candidate_pairs``


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
        work = _Work(Path(tmp), limits)
        try:
            total = work.load(observations)
            if total == 0:
                return LinkCounts(0, 0, 0, 0, 0)
            work.group()
            work.features(embedder or default_embedder(), progress)
            release_freed_memory()
            sets = UnionFind(work.texts)
            work.link_pairs(sets)
            release_freed_memory()
            stories = work.story_pass(sets, sink)
            release_freed_memory()
            counts = work.assemble(sets, sink, stories)
        finally:
            work.close()
    if progress is not None:
        progress(total, total)
    return counts


class _Work:
    """The work directory of one ``link_external`` run and the steps over it."""

    def __init__(self, directory: Path, limits: Thresholds) -> None:
        self.dir = directory
        self.limits = limits
        self.db = sqlite3.connect(directory / "work.db", isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE",
                       "cache_size=-1024"):
            self.db.execute(f"PRAGMA {pragma}")
        self.observations = 0
        self.texts = 0
        self.keyed: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self.unlinkable: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self.vectors: RowFile | None = None
        self.sigs = RowFile(directory / "signatures.u32", np.uint32, limits.num_perm)
        self.files: list[RowFile] = [self.sigs]

    def close(self) -> None:
        for f in self.files:
            f.close()
        self.db.close()

    # -- observations and their distinct texts -----------------------------------------

    def load(self, observations: Iterable[Observation]) -> int:
        """Store every observation; the row number is its position in the input."""
        self.db.execute(
            "CREATE TABLE obs (n INTEGER PRIMARY KEY, id TEXT NOT NULL, article TEXT NOT NULL,"
            " outlet TEXT, pub TEXT, t0 INTEGER NOT NULL, t1 TEXT NOT NULL, key TEXT,"
            " text TEXT NOT NULL, r INTEGER, g INTEGER, a INTEGER, payload BLOB NOT NULL)")
        minimum = self.limits.min_content_words
        batch: list[tuple[Any, ...]] = []
        for n, obs in enumerate(observations):
            text = obs.text
            # The grouping key of ``pipeline.distinct_texts``; NULL: a group of its own.
            key = text_group_key(text, minimum)
            t0, t1, _ = time_key(obs)
            batch.append((n, obs.id, obs.article_id, obs.outlet, obs.published, t0, t1,
                          key or None, text, pickle.dumps(obs, protocol=5)))
            if len(batch) >= INSERT_BATCH:
                self._insert(batch)
        self._insert(batch)
        try:
            self.db.execute("CREATE UNIQUE INDEX obs_id ON obs (id)")
        except sqlite3.IntegrityError as err:
            raise LinkingError("two observations share one id; ids must be unique") from err
        self.observations = self.db.execute("SELECT COUNT(*) FROM obs").fetchone()[0]
        return self.observations

    def _insert(self, batch: list[tuple[Any, ...]]) -> None:
        self.db.executemany("INSERT INTO obs (n, id, article, outlet, pub, t0, t1, key, text,"
                            " payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
        batch.clear()

    def group(self) -> None:
        """Distinct texts numbered as ``distinct_texts`` numbers them: by the time rank
        (``time_key``) of their earliest observation."""
        db = self.db
        db.execute("UPDATE obs SET r = ranked.r FROM (SELECT n, ROW_NUMBER() OVER"
                   " (ORDER BY t0, t1, id) - 1 AS r FROM obs) AS ranked"
                   " WHERE obs.n = ranked.n")
        db.execute("CREATE UNIQUE INDEX obs_r ON obs (r)")
        db.execute("CREATE TABLE groups (g INTEGER PRIMARY KEY, gk TEXT NOT NULL,"
                   " keyed INTEGER NOT NULL, first INTEGER NOT NULL, text TEXT,"
                   " first_id TEXT, second_id TEXT)")
        db.execute("INSERT INTO groups (g, gk, keyed, first) SELECT ROW_NUMBER() OVER"
                   " (ORDER BY first) - 1, gk, keyed, first FROM (SELECT COALESCE(key,"
                   " '#' || n) AS gk, MAX(key IS NOT NULL) AS keyed, MIN(r) AS first"
                   " FROM obs GROUP BY 1)")
        db.execute("CREATE UNIQUE INDEX groups_gk ON groups (gk)")
        db.execute("UPDATE obs SET g = groups.g FROM groups"
                   " WHERE groups.gk = COALESCE(obs.key, '#' || obs.n)")
        db.execute("CREATE INDEX obs_g ON obs (g, r)")
        db.execute("UPDATE groups SET text = obs.text, first_id = obs.id FROM obs"
                   " WHERE obs.r = groups.first")
        # ``copy_partners`` offers the two earliest observations of each similar text.
        db.execute("UPDATE groups SET second_id = (SELECT id FROM obs WHERE obs.g = groups.g"
                   " ORDER BY r LIMIT 1 OFFSET 1)")
        self.texts = db.execute("SELECT COUNT(*) FROM groups").fetchone()[0]
        self.keyed = np.fromiter((k for (k,) in db.execute("SELECT keyed FROM groups"
                                                           " ORDER BY g")),
                                 dtype=bool, count=self.texts)
        # A keyed text is linkable (``load``), and pairs with an unkeyed one are dropped.
        self.unlinkable = ~self.keyed

    def group_texts(self, start: int, stop: int) -> list[str]:
        return [t for (t,) in self.db.execute("SELECT text FROM groups WHERE g >= ? AND"
                                              " g < ? ORDER BY g", (start, stop))]

    def texts_of(self, gs: Iterable[int]) -> dict[int, str]:
        return dict(self._select_in("SELECT g, text FROM groups WHERE g IN ({})", gs))

    def _select_in(self, sql: str, values: Iterable[int]) -> Iterator[tuple[Any, ...]]:
        return select_in(self.db, sql, values)

    # -- features and blocks -------------------------------------------------------------

    def features(self, embedder: Embedder, progress: Progress | None) -> None:
        """Embeddings and signatures on disk; block memberships split into parts."""
        limits = self.limits
        frequency: Counter[str] = Counter()
        for start in range(0, self.texts, EMBED_BATCH):
            texts = self.group_texts(start, start + EMBED_BATCH)
            vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
            if self.vectors is None:
                self.vectors = RowFile(self.dir / "vectors.f32", np.float32, vectors.shape[1])
                self.files.append(self.vectors)
            self.vectors.append(vectors)
            self.sigs.append(signatures(texts, num_perm=limits.num_perm,
                                        shingle_words=limits.shingle_words))
            for text in texts:
                frequency.update(set(content_words(text)))
            if progress is not None:
                progress(min(start + EMBED_BATCH, self.texts), self.texts)
        assert self.vectors is not None
        self.vectors.finish()
        self.sigs.finish()
        per_text = limits.bands + limits.simhash_tables + limits.rare_tokens
        self.memberships = Partitions(self.dir, "blocks",
                                      max(1, math.ceil(self.texts * per_text / PART_RECORDS)),
                                      3)
        vocabulary: dict[str, int] = {}
        for start in range(0, self.texts, FEATURE_ROWS):
            stop = min(start + FEATURE_ROWS, self.texts)
            vectors = self.vectors.rows(start, stop)
            codes = split_codes(vectors)
            sources = [
                flatten_keys(band_keys(self.sigs.rows(start, stop), limits.bands) >> 2,
                             _BAND_OFFSET),
                flatten_keys(simhash_keys(vectors, tables=limits.simhash_tables,
                                          bits=limits.simhash_bits), _TABLE_OFFSET),
                _rare_token_memberships(self.group_texts(start, stop), frequency,
                                        vocabulary, limits.rare_tokens)]
            for keys, items in sources:
                record = np.stack([keys, codes[items], items + start], axis=1)
                self.memberships.add(key_parts(keys, self.memberships.parts), record)
        self.memberships.finish()

    # -- candidate pairs, the pair rule and copies ----------------------------------------

    def link_pairs(self, sets: UnionFind) -> None:
        """Union the accepted candidate pairs; store near-copies for ``assemble``."""
        limits, n = self.limits, self.texts
        self.db.execute("CREATE TABLE similar (g INTEGER NOT NULL, other INTEGER NOT NULL,"
                        " score REAL NOT NULL)")
        self.db.execute("CREATE TABLE accepted (a INTEGER NOT NULL, b INTEGER NOT NULL,"
                        " reason TEXT NOT NULL)")
        buckets = _pair_buckets(self.dir, "pairs", self.memberships, n, limits)
        assert self.vectors is not None
        for pairs in buckets:
            shingled: dict[int, set[str]] = {}  # a bucket's texts recur in many of its pairs
            for start in range(0, len(pairs), PAIR_CHUNK):
                self._decide(pairs[start:start + PAIR_CHUNK], sets, shingled)
        self.db.execute("CREATE INDEX similar_g ON similar (g, other)")
        self.db.execute("CREATE INDEX accepted_a ON accepted (a)")

    def _decide(self, pairs: IntArray, sets: UnionFind,
                shingled: dict[int, set[str]]) -> None:
        limits = self.limits
        pairs = pairs[self.keyed[pairs[:, 0]] & self.keyed[pairs[:, 1]]]
        if not len(pairs):
            return
        assert self.vectors is not None
        jaccards = np.mean(self.sigs.take(pairs[:, 0]) == self.sigs.take(pairs[:, 1]), axis=1)
        cosines = np.einsum("ij,ij->i", self.vectors.take(pairs[:, 0]),
                            self.vectors.take(pairs[:, 1]))
        texts = self.texts_of(texts_needed(pairs, jaccards, cosines, limits))
        decided = decide_batch(pairs, jaccards, cosines, texts, limits,
                               short=self.unlinkable, shingled=shingled)
        self._accept(decided.links, sets)
        self.db.executemany("INSERT INTO similar VALUES (?, ?, ?)",
                            [row for a, b, score in decided.copies
                             for row in ((a, b, score), (b, a, score))])

    def _accept(self, links: Sequence[PairLink], sets: UnionFind) -> None:
        """Union accepted pairs and keep them, with their reasons, for ``assemble``."""
        for link in links:
            sets.union(link.a, link.b)
        self.db.executemany("INSERT INTO accepted VALUES (?, ?, ?)",
                            [(k.a, k.b, k.reason) for k in links])

    # -- stories ----------------------------------------------------------------------

    def story_pass(self, sets: UnionFind, sink: LinkSink) -> int:
        """``pipeline.story_pairs`` story by story; returns the number of story links."""
        limits = self.limits
        if not 0.0 < limits.story_pair_cosine <= 1.0 or self.texts < 2:
            return 0
        self._number_articles()
        self._label_stories()
        db = self.db
        db.execute("CREATE TABLE story_texts AS SELECT DISTINCT articles.story AS story,"
                   " obs.g AS g FROM obs JOIN articles ON articles.a = obs.a"
                   " WHERE obs.key IS NOT NULL")
        db.execute("CREATE INDEX story_texts_story ON story_texts (story, g)")
        sizes = db.execute("SELECT story, COUNT(*) FROM story_texts GROUP BY story"
                           " ORDER BY story").fetchall()
        links = 0
        for story, size in sizes:
            if too_small_for_evidence(size, limits):
                continue
            members = [g for (g,) in db.execute("SELECT g FROM story_texts WHERE story = ?"
                                                 " ORDER BY g", (story,))]
            articles = db.execute("SELECT COUNT(DISTINCT obs.a) FROM story_texts s JOIN obs"
                                  " ON obs.g = s.g WHERE s.story = ?", (story,)).fetchone()[0]
            if articles < 2:
                continue
            found = self._story_links(members)
            self._accept([PairLink(a, b, story_reason(r)) for a, b, r in found], sets)
            if found:
                ids = dict(self._select_in("SELECT g, first_id FROM groups WHERE g IN ({})",
                                           (g for a, b, _ in found for g in (a, b))))
                sink.story_links([StoryLink(ids[a], ids[b], reason) for a, b, reason in found])
                links += len(found)
        return links

    def _story_links(self, members: list[int]) -> list[tuple[int, int, str]]:
        """The story pass inside one story (the loop body of ``pipeline.story_pairs``)."""
        limits = self.limits
        assert self.vectors is not None
        texts = self.texts_of(members)
        outlets: dict[int, set[str]] = {}
        for g, outlet, article in self._select_in("SELECT g, outlet, article FROM obs"
                                                  " WHERE g IN ({})", members):
            outlets.setdefault(g, set()).add(outlet_key(outlet, article))
        local = self.vectors.take(np.asarray(members, dtype=np.int64))
        return [(members[i], members[j], reason) for i, j, reason in pairs_in_story(
            [texts[g] for g in members], local, [outlets[g] for g in members], limits)]

    def _number_articles(self) -> None:
        """Articles numbered in order of first appearance over the texts in order, with
        the date ``story_members`` gives them (the earliest one)."""
        db = self.db
        big = self.observations + 1
        db.execute("CREATE TABLE articles (a INTEGER PRIMARY KEY, article TEXT NOT NULL,"
                   " first INTEGER NOT NULL, earliest TEXT, story INTEGER)")
        db.execute("INSERT INTO articles (a, article, first, earliest) SELECT ROW_NUMBER()"
                   " OVER (ORDER BY first) - 1, article, first, earliest FROM (SELECT"
                   f" article, MIN(g * {big} + r) AS first, MIN(CASE WHEN pub <> '' THEN pub"
                   " END) AS earliest FROM obs GROUP BY article)")
        db.execute("CREATE UNIQUE INDEX articles_article ON articles (article)")
        db.execute("UPDATE obs SET a = articles.a FROM articles"
                   " WHERE articles.article = obs.article")
        db.execute("CREATE INDEX obs_a ON obs (a, g)")
        # ``story_members`` keeps the first date it saw when that is '' (falsy, not None).
        db.execute(f"UPDATE articles SET earliest = '' FROM obs WHERE obs.r = articles.first"
                   f" % {big} AND obs.pub = ''")
        self.articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def _label_stories(self) -> None:
        """``stories.story_labels`` over article vectors kept on disk."""
        limits, n = self.limits, self.articles
        vectors = self._article_vectors()
        release_freed_memory()
        sets = UnionFind(n)
        if n > 1:
            parts = Partitions(self.dir, "article-blocks",
                               max(1, math.ceil(n * ARTICLE_TABLES / PART_RECORDS)), 3)
            for start in range(0, n, FEATURE_ROWS):
                rows = vectors.rows(start, min(start + FEATURE_ROWS, n))
                keys, items = flatten_keys(simhash_keys(rows, tables=ARTICLE_TABLES,
                                                        bits=ARTICLE_BITS), 0)
                record = np.stack([keys, split_codes(rows)[items], items + start], axis=1)
                parts.add(key_parts(keys, parts.parts), record)
            parts.finish()
            days = article_days(d for (d,) in
                                self.db.execute("SELECT earliest FROM articles ORDER BY a"))
            for pairs in _pair_buckets(self.dir, "article-pairs", parts, n, limits):
                for start in range(0, len(pairs), PAIR_CHUNK):
                    chunk = pairs[start:start + PAIR_CHUNK]
                    cosines = np.einsum("ij,ij->i", vectors.take(chunk[:, 0]),
                                        vectors.take(chunk[:, 1]))
                    for a, b in same_story(chunk, cosines, days, limits).tolist():
                        sets.union(a, b)
        labels = sets.smallest_members()
        self.db.executemany("UPDATE articles SET story = ? WHERE a = ?",
                            ((int(s), a) for a, s in enumerate(labels)))

    def _article_vectors(self) -> RowFile:
        """``stories.article_vectors``: the normalised sum of each article's usable text
        vectors, summed in text order as ``np.add.at`` sums them there."""
        assert self.vectors is not None
        out = RowFile(self.dir / "articles.f32", np.float32, self.vectors.width)
        self.files.append(out)
        for start in range(0, self.articles, ARTICLE_ROWS):
            stop = min(start + ARTICLE_ROWS, self.articles)
            pairs = np.array(self.db.execute(
                "SELECT DISTINCT a, g FROM obs WHERE a >= ? AND a < ? AND key IS NOT NULL"
                " ORDER BY a, g", (start, stop)).fetchall(), dtype=np.int64).reshape(-1, 2)
            sums = np.zeros((stop - start, self.vectors.width), dtype=np.float64)
            for first in range(0, len(pairs), PAIR_CHUNK):
                part = pairs[first:first + PAIR_CHUNK]
                np.add.at(sums, part[:, 0] - start, self.vectors.take(part[:, 1]))
            norms = np.linalg.norm(sums, axis=1)
            norms[norms == 0] = 1.0
            out.append(np.asarray(sums / norms[:, None], dtype=np.float32))
        out.finish()
        return out

    # -- clusters ----------------------------------------------------------------------

    def assemble(self, sets: UnionFind, sink: LinkSink, story_links: int) -> LinkCounts:
        """``pipeline.assemble`` cluster by cluster, in order of their first text."""
        db = self.db
        db.execute("CREATE TABLE comps (g INTEGER PRIMARY KEY, comp INTEGER NOT NULL)")
        smallest = sets.smallest_members()
        for start in range(0, self.texts, INSERT_BATCH):
            db.executemany("INSERT INTO comps VALUES (?, ?)",
                           enumerate(smallest[start:start + INSERT_BATCH].tolist(), start))
        del smallest
        db.execute("CREATE INDEX comps_comp ON comps (comp, g)")
        clusters = edges = contradictions = 0
        assigned: list[tuple[str, str]] = []
        rows = db.execute("SELECT c.comp, o.g, o.payload FROM comps c JOIN obs o"
                          " ON o.g = c.g ORDER BY c.comp, c.g, o.r")
        # A second connection: the cursor above stays open while copies are looked up.
        lookup = sqlite3.connect(self.dir / "work.db")
        try:
            for members, groups in _runs(rows):
                counts = self._cluster(members, groups, lookup, sink, assigned)
                clusters += counts[0]
                edges += counts[1]
                contradictions += counts[2]
                if len(assigned) >= SINK_BATCH:
                    sink.clusters(assigned)
                    assigned = []
        finally:
            lookup.close()
        if assigned:
            sink.clusters(assigned)
        return LinkCounts(self.observations, clusters, edges, contradictions, story_links)

    def _cluster(self, members: list[Observation], groups: list[int],
                 lookup: sqlite3.Connection, sink: LinkSink,
                 assigned: list[tuple[str, str]]) -> tuple[int, int, int]:
        """Writes one component (``component.link_component``); returns the counts of
        clusters, edges and contradictions."""
        order = sorted(set(groups))
        local = {g: t for t, g in enumerate(order)}
        texts: list[list[Observation]] = [[] for _ in order]
        for obs, g in zip(members, groups, strict=True):
            texts[local[g]].append(obs)
        similar: dict[int, list[tuple[int, float]]] = {g: [(g, 1.0)] for g in order}
        for g, other, score in select_in(lookup, "SELECT g, other, score FROM similar"
                                         " WHERE g IN ({}) ORDER BY g, other", order):
            similar[g].append((other, score))
        earliest: dict[int, list[str]] = {}
        for g, first, second in select_in(lookup, "SELECT g, first_id, second_id FROM groups"
                                          " WHERE g IN ({})",
                                          (other for found in similar.values()
                                           for other, _ in found)):
            earliest[g] = [first] + ([second] if second is not None else [])
        offered = offered_copies(similar, earliest)
        copies = {obs.id: offered[g] for obs, g in zip(members, groups, strict=True)}
        assert self.vectors is not None
        if len(order) == 1:  # a text alone: no pair, no vector needed
            links: list[PairLink] = []
            vectors = np.zeros((1, self.vectors.width), dtype=np.float32)
        else:
            links = [PairLink(local[a], local[b], reason) for a, b, reason in select_in(
                lookup, "SELECT a, b, reason FROM accepted WHERE a IN ({}) ORDER BY a, b",
                order)]
            vectors = self.vectors.take(np.asarray(order, dtype=np.int64))
        clusters = edge_count = found_count = 0
        for records in link_component(texts, vectors, links, copies, self.limits):
            assigned.extend((obs.id, records.canonical_id) for obs in records.members)
            sink.cluster(records.canonical_id, records.edges, records.origins,
                         records.contradictions, records.links)
            clusters += 1
            edge_count += len(records.edges)
            found_count += len(records.contradictions)
        return clusters, edge_count, found_count


def select_in(connection: sqlite3.Connection, sql: str, values: Iterable[int]
              ) -> Iterator[tuple[Any, ...]]:
    """Rows of ``sql`` with its ``IN ({})`` list bound to ``values``, at most
    ``SQL_VARIABLES`` at a time. Lists are padded with -1 (no row has it) to a power of
    two, so a few statements are prepared and cached instead of one per list length
    (the statement cache of ``sqlite3`` otherwise fills with near-identical statements)."""
    wanted = sorted(set(values))
    for start in range(0, len(wanted), SQL_VARIABLES):
        part = wanted[start:start + SQL_VARIABLES]
        size = 1 << (len(part) - 1).bit_length()
        yield from connection.execute(sql.format(", ".join("?" * size)),
                                      part + [-1] * (size - len(part)))


def _runs(rows: Iterable[tuple[int, int, bytes]]
          ) -> Iterator[tuple[list[Observation], list[int]]]:
    """Consecutive rows of one component as (its observations, their text numbers)."""
    current: int | None = None
    members: list[Observation] = []
    groups: list[int] = []
    for comp, g, payload in rows:
        if comp != current and members:
            yield members, groups
            members, groups = [], []
        current = comp
        members.append(pickle.loads(payload))
        groups.append(g)
    if members:
        yield members, groups


def _rare_token_memberships(texts: Sequence[str], frequency: Counter[str],
                            vocabulary: dict[str, int], per_text: int
                            ) -> tuple[IntArray, IntArray]:
    """``ann.rare_token_keys`` + ``token_memberships`` for a batch of texts, with the
    frequencies of all texts counted beforehand (items are batch-local)."""
    ids = [[vocabulary.setdefault(token, len(vocabulary))
            for token in rarest_tokens(set(content_words(text)), frequency, per_text)]
           for text in texts]
    return token_memberships(ids, _TOKEN_OFFSET)


def _pair_buckets(directory: Path, name: str, memberships: Partitions, n: int,
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
