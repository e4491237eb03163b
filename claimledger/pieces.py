"""Parsing a long text in bounded pieces, then analysing it as one document.

Why: spaCy's parser holds working memory for the whole text of one call, about 1 GB per
300,000 characters here (issue 11 measured 3.3 GB for one 1M-character article and
866 MB for a 200,000-character single line). Parsing in pieces of at most
``PIECE_CHARS`` bounds that memory by the piece, not the article, and keeps time linear.

The pieces are parsed separately and joined back with ``Doc.from_docs`` into one ``Doc``
whose text is exactly the document's, so every offset is a document offset and the
attribution and claims layers still see the whole article (a person named in the first
piece is the "he" of the last). Only the parse differs from a whole-text parse, and only
at a cut: pieces end at paragraph breaks, where ``nlp.PARAGRAPHS`` starts a sentence
anyway, so a cut changes nothing unless it falls inside a quotation or a sentence.

Where a piece ends, in order of preference:
1. after a blank line (a paragraph break), else after any line break;
2. inside one huge line, after a sentence end (". ", "? ", "! " followed by a capital or
   an opening quotation mark);
3. else after any white space; else (no white space at all) at the size limit.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# The largest piece parsed in one call. 50,000 characters is ten long news articles:
# most articles are one piece (parsed exactly as before), and the parser's working
# memory stays near 200 MB whatever the article's length.
PIECE_CHARS = 50_000

# Text parsed on each side of a piece, for context (see ``_parse_piece``).
CONTEXT_CHARS = 400

_PARAGRAPH_END = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_END = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"(\w*)[.?!…][\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z\u0400-\u042f])")
# Words whose period rarely ends a sentence ("Gen. Smith", "W. Bush", "Corp. said").
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "col", "capt", "lt", "sgt",
    "maj", "adm", "cmdr", "st", "mt", "ft", "jr", "sr", "inc", "corp", "co", "ltd", "no",
    "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"
})
_SPACE = re.compile(r"\s+")


def piece_bounds(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering ``text``, each at most ``limit`` long."""
    if limit < 1:
        raise ValueError("limit must be positive")
    bounds = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        bounds.append((start, end))
        start = end
    if start < len(text) or not bounds:
        bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, hard_end: int) -> int:
    """The best place to end a piece that starts at ``start`` and must end by ``hard_end``.

    A piece ends after the white space that follows its last break, so the next piece
    starts with a word; the search keeps at least half a piece, so pieces never shrink
    to slivers when a break falls near the start.
    """
    window = text[start:hard_end]
    floor = len(window) // 2
    for pattern in (_PARAGRAPH_END, _LINE_END, _SENTENCE_END, _SPACE):
        ends = [match.end() for match in pattern.finditer(window, floor)
                if pattern is not _SENTENCE_END or _ends_sentence(match.group(1))]
        if ends:
            return start + ends[-1]
    return hard_end


def _ends_sentence(word: str) -> bool:
    """Whether a period after ``word`` ends a sentence: not after an initial ("W.") or a
    common abbreviation."""
    return len(word) > 1 and word.lower() not in _ABBREVIATIONS


def parse_in_pieces(nlp: Language, text: str, limit: int = PIECE_CHARS,
                    disable: tuple[str, ...] = ()) -> Doc:
    """``text`` parsed piece by piece and joined into one ``Doc`` of exactly ``text``.

    ``disable`` names components that must not run per piece (the attribution component
    runs once on the joined doc).
    """
    bounds = piece_bounds(text, limit)
    with nlp.select_pipes(disable=list(disable)):
        if len(bounds) == 1:
            return nlp(text)
        docs = [_parse_piece(nlp, text, start, end) for start, end in bounds]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # pragma: no cover - from_docs keeps every character
        raise AssertionError("joined pieces do not reproduce the text")
    return doc


def _parse_piece(nlp: Language, text: str, start: int, end: int) -> Doc:
    """The piece ``text[start:end]`` parsed with ``CONTEXT_CHARS`` of text on each side.

    Why the context: the model's token vectors look a few tokens left and right, so the
    first and last words of a piece parsed alone are tagged and parsed differently from
    the same words in the whole text. Parsed with its neighbours and then cut out, a
    piece gets the annotations the whole-text parse gives it.
    """
    left = _space_before(text, max(0, start - CONTEXT_CHARS), start)
    right = _space_after(text, min(len(text), end + CONTEXT_CHARS), end)
    doc = nlp(text[left:right])
    # "contract": a piece ends after white space, which spaCy keeps on the token before.
    span = doc.char_span(start - left, end - left, alignment_mode="contract")
    piece = span.as_doc() if span is not None else None
    if piece is None or piece.text != text[start:end]:
        # The cut is not a token boundary in this parse: parse the piece alone.
        return nlp(text[start:end])
    return piece


def _space_before(text: str, at: int, start: int) -> int:
    """The first character after white space at or after ``at`` (``start`` if none)."""
    match = _SPACE.search(text, at, start)
    return match.end() if match and at > 0 else (0 if at == 0 else start)


def _space_after(text: str, at: int, end: int) -> int:
    """The last white space before ``at`` and after ``end`` (``end`` if none)."""
    if at >= len(text):
        return len(text)
    cut = text.rfind(" ", end, at)
    return max(cut, end)
