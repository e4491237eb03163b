"""What spaCy's tags say around a quantity: the counted noun, years, changes, idioms.

The scanner in ``quantity_rules`` finds quantities in the characters; this module reads
the tokens around one (each question one or two token lookups), so it stays linear.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from claimledger.claims import quantity_lexicon as lex
from claimledger.claims.docview import Tok, Toks, view_of

_SPACE = re.compile(r"\s+")
_LEVEL_WORDS = frozenset({"to", "at", "from", "of", "than", "in", "on"})
_ONE_IDIOMS_BEFORE = frozenset({"at", "no", "the", "this", "that", "any", "every", "each"})
_ONE_IDIOMS_AFTER = frozenset({"of", "another", "'s", "’s"})
QUOTES = frozenset("‘’“”'\"")
# Nouns that say when, not what: "arrested 30 protesters yesterday" counts protesters.
# spaCy tags them NOUN right after the counted noun, so the compound run below would take
# the last one as the unit, and linking would then never compare the count.
_WHEN_NOUNS = frozenset({"yesterday", "today", "tonight", "tomorrow"})
# Phrasal verbs whose "up"/"down" is no movement ("make up 20%", "set up").
_PHRASAL_HEADS = frozenset({"make", "set", "take", "give", "break", "shut", "turn", "end"})


def normalise(phrase: str) -> str:
    """Lower case with single spaces: the key form of the lexicons."""
    return _SPACE.sub(" ", phrase.strip().lower())


_NEXT_TALLY = re.compile(r",\s*\d{1,3}[-–]\d{1,3}\)")


@dataclass(slots=True)
class Draft:
    """A quantity being built: character offsets and the fields found so far."""

    start: int
    end: int
    kind: str = "count"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    approximate: bool = False
    quantified: tuple[int, int] | None = None
    change: str | None = None
    score: tuple[int, ...] | None = None


class TokenIndex:
    """Character offset -> token of ``doc``, by bisection over token starts."""

    def __init__(self, doc: Doc) -> None:
        self.doc = Toks(view_of(doc))
        self.starts = view_of(doc).starts

    def at(self, offset: int) -> Tok | None:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.doc[index] if 0 <= index < len(self.starts) else None

    def after(self, offset: int) -> Tok | None:
        index = bisect.bisect_left(self.starts, offset)
        return self.doc[index] if index < len(self.starts) else None

    def before(self, offset: int) -> Tok | None:
        index = bisect.bisect_left(self.starts, offset) - 1
        return self.doc[index] if index >= 0 else None


class TokenContext:
    """Token-level questions about candidate quantities of one document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = Toks(view_of(doc))
        self.text = view_of(doc).text
        self.tokens = TokenIndex(doc)

    def one_is_pronoun(self, token: Tok | None, previous: Tok | None) -> bool:
        """'one of the', 'at one point', 'no one': "one" that counts nothing."""
        if token is None or token.pos_ not in {"NUM"}:
            return True
        index = token.i + 1
        while index < len(self.doc) and self.doc[index].pos_ == "ADJ":
            index += 1
        following = self.doc[index] if index < len(self.doc) else None
        if following is None or following.lower_ in _ONE_IDIOMS_AFTER or (
            following.pos_ not in {"NOUN", "PROPN", "NUM"}
        ):
            return True  # "one being", "one of the", "one another"
        return previous is not None and previous.lower_ in _ONE_IDIOMS_BEFORE

    def score_context(self, start: int, end: int) -> bool:
        """A game or vote word within two words before ``start`` or right after ``end``,
        or another tally just before ("(6-5, 3-4)")."""
        before = self.text[max(0, start - 24):start]
        words = re.findall(r"[A-Za-z]+", before.lower())[-2:]
        if any(w in lex.SCORE_WORDS for w in words) or re.search(r"\d[-–]\d+,?\s*$", before):
            return True
        # "(4-7, 3-4)": two tallies in one parenthesis are a team's overall and
        # conference records; a parenthesised range has one pair.
        if before.endswith("(") and _NEXT_TALLY.match(self.text, end):
            return True
        after = re.match(r"\s*(?:\w+)", self.text[end:end + 20])
        return after is not None and after.group().strip().lower() in lex.SCORE_WORDS

    def after_change_word(self, start: int) -> bool:
        previous = self.tokens.before(start)
        return previous is not None and (
            (previous.lower_ in {"up", "down", "by"} and not _phrasal(previous)) or (
                previous.pos_ == "VERB" and self.change_word(previous) is not None))

    def quantified(self, draft: Draft, after_of: bool) -> None:
        """The counted noun: "thousands of workers" -> workers, "9 new drones" -> drones."""
        token = self.tokens.after(draft.end)
        if token is None:
            return
        doc = self.doc
        index = token.i
        if after_of and doc[index].lower_ == "of" and index + 1 < len(doc):
            index += 1
            while index < len(doc) and doc[index].pos_ in {"DET", "PRON"} and \
                    doc[index].tag_ in {"DT", "PRP$", "WP$"}:
                index += 1  # "one of the ...", "one of its ..."
        skipped = 0
        while index < len(doc) and skipped < 3 and (
            doc[index].pos_ == "ADJ" or doc[index].text in QUOTES or doc[index].tag_ == "HYPH"
        ):
            index += 1
            skipped += 1
        noun = None
        first = index
        # A compound run: "Rolls-Royce Trent 900 engines" -> engines; a common noun wins.
        while index < len(doc) and (doc[index].pos_ in {"NOUN", "PROPN"} or (
            index > first and doc[index].tag_ in {"HYPH", "CD"}
        )) and not (noun is not None and (doc[index].lower_ in _WHEN_NOUNS
                                          or doc[index].dep_ == "npadvmod")):
            if doc[index].pos_ == "NOUN" or (noun is None and doc[index].pos_ == "PROPN") or (
                noun is not None and noun.pos_ == "PROPN" and doc[index].pos_ == "PROPN"
            ):
                noun = doc[index]
            index += 1
        if noun is not None and noun.text not in QUOTES:
            draft.quantified = (noun.idx, noun.idx + len(noun.text))
            draft.unit = noun.lower_

    def is_year(self, draft: Draft) -> bool:
        """A bare 4-digit number 1500-2099 is a year unless it counts a plural noun."""
        core = self.text[draft.start:draft.end]
        if draft.approximate or not lex.YEAR_ONLY.match(core):
            return False
        following = self.tokens.after(draft.end)
        return following is None or following.tag_ != "NNS"

    def change(self, draft: Draft) -> str | None:
        """"up"/"down", "by" after a change verb, "rose 20%", "a 5% increase"."""
        if draft.kind in {"date", "ordinal", "duration"}:
            return None
        first = self.tokens.at(draft.start)
        if first is None:
            return None
        doc, index = self.doc, first.i - 1
        while index >= 0 and (doc[index].pos_ in {"DET", "ADJ"} or doc[index].lower_ in {
            "only", "between", "just", "some", "total", "a"}):
            index -= 1
        if index < 0:
            return None
        previous = doc[index]
        if previous.lower_ in {"up", "down"} and not _phrasal(previous):  # not "make up"
            return lex.change_words()[previous.lower_]
        if previous.lower_ == "of" and index > 0 and doc[index - 1].pos_ == "NOUN":
            return self.change_word(doc[index - 1])  # "a loss of 27%", "a drop of 5%"
        if previous.lower_ in _LEVEL_WORDS:
            return None
        if previous.lower_ == "by":
            verb = previous.head
            for particle in verb.children:  # "went up by 14%"
                if particle.lower_ in {"up", "down"}:
                    return lex.change_words()[particle.lower_]
            return self.change_word(verb)
        if draft.kind not in {"percent", "multiplier"}:
            return self.change_word(previous) if previous.pos_ == "VERB" else None
        direction = self.change_word(previous)
        following = self.tokens.after(draft.end)
        steps = 0
        while direction is None and following is not None and steps < 4 and (
            following.pos_ in {"NOUN", "ADJ", "ADV"} or following.tag_ in {"HYPH", "VBG"}
        ):
            direction = self.change_word(following)  # "a 5% increase", "34% year-year decline"
            following = following.nbor(1) if following.i + 1 < len(doc) else None
            steps += 1
        return direction

    @staticmethod
    def change_word(token: Tok) -> str | None:
        words = lex.change_words()
        return words.get(token.lemma_.lower()) or words.get(token.lower_)


def share_units(text: str, drafts: list[Draft]) -> list[Draft]:
    """"eight and fourteen percent": a bare number takes the unit of its coordinate."""
    for current, following in itertools.pairwise(drafts):
        joined = re.fullmatch(r"\s*(?:,|and|or|to|,\s*and)\s*", text[current.end:following.start])
        if (joined and current.kind == "count" and current.unit is None
                and following.kind in {"percent", "money"}):
            current.kind, current.unit = following.kind, following.unit
    return drafts


def _phrasal(particle: Tok) -> bool:
    return particle.dep_ == "prt" and particle.head.lemma_.lower() in _PHRASAL_HEADS
