"""The compiled patterns and word lists of quantity extraction, built once per process.

Word lists live in ``claimledger/data/quantity_*.tsv``; this module turns them into
regular expressions and dictionaries (``functools.cache``), so the extractor itself is a
single linear pass of compiled regexes over the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from claimledger.claims.hedges import first_char_class
from claimledger.claims.numbers import (
    BIG_SCALES,
    DIGITS,
    ORDINAL_WORDS,
    SMALL_SCALES,
    TENS_WORDS,
    UNIT_WORDS,
    data_lines,
)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so "per cent" beats "per"."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _folded_alternation(words: Iterable[str]) -> str:
    """``_alternation(words)`` for case-insensitive patterns, grouped by first letter.

    Why: the regex engine tries each word of a plain alternation at every word start;
    behind a case-sensitive class of its first letter (``hedges.first_char_class``) a
    group is skipped in one test. Words keep their order inside a group and groups
    start with different letters, so the same word matches as in ``_alternation``.
    """
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    groups: dict[str, list[str]] = {}
    for word in ordered:
        first = first_char_class(word[:1])
        if first is None:
            return _alternation(ordered)
        groups.setdefault(first, []).append(re.escape(word[1:]).replace(r"\ ", r"\s+"))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


NUMWORD = _folded_alternation([*UNIT_WORDS, *TENS_WORDS, *SMALL_SCALES, *BIG_SCALES])
FOLD_WORDS = _folded_alternation([*UNIT_WORDS, *TENS_WORDS, "hundred", "thousand"])
# "forty-four thousand", "one hundred and twenty", "a dozen", "half a million".
WORDNUM = (
    rf"(?:(?:a|an|half\s+a)\s+(?:dozen|hundred|thousand|million|billion|trillion)\b"
    rf"|(?:{NUMWORD})\b)(?:(?:(?<=hundred)\s+and\s+|\s+|-)(?:{NUMWORD})\b)*"
    rf"(?:[\s-]+and[\s-]+a[\s-]+half\b)?"
)
MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
MONTHS = frozenset([
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
])
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
ORDINAL = (
    rf"(?:\d+(?:st|nd|rd|th)|(?:{_folded_alternation(TENS_WORDS)})-"
    rf"(?:{_folded_alternation(ORDINAL_WORDS)})|{_folded_alternation(ORDINAL_WORDS)})"
)
VAGUE_SCALE = r"(?:hundreds|thousands|millions|billions|hundred|thousand|million|billion)"


@dataclass(frozen=True, slots=True)
class VagueAmount:
    low: float
    high: float


@cache
def vague_amounts() -> dict[str, VagueAmount]:
    """``several`` -> 3..9 and friends (see ``quantity_vague.tsv`` for why)."""
    return {
        " ".join(row[0].lower().split()): VagueAmount(float(row[1]), float(row[2]))
        for row in data_lines("quantity_vague.tsv")
    }


@cache
def scales() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in data_lines("quantity_scales.tsv")}


@cache
def currencies(position: str) -> dict[str, str]:
    """Currency markers at ``position`` ("prefix" or "suffix") -> ISO code."""
    return {row[1]: row[2] for row in data_lines("quantity_currencies.tsv") if row[0] == position}


@cache
def units() -> dict[str, tuple[str, str]]:
    """Unit word (normalised spacing, lower case) -> (kind, unit)."""
    return {
        " ".join(row[0].lower().split()): (row[1], row[2])
        for row in data_lines("quantity_units.tsv")
    }


@cache
def approximators() -> dict[str, str]:
    return {
        " ".join(row[0].lower().split()): row[1]
        for row in data_lines("quantity_approximators.tsv")
    }


@cache
def change_words() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in data_lines("quantity_change.tsv")}


@cache
def core_pattern() -> re.Pattern[str]:
    """The candidate finder: the alternatives that start a quantity, in priority order."""
    vague = _folded_alternation(
        [w for w in vague_amounts() if w not in {"tens", "scores", "few"}]
    )
    # Why the leading (?<!\w): every alternative below already demands a non-word
    # character (or the start) before it (\b before a word, (?<![\w.,]) ...); saying it
    # once up front lets the engine skip the inside of words without trying each group.
    return re.compile(
        rf"""
        (?<!\w)(?:
        (?P<date>(?<![\w.,]){DAY}\s*[-–]\s*{DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR}\b)?
               |(?<!\w){MONTH}\s+{DAY}\s*[-–]\s*{DAY}\b(?![-–])(?:,?\s+{YEAR}\b)?
               |(?<!\w){MONTH}\s+{DAY}\b(?:,?\s+{YEAR}\b)?
               |(?<![\w.,]){DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR}\b)?
               |(?<!\w){MONTH},?\s+{YEAR}\b
               |(?<![\w/])\d{{4}}-\d{{2}}-\d{{2}}\b
               |(?<![\w/])\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b)
        |(?P<time>(?<![\w.,:])\d{{1,2}}(?::\d{{2}})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)
               |(?<![\w.,:])\d{{1,2}}:\d{{2}}\b)
        |(?P<round>(?<![\w/])24/7(?![\w/]))
        |(?P<vague>\b(?:tens|scores)\s+of\s+{VAGUE_SCALE}\b
               |(?:\b(?:{vague})|(?<=\b(?:last|past|next)\s)few)\b(?:\s+(?:of\s+)?{VAGUE_SCALE}\b){{0,2}})
        |(?P<fold>\b(?:{FOLD_WORDS})-?fold\b
               |(?<![\w.,]){DIGITS}-?fold\b)
        |(?P<mverb>\b(?:doubl|tripl|trebl|quadrupl|halv)(?:e|ed|es|ing)\b|\b(?:twice|half)\b)
        |(?P<fraction>\b(?:a|an|one|two|three|four|five|six|seven|eight|nine)[\s-]+
               (?:half|halves|quarters?|thirds|fifths|sixths|sevenths|eighths|ninths|tenths)
               \b(?!-)
               |\b(?:a|an|one)\s+(?:third|fifth|sixth|seventh|eighth|ninth|tenth)\b
               (?=\s+of\b)
               |\bone-(?:third|fifth|sixth|seventh|eighth|ninth|tenth)\b(?!-))
        |(?P<ordinal>(?<![\w.,]){ORDINAL}\b)
        |(?P<digfrac>(?<![\w.,/])(?:\d{{1,3}}[ -])?\d{{1,2}}/\d{{1,2}}(?![\w/]))
        |(?P<digits>(?<![\w.,]){DIGITS}(?P<suffix>[A-Za-z]+)?(?!\w))
        |(?P<words>\b{WORDNUM})
        )""",
        re.IGNORECASE | re.VERBOSE,
    )


@cache
def core_start_words() -> frozenset[str]:
    """Lower-case tokens at which a word-led alternative of ``core_pattern`` can start
    (number, ordinal, month, vague and multiplier words); digit-led ones start at a digit.
    """
    words = {*UNIT_WORDS, *TENS_WORDS, *SMALL_SCALES, *BIG_SCALES, *ORDINAL_WORDS,
             *MONTHS, *(m + "." for m in MONTHS), "a", "an", "half", "twice", "tens",
             "scores", "few"}
    words.update(phrase.split(" ", 1)[0] for phrase in vague_amounts())
    return frozenset(words)


_MULTIPLIER_STEMS = ("doubl", "tripl", "trebl", "quadrupl", "halv")
# ``\.?\d+`` written to open with a character class: the engine then skips to the
# next dot or digit instead of trying the optional dot at every position (same
# matches: a dot needs digits after it, a digit takes the digits after it).
_DIGIT_RUN = re.compile(r"[.\d](?:(?<=\.)\d+|(?<=\d)\d*)")


def core_matches(text: str, lower: list[str], starts: list[int],
                 positions: dict[str, list[int]] | None = None) -> list[re.Match[str]]:
    """``list(core_pattern().finditer(text))``, found faster: the pattern is tried only
    where a match can begin (a digit run, or a token in ``core_start_words``, a "-fold"
    word, a multiplier verb), skipping positions inside an earlier match as ``finditer``
    does. ``lower``/``starts`` are the tokens' lower-case texts and offsets;
    ``positions``, if given, maps each lower-case text to its token positions
    (``DocView.positions_by_lower``), so each distinct word is tested once.
    """
    words = core_start_words()
    candidates = {m.start() for m in _DIGIT_RUN.finditer(text)}
    if positions is None:
        candidates.update(starts[i] for i, w in enumerate(lower) if _may_start_core(w, words))
    else:
        if len(_STARTS_CORE) > _MAX_STARTS_CORE:
            _STARTS_CORE.clear()
        known = _STARTS_CORE.get
        for word, indexes in positions.items():
            starts_core = known(word)
            if starts_core is None:
                starts_core = _STARTS_CORE[word] = _may_start_core(word, words)
            if starts_core:
                candidates.update(starts[i] for i in indexes)
    pattern = core_pattern()
    found: list[re.Match[str]] = []
    end = 0
    for start in sorted(candidates):
        if start < end:
            continue
        match = pattern.match(text, start)
        if match is not None and match.end() > match.start():
            found.append(match)
            end = match.end()
    return found


# Lower-case word -> can a core match start at it (``_may_start_core``)? Every article
# asks of its few hundred distinct words, mostly the same ones; the answer never changes
# (the lexicons are read once per process). Cleared when large, so a long-running
# process stays bounded.
_STARTS_CORE: dict[str, bool] = {}
_MAX_STARTS_CORE = 200_000


def _may_start_core(word: str, words: frozenset[str]) -> bool:
    return word in words or word.endswith("fold") or word.startswith(_MULTIPLIER_STEMS)


@cache
def prefix_currency_pattern() -> re.Pattern[str]:
    """A currency marker right before a number (at the end of the left context)."""
    return re.compile(rf"(?:(?<![\w$])|(?<=\d))({_alternation(currencies('prefix'))})\s?$")


@cache
def approximator_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])({_alternation(approximators())})\s+$", re.IGNORECASE)


@cache
def scale_pattern() -> re.Pattern[str]:
    """Scale words after a number: spelt ("million") or attached ("bn") or spaced."""
    spelt = _alternation([w for w in scales() if len(w) > 1])
    return re.compile(rf"(?:\s+|-)?({spelt})\b", re.IGNORECASE)


@cache
def suffix_currency_pattern() -> re.Pattern[str]:
    return re.compile(rf"\s+({_alternation(currencies('suffix'))})\b")


@cache
def unit_pattern() -> re.Pattern[str]:
    """A unit right after the number: "%", "per cent", "years", "-year", "km"."""
    words = _alternation([w for w in units() if w != "%"])
    return re.compile(rf"\s?(%)|(?:\s+|-)({words})(?![\w%])", re.IGNORECASE)


RANGE_TAIL = re.compile(
    rf"\s*(?P<joint>-|–|—|/|\bto\b|\band\b|\bor\b|\bthrough\b)\s*(?P<currency>US\$|\$|£|€|¥)?"
    rf"(?P<core>(?<![\w])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\w)"
    rf"|(?<![\w])\d+(?:\.\d+)?(?:(?P<glued>[A-Za-z]{{1,4}})(?![\w%]))?(?!\w)"
    rf"|\b{WORDNUM})",
    re.IGNORECASE,
)
TIMES_TAIL = re.compile(
    r"\s+times\b(?P<compare>\s+(?:more|less|fewer|higher|lower|larger|greater|bigger"
    r"|smaller|faster|as|the|over|what)\b)?",
    re.IGNORECASE,
)
RATE_TAIL = re.compile(
    r"(?:\s+in\s+[a-z]+)?(?:\s+per\s+(?:diluted\s+|basic\s+)?(?P<any>[a-z]+)"
    r"|\s+(?P<adverb>yearly|annually|monthly|weekly|daily)"
    r"|[\s-]+(?:a|an|per|each|every)[\s-]+(?P<per>year|annum|month|week|day|hour|minute|second"
    r"|share|person|capita|head|barrel|gallon|litre|liter|tonne|ton|unit|vehicle|car"
    r"|passenger|employee|household|kilogram|kg)\b"
    r"|\s*/\s*(?P<slash>year|yr|day|hour|h|month|mo|week)\b)(?!\s+(?:ago|earlier|before|later))",
    re.IGNORECASE,
)
DATE_PREFIX = re.compile(r"(?:\b(?:early|late|mid|the\s+end\s+of)\s+|\bmid-)$", re.IGNORECASE)
YEAR_ONLY = re.compile(rf"^{YEAR}$")
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6,
                "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
# "one in four", "eight out of ten", "one out of every 200": a share of a whole.
RATIO_TAIL = re.compile(
    # "eight out of ten", "seven victories out of eight": a counted noun (lower case, one
    # or two words) may stand before "out of"; not before "in" ("two goals in three
    # games" is no share).
    rf"(?:\s+(?-i:[a-z]+)(?:\s+(?-i:[a-z]+))?)?\s+out\s+of\s+(?:every\s+)?"
    rf"(?P<den_of>\d+(?:\.\d+)?(?![\w,])|(?:{NUMWORD})\b)"
    rf"|\s+in\s+(?:every\s+)?(?P<den>\d+(?:\.\d+)?(?![\w,])|(?:{NUMWORD})\b)",
    re.IGNORECASE)
FRACTION_TAIL = re.compile(
    r"[\s-](?:half|halves|thirds?|quarters?|fifths?|tenths?)\b", re.IGNORECASE
)
PHONE = re.compile(r"\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\d{3}-\d{4}\b")
# Words that introduce an identifier, not an amount: "flight 901", "No. 3", "page 12".
IDENTIFIER_HEADS = frozenset([
    "flight", "route", "highway", "interstate", "section", "article", "chapter", "page",
    "version", "model", "series", "number", "no", "no.", "#", "room", "gate", "terminal",
    "platform", "channel", "item", "rule", "resolution", "bill", "proposition", "amendment",
    "phase", "grade", "level", "lane", "track", "tier", "type", "class", "pier", "local",
])
# Ordinals in set phrases that rank nothing ("third party", "first class").
ORDINAL_IDIOMS = frozenset({"third party", "third parties", "first class", "second hand",
                            "first hand", "first lady", "first aid"})
RATE_ADVERBS = {"yearly": "year", "annually": "year", "monthly": "month", "weekly": "week",
                "daily": "day"}
# After a tally: a scale or unit means an amount ("3-4 million", "10-15 minutes").
SCALE_OR_UNIT_AFTER = re.compile(
    r"\s*(?:%|percent|per\s*cent|million|billion|thousand|hundred|mph|km|miles|years|months"
    r"|days|weeks|hours|minutes|seconds|inches|feet|metres|meters|kg|lb|pounds|tons|tonnes"
    r"|degrees|[a-z]*-?(?:year|month|week|day|hour|minute|inch|foot|mile)s?)\b", re.IGNORECASE)
# Words around a tally that make it a game, vote or record ("won 2-1", "a 52-35 vote").
SCORE_WORDS = frozenset({
    "win", "won", "wins", "beat", "beats", "lose", "lost", "loses", "defeat", "defeated",
    "score", "scored", "draw", "drew", "tie", "tied", "lead", "led", "leads", "trail",
    "trailed", "record", "vote", "votes", "voted", "victory", "loss", "losses", "outshot",
    "edged", "routed", "rout", "series", "decision", "margin", "advantage", "game",
    "match", "final", "sets", "improved", "goals",
})
