"""Typing a speaker as a source, and what the article says about it.

Heuristics: the speaker's head token decides. A pronoun or a definite description
("the company", "the CEO") resolves to the last compatible person or organisation; a
head inside a PERSON mention is a named person (full name from the surname cluster);
inside an organisation mention, a named organisation or a publication (outlet list);
a common noun is typed by ``attribution_source_nouns.txt`` with number and anonymity
markers deciding between an anonymous person and an unnamed group. Roles and
affiliations come from the words before a name ("UBS analyst") or an appositive
("Alexander Mikhailov, head of the Military-Political Analysis Bureau").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial

from spacy.tokens import Doc, Span, Token

from claimledger.attribution import lexicon
from claimledger.attribution.outlets import is_publication
from claimledger.attribution.speakers import Entities, Named, clean_name, speaker_span
from claimledger.resolution import anonymous, org_types
from claimledger.resolution.groups import group_size, joint_names, refers_to_group
from claimledger.resolution.possessives import ARTEFACTS, REPRESENTATIVES
from claimledger.resolution.roles import RoleIndex, describe, restricted
from claimledger.resolution.salience import main_subject

_REASON = re.compile(
    r"\b(?:due to|because of|because|for fear of|citing|as (?:he|she|they) (?:was|were|is|are)"
    r" not (?:authori[sz]ed|allowed|permitted))\b[^.,;:!?’”\"]*"
    r"|\bnot (?:authori[sz]ed|allowed|permitted) to (?:speak|discuss|comment|talk)\b"
    r"[^.,;:!?’”\"]*",
    re.IGNORECASE,
)
# Without a stated cause, the request itself is the article's reason: "who requested
# anonymity", "speaking on condition of anonymity".
_REQUESTED = re.compile(
    r"\b(?:(?:who|which) )?(?:requested|asked for|was granted|were granted|demanded|"
    r"spoke on (?:the )?condition of|speaking on (?:the )?condition of|on (?:the )?condition"
    r" of) anonymity\b",
    re.IGNORECASE,
)
_RANKS = frozenset({"general", "admiral", "colonel", "captain", "lieutenant", "major",
                    "sergeant", "president", "dr", "dr.", "mr", "mr.", "mrs", "ms"})
_ORG_ANAPHORS_PERSONAL = frozenset({"he", "she", "him", "her"})
_ANAPHOR_DETS = frozenset({"the", "this", "that"})
_COLLECTIVES = frozenset({"group", "number", "couple", "team", "panel", "coalition",
                          "handful", "majority", "lot", "host", "consortium", "delegation"})


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A resolved source before ids are given: ``key`` merges the same source."""

    key: str
    name: str
    kind: str
    role: str | None = None
    affiliation: str | None = None
    anonymity_reason: str | None = None
    entity: Named | None = None
    # a joint speaker's members, each a named source of its own
    members: tuple[SourceInfo, ...] = ()


@dataclass(slots=True)
class Context:
    """What resolution knows of the article beyond one mention: the source of the
    previous attribution (quote chains) and, built on first need, the people's roles."""

    doc: Doc
    entities: Entities
    previous: SourceInfo | None = None
    previous_at: int = -1
    # the last joint speaker, for a later "they" or "the pair"
    group: SourceInfo | None = None
    group_at: int = -1
    # (mention start, source) of earlier attributions whose source was left unnamed,
    # for a later "the source" or "the sources" (``resolution.anonymous``)
    unnamed: list[tuple[int, SourceInfo]] = field(default_factory=list)
    _roles: RoleIndex | None = field(default=None, repr=False)
    _introductions: list[anonymous.Introduction] | None = field(default=None, repr=False)
    _subject_starts: list[int] | None = field(default=None, repr=False)

    def main_subject(self, offset: int, gender: str) -> Named | None:
        """The person a he/she continues as a main-clause subject (``resolution.salience``)."""
        if self._subject_starts is None:
            self._subject_starts = [start for start, _ in self.entities.subjects]
        return main_subject(self.doc, self.entities, self._subject_starts, offset, gender)

    @property
    def roles(self) -> RoleIndex:
        if self._roles is None:
            self._roles = RoleIndex(self.doc, self.entities)
        return self._roles

    @property
    def introductions(self) -> list[anonymous.Introduction]:
        if self._introductions is None:
            self._introductions = anonymous.introductions(self.doc)
        return self._introductions

    def remember(self, info: SourceInfo | None, offset: int) -> None:
        """Keep an unnamed source ("an insider", "people familiar with …") for later."""
        if info is not None and info.kind in ("anonymous", "unnamed_group") \
                and anonymous.is_unnamed(info.name):
            self.unnamed.append((offset, info))

    def earlier_unnamed(self, head: Token) -> SourceInfo | None:
        """"the source(s)", "the insider", "the man", "the patient": the unnamed source
        or person introduced before (``resolution.anonymous``); None otherwise."""
        lemma = head.lemma_.lower()
        plural = head.tag_ in ("NNS", "NNPS")
        person = lemma in lexicon.person_nouns()
        if plural and person:
            return None
        found = anonymous.latest_intro(self.introductions, head.idx, lemma, plural)
        if not person:
            # an unnamed source quoted before, when no later introduction intervenes
            wanted = "unnamed_group" if plural else "anonymous"
            for start, info in reversed(self.unnamed):
                if start < head.idx and info.kind == wanted:
                    if found is None or found.start <= start:
                        return info
                    break
        if found is None:
            return None
        return SourceInfo("u:" + " ".join(found.text.lower().split()), found.text,
                          "unnamed_group" if plural else "anonymous")


def _named(entity: Named, doc: Doc) -> SourceInfo:
    if entity.label == "person":
        role, affiliation = person_role(doc, entity)
        return SourceInfo("p:" + entity.name.lower(), entity.name, "named_person",
                          role, affiliation, None, entity)
    kind = "publication" if is_publication(entity.name, entity.descriptors) \
        else "named_organization"
    name = entity.name
    if kind == "publication" and any(_after_the(doc, start) for start, _ in entity.mentions):
        name = "The " + name  # outlets keep their article: "The Economist"
    return SourceInfo("o:" + entity.name.lower(), name, kind, entity=entity)


def _after_the(doc: Doc, start: int) -> bool:
    """Does a capitalised "The" open the mention at ``start``? (Token lookups only:
    ``Doc.text`` rebuilds the whole article on every call.)"""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].text == "The"


def _previous_person(context: Context | None, gender: str, offset: int) -> Named | None:
    """The previous attribution's speaker, when a he/she can refer to them: "…," she
    said. "…," she added."""
    if context is None or context.previous is None:
        return None
    entity = context.previous.entity
    if entity is None or entity.label != "person" or not entity.compatible(gender):
        return None
    if entity.likely_gender() != gender:
        return None
    if any(context.previous_at < start < offset and other is not entity
           and other.label == "person" and other.likely_gender() == gender
           and not context.entities.in_quote(start)
           for start, other in context.entities.subjects):
        return None  # someone else became the topic since the previous quote
    return entity


_BODY_KINDS = frozenset({"named_organization", "publication"})


def _previous_body(context: Context | None, offset: int, plural: bool) -> SourceInfo | None:
    """The previous attribution's source when an it/they continues it: "…," the
    prosecution authority said. "…," it added. Only an organisation (or, for "they", a
    group) quoted in this or the previous two sentences."""
    if context is None or context.previous is None or context.previous_at < 0:
        return None
    previous = context.previous
    kinds = _BODY_KINDS | {"unnamed_group"} if plural else _BODY_KINDS
    if previous.kind not in kinds:
        return None
    starts = context.entities.sentence_starts
    if bisect_right(starts, offset) - bisect_right(starts, context.previous_at) > 2:
        return None
    return previous


def resolve_speaker(doc: Doc, head: Token, entities: Entities,
                    context: Context) -> SourceInfo | None:
    """The source of a speaker mention: a joint speaker's group ("Volker and Morrison",
    "the pair", a "they" that continues them), else ``resolve``."""
    info = _resolve_speaker(doc, head, entities, context)
    context.remember(info, head.idx)
    return info


def _appositive_name(head: Token) -> Token | None:
    """The name a description is followed by in apposition ("The group, WeWorkers
    Coalition"; "Another diplomat, former special envoy to Ukraine Kurt Volker"): the
    last token of the appositive, when it is a person's or organisation's name."""
    if head.pos_ != "NOUN":
        return None
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            last = child.right_edge
            if last.pos_ == "PROPN" and last.ent_type_ in ("PERSON", "ORG"):
                return last
    return None


def _resolve_speaker(doc: Doc, head: Token, entities: Entities,
                     context: Context) -> SourceInfo | None:
    # the shared gold's convention: a description with a name in apposition is that name
    head = _appositive_name(head) or head
    names = joint_names(head)
    if len(names) >= 2:
        group = _group([resolve(doc, name, entities, context) for name in names])
        if group is not None:
            context.group, context.group_at = group, head.idx
            return group
    plural_pronoun = head.pos_ == "PRON" and head.lower_ in ("they", "we")
    if plural_pronoun or refers_to_group(head):
        group = _recent_group(doc, head, entities, context,
                              sentences=2 if plural_pronoun else 4)
        if group is None and not plural_pronoun:
            # "Kurt Volker met Tim Morrison … “…,” the pair said": no joint mention
            # before, so the pair are the two people last named
            size, gender = group_size(head)
            group = _group([_named(person, doc) for person in
                            entities.recent_people(head.idx, size, gender)])
            if group is not None:
                context.group, context.group_at = group, head.idx
        if group is not None:
            return group
    return resolve(doc, head, entities, context)


def _group(found: list[SourceInfo | None]) -> SourceInfo | None:
    """One group source for two or more distinct named members (None otherwise)."""
    members: dict[str, SourceInfo] = {}
    for info in found:
        if info is None or info.kind not in ("named_person", "named_organization",
                                             "publication") or info.members:
            return None
        members.setdefault(info.key, info)
    if len(members) < 2:
        return None
    parts = [m.name for m in members.values()]
    name = " and ".join(parts) if len(parts) == 2 else ", ".join(parts[:-1]) + " and " \
        + parts[-1]
    kinds = {m.kind for m in members.values()}
    kind = "named_person" if kinds == {"named_person"} else (
        "named_organization" if "named_person" not in kinds else "unnamed_group")
    return SourceInfo("g:" + "|".join(members), name, kind, members=tuple(members.values()))


def _recent_group(doc: Doc, head: Token, entities: Entities, context: Context,
                  sentences: int) -> SourceInfo | None:
    """The joint speaker or joined subjects ("Warren and Ocasio-Cortez criticised …")
    a "they" or "the pair" refers to, within the last few sentences; else None.

    A group quoted since is preferred to joined subjects; the scan reads only the
    tokens of those few sentences before the mention."""
    starts = entities.sentence_starts
    here = bisect_right(starts, head.idx) - 1
    first = max(0, here - sentences + 1)
    if context.group is not None and context.group_at >= (starts[first] if starts else 0) \
            and (context.previous is context.group or context.previous_at <= context.group_at
                 or not plural_safe(context.previous)):
        return context.group
    sentence = head.sent
    for _ in range(sentences):
        for token in reversed(sentence):
            if token.i >= head.i or token.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if entities.in_quote(token.idx):
                continue
            names = joint_names(token)
            if len(names) >= 2:
                group = _group([resolve(doc, name, entities, context) for name in names])
                if group is not None:
                    return group
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
    return None


def plural_safe(previous: SourceInfo | None) -> bool:
    """Could a "they" continue ``previous`` rather than an earlier group? (a group or
    organisation quoted since the group was)"""
    return previous is not None and previous.kind in ("named_organization", "publication",
                                                      "unnamed_group")


def resolve(doc: Doc, head: Token, entities: Entities,
            context: Context | None = None) -> SourceInfo | None:
    """The source a speaker mention headed by ``head`` refers to."""
    lower = head.lower_
    pronoun = lexicon.pronouns().get(lower)
    if pronoun is not None and head.pos_ == "PRON":
        gender, _number = pronoun
        if gender in ("m", "f"):
            found = ((context.main_subject(head.idx, gender) if context is not None
                      else None)
                     or entities.recent_subject(head.idx, "person", gender)
                     or _previous_person(context, gender, head.idx)
                     or entities.before(head.idx, "person", gender))
        else:
            found = entities.recent_subject(head.idx, "org")
            if found is None:
                chained = _previous_body(context, head.idx, plural=gender != "n")
                if chained is not None:
                    return chained
            found = found or entities.before(head.idx, "org")
            if found is None and gender != "n":
                found = entities.before(head.idx, "person")
        return None if found is None else _named(found, doc)
    if head.pos_ == "PROPN" and head.text.islower() and not head.ent_type_:
        # the small model tags some role nouns as proper ("transport minister")
        return _common_noun(doc, head, entities, context)
    if head.pos_ == "PROPN" and head.lower_ in lexicon.role_words() and any(
            c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        # "the Prime Minister": the person the article introduced with that title
        person = _role_person(doc, head, context)
        if person is not None:
            return _named(person, doc)
    if head.ent_type_ == "PERSON" and _known_outlet(_ent_text(doc, head)):
        # the NER reads some outlet names as people ("Politico reported")
        name = _ent_text(doc, head)
        org = entities.org(name)
        return _named(org, doc) if org is not None else SourceInfo(
            "o:" + clean_name(name).lower(), clean_name(name), "publication")
    if head.ent_type_ == "PERSON" or (head.text[:1].isupper()
                                      and _surname_first(head, entities)):
        ent_text = _ent_text(doc, head)
        person = entities.person(ent_text)
        if person is not None:
            return _named(person, doc)
        return SourceInfo("p:" + ent_text.lower(), ent_text, "named_person")
    if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "WORK_OF_ART") or head.pos_ == "PROPN":
        ent_text = _ent_text(doc, head)
        org = entities.org(ent_text)
        if org is not None:
            return _named(org, doc)
        person = entities.person(ent_text)
        if person is not None and head.ent_type_ not in ("ORG", "GPE"):
            return _named(person, doc)
        name = ent_text[4:] if ent_text.lower().startswith("the ") else ent_text
        kind = "publication" if is_publication(name) else "named_organization"
        return SourceInfo("o:" + name.lower(), name, kind)
    return _common_noun(doc, head, entities, context)


def _known_outlet(name: str) -> bool:
    return clean_name(name).lower() in lexicon.publications()[0]


def _surname_first(head: Token, entities: Entities) -> bool:
    """Is a capitalised word a known person's surname rather than an organisation?

    The NER often tags a bare surname ("said Angers") as an organisation; the surname
    wins unless the organisation reading is the more frequent one ("Ford" the company
    in an article that also names William Clay Ford Jr.).
    """
    person = entities.person(head.text)
    if person is None:
        return False
    org = entities.org(head.text)
    return org is None or len(org.mentions) <= len(person.mentions)


def _ent_text(doc: Doc, head: Token) -> str:
    """The named entity around ``head``, or its flat compound name."""
    ent = _entity_around(doc, head)
    if ent is not None:
        return ent.text.removesuffix("'s").removesuffix("’s").strip()
    first = head.i
    while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].pos_ == "PROPN":
        first -= 1
    return doc[first : head.i + 1].text


def _entity_around(doc: Doc, head: Token) -> Span | None:
    """The entity of ``doc.ents`` holding ``head``, found from the tokens' IOB tags.

    Why not scan ``doc.ents``: spaCy builds that tuple anew on every access, so one scan
    per speaker made a long article's time grow with its length squared (issue 11). An
    entity is a "B" token with a label followed by its "I" tokens, as ``doc.ents`` reads
    them, so walking the tags around ``head`` finds the same span.
    """
    if head.ent_iob_ not in ("B", "I") or not head.ent_type:
        return None
    start = head.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = head.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _possessive(doc: Doc, head: Token, entities: Entities,
                context: Context | None) -> SourceInfo | None:
    """"Fiat's announcement", "his office", "Indonesia's transport minister"
    (conventions: ``claimledger.resolution.possessives``)."""
    owners = [c for c in head.children if c.dep_ == "poss"]
    if not owners or (head.tag_ in ("NNS", "NNPS") and head.lemma_.lower() not in (
            "aide", "adviser", "advisor", "lawyer", "attorney", "representative")):
        return None
    owner, lemma = owners[0], head.lemma_.lower()
    if lemma in ARTEFACTS:
        return resolve(doc, owner, entities, context)
    if context is not None and lemma in lexicon.role_words() \
            and owner.ent_type_ in ("GPE", "ORG", "NORP"):
        person = context.roles.person(describe(doc, head), head.idx)
        if person is not None:
            return _named(person, doc)
        return None
    if lemma not in REPRESENTATIVES:
        return None
    possessor = resolve(doc, owner, entities, context)
    if possessor is None or possessor.kind not in ("named_person", "named_organization"):
        return None
    name = f"{possessor.name}'s {head.text}"
    kind = "named_organization" if possessor.kind == "named_organization" and lemma in (
        "office",) else "official_unnamed"
    return SourceInfo("u:" + name.lower(), name, kind, lemma, possessor.name)


def _artefact_author(doc: Doc, head: Token, entities: Entities,
                     context: Context | None) -> SourceInfo | None:
    """"the statement said": the author of the statement the article mentioned last
    ("Big Machine said in a statement", "a statement by the US military", "X's
    statement"), searched back over a few sentences."""
    lemma = head.lemma_.lower()
    sentence = head.sent
    for _ in range(6):
        for token in reversed(sentence):
            if token.i >= head.i or token.lemma_.lower() != lemma or token.tag_ != "NN" \
                    or token.dep_ in ("nsubj", "nsubjpass"):
                continue
            author = _author_of(doc, token, entities, context)
            if author is not None:
                return author
        if sentence.start == 0:
            return None
        sentence = doc[sentence.start - 1].sent
    return None


def _named_author(doc: Doc, artefact: Token, entities: Entities,
                  context: Context | None) -> SourceInfo | None:
    """The author the artefact's own phrase names: "X's statement", "a statement by
    the US military" (not "obtained by Variety"), "a statement from Boeing", "an
    internal memo at Apple" when a name follows."""
    for child in artefact.children:
        if child.dep_ == "poss":
            return resolve(doc, child, entities, context)
    for prep in artefact.children:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from", "at"):
            for agent in prep.children:
                if agent.dep_ == "pobj" and (prep.lower_ == "by" or agent.pos_ == "PROPN"
                                             or agent.ent_type_ in ("ORG", "PERSON")):
                    return resolve(doc, agent, entities, context)
    return None


def _author_of(doc: Doc, artefact: Token, entities: Entities,
               context: Context | None) -> SourceInfo | None:
    named = _named_author(doc, artefact, entities, context)
    if named is not None:
        return named
    verb = artefact.head
    while verb.dep_ in ("pobj", "prep", "dobj", "conj") and verb.head is not verb:
        verb = verb.head
    for child in verb.children:
        if child.dep_ == "nsubj" and child.lower_ not in lexicon.pronouns() \
                and child.lemma_.lower() not in ARTEFACTS:
            found = resolve(doc, child, entities, context)
            if found is not None and found.kind in ("named_person", "named_organization",
                                                    "official_unnamed"):
                return found
    return None


def _role_person(doc: Doc, head: Token, context: Context | None) -> Named | None:
    """"the governor", "the 31-year-old striker": the person introduced that way."""
    if context is None:
        return None
    return context.roles.person(describe(doc, head), head.idx)


def _introduced_next(doc: Doc, head: Token, context: Context) -> Named | None:
    """The person first named in the sentence after ``head``'s with its role."""
    starts = context.entities.sentence_starts
    here = bisect_right(starts, head.idx) - 1
    if here + 1 >= len(starts):
        return None
    end = starts[here + 2] if here + 2 < len(starts) else len(doc.text)
    return context.roles.introduced_next(describe(doc, head), starts[here + 1], end)


def _common_noun(doc: Doc, head: Token, entities: Entities,
                 context: Context | None = None) -> SourceInfo | None:
    possessive = _possessive(doc, head, entities, context)
    if possessive is not None:
        return possessive
    if context is not None and anonymous.repeats_unnamed(head) and not any(
            t.pos_ == "PROPN" or t.ent_type_ for t in doc[head.left_edge.i : head.i]):
        # "the source", "the patient": a named person introduced with that role first,
        # else the unnamed source or person introduced before
        person = _role_person(doc, head, context) if head.tag_ == "NN" \
            and head.lemma_.lower() in lexicon.person_nouns() else None
        if person is not None:
            return _named(person, doc)
        earlier = context.earlier_unnamed(head)
        if earlier is not None:
            return earlier
    if head.lemma_.lower() in ARTEFACTS:
        # "The company published a blog post that said …": the artefact's own author;
        # as the subject ("An additional email by Roche provides …") only the author
        # its own phrase names, and documents ("A statement by Boeing given by Boeing
        # spokesman X", "The statement, obtained by Variety") keep their rule below
        if head.dep_ not in ("nsubj", "nsubjpass"):
            author = _author_of(doc, head, entities, context)
        elif "document" in lexicon.source_nouns().get(head.lemma_.lower(), ()):
            author = None
        else:
            author = _named_author(doc, head, entities, context)
        if author is not None and author.kind in ("named_person", "named_organization",
                                                  "publication", "official_unnamed"):
            return author
    definite = any(c.dep_ == "det" and c.lower_ in _ANAPHOR_DETS for c in head.children)
    if definite and head.tag_ == "NN" and head.lemma_.lower() in ARTEFACTS:
        author = _artefact_author(doc, head, entities, context)
        if author is not None:
            return author
    if definite and head.tag_ == "NN" and head.lemma_.lower() in lexicon.role_words():
        # "The Wikileaks founder", "the veteran senator": the person introduced so
        person = _role_person(doc, head, context)
        if person is not None:
            return _named(person, doc)
    start, end = speaker_span(doc, head)
    name = _description(doc, head, start, end)
    if head.lemma_.lower() in _COLLECTIVES:
        # "a group of Washington politicians": the members' noun decides the kind
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                members = [c for c in child.children if c.dep_ == "pobj"]
                if members:
                    head = members[0]
    lemma = head.lemma_.lower()
    kinds = lexicon.source_nouns().get(lemma, ())
    dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss", "nummod")}
    plural = head.tag_ in ("NNS", "NNPS")
    has_proper = any(t.pos_ == "PROPN" or t.ent_type_ for t in doc[head.left_edge.i : head.i])
    if "document" in kinds or "publication" in kinds:
        by = _by_agent(doc, head, entities)
        if by is not None:
            return by
    if dets & _ANAPHOR_DETS and not plural and not has_proper and (
        not kinds or (kinds[0] in ("publication",) and lemma not in ("newspaper", "magazine"))
    ):
        if lemma in lexicon.person_nouns():
            # "the man", "the patient": the person introduced so, else a description
            # (never the nearest organisation, nor whoever was named last)
            found = _role_person(doc, head, context)
        else:
            label = "person" if lemma in lexicon.role_words() else "org"
            found = (entities.described(head.idx, lemma) if label == "org" else
                     _role_person(doc, head, context))
            if found is None and not (label == "person" and restricted(head)):
                # (a role with an of-phrase nobody was introduced with, "the premier
                # of the German state of X", describes someone new: not the last
                # person named)
                # ("the company" skips an organisation whose name shows another type,
                # "American Music Awards": ``resolution.org_types``)
                wanted = org_types.asked_type(lemma) if label == "org" else None
                accept = None if wanted is None else partial(org_types.fits, wanted=wanted)
                found = entities.recent_subject(head.idx, label, accept=accept) \
                    or entities.before(head.idx, label, accept=accept)
        if found is not None:
            return _named(found, doc)
    if "the" in dets and not plural and not has_proper and "named_organization" in kinds:
        # "Bank of America … the bank said": the organisation the noun describes
        described = entities.described(head.idx, lemma)
        if described is not None:
            return _named(described, doc)
    affiliation = _affiliation(doc, head)
    sentence = head.sent
    clause = sentence.text[max(0, start - sentence.start_char) :]
    anonymous_marked = lexicon.anonymity_pattern().search(clause) is not None
    reason = _anonymity_reason(clause) if anonymous_marked else None
    if context is not None and dets & {"a", "an"} and not plural and not anonymous_marked \
            and head.tag_ == "NN" and lemma in lexicon.role_words():
        # "A California transit chief says …" in a lead, and the next sentence names
        # "Interim BART Police Chief Ed Alvarez": the person it goes on to introduce
        person = _introduced_next(doc, head, context)
        if person is not None:
            return _named(person, doc)
    if not kinds and lemma in lexicon.role_words() and not dets & {"a", "an", "one"}:
        # "China's ambassador to Britain": an office holder the article does not name
        # (nor resolve to an earlier name) speaks for the state or organisation
        kinds = ("official_unnamed",)
    if not kinds and lemma in lexicon.person_nouns():
        kinds = ("anonymous",)  # "the man", "the patient": a person left unnamed
    kind = _kind_of_noun(kinds, plural, anonymous_marked, dets)
    if kind in ("unnamed_group", "anonymous") and not anonymous_marked and any(
        t.ent_type_ == "ORG" for t in doc[head.left_edge.i : head.i]
    ):
        # "Barclays Capital economists", "a United Auto Workers negotiator": people
        # speaking for a named organisation
        kind = "official_unnamed"
    if kind is None:
        return None
    if kind == "named_organization" and name.lower().startswith("the "):
        name = name[4:]  # an institution's name: "Belgian government", not "The …"
    return SourceInfo("u:" + " ".join(name.lower().split()), name, kind, None,
                      affiliation, reason)


def _kind_of_noun(kinds: tuple[str, ...], plural: bool, anonymous_marked: bool,
                  dets: set[str]) -> str | None:
    """Number and anonymity markers decide between the kinds a noun allows."""
    if not kinds:
        if plural:
            return "unnamed_group"
        return "anonymous" if anonymous_marked or dets & {"a", "an", "one"} else None
    if "named_organization" in kinds:
        return "named_organization"  # "the Belgian government", "the administration"
    if "publication" in kinds:
        return "publication"
    if "document" in kinds:
        return "document"
    if plural:
        if "official_unnamed" in kinds and not anonymous_marked:
            return "official_unnamed"
        return "unnamed_group"
    if anonymous_marked or "anonymous" in kinds:
        if "official_unnamed" in kinds and not anonymous_marked:
            return "official_unnamed"
        return "anonymous"
    if "official_unnamed" in kinds:
        return "official_unnamed"
    return "anonymous" if dets & {"a", "an", "one"} else "unnamed_group"


def _by_agent(doc: Doc, head: Token, entities: Entities) -> SourceInfo | None:
    """"A statement by Boeing given by spokesman X": the source is the last "by" agent."""
    agent: Token | None = None
    for token in head.subtree:
        if token.lower_ == "by" and token.head.i >= head.i:
            for child in token.children:
                if child.dep_ == "pobj":
                    agent = child
    if agent is None:
        return None
    return resolve(doc, agent, entities)


def _description(doc: Doc, head: Token, start: int, end: int) -> str:
    """An unnamed source's description: the mention without a relative clause."""
    for child in head.rights:
        if child.dep_ == "relcl":
            cut = child.left_edge.idx
            if start < cut <= end:
                end = cut
    span = doc.char_span(start, end, alignment_mode="expand")
    return "" if span is None else span.text.strip().rstrip(",")


def _affiliation(doc: Doc, head: Token) -> str | None:
    """A name attached to an unnamed source: "USAF officials", "a source within X"."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("within", "at", "from", "in", "of", "inside"):
            for obj in child.children:
                if obj.dep_ == "pobj" and (obj.pos_ == "PROPN" or obj.ent_type_):
                    last = obj.i
                    while last + 1 <= obj.right_edge.i and doc[last + 1].pos_ in ("PROPN",
                                                                                  "NOUN"):
                        last += 1
                    text = doc[obj.left_edge.i : last + 1].text
                    return text[4:] if text.lower().startswith("the ") else text
    for token in doc[head.left_edge.i : head.i]:
        if token.ent_type_ in ("ORG", "GPE", "NORP"):
            return token.text
    return None


def _anonymity_reason(context: str) -> str | None:
    match = _REASON.search(context) or _REQUESTED.search(context)
    return None if match is None else match.group(0).strip()


def person_role(doc: Doc, person: Named) -> tuple[str | None, str | None]:
    """Role and affiliation from the words before a mention or an appositive."""
    for start, _ in person.mentions:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            continue
        first = span[0]
        head = first
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        role, affiliation = _premodifiers(doc, first, head)
        if role is None:
            role, affiliation = _appositive(doc, head)
        if role is not None:
            return role, affiliation
    return None, None


def _premodifiers(doc: Doc, first: Token, head: Token) -> tuple[str | None, str | None]:
    """"JSA Research defence analyst Paul Nesbit" -> ("defence analyst", "JSA Research")."""
    before = doc[head.left_edge.i : first.i]
    if any(t.text in (",", "(") for t in before):
        # why: a verbless "“We regret it,” John Barker, a spokesman …" makes the name
        # the root, so its left edge is the quote; the quote's words are no role
        return None, None
    tokens = [t for t in before if t.dep_ not in ("det", "punct")]
    if not tokens:
        return None, None
    role_words = lexicon.role_words()
    role: list[Token] = []
    index = len(tokens) - 1
    while index >= 0 and tokens[index].tag_ != "POS" and (
        tokens[index].lower_ in role_words or tokens[index].is_lower
    ):
        role.insert(0, tokens[index])
        index -= 1
    if len(role) > 1 and role[-1].lower_ in _RANKS:
        role.pop()
    if not role:
        return None, None
    rest = [t for t in tokens[: index + 1] if t.tag_ != "POS"]
    affiliation = " ".join(t.text for t in rest) or None
    return " ".join(t.text for t in role), affiliation


def _appositive(doc: Doc, head: Token) -> tuple[str | None, str | None]:
    """"X, the CEO of ALABUGA SEZ" -> ("CEO", "ALABUGA SEZ"); possessives affiliate too."""
    for child in head.rights:
        if child.dep_ != "appos":
            continue
        if all(t.like_num or t.is_punct for t in child.subtree):
            continue  # "Mary Barra, 51, said": an age, not a role
        affiliation: str | None = None
        skip: set[int] = set()
        for part in child.children:
            if part.dep_ == "poss":
                affiliation = doc[part.left_edge.i : part.right_edge.i + 1].text
                affiliation = affiliation.removesuffix("'s").removesuffix("’s").strip()
                skip.update(t.i for t in part.subtree)
            elif part.dep_ == "prep" and part.lower_ == "of" and affiliation is None:
                objects = [o for o in part.children if o.dep_ == "pobj"]
                if objects and (objects[0].pos_ == "PROPN" or objects[0].ent_type_):
                    obj = objects[0]
                    affiliation = doc[obj.left_edge.i : obj.right_edge.i + 1].text
                    if affiliation.lower().startswith("the "):
                        affiliation = affiliation[4:]
                    affiliation = re.sub(r"\s*\([^)]*\)$", "", affiliation)
                    skip.update(t.i for t in part.subtree)
            elif part.dep_ in ("relcl", "acl", "punct", "appos") and part.i > child.i:
                skip.update(t.i for t in part.subtree)
        words = [t for t in child.subtree if t.i not in skip and t.dep_ != "det"
                 and not t.is_punct and t.dep_ != "relcl"]
        leading = [t for t in words if t.pos_ == "PROPN" and t.i < child.i]
        if leading and affiliation is None:
            affiliation = " ".join(t.text for t in leading)
        words = [t for t in words if t not in leading]
        if words and words[0].i <= child.i:
            return " ".join(t.text for t in words), affiliation
    return None, None
