"""Scoring attribution extraction against the gold annotations (``claimledger eval``).

Rules (fixed, so figures compare across versions):

- content spans of gold and prediction are first trimmed of quotation marks and the
  whitespace around them; overlap = |gold ∩ predicted characters| / |gold characters|;
- gold and predicted attributions are paired one-to-one, greedily by best overlap (the
  Gender Gap Tracker's rule); a pair counts at threshold t when its overlap >= t;
  precision = counted pairs / predictions, recall = counted pairs / gold;
- per-kind sets (direct, indirect, mixed) pair gold and predictions of that kind only;
- over pairs counted at 0.3: *speaker match* when both speakers are absent or their
  spans overlap; *source name match* when the names are equal after normalising (case,
  punctuation, whitespace, a leading "the") or one is a contiguous whole-word part of
  the other ("Sugar" / "Ron Sugar", "Apple" / "Apple Inc."); *source kind accuracy*;
- exact-span F1 compares (start, end) of content (trimmed as above), cue and speaker.

All figures are percents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import InputError, InputNotFound
from claimledger.model import Attribution, Source
from claimledger.nlp import DEFAULT_MODEL, load_model

_QUOTE_CHARS = "\"'“”‘’«»‹›„‚` \t\r\n"
_PUNCT = re.compile(r"[^\w\s]")
FLOOR_METRICS = ("content_f1_0.3", "speaker_match", "source_name_match",
                 "source_kind_accuracy")
KINDS = ("direct", "indirect", "mixed")


@dataclass(frozen=True, slots=True)
class SetScores:
    """The scores of one set (all attributions, or one kind)."""

    name: str
    gold: int
    predicted: int
    content_p_03: float
    content_r_03: float
    content_f1_03: float
    content_p_08: float
    content_r_08: float
    content_f1_08: float
    matched: int
    speaker_match: float
    source_name_match: float
    source_kind_accuracy: float
    exact_content_f1: float
    exact_cue_f1: float
    exact_speaker_f1: float


@dataclass(frozen=True, slots=True)
class EvalReport:
    model: str
    documents: int
    sets: tuple[SetScores, ...]

    def metrics(self) -> dict[str, float]:
        """The floor metrics of the "all" set, by their floors-file names."""
        overall = self.sets[0]
        return {
            "content_f1_0.3": overall.content_f1_03,
            "speaker_match": overall.speaker_match,
            "source_name_match": overall.source_name_match,
            "source_kind_accuracy": overall.source_kind_accuracy,
        }

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "documents": self.documents,
                "metrics": self.metrics(), "sets": [asdict(s) for s in self.sets]}

    def to_text(self) -> str:
        lines = [f"claimledger eval: {self.documents} documents, model {self.model}",
                 "set       gold  pred |  P@0.3  R@0.3 F1@0.3 |  P@0.8  R@0.8 F1@0.8 | "
                 "speaker  name   kind | exact content    cue speaker"]
        for s in self.sets:
            lines.append(
                f"{s.name:<8} {s.gold:5} {s.predicted:5} | {s.content_p_03:6.1f} "
                f"{s.content_r_03:6.1f} {s.content_f1_03:6.1f} | {s.content_p_08:6.1f} "
                f"{s.content_r_08:6.1f} {s.content_f1_08:6.1f} | {s.speaker_match:6.1f} "
                f"{s.source_name_match:6.1f} {s.source_kind_accuracy:6.1f} |       "
                f"{s.exact_content_f1:6.1f} {s.exact_cue_f1:6.1f} {s.exact_speaker_f1:6.1f}")
        lines.append("(speaker/name/kind over pairs matched at overlap 0.3; all in percent)")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Item:
    """One attribution, gold or predicted, reduced to what is scored."""

    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    source_name: str | None
    source_kind: str | None


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _QUOTE_CHARS:
        start += 1
    while end > start and text[end - 1] in _QUOTE_CHARS:
        end -= 1
    return start, end


def _gold_items(text: str, entry: dict[str, Any]) -> list[_Item]:
    items = []
    for a in entry.get("attributions", []):
        start = int(a["content_start"])
        content = trim_span(text, start, start + len(a["content"]))
        cue = None if a.get("cue") is None else (a["cue_start"], a["cue_start"] + len(a["cue"]))
        speaker = None if a.get("speaker") is None else (
            a["speaker_start"], a["speaker_start"] + len(a["speaker"]))
        items.append(_Item(a["kind"], content, cue, speaker, a.get("source_name"),
                           a.get("source_kind")))
    return items


def _predicted_items(text: str, attributions: tuple[Attribution, ...],
                     sources: tuple[Source, ...]) -> list[_Item]:
    by_id = {s.id: s for s in sources}
    items = []
    for a in attributions:
        source = by_id.get(a.source) if a.source else None
        items.append(_Item(
            a.kind, trim_span(text, a.content.start, a.content.end),
            None if a.cue is None else (a.cue.start, a.cue.end),
            None if a.speaker is None else (a.speaker.start, a.speaker.end),
            None if source is None else source.name,
            None if source is None else source.kind,
        ))
    return items


def normalise_name(name: str | None) -> str:
    words = _PUNCT.sub(" ", (name or "").casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


_JOINT = re.compile(r"\s*;\s*|,\s*(?:and\s+)?|\s+and\s+")


def names_match(gold: str | None, predicted: str | None) -> bool:
    """Equal after normalising, or one a contiguous whole-word part of the other; a
    joint source (the gold joins its members with "; ") also matches a predicted group
    named "A and B" or "A, B and C" that holds every gold member."""
    a, b = normalise_name(gold), normalise_name(predicted)
    if not a or not b:
        return a == b
    if a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    if gold is None or predicted is None or ";" not in gold:
        return False
    parts = [p for p in _JOINT.split(predicted) if p.strip()]
    return len(parts) > 1 and all(
        any(names_match(member, part) for part in parts)
        for member in gold.split(";") if member.strip())


def span_overlap(gold: tuple[int, int], predicted: tuple[int, int]) -> float:
    size = gold[1] - gold[0]
    if size <= 0:
        return 0.0
    return max(0, min(gold[1], predicted[1]) - max(gold[0], predicted[0])) / size


def _pairs(gold: list[_Item], predicted: list[_Item]) -> list[tuple[float, _Item, _Item]]:
    """One-to-one pairs, greedily by best overlap."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            score = span_overlap(g.content, p.content)
            if score > 0:
                candidates.append((score, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for score, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((score, gold[gi], predicted[pi]))
    return pairs


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    predicted: int = 0
    hits_03: int = 0
    hits_08: int = 0
    speaker: int = 0
    name: int = 0
    kind: int = 0
    exact_content: int = 0
    # hits, gold, predicted
    exact_cue: list[int] = field(default_factory=lambda: [0, 0, 0])
    exact_speaker: list[int] = field(default_factory=lambda: [0, 0, 0])

    def add(self, gold: list[_Item], predicted: list[_Item]) -> None:
        self.gold += len(gold)
        self.predicted += len(predicted)
        for score, g, p in _pairs(gold, predicted):
            if score >= 0.8:
                self.hits_08 += 1
            if score < 0.3:
                continue
            self.hits_03 += 1
            both_none = g.speaker is None and p.speaker is None
            if both_none or (g.speaker is not None and p.speaker is not None
                             and span_overlap(g.speaker, p.speaker) > 0):
                self.speaker += 1
            if names_match(g.source_name, p.source_name):
                self.name += 1
            if g.source_kind == p.source_kind:
                self.kind += 1
        self.exact_content += len({g.content for g in gold} & {p.content for p in predicted})
        for name, tally in (("cue", self.exact_cue), ("speaker", self.exact_speaker)):
            gold_spans = {getattr(g, name) for g in gold} - {None}
            pred_spans = {getattr(p, name) for p in predicted} - {None}
            tally[0] += len(gold_spans & pred_spans)
            tally[1] += len(gold_spans)
            tally[2] += len(pred_spans)

    def scores(self, name: str) -> SetScores:
        def f1(hits: int, gold: int, predicted: int) -> float:
            return 0.0 if gold + predicted == 0 else 200.0 * hits / (gold + predicted)

        def pct(part: int, whole: int) -> float:
            return 0.0 if whole == 0 else 100.0 * part / whole

        return SetScores(
            name, self.gold, self.predicted,
            pct(self.hits_03, self.predicted), pct(self.hits_03, self.gold),
            f1(self.hits_03, self.gold, self.predicted),
            pct(self.hits_08, self.predicted), pct(self.hits_08, self.gold),
            f1(self.hits_08, self.gold, self.predicted),
            self.hits_03, pct(self.speaker, self.hits_03), pct(self.name, self.hits_03),
            pct(self.kind, self.hits_03),
            f1(self.exact_content, self.gold, self.predicted),
            f1(*self.exact_cue), f1(*self.exact_speaker),
        )


def read_gold(gold_path: str | Path) -> list[dict[str, Any]]:
    path = Path(gold_path)
    if not path.is_file():
        raise InputNotFound(str(path), "no such gold file; give the JSONL annotations path")
    entries = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), f"line {number} is not JSON ({exc})") from exc
    return entries


def _texts(entries: list[dict[str, Any]], texts_dir: Path) -> Iterator[str]:
    for entry in entries:
        path = texts_dir / f"{entry['doc']}.txt"
        if not path.is_file():
            raise InputNotFound(str(path), "the gold names a document missing from --texts")
        yield path.read_text(encoding="utf-8")


def evaluate(gold_path: str | Path, texts_dir: str | Path, *,
             model: str | None = None) -> EvalReport:
    """Run the pipeline over the gold's documents and score it (rules: module docstring)."""
    entries = read_gold(gold_path)
    texts = list(_texts(entries, Path(texts_dir)))
    nlp = load_model(model)
    tallies = {name: _Tally() for name in ("all", *KINDS)}
    for entry, text, doc in zip(entries, texts, nlp.pipe(texts, batch_size=16), strict=True):
        gold = _gold_items(text, entry)
        predicted = _predicted_items(text, doc._.attributions, doc._.sources)
        tallies["all"].add(gold, predicted)
        for kind in KINDS:
            tallies[kind].add([g for g in gold if g.kind == kind],
                              [p for p in predicted if p.kind == kind])
    sets = tuple(tally.scores(name) for name, tally in tallies.items())
    return EvalReport(model or DEFAULT_MODEL, len(entries), sets)


def check_floors(report: EvalReport, floors_path: str | Path) -> list[str]:
    """One message per floor metric the report is under; empty when all are met."""
    return floor_messages(report.metrics(), floors_path)


def floor_messages(metrics: Mapping[str, float], floors_path: str | Path) -> list[str]:
    """One message per metric of a floors file (name -> value; ``_`` keys are comments)
    that ``metrics`` is under or does not have; empty when all are met. Every quality
    gate that reads a floors file goes through here."""
    path = Path(floors_path)
    if not path.is_file():
        raise InputNotFound(str(path), "no such floors file")
    floors = json.loads(path.read_text(encoding="utf-8"))
    messages = []
    for name, floor in floors.items():
        if name.startswith("_"):
            continue
        if name not in metrics:
            messages.append(f"{name}: unknown metric in {path}")
        elif metrics[name] < float(floor):
            messages.append(f"{name}: {metrics[name]:.1f} is under the floor {floor}")
    return messages
