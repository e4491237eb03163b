"""Text normalisation shared by the MinHash, blocking and guard steps of linking."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from typing import cast

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# "1,000" and "1.5" stay one token: numbers are the strongest evidence two claims agree.
_NUMBER_SEP = re.compile(r"(?<=\d)[,.](?=\d)")
_WORD = re.compile(r"\d+(?:\.\d+)?|[^\W_]+(?:'[^\W_]+)?")
_NAME_LIKE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]*[a-z][\w'-]*|\b[A-Z]{2,}\b")


@cache
def stopwords() -> frozenset[str]:
    """Function words and reporting verbs (``data/linking-stopwords.txt``)."""
    path = resources.files("claimledger") / "data" / "linking-stopwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def normalize_text(text: str) -> str:
    """NFKC, typographic quotes made plain, lower case, thousands separators dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return _NUMBER_SEP.sub(lambda m: "" if m.group(0) == "," else ".", text)


def words(text: str) -> list[str]:
    """Word tokens of the normalised text (punctuation dropped, decimals kept)."""
    return [_plain(w) for w in _WORD.findall(normalize_text(text))]


def _plain(word: str) -> str:
    """The word without a possessive ending or inner apostrophes ("monday's" -> "monday")."""
    return word.removesuffix("'s").replace("'", "")


def content_words(text: str) -> list[str]:
    """Words that are not function words and not one letter long."""
    stop = stopwords()
    return [w for w in words(text) if len(w) > 1 and w not in stop]


def linkable(text: str, minimum: int) -> bool:
    """Whether a claim says enough to be traced across outlets: at least ``minimum``
    distinct content words (``Thresholds.min_content_words``).

    Why: "That's it.", "We got her." or "You may also like:" recur in many outlets without
    being one claim; linking them made the most-travelled "claims" of a mixed corpus
    boilerplate. Such texts stay singleton clusters (never grouped, never paired).
    """
    return len(set(content_words(text))) >= minimum


def signal_tokens(text: str) -> frozenset[str]:
    """Numbers and name-like words: what the guard on borderline cosines requires.

    Name-like = capitalised word not at the start of the sentence, or an acronym. Why: two
    paraphrases of one claim nearly always repeat its names or numbers; two claims of one
    story that merely sound alike ("X said the talks went well") often do not.
    """
    stop = stopwords()
    found = {w for w in words(text) if any(ch.isdigit() for ch in w)}
    plain = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    for match in _NAME_LIKE.finditer(plain):
        token = _plain(match.group(0).lower())
        if token not in stop:
            found.add(token)
    return frozenset(found)


def _own_normalize_name(name: str) -> str:
    text = normalize_text(name)
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip())
    return " ".join(re.findall(r"[^\W_]+", text))


def _resolve_name_normaliser() -> Callable[[str], str]:
    """The project's shared ``claimledger.names.normalize_name`` when it exists, else ours."""
    try:
        module = importlib.import_module("claimledger.names")
    except ImportError:
        return _own_normalize_name
    shared = getattr(module, "normalize_name", None)
    return cast(Callable[[str], str], shared) if callable(shared) else _own_normalize_name


@lru_cache(maxsize=1 << 16)  # bounded: a large ledger names far more people and outlets
def name_key(name: str) -> str:
    """A comparison key for source and outlet names ("The Reuters" == "reuters")."""
    return _resolve_name_normaliser()(name) or name.strip().lower()
