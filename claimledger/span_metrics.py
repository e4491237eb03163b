"""Span-overlap scores shared by the dev-set evaluations (loaded language, hedge cues).

``overlap_prf`` is the span-identification metric of SemEval-2020 Task 11 (Da San
Martino et al. 2020, section 3): every predicted span ``s`` earns, against every gold
span ``t`` of the same document, the share of its own characters that ``t`` covers, and
every gold span earns the share of its characters that the predictions cover::

    P = sum over s, t of |s ∩ t| / |s|   divided by the number of predicted spans
    R = sum over s, t of |s ∩ t| / |t|   divided by the number of gold spans

So a prediction a little too long or too short still earns most of its credit, and one
over neutral words earns nothing. Gold spans never overlap each other, nor do the
predictions (both are made disjoint before scoring), so no character counts twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 as fractions, with the counts behind them."""

    precision: float
    recall: float
    gold: int
    predicted: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(100 * self.precision, 2), "recall": round(100 * self.recall, 2),
                "f1": round(100 * self.f1, 2), "gold": self.gold, "predicted": self.predicted}

    def line(self, name: str) -> str:
        return (f"{name:<28} P {100 * self.precision:5.1f}  R {100 * self.recall:5.1f}  "
                f"F1 {100 * self.f1:5.1f}   (gold {self.gold}, predicted {self.predicted})")


def counts_prf(matched_predicted: float, predicted: int, matched_gold: float, gold: int) -> PRF:
    """P/R from (possibly fractional) credit sums; an empty side scores 1.0 when the other
    is empty too, else 0."""
    precision = matched_predicted / predicted if predicted else float(gold == 0)
    recall = matched_gold / gold if gold else float(predicted == 0)
    return PRF(precision, recall, gold, predicted)


def merge(ranges: Iterable[Range]) -> list[Range]:
    """Sorted, with overlapping or touching ranges joined; empty ranges dropped."""
    merged: list[Range] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _covered(span: Range, others: Sequence[Range]) -> int:
    """Characters of ``span`` covered by the (disjoint, sorted) ``others``."""
    start, end = span
    return sum(max(0, min(end, e) - max(start, s)) for s, e in others if s < end and e > start)


@dataclass(slots=True)
class OverlapTally:
    """Running sums of the SemEval-2020 Task 11 span metric over many documents."""

    precision_sum: float = 0.0
    recall_sum: float = 0.0
    gold: int = 0
    predicted: int = 0

    def add(self, gold: Iterable[Range], predicted: Iterable[Range]) -> None:
        """One document's gold and predicted spans (each side made disjoint first)."""
        gold_spans, predicted_spans = merge(gold), merge(predicted)
        self.gold += len(gold_spans)
        self.predicted += len(predicted_spans)
        self.precision_sum += sum(_covered(s, gold_spans) / (s[1] - s[0])
                                  for s in predicted_spans)
        self.recall_sum += sum(_covered(t, predicted_spans) / (t[1] - t[0]) for t in gold_spans)

    def result(self) -> PRF:
        return counts_prf(self.precision_sum, self.predicted, self.recall_sum, self.gold)


def overlap_prf(documents: Iterable[tuple[Iterable[Range], Iterable[Range]]]) -> PRF:
    """The SemEval-2020 Task 11 span P/R/F1 over ``(gold, predicted)`` pairs of documents."""
    tally = OverlapTally()
    for gold, predicted in documents:
        tally.add(gold, predicted)
    return tally.result()


def half_of(items: Sequence[object], half: str) -> list[int]:
    """Positions of ``items`` in a dev-set half: ``even`` (0, 2, 4...: the half rules are
    tuned on), ``odd`` (1, 3, 5...: the half they are checked on) or ``all``."""
    if half == "all":
        return list(range(len(items)))
    if half not in ("even", "odd"):
        raise ValueError(f"half must be even, odd or all, not {half!r}")
    return list(range(0 if half == "even" else 1, len(items), 2))
