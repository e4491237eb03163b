"""Language flags: loaded, sensational, intensifying and figurative wording.

The lexicon ``claimledger/data/loaded_language.tsv`` is compiled into one regex and run
once over the text; one token pass adds intensifiers that inflate a number ("a
staggering ninefold"). A flag inside quotation marks, or inside a direct quote found by
the attribution engine, still counts (the outlet chose to print it) but carries
``in_quote``, so readers can tell the outlet's wording from its sources'.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache

from spacy.tokens import Doc

from claimledger.claims.docview import DocView, view_of
from claimledger.claims.hedges import (
    compile_lexicon,
    entry_index,
    load_pairs,
    longest_disjoint,
    token_at,
)
from claimledger.model import Flag, Span

NUMBER_INTENSIFIER = "number_intensifier"
# A quotation longer than this is an unmatched mark, not a quote.
_MAX_QUOTE_CHARS = 5000
_QUOTE_MARKS = re.compile("[“”\"‘’]")
_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds",
    "thousand", "thousands", "million", "millions", "billion", "billions", "trillion",
    "dozen", "dozens", "double", "triple",
})


@cache
def _lexicon() -> tuple[re.Pattern[str], tuple[str, ...], frozenset[str]]:
    rows = load_pairs("loaded_language.tsv")
    phrases = [(p, c) for p, c in rows if c != NUMBER_INTENSIFIER]
    before_number = frozenset(p.lower() for p, c in rows if c == NUMBER_INTENSIFIER)
    return compile_lexicon(p for p, _ in phrases), tuple(c for _, c in phrases), before_number


def find_flags(doc: Doc, quotes: Sequence[tuple[int, int]] = ()) -> list[Flag]:
    """Flags in text order, ids ``f1``..; ``quotes`` are extra quoted ranges (direct quotes).

    Where two matches overlap the longer wins, so "a staggering ninefold" is one
    intensifier flag rather than also a separate "staggering".
    """
    pattern, categories, before_number = _lexicon()
    view = view_of(doc)
    text = view.text
    found: dict[tuple[int, int], str] = {}
    for match in pattern.finditer(text):
        found.setdefault((match.start(), match.end()), categories[entry_index(match)])
    for index, lower in enumerate(view.lower):
        if lower in before_number:
            end = _number_after(view, index)
            if end is not None:
                article = index > 0 and view.lower[index - 1] in ("a", "an")
                start = index - 1 if article else index
                found[(view.starts[start], end)] = "intensifier"
    quoted = _merge([*view_quoted_spans(view), *quotes])
    starts = [start for start, _ in quoted]
    flags: list[Flag] = []
    previous_end = 0
    for start, end in longest_disjoint(list(found)):
        term = " ".join(text[start:end].lower().split())
        span = Span.of(text, max(previous_end, _with_modifiers(view, start)), end)
        previous_end = end
        flags.append(Flag(
            id=f"f{len(flags) + 1}",
            span=span,
            term=term,
            category=found[(start, end)],
            in_quote=_inside(quoted, starts, span.start, span.end),
        ))
    return flags


_NOUN_MODIFIERS = frozenset({"amod", "compound", "cc", "conj", "advmod", "npadvmod"})


def _with_modifiers(view: DocView, start: int) -> int:
    """Where a flagged noun's phrase starts: its adjectives and article come along.

    Why: the figure of speech is the whole phrase ("a coordinated ballet of
    destruction", "a technological and industrial juggernaut"), not the bare noun.
    """
    noun = token_at(view, start)
    if noun < 0 or view.pos[noun] != "NOUN":
        return start
    i = noun - 1
    while i >= 0 and view.dep[i] in _NOUN_MODIFIERS and view.is_ancestor(noun, i):
        i -= 1
    if i == noun - 1:
        return start
    if i >= 0 and view.dep[i] == "det" and view.head[i] == noun:
        i -= 1
    return view.starts[i + 1]


def _number_after(view: DocView, index: int) -> int | None:
    """The end of the number right after token ``index`` ("ninefold", "40 billion")."""
    i = index + 1
    end: int | None = None
    while i < len(view):
        lower = view.lower[i]
        numeric = (view.like_num[i] or view.tag[i] == "CD" or lower in _NUMBER_WORDS
                   or (lower.endswith("fold") and len(lower) > 4) or lower in ("$", "£", "€"))
        if not numeric:
            break
        end = view.ends[i]
        i += 1
    return end


def view_quoted_spans(view: DocView) -> list[tuple[int, int]]:
    """``quoted_spans(view.text)``, computed once per document."""
    cached = view.memo.get("quoted_spans")
    if cached is None:
        cached = view.memo["quoted_spans"] = quoted_spans(view.text)
    return list(cached)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (marks excluded), nested quotes merged.

    Double quotes pair plainly. A typographic single quote ‘ opens; ’ closes only when
    no letter follows it, because ’ is also the apostrophe ("Russia’s", "It’s"). Marks
    left open are dropped rather than quoting the rest of the article.
    """
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    # Only quotation marks change the state: visit those characters alone.
    for mark in _QUOTE_MARKS.finditer(text):
        i, char = mark.start(), mark.group()
        if char == "“" or (char == '"' and not (stack and text[stack[-1] - 1] == '"')):
            stack.append(i + 1)
        elif char in "”\"" and stack:
            spans.append((stack.pop(), i))
        elif char == "‘":
            stack.append(i + 1)
        elif (char == "’" and stack and text[stack[-1] - 1] == "‘"
              and not (i + 1 < len(text) and text[i + 1].isalpha())):
            spans.append((stack.pop(), i))
    return [(s, e) for s, e in _merge(spans) if e - s <= _MAX_QUOTE_CHARS]


def _merge(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(ranges: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect_right(starts, start) - 1
    return i >= 0 and ranges[i][0] <= start and end <= ranges[i][1]
