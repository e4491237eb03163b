"""Source resolution by speaker-mention type (``claimledger eval`` on a resolution set).

The gold is ``quality/resolution-dev.jsonl`` (format: ``quality/resolution-guidelines.md``):
every attribution of an article, with the type of its speaker mention (name, surname,
pronoun, role_noun, possessive, group, other; null for a continuation) and the full
source name the mention resolves to. ``quality/resolution-heldout.jsonl`` is a second set
in the same format, on other articles, annotated after the rules were written: it is
scored the same way (``claimledger eval DEV HELDOUT --corpus DIR`` reports each set) and
carries no floors. Rules, fixed so figures compare across versions:

- the pipeline runs over each article (html-benchmark bodies from ``ground-truth.json``,
  Wikinews ``.txt`` files); gold and predicted attributions are paired one-to-one by
  content overlap exactly as ``claimledger eval`` pairs them, counted at overlap >= 0.3;
- a paired attribution is *resolved* when the predicted source name matches the gold
  source name (``evaluate.names_match``) or, for a joint speaker, every gold member
  matches one of the predicted group's members;
- accuracy of a mention type = resolved pairs / paired gold attributions of that type;
  ``found`` = paired / gold, so a missed attribution is not counted as a resolution error;
- *members* (joint speakers): of the paired gold attributions that list ``members``,
  the share whose predicted source has members whose names match the gold members one
  to one (every gold member matches a predicted member's name and every predicted member
  a gold one), so crediting one of the pair, or the pair and a third, is a miss;
- ``--half even|odd`` keeps the documents at even or odd positions of the file (rules are
  tuned on even, checked on odd), so overfitting shows as a gap between the halves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import InputError, InputNotFound
from claimledger.evaluate import (
    floor_messages,
    names_match,
    read_gold,
    span_overlap,
    trim_span,
)
from claimledger.model import Attribution, Source
from claimledger.nlp import DEFAULT_MODEL, load_model
from claimledger.span_metrics import half_of

MENTION_TYPES = ("name", "surname", "pronoun", "role_noun", "possessive", "group", "other")
# The figures the floors file pins (resolution-floors.json), by their names there.
FLOOR_METRICS = ("all", *MENTION_TYPES[:-1])


@dataclass(frozen=True, slots=True)
class TypeScores:
    mention_type: str
    gold: int
    paired: int
    resolved: int

    @property
    def accuracy(self) -> float:
        return 0.0 if self.paired == 0 else 100.0 * self.resolved / self.paired

    @property
    def found(self) -> float:
        return 0.0 if self.gold == 0 else 100.0 * self.paired / self.gold


@dataclass(frozen=True, slots=True)
class ResolutionReport:
    model: str
    documents: int
    half: str
    types: tuple[TypeScores, ...]
    errors: tuple[dict[str, Any], ...] = ()
    # joint speakers: gold attributions with members, scored on their members
    members: TypeScores = TypeScores("members", 0, 0, 0)

    def metrics(self) -> dict[str, float]:
        return {**{t.mention_type: t.accuracy for t in self.types},
                "members": self.members.accuracy}

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "documents": self.documents, "half": self.half,
                "metrics": self.metrics(),
                "types": [{"mention_type": t.mention_type, "gold": t.gold,
                           "paired": t.paired, "resolved": t.resolved,
                           "accuracy": round(t.accuracy, 1), "found": round(t.found, 1)}
                          for t in self.types],
                "members": {"gold": self.members.gold, "paired": self.members.paired,
                            "matched": self.members.resolved,
                            "accuracy": round(self.members.accuracy, 1),
                            "found": round(self.members.found, 1)},
                "errors": list(self.errors)}

    def to_text(self) -> str:
        lines = [f"source resolution: {self.documents} documents (half: {self.half}), "
                 f"model {self.model}",
                 "mention type   gold paired resolved | accuracy  found"]
        for t in (*self.types, self.members):
            lines.append(f"{t.mention_type:<13} {t.gold:5} {t.paired:6} {t.resolved:8} | "
                         f"{t.accuracy:8.1f} {t.found:6.1f}")
        lines.append("(accuracy = resolved / paired at content overlap 0.3; percent; "
                     "members: joint speakers whose predicted members match the gold's)")
        return "\n".join(lines)


@dataclass(slots=True)
class _Counts:
    gold: int = 0
    paired: int = 0
    resolved: int = 0


@dataclass(slots=True)
class _Tally:
    counts: dict[str, _Counts] = field(
        default_factory=lambda: {t: _Counts() for t in ("all", *MENTION_TYPES)})
    errors: list[dict[str, Any]] = field(default_factory=list)
    members: _Counts = field(default_factory=_Counts)

    def add(self, mention_type: str, paired: bool, resolved: bool) -> None:
        for key in ("all", mention_type):
            counts = self.counts[key]
            counts.gold += 1
            counts.paired += paired
            counts.resolved += resolved


class _Corpus:
    """Article texts by (corpus, doc), loaded the way the annotation offsets assume."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._bodies: dict[str, str] | None = None

    def text(self, corpus: str, doc: str) -> str:
        if corpus == "wikinews":
            path = self.root / "wikinews" / f"{doc}.txt"
            if not path.is_file():
                raise InputNotFound(str(path), "the resolution set names a missing article")
            return path.read_text(encoding="utf-8")
        if self._bodies is None:
            path = self.root / "html-benchmark" / "ground-truth.json"
            if not path.is_file():
                raise InputNotFound(str(path), "no html-benchmark bodies under --corpus")
            with path.open(encoding="utf-8") as handle:
                self._bodies = {k: str(v["articleBody"]) for k, v in json.load(handle).items()}
        if doc not in self._bodies:
            raise InputError(corpus, f"no article body for {doc}")
        return self._bodies[doc]


def _gold(text: str, a: dict[str, Any]) -> tuple[int, int]:
    start = int(a["content_start"])
    end = int(a["content_end"]) if "content_end" in a else start + len(a["content"])
    return trim_span(text, start, end)


def _predicted(text: str, attributions: tuple[Attribution, ...],
               sources: tuple[Source, ...]) -> list[tuple[tuple[int, int], Source | None]]:
    by_id = {s.id: s for s in sources}
    return [(trim_span(text, a.content.start, a.content.end),
             by_id.get(a.source) if a.source else None) for a in attributions]


def _resolved(a: dict[str, Any], source: Source | None, sources: dict[str, Source]) -> bool:
    if source is None:
        return False
    if names_match(a["source_name"], source.name):
        return True
    members = a.get("members")
    if members and len(members) > 1:
        # a joint speaker: every named member must be among the group's members
        predicted = [sources[m].name for m in _member_ids(source) if m in sources]
        return bool(predicted) and all(
            any(names_match(member, name) for name in predicted) for member in members)
    return False


def _member_ids(source: Source) -> tuple[str, ...]:
    return tuple(getattr(source, "members", ()) or ())


def same_members(gold: list[str], source: Source | None,
                  sources: dict[str, Source]) -> bool:
    """Do the predicted group's member names match the gold members one to one?"""
    if source is None:
        return False
    predicted = [sources[m].name for m in _member_ids(source) if m in sources]
    return len(predicted) == len(gold) and all(
        any(names_match(g, p) for p in predicted) for g in gold) and all(
        any(names_match(g, p) for g in gold) for p in predicted)


def _pairs(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]
           ) -> dict[int, int]:
    """Gold index -> predicted index, one-to-one, greedily by best overlap >= 0.3."""
    candidates = sorted(
        ((span_overlap(g, p), gi, pi) for gi, g in enumerate(gold)
         for pi, p in enumerate(predicted) if span_overlap(g, p) > 0),
        key=lambda c: (-c[0], c[1], c[2]))
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for _score, gi, pi in candidates:
        if gi in pairs or pi in used:
            continue
        used.add(pi)
        pairs[gi] = pi
    return {gi: pi for gi, pi in pairs.items()
            if span_overlap(gold[gi], predicted[pi]) >= 0.3}


def _records(entries: list[dict[str, Any]], corpus: _Corpus
             ) -> Iterator[tuple[dict[str, Any], str]]:
    for entry in entries:
        yield entry, corpus.text(str(entry["corpus"]), str(entry["doc"]))


def evaluate_resolution(gold_path: str | Path, corpus_dir: str | Path, *,
                        half: str = "all", model: str | None = None) -> ResolutionReport:
    """Score source resolution by mention type (rules: module docstring)."""
    entries = read_gold(gold_path)
    entries = [entries[i] for i in half_of(entries, half)]
    pairs = list(_records(entries, _Corpus(Path(corpus_dir))))
    nlp = load_model(model)
    tally = _Tally()
    docs = nlp.pipe((text for _, text in pairs), batch_size=8)
    for (entry, text), doc in zip(pairs, docs, strict=True):
        atts = [a for a in entry["attributions"] if a.get("mention_type")]
        predicted = _predicted(text, doc._.attributions, doc._.sources)
        sources = {s.id: s for s in doc._.sources}
        matched = _pairs([_gold(text, a) for a in atts], [p[0] for p in predicted])
        for gi, a in enumerate(atts):
            source = predicted[matched[gi]][1] if gi in matched else None
            ok = gi in matched and _resolved(a, source, sources)
            tally.add(str(a["mention_type"]), gi in matched, ok)
            if a.get("members"):
                tally.members.gold += 1
                tally.members.paired += gi in matched
                tally.members.resolved += gi in matched and same_members(
                    list(a["members"]), source, sources)
            if gi in matched and not ok:
                tally.errors.append({
                    "doc": entry["doc"], "mention_type": a["mention_type"],
                    "speaker": a["speaker"], "gold": a["source_name"],
                    "predicted": None if source is None else source.name})
    types = tuple(TypeScores(name, c.gold, c.paired, c.resolved)
                  for name, c in tally.counts.items())
    m = tally.members
    return ResolutionReport(model or DEFAULT_MODEL, len(entries), half, types,
                            tuple(tally.errors),
                            TypeScores("members", m.gold, m.paired, m.resolved))


def is_resolution_set(gold_path: str | Path) -> bool:
    """Does the gold carry speaker-mention types (a resolution set)?"""
    entries = read_gold(gold_path)
    return any("mention_type" in a for e in entries for a in e.get("attributions", []))


def check_resolution_floors(report: ResolutionReport, floors_path: str | Path) -> list[str]:
    """One message per mention type under its floor (floors file: type -> percent)."""
    return floor_messages(report.metrics(), floors_path)
