"""The attribution layer: who an article's content comes from (``claimledger.attribution``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from claimledger.model.document import Span, span_or_none

AttributionKind = Literal["direct", "indirect", "mixed"]
SourceKind = Literal[
    "named_person",
    "named_organization",
    "official_unnamed",
    "publication",
    "document",
    "anonymous",
    "unnamed_group",
]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)


@dataclass(frozen=True, slots=True)
class Source:
    """Who an attribution's content comes from, resolved across the article."""

    id: str
    name: str
    kind: SourceKind
    role: str | None = None
    affiliation: str | None = None
    anonymity_reason: str | None = None
    mentions: tuple[Span, ...] = ()
    # A joint speaker ("Volker and Morrison said"): the ids of its member sources.
    members: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "affiliation": self.affiliation,
            "anonymity_reason": self.anonymity_reason,
            "mentions": [m.to_dict() for m in self.mentions],
        }
        if self.members:
            # optional (an additive field of the contract): only on group sources
            data["members"] = list(self.members)
        return data


@dataclass(frozen=True, slots=True)
class Attribution:
    """Content the article presents as coming from a source (guidelines: an attribution)."""

    id: str
    kind: AttributionKind
    content: Span
    cue: Span | None
    speaker: Span | None
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": self.content.to_dict(),
            "cue": span_or_none(self.cue),
            "speaker": span_or_none(self.speaker),
            "source": self.source,
        }
