"""The document layer: the analysed text, its metadata and the spans that index it.

Character offsets index ``Document.text`` (Python ``str`` indices, end exclusive), so
``document.text[span.start:span.end] == span.text`` always holds; the property tests
check it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


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


def span_or_none(span: Span | None) -> dict[str, Any] | None:
    """The JSON of an optional span (``null`` when absent)."""
    return None if span is None else span.to_dict()


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
