"""The article's people and organisations, clustered without coreference.

Heuristics, each cheap and local:

- people are clustered by surname over the NER's PERSON mentions (the longest mention
  is the full name), plus bare surnames the NER missed or took for an organisation;
- organisations by acronym ("GAO"), a "(SHORT)" definition, or a shorter name that
  starts the longer one ("Apple" / "Apple Inc.");
- pronouns and definite descriptions go to the last compatible subject of this or the
  previous sentence, else to the most recent compatible mention: he/she to a person
  whose gender the article shows (titles, or the he/she that follows their mentions),
  it and "the company" to an organisation (one the article described by that noun
  first), they to an organisation or group.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.attrs import ENT_TYPE, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Token

from claimledger.attribution import lexicon
from claimledger.attribution.outlets import outlet_descriptors_at
from claimledger.attribution.variants import (
    abbreviates,
    given_name_owner,
    looks_abbreviated,
    org_aliases,
)
from claimledger.names import words_of
from claimledger.resolution.gender import (
    FEMALE_TITLES,
    HONORIFICS,
    MALE_TITLES,
    first_name_gender,
)

if TYPE_CHECKING:  # imported lazily at run time (see collect_entities)
    from claimledger.claims.docview import DocView

_NOT_NAME_POS = frozenset({"VERB", "AUX", "ADV", "DET", "ADP", "CCONJ", "SCONJ", "PRON",
                           "PUNCT"})
_ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Time-zone acronyms the NER tags as organisations ("14:58 UTC"): never an "it".
_TIME_ZONES = frozenset({"UTC", "GMT", "EST", "EDT", "PST", "PDT", "CET", "BST", "ET"})
_POSSESSIVE = re.compile(r"\s*['’]s?$")
# Generational suffixes end a name without being its surname: "James Kennedy Jr." and
# "Patrick Carlineo Jr." are two people, not one "Jr." cluster.
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def surname_key(words: list[str]) -> str:
    """The lowercase surname of a name given as words: the last word that is not a
    generational suffix ("" for no words)."""
    lowered = [w.lower().rstrip(",") for w in words]
    while len(lowered) > 1 and lowered[-1] in _SUFFIXES:
        lowered.pop()
    return lowered[-1] if lowered else ""


_OrgMention = tuple[int, int, str, str, bool, set[str]]


def clean_name(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip()


@dataclass(slots=True)
class Named:
    """A person or organisation seen in the article, with all its mention offsets."""

    label: str  # "person" or "org"
    name: str
    ent_label: str = "PERSON"
    mentions: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None
    # head nouns the article describes it by: "NPD Group, a market research firm"
    descriptors: set[str] = field(default_factory=set)

    # the article's only evidence is one following he/she (settled on first need)
    gender_weak: bool = False
    # named with a title or honorific at least once ("Mr. Trump", "President Trump")
    titled: bool = False

    def shown_gender(self) -> str | None:
        """The gender the article shows; a single-pronoun guess gives way to a
        confidently gendered first name (the pronoun may speak of someone named later).
        Looked up only when a pronoun needs it: the name list is costly to open."""
        if self.gender_weak:
            self.gender_weak = False
            by_name = first_name_gender(self.name.split()[0])
            if by_name is not None:
                self.gender = by_name
        return self.gender

    def likely_gender(self) -> str | None:
        """The gender the article shows, else the first name's (None when ambiguous)."""
        shown = self.shown_gender()
        if shown is not None or self.label != "person" or " " not in self.name:
            return shown
        return first_name_gender(self.name.split()[0])

    def compatible(self, gender: str | None) -> bool:
        """Can a he (``m``) or she (``f``) refer to this person?"""
        return gender not in ("m", "f") or self.likely_gender() in (None, gender)

    @property
    def weak(self) -> bool:
        """A "person" known by one word only ("Mac", "App Store" as the NER reads them):
        news names a real person in full at least once, so a pronoun prefers others.
        A one-word name given a title ("Mr. Trump", "President Trump") is a person all
        the same: an article may never spell out a well-known name."""
        return self.label == "person" and " " not in self.name and not self.titled


@dataclass(slots=True)
class Entities:
    """The article's people and organisations, and an index of mentions by position."""

    people: dict[str, Named]
    orgs: dict[str, Named]
    aliases: dict[str, str]
    order: list[tuple[int, Named]]  # (mention start, entity) sorted by start
    # (mention start, entity) of mentions that are a clause's subject, sorted by start
    subjects: list[tuple[int, Named]] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    # (open, close) of the article's top-level quotations, sorted: a name inside someone's
    # quote is mentioned in passing, not the topic a later he/she continues
    quoted: list[tuple[int, int]] = field(default_factory=list)
    # Caches for the look-ups by position (see ``_positions`` and ``_OrgTally``).
    _starts: list[int] = field(default_factory=list, init=False, repr=False, compare=False)
    _subject_starts: list[int] = field(default_factory=list, init=False, repr=False,
                                       compare=False)
    _tally: _OrgTally | None = field(default=None, init=False, repr=False, compare=False)

    def _positions(self) -> list[int]:
        # Built once, not per look-up: one list per look-up made a long article's
        # attribution time grow with its length squared (issue 11). Rebuilt if mentions
        # were added since.
        if len(self._starts) != len(self.order):
            self._starts = [start for start, _ in self.order]
        return self._starts

    def in_quote(self, offset: int) -> bool:
        """Is ``offset`` inside one of ``quoted``?"""
        index = bisect_right(self.quoted, (offset, 1 << 62)) - 1
        return index >= 0 and self.quoted[index][0] < offset < self.quoted[index][1]

    def recent_subject(self, offset: int, label: str, gender: str | None = None,
                       accept: Callable[[Named], bool] | None = None) -> Named | None:
        """The last subject of ``label`` in this or the previous sentence before ``offset``.

        Why: a pronoun or "the company" that opens a clause mostly continues the topic of
        the sentence before, its subject ("The US Treasury described the plan … It said
        …"), even when another name ("14:58 UTC") was mentioned in between.
        ``accept``, when given, must pass the subject (a description's organisation type).
        """
        sentence = bisect_right(self.sentence_starts, offset) - 1
        window = self.sentence_starts[max(0, sentence - 1)] if sentence >= 0 else 0
        if len(self._subject_starts) != len(self.subjects):  # once, as ``_positions``
            self._subject_starts = [start for start, _ in self.subjects]
        index = bisect_left(self._subject_starts, offset)
        for position in range(index - 1, -1, -1):
            start, named = self.subjects[position]
            if start < window:
                break
            if named.label != label:
                continue
            if label == "org" and named.ent_label != "ORG":
                continue
            if label == "person" and not named.compatible(gender):
                continue
            if named.weak or (self.quoted and self.in_quote(start)):
                continue
            if accept is not None and not accept(named):
                continue
            return named
        return None

    def described(self, offset: int, noun: str) -> Named | None:
        """The last organisation before ``offset`` the article described as ``noun``
        ("NPD Group, a market research firm. The firm said …")."""
        index = bisect_left(self._positions(), offset)
        for position in range(index - 1, -1, -1):
            named = self.order[position][1]
            if named.label == "org" and noun in named.descriptors:
                return named
        return None

    def recent_people(self, offset: int, count: int, gender: str | None = None,
                      sentences: int = 6) -> list[Named]:
        """The ``count`` distinct people last named before ``offset`` within the last
        ``sentences`` sentences, earliest first ([] when fewer): "Kurt Volker met Tim
        Morrison … the pair said". One-word names and names inside a quote do not count
        (as for ``before``); a gender, when given, must be compatible. The walk stops at
        the window, so it reads a few sentences, not the article."""
        sentence = bisect_right(self.sentence_starts, offset) - 1
        window = self.sentence_starts[max(0, sentence - sentences + 1)] \
            if sentence >= 0 else 0
        found: list[Named] = []
        for position in range(bisect_left(self._positions(), offset) - 1, -1, -1):
            start, named = self.order[position]
            if start < window:
                break
            if named.label != "person" or named.weak or any(n is named for n in found) \
                    or (self.quoted and self.in_quote(start)) or not named.compatible(gender):
                continue
            found.append(named)
            if len(found) == count:
                return found[::-1]
        return []

    def person(self, name: str) -> Named | None:
        """The person whose surname (last word) is the last word of ``name``."""
        words = clean_name(name).split()
        if not words:
            return None
        return self.people.get(surname_key(words))

    def org(self, name: str) -> Named | None:
        key = clean_name(name).lower()
        key = self.aliases.get(key, key)
        return self.orgs.get(key)

    def before(self, offset: int, label: str, gender: str | None = None,
               accept: Callable[[Named], bool] | None = None) -> Named | None:
        """The entity of ``label`` last mentioned before ``offset``.

        People: the nearest of the pronoun's gender, else the nearest of unknown gender.
        Organisations (for "it", "the company"): among the last three distinct ones and
        any named three times so far, the most mentioned, because the article's subject
        company is the usual referent even when other firms were named in between.
        ``accept``, when given, must pass the organisation (a description's type).
        """
        index = bisect_left(self._positions(), offset)
        if label == "person":
            unknown: Named | None = None
            weak: Named | None = None
            for position in range(index - 1, -1, -1):
                start, named = self.order[position]
                if named.label != "person":
                    continue
                if named.weak or (self.quoted and self.in_quote(start)):
                    # one-word names and names inside a quote: only as a last resort
                    weak = weak or named
                    continue
                if gender not in ("m", "f") or named.shown_gender() == gender:
                    return named
                if named.gender is None and unknown is None and named.compatible(gender):
                    if named.likely_gender() == gender:
                        return named
                    unknown = named
            return unknown or weak
        if self._tally is None or not self._tally.can_reach(self.order, index):
            self._tally = _OrgTally()
        return self._tally.topic(self.order, index, accept)


class _OrgTally:
    """Mentions of each organisation among the first ``upto`` of ``Entities.order``.

    Why a running tally: counting every earlier mention anew for each "it" or "the
    company" made a long article's time grow with its length squared (issue 11). Look-ups
    come in text order, so the tally only moves forward (it starts over otherwise).
    """

    def __init__(self) -> None:
        self.upto = 0
        self.size = 0
        self.counts: dict[int, int] = {}
        self.last: dict[int, int] = {}  # id -> position of its latest mention
        self.named: dict[int, Named] = {}

    def can_reach(self, order: list[tuple[int, Named]], index: int) -> bool:
        return self.upto <= index and self.size == len(order)

    def topic(self, order: list[tuple[int, Named]], index: int,
              accept: Callable[[Named], bool] | None = None) -> Named | None:
        """Among the last three distinct organisations before ``index`` and any named
        three times so far, the most mentioned; ties go to the latest mentioned. Those
        ``accept`` rejects are left out, and None is returned when none is left."""
        self.size = len(order)
        for position in range(self.upto, index):
            named = order[position][1]
            # "iPhone", "iTunes": a product named with a lower-case letter is no "it"
            if named.label != "org" or named.ent_label != "ORG" or named.name[:1].islower():
                continue
            self.counts[id(named)] = self.counts.get(id(named), 0) + 1
            self.last[id(named)] = position
            self.named[id(named)] = named
        self.upto = max(self.upto, index)
        if not self.counts:
            return None
        # the last three, and the article's topic company (named three times or more)
        # even when several other firms were named since
        candidates = set(heapq.nlargest(3, self.last, key=self.last.__getitem__))
        candidates.update(key for key, count in self.counts.items() if count >= 3)
        if accept is not None:
            candidates = {key for key in candidates if accept(self.named[key])}
            if not candidates:
                return None
        best = max(candidates, key=lambda key: (self.counts[key], self.last[key]))
        return self.named[best]


def _person_tokens(ent_tokens: list[Token]) -> list[Token]:
    tokens = [t for t in ent_tokens if t.lower_ not in HONORIFICS and t.tag_ != "POS"]
    # "Questioning Vindman": a sentence-initial verb the NER took into the name
    while len(tokens) > 1 and (tokens[0].pos_ in _NOT_NAME_POS or (
            tokens[0].is_sent_start and tokens[0].lower_.endswith("ing")
            and first_name_gender(tokens[0].text) is None)):
        # (a participle opening the sentence is capitalised like a name: the small
        # model tags it PROPN; names ending in -ing are kept by the first-name list)
        tokens.pop(0)
    # (a line break the NER took into "Steve\n" is no part of the name: kept, it made
    # the key "\n", a person apart from the "Steve Jobs" the given name belongs to)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space
                      or tokens[-1].lower_ in ("'s", "’s")):
        tokens.pop()
    return tokens


def _name_text(text: str, tokens: list[Token]) -> str:
    """The name as the article writes it: "Ming-Chi Kuo", not the tokens joined by
    spaces ("Ming - Chi Kuo", which the entity layer never spelt that way)."""
    if tokens[-1].i - tokens[0].i + 1 != len(tokens):  # a title dropped inside the name
        return " ".join(t.text for t in tokens)
    return " ".join(text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)].split())


def collect_entities(doc: Doc, text: str | None = None) -> Entities:
    """Cluster the doc's PERSON and organisation mentions (see module docstring).

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    # Imported here: ``claimledger.claims`` imports the entity pass, which imports us.
    from claimledger.claims.docview import view_of

    # The parse as plain lists (shared with the claims layer): ``doc.ents`` and every
    # ``Token`` look-up would build spaCy objects per entity and per question.
    view = view_of(doc)
    text = view.text if text is None else text
    people: dict[str, Named] = {}
    orgs: dict[str, Named] = {}
    order: list[tuple[int, Named]] = []
    subjects: list[tuple[int, Named]] = []
    org_mentions: list[_OrgMention] = []
    for ent in view.ents:
        root = view.root(ent.start, ent.end)
        is_subject = view.dep[root] in _SUBJECT_DEPS
        label = ent.label
        if label == "PERSON" and view.lower[ent.end - 1].rstrip(".") in (
            lexicon.org_name_suffixes()
        ):
            # "Dick Clark Productions", which the NER tags PERSON, is an organisation
            label = "ORG"
        if label == "PERSON" or _titled_surname(view, ent.start, ent.end):
            tokens = _person_tokens(list(doc[ent.start:ent.end]))
            if not tokens:
                continue
            name = _name_text(text, tokens)
            key = surname_key([t.text for t in tokens])
            named = people.get(key)
            if named is None:
                named = people[key] = Named("person", name)
            elif len(name) > len(named.name):
                named.name = name
            if not named.titled and _titled(doc, ent.start, tokens[0].i):
                named.titled = True
            span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
            named.mentions.append(span)
            order.append((span[0], named))
            if is_subject:
                subjects.append((span[0], named))
        elif label in _ORG_LABELS:
            name = clean_name(text[ent.start_char:ent.end_char])
            if name and name.upper() not in _TIME_ZONES:
                descriptors = _descriptors(view, ent.start, ent.end, root)
                if label == "ORG":
                    descriptors |= outlet_descriptors_at(view, root)
                org_mentions.append((ent.start_char, ent.end_char, name, label,
                                     is_subject, descriptors))
    org_mentions = _rejoin_split_names(text, org_mentions)
    org_mentions = _retagged_org_names(doc, org_mentions, people)
    _untagged_surnames(doc, people, order, subjects)
    _merge_given_names(people, order, subjects)
    org_mentions = _surnames_tagged_as_orgs(people, org_mentions, order, subjects)
    aliases = org_aliases(text, [m[2] for m in org_mentions])
    for start, end, name, label, is_subject, descriptors in org_mentions:
        key = aliases.get(name.lower(), name.lower())
        named = orgs.get(key)
        if named is None:
            named = orgs[key] = Named("org", name, label)
        if len(name) > len(named.name):
            named.name = name
        named.mentions.append((start, end))
        named.descriptors |= descriptors
        order.append((start, named))
        if is_subject:
            subjects.append((start, named))
    for key, long_key in aliases.items():
        if long_key in orgs and key not in orgs:
            orgs[key] = orgs[long_key]
    order.sort(key=lambda item: item[0])
    subjects.sort(key=lambda item: item[0])
    _guess_genders(doc, order)
    return Entities(people, orgs, aliases, order, subjects,
                    [view.starts[first] for first, _ in view.sents])


def _rejoin_split_names(text: str, org_mentions: list[_OrgMention]) -> list[_OrgMention]:
    """Join two organisation mentions the NER split at "and" ("Customs" and "Border
    Protection") when the article abbreviates the joined name elsewhere ("CBP").

    Why: split, neither half matched the abbreviation, so "CBP" and a later "the agency"
    never reached the name the article introduced (issue 12). The abbreviation is the
    evidence that the words are one name, not two organisations ("Apple and Google").
    """
    shorts = {m[2] for m in org_mentions if looks_abbreviated(m[2])}
    if not shorts or len(org_mentions) < 2:
        return org_mentions
    joined: list[_OrgMention] = []
    index = 0
    while index < len(org_mentions):
        first = org_mentions[index]
        if index + 1 < len(org_mentions):
            second = org_mentions[index + 1]
            name = f"{first[2]}{text[first[1]:second[0]]}{second[2]}"
            if text[first[1]:second[0]] in (" and ", " & ") and "ORG" in (first[3], second[3]) \
                    and any(abbreviates(short, name) for short in shorts):
                joined.append((first[0], second[1], name, "ORG", first[4] or second[4],
                               first[5] | second[5]))
                index += 2
                continue
        joined.append(first)
        index += 1
    return joined


def _retagged_org_names(doc: Doc, org_mentions: list[_OrgMention],
                        people: dict[str, Named]) -> list[_OrgMention]:
    """Add the mentions of an organisation's name that the NER tagged as a product or
    work of art, or left untagged, elsewhere in the article.

    Why: the small model tags "investigating WeWork" as a PRODUCT and "WeWork" as an
    ORG two sentences later, so "The company confirmed" right after the first found no
    organisation at all (issue 12). Only names tagged ORG somewhere count, matched token
    by token with their capitals, from one ``Doc.to_array`` pass; never a person's
    surname the NER also tagged ORG ("Bridenstine"), which ``_surnames_tagged_as_orgs``
    gives back to the person.
    """
    from claimledger.claims.docview import view_of  # see collect_entities

    view = view_of(doc)  # plain lists: no spaCy Span or Token per look
    words_of_doc, lower, tag, ent_type = view.words, view.lower, view.tag, view.ent_type
    names: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for start, end, name, label, _subject, _descriptors in org_mentions:
        tokens = view.expand(start, end) if label == "ORG" else None
        if tokens is None:
            continue
        words = tuple(words_of_doc[i] for i in range(*tokens)
                      if lower[i] != "the" and tag[i] != "POS")
        if words and words[0][:1].isupper() and name.lower() not in people:
            entry = (words, name)
            if entry not in names.setdefault(words[0], []):
                names[words[0]].append(entry)
    if not names:
        return org_mentions
    other = {"", "PRODUCT", "WORK_OF_ART"}
    size = len(view)
    added: list[_OrgMention] = []
    after = 0  # tokens before this are inside a mention already added
    # the tokens whose text opens a name, from the shared lower-case index (each such
    # token's lower case is a key's) rather than a walk over every token; text order
    positions = view.positions_by_lower()
    openers = sorted(i for key in {word.lower() for word in names}
                     for i in positions.get(key, ()) if words_of_doc[i] in names)
    for index in openers:
        if index < after or ent_type[index] not in other:
            continue
        for words, name in names[words_of_doc[index]]:
            end = index + len(words)
            if end <= size and all(ent_type[index + offset] in other
                                   and words_of_doc[index + offset] == word
                                   for offset, word in enumerate(words)):
                added.append((view.starts[index], view.ends[end - 1], name, "ORG",
                              view.dep[view.root(index, end)] in _SUBJECT_DEPS, set()))
                after = end
                break
    if not added:
        return org_mentions
    return sorted(org_mentions + added, key=lambda mention: mention[0])


def _surnames_tagged_as_orgs(people: dict[str, Named], org_mentions: list[_OrgMention],
                             order: list[tuple[int, Named]],
                             subjects: list[tuple[int, Named]]) -> list[_OrgMention]:
    """Give a known person's bare surname back to the person when the NER tagged it as
    an organisation ("Jobs, aged 55, has taken leave", "Volker said").

    The organisation reading wins only when the article names that organisation in full
    ("Ford Motor Company" beside William Clay Ford Jr.) or uses the word before it
    names the person: counting mentions is no guide, because the NER often tags every
    later mention of a surname as an organisation.
    """
    longer = {m[2].split()[0].lower() for m in org_mentions if " " in m[2]}
    first_org: dict[str, int] = {}
    for mention in org_mentions:
        first_org.setdefault(mention[2].lower(), mention[0])
    kept: list[_OrgMention] = []
    for mention in org_mentions:
        start, end, name, _label, is_subject, _descriptors = mention
        named = people.get(name.lower())
        if named is None or " " in name or name.lower() in longer or (
            named.mentions and first_org[name.lower()] < min(s for s, _ in named.mentions)
        ):
            kept.append(mention)
            continue
        named.mentions.append((start, end))
        order.append((start, named))
        if is_subject:
            subjects.append((start, named))
    return kept


def _titled(doc: Doc, start: int, first: int) -> bool:
    """Does a title or honorific open the person mention ``doc[start:]`` whose name
    begins at token ``first``, inside the entity or just before it?"""
    titles = words_of("person_title")
    return any(t.lower_.rstrip(".") in titles for t in doc[max(0, start - 1) : first])


def _titled_surname(view: DocView, start: int, end: int) -> bool:
    """"Ambassador Volker", "Chairman Schiff": one capitalised word after a person's title
    is a surname, whatever label the NER gave it."""
    if end - start != 1 or start == 0 or not view.words[start][:1].isupper():
        return False
    return view.lower[start - 1].rstrip(".") in words_of("person_title")


def _merge_given_names(people: dict[str, Named], order: list[tuple[int, Named]],
                       subjects: list[tuple[int, Named]]) -> None:
    """Merge a one-word person into the one full name it starts ("Liu" into "Liu
    Xiaoming", "Steve" into "Steve Jobs"): see ``variants.given_name_owner``."""
    full_names = [named.name for named in people.values()]
    for key, named in list(people.items()):
        if " " in named.name:
            continue
        owner_name = given_name_owner(named.name, full_names)
        owner = None if owner_name is None else people.get(surname_key(owner_name.split()))
        if owner is None or owner is named:
            continue
        owner.mentions.extend(named.mentions)
        people[key] = owner
        for index, (start, entity) in enumerate(order):
            if entity is named:
                order[index] = (start, owner)
        for index, (start, entity) in enumerate(subjects):
            if entity is named:
                subjects[index] = (start, owner)


def _descriptors(view: DocView, start: int, end: int, root: int) -> set[str]:
    """Common nouns that describe the name ``doc[start:end]`` (whose root, the caller's
    ``view.root(start, end)``, is ``root``): an appositive ("NPD Group, a market
    research firm") or the noun before it ("the carmaker Fiat")."""
    pos, dep, lemma = view.pos, view.dep, view.lemma
    # a name's own common words describe it too: "Bank of America" is a bank
    words = {view.lower[i] for i in range(start, end)
             if view.is_alpha[i] and not view.is_stop[i]}
    nouns = words | {lemma[c].lower() for c in view.children(root)
                     if dep[c] == "appos" and pos[c] == "NOUN"}
    head = view.head[root]
    if dep[root] == "appos" and pos[head] == "NOUN":
        nouns.add(lemma[head].lower())
    if start > 0 and pos[start - 1] == "NOUN" and view.head[start - 1] >= start:
        nouns.add(lemma[start - 1].lower())
    return nouns


def _untagged_surnames(doc: Doc, people: dict[str, Named], order: list[tuple[int, Named]],
                       subjects: list[tuple[int, Named]]) -> None:
    """Add the mentions of a known surname that the NER left untagged.

    Why: the NER tags "Papermaster" in one sentence and not in the next ("IBM sued
    Papermaster"); a pronoun after the untagged mention would skip that person.
    """
    if not people:
        return
    from claimledger.claims.docview import view_of  # see collect_entities

    # only untagged proper nouns can be such a mention: found from one Doc.to_array
    # instead of asking every spaCy Token for its strings
    columns = doc.to_array([ENT_TYPE, POS])
    view = view_of(doc)
    for index in ((columns[:, 0] == 0) & (columns[:, 1] == PROPN)).nonzero()[0].tolist():
        named = people.get(view.lower[index])
        word, start = view.words[index], view.starts[index]
        if named is None or not word[:1].isupper():
            continue
        named.mentions.append((start, start + len(word)))
        order.append((start, named))
        if view.dep[index] in _SUBJECT_DEPS:
            subjects.append((start, named))


def _guess_genders(doc: Doc, order: list[tuple[int, Named]]) -> None:
    """Gender of each person from titles before a mention or the next he/she after it."""
    # Imported here: ``claimledger.claims`` imports the entity pass, which imports us.
    from claimledger.claims.docview import view_of

    view = view_of(doc)  # plain lists: no ``Token`` built per look
    lower, starts, size = view.lower, view.starts, len(view)
    end_of_text = view.ends[-1] if size else 0
    votes: dict[int, dict[str, int]] = {}
    pronouns = lexicon.pronouns()
    for position, (start, named) in enumerate(order):
        if named.label != "person":
            continue
        tally = votes.setdefault(id(named), {"m": 0, "f": 0})
        index = bisect_left(starts, start)
        for word in lower[max(0, index - 2) : index]:
            if word in FEMALE_TITLES:
                tally["f"] += 2
            elif word in MALE_TITLES:
                tally["m"] += 2
        # the next he/she before another person is named speaks of this one
        # (indexes, not a slice: copying the rest of ``order`` per mention made a long
        # article's time grow with its length squared)
        limit = next((order[later][0] for later in range(position + 1, len(order))
                      if order[later][1].label == "person" and order[later][1] is not named),
                     end_of_text)
        for i in range(index, min(size, index + 40)):
            if starts[i] >= limit:
                break
            gender = pronouns.get(lower[i], ("", ""))[0]
            if gender in ("m", "f"):
                tally[gender] += 1
                break
    for _, named in order:
        counts = votes.get(id(named))
        if counts and counts["m"] != counts["f"]:
            named.gender = "m" if counts["m"] > counts["f"] else "f"
        if counts and named.gender is not None and " " in named.name \
                and max(counts.values()) < 2:
            # one following pronoun is weak evidence: see ``Named.shown_gender``
            named.gender_weak = True
