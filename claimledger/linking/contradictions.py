"""Numeric contradictions inside one claim cluster.

Each quantity becomes an interval: its stated ``low``..``high`` when it has one (an open
side stays open: "at least 30" is 30..inf), else ``value`` +- ``exact_tolerance`` (a
relative half-percent, so "1.2 billion" and "1,200 million" agree). The quantities layer
already turns "about 40" into 36..44 and "several thousand" into 3,000..9,000.

Only measured amounts are compared (``MEASURED_KINDS``; a count needs a unit): ordinals,
centuries, years, scores and bare numbers never contradict anything. Two observations
contradict when they state quantities of the same (unit family, kind) and no
interval of one overlaps any interval of the other. Why "any": a claim with two counts of
one unit ("30 killed and 50 injured") must not contradict "50 injured" elsewhere.

Each observation is compared with the distinct number statements before it and reports
at most one contradiction: with the earliest observation it disagrees with. So one
outlet with a different number yields one contradiction, not one per outlet that
repeated the original figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from claimledger.linking.observation import Contradiction, Observation, QuantityValue, time_key

Interval = tuple[float, float]
MAX_STATEMENTS = 64  # distinct number statements kept per cluster and unit: bounds cost


def interval(quantity: QuantityValue, tolerance: float) -> Interval | None:
    """The values a quantity admits, or None when it states no number."""
    if quantity.low is not None or quantity.high is not None:
        low = quantity.low if quantity.low is not None else -math.inf
        high = quantity.high if quantity.high is not None else math.inf
        return (min(low, high), max(low, high))
    if quantity.value is None:
        return None
    slack = abs(quantity.value) * tolerance + 1e-9
    return (quantity.value - slack, quantity.value + slack)


# Measured amounts that can disagree. Never compared: ordinals and centuries ("the 14th
# century"), years and dates, scores, and counts without a unit (ages after a name,
# identifiers, bare numbers): their role in the claim is unknown.
MEASURED_KINDS = frozenset({"count", "money", "percent", "fraction", "rate", "multiplier",
                            "duration"})
UNITLESS_KINDS = frozenset({"percent", "fraction", "multiplier"})


def unit_family(unit: str | None) -> str:
    """The unit as compared: lower case, a plural -s dropped ("points" = "point")."""
    word = (unit or "").strip().lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def _key(quantity: QuantityValue) -> tuple[str, str] | None:
    """The (unit family, kind) a quantity is compared under, None when never compared."""
    kind = quantity.kind.strip().lower()
    unit = unit_family(quantity.unit)
    if kind not in MEASURED_KINDS or (not unit and kind not in UNITLESS_KINDS):
        return None
    return (unit, kind)


def _describe(quantity: QuantityValue) -> str:
    if quantity.low is not None or quantity.high is not None:
        return f"{_num(quantity.low)}..{_num(quantity.high)}"
    return _num(quantity.value)


def _num(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _overlap(a: Sequence[Interval], b: Sequence[Interval]) -> bool:
    return any(lo_a <= hi_b and lo_b <= hi_a for lo_a, hi_a in a for lo_b, hi_b in b)


def cluster_contradictions(members: Sequence[Observation], *, tolerance: float
                           ) -> list[Contradiction]:
    """Contradictions of one cluster, at most one per observation (see module doc)."""
    seen: dict[tuple[str, str], list[tuple[Observation, tuple[Interval, ...], str]]] = {}
    out: list[Contradiction] = []
    for obs in sorted(members, key=time_key):
        statements: dict[tuple[str, str], tuple[list[Interval], list[str]]] = {}
        for quantity in obs.quantities:
            span = interval(quantity, tolerance)
            key = _key(quantity)
            if span is not None and key is not None:
                spans, words = statements.setdefault(key, ([], []))
                spans.append(span)
                words.append(_describe(quantity))
        found: Contradiction | None = None
        for key, (spans, words) in statements.items():
            earlier = seen.setdefault(key, [])
            for other, other_spans, other_words in earlier:
                if found is None and other.article_id != obs.article_id and not _overlap(
                        spans, other_spans):
                    unit = " ".join(part for part in key if part)
                    found = Contradiction(
                        other.id, obs.id,
                        f"obs {obs.id} states {', '.join(words)} ({unit}) where obs "
                        f"{other.id} states {other_words}: the ranges do not overlap")
            if len(earlier) < MAX_STATEMENTS and not any(
                    set(s) == set(spans) for _, s, _ in earlier):
                earlier.append((obs, tuple(spans), ", ".join(words)))
        if found is not None:
            out.append(found)
    return out
