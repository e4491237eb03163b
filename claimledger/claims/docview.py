"""A per-document view of the parse as plain Python lists, built once and shared.

Why: every claims-layer finder used to walk the spaCy ``Doc`` on its own, and each
``doc[i]`` or ``for token in doc`` builds a new ``Token`` object; ``Doc.text`` and
``Doc.ents`` are rebuilt on every access. Together that cost more than the analysis
itself. ``view_of(doc)`` reads every token attribute the layer needs in one
``Doc.to_array`` call, resolves the string ids once, and caches the result on
``doc.user_data`` (``build_layers`` drops it when done), so the finders index lists.

Each list holds, per token, exactly what the matching ``Token`` attribute gives
(``lower[i] == doc[i].lower_``, ``head[i] == doc[i].head.i``, ``sent_start[i] ==
bool(doc[i].is_sent_start)``...), and ``expand`` mirrors ``Doc.char_span(...,
alignment_mode="expand")``, so a finder gives the same output either way.
"""

from __future__ import annotations

import itertools
import operator
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy
from spacy import attrs
from spacy.tokens import Doc

__all__ = ["DocView", "NerSpan", "drop_view", "view_of"]

_VIEW_KEY = "claimledger.claims.view"
_STRING_ATTRS = ("ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP", "ENT_TYPE")
_INT_ATTRS = ("HEAD", "ENT_IOB", "IDX", "LENGTH", "SPACY", "SENT_START")
_FLAG_ATTRS = ("LIKE_NUM", "IS_PUNCT", "IS_SPACE", "IS_ALPHA", "IS_TITLE", "IS_UPPER",
               "IS_STOP")
_IOB_NAMES = ("", "I", "O", "B")  # as ``Token.ent_iob_`` names them
_SPACE = ("", " ")
# String id -> string, shared by all docs: an id is a hash of its string (or a fixed
# symbol), so the mapping never changes; looking ids up in the StringStore is the slow
# part of building a view. Cleared when large, so a long-running process stays bounded.
_STRINGS: dict[int, str] = {}
_MAX_STRINGS = 500_000


class NerSpan(NamedTuple):
    """One of spaCy's named entities: tokens ``[start, end)``, characters, label.

    A working view of ``Doc.ents`` for the finders, not a record of the analysis: the
    article's merged entities are ``claimledger.model.Entity``. A named tuple, not a
    frozen dataclass: a view builds thousands and a tuple is several times cheaper to
    make (fields are read by name either way).
    """

    start: int
    end: int
    start_char: int
    end_char: int
    label: str


@dataclass(slots=True)
class DocView:
    """Token attributes of one ``Doc`` as lists indexed by token position."""

    doc: Doc
    text: str
    starts: list[int]  # Token.idx
    ends: list[int]  # Token.idx + len(Token.text)
    words: list[str]  # Token.text
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent_type: list[str]
    ent_iob: list[str]
    head: list[int]  # absolute index of the head (a root is its own head)
    like_num: list[bool]
    is_punct: list[bool]
    is_space: list[bool]
    is_alpha: list[bool]
    is_title: list[bool]
    is_upper: list[bool]
    is_stop: list[bool]
    sent_start: list[bool]
    ents: tuple[NerSpan, ...]
    sents: tuple[tuple[int, int], ...]  # token ranges, as ``Doc.sents`` gives them
    sent_of: list[int]  # token -> index into ``sents``
    _ws_ends: list[int]  # end of the token including its trailing space
    _children: list[list[int]] | None = field(default=None)
    memo: dict[str, Any] = field(default_factory=dict)  # per-doc results shared by finders

    def __len__(self) -> int:
        return len(self.starts)

    def token_by_char(self, char: int) -> int:
        """The token whose characters (trailing space included) hold ``char``, else -1."""
        index = bisect_right(self.starts, char) - 1
        if index < 0 or char >= self._ws_ends[index]:
            return -1
        return index

    def expand(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """Token range ``[first, last)`` of ``doc.char_span(start_char, end_char,
        alignment_mode="expand")``, or None where that gives None."""
        first = self.token_by_char(start_char)
        if first < 0:
            return None
        last = self.token_by_char(end_char - 1)
        if last < 0:
            return None
        if start_char == self.ends[first]:
            first += 1  # the trailing space is not part of the previous token
        return first, last + 1

    def children(self, index: int) -> list[int]:
        """``[child.i for child in doc[index].children]``: dependents in text order."""
        if self._children is None:
            kids: list[list[int]] = [[] for _ in self.starts]
            for i, head in enumerate(self.head):
                if head != i:
                    kids[head].append(i)
            self._children = kids
        return self._children[index]

    def is_ancestor(self, ancestor: int, index: int) -> bool:
        """``doc[ancestor] in doc[index].ancestors``: on the head chain above ``index``."""
        steps = 0
        head = self.head
        while head[index] != index and steps < len(head):
            index = head[index]
            if index == ancestor:
                return True
            steps += 1
        return False

    def root(self, start: int, end: int) -> int:
        """``doc[start:end].root.i``, by spaCy's rule: a sentence root inside the span if
        any, else the token nearest the root whose head lies outside (a bare space or
        punctuation token counts as far), the first of equals; ``start`` if none."""
        if "root" in self.doc.user_span_hooks:
            return int(self.doc[start:end].root.i)
        head = self.head
        for i in range(start, end):
            if head[i] == i:
                return i
        best, best_steps = -1, len(head)
        for i in range(start, end):
            if start <= head[i] < end:
                continue
            if (self.is_space[i] or self.is_punct[i]) and not self.children(i):
                steps = len(head) - 1
            else:
                steps, index = 0, i
                while head[index] != index:
                    index = head[index]
                    steps += 1
            if steps < best_steps:
                best, best_steps = i, steps
        return start if best == -1 else best

    def positions_by_lower(self) -> dict[str, list[int]]:
        """Lower-case token text -> its token positions, built once per view.

        Why: the lexicon finders and the quantity scanner each look for their first
        words in the same article; one index answers all of them.
        """
        positions: dict[str, list[int]] | None = self.memo.get("positions_by_lower")
        if positions is None:
            positions = {}
            bucket_of = positions.get  # not setdefault: it would build a list per token
            for index, lower in enumerate(self.lower):
                bucket = bucket_of(lower)
                if bucket is None:
                    positions[lower] = [index]
                else:
                    bucket.append(index)
            self.memo["positions_by_lower"] = positions
        return positions

    def is_quote(self, index: int) -> bool:
        """``doc[index].is_quote``: a lexeme flag, asked of the vocabulary once per
        distinct word of the view (few rules ask it, so it is no column)."""
        quotes: dict[str, bool] | None = self.memo.get("is_quote")
        if quotes is None:
            quotes = self.memo["is_quote"] = {}
        word = self.words[index]
        known = quotes.get(word)
        if known is None:
            known = quotes[word] = bool(self.doc.vocab[word].is_quote)
        return known

    def sentence(self, index: int) -> tuple[int, int]:
        """Token range of ``doc[index].sent``."""
        return self.sents[self.sent_of[index]]


def view_of(doc: Doc) -> DocView:
    """The shared view of ``doc``, built on first use and cached on ``doc.user_data``."""
    cached = doc.user_data.get(_VIEW_KEY)
    if isinstance(cached, DocView) and cached.doc is doc and len(cached) == len(doc):
        return cached
    view = _build(doc)
    doc.user_data[_VIEW_KEY] = view
    return view


def drop_view(doc: Doc) -> None:
    """Forget the cached view (it holds a copy of the parse; the doc may live on)."""
    doc.user_data.pop(_VIEW_KEY, None)


def _build(doc: Doc) -> DocView:
    if not len(doc):
        return _empty(doc)
    names = (*_STRING_ATTRS, *_INT_ATTRS, *_FLAG_ATTRS)
    array = doc.to_array([getattr(attrs, name) for name in names])
    column = {name: array[:, k] for k, name in enumerate(names)}
    # HEAD and SENT_START are signed; to_array stores them as wrapped uint64.
    heads = column["HEAD"].view(numpy.int64) + numpy.arange(len(doc), dtype=numpy.int64)
    ends = column["IDX"] + column["LENGTH"]
    string_ids: list[list[int]] = array[:, :len(_STRING_ATTRS)].T.tolist()
    by_name = dict(zip(_STRING_ATTRS, _resolve(doc, string_ids), strict=True))

    def flags(name: str) -> list[bool]:
        return column[name].astype(bool).tolist()  # type: ignore[no-any-return]

    words = by_name["ORTH"]
    spaces: list[int] = column["SPACY"].tolist()
    sent_starts = column["SENT_START"].view(numpy.int64) == 1
    sents = _sentences(doc, sent_starts)
    sent_of = [0] * len(doc)
    for number, (first, last) in enumerate(sents):
        sent_of[first:last] = [number] * (last - first)
    ends_list: list[int] = ends.tolist()
    starts_list: list[int] = column["IDX"].tolist()
    iob_ids: list[int] = column["ENT_IOB"].tolist()
    ents = _entities(iob_ids, by_name["ENT_TYPE"], starts_list, ends_list)
    return DocView(
        doc=doc,
        # What Doc.text joins: each token's text and its trailing space, if any.
        text="".join(map(operator.add, words, map(_SPACE.__getitem__, spaces))),
        starts=starts_list,
        ends=ends_list,
        words=words,
        lower=by_name["LOWER"],
        lemma=by_name["LEMMA"],
        pos=by_name["POS"],
        tag=by_name["TAG"],
        dep=by_name["DEP"],
        ent_type=by_name["ENT_TYPE"],
        ent_iob=list(map(_IOB_NAMES.__getitem__, iob_ids)),
        head=heads.tolist(),
        like_num=flags("LIKE_NUM"),
        is_punct=flags("IS_PUNCT"),
        is_space=flags("IS_SPACE"),
        is_alpha=flags("IS_ALPHA"),
        is_title=flags("IS_TITLE"),
        is_upper=flags("IS_UPPER"),
        is_stop=flags("IS_STOP"),
        sent_start=sent_starts.tolist(),
        ents=ents,
        sents=sents,
        sent_of=sent_of,
        _ws_ends=(ends + column["SPACY"]).tolist(),
    )


def _resolve(doc: Doc, string_ids: list[list[int]]) -> list[list[str]]:
    """Each column of string ids as its strings.

    All columns are resolved in one go and, once every id is known (the usual case
    after the first articles), no set of the ids is built.
    """
    if len(_STRINGS) > _MAX_STRINGS:
        _STRINGS.clear()
    lookup = _STRINGS.__getitem__
    try:
        return [list(map(lookup, ids)) for ids in string_ids]
    except KeyError:
        strings = doc.vocab.strings
        for value in set().union(*string_ids).difference(_STRINGS):
            _STRINGS[value] = strings[value] if value else ""
        return [list(map(lookup, ids)) for ids in string_ids]


def _sentences(doc: Doc, sent_starts: Any) -> tuple[tuple[int, int], ...]:
    """Token ranges of ``doc.sents``: cut before every token that starts a sentence, as
    ``Doc.sents`` cuts (without building a ``Span`` per sentence). A doc whose sentences
    come from a hook, or that may have no sentence annotation, is left to ``Doc.sents``
    (which raises on the latter)."""
    if "sents" in doc.user_hooks or not sent_starts[1:].any():
        return tuple((span.start, span.end) for span in doc.sents)
    cuts: list[int] = numpy.flatnonzero(sent_starts[1:]).tolist()
    bounds = [0, *(cut + 1 for cut in cuts), len(sent_starts)]
    return tuple(itertools.pairwise(bounds))


def _entities(iob: list[int], types: list[str], starts: list[int], ends: list[int]
              ) -> tuple[NerSpan, ...]:
    """``Doc.ents`` read from the IOB column, as spaCy's ``Doc.ents`` reads it: an entity
    opens at a "B" token (3) with a label and runs over the "I" tokens (1) after it.

    Why: ``Doc.ents`` builds a ``Span`` per entity and looks its label up again, which
    cost as much as the rest of the view's string columns. Plain list walks: numpy calls
    on a column this short cost more in call overhead than they save.
    """
    found: list[NerSpan] = []
    count = len(iob)
    for first in [i for i, value in enumerate(iob) if value == 3]:
        if not types[first]:
            continue
        last = first + 1
        while last < count and iob[last] == 1:
            last += 1
        found.append(NerSpan(first, last, starts[first], ends[last - 1], types[first]))
    return tuple(found)


def _empty(doc: Doc) -> DocView:
    return DocView(doc, doc.text, [], [], [], [], [], [], [], [], [], [], [], [], [], [], [],
                   [], [], [], [], (), (), [], [])


class Tok:
    """One token read from a ``DocView``, with the ``Token`` attribute names the rules use.

    Why: ``doc[i]`` builds a spaCy ``Token`` and each ``pos_`` or ``lower_`` on it looks
    its string up again; rules that ask a few questions about many candidates spent more
    time there than on the questions. A ``Tok`` is two slots; its attributes index lists.
    """

    __slots__ = ("i", "view")

    def __init__(self, view: DocView, i: int) -> None:
        self.view = view
        self.i = i

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tok) and other.view is self.view and other.i == self.i

    def __hash__(self) -> int:
        return hash(self.i)

    @property
    def text(self) -> str:
        return self.view.words[self.i]

    @property
    def lower_(self) -> str:
        return self.view.lower[self.i]

    @property
    def lemma_(self) -> str:
        return self.view.lemma[self.i]

    @property
    def pos_(self) -> str:
        return self.view.pos[self.i]

    @property
    def tag_(self) -> str:
        return self.view.tag[self.i]

    @property
    def dep_(self) -> str:
        return self.view.dep[self.i]

    @property
    def idx(self) -> int:
        return self.view.starts[self.i]

    @property
    def is_sent_start(self) -> bool:
        return self.view.sent_start[self.i]

    @property
    def head(self) -> Tok:
        return Tok(self.view, self.view.head[self.i])

    @property
    def children(self) -> list[Tok]:
        return [Tok(self.view, c) for c in self.view.children(self.i)]

    def nbor(self, offset: int = 1) -> Tok:
        index = self.i + offset
        if not 0 <= index < len(self.view):
            raise IndexError("token index out of range")
        return Tok(self.view, index)


class Toks:
    """``doc[i]`` and ``len(doc)`` over a ``DocView``: ``Tok`` instead of ``Token``."""

    __slots__ = ("view",)

    def __init__(self, view: DocView) -> None:
        self.view = view

    def __getitem__(self, index: int) -> Tok:
        if index < 0:
            index += len(self.view)
        if not 0 <= index < len(self.view):
            raise IndexError("token index out of range")
        return Tok(self.view, index)

    def __len__(self) -> int:
        return len(self.view)
