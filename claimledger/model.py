"""Records of one article's analysis.

Every record is a frozen dataclass. Character offsets index ``Document.text`` (Python
``str`` indices, end exclusive), so ``document.text[span.start:span.end] == span.text``
always holds; the property tests check it. ``to_dict`` gives the JSON contract
``claimledger.analysis/1`` (see ``docs/analysis-json.md``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

SCHEMA_ID = "claimledger.analysis/1"

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


def text_id(text: str) -> str:
    """The id of a document: the SHA-256 of its analysed text (content hash)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``; the one way spans should be built."""
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


def _span_or_none(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else span.to_dict()


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "affiliation": self.affiliation,
            "anonymity_reason": self.anonymity_reason,
            "mentions": [m.to_dict() for m in self.mentions],
        }


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
            "cue": _span_or_none(self.cue),
            "speaker": _span_or_none(self.speaker),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    language: str = "en"
    encoding: str | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", text_id(self.text))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "authors": list(self.authors),
            "language": self.language,
            "encoding": self.encoding,
            "text": self.text,
        }


class Record(Protocol):
    """Anything that renders itself as a JSON-ready mapping (the later layers' records)."""

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Analysis:
    """One article in, this out. Later layers add keys; none is ever renamed."""

    document: Document
    attributions: tuple[Attribution, ...] = ()
    sources: tuple[Source, ...] = ()
    # The claims layer (``claimledger.claims``): records that know their own JSON.
    claims: tuple[Record, ...] = ()
    quantities: tuple[Record, ...] = ()
    entities: tuple[Record, ...] = ()
    flags: tuple[Record, ...] = ()
    profile: Record | None = None

    def source_by_id(self, source_id: str | None) -> Source | None:
        for source in self.sources:
            if source.id == source_id:
                return source
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA_ID,
            "document": self.document.to_dict(),
            "attributions": [a.to_dict() for a in self.attributions],
            "sources": [s.to_dict() for s in self.sources],
        }
        out["claims"] = [c.to_dict() for c in self.claims]
        out["quantities"] = [q.to_dict() for q in self.quantities]
        out["entities"] = [e.to_dict() for e in self.entities]
        out["flags"] = [f.to_dict() for f in self.flags]
        out["profile"] = None if self.profile is None else self.profile.to_dict()
        return out
