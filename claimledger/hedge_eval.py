"""Scoring hedge cues against the uncertainty dev set (``claimledger eval-hedges``).

The dev set (``quality/hedges-dev.jsonl``, guidelines in ``quality/hedge-guidelines.md``)
segments Wikinews articles into sentences and marks every uncertainty cue by the
CoNLL-2010 / Szeged conventions, with one of six types (``modal_possible``,
``modal_probable``, ``doxastic``, ``condition``, ``investigation``, ``weasel``). Each
article is analysed (``analyze_documents``) and the cues of ``Analysis.cues`` -- every
hedge of the document, in or out of a claim -- are scored:

- *cue level*: predicted and gold cues are paired one to one, greedily by overlap in
  characters; a pair counts when they overlap at all (exact start and end for the exact
  figures). P = paired predictions / predictions, R = paired gold cues / gold cues.
  *Type accuracy* is the share of overlap pairs whose ``cue_type`` equals the gold type.
  Predictions outside every gold sentence are ignored (the set segments whole articles,
  so there are none in practice).
- *sentence level*: a gold sentence is uncertain when it holds a cue; it is predicted
  uncertain when a predicted cue lies in it (overlaps it). P/R/F1 of the uncertain class.

Halves: rules are written on the articles at even positions (0, 2, ...) and checked on
the odd ones; both are reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import InputError, InputNotFound
from claimledger.span_metrics import PRF, Range, counts_prf, half_of

DEFAULT_DEVSET = Path("quality/hedges-dev.jsonl")
DEFAULT_TEXTS = Path("../shared/corpus/wikinews")
DEFAULT_FLOOR_FILE = Path("quality/hedge-floors.json")
CUE_TYPES = ("modal_possible", "modal_probable", "doxastic", "condition", "investigation",
             "weasel")


@dataclass(frozen=True, slots=True)
class GoldCue:
    start: int
    end: int
    text: str
    type: str


@dataclass(frozen=True, slots=True)
class GoldSentence:
    start: int
    end: int
    cues: tuple[GoldCue, ...]


@dataclass(frozen=True, slots=True)
class HedgeDoc:
    doc: str
    sentences: tuple[GoldSentence, ...]


@dataclass(frozen=True, slots=True)
class PredictedCue:
    start: int
    end: int
    text: str
    type: str


@dataclass(slots=True)
class _Tally:
    """Counts of one set of articles."""

    cue_gold: int = 0
    cue_predicted: int = 0
    cue_matched: int = 0
    exact_matched: int = 0
    type_agree: int = 0
    sent_gold: int = 0
    sent_predicted: int = 0
    sent_both: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [gold, found]

    def add(self, other: _Tally) -> None:
        for name in ("cue_gold", "cue_predicted", "cue_matched", "exact_matched",
                     "type_agree", "sent_gold", "sent_predicted", "sent_both"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, (gold, found) in other.by_type.items():
            mine = self.by_type.setdefault(kind, [0, 0])
            mine[0] += gold
            mine[1] += found

    def scores(self) -> HedgeScores:
        return HedgeScores(
            cue=counts_prf(self.cue_matched, self.cue_predicted, self.cue_matched,
                           self.cue_gold),
            exact=counts_prf(self.exact_matched, self.cue_predicted, self.exact_matched,
                             self.cue_gold),
            sentence=counts_prf(self.sent_both, self.sent_predicted, self.sent_both,
                                self.sent_gold),
            type_accuracy=self.type_agree / self.cue_matched if self.cue_matched else 0.0,
            recall_by_type=tuple((kind, self.by_type[kind][1] / self.by_type[kind][0])
                                 for kind in CUE_TYPES if self.by_type.get(kind, [0])[0]),
        )


@dataclass(frozen=True, slots=True)
class HedgeScores:
    cue: PRF
    exact: PRF
    sentence: PRF
    type_accuracy: float
    recall_by_type: tuple[tuple[str, float], ...] = ()

    def lines(self, name: str) -> list[str]:
        return [f"{name}:", self.cue.line("  cues (overlap)"), self.exact.line("  cues (exact)"),
                self.sentence.line("  uncertain sentences"),
                f"  type accuracy {100 * self.type_accuracy:5.1f}% of overlapping pairs; "
                "recall by type: " + ", ".join(f"{kind} {100 * share:.0f}%"
                                               for kind, share in self.recall_by_type)]

    def to_dict(self) -> dict[str, Any]:
        return {"cue": self.cue.to_dict(), "exact": self.exact.to_dict(),
                "sentence": self.sentence.to_dict(),
                "type_accuracy": round(100 * self.type_accuracy, 2),
                "recall_by_type": {k: round(100 * v, 2) for k, v in self.recall_by_type}}


@dataclass(frozen=True, slots=True)
class CueError:
    doc: str
    kind: str  # "false positive", "missed", "wrong type"
    text: str
    detail: str
    context: str

    def describe(self) -> str:
        return f"{self.doc} {self.kind}: {self.text!r} {self.detail}  … {self.context} …"


@dataclass(frozen=True, slots=True)
class HedgeEvaluation:
    documents: int
    overall: HedgeScores
    halves: tuple[tuple[str, HedgeScores], ...] = ()
    errors: tuple[CueError, ...] = ()

    def metrics(self) -> dict[str, float]:
        """Floor metrics in percent: cue and sentence F1, overall and per half."""
        found = {"cue_f1": 100 * self.overall.cue.f1,
                 "sentence_f1": 100 * self.overall.sentence.f1}
        for half, scores in self.halves:
            found[f"cue_f1_{half}"] = 100 * scores.cue.f1
            found[f"sentence_f1_{half}"] = 100 * scores.sentence.f1
        return {k: round(v, 2) for k, v in found.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "metrics": self.metrics(),
                "overall": self.overall.to_dict(),
                "halves": {half: s.to_dict() for half, s in self.halves}}

    def to_text(self) -> str:
        lines = [f"hedge cues on {self.documents} articles (CoNLL-2010 / Szeged conventions)"]
        lines += self.overall.lines("all")
        for half, scores in self.halves:
            lines += scores.lines(f"{half} half")
        return "\n".join(lines)


def load_devset(path: Path) -> list[HedgeDoc]:
    if not path.is_file():
        raise InputNotFound(str(path), "no such dev-set file")
    docs = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            sentences = tuple(
                GoldSentence(int(s["start"]), int(s["end"]), tuple(
                    GoldCue(int(c["start"]), int(c["end"]), str(c["text"]), str(c["type"]))
                    for c in s["cues"]))
                for s in row["sentences"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(str(path), f"line {number} is not a dev-set record: {exc}") from exc
        docs.append(HedgeDoc(str(row["doc"]), sentences))
    return docs


def evaluate_hedges(devset: Path = DEFAULT_DEVSET, texts: Path = DEFAULT_TEXTS, *,
                    half: str = "all", model: str | None = None) -> HedgeEvaluation:
    """Analyse the dev set's articles (``half`` of them) and score their cues."""
    from claimledger.analysis import analyze_documents
    from claimledger.claims import document_cues
    from claimledger.model import Document

    docs = load_devset(devset)
    positions = half_of(docs, half)
    docs = [docs[i] for i in positions]
    documents = []
    for gold in docs:
        path = texts / f"{gold.doc}.txt"
        if not path.is_file():
            raise InputNotFound(str(path), "article of the dev set not found; pass --texts")
        documents.append(Document(text=path.read_text("utf-8")))
    overall = _Tally()
    halves = {"even": _Tally(), "odd": _Tally()}
    errors: list[CueError] = []
    for position, gold, analysis in zip(positions, docs,
                                        analyze_documents(documents, model=model), strict=True):
        predicted = [PredictedCue(h.span.start, h.span.end, h.span.text, h.cue_type)
                     for h in document_cues(analysis)]
        tally = score_document(analysis.document.text, gold, predicted, errors)
        overall.add(tally)
        halves["odd" if position % 2 else "even"].add(tally)
    return HedgeEvaluation(
        documents=len(docs), overall=overall.scores(),
        halves=tuple((name, t.scores()) for name, t in halves.items() if half in ("all", name)),
        errors=tuple(errors))


def score_document(text: str, gold: HedgeDoc, predicted: list[PredictedCue],
                   errors: list[CueError] | None = None) -> _Tally:
    """The counts of one article (rules in the module docstring)."""
    tally = _Tally()
    sentences = [(s.start, s.end) for s in gold.sentences]
    inside = [p for p in predicted if any(_overlap((p.start, p.end), s) for s in sentences)]
    gold_cues = [c for s in gold.sentences for c in s.cues]
    tally.cue_gold, tally.cue_predicted = len(gold_cues), len(inside)
    pairs = sorted(((_overlap((g.start, g.end), (p.start, p.end)), gi, pi)
                    for gi, g in enumerate(gold_cues) for pi, p in enumerate(inside)),
                   reverse=True)
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for amount, gi, pi in pairs:
        if amount <= 0 or gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        g, p = gold_cues[gi], inside[pi]
        tally.cue_matched += 1
        tally.exact_matched += (g.start, g.end) == (p.start, p.end)
        tally.type_agree += g.type == p.type
        if errors is not None and g.type != p.type:
            errors.append(CueError(gold.doc, "wrong type", p.text, f"{p.type} (gold {g.type})",
                                   _context(text, p.start, p.end)))
    for gi, g in enumerate(gold_cues):
        tally.by_type.setdefault(g.type, [0, 0])[0] += 1
        tally.by_type[g.type][1] += gi in used_gold
        if errors is not None and gi not in used_gold:
            errors.append(CueError(gold.doc, "missed", g.text, g.type,
                                   _context(text, g.start, g.end)))
    if errors is not None:
        errors.extend(CueError(gold.doc, "false positive", p.text, p.type,
                               _context(text, p.start, p.end))
                      for pi, p in enumerate(inside) if pi not in used_predicted)
    for sentence in gold.sentences:
        uncertain = bool(sentence.cues)
        flagged = any(_overlap((p.start, p.end), (sentence.start, sentence.end)) for p in inside)
        tally.sent_gold += uncertain
        tally.sent_predicted += flagged
        tally.sent_both += uncertain and flagged
    return tally


def _overlap(a: Range, b: Range) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    return " ".join(text[max(0, start - width):min(len(text), end + width)].split())
