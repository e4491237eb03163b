"""The story-aware second pass on real articles: the Hong Kong pages of the HTML benchmark
(three outlets), every sentence an observation."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from claimledger.linking import LinkResult, Observation, link, load_thresholds
from claimledger.linking.calibrate import DEFAULT_CORPUS, pair_embedder, sentence_spans
from claimledger.linking.stories import StoryVocabulary, stem, stems

# Hong Kong, 18 Nov 2019: The Guardian, Express, Washington Examiner (corpus README).
HONG_KONG = {"5fa3154ec031": ("The Guardian", "2019-11-18"),
             "624fcd903d56": ("Express", "2019-11-18"),
             "e4c6a3b48240": ("Washington Examiner", "2019-11-19")}


def _observations(shift_days: dict[str, int] | None = None) -> list[Observation]:
    bodies = json.loads(DEFAULT_CORPUS.read_text(encoding="utf-8"))
    out: list[Observation] = []
    for key, body in sorted(bodies.items()):
        found = [(prefix, meta) for prefix, meta in HONG_KONG.items() if key.startswith(prefix)]
        if not found:
            continue
        prefix, (outlet, day) = found[0]
        if shift_days and prefix in shift_days:
            day = f"2019-12-{int(day[-2:]) - 18 + shift_days[prefix]:02d}"
        text = body["articleBody"]
        out.extend(Observation(f"{prefix}:{start}", prefix, outlet, day, text[start:end],
                               None, None, None)
                   for start, end in sentence_spans(text))
    return out


@pytest.fixture(scope="module")
def observations() -> list[Observation]:
    found = _observations()
    assert len({o.outlet for o in found}) == 3
    return found


@pytest.fixture(scope="module")
def linked(observations: list[Observation]) -> LinkResult:
    return link(observations, embedder=pair_embedder())


def _cross_outlet_clusters(observations: list[Observation], result: LinkResult
                           ) -> dict[str, set[str]]:
    outlets: dict[str, set[str]] = {}
    for obs in observations:
        outlets.setdefault(result.clusters[obs.id], set()).add(obs.outlet or "")
    return {cid: found for cid, found in outlets.items() if len(found) >= 2}


def test_story_pass_links_paraphrases_across_outlets_with_a_reason(
        observations: list[Observation], linked: LinkResult) -> None:
    without = link(observations, embedder=pair_embedder(),
                   thresholds=replace(load_thresholds(), story_pair_cosine=0.0))
    assert not without.story_links
    assert linked.story_links
    by_id = {o.id: o for o in observations}
    for story_link in linked.story_links:
        a, b = by_id[story_link.a], by_id[story_link.b]
        assert a.outlet != b.outlet
        assert linked.clusters[a.id] == linked.clusters[b.id]
        assert story_link.reason.startswith("cosine 0.")
        assert "same story; shares" in story_link.reason
    assert len(_cross_outlet_clusters(observations, linked)) > len(
        _cross_outlet_clusters(observations, without))


def test_story_pass_is_deterministic(observations: list[Observation],
                                     linked: LinkResult) -> None:
    shuffled = list(observations)
    random.Random(7).shuffle(shuffled)
    again = link(shuffled, embedder=pair_embedder())
    assert again.clusters == linked.clusters
    assert again.story_links == linked.story_links


def test_articles_published_weeks_apart_are_not_one_story() -> None:
    apart = _observations({"e4c6a3b48240": 30})
    result = link(apart, embedder=pair_embedder())
    by_id = {o.id: o for o in apart}
    assert all("e4c6a3b48240" not in (by_id[s.a].article_id, by_id[s.b].article_id)
               for s in result.story_links)


def test_story_idf_ignores_story_wide_words_and_shared_names(
        observations: list[Observation]) -> None:
    texts = [o.text for o in observations]
    vocabulary = StoryVocabulary(texts)
    assert vocabulary.idf(stem("kong")) < 1.5 < vocabulary.idf(stem("mask"))
    a = stems("Beijing said the Polytechnic University siege would end.")
    b = stems("Police said students left the Polytechnic University.")
    assert stem("polytechnic") not in vocabulary.evidence_of(a, b, 0.0).words


def test_stem_strips_inflections_only() -> None:
    assert stem("ruling") == stem("ruled") == "rul"
    assert stem("bans") == stem("ban") == "ban"
    assert stem("protesters") == stem("protester")
    assert stem("bus") == "bus" and stem("crisis") == "crisis"
