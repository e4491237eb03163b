"""Records of cross-article linking (``shared/spec/provenance.md``).

An ``Observation`` is one claim as it appears in one article; linking never changes it,
it only assigns a ``canonical_id`` (``LinkResult.clusters``), edges, origins and
contradictions. Every record is a frozen dataclass with a JSON-ready ``to_dict``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from typing import Any

# Defined in ``errors`` with every other exception; re-exported for older imports.
from claimledger.errors import LinkingError as LinkingError

EDGE_KINDS: tuple[str, ...] = ("cites", "copies", "same_source", "same_article")
VIRTUAL_PREFIX = "virtual:"


@dataclass(frozen=True, slots=True)
class QuantityValue:
    """A number a claim states: ``value`` when exact, ``low``/``high`` when a range or an
    approximation ("about 40" -> 36..44; "at least 30" -> low=30, high=None)."""

    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "low": self.low, "high": self.high,
                "unit": self.unit, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Observation:
    """One claim in one article, with its holder and what it is attributed to."""

    id: str
    article_id: str
    outlet: str | None
    published: str | None  # ISO date/time; None sorts after every dated observation
    text: str
    holder_name: str | None  # resolved source name; None = the outlet's own voice
    holder_kind: str | None  # a model.SOURCE_KINDS value or None
    cited: str | None  # the publication/outlet/document the claim is attributed to
    quantities: tuple[QuantityValue, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["quantities"] = [q.to_dict() for q in self.quantities]
        return out


@dataclass(frozen=True, slots=True)
class Edge:
    """``src`` (later) -> ``dst`` (earlier); ``dst`` may be ``virtual:<outlet>``."""

    src: str
    dst: str
    kind: str  # one of EDGE_KINDS
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"src": self.src, "dst": self.dst, "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Origin:
    """One independent origin of a cluster and the observations that trace back to it."""

    key: str
    name: str
    kind: str
    anonymous: bool
    observations: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "kind": self.kind,
                "anonymous": self.anonymous, "observations": list(self.observations),
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two observations of one cluster whose numbers for the same thing cannot both hold."""

    a: str
    b: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class StoryLink:
    """Two observations joined by the story pass (``stories``; not by rules 1-3 of the
    pair rule), with the reason: cosine and the story-distinctive words they share."""

    a: str
    b: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class MemberLink:
    """Why an observation is a member of its cluster: the member it is linked to
    (``partner``, in the same cluster) and the signals that decided the link ("same
    text", "minhash jaccard 0.91", "cosine 0.87 + shared words 3", "story: ...").
    The earliest member of a cluster has none."""

    uid: str
    partner: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "partner": self.partner, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class LinkResult:
    clusters: dict[str, str]  # observation id -> canonical_id
    edges: list[Edge]
    origins: dict[str, list[Origin]]  # canonical_id -> its distinct origins
    contradictions: list[Contradiction]
    story_links: list[StoryLink] = field(default_factory=list)
    member_links: list[MemberLink] = field(default_factory=list)

    def independent_origins(self, canonical_id: str) -> int:
        """The number of distinct origins of a cluster (0 for an unknown id)."""
        return len(self.origins.get(canonical_id, ()))

    def members(self, canonical_id: str) -> list[str]:
        return [obs for obs, cid in self.clusters.items() if cid == canonical_id]

    def to_dict(self) -> dict[str, Any]:
        return {
            "clusters": dict(self.clusters),
            "edges": [e.to_dict() for e in self.edges],
            "origins": {cid: [o.to_dict() for o in origins]
                        for cid, origins in self.origins.items()},
            "contradictions": [c.to_dict() for c in self.contradictions],
            "story_links": [s.to_dict() for s in self.story_links],
            "member_links": [m.to_dict() for m in self.member_links],
        }


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds of linking; ``load_thresholds()`` reads the calibrated ones.

    A pair of observations is the same claim when its shingle Jaccard is at least
    ``jaccard_same``, or it shares a content word and its embedding cosine is at least
    ``cosine_same``, or at least ``cosine_guarded`` with a shared number or name-like
    token too (``cluster.decide``). Texts with fewer than ``min_content_words`` distinct
    content words are linked to nothing (``tokens.linkable``). Two claims of one story
    (``stories``) are also the same claim at cosine >= ``story_pair_cosine`` when they
    share ``story_min_shared`` stems of IDF >= ``story_min_idf`` within the story and
    their shared IDF mass is >= ``story_min_mass``. The defaults are the calibrated values.
    """

    jaccard_same: float = 0.4
    jaccard_copies: float = 0.8
    cosine_same: float = 0.82
    cosine_guarded: float = 0.82
    shingle_words: int = 3
    num_perm: int = 128
    bands: int = 20
    simhash_tables: int = 8
    simhash_bits: int = 12
    rare_tokens: int = 5
    block_cap: int = 16
    block_window: int = 6
    exact_tolerance: float = 0.005
    min_content_words: int = 3
    # The story pass (``stories``; 0 < story_pair_cosine <= 1 turns it on).
    story_cosine: float = 0.8
    story_days: int = 7
    story_pair_cosine: float = 0.61
    story_min_idf: float = 3.0
    story_min_shared: int = 2
    story_min_mass: float = 6.5
    story_dense_cap: int = 1500
    # Coherent clusters (``coherence``): a text joins a cluster of two or more only when
    # its mean cosine to the members is at least this.
    cluster_cosine: float = 0.6
    # The verifier (``verifier``) decides pairs below ``jaccard_same`` whose cosine is
    # at least ``verifier_cosine_floor``; off, rules 2-3 decide them (``cluster.decide``).
    verifier: bool = True
    verifier_cosine_floor: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Thresholds:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@cache
def load_thresholds() -> Thresholds:
    """The calibrated thresholds in ``claimledger/data/linking-thresholds.json``."""
    path = resources.files("claimledger") / "data" / "linking-thresholds.json"
    if not path.is_file():
        return Thresholds()
    data = json.loads(path.read_text(encoding="utf-8"))
    return Thresholds.from_dict(data.get("thresholds", data))


def canonical_id_for(earliest_member: str) -> str:
    """A cluster id that depends only on its earliest member, so re-linking an unchanged
    cluster keeps its id."""
    return "clm_" + hashlib.sha256(earliest_member.encode("utf-8")).hexdigest()[:20]


def time_key(observation: Observation) -> tuple[int, str, str]:
    """Sort key "earliest first": dated observations by date, undated ones after, then id."""
    if observation.published:
        return (0, observation.published, observation.id)
    return (1, "", observation.id)
