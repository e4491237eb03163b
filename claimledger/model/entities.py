"""Named entities of one article, merged into one record per referent
(``claimledger.claims.entities`` finds and merges them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimledger.model.document import Span


@dataclass(frozen=True, slots=True)
class Entity:
    """One referent named in the article, with every mention of it."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    mentions: tuple[Span, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }
