"""The story pass (rule 4, ``stories``) over distinct texts held in memory.

Stories are labelled over one vector per article (``stories.article_vectors``,
``stories.story_labels``), each article dated by ``steps.article_date``; inside each
story ``steps.story_text_pairs`` takes the decisions. ``external`` and the Spark job call
the same functions on the slices they hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimledger.linking.distinct import DistinctTexts
from claimledger.linking.observation import Observation, StoryLink, Thresholds
from claimledger.linking.steps import (
    article_date,
    story_pass_enabled,
    story_text_pairs,
    usable_text,
)
from claimledger.linking.stories import article_vectors, story_labels

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class StoryPairs:
    """Pairs of distinct texts accepted by the story pass (rule 4 of ``cluster``) that
    rules 1-3 reject, each with the reason (``StoryEvidence.describe``)."""

    pairs: IntArray
    reasons: list[str]


@dataclass(frozen=True, slots=True)
class Stories:
    """``texts[story]``: the usable distinct texts of each story (index order);
    ``text_articles[g]``: the article numbers text ``g`` occurs in; ``of_article``: the
    story of each article id."""

    texts: dict[int, list[int]]
    text_articles: list[list[int]]
    of_article: dict[str, int]


def story_members(observations: Sequence[Observation], distinct: DistinctTexts,
                  vectors: npt.NDArray[np.float32], limits: Thresholds) -> Stories:
    """Stories of the articles and the texts of each; a text repeated in articles of two
    stories is a member of both. Articles are numbered as they are met."""
    article_index: dict[str, int] = {}
    met: list[list[str | None]] = []
    text_articles: list[list[int]] = []
    for group in distinct.groups:
        found = []
        for i in group:
            obs = observations[i]
            a = article_index.setdefault(obs.article_id, len(article_index))
            if a == len(met):
                met.append([])
            met[a].append(obs.published)
            found.append(a)
        text_articles.append(found)
    usable = [usable_text(t, limits) for t in distinct.texts]
    labels = story_labels(article_vectors(text_articles, vectors, len(met), usable),
                          [article_date(dates) for dates in met], limits)
    story_texts: dict[int, list[int]] = {}
    for g, found in enumerate(text_articles):
        if usable[g]:
            for story in sorted({labels[a] for a in found}):
                story_texts.setdefault(story, []).append(g)
    return Stories(story_texts, text_articles,
                   {article: labels[a] for article, a in article_index.items()})


def story_pairs(observations: Sequence[Observation], distinct: DistinctTexts,
                vectors: npt.NDArray[np.float32], limits: Thresholds) -> StoryPairs:
    """The story pass over all distinct texts; stories, their texts and their pairs
    are visited in index order."""
    empty = StoryPairs(np.empty((0, 2), dtype=np.int64), [])
    if not story_pass_enabled(limits) or len(distinct.texts) < 2:
        return empty
    accepted: list[tuple[int, int]] = []
    reasons: list[str] = []
    found = story_members(observations, distinct, vectors, limits)
    for story in sorted(found.texts):
        members = found.texts[story]
        sources = [[(observations[i].outlet, observations[i].article_id)
                    for i in distinct.groups[g]] for g in members]
        local = vectors[np.asarray(members, dtype=np.int64)]
        for i, j, reason in story_text_pairs([distinct.texts[g] for g in members], local,
                                             sources, limits):
            accepted.append((members[i], members[j]))
            reasons.append(reason)
    if not accepted:
        return empty
    return StoryPairs(np.asarray(accepted, dtype=np.int64), reasons)


def story_links(observations: Sequence[Observation], distinct: DistinctTexts,
                story: StoryPairs) -> list[StoryLink]:
    """The story pass's pairs as records between the earliest observation of each text."""
    return [StoryLink(observations[distinct.groups[a][0]].id,
                      observations[distinct.groups[b][0]].id, reason)
            for (a, b), reason in zip(story.pairs.tolist(), story.reasons, strict=True)]
