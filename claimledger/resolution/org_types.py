"""The type of organisation a definite description asks for, and an organisation's own.

"The company said …" after an article named Big Machine and the American Music Awards
went to the awards, the latest organisation named: "company" asks for a business, and
"Awards" in a name makes an event. A description (``attribution_org_types.txt``, "noun"
lines) skips organisations whose name gives another type ("name" lines); an organisation
whose name gives no type (most: "Big Machine", "WeWork", "CBP") stays a candidate for
every description, so the rule only ever removes a clash the name itself shows.
"""

from __future__ import annotations

from functools import cache

from claimledger.attribution import lexicon
from claimledger.attribution.entities import Named


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    nouns: dict[str, str] = {}
    names: dict[str, str] = {}
    for part, kind, word in lexicon.org_types():
        (nouns if part == "noun" else names)[word] = kind  # "name" and "suffix" lines
    return nouns, names


def asked_type(lemma: str) -> str | None:
    """The organisation type a description's head noun asks for ("company" -> business)."""
    return _table()[0].get(lemma)


@cache
def _name_type(name: str) -> str | None:
    names = _table()[1]
    for word in reversed(name.lower().replace(".", " ").split()):
        kind = names.get(word)
        if kind is not None:
            return kind
    return None


def fits(named: Named, wanted: str | None) -> bool:
    """Can an organisation be described by a noun asking for ``wanted``? (A name that
    gives no type fits every description.)"""
    if wanted is None:
        return True
    kind = _name_type(named.name)
    return kind is None or kind == wanted
