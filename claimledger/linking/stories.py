"""The story-aware second pass: a lower cosine bar for two claims of one news story that
share words distinctive *within that story*.

Why: two outlets paraphrasing one claim of a story ("police laid siege to a university" /
"the Polytechnic University was besieged by police") reach MiniLM cosines of only
0.65-0.72, while different claims of that story sharing its names ("Hong Kong",
"Beijing") reach as much; a lower global bar admits about two false pairs per true one.
What separates them is *which* words they share: a word in most claims of the story
carries no evidence, a word in few of them ("mask", "ban", "court") does.

1. Stories (``story_labels``): articles whose mean claim vectors have cosine >=
   ``story_cosine`` and that were published within ``story_days`` of each other (an
   undated article passes the window), found by SimHash blocking over article vectors
   (never all pairs of articles), joined by union-find.
2. Inside each story (``story_candidates``): the pairs of its claims from different
   articles; a story of more than ``story_dense_cap`` claims uses SimHash blocks over its
   claims instead of all its pairs, so the cost stays near-linear.
3. Evidence (``StoryVocabulary.evidence``): IDF of each stem over the story's own claims
   (``log(N / df)``); the pair's shared stems with IDF >= ``story_min_idf`` that are not
   written as a name in both claims are counted and their IDF summed.
   ``cluster.decide`` accepts the pair when the cosine is >= ``story_pair_cosine``, at
   least ``story_min_shared`` such stems are shared and their IDF sum is >=
   ``story_min_mass``. Only pairs whose texts occur in two outlets are considered.

Stems come from ``stem``: a light suffix stripper (plural, -ing, -ed, -ly, final -e) so
"ruling"/"ruled" and "bans"/"ban" match; it does not undo prefixes ("besieged"/"siege").
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from claimledger.linking.ann import block_pairs, flatten_keys, simhash_keys
from claimledger.linking.cluster import UnionFind, pair_cosines
from claimledger.linking.observation import Thresholds
from claimledger.linking.tokens import content_words, signal_tokens

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]
# Article vectors are few; more, shorter SimHash tables find cosines >= 0.8 with ~99%
# probability (16 tables x 6 bits: 1 - (1 - 0.795^6)^16).
ARTICLE_TABLES, ARTICLE_BITS = 16, 6
# Inside a large story: 8-bit tables, so pairs at cosine 0.7 meet in one of the 8 tables
# with ~55% probability (12 bits: ~22%); buckets stay bounded by the sorted neighbourhood.
_STORY_CLAIM_BITS = 8


def stem(word: str) -> str:
    """A light English suffix stripper (the words are already lower case)."""
    for suffix, keep, replacement in (("ies", 4, "y"), ("ing", 5, ""), ("ed", 4, ""),
                                      ("ly", 5, ""), ("es", 4, ""), ("s", 3, "")):
        if word.endswith(suffix) and len(word) >= keep:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            if suffix == "es" and not word.endswith(("ses", "xes", "ches", "shes", "zes")):
                continue
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class TextStems:
    """A claim's content-word stems and those of them written as names in it."""

    stems: frozenset[str]
    names: frozenset[str]


def stems(text: str) -> TextStems:
    """Stems of the content words; ``names``: stems of name-like words (``signal_tokens``:
    capitalised inside the sentence, acronyms)."""
    found = frozenset(stem(w) for w in content_words(text))
    named = frozenset(stem(w) for w in signal_tokens(text) if not w[:1].isdigit())
    return TextStems(found, found & named)


def _day(published: str | None) -> int | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def article_vectors(text_articles: Sequence[Sequence[int]], vectors: FloatArray,
                    articles: int, usable: Sequence[bool]) -> FloatArray:
    """Mean (L2-normalised) vector of each article's usable claim texts; zero when none.

    ``text_articles[g]`` lists the articles text ``g`` occurs in."""
    sums = np.zeros((articles, vectors.shape[1]), dtype=np.float64)
    pairs = np.array([(g, a) for g, found in enumerate(text_articles) if usable[g]
                      for a in sorted(set(found))], dtype=np.int64).reshape(-1, 2)
    for start in range(0, len(pairs), 8192):
        part = pairs[start:start + 8192]
        np.add.at(sums, part[:, 1], vectors[part[:, 0]])
    norms = np.linalg.norm(sums, axis=1)
    norms[norms == 0] = 1.0
    return np.asarray(sums / norms[:, None], dtype=np.float32)


def story_labels(vectors: FloatArray, published: Sequence[str | None],
                 limits: Thresholds) -> list[int]:
    """A story label per article (see module doc, step 1); labels are the smallest
    article index of the story, so they do not depend on the order of the pairs."""
    n = len(vectors)
    sets = UnionFind(n)
    if n > 1:
        pairs = block_pairs([article_blocks(vectors)], vectors, limits.block_cap,
                            limits.block_window)
        days = article_days(published)
        for a, b in same_story(pairs, pair_cosines(vectors, pairs), days, limits).tolist():
            sets.union(a, b)
    return [int(label) for label in sets.smallest_members()]


def article_blocks(vectors: FloatArray) -> tuple[IntArray, IntArray]:
    """``(block key, article)`` memberships of article vectors: their SimHash tables
    (``ARTICLE_TABLES`` x ``ARTICLE_BITS``; rows batched as ``ann.simhash_keys`` does)."""
    return flatten_keys(simhash_keys(vectors, tables=ARTICLE_TABLES, bits=ARTICLE_BITS), 0)


def article_days(published: Iterable[str | None]) -> IntArray:
    """The day number of each article's date; -1 when it has none."""
    return np.fromiter((-1 if (day := _day(p)) is None else day for p in published),
                       dtype=np.int64)


def same_story(pairs: IntArray, cosines: npt.NDArray[np.float32], days: IntArray,
               limits: Thresholds) -> IntArray:
    """The candidate article pairs of one story: cosine >= ``story_cosine`` and published
    within ``story_days`` of each other (an undated article passes the window)."""
    close = cosines >= limits.story_cosine
    pairs = pairs[close]
    da, db = days[pairs[:, 0]], days[pairs[:, 1]]
    return np.asarray(pairs[(da < 0) | (db < 0) | (np.abs(da - db) <= limits.story_days)],
                      dtype=np.int64)


@dataclass(frozen=True, slots=True)
class StoryEvidence:
    """What a pair of claims of one story shares: distinctive stems and their IDF mass."""

    shared: int  # shared stems with IDF >= story_min_idf, not a name in both texts
    mass: float  # their summed IDF
    words: tuple[str, ...]  # the distinctive shared stems, rarest first

    def describe(self) -> str:
        return f"same story; shares {', '.join(self.words) or '-'} (IDF mass {self.mass:.1f})"


class StoryVocabulary:
    """Document frequencies of stems over the claims of one story."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.stem_sets = [stems(t) for t in texts]
        self.frequency: Counter[str] = Counter()
        for found in self.stem_sets:
            self.frequency.update(found.stems)
        self.size = len(texts)

    def idf(self, word: str) -> float:
        return math.log(self.size / max(self.frequency[word], 1))

    def evidence(self, i: int, j: int, min_idf: float) -> StoryEvidence:
        """Evidence for the story's texts ``i`` and ``j``."""
        return self.evidence_of(self.stem_sets[i], self.stem_sets[j], min_idf)

    def evidence_of(self, a: TextStems, b: TextStems, min_idf: float) -> StoryEvidence:
        """Evidence for two texts of this story (``stems``): their shared stems of IDF >=
        ``min_idf`` that are not a name in both texts, and the IDF mass of those.

        Why not names: a story's people, places and organisations recur in its claims
        with different predicates ("Xi is likely to deploy the People's Liberation Army"
        / "Liu said the People's Liberation Army could be deployed"); two reports of one
        claim share its predicate words ("mask ban", "court", "siege").
        """
        shared = sorted((a.stems & b.stems) - (a.names & b.names),
                        key=lambda w: (self.frequency[w], w))
        weights = [self.idf(w) for w in shared]
        distinctive = [(w, x) for w, x in zip(shared, weights, strict=True) if x >= min_idf]
        return StoryEvidence(len(distinctive), sum(x for _, x in distinctive),
                             tuple(w for w, _ in distinctive))


def story_candidates(members: Sequence[int], vectors: FloatArray, limits: Thresholds
                     ) -> IntArray:
    """Local index pairs ``(i, j)``, i < j, of a story's texts with ``story_pair_cosine``
    <= cosine < ``cosine_same`` (rule 4's band): all pairs of a small story, SimHash
    blocks in a large one."""
    m = len(members)
    local = vectors[np.asarray(members, dtype=np.int64)]
    if m <= limits.story_dense_cap:
        sims = local @ local.T
        band = (sims >= limits.story_pair_cosine) & (sims < limits.cosine_same)
        i, j = np.nonzero(np.triu(band, k=1))
        return np.stack([i, j], axis=1).astype(np.int64)
    keys = flatten_keys(simhash_keys(local, tables=limits.simhash_tables,
                                     bits=_STORY_CLAIM_BITS), 0)
    pairs = block_pairs([keys], local, limits.block_cap, limits.block_window)
    cosines = pair_cosines(local, pairs)
    band = (cosines >= limits.story_pair_cosine) & (cosines < limits.cosine_same)
    return np.asarray(pairs[band], dtype=np.int64)
