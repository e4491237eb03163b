"""The attribution lexicons, loaded once from ``claimledger/data/attribution_*.txt``.

Word lists are data, not code: adding a reporting verb or an outlet is a one-line change
in a text file. Every loader is cached, so extraction pays for the files once a process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

_PACKAGE = "claimledger"


def _lines(name: str) -> Iterator[str]:
    """Non-empty, non-comment lines of the data file ``name``."""
    text = resources.files(_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            yield line


@cache
def cue_lemmas() -> frozenset[str]:
    """Lemmas of reporting verbs ("say", "announce", "predict")."""
    return frozenset(line.lower() for line in _lines("attribution_cues.txt"))


@cache
def document_cue_lemmas() -> frozenset[str]:
    """Verbs that report only with a document as subject ("the study found that")."""
    return frozenset(line.lower() for line in _lines("attribution_document_cues.txt"))


@cache
def cue_nouns() -> frozenset[str]:
    """Nouns that form a cue with a light verb ("released a statement saying")."""
    return frozenset(line.lower() for line in _lines("attribution_cue_nouns.txt"))


@cache
def quote_cue_lemmas() -> frozenset[str]:
    """Verbs that are cues only right next to a direct quote ("he continued")."""
    return frozenset(line.lower() for line in _lines("attribution_quote_cues.txt"))


@cache
def prep_cues() -> dict[str, frozenset[str]]:
    """Verb lemma -> prepositions whose object is reported content ("warn" -> "of")."""
    table: dict[str, set[str]] = {}
    for line in _lines("attribution_prep_cues.txt"):
        verb, _, prep = line.lower().partition(" ")
        table.setdefault(verb, set()).add(prep.strip())
    return {verb: frozenset(preps) for verb, preps in table.items()}


@cache
def light_verbs() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines("attribution_light_verbs.txt"))


@cache
def cue_extension() -> re.Pattern[str]:
    """What may follow a reporting verb as part of its cue ("in a statement")."""
    options = "|".join(f"(?:{line})" for line in _lines("attribution_cue_extensions.txt"))
    return re.compile(rf"\s+(?:{options})\b", re.IGNORECASE)


@cache
def source_nouns() -> dict[str, tuple[str, ...]]:
    """Head-noun lemma -> the source kinds it suggests, in file order."""
    table: dict[str, list[str]] = {}
    for line in _lines("attribution_source_nouns.txt"):
        kind, _, noun = line.partition(" ")
        table.setdefault(noun.strip().lower(), []).append(kind)
    return {noun: tuple(kinds) for noun, kinds in table.items()}


@cache
def publications() -> tuple[frozenset[str], frozenset[str]]:
    """(outlet names, outlet words): "reuters"; a name ending in "times" is an outlet."""
    names: set[str] = set()
    words: set[str] = set()
    for line in _lines("attribution_publications.txt"):
        if line.startswith("@"):
            words.add(line[1:].lower())
        else:
            names.add(line.lower())
    return frozenset(names), frozenset(words)


@cache
def role_words() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines("attribution_roles.txt"))


@cache
def anonymity_pattern() -> re.Pattern[str]:
    options = "|".join(re.escape(line) for line in _lines("attribution_anonymity.txt"))
    return re.compile(rf"\b(?:{options})", re.IGNORECASE)


@cache
def pronouns() -> dict[str, tuple[str, str]]:
    """Pronoun -> (gender m/f/n/x, number sg/pl)."""
    table: dict[str, tuple[str, str]] = {}
    for line in _lines("attribution_pronouns.txt"):
        word, gender, number = line.split()
        table[word.lower()] = (gender, number)
    return table


@cache
def person_nouns() -> frozenset[str]:
    """Nouns of one person that are not role words ("the man", "the patient")."""
    return frozenset(line.lower() for line in _lines("attribution_person_nouns.txt"))


@cache
def org_types() -> tuple[tuple[str, str, str], ...]:
    """The lines of ``attribution_org_types.txt`` as lower-case (part, type, word):
    "noun" (what a description asks for), "name" and "suffix" (what a name shows)."""
    rows = []
    for line in _lines("attribution_org_types.txt"):
        part, kind, word = line.lower().split()
        rows.append((part, kind, word))
    return tuple(rows)


@cache
def org_name_suffixes() -> frozenset[str]:
    """Last words that end only organisations' names ("Productions", "Inc")."""
    return frozenset(word for part, _kind, word in org_types() if part == "suffix")
