"""The linking steps as public, pure functions over records, shared by every driver.

``link`` (in memory, ``pipeline``), ``link_external`` (out of core, ``external``) and
``spark link`` (``spark.job_link``, ``spark.stories``) only move data to these functions
and back; a rule change is made here once. Each function takes plain records (texts,
vectors, outlet sets, thresholds) and returns plain records, so a driver can call it on
whatever slice of the data it holds (a story, a bucket of pairs, one cluster).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from claimledger.linking.cluster import decide, shares_anchor, shares_word, story_accepts
from claimledger.linking.minhash import jaccard, shingles
from claimledger.linking.observation import Thresholds
from claimledger.linking.stories import StoryVocabulary, story_candidates
from claimledger.linking.tokens import linkable, words

FloatArray = npt.NDArray[np.float32]


def text_group_key(text: str, min_content_words: int) -> str:
    """The key observations are grouped by (one distinct text per key): the normalised
    words; "" when the text has no words or too few content words (``tokens.linkable``),
    which the caller makes a group of its own ("That's it." in ten outlets is not one
    claim ten times)."""
    return " ".join(words(text)) if linkable(text, min_content_words) else ""


def usable_text(text: str, limits: Thresholds) -> bool:
    """Whether a distinct text takes part in candidate pairs and in stories: it has
    words and is ``tokens.linkable``."""
    return bool(words(text)) and linkable(text, limits.min_content_words)


def outlet_key(outlet: str | None, article_id: str) -> str:
    """The outlet of an observation for ``outlets_differ``; an unknown outlet is one of
    its own per article."""
    return outlet or f"\0{article_id}"


def outlets_differ(a: set[str], b: set[str]) -> bool:
    """Whether two texts found in outlets ``a`` and ``b`` occur in two different outlets.
    Why the story pass asks: it exists for cross-outlet paraphrase; inside one outlet a
    series of articles reuses its own wording for different claims, which the
    benchmark's same-site pairs showed as false links."""
    return len(a | b) >= 2


def too_small_for_evidence(members: int, limits: Thresholds) -> bool:
    """No stem of a story of N texts has an IDF above log(N): too small a story cannot
    give rule 4 its evidence."""
    return math.log(members) < limits.story_min_idf and limits.story_min_shared > 0


def story_reason(vocabulary: StoryVocabulary, i: int, j: int, cosine: float,
                 limits: Thresholds) -> str | None:
    """Why rule 4 links the story's texts ``i`` and ``j`` at this cosine, or None when it
    does not or when rules 1-3 link them already (the story pass adds only new pairs)."""
    evidence = vocabulary.evidence(i, j, limits.story_min_idf)
    if not story_accepts(cosine, evidence, limits):
        return None
    ta, tb = vocabulary.texts[i], vocabulary.texts[j]
    overlap = jaccard(shingles(ta, limits.shingle_words), shingles(tb, limits.shingle_words))
    if decide(overlap, cosine, shares_word(ta, tb), shares_anchor(ta, tb), limits).same:
        return None
    return f"cosine {cosine:.2f}; {evidence.describe()}"


def pairs_in_story(texts: Sequence[str], vectors: FloatArray,
                   outlets: Sequence[set[str]], limits: Thresholds
                   ) -> list[tuple[int, int, str]]:
    """The story pass inside one story: ``(i, j, reason)``, ``i < j`` local indices of
    the story's usable texts (in the driver's text order, with their ``vectors`` and the
    ``outlets`` each occurs in), for the pairs rule 4 accepts and rules 1-3 reject.
    Deterministic: pairs come in ``story_candidates`` order."""
    if too_small_for_evidence(len(texts), limits):
        return []
    vocabulary = StoryVocabulary(texts)
    found = []
    for i, j in story_candidates(range(len(texts)), vectors, limits).tolist():
        if not outlets_differ(outlets[i], outlets[j]):
            continue
        reason = story_reason(vocabulary, i, j, float(vectors[i] @ vectors[j]), limits)
        if reason is not None:
            found.append((min(i, j), max(i, j), reason))
    return found


def story_pass_enabled(limits: Thresholds) -> bool:
    """Whether the story pass runs at all (``story_pair_cosine`` in (0, 1])."""
    return 0.0 < limits.story_pair_cosine <= 1.0


def article_date(dates: Iterable[str | None]) -> str | None:
    """An article's date for the story pass, from the dates of its observations in the
    order the drivers meet them (texts in order, each text's observations earliest
    first): the first met, replaced by any later-met earlier non-empty date."""
    found: str | None = None
    for number, published in enumerate(dates):
        if number == 0 or (published and (found is None or published < found)):
            found = published
    return found


def story_text_pairs(texts: Sequence[str], vectors: FloatArray,
                     sources: Sequence[Iterable[tuple[str | None, str]]], limits: Thresholds
                     ) -> list[tuple[int, int, str]]:
    """The story pass inside one story, as every driver calls it: ``texts`` are the
    story's usable distinct texts in text order, ``vectors`` theirs, ``sources[i]`` the
    ``(outlet, article id)`` of each observation of text ``i``. A story whose texts
    occur in fewer than two articles has no pair; else ``pairs_in_story``."""
    found = [list(s) for s in sources]
    if len({article for s in found for _, article in s}) < 2:
        return []
    outlets = [{outlet_key(outlet, article) for outlet, article in s} for s in found]
    return pairs_in_story(texts, vectors, outlets, limits)
