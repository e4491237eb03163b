"""The roles, ages and descriptions an article introduces its people with.

"Gov. Eric Holcomb", "Wikileaks founder Julian Assange" (words before the name), "Jusman
Syafii Djamal, the transport minister" (an appositive), "the minister, X" (the name as
an appositive of the role) and "X, 31," (an age): each gives the person a set of role
words. A later description ("the governor", "the 31-year-old striker", "Indonesia's
transport minister") resolves to the person whose roles share its head noun or age,
the most recently mentioned one on a tie: a role noun repeats the introduction, it
rarely introduces someone new. The one exception is a lead's indefinite description
that the next sentence names ("A California transit chief says …" then "Interim BART
Police Chief Ed Alvarez told reporters"): the person first named there with that role.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimledger.attribution import lexicon
from claimledger.attribution.entities import Entities, Named
from claimledger.names import words_of

# Abbreviated titles and the role noun a later description uses for them.
_TITLES = {"gov": "governor", "sen": "senator", "rep": "representative",
           "pres": "president", "gen": "general", "sec": "secretary", "amb": "ambassador",
           "lt": "lieutenant", "col": "colonel", "atty": "attorney", "supt": "superintendent",
           "insp": "inspector", "det": "detective", "sgt": "sergeant", "capt": "captain",
           "prof": "professor", "premier": "premier", "pm": "prime minister"}
# A commissioned rank makes its holder an "officer" ("a career Army officer … Lt. Col.
# Alexander Vindman").
_OFFICER_RANKS = frozenset({"lieutenant", "colonel", "major", "captain", "general",
                            "admiral", "commander"})
_AGE = re.compile(r"^(\d{1,3})-year-old$")
_IGNORED = frozenset({"the", "a", "an", "mr", "mrs", "ms", "dr", "former", "then", "new"})


@dataclass(frozen=True, slots=True)
class Description:
    """What a description says of its referent: head noun, other words, age."""

    head: str
    words: frozenset[str]
    age: str | None


def _word(token: Token) -> str:
    lower = token.lower_.rstrip(".")
    return _TITLES.get(lower, token.lemma_.lower() if token.pos_ == "NOUN" else lower)




def describe(doc: Doc, head: Token) -> Description:
    """The head noun, modifiers and age of a description headed by ``head``."""
    words: set[str] = set()
    age: str | None = None
    for token in doc[head.left_edge.i : head.i]:
        match = _AGE.match(token.lower_)
        if match:
            age = match.group(1)
        elif token.is_alpha and token.lower_ not in _IGNORED:
            words.add(_word(token))
    text = doc[head.left_edge.i : head.i].text.lower()
    match = re.search(r"\b(\d{1,3})-year-old\b", text)
    if match:
        age = match.group(1)
    return Description(_word(head), frozenset(words), age)


def restricted(head: Token) -> bool:
    """Does a role noun carry an of-phrase that says whose role it is ("the premier of
    the German state of X", "the chairman of the Conservative Party")? Such a
    description that matches nobody's introduction names someone new, not the last
    person named."""
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)


def _roles_at(doc: Doc, start: int) -> tuple[set[str], str | None]:
    """Role words and age around the person mention starting at character ``start``."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return set(), None
    first = span[0]
    head = first
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    roles: set[str] = set()
    age: str | None = None
    # a title the NER took into the name ("President Trump")
    for token in doc[first.i : head.i]:
        if token.lower_.rstrip(".") in words_of("person_title"):
            roles.add(_word(token))
    # words before the name in its noun phrase: "Wikileaks founder", "Gov."
    for token in doc[head.left_edge.i : first.i]:
        if token.tag_ == "POS" or token.is_punct or token.lower_ in _IGNORED:
            continue
        if token.pos_ in ("NOUN", "PROPN", "ADJ"):
            roles.add(_word(token))
    # "X, the transport minister ..." and "X, 31, ..."
    for child in head.rights:
        if child.dep_ == "appos":
            roles.add(_word(child))
            roles.update(_word(t) for t in child.lefts if t.pos_ in ("NOUN", "ADJ", "PROPN"))
        elif child.like_num and child.i == head.i + 2 and doc[head.i + 1].text == ",":
            age = child.text
    if head.i + 3 < len(doc) and doc[head.i + 1].text == "," and doc[head.i + 2].like_num \
            and doc[head.i + 3].text == ",":
        age = doc[head.i + 2].text
    # "the minister, X": the name is an appositive of the role
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        roles.add(_word(head.head))
        roles.update(_word(t) for t in head.head.lefts if t.pos_ in ("NOUN", "ADJ"))
    role = _role_before_comma(doc, first)
    if role is not None:
        roles.add(_word(role))
        roles.update(_word(t) for t in role.lefts if t.pos_ in ("NOUN", "ADJ", "PROPN")
                     and t.lower_ not in _IGNORED)
    return roles, age


def _role_before_comma(doc: Doc, first: Token) -> Token | None:
    """"… including the Prime Minister of Singapore, Mr. Lee Hsien Loong": the head of
    a definite role phrase right before the name and a comma (a title between comma
    and name allowed), whatever the parser attached the name to. Why: the parser often
    hangs such a name on an earlier noun ("guests"), so the appositive rule above never
    sees the role, and a later "the Prime Minister" found nobody."""
    i = first.i - 1
    while i >= 0 and doc[i].lower_.rstrip(".") in words_of("person_title"):
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    token = doc[i - 1]
    # climb out of "of Singapore" / "of the Treasury" to the role it qualifies
    for _ in range(3):
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i < token.i:
            token = token.head.head
        else:
            break
    if token.lower_ not in lexicon.role_words() or token.pos_ not in ("NOUN", "PROPN") \
            or token.ent_type_:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    return token


class RoleIndex:
    """Role words and ages of the article's people, computed once per article."""

    def __init__(self, doc: Doc, entities: Entities) -> None:
        self.entities = entities
        self.roles: dict[int, set[str]] = {}
        self.ages: dict[int, str] = {}
        self.first_seen: dict[int, int] = {}
        self.starts: dict[int, list[int]] = {}  # id -> its mention starts, in text order
        for start, named in entities.order:
            if named.label != "person" or named.weak:
                continue
            roles, age = _roles_at(doc, start)
            if roles & _OFFICER_RANKS:
                roles.add("officer")
            self.roles.setdefault(id(named), set()).update(roles)
            if age is not None:
                self.ages[id(named)] = age
            self.first_seen.setdefault(id(named), start)
            self.starts.setdefault(id(named), []).append(start)
        # Each person once, at their last mention, latest first (the order ``person``
        # ranks them in). Why precomputed: walking every mention, and then every mention
        # again per matching person, for each role-word speaker grew with the article's
        # length squared (issue 11).
        seen: set[int] = set()
        self.latest_first: list[tuple[int, Named]] = []
        for start, named in reversed(entities.order):
            if named.label != "person" or id(named) in seen or named.weak:
                continue
            seen.add(id(named))
            self.latest_first.append((start, named))

    def person(self, description: Description, offset: int) -> Named | None:
        """The person best matching ``description``, preferring people seen before
        ``offset`` and, among equals, the most recently mentioned one."""
        best: tuple[int, int, int] | None = None
        chosen: Named | None = None
        for start, named in self.latest_first:
            roles = self.roles.get(id(named), set())
            score = 0
            if description.head in roles:
                score += 2
            if description.age is not None and self.ages.get(id(named)) == description.age:
                score += 2
            score += sum(1 for w in description.words if w in roles) if score else 0
            if score < 2:
                continue
            starts = self.starts[id(named)]
            earlier = bisect_left(starts, offset)
            last_before = starts[earlier - 1] if earlier else -1
            rank = (score, 1 if last_before >= 0 else 0, last_before if last_before >= 0
                    else -start)
            if best is None or rank > best:
                best, chosen = rank, named
        return chosen

    def introduced_next(self, description: Description, start: int, end: int
                        ) -> Named | None:
        """The person first named between ``start`` and ``end`` (the next sentence) with
        the description's head noun among their roles: a lead's "A California transit
        chief says …" names "Interim BART Police Chief Ed Alvarez" in the sentence after.
        """
        found = [(first, named) for _latest, named in self.latest_first
                 if start <= (first := self.first_seen[id(named)]) < end
                 and description.head in self.roles.get(id(named), ())]
        return min(found, key=lambda item: item[0])[1] if found else None
