"""Long texts are parsed in bounded pieces (issue 11, defect 8) and analysed as one.

The memory and time figures are measured by ``benchmarks/bench_long.py``; here: the cut
points, document offsets, and results equal to the whole-text run where no cut falls
inside a quotation.
"""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from conftest import CORPUS, SEED
from spacy.language import Language

from claimledger.analysis import analysis_from_doc, parse_long
from claimledger.model import Document
from claimledger.pieces import piece_bounds
from claimledger.schema import validation_errors

BODIES = CORPUS / "html-benchmark" / "ground-truth.json"
# A real English article of 13,359 characters, 48 attributions, paragraphs and quotes.
LONG_ARTICLE = "3d8f3404cf97"  # the start of its id in ground-truth.json


def _article(prefix: str) -> str:
    bodies = json.loads(BODIES.read_text(encoding="utf-8"))
    (key,) = [k for k in bodies if k.startswith(prefix)]
    return str(bodies[key]["articleBody"])


def _covers(text: str, bounds: list[tuple[int, int]], limit: int) -> None:
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (_, end), (start, _) in pairwise(bounds):
        assert end == start
    assert all(0 < end - start <= limit for start, end in bounds)


def test_pieces_end_at_paragraph_breaks() -> None:
    text = SEED.read_text(encoding="utf-8")
    bounds = piece_bounds(text, 1500)
    _covers(text, bounds, 1500)
    assert len(bounds) > 1
    for _, end in bounds[:-1]:
        assert text[end - 2:end] == "\n\n" and not text[end].isspace()
    assert piece_bounds(text, len(text)) == [(0, len(text))]
    assert piece_bounds("", 10) == [(0, 0)]
    with pytest.raises(ValueError):
        piece_bounds(text, 0)


def test_a_huge_single_line_is_cut_at_sentence_ends() -> None:
    line = " ".join(SEED.read_text(encoding="utf-8").split())
    bounds = piece_bounds(line, 700)
    _covers(line, bounds, 700)
    for _, end in bounds[:-1]:
        before = line[:end].rstrip()
        assert before[-1] in ".?!”’\"'", before[-40:]
        assert not before.endswith((" W.", "Mr.", "Gen."))
    blob = "x" * 2500  # no white space at all: cut at the limit
    assert piece_bounds(blob, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


@pytest.mark.parametrize("limit", [600, 1500])
def test_piecewise_seed_equals_the_whole_text_run(nlp: Language, limit: int) -> None:
    text = SEED.read_text(encoding="utf-8")
    document = Document(text=text)
    whole = analysis_from_doc(document, nlp(text))
    pieces = analysis_from_doc(document, parse_long(nlp, text, limit))
    assert len(piece_bounds(text, limit)) > 2
    assert pieces.attributions == whole.attributions
    assert pieces.claims == whole.claims
    assert pieces.to_dict() == whole.to_dict()


def test_piecewise_long_article_equals_the_whole_text_run(nlp: Language) -> None:
    text = _article(LONG_ARTICLE)
    document = Document(text=text)
    whole = analysis_from_doc(document, nlp(text))
    pieces = analysis_from_doc(document, parse_long(nlp, text, 2000))
    assert len(piece_bounds(text, 2000)) >= 6 and len(whole.attributions) >= 40
    assert pieces.to_dict() == whole.to_dict()


def test_offsets_are_document_offsets_in_a_long_single_line(nlp: Language) -> None:
    # Three articles as one line, cut into many pieces: every span indexes the document.
    text = " ".join(" ".join(_article(k).split()) for k in
                    ("702d1da63b8e", "8634d1211c3f", "c00962aabe7b"))
    analysis = analysis_from_doc(Document(text=text), parse_long(nlp, text, 3000))
    assert len(piece_bounds(text, 3000)) >= 10
    assert len(analysis.attributions) >= 60 and analysis.claims
    assert validation_errors(analysis.to_dict()) == []
    late = [a for a in analysis.attributions if a.content.start > 20_000]
    assert late and all(text[a.content.start:a.content.end] == a.content.text for a in late)

