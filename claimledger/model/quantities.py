"""Quantities a text states (``claimledger.claims.quantities`` finds them).

How each field is read (ranges, vague amounts, multipliers, dates) is documented in
``claimledger.claims.quantities``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimledger.model.document import Span, span_or_none

QUANTITY_KINDS: tuple[str, ...] = (
    "count", "money", "percent", "multiplier", "rate", "duration", "ordinal", "date",
    "fraction", "score",
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity expression; ``kind`` is one of ``QUANTITY_KINDS``."""

    id: str
    span: Span
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    kind: str
    approximate: bool
    quantified: Span | None
    change: str | None
    # The integers of a tally ("won 2-1" -> (2, 1)), kind "score" only; else None.
    score: tuple[int, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "span": self.span.to_dict(),
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "kind": self.kind,
            "approximate": self.approximate,
            "quantified": span_or_none(self.quantified),
            "change": self.change,
            "score": None if self.score is None else list(self.score),
        }
