"""The claims layer: claims, hedges, quantities, entities, flags and the sourcing profile.

``build_layers`` is the one entry point ``analyze`` calls after attribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from claimledger.model import Attribution, Record, Source


@dataclass(frozen=True, slots=True)
class Layers:
    claims: tuple[Record, ...] = ()
    quantities: tuple[Record, ...] = ()
    entities: tuple[Record, ...] = ()
    flags: tuple[Record, ...] = ()
    profile: Record | None = None


def build_layers(
    doc: Doc, attributions: Sequence[Attribution], sources: Sequence[Source]
) -> Layers:
    """All claims-layer records of one parsed article (filled in by the claims issue)."""
    return Layers()
