"""Accuracy of language detection on short real news paragraphs.

The labelled set ``quality/language-dev.jsonl`` points into the shared corpus (no corpus
text is copied): each line names a document (``corpus`` html-benchmark + ``doc`` id of
``ground-truth.json``, or wikinews + file stem), character offsets ``start``/``end``,
the first 16 hex digits of the paragraph's SHA-256 (so a changed corpus is noticed) and
the ``label`` a person gave after reading the paragraph.

Three figures, all percentages:

- ``accuracy``: the decided language equals the label;
- ``decision_accuracy``: the analysed / not analysed decision is right (what matters for
  the analysis: a wrong decision either refuses an English article or analyses a foreign
  one as English);
- ``english_kept``: English paragraphs decided as English (short ones included).

Usage: python -m claimledger.language_eval [--set FILE] [--corpus DIR] [--floor FILE]
Exit status 1 when a figure is under its floor in ``quality/language-floors.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.language import detect_language, is_analysed

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "quality" / "language-dev.jsonl"
DEFAULT_FLOOR = ROOT / "quality" / "language-floors.json"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FIGURES = ("accuracy", "decision_accuracy", "english_kept")


@dataclass(frozen=True, slots=True)
class Paragraph:
    corpus: str
    doc: str
    start: int
    end: int
    label: str
    text: str


@dataclass
class LanguageResult:
    total: int = 0
    correct: int = 0
    decisions_correct: int = 0
    english: int = 0
    english_kept: int = 0
    per_label: dict[str, tuple[int, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        return {
            "accuracy": 100.0 * self.correct / self.total,
            "decision_accuracy": 100.0 * self.decisions_correct / self.total,
            "english_kept": 100.0 * self.english_kept / self.english,
        }


def load_paragraphs(testset: Path, corpus: Path) -> list[Paragraph]:
    """The labelled paragraphs, read from the corpus; a changed paragraph raises."""
    bodies: dict[str, str] = {}
    paragraphs = []
    for line in testset.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["corpus"] == "html-benchmark":
            if not bodies:
                data = json.loads((corpus / "html-benchmark" / "ground-truth.json")
                                  .read_text(encoding="utf-8"))
                bodies = {key: value["articleBody"] for key, value in data.items()}
            text = bodies[row["doc"]]
        else:
            text = (corpus / "wikinews" / f"{row['doc']}.txt").read_text(encoding="utf-8")
        paragraph = text[row["start"]:row["end"]]
        digest = hashlib.sha256(paragraph.encode("utf-8")).hexdigest()[:16]
        if digest != row["sha256"]:
            raise ValueError(f"{row['corpus']} {row['doc']} {row['start']}: the corpus "
                             "text changed (sha256 differs)")
        paragraphs.append(Paragraph(row["corpus"], row["doc"], row["start"], row["end"],
                                    row["label"], paragraph))
    return paragraphs


def evaluate_language(paragraphs: list[Paragraph]) -> LanguageResult:
    result = LanguageResult()
    for paragraph in paragraphs:
        decided = detect_language(paragraph.text).language
        right = decided == paragraph.label
        result.total += 1
        result.correct += right
        result.decisions_correct += is_analysed(decided) == is_analysed(paragraph.label)
        if paragraph.label == "en":
            result.english += 1
            result.english_kept += decided == "en"
        seen, hits = result.per_label.get(paragraph.label, (0, 0))
        result.per_label[paragraph.label] = (seen + 1, hits + right)
        if not right:
            result.errors.append(f"{paragraph.label} decided {decided}: {paragraph.corpus} "
                                 f"{paragraph.doc[:12]} {paragraph.start}-{paragraph.end}")
    return result


def read_floors(path: Path) -> dict[str, float]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: float(data[name]) for name in FIGURES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--floor", type=Path, default=DEFAULT_FLOOR)
    args = parser.parse_args(argv)
    result = evaluate_language(load_paragraphs(args.set, args.corpus))
    figures = result.figures()
    floors = read_floors(args.floor)
    print(f"{result.total} paragraphs, {len(result.per_label)} languages")
    for label, (seen, hits) in sorted(result.per_label.items()):
        print(f"  {label}: {hits}/{seen}")
    for line in result.errors:
        print("  wrong:", line)
    below = False
    for name in FIGURES:
        mark = "" if figures[name] >= floors[name] else f"  UNDER the floor {floors[name]}"
        below = below or bool(mark)
        print(f"{name} {figures[name]:.1f}%{mark}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
