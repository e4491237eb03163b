"""Which language a document is written in, and whether claimledger analyses it.

The one switch is ``ANALYSED_LANGUAGES``: the attribution and claims layers are written
for English (word lists, cue verbs, the English spaCy model), so a document in any other
language is returned without attributions or claims and with a note saying why, instead
of being analysed as English and producing nonsense. Adding Russian or Ukrainian means
adding its code here (and the model and word lists it needs), nowhere else.

Detection is CLD2 (``pycld2``: Google's compact detector, compiled, models inside the
wheel, no downloads), chosen by measurement against py3langid on real news paragraphs
(``quality/language-dev.jsonl``, ``claimledger eval-language``; figures in
``docs/analysis-json.md``).

The rule for short or ambiguous text: English is never refused because the detector is
unsure. When CLD2 does not call its answer reliable and the letters are mostly Latin,
the document is taken as English (a headline, a dateline, a table row). A text mostly in
another script is not English whatever the detector's confidence, so there its best
guess stands.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pycld2

# The languages analysed today (ISO 639-1). Add "ru", "uk" here when they are supported.
ANALYSED_LANGUAGES: frozenset[str] = frozenset({"en"})
# What a document is taken to be when the detector cannot tell (see the module docstring).
FALLBACK_LANGUAGE = "en"
# The code for "no language could be determined" (BCP 47 / ISO 639-2).
UNDETERMINED = "und"
# CLD2 reads text linearly and fast; a long document is judged on its first part, which
# is plenty (a language is clear after a few hundred words) and keeps the cost bounded.
SAMPLE_CHARS = 20_000
# CLD2's few non-ISO-639-1 answers, mapped to today's codes.
_CODES = {"iw": "he", "ji": "yi", "in": "id", "jw": "jv", "zh-Hant": "zh", "mo": "ro"}


@dataclass(frozen=True, slots=True)
class Detection:
    """What the detector said and what claimledger decided from it."""

    language: str          # the decision: an ISO 639-1 code or "und"
    detected: str          # the detector's top answer ("und" when it had none)
    reliable: bool         # the detector's own reliability flag
    percent: int           # share of the text in the detected language (0-100)

    @property
    def analysed(self) -> bool:
        return is_analysed(self.language)


def is_analysed(language: str) -> bool:
    return language in ANALYSED_LANGUAGES


def not_analysed_note(language: str) -> str:
    """The note an analysis carries when its language is not analysed."""
    supported = ", ".join(sorted(ANALYSED_LANGUAGES))
    return (f"language {language!r} is not analysed yet (analysed: {supported}); "
            "the document is recorded without attributions or claims")


def notes_for(language: str) -> tuple[str, ...]:
    """The notes an analysis of a document in ``language`` carries (none when analysed).

    A function of the language alone, so the ledger derives them from the stored
    ``language`` column instead of storing them.
    """
    return () if is_analysed(language) else (not_analysed_note(language),)


def detect_language(text: str) -> Detection:
    """Detect the language of ``text`` and apply the short/ambiguous rule above."""
    sample = _clean(text[:SAMPLE_CHARS])
    try:
        reliable, _, details = pycld2.detect(sample)[:3]
    except pycld2.error:
        # CLD2 refuses a few byte sequences it considers invalid; judge by script alone.
        reliable, details = False, (("Unknown", "un", 0, 0.0),)
    code = _normalise(details[0][1])
    percent = int(details[0][2])
    if reliable and code != UNDETERMINED:
        language = code
    elif _mostly_latin(sample):
        language = FALLBACK_LANGUAGE
    else:
        language = code
    return Detection(language=language, detected=code, reliable=bool(reliable),
                     percent=percent)


def _normalise(code: str) -> str:
    if code in ("un", "xx", ""):
        return UNDETERMINED
    code = _CODES.get(code, code)
    return code.split("-")[0].lower()


def _clean(text: str) -> str:
    """Text CLD2 accepts: no control or unpaired surrogate characters.

    CLD2 rejects some control characters as invalid UTF-8, and a Python string may hold
    lone surrogates that cannot be encoded at all.
    """
    kept = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") and not ch.isspace()
                   else ch for ch in text)
    return kept.encode("utf-8", "replace").decode("utf-8")


def _mostly_latin(text: str) -> bool:
    """True when at least half the letters are Latin (or there are no letters at all)."""
    letters = latin = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ch.isascii() or "LATIN" in unicodedata.name(ch, ""):
                latin += 1
    return letters == 0 or latin * 2 >= letters
