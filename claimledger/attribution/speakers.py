"""Speaker mentions and their resolution to people and organisations, without coreference.

Heuristics, each cheap and local:

- a speaker mention is the subject's subtree cut at the first comma, bracket or dash
  after its head, so a title before the name stays ("UBS analyst David Strauss") and an
  appositive after a comma goes ("Louis Gallois, the Airbus chief executive");
- people are clustered by surname over the NER's PERSON mentions (the longest mention
  is the full name); organisations by acronym ("GAO"), a "(SHORT)" definition, or a
  shorter name that starts the longer one ("Apple" / "Apple Inc.");
- pronouns go to the most recent compatible mention: he/she to a person whose gender
  the article shows (titles, or the he/she that follows their mentions), it and
  "the company" to an organisation, they to an organisation or group.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from claimledger.attribution import lexicon

_STOP_AFTER_HEAD = frozenset({",", "(", ")", "--", "—", "–", ";", ":"})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir"})
_FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "spokeswoman", "chairwoman",
                            "congresswoman", "businesswoman", "queen", "madam"})
_MALE_TITLES = frozenset({"mr", "mr.", "spokesman", "chairman", "congressman",
                          "businessman", "king", "sir"})
_ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC"})
_ACRONYM_SKIP = frozenset({"of", "and", "the", "&", "for", "de", "du"})
_DEFINITION = re.compile(r"([A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|of|and|for|&|de))*)"
                         r"\s*\(\s*([A-Z][A-Za-z.&]{1,9})\s*\)")
_POSSESSIVE = re.compile(r"\s*['’]s?$")


def _clean_name(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip()


def speaker_span(doc: Doc, head: Token) -> tuple[int, int]:
    """Characters of the speaker mention headed by ``head`` (see module docstring)."""
    first = head.left_edge.i
    last = head.i
    for sibling in head.head.children:
        # two adjacent subjects are one appositive mention ("the journal The Economist")
        if sibling.dep_ == head.dep_ and sibling.right_edge.i == first - 1:
            first = sibling.left_edge.i
    for i in range(head.i + 1, head.right_edge.i + 1):
        token = doc[i]
        if token.text in _STOP_AFTER_HEAD or token.is_quote or "\n" in token.text:
            break
        last = i
    for i in range(head.i - 1, first - 1, -1):
        if doc[i].text in _STOP_AFTER_HEAD or doc[i].is_quote or "\n" in doc[i].text:
            first = i + 1
            break
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


@dataclass(slots=True)
class Named:
    """A person or organisation seen in the article, with all its mention offsets."""

    label: str  # "person" or "org"
    name: str
    ent_label: str = "PERSON"
    mentions: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None


@dataclass(slots=True)
class Entities:
    """The article's people and organisations, and an index of mentions by position."""

    people: dict[str, Named]
    orgs: dict[str, Named]
    aliases: dict[str, str]
    order: list[tuple[int, Named]]  # (mention start, entity) sorted by start

    def _positions(self) -> list[int]:
        return [start for start, _ in self.order]

    def person(self, name: str) -> Named | None:
        """The person whose surname (last word) is the last word of ``name``."""
        words = _clean_name(name).split()
        if not words:
            return None
        return self.people.get(words[-1].lower())

    def org(self, name: str) -> Named | None:
        key = _clean_name(name).lower()
        key = self.aliases.get(key, key)
        return self.orgs.get(key)

    def before(self, offset: int, label: str, gender: str | None = None) -> Named | None:
        """The entity of ``label`` last mentioned before ``offset``.

        People: the nearest of the pronoun's gender, else the nearest of unknown gender.
        Organisations (for "it", "the company"): among the last three distinct ones, the
        most mentioned so far, because the article's subject company is the usual
        referent even when another firm was named in between.
        """
        index = bisect_left(self._positions(), offset)
        earlier = self.order[:index]
        if label == "person":
            unknown: Named | None = None
            for _, named in reversed(earlier):
                if named.label != "person":
                    continue
                if gender not in ("m", "f") or named.gender == gender:
                    return named
                if named.gender is None and unknown is None:
                    unknown = named
            return unknown
        recent: list[Named] = []
        for _, named in reversed(earlier):
            if named.label == "org" and named.ent_label == "ORG" and named not in recent:
                recent.append(named)
                if len(recent) == 3:
                    break
        if not recent:
            return None
        counts = {id(n): sum(1 for _, m in earlier if m is n) for n in recent}
        return max(recent, key=lambda n: counts[id(n)])


def _person_tokens(ent_tokens: list[Token]) -> list[Token]:
    tokens = [t for t in ent_tokens if t.lower_ not in _HONORIFICS and t.tag_ != "POS"]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("'s", "’s")):
        tokens.pop()
    return tokens


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w and w.lower() not in _ACRONYM_SKIP
                   and w[0].isalpha()).upper()


def collect_entities(doc: Doc) -> Entities:
    """Cluster the doc's PERSON and organisation mentions (see module docstring)."""
    people: dict[str, Named] = {}
    orgs: dict[str, Named] = {}
    order: list[tuple[int, Named]] = []
    org_mentions: list[tuple[int, int, str, str]] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            tokens = _person_tokens(list(ent))
            if not tokens:
                continue
            name = " ".join(t.text for t in tokens)
            key = tokens[-1].lower_
            named = people.get(key)
            if named is None:
                named = people[key] = Named("person", name)
            elif len(name) > len(named.name):
                named.name = name
            span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
            named.mentions.append(span)
            order.append((span[0], named))
        elif ent.label_ in _ORG_LABELS:
            name = _clean_name(ent.text)
            if name:
                org_mentions.append((ent.start_char, ent.end_char, name, ent.label_))
    aliases = _org_aliases(doc.text, [m[2] for m in org_mentions])
    for start, end, name, label in org_mentions:
        key = aliases.get(name.lower(), name.lower())
        named = orgs.get(key)
        if named is None:
            named = orgs[key] = Named("org", name, label)
        if len(name) > len(named.name):
            named.name = name
        named.mentions.append((start, end))
        order.append((start, named))
    for key, long_key in aliases.items():
        if long_key in orgs and key not in orgs:
            orgs[key] = orgs[long_key]
    order.sort(key=lambda item: item[0])
    _guess_genders(doc, order)
    return Entities(people, orgs, aliases, order)


def _org_aliases(text: str, names: list[str]) -> dict[str, str]:
    """Short org name (lowercase) -> the key of the longer name it abbreviates."""
    aliases: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        long_name = _clean_name(match.group(1))
        short = match.group(2)
        if _initials(long_name).endswith(_initials(short)) or short[0] == long_name[:1]:
            aliases[short.lower()] = long_name.lower()
    unique = sorted(set(names), key=len, reverse=True)
    for short in unique:
        key = short.lower()
        if key in aliases:
            continue
        for long_name in unique:
            if len(long_name) <= len(short):
                break
            long_key = long_name.lower()
            if (short.isupper() and 2 <= len(short) <= 6
                    and _initials(long_name) == short.replace(".", "")) or (
                    long_key.startswith(key + " ")):
                aliases[key] = aliases.get(long_key, long_key)
                break
    return aliases


def _guess_genders(doc: Doc, order: list[tuple[int, Named]]) -> None:
    """Gender of each person from titles before a mention or the next he/she after it."""
    votes: dict[int, dict[str, int]] = {}
    starts = [t.idx for t in doc]
    pronouns = lexicon.pronouns()
    for position, (start, named) in enumerate(order):
        if named.label != "person":
            continue
        tally = votes.setdefault(id(named), {"m": 0, "f": 0})
        index = bisect_left(starts, start)
        for token in doc[max(0, index - 2) : index]:
            if token.lower_ in _FEMALE_TITLES:
                tally["f"] += 2
            elif token.lower_ in _MALE_TITLES:
                tally["m"] += 2
        limit = order[position + 1][0] if position + 1 < len(order) else len(doc.text)
        for token in doc[index : min(len(doc), index + 40)]:
            if token.idx >= limit:
                break
            gender = pronouns.get(token.lower_, ("", ""))[0]
            if gender in ("m", "f"):
                tally[gender] += 1
                break
    for _, named in order:
        counts = votes.get(id(named))
        if counts and counts["m"] != counts["f"]:
            named.gender = "m" if counts["m"] > counts["f"] else "f"


def speaker_head(doc: Doc, token: Token) -> Token:
    """The token that names the speaker, when the subject's head is only a description.

    "The vice president of Dacia, Constantin Stroe, said" and "said Tim Ghriskey, chief
    investment officer at …" put the name in an appositive, and "The US car
    manufacturer General Motors" may be parsed with the common noun as head: the name
    decides who speaks.
    """
    if token.pos_ in ("PROPN", "PRON"):
        return token
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    if token.dep_ == "appos" and token.head.pos_ == "PROPN":
        return token.head
    for child in token.rights:
        if child.dep_ in ("compound", "npadvmod", "nmod") and child.ent_type_ in (
            "PERSON", "ORG"
        ):
            return child
    return token


def speaker_after(doc: Doc, cue: Token) -> Token | None:
    """"“…,” said Uralsib analyst Chris Weafer" parsed without a subject: the noun phrase
    right after the cue, by its last noun."""
    last: Token | None = None
    for token in doc[cue.i + 1 : min(len(doc), cue.i + 9)]:
        if token.pos_ in ("PROPN", "NOUN") or (token.pos_ == "PRON" and last is None):
            last = token
            if token.pos_ == "PRON":
                break
        elif (token.pos_ in ("DET", "ADJ", "NUM") and last is None) or token.tag_ == "POS":
            continue
        else:
            break
    return last
