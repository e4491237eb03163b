"""Scoring loaded-language flags against the dev set (``claimledger eval-loaded``).

The dev set (``quality/loaded-dev.jsonl``, guidelines in
``quality/loaded-language-guidelines.md``) marks loaded-language spans in articles of the
html-benchmark corpus by the SemEval-2020 Task 11 / PTC convention, as character offsets
into ``articleBody`` of ``ground-truth.json``. Each article body is analysed as plain text
(``analyze_documents``) and every flag of the analysis is a predicted span, whatever its
category; the score is the task's character-overlap span P/R/F1
(``claimledger.span_metrics.overlap_prf``). Exact-span P/R/F1 is reported beside it.

Halves: rules are tuned on the articles at even positions of the file (0, 2, ...) and
checked on the odd ones (``--half``), because dev-set figures of hand-written rules are
far above what they reach on unseen text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import InputError, InputNotFound
from claimledger.span_metrics import PRF, OverlapTally, Range, counts_prf, half_of

DEFAULT_DEVSET = Path("quality/loaded-dev.jsonl")
DEFAULT_BODIES = Path("../shared/corpus/html-benchmark/ground-truth.json")
DEFAULT_FLOOR_FILE = Path("quality/loaded-floors.json")


@dataclass(frozen=True, slots=True)
class LoadedDoc:
    doc: str
    genre: str
    spans: tuple[Range, ...]


@dataclass(frozen=True, slots=True)
class SpanError:
    """A predicted span that overlaps no gold span, or a gold span nothing overlaps."""

    doc: str
    kind: str  # "false positive" or "missed"
    text: str
    context: str
    category: str = ""

    def describe(self) -> str:
        category = f" [{self.category}]" if self.category else ""
        return f"{self.doc[:12]} {self.kind}{category}: {self.text!r}  … {self.context} …"


@dataclass(frozen=True, slots=True)
class LoadedEvaluation:
    documents: int
    overlap: PRF
    exact: PRF
    halves: tuple[tuple[str, PRF], ...] = ()
    by_genre: tuple[tuple[str, PRF], ...] = ()
    errors: tuple[SpanError, ...] = field(default=())

    def metrics(self) -> dict[str, float]:
        """The floor metrics, in percent: span F1 on all articles and on each half."""
        found = {"span_f1": round(100 * self.overlap.f1, 2),
                 "span_precision": round(100 * self.overlap.precision, 2),
                 "span_recall": round(100 * self.overlap.recall, 2)}
        found.update({f"span_f1_{half}": round(100 * prf.f1, 2) for half, prf in self.halves})
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "overlap": self.overlap.to_dict(),
                "exact": self.exact.to_dict(), "metrics": self.metrics(),
                "halves": {half: prf.to_dict() for half, prf in self.halves},
                "by_genre": {genre: prf.to_dict() for genre, prf in self.by_genre}}

    def to_text(self) -> str:
        lines = [f"loaded language on {self.documents} articles (SemEval-2020 Task 11 spans)",
                 self.overlap.line("character-overlap spans"), self.exact.line("exact spans")]
        lines += [prf.line(f"  {half} half") for half, prf in self.halves]
        lines += [prf.line(f"  genre {genre}") for genre, prf in self.by_genre]
        return "\n".join(lines)


def load_devset(path: Path) -> list[LoadedDoc]:
    if not path.is_file():
        raise InputNotFound(str(path), "no such dev-set file")
    docs = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            spans = tuple((int(s["start"]), int(s["end"])) for s in row["spans"])
            docs.append(LoadedDoc(str(row["doc"]), str(row.get("genre", "")), spans))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(str(path), f"line {number} is not a dev-set record: {exc}") from exc
    return docs


def load_bodies(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise InputNotFound(str(path), "no such ground-truth file; pass --bodies")
    data = json.loads(path.read_text("utf-8"))
    return {doc: str(record["articleBody"]) for doc, record in data.items()}


def evaluate_loaded(devset: Path = DEFAULT_DEVSET, bodies: Path = DEFAULT_BODIES, *,
                    half: str = "all", model: str | None = None) -> LoadedEvaluation:
    """Analyse the dev set's articles (``half`` of them) and score their flags; the
    halves are scored too when all articles are."""
    from claimledger.analysis import analyze_documents
    from claimledger.model import Document

    docs = load_devset(devset)
    positions = half_of(docs, half)
    docs = [docs[i] for i in positions]
    texts = load_bodies(bodies)
    missing = [d.doc for d in docs if d.doc not in texts]
    if missing:
        raise InputError(str(bodies), f"no article body for {missing[0]}")
    documents = [Document(text=texts[d.doc]) for d in docs]
    overlap = OverlapTally()
    halves = {"even": OverlapTally(), "odd": OverlapTally()}
    genres: dict[str, OverlapTally] = {}
    exact_hits = exact_gold = exact_predicted = 0
    errors: list[SpanError] = []
    analyses = analyze_documents(documents, model=model)
    for position, gold, analysis in zip(positions, docs, analyses, strict=True):
        text = analysis.document.text
        flags = [f.to_dict() for f in analysis.flags]
        predicted = [(f["span"]["start"], f["span"]["end"]) for f in flags]
        overlap.add(gold.spans, predicted)
        halves["odd" if position % 2 else "even"].add(gold.spans, predicted)
        genres.setdefault(gold.genre, OverlapTally()).add(gold.spans, predicted)
        exact_hits += len(set(gold.spans) & set(predicted))
        exact_gold += len(set(gold.spans))
        exact_predicted += len(set(predicted))
        for flag, (start, end) in zip(flags, predicted, strict=True):
            if not any(s < end and e > start for s, e in gold.spans):
                errors.append(SpanError(gold.doc, "false positive", text[start:end],
                                        _context(text, start, end), flag["category"]))
        for start, end in gold.spans:
            if not any(s < end and e > start for s, e in predicted):
                errors.append(SpanError(gold.doc, "missed", text[start:end],
                                        _context(text, start, end)))
    return LoadedEvaluation(
        documents=len(docs),
        overlap=overlap.result(),
        exact=counts_prf(exact_hits, exact_predicted, exact_hits, exact_gold),
        halves=tuple((name, tally.result()) for name, tally in halves.items()
                     if half in ("all", name)),
        by_genre=tuple(sorted((g, t.result()) for g, t in genres.items())),
        errors=tuple(errors),
    )


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return " ".join(text[max(0, start - width):min(len(text), end + width)].split())


def read_floors(path: Path = DEFAULT_FLOOR_FILE) -> dict[str, float]:
    if not path.is_file():
        raise InputNotFound(str(path), "no such floor file")
    data = json.loads(path.read_text("utf-8"))
    return {k: float(v) for k, v in data.items() if not k.startswith("_")}


def check_floors(metrics: dict[str, float], floors: dict[str, float]) -> list[str]:
    """Messages for each metric under its floor (both in percent)."""
    return [f"{name} {metrics.get(name, 0.0):.2f} < floor {floor}"
            for name, floor in floors.items() if metrics.get(name, 0.0) < floor]
