"""Named entities of one article, with their mentions merged into one record per referent.

Heuristic, in three steps:

1. Candidate mentions: spaCy's named entities (PERSON, ORG, GPE, LOC, FAC, PRODUCT, EVENT,
   WORK_OF_ART, LAW, and NORP used as a noun, e.g. "the Democrats"; NORP adjectives such
   as "Ukrainian depots" are not entities), plus two rules the small model misses: names
   in scare quotes (‘Gerani’) and model designators (Geraniy-2, KC-45, "Airbus A330").
   Spans are cleaned: quote marks, a lowercase "the", trailing punctuation and a
   possessive ’s are left out, so a mention is the name itself. In title-case lines
   (headlines) the tagger is unreliable, so only names also found in the body are kept.
2. Kinds: spaCy's label, corrected by context cues from ``data/name_words.tsv``
   (a product-like name next to "drones" is a weapon system; a "product" that is the
   object of "in" or modifies "strike" is a place).
3. Merging, by bucketing keys (no all-pairs comparison): equal names after
   ``organization_key`` or the alias table; acronyms and parenthetical acronyms
   ("ALABUGA Special Economic Zone (SEZ)", "ALABUGA SEZ"); surnames to full names
   ("Mikhailov" -> "Alexander Mikhailov"); romanisation variants ("Gerani",
   "Geraniy-2"). People come first from the one entity pass the attribution layer
   resolves sources with (``resolution.entity_pass``): the mentions of one person there
   are one entity here, named as the source is named, so a source and its entity agree.

This layer labels what reporting names; it never adds anything about how weapons work.
"""

import re
from bisect import bisect_right
from collections import defaultdict

from spacy.tokens import Doc

from claimledger.claims.entity_mentions import KINDS, Mention, collect_mentions
from claimledger.model import Entity, Span
from claimledger.names import (
    abbreviation_forms,
    alias_table,
    normalize_name,
    organization_key,
    person_name_parts,
    romanization_family,
    split_model_number,
)
from claimledger.resolution.entity_pass import Person, UnionFind, people
from claimledger.resolution.gender import first_name_gender

__all__ = ["KINDS", "Entity", "extract_entities"]


def extract_entities(doc: Doc) -> list[Entity]:
    """The article's entities, in order of first mention (ids e1, e2, ...).

    Never raises on text the pipeline parsed; an article without names gives [].
    """
    mentions = collect_mentions(doc)
    return _entities(_merge(mentions, people(doc)))


# --- merging --------------------------------------------------------------------------


def _compatible(a: Mention, b: Mention) -> bool:
    """A person is never a place (Washington the senator's state vs a Washington)."""
    return {a.kind, b.kind} != {"person", "place"}


def _name_key(mention: Mention) -> str:
    canonical = alias_table().get(normalize_name(mention.text))
    if canonical is not None:
        return "alias:" + normalize_name(canonical)
    if mention.kind == "person":
        return "name:" + normalize_name(mention.text)
    return "name:" + organization_key(mention.text)


def _merge(
    mentions: list[Mention], article_people: list[Person]
) -> list[tuple[list[Mention], str | None]]:
    """Group mentions that name one referent; see the module docstring for the keys.

    Each group comes with the name the entity pass gives the person it is (else None).
    """
    groups = UnionFind(len(mentions))
    owners = _join_article_people(mentions, article_people, groups)

    def join_bucket(indices: list[int]) -> None:
        for index in indices[1:]:
            partner = next((i for i in indices if _compatible(mentions[i], mentions[index])), None)
            if partner is not None and partner != index:
                groups.union(partner, index)

    by_name: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        key = _name_key(mention)
        if key.split(":", 1)[1]:
            by_name[key].append(index)
    for indices in by_name.values():
        join_bucket(indices)

    # Acronyms and abbreviated forms: "ALABUGA SEZ" ~ "ALABUGA Special Economic Zone".
    forms: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        if mention.kind not in ("person", "place"):
            for form in abbreviation_forms(mention.text):
                forms.setdefault(form, index)
    for index, mention in enumerate(mentions):
        if re.search(r"[A-Z]{2}", mention.text) and mention.kind != "person":
            partner = forms.get(organization_key(mention.text))
            if partner is not None and _compatible(mentions[partner], mention):
                groups.union(partner, index)

    index_at = {m.start: i for i, m in enumerate(mentions) if m.origin != "acronym"}
    for index, mention in enumerate(mentions):
        if mention.anchor in index_at:
            groups.union(index_at[mention.anchor], index)

    _merge_short_organization_names(mentions, groups)
    # Kept beside the pass, measured on the dump: it also joins surnames of kinds the
    # pass does not read ("Opelka" tagged WORK_OF_ART to "Reilly Opelka"); without it
    # three articles lost such merges and none gained.
    _merge_surnames(mentions, groups)
    _merge_romanisations(mentions, groups)

    clusters: dict[int, list[Mention]] = defaultdict(list)
    votes: dict[int, dict[str, int]] = defaultdict(dict)
    for index, mention in enumerate(mentions):
        root = groups.find(index)
        clusters[root].append(mention)
        if index in owners:
            tally = votes[root]
            tally[owners[index].name] = tally.get(owners[index].name, 0) + 1
    # A group is the pass's person when most of its mentions are that person's; a
    # group with one stray PERSON tag ("Northrop Grumman", "MacBook Pro" tagged so
    # once) stays what its other mentions say.
    roots = sorted(clusters, key=lambda root: clusters[root][0].start)
    return [
        (clusters[root], max(votes[root], key=lambda name: (votes[root][name], len(name)))
         if 2 * sum(votes[root].values()) > len(clusters[root]) else None)
        for root in roots
    ]


def _join_article_people(
    mentions: list[Mention], article_people: list[Person], groups: UnionFind
) -> dict[int, Person]:
    """Join the mentions of each person of the entity pass; return each joined
    mention's person.

    A mention joins the person whose name span it overlaps when it lies inside that
    span (whatever its kind: "Mayer" that the tagger called a place, "Paulson" an
    organisation, is the surname the pass gave back to the person), or when it is a
    person's name whose given name, within the span, agrees with the person's ("Josh
    Apte" with "Joshua Apte", not "Jane Smith" with "John Smith": the pass clusters by
    surname alone, the entity layer has always told such people apart).
    Why the pass decides over ``_compatible``: its clusters are the sources' people,
    and a source must not name one person while its entity names another.
    """
    starts = [mention.start for mention in mentions]
    not_people = {m.text.casefold() for m in mentions if m.kind != "person"}
    owners: dict[int, Person] = {}
    for person in article_people:
        members: list[int] = []
        for start, end in person.spans:
            index = max(0, bisect_right(starts, start) - 1)
            while index < len(mentions) and mentions[index].start < end:
                mention = mentions[index]
                within = mention.text[max(0, start - mention.start) : end - mention.start]
                inside = start <= mention.start and mention.end <= end
                if mention.end > start and index not in owners and _names_person(
                    mention, within, inside, person, not_people
                ):
                    members.append(index)
                    owners[index] = person
                index += 1
        for member in members[1:]:
            groups.union(members[0], member)
    return owners


def _names_person(
    mention: Mention, within: str, inside: bool, person: Person, not_people: set[str]
) -> bool:
    """Does ``mention`` (``within``: its words inside the person's span) name ``person``?

    Measured on the analysis dump (benchmarks/dump_analyses.py), each rule keeps a
    merge the pass makes from becoming a wrong entity:
    - a mention the tagger called an organisation or a place joins only as the surname
      of a person the article names in full ("Mayer", "Paulson"): a one-word "person"
      of the pass ("Toulouse", "Meth") is as likely the place the tagger saw, and a
      group word ("Democrats", tagged NORP) is no one's surname;
    - a one-word given name ("Steve" of "Steve Jobs") joins only a name of two or three
      words, when the first-name list knows it and the article never uses it as another
      kind of name ("Mac" of "Mac App Store" also names the computer; "Browns" starts
      the four-word "Browns DL Sheldon Richardson");
    - given names must agree (see ``_given_names_agree``).
    """
    given, surname = person_name_parts(within)
    full_given, full_surname = person_name_parts(person.name)
    if mention.kind != "person":
        return (inside and mention.kind in ("organization", "place") and not given
                and surname == full_surname and bool(full_given))
    if not given and surname != full_surname:  # one word: the given name, not the surname
        word = within.strip()
        return (1 <= len(full_given) <= 2 and word.casefold() not in not_people
                and person.name.split()[0] == word and first_name_gender(word) is not None)
    return _given_names_agree(given, full_given)


def _given_names_agree(given: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """An initial, a short form ("Josh" of "Joshua") or a spelling variant agrees."""
    if not given or not full:
        return True
    a, b = given[0], full[0]
    return (a.startswith(b) or b.startswith(a)
            or romanization_family(a) == romanization_family(b))


def _merge_short_organization_names(mentions: list[Mention], groups: UnionFind) -> None:
    """A shortened organisation name joins the one longer name it shortens.

    "Northrop" and "Lockheed" are the first word of "Northrop Grumman" and "Lockheed
    Martin"; "the Air Force" is the final words of "United States Air Force". Only when
    exactly one longer organisation name in the article fits, so "Air" or "Bank" alone,
    or a short form of two different names, stay apart.
    """
    longer: dict[str, set[str]] = defaultdict(set)
    first_index: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        words = organization_key(mention.text).split()
        if mention.kind != "organization" or len(words) < 2:
            continue
        full = " ".join(words)
        first_index.setdefault(full, index)
        longer["first:" + words[0]].add(full)
        for cut in range(1, len(words) - 1):
            longer["tail:" + " ".join(words[cut:])].add(full)
    for index, mention in enumerate(mentions):
        if mention.kind != "organization" or not mention.text[:1].isupper():
            continue
        words = organization_key(mention.text).split()
        key = "first:" + words[0] if len(words) == 1 else "tail:" + " ".join(words)
        fits = longer.get(key, set())
        if len(words) >= 1 and len(fits) == 1:
            groups.union(first_index[next(iter(fits))], index)


def _merge_surnames(mentions: list[Mention], groups: UnionFind) -> None:
    """A surname alone, or with an initial, joins the nearest earlier full name."""
    full_names: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        given, surname = person_name_parts(mention.text)
        if mention.kind == "person" and given and surname:
            full_names[surname].append(index)
    for index, mention in enumerate(mentions):
        given, surname = person_name_parts(mention.text)
        candidates = full_names.get(surname, [])
        if not candidates or mention.kind == "place" or index in candidates[:1]:
            continue
        # Why: the tagger calls "Mikhailov emphasized" an ORG; a subject that matches a
        # full name's surname is that person. An ORG elsewhere ("at Ford") is not.
        if mention.kind not in ("person", "other") and not mention.subject:
            continue
        matching = [
            c for c in candidates if _initials_agree(given, person_name_parts(mentions[c].text)[0])
        ]
        earlier = [c for c in matching if mentions[c].start <= mention.start]
        chosen = earlier[-1] if earlier else (matching[0] if matching else None)
        if chosen is not None:
            groups.union(chosen, index)


def _initials_agree(given: tuple[str, ...], full: tuple[str, ...]) -> bool:
    if not given:
        return True
    if not full:
        return False
    if len(given[0]) == 1 or len(full[0]) == 1:
        return given[0][0] == full[0][0]
    return romanization_family(given[0]) == romanization_family(full[0])


def _merge_romanisations(mentions: list[Mention], groups: UnionFind) -> None:
    """Spelling variants of one name: "Gerani", "Geraniy-2", "Geran-2".

    Mentions of one family with the same model number merge; a mention without a number
    joins them only when the article names a single numbered model of that family.
    """
    families: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        base, _number = split_model_number(mention.text)
        # Why: "Boeing" the company is not the "Boeing 767"; only product-like names vary.
        if mention.kind not in ("product", "weapon_system", "other") or len(base.split()) > 1:
            continue
        family = romanization_family(mention.text)
        if len(family) >= 3:
            families[family].append(index)
    for indices in families.values():
        numbers: dict[str, list[int]] = defaultdict(list)
        for index in indices:
            numbers[split_model_number(mentions[index].text)[1].casefold()].append(index)
        numbered = [n for n in numbers if n]
        for number, members in numbers.items():
            target = members if number or len(numbered) != 1 else [*members, *numbers[numbered[0]]]
            for member in target[1:]:
                if _compatible(mentions[target[0]], mentions[member]):
                    groups.union(target[0], member)


# --- records --------------------------------------------------------------------------


def _entities(groups: list[tuple[list[Mention], str | None]]) -> list[Entity]:
    entities: list[Entity] = []
    for number, (group, person_name) in enumerate(groups, start=1):
        # A person of the entity pass is a person here too, named as its source is:
        # the tagger's labels on a bare surname ("Papermaster" as ORG three times beside
        # one "Mark Papermaster") are what the pass corrects.
        kind = "person" if person_name is not None else _vote_kind(group)
        name = _canonical_name(group, person_name)
        aliases = dict.fromkeys(m.text for m in group if m.text != name)
        entities.append(
            Entity(
                id=f"e{number}",
                name=name,
                kind=kind,
                aliases=tuple(aliases),
                mentions=tuple(Span(m.start, m.end, m.text) for m in group),
            )
        )
    return entities


def _canonical_name(group: list[Mention], person_name: str | None = None) -> str:
    """The alias table's canonical name, else the entity pass's name for the person
    (the name the source carries, when the group spells it so), else the longest
    non-acronym form seen."""
    table = alias_table()
    for mention in group:
        canonical = table.get(normalize_name(mention.text))
        if canonical is not None:
            return canonical
    if person_name is not None and any(m.text == person_name for m in group):
        return person_name
    spelled_out = [m.text for m in group if not m.text.isupper()] or [m.text for m in group]
    return max(spelled_out, key=lambda t: (len(t.split()), len(t)))


def _vote_kind(group: list[Mention]) -> str:
    """Majority kind; a full person name and rule-found labels count double, "other" half."""
    votes: dict[str, float] = defaultdict(float)
    for mention in group:
        weight = 0.5 if mention.kind == "other" else 1.0
        if mention.origin in ("quote", "designator", "maker_model"):
            weight *= 2
        if mention.kind == "person" and len(mention.text.split()) > 1:
            weight *= 2
        votes[mention.kind] += weight
    if votes.get("weapon_system"):
        return "weapon_system"  # a refinement of product: any weapon context wins
    return max(votes, key=lambda kind: (votes[kind], -KINDS.index(kind)))
