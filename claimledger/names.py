"""Name normalisation shared by the entity layer and the ledger.

Every function here is pure and total: any string in, a result out, never an exception.
They compare *surface names*; deciding which mentions in an article are candidates is the
entity layer's job (``claimledger.claims.entities``).

- ``normalize_name``: the comparison form of a name (case, accents, quotes, possessives,
  punctuation and a leading "the" removed).
- ``romanization_key``: one key for the many Latin spellings of a Russian or Ukrainian
  name (Gerani / Geraniy / Geran / Герань), with a model number kept apart.
- ``acronym_of`` and ``same_organization``: "USAF" ~ "United States Air Force",
  "ALABUGA SEZ" ~ "ALABUGA Special Economic Zone".
- ``same_person``: "Mikhailov" ~ "Alexander Mikhailov" ~ "A. Mikhailov" ~ "Mr Mikhailov".
- ``alias_table``: the editable table ``data/aliases.tsv`` (Kiev -> Kyiv, EADS -> ...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType

# Quote-like characters that all mean "a quotation mark or an apostrophe".
_SINGLE_QUOTES = "‘’‚‛′`´ʼ"
_DOUBLE_QUOTES = "“”„‟″«»"
_QUOTE_TABLE = str.maketrans(
    {**{c: "'" for c in _SINGLE_QUOTES}, **{c: '"' for c in _DOUBLE_QUOTES}}
)
_POSSESSIVE = re.compile(r"(?<=\w)'s?$|(?<=s)'$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+|_")
_PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)\s*")

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
# Letters only Ukrainian uses: when present, "г" is romanised "h" (Харків -> Kharkiv).
_UKRAINIAN_ONLY = frozenset("іїєґ")
# Multi-letter spellings that romanisation schemes disagree on, mapped to one spelling.
# Order matters: longer clusters first.
_ROMAN_CLUSTERS = (
    ("shch", "sh"), ("sch", "sh"), ("tsch", "ch"), ("tch", "ch"), ("dzh", "j"),
    ("zh", "ʒ"), ("kh", "h"), ("tz", "ts"), ("cz", "ch"), ("ck", "k"), ("x", "ks"),
    ("w", "v"), ("ph", "f"), ("ou", "u"),
)  # fmt: skip
_GLIDES = re.compile(r"[yij]([aeou])")
_FINAL_I = re.compile(r"[iy]+$")
_DOUBLED = re.compile(r"([^\W\d_])\1+")
# A model number needs a separator ("Geran-2", "Boeing 767"): "A330" is one designator.
_MODEL_SUFFIX = re.compile(r"^(.*?\D)[\s\-‐‑–]+(\d\w*)$")
_LEADING_THE = re.compile(r"^the\s+")
_ROMAN_SPLIT = re.compile(r"[\W_]+")
_PLURAL_NUMBER = re.compile(r"(?<=\d)s$")
_ACRONYM_SPLIT = re.compile(r"[\s\-‐‑–/]+")
# Why caches: the entity layer and the attribution engine ask about the same few
# hundred names of an article thousands of times; every function below is a pure
# function of its string, so its result can be kept (bounded, for long-running servers).
_NAME_CACHE = 16_384


@cache
def name_words() -> Mapping[str, frozenset[str]]:
    """list name -> words, from ``data/name_words.tsv`` (loaded once).

    Lists: acronym_skip, legal_suffix, person_title, and the entity layer's kind cues
    (weapon, product, organization, work, event, locative, place_head).
    """
    lists: dict[str, set[str]] = {}
    data = resources.files("claimledger").joinpath("data/name_words.tsv")
    for raw in data.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if "\t" in line:
            name, word = (part.strip() for part in line.split("\t", 1))
            lists.setdefault(name, set()).add(word.casefold())
    return MappingProxyType({name: frozenset(words) for name, words in lists.items()})


def words_of(list_name: str) -> frozenset[str]:
    """One list of ``name_words``; empty if the data file lacks it."""
    return name_words().get(list_name, frozenset())


@lru_cache(maxsize=_NAME_CACHE)
def _strip_latin_accents(text: str) -> str:
    """Remove diacritics from Latin letters only (é -> e) and keep Cyrillic й and ё whole."""
    if text.isascii():
        return text
    out: list[str] = []
    for char in text:
        if ord(char) < 128 or not unicodedata.name(char, "").startswith("LATIN"):
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


@lru_cache(maxsize=_NAME_CACHE)
def normalize_name(name: str) -> str:
    """The comparison form of a name.

    Case-folded, Latin accents removed, quote marks unified then dropped, a final
    possessive ("Russia’s", "Reuters'") removed, punctuation turned into spaces, runs of
    space collapsed and a leading "the" dropped ("The Economist" -> "economist").
    """
    text = unicodedata.normalize("NFC", name).translate(_QUOTE_TABLE).strip(" \t\r\n'\"")
    text = _POSSESSIVE.sub("", text)
    text = _strip_latin_accents(text).casefold()
    text = _NON_WORD.sub(" ", text).strip()
    text = _LEADING_THE.sub("", text)
    return text


@lru_cache(maxsize=_NAME_CACHE)
def transliterate(text: str) -> str:
    """Cyrillic (Russian and Ukrainian letters) to Latin; other characters kept."""
    lowered = text.casefold()
    ukrainian = any(char in _UKRAINIAN_ONLY for char in lowered)
    out: list[str] = []
    for char in lowered:
        if ukrainian and char == "г":
            out.append("h")
        else:
            out.append(_CYRILLIC_TO_LATIN.get(char, char))
    return "".join(out)


def _roman_word_key(word: str) -> str:
    """The romanisation key of one word of letters (see ``romanization_key``)."""
    key = word
    for cluster, replacement in _ROMAN_CLUSTERS:
        key = key.replace(cluster, replacement)
    # Why: Cyrillic е/ё/я/ю are written e/ye/ie/je, yo/io/jo (or plain e for ё),
    # ya/ia/ja, yu/iu/ju; "Fyodor" and "Fedor" are one name.
    key = _GLIDES.sub(lambda m: "j" + m.group(1) if m.group(1) in "au" else "e", key)
    key = key.replace("y", "i")
    key = _DOUBLED.sub(r"\1", key)
    # Why: Russian endings -ий/-ый/-и/-ь appear as iy, yy, ii, y, i or nothing
    # (Geraniy, Gerani, Geran); the stem is what identifies the name.
    stripped = _FINAL_I.sub("", key)
    return stripped if len(stripped) >= 3 else key


@lru_cache(maxsize=_NAME_CACHE)
def split_model_number(name: str) -> tuple[str, str]:
    """``("Geraniy", "2")`` for "Geraniy-2"; ``(name, "")`` when there is no model number."""
    text = name.strip()
    match = _MODEL_SUFFIX.match(text)
    if match is None:
        return text, ""
    # Why: "KC-30s" is the plural of "KC-30".
    return match.group(1).rstrip(" -‐‑–"), _PLURAL_NUMBER.sub("", match.group(2))


@lru_cache(maxsize=_NAME_CACHE)
def romanization_key(name: str) -> str:
    """One key for the Latin spellings of a Russian/Ukrainian name, model number kept apart.

    Cyrillic is transliterated first, then spellings that romanisation schemes disagree
    on are unified: kh/h, zh/j, ts/tz, shch/sch, yu/iu/ju, ya/ia/ja, e/ye/ie, yo/io/ё,
    y/i, doubled letters, and the endings iy/yy/ii/y/i. A trailing model number
    ("-2", " 2M") is kept separately after a "#": "Geraniy-2" and "Geran-2" -> "geran#2";
    "Gerani" and "Герань" -> "geran" (the same family; see ``romanization_family``).
    """
    base, number = split_model_number(name)
    text = _strip_latin_accents(transliterate(base.translate(_QUOTE_TABLE)))
    text = _POSSESSIVE.sub("", text)
    words = [w for w in _ROMAN_SPLIT.split(text) if w]
    words = [w for w in words if w != "the"] or words
    key = " ".join(_roman_word_key(word) for word in words)
    return f"{key}#{number.casefold()}" if number else key


@lru_cache(maxsize=_NAME_CACHE)
def romanization_family(name: str) -> str:
    """The romanisation key without its model number ("Geraniy-2" -> "geran")."""
    return romanization_key(name).split("#", 1)[0]


def _words_for_acronym(name: str) -> list[str]:
    text = _PARENTHETICAL.sub(" ", name.translate(_QUOTE_TABLE))
    return [w for w in _ACRONYM_SPLIT.split(_POSSESSIVE.sub("", text.strip())) if w]


@lru_cache(maxsize=_NAME_CACHE)
def acronym_of(name: str) -> str:
    """The initials of a name, skipping "of", "and", "the"...: "United States Air Force" -> "USAF".

    Words already written in capitals with no lower case ("NATO") contribute their first
    letter like any other word. Returns "" for a name without letters.
    """
    letters = [
        word[0]
        for word in _words_for_acronym(name)
        if word.casefold() not in words_of("acronym_skip") and word[0].isalnum()
    ]
    return "".join(letters).upper()


@lru_cache(maxsize=_NAME_CACHE)
def acronym_variants(name: str) -> frozenset[str]:
    """Acronyms a writer might use for ``name``: with and without function words and
    without a trailing legal form ("European ... Space Company" -> "EADS" and "EADSC")."""
    words = [w for w in _words_for_acronym(name) if w[0].isalnum()]
    if len(words) < 2:
        return frozenset()
    forms = {tuple(words)}
    if words[-1].casefold().strip(".") in words_of("legal_suffix"):
        forms.add(tuple(words[:-1]))
    out: set[str] = set()
    for form in forms:
        out.add("".join(w[0] for w in form).upper())
        out.add("".join(w[0] for w in form if w.casefold() not in words_of("acronym_skip")).upper())
    return frozenset(a for a in out if len(a) >= 2)


@lru_cache(maxsize=_NAME_CACHE)
def organization_key(name: str) -> str:
    """``normalize_name`` without a parenthetical and trailing legal forms ("EADS N.V.")."""
    words = normalize_name(_PARENTHETICAL.sub(" ", name)).split()
    while len(words) > 1 and words[-1] in words_of("legal_suffix"):
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=_NAME_CACHE)
def abbreviation_forms(name: str) -> frozenset[str]:
    """Organisation keys of ``name`` with one run of two or more words replaced by its
    initials: "ALABUGA Special Economic Zone" -> {"alabuga sez", "asez", ...}.

    Capped at 8 words so the number of forms stays small.
    """
    words = organization_key(name).split()
    if not 2 <= len(words) <= 8:
        return frozenset()
    out: set[str] = set()
    for start in range(len(words)):
        for end in range(start + 2, len(words) + 1):
            run = [w for w in words[start:end] if w not in words_of("acronym_skip")]
            if len(run) < 2:
                continue
            initials = "".join(w[0] for w in run)
            out.add(" ".join([*words[:start], initials, *words[end:]]))
    return frozenset(out)


def same_organization(a: str, b: str) -> bool:
    """Whether two surface names plausibly name the same organisation.

    Equal after ``organization_key``; or the same alias-table canonical; or one is an
    acronym of the other, in whole or for a run of words ("ALABUGA SEZ" ~ "ALABUGA
    Special Economic Zone"); or one carries the other as a parenthetical acronym
    ("United States Air Force (USAF)").
    """
    key_a, key_b = organization_key(a), organization_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    aliases = alias_table()
    canon_a = aliases.get(key_a) or aliases.get(normalize_name(a))
    canon_b = aliases.get(key_b) or aliases.get(normalize_name(b))
    if canon_a is not None and canon_a == canon_b:
        return True
    for name, other_key in ((a, key_b), (b, key_a)):
        for inner in _PARENTHETICAL.findall(name):
            if normalize_name(inner) == other_key:
                return True
    return key_b in abbreviation_forms(a) or key_a in abbreviation_forms(b)


@lru_cache(maxsize=_NAME_CACHE)
def person_name_parts(name: str) -> tuple[tuple[str, ...], str]:
    """(given names or initials, surname key) with titles dropped; surname "" if none."""
    words = [w for w in normalize_name(name).split() if w not in words_of("person_title")]
    if not words:
        return (), ""
    return tuple(words[:-1]), romanization_key(words[-1])


def _given_names_compatible(first_a: tuple[str, ...], first_b: tuple[str, ...]) -> bool:
    if not first_a or not first_b:
        return True
    a, b = first_a[0], first_b[0]
    if len(a) == 1 or len(b) == 1:  # an initial: "A. Mikhailov"
        return a[0] == b[0]
    return romanization_key(a) == romanization_key(b)


def same_person(a: str, b: str) -> bool:
    """Whether two surface names plausibly name the same person.

    Titles are ignored ("Mr", "Gen."), the surnames must have the same romanisation key
    and given names, when both are present, must agree (an initial agrees with a name
    that starts with it). A surname alone matches any full name with that surname.

    Decision: a different surname form is a different person: "Anna Mikhailova" is not
    "Mikhailov" (a feminine surname form usually means a relative, not the same person).
    """
    first_a, last_a = person_name_parts(a)
    first_b, last_b = person_name_parts(b)
    if not last_a or last_a != last_b:
        return False
    return _given_names_compatible(first_a, first_b)


def _alias_lines() -> list[str]:
    data = resources.files("claimledger").joinpath("data/aliases.tsv")
    return data.read_text(encoding="utf-8").splitlines()


@cache
def alias_table() -> Mapping[str, str]:
    """Normalised alias -> canonical name, from ``data/aliases.tsv`` (loaded once).

    Each line is ``canonical<TAB>alias``; ``#`` starts a comment. A canonical name also
    maps to itself. A malformed line (no tab) is ignored rather than failing analysis.
    """
    table: dict[str, str] = {}
    for raw in _alias_lines():
        line = raw.split("#", 1)[0].rstrip()
        if "\t" not in line:
            continue
        canonical, alias = (part.strip() for part in line.split("\t", 1))
        if not canonical or not alias:
            continue
        table.setdefault(normalize_name(canonical), canonical)
        table.setdefault(normalize_name(alias), canonical)
    return MappingProxyType(table)
