"""The steps of ``link`` between the records and the per-cluster provenance.

Identical claim texts (after normalisation) are linked once: wire copy repeats one
sentence in dozens of outlets, and embedding, hashing and comparing it once per outlet
would cost time for no information. Every other step works on the distinct texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimledger.linking.ann import (
    block_pairs,
    flatten_keys,
    rare_token_keys,
    simhash_keys,
    token_memberships,
)
from claimledger.linking.cluster import components, pair_cosines
from claimledger.linking.component import (
    PairLink,
    add_records,
    link_component,
    offered_copies,
    similar_texts,
    story_reason,
)
from claimledger.linking.decisions import BatchDecisions, decide_batch
from claimledger.linking.embeddings import Embedder
from claimledger.linking.minhash import band_keys, estimated_jaccard
from claimledger.linking.observation import (
    LinkResult,
    Observation,
    StoryLink,
    Thresholds,
    time_key,
)
from claimledger.linking.steps import (
    outlet_key,
    pairs_in_story,
    text_group_key,
    usable_text,
)
from claimledger.linking.stories import (
    article_vectors,
    story_labels,
)

EMBED_BATCH = 4096
Progress = Callable[[int, int], None]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class DistinctTexts:
    """Observations grouped by normalised text; ``groups[g]`` lists observation indices
    in time order, ``texts[g]`` is the group's text."""

    texts: list[str]
    groups: list[list[int]]


def distinct_texts(observations: Sequence[Observation], min_content_words: int = 0
                   ) -> DistinctTexts:
    """Observations grouped by normalised text, earliest first. A text with fewer than
    ``min_content_words`` content words (``tokens.linkable``) is a group of its own: "That's
    it." in ten outlets is not one claim ten times."""
    index: dict[str, int] = {}
    texts: list[str] = []
    groups: list[list[int]] = []
    order = sorted(range(len(observations)), key=lambda i: time_key(observations[i]))
    for i in order:
        # A text without words (a stray zero-width space) is its own group: empty texts
        # are not the same claim.
        text = observations[i].text
        key = text_group_key(text, min_content_words) or f"\0{i}"
        g = index.setdefault(key, len(texts))
        if g == len(texts):
            texts.append(observations[i].text)
            groups.append([])
        groups[g].append(i)
    return DistinctTexts(texts, groups)


def embed_all(texts: Sequence[str], embedder: Embedder, progress: Progress | None
              ) -> npt.NDArray[np.float32]:
    """Embeddings in batches of ``EMBED_BATCH``, reporting progress after each."""
    chunks = []
    for start in range(0, len(texts), EMBED_BATCH):
        chunks.append(np.asarray(embedder.embed(texts[start:start + EMBED_BATCH]),
                                 dtype=np.float32))
        if progress is not None:
            progress(min(start + EMBED_BATCH, len(texts)), len(texts))
    return np.concatenate(chunks)


def candidate_pairs(texts: Sequence[str], sigs: npt.NDArray[np.uint32],
                    vectors: npt.NDArray[np.float32], limits: Thresholds) -> IntArray:
    """Blocked candidate pairs: MinHash bands, SimHash tables and rare tokens.

    Texts without any word take part in no pair (their shingle sets would all be equal),
    nor do texts too short to be a claim (``tokens.linkable``).
    """
    bands = flatten_keys(band_keys(sigs, limits.bands) >> 2, 0)
    tables = flatten_keys(simhash_keys(vectors, tables=limits.simhash_tables,
                                       bits=limits.simhash_bits), 1 << 62)
    tokens = token_memberships(rare_token_keys(texts, limits.rare_tokens), 3 << 61)
    pairs = block_pairs([bands, tables, tokens], vectors, limits.block_cap,
                        limits.block_window)
    wordless = np.array([not usable_text(t, limits) for t in texts], dtype=bool)
    return np.asarray(pairs[~(wordless[pairs[:, 0]] | wordless[pairs[:, 1]])], dtype=np.int64)


def score_pairs(sigs: npt.NDArray[np.uint32], vectors: npt.NDArray[np.float32],
                pairs: IntArray, texts: Sequence[str], limits: Thresholds) -> BatchDecisions:
    """MinHash estimate and cosine of every candidate pair, then ``decide_batch``."""
    return decide_batch(pairs, estimated_jaccard(sigs, pairs), pair_cosines(vectors, pairs),
                        texts, limits)


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
    """Stories of the articles (``stories.story_labels``) and the texts of each; a text
    repeated in articles of two stories is a member of both."""
    article_index: dict[str, int] = {}
    article_dates: list[str | None] = []
    text_articles: list[list[int]] = []
    for group in distinct.groups:
        found = []
        for i in group:
            obs = observations[i]
            a = article_index.setdefault(obs.article_id, len(article_index))
            if a == len(article_dates):
                article_dates.append(obs.published)
            elif obs.published and (article_dates[a] is None
                                    or obs.published < str(article_dates[a])):
                article_dates[a] = obs.published
            found.append(a)
        text_articles.append(found)
    usable = [usable_text(t, limits) for t in distinct.texts]
    labels = story_labels(article_vectors(text_articles, vectors, len(article_dates), usable),
                          article_dates, limits)
    story_texts: dict[int, list[int]] = {}
    for g, found in enumerate(text_articles):
        if usable[g]:
            for story in sorted({labels[a] for a in found}):
                story_texts.setdefault(story, []).append(g)
    return Stories(story_texts, text_articles,
                   {article: labels[a] for article, a in article_index.items()})


def story_pairs(observations: Sequence[Observation], distinct: DistinctTexts,
                vectors: npt.NDArray[np.float32], limits: Thresholds) -> StoryPairs:
    """The story-aware second pass (``stories`` module doc) over the distinct texts.

    Deterministic: stories, their texts and their pairs are visited in index order.
    """
    empty = StoryPairs(np.empty((0, 2), dtype=np.int64), [])
    if not 0.0 < limits.story_pair_cosine <= 1.0 or len(distinct.texts) < 2:
        return empty
    found = story_members(observations, distinct, vectors, limits)
    story_texts, text_articles = found.texts, found.text_articles
    accepted: list[tuple[int, int]] = []
    reasons: list[str] = []
    for story in sorted(story_texts):
        members = story_texts[story]
        if len({a for g in members for a in text_articles[g]}) < 2:
            continue
        outlets = [{outlet_key(observations[i].outlet, observations[i].article_id)
                    for i in distinct.groups[g]} for g in members]
        local = vectors[np.asarray(members, dtype=np.int64)]
        for i, j, reason in pairs_in_story([distinct.texts[g] for g in members], local,
                                           outlets, limits):
            accepted.append((members[i], members[j]))
            reasons.append(reason)
    if not accepted:
        return empty
    return StoryPairs(np.asarray(accepted, dtype=np.int64), reasons)


def link_distinct(observations: Sequence[Observation], distinct: DistinctTexts,
                  vectors: npt.NDArray[np.float32], decided: BatchDecisions,
                  story: StoryPairs, limits: Thresholds) -> LinkResult:
    """Components of the accepted and story pairs, each through ``link_component``, in
    order of their first text."""
    links = decided.links + [PairLink(a, b, story_reason(reason)) for (a, b), reason
                             in zip(story.pairs.tolist(), story.reasons, strict=True)]
    earliest = {g: [observations[i].id for i in group[:2]]
                for g, group in enumerate(distinct.groups)}
    offered = offered_copies(similar_texts(decided.copies, range(len(distinct.texts))),
                             earliest)
    copies = {observations[i].id: offered[g] for g, group in enumerate(distinct.groups)
              for i in group}
    found = components(len(distinct.texts),
                       np.asarray([(k.a, k.b) for k in links], dtype=np.int64).reshape(-1, 2))
    component_of = {g: c for c, members in enumerate(found) for g in members}
    inside: dict[int, list[PairLink]] = {}
    for k in links:
        inside.setdefault(component_of[k.a], []).append(k)
    result = LinkResult({}, [], {}, [], story_links(observations, distinct, story))
    for c, members in enumerate(found):
        local = {g: t for t, g in enumerate(members)}
        texts = [[observations[i] for i in distinct.groups[g]] for g in members]
        pairs = [PairLink(local[k.a], local[k.b], k.reason) for k in inside.get(c, ())]
        for records in link_component(texts, vectors[np.asarray(members, dtype=np.int64)],
                                      pairs, copies, limits):
            add_records(result, records)
    return LinkResult({obs.id: result.clusters[obs.id] for obs in observations},
                      result.edges, result.origins, result.contradictions,
                      result.story_links, result.member_links)


def story_links(observations: Sequence[Observation], distinct: DistinctTexts,
                story: StoryPairs) -> list[StoryLink]:
    """The story pass's pairs as records between the earliest observation of each text."""
    return [StoryLink(observations[distinct.groups[a][0]].id,
                      observations[distinct.groups[b][0]].id, reason)
            for (a, b), reason in zip(story.pairs.tolist(), story.reasons, strict=True)]
