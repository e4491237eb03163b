"""Distinct texts: the unit every later linking step works on.

Identical claim texts (after normalisation) are linked once: wire copy repeats one
sentence in dozens of outlets, and embedding, hashing and comparing it once per outlet
would cost time for no information. Texts are numbered by the time rank (``time_key``)
of their earliest observation; every driver groups and numbers them so (in memory here,
with SQL window functions in ``external``, by a sort in the Spark job), keyed by
``group_key``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.linking.observation import Observation, time_key
from claimledger.linking.steps import text_group_key


@dataclass(frozen=True, slots=True)
class DistinctTexts:
    """Observations grouped by normalised text; ``groups[g]`` lists observation indices
    in time order, ``texts[g]`` is the group's text."""

    texts: list[str]
    groups: list[list[int]]


def group_key(obs: Observation, min_content_words: int) -> str:
    """The key an observation's distinct text is found by: ``steps.text_group_key``,
    or, for a text without words or too short to be a claim, a key of its own (the
    observation's unique id): empty texts are not the same claim, and "That's it." in
    ten outlets is not one claim ten times."""
    return text_group_key(obs.text, min_content_words) or f"\0{obs.id}"


def distinct_texts(observations: Sequence[Observation], min_content_words: int = 0
                   ) -> DistinctTexts:
    """Observations grouped by ``group_key``, groups numbered by their earliest member
    and each group's members earliest first (ids must be unique)."""
    index: dict[str, int] = {}
    texts: list[str] = []
    groups: list[list[int]] = []
    for i in sorted(range(len(observations)), key=lambda i: time_key(observations[i])):
        g = index.setdefault(group_key(observations[i], min_content_words), len(texts))
        if g == len(texts):
            texts.append(observations[i].text)
            groups.append([])
        groups[g].append(i)
    return DistinctTexts(texts, groups)
