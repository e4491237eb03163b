"""Reading numerals as written in news text: digits, number words, ordinals.

``parse_number`` turns the *core* of a quantity ("1,500", "8,26", "forty-four thousand",
"a dozen", "1.5") into a float; scale words after it ("million", "bn") are applied by the
caller from ``claimledger/data/quantity_scales.tsv``. Nothing here raises on odd input:
a string that is not a number gives ``None``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

UNIT_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# "a dozen" is 12 exactly; "half a dozen" 6 (handled as "half" times "dozen").
SMALL_SCALES: dict[str, int] = {"hundred": 100, "dozen": 12}
BIG_SCALES: dict[str, int] = {
    "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}
# Multiplier words that are a whole quantity on their own ("doubled", "halved").
MULTIPLIER_VERBS: dict[str, float] = {
    "double": 2, "doubled": 2, "doubles": 2, "doubling": 2,
    "triple": 3, "tripled": 3, "triples": 3, "tripling": 3,
    "treble": 3, "trebled": 3,
    "quadruple": 4, "quadrupled": 4, "quadruples": 4, "quadrupling": 4,
    "halve": 0.5, "halved": 0.5, "halves": 0.5, "halving": 0.5,
}

NUMBER_WORDS: frozenset[str] = frozenset(
    [*UNIT_WORDS, *TENS_WORDS, *SMALL_SCALES, *BIG_SCALES, "a", "an", "and", "half"]
)

# 1,500 / 1,500,000 / 1.5 / 8,26 (decimal comma, seen in the corpus as "8,26%") / .5
DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|\.\d+)"
_THOUSANDS_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$|^\d+,\d{4,}$")


def parse_digits(text: str) -> float | None:
    """``"1,500"`` -> 1500, ``"8,26"`` -> 8.26 (a decimal comma: not 3-digit groups)."""
    text = text.strip()
    try:
        if _THOUSANDS_GROUPS.match(text):
            return float(text.replace(",", ""))
        if _DECIMAL_COMMA.match(text):
            return float(text.replace(",", "."))
        return float(text)
    except ValueError:
        return None


def parse_words(text: str) -> float | None:
    """Number words to a value: "forty-four thousand" -> 44000, "a dozen" -> 12.

    The usual accumulate-and-scale reading of English numerals: units and tens add to
    the current group, "hundred"/"dozen" multiply the group, "thousand" and larger close
    the group into the total. "a"/"an" count as one only before a scale word.
    """
    words = [w for w in re.split(r"[\s\-–]+", text.lower().strip()) if w]
    if not words:
        return None
    total = 0.0
    group = 0.0
    seen_number = False
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in {"a", "an"}:
            if index > 0 and words[index - 1] == "half":
                continue  # "half a million": the half is the multiplier
            if following == "half" and seen_number:
                continue  # "five and a half": the half adds to the group
            if following in SMALL_SCALES or following in BIG_SCALES:
                group += 1
                continue
            return None
        if word == "and":
            continue
        if word == "half":
            group += 0.5
            seen_number = True
            continue
        if word in UNIT_WORDS:
            group += UNIT_WORDS[word]
        elif word in TENS_WORDS:
            group += TENS_WORDS[word]
        elif word in SMALL_SCALES:
            group = (group or 1) * SMALL_SCALES[word]
        elif word in BIG_SCALES:
            total += (group or 1) * BIG_SCALES[word]
            group = 0
        else:
            return None
        seen_number = True
    return total + group if seen_number else None


def parse_number(text: str) -> float | None:
    """Digits or number words, whichever ``text`` is; ``None`` when it is neither."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit() or text[0] == ".":
        return parse_digits(text)
    return parse_words(text)


_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)


def parse_ordinal(text: str) -> int | None:
    """``"third"`` -> 3, ``"21st"`` -> 21, ``"twenty-first"`` -> 21; else ``None``."""
    lowered = text.lower()
    match = _ORDINAL_DIGITS.match(lowered)
    if match:
        return int(match.group(1))
    if lowered in ORDINAL_WORDS:
        return ORDINAL_WORDS[lowered]
    parts = re.split(r"[\s\-]+", lowered)
    if len(parts) == 2 and parts[0] in TENS_WORDS and parts[1] in ORDINAL_WORDS:
        return TENS_WORDS[parts[0]] + ORDINAL_WORDS[parts[1]]
    return None


def data_lines(name: str) -> list[list[str]]:
    """The rows of ``claimledger/data/<name>``: tab-separated, ``#`` comments dropped."""
    return list(_data_lines(name))


@cache
def _data_lines(name: str) -> tuple[list[str], ...]:
    text = resources.files("claimledger").joinpath("data", name).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return tuple(rows)
