"""One article's whole analysis: the record every shell receives from ``analyze``.

``Analysis.to_dict`` gives the JSON contract ``claimledger.analysis/1`` (see
``docs/analysis-json.md``); it is the only place that shape is produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimledger.model.attribution import Attribution, Source
from claimledger.model.claims import Claim, Flag, Profile
from claimledger.model.document import Document
from claimledger.model.entities import Entity
from claimledger.model.quantities import Quantity

SCHEMA_ID = "claimledger.analysis/1"


@dataclass(frozen=True, slots=True)
class Analysis:
    """One article in, this out. Later layers add keys; none is ever renamed."""

    document: Document
    attributions: tuple[Attribution, ...] = ()
    sources: tuple[Source, ...] = ()
    # The claims layer (``claimledger.claims``).
    claims: tuple[Claim, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    entities: tuple[Entity, ...] = ()
    flags: tuple[Flag, ...] = ()
    profile: Profile | None = None
    # Why the analysis is partial or empty, for a reader (e.g. a language not analysed
    # yet, ``claimledger.language``). Empty for a full analysis.
    notes: tuple[str, ...] = ()

    def source_by_id(self, source_id: str | None) -> Source | None:
        for source in self.sources:
            if source.id == source_id:
                return source
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "document": self.document.to_dict(),
            "attributions": [a.to_dict() for a in self.attributions],
            "sources": [s.to_dict() for s in self.sources],
            "claims": [c.to_dict() for c in self.claims],
            "quantities": [q.to_dict() for q in self.quantities],
            "entities": [e.to_dict() for e in self.entities],
            "flags": [f.to_dict() for f in self.flags],
            "profile": None if self.profile is None else self.profile.to_dict(),
            "notes": list(self.notes),
        }
