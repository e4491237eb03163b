"""Evaluating quantity extraction against a hand-checked test set.

The test set (``tests/data/quantities-wikinews.jsonl``) holds, per line, one sentence of
a corpus article by reference only: ``doc`` (file stem), ``start``/``end`` character
offsets, a ``sha256`` prefix of the sentence (to notice a changed corpus) and the
quantities a reader finds in it. Each expected quantity names its text in the sentence
(``occurrence`` n-th if repeated), its ``kind``, and ``value`` or ``low``/``high``;
``unit`` and ``change`` when given are checked too. ``not_quantities`` lists identifiers
("KC-45", "Boeing 717") for readers; any prediction there is a false positive anyway.

Value accuracy (the figure ``claimledger eval-quantities`` reports)::

    accuracy = correct / (expected + false_positives)

- An expected quantity is *correct* when a predicted quantity overlaps its text (the one
  overlapping most, each prediction used once) and agrees on kind, on ``value`` (or
  ``low`` and ``high``; relative tolerance 1e-6), and on ``unit``/``change`` where the
  test set gives them (units case-insensitively).
- A *false positive* is a predicted quantity inside the sentence that matches no
  expected one: identifiers read as amounts, idioms ("one of the"), invented quantities.
So a wrong reading costs one error, a missed quantity one, and an invented one one.

Value and value+unit P/R/F1 (issue 13; over the same one-to-one pairs)::

    P = agreeing pairs / predicted quantities in the sentences
    R = agreeing pairs / expected quantities

A pair agrees on *value* when the numbers the test set gives agree (``value``, or
``low``/``high``; for a ``score`` the list of integers); on *value+unit* when the unit
agrees too, where the test set gives one. Counted-noun units are compared without a
final "s" ("game" = "games", the conventions' section 12.5). Kind is not part of these
two figures (it is part of the accuracy). The corpus set (``quantities-corpus.jsonl``,
conventions in ``quality/quantity-conventions.md``) names its corpus per sentence:
``wikinews`` articles are files, ``html-benchmark`` articles the ``articleBody`` of
``ground-truth.json``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.claims.quantities import extract_quantities
from claimledger.errors import InputError, InputNotFound
from claimledger.model import Quantity
from claimledger.nlp import bare_model, load_model
from claimledger.span_metrics import PRF, counts_prf, half_of

DEFAULT_TESTSET = Path("tests/data/quantities-wikinews.jsonl")
CORPUS_TESTSET = Path("tests/data/quantities-corpus.jsonl")
DEFAULT_TEXTS = Path("../shared/corpus/wikinews")
DEFAULT_BODIES = Path("../shared/corpus/html-benchmark/ground-truth.json")
DEFAULT_FLOOR_FILE = Path("quality/quantity-floor.json")
_MISSING = object()


@dataclass(frozen=True, slots=True)
class TestSentence:
    doc: str
    start: int
    end: int
    sha256: str
    expected: tuple[dict[str, Any], ...]
    not_quantities: tuple[str, ...] = ()
    corpus: str = "wikinews"


@dataclass(frozen=True, slots=True)
class Failure:
    """One error: a missed or misread expected quantity, or a false positive."""

    doc: str
    sentence: str
    reason: str
    expected: dict[str, Any] | None
    predicted: dict[str, Any] | None

    def describe(self) -> str:
        want = "" if self.expected is None else f" expected {_brief(self.expected)}"
        got = "" if self.predicted is None else f" got {_brief(self.predicted)}"
        return f"{self.doc}: {self.reason}:{want}{got}\n    in: {self.sentence}"


@dataclass(frozen=True, slots=True)
class QuantityEvaluation:
    sentences: int
    expected: int
    correct: int
    false_positives: int
    failures: tuple[Failure, ...] = field(default=())
    predicted: int = 0
    value_agree: int = 0
    unit_agree: int = 0

    @property
    def accuracy(self) -> float:
        denominator = self.expected + self.false_positives
        return self.correct / denominator if denominator else 1.0

    @property
    def value(self) -> PRF:
        return counts_prf(self.value_agree, self.predicted, self.value_agree, self.expected)

    @property
    def value_unit(self) -> PRF:
        return counts_prf(self.unit_agree, self.predicted, self.unit_agree, self.expected)

    def __add__(self, other: QuantityEvaluation) -> QuantityEvaluation:
        return QuantityEvaluation(
            self.sentences + other.sentences, self.expected + other.expected,
            self.correct + other.correct, self.false_positives + other.false_positives,
            self.failures + other.failures, self.predicted + other.predicted,
            self.value_agree + other.value_agree, self.unit_agree + other.unit_agree)


def load_testset(path: Path) -> list[TestSentence]:
    """The sentences of a quantity test set (JSON lines, see the module docstring)."""
    if not path.is_file():
        raise InputNotFound(str(path), "no such test set file")
    sentences = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        sentences.append(TestSentence(
            doc=str(row["doc"]), start=int(row["start"]), end=int(row["end"]),
            sha256=str(row.get("sha256", "")), expected=tuple(row["expected"]),
            not_quantities=tuple(row.get("not_quantities", ())),
            corpus=str(row.get("corpus", "wikinews")),
        ))
    return sentences


def read_floor(path: Path = DEFAULT_FLOOR_FILE) -> float:
    """The pinned floor from ``quantity-floor.json`` (stored in percent), as a fraction."""
    if not path.is_file():
        raise InputNotFound(str(path), "no such floor file")
    return float(json.loads(path.read_text("utf-8"))["value_accuracy"]) / 100


def evaluate_quantities(testset: Path = DEFAULT_TESTSET, texts: Path = DEFAULT_TEXTS,
                        bodies: Path = DEFAULT_BODIES, *, half: str = "all"
                        ) -> QuantityEvaluation:
    """Run ``extract_quantities`` over the articles of ``testset`` and score it (only the
    sentences at even or odd positions of the file with ``half``)."""
    sentences = load_testset(testset)
    sentences = [sentences[i] for i in half_of(sentences, half)]
    by_doc: dict[tuple[str, str], list[TestSentence]] = {}
    for sentence in sentences:
        by_doc.setdefault((sentence.corpus, sentence.doc), []).append(sentence)
    nlp = load_model()
    total = QuantityEvaluation(0, 0, 0, 0)
    html_bodies: dict[str, str] | None = None
    with bare_model():
        for (corpus, doc_id), doc_sentences in by_doc.items():
            if corpus == "html-benchmark":
                if html_bodies is None:
                    html_bodies = _bodies(bodies)
                if doc_id not in html_bodies:
                    raise InputError(str(bodies), f"no article body for {doc_id}")
                text = html_bodies[doc_id]
            else:
                path = texts / f"{doc_id}.txt"
                if not path.is_file():
                    raise InputNotFound(str(path),
                                        "article of the test set not found; pass --texts")
                text = path.read_text("utf-8")
            quantities = extract_quantities(nlp(text))
            for sentence in doc_sentences:
                total = total + score_sentence(text, sentence, quantities)
    return total


def _bodies(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise InputNotFound(str(path), "no such ground-truth file; pass --bodies")
    data = json.loads(path.read_text("utf-8"))
    return {doc: str(record["articleBody"]) for doc, record in data.items()}


def score_sentence(text: str, sentence: TestSentence,
                   quantities: Sequence[Quantity]) -> QuantityEvaluation:
    """Score the predictions that fall in one sentence (formula in the module docstring)."""
    snippet = text[sentence.start:sentence.end]
    if sentence.sha256 and hashlib.sha256(snippet.encode()).hexdigest()[:16] != sentence.sha256:
        raise InputError(f"{sentence.doc}.txt", f"text at {sentence.start}-{sentence.end} "
                         "differs from the test set; the corpus changed")
    predicted = [q for q in quantities
                 if q.span.start < sentence.end and q.span.end > sentence.start]
    used: set[str] = set()
    correct = value_agree = unit_agree = 0
    failures = []
    for item in sentence.expected:
        start = sentence.start + _find(snippet, item["text"], int(item.get("occurrence", 1)))
        end = start + len(item["text"])
        candidates = [q for q in predicted if q.id not in used
                      and q.span.start < end and q.span.end > start]
        if not candidates:
            failures.append(Failure(sentence.doc, snippet, "missed", item, None))
            continue
        best = max(candidates, key=lambda q: min(q.span.end, end) - max(q.span.start, start))
        used.add(best.id)
        if _same_numbers(item, best):
            value_agree += 1
            unit_agree += _same_unit(item, best)
        reason = _disagreement(item, best)
        if reason is None:
            correct += 1
        else:
            failures.append(Failure(sentence.doc, snippet, reason, item, best.to_dict()))
    extra = [q for q in predicted if q.id not in used]
    failures.extend(Failure(sentence.doc, snippet, "false positive", None, q.to_dict())
                    for q in extra)
    return QuantityEvaluation(1, len(sentence.expected), correct, len(extra), tuple(failures),
                              predicted=len(predicted), value_agree=value_agree,
                              unit_agree=unit_agree)


def _find(snippet: str, needle: str, occurrence: int) -> int:
    index = -1
    for _ in range(occurrence):
        index = snippet.find(needle, index + 1)
        if index < 0:
            raise ValueError(f"{needle!r} not in test sentence {snippet!r}")
    return index


def _same_numbers(item: dict[str, Any], quantity: Quantity) -> bool:
    """The numbers the test set gives agree (value, low, high; a score's integers)."""
    if "score" in item and list(item["score"]) != list(quantity.score or ()):
        return False
    return all(_same(item[name], getattr(quantity, name))
               for name in ("value", "low", "high") if name in item)


def _same_unit(item: dict[str, Any], quantity: Quantity) -> bool:
    """Units agree, case aside; a counted noun with or without its plural "s"."""
    unit = item.get("unit")
    if unit is None:
        return True
    want, got = str(unit).lower(), (quantity.unit or "").lower()
    return want == got or want.removesuffix("s") == got.removesuffix("s")


def _disagreement(item: dict[str, Any], quantity: Quantity) -> str | None:
    if item["kind"] != quantity.kind:
        return "wrong kind"
    for name in ("value", "low", "high"):
        wanted = item.get(name, _MISSING)
        if wanted is not _MISSING and not _same(wanted, getattr(quantity, name)):
            return f"wrong {name}"
    if "score" in item and list(item["score"]) != list(quantity.score or ()):
        return "wrong score"
    if not _same_unit(item, quantity):
        return "wrong unit"
    change = item.get("change")
    if change is not None and change != quantity.change:
        return "wrong change"
    return None


def _same(wanted: Any, got: float | None) -> bool:
    if wanted is None or got is None:
        return wanted is None and got is None
    return math.isclose(float(wanted), got, rel_tol=1e-6, abs_tol=1e-9)


def _brief(record: dict[str, Any]) -> str:
    span = record.get("span")
    text = span["text"] if isinstance(span, dict) else record.get("text")
    keys: Iterable[str] = ("kind", "value", "low", "high", "unit", "change")
    fields = ", ".join(f"{k}={record[k]}" for k in keys if record.get(k) is not None)
    return f"{text!r} ({fields})"
