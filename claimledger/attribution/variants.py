"""Name variants inside one article: abbreviations of organisations, partial person names.

Heuristics, each tied to how news writes names:

- an organisation is named in full once and by an abbreviation afterwards. The
  abbreviation is defined in brackets ("Government Accountability Office (GAO)"), or
  is the initials of the full name ("UAW" for "United Auto Workers union", whose
  trailing common noun a writer leaves out), or takes more than one letter from a word
  ("SIA" for "Singapore Airlines"): every word of the full name gives its initial,
  later letters of that word may follow in order. ``claimledger.names`` decides the
  cases it knows (acronyms of a run of words, the alias table);
- a shorter organisation name that starts the longer one is the same organisation
  ("Apple" / "Apple Inc.");
- a person named once in full is later named by one word: usually the surname (the last
  word), but Chinese, Korean and Vietnamese names put the surname first ("Liu" for
  "Liu Xiaoming"), and informal writing uses the given name ("Steve" for "Steve Jobs").
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimledger.names import same_organization, words_of

_SKIP = frozenset({"of", "and", "the", "&", "for", "de", "du", "in", "on", "at", "to"})
_DEFINITION = re.compile(r"([A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|of|and|for|&|de))*)"
                         r"\s*\(\s*([A-Z][A-Za-z.&]{1,9})\s*\)")
_BRACKETED = re.compile(r"\(\s*[A-Z][A-Za-z.&]{1,9}\s*\)")  # the tail of _DEFINITION
# Abbreviations are short: longer all-capital words are names written in capitals.
MAX_ABBREVIATION = 6


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w and w.lower() not in _SKIP
                   and w[0].isalpha()).upper()


def looks_abbreviated(short: str) -> bool:
    letters = short.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= MAX_ABBREVIATION and letters.isalpha() and letters.isupper()


def _content_words(name: str) -> list[str]:
    """The words of a full name that an abbreviation draws on: no function words, no
    trailing lowercase common noun ("United Auto Workers union" -> 3 words)."""
    words = [w.strip(".,'’") for w in name.split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1].islower():
        words.pop()
    return [w for w in words if w.lower() not in _SKIP]


@lru_cache(maxsize=4096)
def abbreviates(short: str, long_name: str) -> bool:
    """Is ``short`` an abbreviation of the multi-word ``long_name`` (module docstring)?"""
    if not looks_abbreviated(short) or len(long_name.split()) < 2:
        return False
    letters = short.replace(".", "").replace("&", "").lower()
    if letters[0] != long_name[:1].lower() and not long_name.lower().startswith(
        ("the ", "of ")
    ):
        return False  # an abbreviation starts with the full name's initial
    words = [w.lower() for w in _content_words(long_name)]
    if len(words) < 2 or len(words) > len(letters):
        # a trailing legal form is no part of the abbreviation: "PG&E" for "Pacific
        # Gas & Electric Co."
        while len(words) > 2 and words[-1] in words_of("legal_suffix"):
            words.pop()
        if len(words) < 2 or len(words) > len(letters):
            return same_organization(short, long_name)
    return _spread(letters, words) or same_organization(short, long_name)


def _spread(letters: str, words: list[str]) -> bool:
    """Can ``letters`` be cut into one run per word, each run starting with the word's
    initial and taking its other letters from that word in order?"""
    if not words:
        return not letters
    if not letters or letters[0] != words[0][:1]:
        return False
    word = words[0]
    # the run for this word: letters[0] plus a subsequence of word[1:]
    position = 1
    for run_end in range(1, len(letters) - len(words) + 2):
        if run_end > 1:
            found = word.find(letters[run_end - 1], position)
            if found == -1:
                return False
            position = found + 1
        if _spread(letters[run_end:], words[1:]):
            return True
    return False


def org_aliases(text: str, names: list[str]) -> dict[str, str]:
    """Short organisation name (lowercase) -> the lowercase longer name it stands for."""
    aliases: dict[str, str] = {}
    # Every definition ends in a bracketed abbreviation; most articles have none, and
    # looking for one is far cheaper than trying the definition at every capital.
    definitions = _DEFINITION.finditer(text) if _BRACKETED.search(text) else ()
    for match in definitions:
        long_name = match.group(1).strip()
        if long_name.lower().startswith("the "):
            long_name = long_name[4:]
        short = match.group(2)
        if initials(long_name).endswith(initials(short)) or short[0] == long_name[:1]:
            aliases[short.lower()] = long_name.lower()
    # Longest first, ties by name: set order varies with the hash seed, and results must not.
    unique = sorted(set(names), key=lambda name: (-len(name), name))
    # Lowercased once, and ``abbreviates`` asked only of abbreviation-like names: this
    # loop compares every name with every longer one (quadratic in distinct names).
    keyed = [(name, name.lower()) for name in unique]
    for short, key in keyed:
        if key in aliases:
            continue
        prefix = key + " "
        may_abbreviate = looks_abbreviated(short)
        for long_name, long_key in keyed:
            if len(long_name) <= len(short):
                break
            if long_key.startswith(prefix) or (may_abbreviate
                                                and abbreviates(short, long_name)):
                aliases[key] = aliases.get(long_key, long_key)
                break
    return aliases


def given_name_owner(word: str, full_names: list[str]) -> str | None:
    """The one full name whose first word is ``word`` ("Liu" -> "Liu Xiaoming"); None
    when no full name or several start with it."""
    low = word.lower()
    owners = {name for name in full_names
              if " " in name and name.split()[0].lower() == low}
    return owners.pop() if len(owners) == 1 else None
