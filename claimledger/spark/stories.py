"""``spark link``'s story pass: ``story_pass.story_pairs`` split between driver and executors.

Stories span partitions, so they are found where all of what they need is small:

1. article numbers: articles in the order ``story_pass.story_members`` meets them (text
   groups in ``g`` order, each group's observations earliest first), with its dates;
2. article vectors: each article's usable texts grouped by article and averaged by the
   library's ``stories.article_vectors`` in ``g`` order (the library's summation order,
   so every vector is bit-identical); one vector per article is collected to the driver,
   where ``stories.story_labels`` labels them exactly as ``link()`` does;
3. pairs inside a story: the usable texts grouped by story label (a text in articles of
   two stories goes to both), then per story ``steps.story_text_pairs``, the call
   ``link()`` and ``link_external`` make per story.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from claimledger.linking.observation import Observation, StoryLink, Thresholds

Group = list[Observation]  # one distinct text's observations, earliest first
# (story label, [(g, observations of text g, embedding of text g)])
StoryMembers = tuple[int, Iterable[tuple[int, Group, Any]]]


def usable(text: str, limits: Thresholds) -> bool:
    """``steps.usable_text``: whether a distinct text takes part in pairs and stories."""
    from claimledger.linking.steps import usable_text

    return usable_text(text, limits)


def _article_date(encounters: Iterable[tuple[tuple[int, int], str | None]]) -> str | None:
    """``steps.article_date`` over an article's observations in the order the drivers
    meet them (text ``g``, then rank in the text)."""
    from claimledger.linking.steps import article_date

    return article_date(published for _, published in sorted(encounters))


def _mean_vector(members: Iterable[tuple[int, Any]]) -> Any:
    """``stories.article_vectors`` for one article: its texts' vectors summed in ``g``
    order, as the library sums them over all articles."""
    from claimledger.linking.stories import article_vectors

    vectors = np.stack([v for _, v in sorted(members, key=lambda m: m[0])]).astype(np.float32)
    k = len(vectors)
    return article_vectors([[0]] * k, vectors, 1, [True] * k)[0]


def article_stories(texts: Any, vectors: Any, limits: Thresholds, parts: int
                    ) -> dict[str, int]:
    """Story label of every article with a usable text (``stories.story_labels`` on the
    driver over the article vectors); empty when no text is usable."""
    from claimledger.linking.stories import story_labels

    encounters = texts.flatMap(lambda kv: [
        (obs.article_id, ((kv[0], rank), obs.published))
        for rank, obs in enumerate(kv[1])])
    firsts = encounters.groupByKey(parts).mapValues(
        lambda found: (min(e for e, _ in found), _article_date(found)))
    sums = texts.join(vectors, parts).flatMap(lambda kv: [
        (article, (kv[0], kv[1][1]))
        for article in sorted({obs.article_id for obs in kv[1][0]})]
        if usable(kv[1][0][0].text, limits) else [])
    means = sums.groupByKey(parts).mapValues(_mean_vector)
    rows = sorted(firsts.leftOuterJoin(means, parts).collect(), key=lambda r: r[1][0][0])
    found = [vector for _, (_, vector) in rows if vector is not None]
    if not found:
        return {}
    zero = np.zeros_like(found[0])
    matrix = np.stack([zero if vector is None else vector for _, (_, vector) in rows])
    labels = story_labels(matrix.astype(np.float32), [date for _, ((_, date), _) in rows],
                          limits)
    return {article: label for (article, _), label in zip(rows, labels, strict=True)}


def story_members(texts: Any, vectors: Any, stories: Any, limits: Thresholds,
                  parts: int) -> Any:
    """``(story, [(g, observations, vector)])``: the usable texts of each story
    (``stories``: a broadcast article -> story label)."""
    def memberships(item: tuple[int, tuple[Group, Any]]) -> list[tuple[int, Any]]:
        g, (group, vector) = item
        if not usable(group[0].text, limits):
            return []
        labels = sorted({stories.value[obs.article_id] for obs in group})
        return [(label, (g, group, vector)) for label in labels]

    return texts.join(vectors, parts).flatMap(memberships).groupByKey(parts)


def pairs_in_story(limits: Thresholds, item: StoryMembers
                   ) -> list[tuple[int, int, StoryLink]]:
    """``(g_a, g_b, link)`` for the pairs of one story that ``steps.story_text_pairs``
    accepts, each link between the earliest observations of its two texts."""
    from claimledger.linking.steps import story_text_pairs

    members = sorted(item[1], key=lambda m: m[0])
    vectors = np.stack([v for _, _, v in members]).astype(np.float32)
    sources = [[(obs.outlet, obs.article_id) for obs in group] for _, group, _ in members]
    found = story_text_pairs([group[0].text for _, group, _ in members], vectors, sources,
                             limits)
    return [(members[a][0], members[b][0],
             StoryLink(members[a][1][0].id, members[b][1][0].id, reason))
            for a, b, reason in found]


def story_pairs(spark: Any, texts: Any, vectors: Any, limits: Thresholds, parts: int
                ) -> Any:
    """RDD of ``(g_a, g_b, StoryLink)``: the story pass's pairs of distinct texts."""
    from claimledger.linking.steps import story_pass_enabled

    if not story_pass_enabled(limits):
        return spark.sparkContext.emptyRDD()
    labels = article_stories(texts, vectors, limits, parts)
    if not labels:
        return spark.sparkContext.emptyRDD()
    stories = spark.sparkContext.broadcast(labels)
    members = story_members(texts, vectors, stories, limits, parts)
    return members.flatMap(lambda item: pairs_in_story(limits, item))
