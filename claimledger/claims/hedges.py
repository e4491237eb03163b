"""Hedges and vague attribution, and the small lexicon loader the claims layer shares.

Hedges are cues that distance the writer from a claim ("reportedly", "is said to",
"may", "if confirmed"); vague attributions name a holder nobody can check ("some
analysts", "a growing consensus among defense experts", "it is believed"). Both come
from editable data files (``claimledger/data/hedges.tsv`` and
``vague_attribution.txt``) compiled once into one regex each, plus dependency patterns
for vague groups, so the whole document is scanned in one pass.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from claimledger.claims.docview import DocView, view_of
from claimledger.claims.hedge_rules import check
from claimledger.model import Hedge, Span

# ---------------------------------------------------------------- shared helpers


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc (kept in the shared ``view_of(doc)``).

    Why: ``Doc.text`` joins every token on each access (milliseconds per article), and
    the layer needs the text in several places; a doc's text never changes.
    """
    return view_of(doc).text


def token_at(view: DocView, char: int) -> int:
    """The first token of ``doc.char_span(char, char + 1, "expand")``, or -1 if none."""
    found = view.expand(char, char + 1)
    if found is None or found[0] >= found[1]:
        return -1
    return found[0]


# ---------------------------------------------------------------- lexicon loading


def _data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of ``claimledger/data/<name>``."""
    text = resources.files("claimledger").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.rstrip("\n") for line in text.splitlines())
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def load_pairs(name: str) -> tuple[tuple[str, str], ...]:
    """The ``phrase<TAB>label`` rows of a TSV lexicon."""
    rows: list[tuple[str, str]] = []
    for line in _data_lines(name):
        phrase, _, label = line.partition("\t")
        if phrase.strip() and label.strip():
            rows.append((phrase.strip(), label.strip()))
    return tuple(rows)


@cache
def load_sections(name: str) -> dict[str, tuple[str, ...]]:
    """The entries of a lexicon split into ``[section]`` blocks."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in _data_lines(name):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(stripped.lower())
    return {key: tuple(values) for key, values in sections.items()}


def phrase_pattern(phrase: str) -> str:
    """A regex for one lexicon phrase.

    The syntax is deliberately tiny so lexicons stay editable by non-programmers:
    spaces match any run of whitespace (articles wrap lines), ``(a|b|)`` lists
    alternatives, an apostrophe matches both ' and ’, everything else is literal.
    """
    out: list[str] = []
    for char in phrase:
        if char == "(":
            out.append("(?:")
        elif char in ")|":
            out.append(char)
        elif char == " ":
            out.append(r"\s+")
        elif char in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def compile_lexicon(phrases: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any phrase on word boundaries.

    Each phrase is a named group ``p<i>`` (or ``p<i>_<k>``, see below), so
    ``match.lastgroup`` says which entry matched (``entry_index``); longer phrases come
    first so "it is widely believed" wins over "believed".

    Why the shape: a plain alternation makes the regex engine enter every phrase at
    every word start. A phrase that opens with a choice ("(may|might) ...") is split
    into one alternative per choice, in order, and the alternatives are grouped by
    first letter behind a case-sensitive class of the characters that letter matches
    case-insensitively, which the engine tests without entering the group. The matches
    are the plain alternation's: phrases that could match at one position are tried in
    the same order.
    """
    ordered = sorted(enumerate(phrases), key=lambda pair: -len(pair[1]))
    entries: list[tuple[str, str]] = []
    for i, phrase in ordered:
        variants = _leading_choices(phrase)
        for k, variant in enumerate(variants):
            entries.append((f"p{i}" if len(variants) == 1 else f"p{i}_{k}", variant))
    body = _grouped(entries) or r"(?!x)x"
    return re.compile(rf"(?<![\w’'-])(?:{body})(?![\w-])", re.IGNORECASE)


def _grouped(entries: list[tuple[str, str]]) -> str:
    """The alternation of ``entries`` (group name, rest of the phrase), grouped behind
    the class of their next character, level after level, while every rest starts with
    a letter, digit or apostrophe (``first_char_class``).

    Why level after level: the engine skips an alternative whose first step is a
    character class that does not match without entering it, but enters every named
    group of a flat list; "the" was tried against every phrase starting with "t".
    Classes of different characters are disjoint, so which group is tried first cannot
    change the match; inside a group the entries keep their order. A level where some
    rest is empty or starts otherwise (a space, a choice) stays a plain alternation.
    """
    classes = [first_char_class(rest[:1]) if rest else None for _, rest in entries]
    if len(entries) > 1 and None not in classes:
        by_class: dict[str, list[tuple[str, str]]] = {}
        for (name, rest), char_class in zip(entries, classes, strict=True):
            by_class.setdefault(str(char_class), []).append((name, rest[1:]))
        return "|".join(f"{char_class}(?:{_grouped(group)})"
                        for char_class, group in by_class.items())
    return "|".join(f"(?P<{name}>{phrase_pattern(rest)})" for name, rest in entries)


# Words the tokenizer splits so that the first token is shorter than the first word.
_TOKENIZER_SPLITS = {"cannot": "can", "gonna": "gon", "gotta": "got", "wanna": "wan"}


def first_token_keys(phrases: Iterable[str]) -> frozenset[str] | None:
    """The lower-case first tokens a match of ``compile_lexicon(phrases)`` can start
    with, or None when some phrase does not tell (then scan the whole text).

    spaCy splits hyphens between letters ("so-called" -> "so", "-", "called") and
    contractions ("can't" -> "ca", "n't"), so the key is the part before them.
    """
    keys: set[str] = set()
    for phrase in phrases:
        for variant in _leading_choices(phrase):
            word = variant.split(" ", 1)[0].lower()
            if not word or any(c in word for c in "()|"):
                return None
            if word[0] in "'’" and word[1:].isalpha():  # "'ll" is a token of its own
                keys.update({"'" + word[1:], "’" + word[1:]})
                continue
            for suffix in ("n't", "n’t"):
                if word.endswith(suffix) and len(word) > 3:
                    word = word[:-3]
            word = re.split(r"['’]|(?<=[a-z])-(?=[a-z])", word)[0]
            if not word or not word[0].isalnum():
                return None
            keys.add(_TOKENIZER_SPLITS.get(word, word))
    return frozenset(keys)


def lexicon_matches(view: DocView, pattern: re.Pattern[str],
                    keys: frozenset[str] | None) -> list[re.Match[str]]:
    """``list(pattern.finditer(view.text))``, found faster: the pattern is tried only
    at the tokens whose lower-case text is a key (``first_token_keys``).

    Why: a lexicon regex tried at every character of an article cost more than all the
    rules behind it; a set look-up per token is a fraction of that. Matches that would
    start inside an earlier match are skipped, as ``finditer`` does.
    """
    text = view.text
    if keys is None:
        return list(pattern.finditer(text))
    found: list[re.Match[str]] = []
    end = 0
    starts = view.starts
    positions = view.positions_by_lower()
    candidates: list[int] = []
    for key in keys if len(keys) < len(positions) else positions.keys() & keys:
        candidates.extend(positions.get(key, ()))
    for index in sorted(candidates):
        start = starts[index]
        if start < end:
            continue
        match = pattern.match(text, start)
        if match is not None and match.end() > match.start():
            found.append(match)
            end = match.end()
    return found


def _leading_choices(phrase: str) -> list[str]:
    """``"(is|are) said to"`` -> ``["is said to", "are said to"]``: the phrase with its
    opening choice spelt out, recursively; a phrase without one is returned alone."""
    if not phrase.startswith("("):
        return [phrase]
    depth = 0
    cuts = [0]
    for index, char in enumerate(phrase):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                cuts.append(index)
                options = [phrase[a + 1 : b] for a, b in itertools.pairwise(cuts)]
                rest = phrase[index + 1 :]
                return [v for option in options for v in _leading_choices(option + rest)]
        elif char == "|" and depth == 1:
            cuts.append(index)
    return [phrase]  # unbalanced: leave it to the regex compiler, as before


# Characters outside ASCII that Python's case-insensitive matching equates with an
# ASCII letter (found by testing every code point): İ ı ~ i, ſ ~ s, K (Kelvin) ~ k.
_FOLDS_TO_ASCII = "İıſK"


def first_char_class(char: str) -> str | None:
    """A case-sensitive regex class of what ``char`` matches under IGNORECASE, for an
    ASCII letter, digit or apostrophe; None for anything else (left as it was).

    Classes of different letters are disjoint, so alternatives grouped behind them can
    be tried group by group without changing which one matches first.
    """
    if char in ("'", "’"):
        return "(?-i:['’])"
    if not (char.isascii() and char.isalnum()):
        return None
    candidates = dict.fromkeys((char, char.lower(), char.upper(), *_FOLDS_TO_ASCII))
    same = [c for c in candidates if re.fullmatch(re.escape(char), c, re.IGNORECASE)]
    return "(?-i:[" + "".join(same) + "])"


def entry_index(match: re.Match[str]) -> int:
    """Which lexicon entry a ``compile_lexicon`` match came from."""
    return int((match.lastgroup or "p0")[1:].split("_", 1)[0])


# ---------------------------------------------------------------- hedges

@dataclass(frozen=True, slots=True)
class _HedgeEntry:
    type: str
    cue_type: str
    rule: str


@cache
def _hedge_lexicon() -> tuple[re.Pattern[str], frozenset[str] | None, tuple[_HedgeEntry, ...]]:
    """``hedges.tsv``: phrase, type, cue type and (optional) epistemic-use rule."""
    phrases: list[str] = []
    entries: list[_HedgeEntry] = []
    for line in _data_lines("hedges.tsv"):
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 3 or not all(cells[:3]):
            raise ValueError(f"hedges.tsv: expected phrase, type, cue_type: {line!r}")
        phrases.append(cells[0])
        entries.append(_HedgeEntry(cells[1], cells[2], cells[3] if len(cells) > 3 else ""))
    return compile_lexicon(phrases), first_token_keys(phrases), tuple(entries)


def find_hedges(doc: Doc) -> list[Hedge]:
    """Every hedge cue in the document, in text order (one regex pass), each kept only
    where ``hedge_rules`` finds its epistemic use."""
    pattern, keys, entries = _hedge_lexicon()
    view = view_of(doc)
    text = view.text
    hedges: list[Hedge] = []
    for match in lexicon_matches(view, pattern, keys):
        entry = entries[entry_index(match)]
        cue_type: str | None = entry.cue_type
        if entry.rule:
            token = token_at(view, match.start())
            cue_type = None if token < 0 else check(entry.rule, view, token, entry.cue_type)
        if cue_type is not None:
            hedges.append(Hedge(Span.of(text, match.start(), match.end()),
                                " ".join(match.group(0).lower().split()), entry.type, cue_type))
    return hedges


_REPORTING_VERBS = frozenset({"say", "said", "says", "saying", "indicate", "indicated",
                              "indicates", "suggest", "suggested", "suggests", "claim",
                              "claimed", "claims", "blamed", "blame", "stating", "state",
                              "stated", "argue", "argued", "note", "noted", "warn", "warned"})


def weasel_cues(doc: Doc, sources: Sequence[tuple[int, int]], hedges: Sequence[Hedge]
                ) -> list[Hedge]:
    """Unidentified sources as ``weasel`` cues: the vague group or unnamed person
    ("industry experts", "the insider"), plus its reporting verb when that one word
    follows directly ("industry experts say"), by the guidelines' span rule.

    Not where the source's verb is itself a doxastic cue ("many analysts believe": each
    word belongs to one cue, the verb) or where a lexicon cue already covers it.
    """
    view = view_of(doc)
    text = view.text
    taken = [(h.span.start, h.span.end) for h in hedges]
    found: list[Hedge] = []
    for start, end in sources:
        if any(s < end and e > start for s, e in taken):
            continue
        tokens = view.expand(start, end)
        if tokens is None:
            continue
        head = tokens[1] - 1
        verb = view.head[head]
        if any(h.cue_type == "doxastic" and h.span.start <= view.starts[verb] < h.span.end
               for h in hedges):
            continue
        # An article does not belong to the cue ("An expert indicated" -> "expert ...").
        if view.lower[tokens[0]] in ("a", "an", "the") and tokens[0] < head:
            start = view.starts[tokens[0] + 1]
        following = tokens[1]
        if following < len(view) and view.lower[following] in _REPORTING_VERBS:
            end = view.ends[following]
        found.append(Hedge(Span.of(text, start, end), " ".join(text[start:end].lower().split()),
                           "sources_suggest", "weasel"))
    return found


# ---------------------------------------------------------------- vague attribution


@cache
def _vague_lexicon() -> tuple[re.Pattern[str], frozenset[str] | None,
                              dict[str, frozenset[str]]]:
    sections = load_sections("vague_attribution.txt")
    sets = {key: frozenset(values) for key, values in sections.items() if key != "phrases"}
    phrases = sections.get("phrases", ())
    return compile_lexicon(phrases), first_token_keys(phrases), sets


def find_vague_attributions(doc: Doc) -> list[Span]:
    """Spans that attribute content to an unidentifiable holder.

    Three dependency patterns over the plural group nouns of the lexicon, plus its
    phrases: a vague quantifier ("some analysts", "many experts"); a bare plural as
    subject of a reporting or cognition verb ("Sources suggest", "experts say"), or
    after "according to"; and a collective opinion noun over a group ("a growing
    consensus among defense experts"). Groups tied to a named organisation ("UBS
    analysts", "Boeing's critics") are identifiable and left out.
    """
    pattern, keys, sets = _vague_lexicon()
    groups = sets.get("group_nouns", frozenset())
    quantifiers = sets.get("quantifiers", frozenset())
    collectives = sets.get("collectives", frozenset())
    verbs = sets.get("verbs", frozenset())
    view = view_of(doc)
    text = view.text
    found: list[tuple[int, int]] = [(m.start(), m.end())
                                    for m in lexicon_matches(view, pattern, keys)]
    for index, (lemma, tag) in enumerate(zip(view.lemma, view.tag, strict=True)):
        # Only plural group nouns go on; build a spaCy Token for those few alone.
        if tag not in ("NNS", "NNPS") or lemma.lower() not in groups:
            continue
        token = doc[index]
        if _named_group(token):
            continue
        children = {child.lower_ for child in token.children if child.dep_ in ("det", "amod")}
        head = token.head
        if children & quantifiers or (_bare(token) and (
            (token.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in verbs)
            or (token.dep_ == "pobj" and head.lower_ == "to"
                and head.head.lower_ == "according")
        )):
            found.append((token.left_edge.idx, token.idx + len(token)))
        prep = token.head
        if token.dep_ == "pobj" and prep.lower_ in ("among", "of", "within"):
            noun = prep.head
            if noun.lemma_.lower() in collectives and noun.pos_ == "NOUN":
                found.append((noun.left_edge.idx, token.idx + len(token)))
    return [Span.of(text, start, end) for start, end in longest_disjoint(found)]


def _bare(token: Token) -> bool:
    """No determiner or number: "experts", "defense analysts", not "the analysts"."""
    return not any(child.dep_ in ("det", "nummod", "poss") for child in token.children)


def _named_group(token: Token) -> bool:
    """A group tied to a name ("UBS analysts", "Boeing's critics") is not vague."""
    return any(
        child.dep_ in ("compound", "poss", "nmod") and child.pos_ == "PROPN"
        for child in token.children
    )


def longest_disjoint(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping ranges, preferring the longer where two overlap; in text order."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(ranges), key=lambda r: (-(r[1] - r[0]), r[0])):
        if start < end and all(end <= s or start >= e for s, e in kept):
            kept.append((start, end))
    return sorted(kept)
