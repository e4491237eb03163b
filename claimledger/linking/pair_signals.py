"""What two claim sentences say beyond one cosine: numbers with their units, time
expressions, names, negation and modality. Pure functions over text, used by
``verifier.pair_features``.

Why each signal: MRPC negatives and our hard negatives are mostly the *same story* with
a different proposition, so they share words and score high cosines. What separates
them is a detail: a different figure ("rose 3 percent" vs "5 percent"), another day or
year, a name one side lacks (a different actor), a negation or a hedge on one side
only, or one sentence carrying a whole extra clause.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from claimledger.linking.tokens import normalize_text, stopwords

# A number and the word after it, the unit or kind of what is counted ("3 percent",
# "232.90 points", "$5 million" -> million). Ordinals, centuries and years are times or
# ranks, never counts: they are read as time expressions below, not as numbers.
_NUMBER_UNIT = re.compile(
    r"(?<![\w.])\$?(\d+(?:\.\d+)?)(?!\d)(?:\s*(%|[a-z]+))?")
_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_MONTH = re.compile(r"\b(january|february|march|april|june|july|august|september|october"
                    r"|november|december)\b")
_RELATIVE_DAY = re.compile(r"\b(yesterday|today|tomorrow|tonight|last (?:week|month|year)"
                           r"|next (?:week|month|year)|this (?:week|month|year))\b")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|cannot|without|denied|denies|deny"
                       r"|refused|rejected)\b|n't\b")
_MODAL = re.compile(r"\b(?:may|might|could|would|should|will|shall|can|expected|expects"
                    r"|plans?|planned|likely|possibly|probably|if|hopes?|wants?|proposed"
                    r"|considering|intends?)\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]*[a-z][\w'-]*|\b[A-Z]{2,}\b")
_UNIT_WORDS = frozenset({"percent", "%", "per", "million", "billion", "trillion",
                         "thousand", "points", "point", "cents", "dollars", "people",
                         "shares", "years", "year", "days", "months", "weeks", "hours"})
# Words of opposite meaning: one side of a group on one sentence and only the other side
# on the other ("sales rose" / "profit fell", "approved" / "rejected", "bought" /
# "sold"). Why a hand list: MiniLM places antonyms close together (same context), so
# the cosine cannot see them; on the MRPC training split 19% of the pairs with such a
# mismatch are "same", against 68% of all pairs.
_OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split())) for a, b in (
        ("rise rises rose risen rising gain gains gained climb climbs climbed increase "
         "increases increased higher jump jumps jumped surge surged grew grow grows up",
         "fall falls fell fallen falling drop drops dropped decrease decreases decreased "
         "lower decline declines declined slid slide slip slipped shrank shrink plunged "
         "down"),
        ("approve approves approved accept accepts accepted", "reject rejects rejected "
         "veto vetoed vetoes"),
        ("buy buys bought buying purchase purchased", "sell sells sold selling"),
        ("win wins won winning", "lose loses losing defeated"),
        ("open opens opened", "closes closed shut"),
        ("praise praised praises", "criticise criticised criticize criticized criticizes "
         "criticises"),
        ("support supports supported", "oppose opposes opposed"),
        ("export exports exported", "import imports imported"),
        ("injured wounded hurt", "killed dead died"),
        ("hire hires hired", "fire fires fired"),
        ("profit profits", "loss losses"),
    ))
_WORD = re.compile(r"[a-z]+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@lru_cache(maxsize=1 << 14)
def quantities(text: str) -> frozenset[tuple[str, str]]:
    """``(number, unit)`` of each count or measure; the unit is the next word when it
    names a unit or kind (``_UNIT_WORDS``), "" otherwise. Years and ordinals excluded."""
    plain = _ORDINAL.sub(" ", normalize_text(text))
    found = set()
    for match in _NUMBER_UNIT.finditer(plain):
        number, unit = match.group(1), (match.group(2) or "")
        if _YEAR.fullmatch(number) and unit not in _UNIT_WORDS:
            continue
        found.add((number.rstrip("0").rstrip(".") if "." in number else number,
                   unit if unit in _UNIT_WORDS else ""))
    return frozenset(found)


@lru_cache(maxsize=1 << 14)
def time_marks(text: str) -> frozenset[str]:
    """Years, weekdays, months and relative days a sentence names (lower case)."""
    plain = normalize_text(text)
    marks = set(_YEAR.findall(plain)) | set(_WEEKDAY.findall(plain))
    marks |= set(_MONTH.findall(plain)) | set(_RELATIVE_DAY.findall(plain))
    return frozenset(marks)


@lru_cache(maxsize=1 << 14)
def names(text: str) -> frozenset[str]:
    """Capitalised words not at a sentence start, and acronyms: people, places, bodies."""
    stop = stopwords()
    plain = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return frozenset(t for t in (m.group(0).lower().removesuffix("'s")
                                 for m in _NAME.finditer(plain)) if t not in stop)


def negations(text: str) -> int:
    return len(_NEGATION.findall(normalize_text(text)))


def modals(text: str) -> frozenset[str]:
    return frozenset(_MODAL.findall(normalize_text(text)))


def disagreement(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> float:
    """1 when both state quantities of one unit with no value in common ("3 percent" vs
    "5 percent"), 0.5 when both state quantities but share none, else 0."""
    if not a or not b or a & b:
        return 0.0
    units_a = {u for _, u in a if u}
    units_b = {u for _, u in b if u}
    return 1.0 if units_a & units_b else 0.5


def one_sided(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the items of either side missing from the other, the larger of the two
    (0 when both are empty)."""
    shares = [len(x - y) / len(x) for x, y in ((a, b), (b, a)) if x]
    return max(shares) if shares else 0.0


def opposite_words(a: str, b: str) -> float:
    """1 when a group of ``_OPPOSITES`` has one side in one sentence and only the
    other side in the other, else 0."""
    wa = frozenset(_WORD.findall(a.lower()))
    wb = frozenset(_WORD.findall(b.lower()))
    for first, second in _OPPOSITES:
        for x, y in ((first, second), (second, first)):
            if wa & x and not wb & x and wb & y and not wa & y:
                return 1.0
    return 0.0
