"""Invariants of ``link`` on random observation sets (hypothesis).

The embedder is a fake at the I/O boundary: a bag-of-words random projection, so that
sentences sharing words get high cosines without running the model hundreds of times.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.linking import Observation, QuantityValue, link
from claimledger.linking.observation import VIRTUAL_PREFIX, time_key
from claimledger.linking.tokens import words

SENTENCES = [
    "The ministry said 38 people died in the floods in Valdoria province.",
    "Thirty-eight people died in the floods in Valdoria province, officials said.",
    "Rail services between Valdoria and the capital resumed on Tuesday.",
    "The central bank raised its main interest rate to 4.5 percent.",
    "Shares of the carmaker fell 3 percent after the recall was announced.",
]
OUTLETS = ["Coastline Wire", "Daily Harbour", "Valley Times", None]
HOLDERS = [(None, None), ("Elena Marsh", "named_person"),
           ("Ministry of Water Resources", "named_organization"), ("sources", "anonymous")]


class BagOfWords:
    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "little")
                out[row] += np.random.default_rng(seed).standard_normal(384)
        norms = np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return np.asarray(out / norms, dtype=np.float32)


observation_lists = st.lists(
    st.tuples(st.sampled_from(SENTENCES), st.sampled_from(OUTLETS), st.sampled_from(HOLDERS),
              st.sampled_from([None, "Coastline Wire", "Reuters"]),
              st.one_of(st.none(), st.integers(1, 28)), st.integers(1, 60)),
    min_size=1, max_size=14)


Row = tuple[str, str | None, tuple[str | None, str | None], str | None, int | None, int]


def build(rows: list[Row]) -> list[Observation]:
    out = []
    for n, (text, outlet, (holder, kind), cited, day, number) in enumerate(rows):
        out.append(Observation(f"o{n}", f"a{n // 2}", outlet,
                               None if day is None else f"2024-01-{day:02d}", text, holder,
                               kind, cited,
                               (QuantityValue(float(number), None, None, "people", "count"),)))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(observation_lists)
def test_link_invariants(rows: list[Row]) -> None:
    observations = build(rows)
    result = link(observations, embedder=BagOfWords())
    by_id = {o.id: o for o in observations}
    assert set(result.clusters) == set(by_id)
    for edge in result.edges:
        assert result.clusters[edge.src] == (result.clusters.get(edge.dst)
                                              or result.clusters[edge.src])
        if edge.kind == "same_article":
            # A sourced line and its restatement in one article share one time; the edge
            # goes to the sourced line whichever comes first (provenance.py).
            assert by_id[edge.dst].article_id == by_id[edge.src].article_id
        elif not edge.dst.startswith(VIRTUAL_PREFIX):
            assert time_key(by_id[edge.dst]) < time_key(by_id[edge.src])
    for canonical in set(result.clusters.values()):
        members = {o for o, c in result.clusters.items() if c == canonical}
        covered = {o for origin in result.origins[canonical] for o in origin.observations}
        assert covered == members
        assert 1 <= result.independent_origins(canonical) <= len(members)
    for contradiction in result.contradictions:
        assert result.clusters[contradiction.a] == result.clusters[contradiction.b]
    shuffled = link(list(reversed(observations)), embedder=BagOfWords())
    assert shuffled.clusters == result.clusters
