"""Finding direct quotations in raw text, character by character.

Heuristic: every quotation mark is classified by its neighbours as an opener, a closer,
either (straight marks between two spaces) or an apostrophe; a stack pairs openers with
closers of the same family (double “ ” " „, single ‘ ’ ' ‚, guillemets « » and ‹ ›), so
a quote of the other kind nests, and a same-kind quote opened after a space nests too
(‘…several thousand ‘Gerani,’ but now…’). Why character level rather than tokens: the
tokenizer turns every mark into the same ``'`` or ``"`` and loses open/close, and the
apostrophe-or-closer decision needs the characters either side.

Paragraphs: a quote may run on across a line break; when the next paragraph starts by
re-opening the same kind of quote (the convention for multi-paragraph quotes) the open
quote ends at the break and the next one is a continuation. A quote that never closes is
cut at its paragraph end (or first sentence end) so it cannot swallow the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FAMILY = {
    "“": "dq", "”": "dq", "„": "dq", '"': "dq",
    "‘": "sq", "’": "sq", "‚": "sq", "'": "sq",
    "«": "gq", "»": "gq",
    "‹": "gsq", "›": "gsq",
}
_OPENERS = frozenset("“„‘‚«‹")
_CLOSERS = frozenset("”»›")
_MARKS = re.compile(r"[\"'“”„‘’‚«»‹›]|\n")
_SPACE_LIKE_BEFORE = frozenset("([{—–-/“‘«‹„‚\"'")
_SPACE_LIKE_AFTER = frozenset(".,;:!?)]}…—–-”’»›\"'")
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")

# A quote longer than this without a closing mark is unbalanced, not a quote.
MAX_QUOTE_CHARS = 3000
# An unclosed quote is cut at its paragraph end when that is this close, else at its
# first sentence end; beyond that it is dropped.
MAX_UNCLOSED_CHARS = 600
# Straight single quotes are mostly apostrophes: as quotes they stay this short.
MAX_STRAIGHT_SINGLE = 200
# A quote may run on over this many line breaks before it is treated as unbalanced.
MAX_PARAGRAPHS = 4


@dataclass(frozen=True, slots=True)
class Quote:
    """One pair of quotation marks: ``start``/``end`` delimit the content, trimmed."""

    open_at: int
    start: int
    end: int
    close_at: int | None
    family: str
    closed: bool
    reopened: bool = False
    nested: bool = False


@dataclass(slots=True)
class _Open:
    at: int
    family: str
    breaks: int = 0


def _kind(text: str, i: int) -> str:
    """'open', 'close', 'either' or 'none' (apostrophe) for the mark at ``i``."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    space_before = before.isspace() or before in _SPACE_LIKE_BEFORE
    space_after = after.isspace() or after in _SPACE_LIKE_AFTER
    if char in _OPENERS:
        # ‘ typed for an apostrophe inside a word ("Russia‘s") is not an opener.
        if before.isalnum() and after.isalnum():
            return "none"
        return "open"
    if char in _CLOSERS:
        return "close"
    if char in "’'":
        if before.isalnum() and (after.isalnum() or after in "’'"):
            return "none"  # Russia’s, They’re, don't
        if space_before and after.isdigit():
            return "none"  # ’90s
        if char == "'" and before == " " and after.isupper() and i >= 2 \
                and text[i - 2].isupper() and (i < 3 or not text[i - 3].isalnum()):
            return "none"  # "Charles O 'Reilly": a name's apostrophe spaced out
        if space_before and not space_after:
            # "Jobs ' health": a spaced-out possessive, not an opening mark
            if char == "'" and text[i - 2 : i - 1] not in ("s", "S"):
                return "open"
            return "none"
        # a straight ' between spaces ("the car makers ' plans") may close, never open
        return "close" if not space_before or char == "'" else "either"
    # straight double quote
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "either"


def _possessive_plural(text: str, i: int, paragraph_end: int) -> bool:
    """Is the ’ at ``i`` more likely "workers’ union" than a closing mark?

    Why: a plural possessive inside a single-quoted quote would otherwise end it early;
    it is one when an s precedes, a lowercase word follows, and another closing-looking
    mark comes later in the paragraph.
    """
    if i == 0 or text[i - 1] not in "sS" or text[i + 1 : i + 2] != " ":
        return False
    if not text[i + 2 : i + 3].islower():
        return False
    nxt = text.find(text[i], i + 1, min(paragraph_end, i + 400))
    return nxt != -1


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and a trailing comma from the content ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] == ",":
        end -= 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def _paragraph_end(text: str, i: int) -> int:
    nl = text.find("\n", i)
    return len(text) if nl == -1 else nl


def _unclosed(text: str, opened: _Open, limit: int) -> Quote | None:
    """An opener that never closed, cut at its paragraph or sentence end (or dropped)."""
    para_end = min(_paragraph_end(text, opened.at), limit)
    if para_end - opened.at <= MAX_UNCLOSED_CHARS:
        end = para_end
    else:
        match = _SENTENCE_END.search(text, opened.at + 1, opened.at + MAX_UNCLOSED_CHARS)
        if match is None:
            return None
        end = match.end()
    if _MARKS.search(text, opened.at + 1, end) is not None:
        return None  # other marks inside: the pairing is unclear, better no quote
    start, end = _content(text, opened.at + 1, end)
    if end <= start:
        return None
    return Quote(opened.at, start, end, None, opened.family, closed=False)


def _next_nonspace(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def find_quotes(text: str) -> list[Quote]:
    """All quotations of ``text`` in order; nested ones are flagged ``nested``."""
    scanner = _Scanner(text)
    for match in _MARKS.finditer(text):
        scanner.mark(match.start())
    return scanner.finish()


class _Scanner:
    """The stack of open quotes while walking the marks of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[Quote] = []
        self.stack: list[_Open] = []

    def mark(self, i: int) -> None:
        text, stack = self.text, self.stack
        while stack and i - stack[0].at > MAX_QUOTE_CHARS:
            self._drop(stack.pop(0), i)
        char = text[i]
        if char == "\n":
            self._line_break(i)
            return
        family = _FAMILY[char]
        kind = _kind(text, i)
        if kind == "none":
            return
        open_index = _innermost(stack, family)
        if open_index is not None and text[stack[open_index].at] == "'" and (
            i - stack[open_index].at > MAX_STRAIGHT_SINGLE
        ):
            # a straight ' far from its supposed pair is an apostrophe, not a quote
            del stack[open_index]
            open_index = _innermost(stack, family)
        if kind in ("close", "either") and open_index is not None:
            if char == "’" and _possessive_plural(text, i, _paragraph_end(text, i)):
                return
            self._close(open_index, i)
        elif kind in ("open", "either"):
            stack.append(_Open(i, family))

    def finish(self) -> list[Quote]:
        for opened in self.stack:
            self._drop(opened, len(self.text))
        self.stack = []
        return _flag_nested(self.found)

    def _drop(self, opened: _Open, limit: int) -> None:
        quote = _unclosed(self.text, opened, limit)
        if quote is not None:
            self.found.append(quote)

    def _close(self, index: int, at: int, *, reopened: bool = False) -> None:
        opened = self.stack[index]
        for dropped in self.stack[index + 1 :]:
            self._drop(dropped, at)
        del self.stack[index:]
        start, stop = _content(self.text, opened.at + 1, at)
        if stop > start:
            self.found.append(Quote(opened.at, start, stop, None if reopened else at,
                                    opened.family, closed=True, reopened=reopened))

    def _line_break(self, i: int) -> None:
        """Apply the paragraph conventions to the quotes open at the line break ``i``."""
        text, stack = self.text, self.stack
        if not stack:
            return
        nxt = _next_nonspace(text, i)
        top = stack[-1]
        if nxt < len(text) and _FAMILY.get(text[nxt]) == top.family and _kind(
            text, nxt
        ) in ("open", "either"):
            self._close(len(stack) - 1, i, reopened=True)
            return
        for opened in list(stack):
            opened.breaks += 1
            if opened.breaks > MAX_PARAGRAPHS:
                stack.remove(opened)
                self._drop(opened, i)


def _innermost(stack: list[_Open], family: str) -> int | None:
    for index in range(len(stack) - 1, -1, -1):
        if stack[index].family == family:
            return index
    return None


def _flag_nested(quotes: list[Quote]) -> list[Quote]:
    """Sort by position and flag quotes that lie inside another quote."""
    quotes.sort(key=lambda q: (q.open_at, -q.end))
    out: list[Quote] = []
    outer_end = -1
    for quote in quotes:
        if quote.open_at < outer_end:
            out.append(Quote(quote.open_at, quote.start, quote.end, quote.close_at,
                             quote.family, quote.closed, quote.reopened, nested=True))
        else:
            out.append(quote)
            outer_end = quote.close_at if quote.close_at is not None else quote.end
    return out
