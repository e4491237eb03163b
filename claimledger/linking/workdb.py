"""The SQLite work file of ``link_external``: observations, distinct texts, articles,
stories, accepted pairs and near-copies, sorted and grouped out of core with a bounded
page cache. Data movement only: every rule it applies comes from the shared steps
(``steps.text_group_key``, ``steps.article_date``), and the numbering it gives texts
and articles is the one ``distinct`` and ``story_pass`` give them in memory.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimledger.errors import LinkingError
from claimledger.linking.component import PairLink
from claimledger.linking.observation import Observation, time_key
from claimledger.linking.steps import article_date, text_group_key

INSERT_BATCH = 5000  # rows per INSERT
SQL_VARIABLES = 512  # host parameters per IN (...) list
Sources = dict[int, list[tuple[str | None, str]]]
# A component: its texts, their observations, accepted pairs and near-copies.
Component = tuple[list[int], list[list[Observation]], list[PairLink],
                  list[tuple[int, int, float]]]


class WorkDb:
    """One run's work file; ``g`` numbers distinct texts, ``a`` articles, ``r`` the time
    rank of an observation."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE",
                       "cache_size=-1024"):
            self.db.execute(f"PRAGMA {pragma}")
        self.observations = self.texts = self.articles = 0

    def close(self) -> None:
        self.db.close()

    def select_in(self, sql: str, values: Iterable[int],
                  connection: sqlite3.Connection | None = None) -> Iterator[tuple[Any, ...]]:
        return select_in(connection or self.db, sql, values)

    def load(self, observations: Iterable[Observation], min_content_words: int) -> int:
        """Store every observation (row number: its input position) with its grouping
        key (``steps.text_group_key``; NULL: a group of its own)."""
        self.db.execute(
            "CREATE TABLE obs (n INTEGER PRIMARY KEY, id TEXT NOT NULL, article TEXT NOT NULL,"
            " outlet TEXT, pub TEXT, t0 INTEGER NOT NULL, t1 TEXT NOT NULL, key TEXT,"
            " text TEXT NOT NULL, r INTEGER, g INTEGER, a INTEGER, payload BLOB NOT NULL)")
        sql = ("INSERT INTO obs (n, id, article, outlet, pub, t0, t1, key, text, payload)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        batch: list[tuple[Any, ...]] = []
        for n, obs in enumerate(observations):
            t0, t1, _ = time_key(obs)
            batch.append((n, obs.id, obs.article_id, obs.outlet, obs.published, t0, t1,
                          text_group_key(obs.text, min_content_words) or None, obs.text,
                          pickle.dumps(obs, protocol=5)))
            if len(batch) >= INSERT_BATCH:
                self.db.executemany(sql, batch)
                batch.clear()
        self.db.executemany(sql, batch)
        try:
            self.db.execute("CREATE UNIQUE INDEX obs_id ON obs (id)")
        except sqlite3.IntegrityError as err:
            raise LinkingError("two observations share one id; ids must be unique") from err
        self.observations = self.db.execute("SELECT COUNT(*) FROM obs").fetchone()[0]
        return self.observations

    def group(self) -> npt.NDArray[np.bool_]:
        """Distinct texts numbered as ``distinct.distinct_texts`` numbers them (by the
        time rank of their earliest observation); returns which are usable (keyed)."""
        db = self.db
        db.execute("UPDATE obs SET r = ranked.r FROM (SELECT n, ROW_NUMBER() OVER"
                   " (ORDER BY t0, t1, id) - 1 AS r FROM obs) AS ranked"
                   " WHERE obs.n = ranked.n")
        db.execute("CREATE UNIQUE INDEX obs_r ON obs (r)")
        db.execute("CREATE TABLE groups (g INTEGER PRIMARY KEY, gk TEXT NOT NULL,"
                   " keyed INTEGER NOT NULL, first INTEGER NOT NULL, text TEXT,"
                   " first_id TEXT)")
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
        self.texts = db.execute("SELECT COUNT(*) FROM groups").fetchone()[0]
        return np.fromiter((k for (k,) in db.execute("SELECT keyed FROM groups ORDER BY g")),
                           dtype=bool, count=self.texts)

    def text_range(self, start: int, stop: int) -> list[str]:
        return [t for (t,) in self.db.execute("SELECT text FROM groups WHERE g >= ? AND"
                                              " g < ? ORDER BY g", (start, stop))]

    def texts_of(self, gs: Iterable[int]) -> dict[int, str]:
        return dict(self.select_in("SELECT g, text FROM groups WHERE g IN ({})", gs))

    def first_ids(self, gs: Iterable[int]) -> dict[int, str]:
        return dict(self.select_in("SELECT g, first_id FROM groups WHERE g IN ({})", gs))

    # -- pairs -----------------------------------------------------------------------

    def create_pair_tables(self) -> None:
        self.db.execute("CREATE TABLE similar (a INTEGER NOT NULL, b INTEGER NOT NULL,"
                        " score REAL NOT NULL)")
        self.db.execute("CREATE TABLE accepted (a INTEGER NOT NULL, b INTEGER NOT NULL,"
                        " reason TEXT NOT NULL)")

    def add_pairs(self, links: Sequence[PairLink],
                  copies: Sequence[tuple[int, int, float]] = ()) -> None:
        self.db.executemany("INSERT INTO accepted VALUES (?, ?, ?)",
                            [(k.a, k.b, k.reason) for k in links])
        self.db.executemany("INSERT INTO similar VALUES (?, ?, ?)", copies)

    def index_pairs(self) -> None:
        self.db.execute("CREATE INDEX similar_a ON similar (a)")
        self.db.execute("CREATE INDEX accepted_a ON accepted (a)")

    # -- articles and stories ------------------------------------------------------------

    def number_articles(self) -> int:
        """Articles numbered as ``story_pass.story_members`` meets them (texts in order,
        each text's observations earliest first)."""
        db = self.db
        big = self.observations + 1
        db.execute("CREATE TABLE articles (a INTEGER PRIMARY KEY, article TEXT NOT NULL,"
                   " story INTEGER)")
        db.execute("INSERT INTO articles (a, article) SELECT ROW_NUMBER() OVER (ORDER BY"
                   f" first) - 1, article FROM (SELECT article, MIN(g * {big} + r) AS first"
                   " FROM obs GROUP BY article)")
        db.execute("CREATE UNIQUE INDEX articles_article ON articles (article)")
        db.execute("UPDATE obs SET a = articles.a FROM articles"
                   " WHERE articles.article = obs.article")
        db.execute("CREATE INDEX obs_a ON obs (a, g, r)")
        self.articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        return int(self.articles)

    def article_dates(self) -> Iterator[str | None]:
        """Each article's ``steps.article_date``, in article order."""
        rows = self.db.execute("SELECT a, pub FROM obs ORDER BY a, g, r")
        for _, found in groupby(rows, key=lambda row: row[0]):
            yield article_date(pub for _, pub in found)

    def article_texts(self, start: int, stop: int) -> npt.NDArray[np.int64]:
        """``(a, g)`` of the usable texts of articles ``start`` to ``stop``, by a then g."""
        return np.array(self.db.execute(
            "SELECT DISTINCT a, g FROM obs WHERE a >= ? AND a < ? AND key IS NOT NULL"
            " ORDER BY a, g", (start, stop)).fetchall(), dtype=np.int64).reshape(-1, 2)

    def set_stories(self, labels: Sequence[int]) -> None:
        """Store each article's story label, then each story's usable texts."""
        db = self.db
        db.executemany("UPDATE articles SET story = ? WHERE a = ?",
                       ((int(s), a) for a, s in enumerate(labels)))
        db.execute("CREATE TABLE story_texts AS SELECT DISTINCT articles.story AS story,"
                   " obs.g AS g FROM obs JOIN articles ON articles.a = obs.a"
                   " WHERE obs.key IS NOT NULL")
        db.execute("CREATE INDEX story_texts_story ON story_texts (story, g)")

    def stories(self) -> Iterator[list[int]]:
        """The usable texts of each story, stories and texts in index order."""
        rows = self.db.execute("SELECT story, g FROM story_texts ORDER BY story, g")
        for _, found in groupby(rows, key=lambda row: row[0]):
            yield [g for _, g in found]

    def sources(self, gs: Iterable[int]) -> Sources:
        """``(outlet, article id)`` of every observation of the texts ``gs``."""
        found: Sources = {}
        for g, outlet, article in self.select_in("SELECT g, outlet, article FROM obs"
                                                 " WHERE g IN ({}) ORDER BY g, r", gs):
            found.setdefault(g, []).append((outlet, article))
        return found

    # -- components --------------------------------------------------------------------

    def set_components(self, smallest: npt.NDArray[np.int64]) -> None:
        """Each text's component (``UnionFind.smallest_members``)."""
        self.db.execute("CREATE TABLE comps (g INTEGER PRIMARY KEY, comp INTEGER NOT NULL)")
        for start in range(0, self.texts, INSERT_BATCH):
            self.db.executemany("INSERT INTO comps VALUES (?, ?)",
                                enumerate(smallest[start:start + INSERT_BATCH].tolist(), start))
        self.db.execute("CREATE INDEX comps_comp ON comps (comp, g)")

    def components(self) -> Iterator[Component]:
        """Each component in order of its first text: its texts (in order), their
        observations (earliest first), and its accepted pairs and near-copies (local
        text numbers)."""
        rows = self.db.execute("SELECT c.comp, o.g, o.payload FROM comps c JOIN obs o"
                               " ON o.g = c.g ORDER BY c.comp, c.g, o.r")
        # A second connection: the cursor over components stays open while pairs are read.
        lookup = sqlite3.connect(self.path)
        try:
            for _, component in groupby(rows, key=lambda row: row[0]):
                order: list[int] = []
                texts: list[list[Observation]] = []
                for g, found in groupby(component, key=lambda row: row[1]):
                    order.append(g)
                    texts.append([pickle.loads(payload) for _, _, payload in found])
                yield (order, texts, *self._component_pairs(lookup, order))
        finally:
            lookup.close()

    def _component_pairs(self, connection: sqlite3.Connection, order: Sequence[int]
                         ) -> tuple[list[PairLink], list[tuple[int, int, float]]]:
        local = {g: t for t, g in enumerate(order)}
        links = [PairLink(local[a], local[b], reason) for a, b, reason in self.select_in(
            "SELECT a, b, reason FROM accepted WHERE a IN ({}) ORDER BY a, b", order,
            connection)]
        copies = [(local[a], local[b], score) for a, b, score in self.select_in(
            "SELECT a, b, score FROM similar WHERE a IN ({}) ORDER BY a, b", order,
            connection) if b in local]
        return links, copies


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
