"""The claims layer: claims, hedges, flags, support labels and the sourcing profile.

Every record is a frozen dataclass whose ``to_dict`` gives the JSON documented in
``docs/claims.md``; ``claimledger.claims`` builds them. Spans index ``Document.text`` like
every other span of the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimledger.model.document import Span

# What a claim's holder is when no attribution covers it: the article's own voice.
OUTLET = "outlet"
# An attribution covers the claim but the attribution engine resolved no source.
UNRESOLVED = "unresolved"


# The CoNLL-2010 / Szeged class of each fine-grained hedge ``type`` (docs/claims.md);
# gives records stored before ``cue_type`` existed their class.
CUE_TYPE_OF_KIND: dict[str, str] = {
    "reportedly": "weasel", "allegedly": "weasel", "is_said_to": "weasel",
    "sources_suggest": "weasel", "modal": "modal_possible", "conditional": "condition",
    "uncertain": "doxastic", "unverified": "doxastic", "belief": "doxastic",
    "speculation": "modal_probable", "investigation": "investigation",
}


@dataclass(frozen=True, slots=True)
class Hedge:
    """A cue that weakens or distances a claim ("reportedly", "may", "if confirmed").

    ``type`` is the lexicon's fine-grained kind ("reportedly", "modal", "belief"...);
    ``cue_type`` the CoNLL-2010 / Szeged class ("modal_possible", "modal_probable",
    "doxastic", "condition", "investigation", "weasel"), taken from ``type`` when not
    given (records stored before it existed).
    """

    span: Span
    cue: str
    type: str
    cue_type: str = ""

    def __post_init__(self) -> None:
        if not self.cue_type:
            object.__setattr__(self, "cue_type", CUE_TYPE_OF_KIND.get(self.type, "weasel"))

    def to_dict(self) -> dict[str, Any]:
        return {"span": self.span.to_dict(), "cue": self.cue, "type": self.type,
                "cue_type": self.cue_type}


@dataclass(frozen=True, slots=True)
class Support:
    """How a claim is sourced, as a label from a small vocabulary plus readable reasons."""

    label: str
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim unit: a sentence, or an independent clause of a coordinated sentence."""

    id: str
    span: Span
    holder: str | None
    holder_kind: str
    attribution: str | None
    hedges: tuple[Hedge, ...]
    vague: tuple[Span, ...]
    checkworthiness: float
    features: tuple[tuple[str, bool], ...]
    opinion: bool
    prediction: bool
    quantities: tuple[str, ...]
    entities: tuple[str, ...]
    support: Support
    headline: bool = False

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "span": self.span.to_dict(),
            "headline": self.headline,
            "holder": self.holder,
            "holder_kind": self.holder_kind,
            "attribution": self.attribution,
            "hedges": [h.to_dict() for h in self.hedges],
            "vague": [v.to_dict() for v in self.vague],
            "checkworthiness": self.checkworthiness,
            "features": dict(self.features),
            "opinion": self.opinion,
            "prediction": self.prediction,
            "quantities": list(self.quantities),
            "entities": list(self.entities),
            "support": self.support.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Flag:
    """Loaded, sensational or intensifying language found in the text."""

    id: str
    span: Span
    term: str
    category: str
    in_quote: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "span": self.span.to_dict(),
            "term": self.term,
            "category": self.category,
            "in_quote": self.in_quote,
        }


@dataclass(frozen=True, slots=True)
class Notable:
    """One fact about the article's sourcing worth a reader's attention, and why."""

    fact: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Profile:
    """The article's sourcing profile: counts and shares, never an opaque score."""

    claims: int
    attributions: int
    distinct_sources: int
    attributions_by_source_kind: tuple[tuple[str, int], ...]
    claims_by_holder: tuple[tuple[str, int], ...]
    holder_shares: tuple[tuple[str, float], ...]
    hedged_claims: int
    hedged_share: float
    vague_claims: int
    words: int
    quote_chars: int
    quote_density: float
    attributions_per_1000_words: float
    flags_by_category: tuple[tuple[str, int], ...]
    flags_in_quotes: int
    notable: tuple[Notable, ...] = field(default=())
    # Claims holding at least one cue of each CoNLL-2010 cue type (issue 13; empty in
    # profiles stored before it).
    hedged_claims_by_cue_type: tuple[tuple[str, int], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "attributions": self.attributions,
            "distinct_sources": self.distinct_sources,
            "attributions_by_source_kind": dict(self.attributions_by_source_kind),
            "claims_by_holder": dict(self.claims_by_holder),
            "holder_shares": dict(self.holder_shares),
            "hedged_claims": self.hedged_claims,
            "hedged_share": self.hedged_share,
            "hedged_claims_by_cue_type": dict(self.hedged_claims_by_cue_type),
            "vague_claims": self.vague_claims,
            "words": self.words,
            "quote_chars": self.quote_chars,
            "quote_density": self.quote_density,
            "attributions_per_1000_words": self.attributions_per_1000_words,
            "flags": sum(n for _, n in self.flags_by_category),
            "flags_by_category": dict(self.flags_by_category),
            "flags_in_quotes": self.flags_in_quotes,
            "notable": [n.to_dict() for n in self.notable],
        }
