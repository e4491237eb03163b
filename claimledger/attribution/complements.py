"""Reported content that is not a that-clause: objects, infinitives, prepositions.

Heuristics over the cue verb's dependents, each tied to how English reports speech:

- an object carries a claim when it holds a number, names a change ("job cuts"), makes
  someone something ("X as its new president"), or plans something ("an effort to …");
  "announced the iPhone 3GS" names a launch, so a bare object does not count;
- verbs whose object is itself a claim ("denied the allegations", "promised a fix");
- an infinitive or gerund after verbs of telling, urging and claiming ("told customers
  to hold the phone", "claims to have seen", "recommended holding it");
- a prepositional complement after a few verb + preposition cues in
  ``attribution_prep_cues.txt`` ("warned of bankruptcy", "pointed to rising prices");
- "called X Y": naming with a predicate ("called the situation ugly", "called it “…”").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimledger.attribution import lexicon

# Verbs whose plain object (no clause) counts as reported content when it carries a claim.
OBJECT_CUES = frozenset({
    "announce", "report", "cite", "predict", "forecast", "estimate", "promise",
    "recommend", "confirm", "deny", "claim", "warn", "reveal", "disclose", "project",
    "describe", "pledge", "vow",
})
# Their object is a claim whatever it holds: "denied the allegations", "promised a fix".
_CLAIM_ONLY_OBJECTS = frozenset({"deny", "promise", "pledge", "vow", "confirm"})
# Object nouns that make "announced/reported X" a claim rather than a launch or topic.
_CLAIM_OBJECTS = frozenset({"cut", "loss", "profit", "plan", "increase", "decline", "gain",
                            "rise", "fall", "drop", "layoff", "deficit", "growth", "decision",
                            "intention", "flaw", "error", "problem", "bankruptcy", "delay",
                            "shortfall", "surplus", "revenue", "earnings", "sale", "result"})
# Verbs whose infinitive or gerund complement is what was said.
_INFINITIVE_CUES = frozenset({"tell", "urge", "claim", "estimate", "recommend", "suggest",
                              "advise", "promise", "pledge", "vow", "call", "warn", "order",
                              "instruct", "encourage", "propose"})


def has_claim(span: Span, obj: Token) -> bool:
    """Does the object phrase ``span`` (headed by ``obj``) say something checkable?"""
    if any(t.like_num or t.pos_ == "NUM" for t in span):
        return True
    if obj.lemma_.lower() in _CLAIM_OBJECTS:
        return True
    if any(c.dep_ in ("acl", "relcl") and any(a.dep_ == "aux" and a.lower_ == "to"
                                             for a in c.children) for c in obj.children):
        return True  # "a joint effort to pump money into the markets"
    return any(t.lower_ == "as" and t.head.i != obj.i for t in span)


def object_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """Token range of a claim-carrying object and its "as/to" completion, or None."""
    lemma = verb.lemma_.lower()
    if lemma not in OBJECT_CUES:
        return None
    objects = [c for c in verb.rights if c.dep_ in ("dobj", "attr")]
    if not objects:
        return None
    obj = objects[0]
    last = obj.right_edge.i
    for child in verb.rights:
        if child.i > obj.i and child.dep_ in ("prep", "advcl", "xcomp", "oprd") \
                and child.lower_ in ("as", "to", "that"):
            last = max(last, child.right_edge.i)
    span = doc[obj.left_edge.i : last + 1]
    if lemma == "describe":
        # "described the plan" names a topic; "described the plan as reckless" says a claim
        as_phrase = any(t.lower_ == "as" and t.head.i != obj.i for t in span)
        return (obj.left_edge.i, last) if as_phrase else None
    if lemma in _CLAIM_ONLY_OBJECTS and obj.pos_ == "NOUN":
        return obj.left_edge.i, last
    if len(span) >= 2 and has_claim(span, obj):
        return obj.left_edge.i, last
    return None


def infinitive_content(verb: Token) -> tuple[int, int] | None:
    """"told customers to hold the phone" -> "to hold the phone" (with its "to")."""
    lemma = verb.lemma_.lower()
    if lemma not in _INFINITIVE_CUES:
        return None
    if lemma == "call" and not any(c.lower_ in ("on", "upon") for c in verb.children):
        return None  # "called on X to …" urges; "called AppleCare to complain" phones
    for child in verb.rights:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX") and (
            child.tag_ == "VBG" or any(a.lower_ == "to" for a in child.lefts)
        ):
            return child.left_edge.i, child.right_edge.i
    return None


def prepositional_content(verb: Token) -> tuple[Token, tuple[int, int]] | None:
    """"warned of imminent bankruptcy" -> (the preposition, "imminent bankruptcy")."""
    allowed = lexicon.prep_cues().get(verb.lemma_.lower())
    if not allowed:
        return None
    for child in verb.rights:
        if child.dep_ in ("prep", "prt") and child.lower_ in allowed:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                last = objects[0].right_edge.i
                for later in verb.rights:
                    if later.i > last and later.lower_ == "as":
                        last = later.right_edge.i  # "pointed to X as the cause"
                return child, (objects[0].left_edge.i, last)
    return None


def naming_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """"called the situation ugly" / "called the phone “the best”": object + predicate."""
    if verb.lemma_.lower() != "call":
        return None
    objects = [c for c in verb.rights if c.dep_ == "dobj"]
    if not objects:
        return None
    obj = objects[0]
    predicates = [c for c in verb.rights if c.i > obj.i and (
        c.dep_ == "oprd" or (c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("ADJ", "NOUN")))]
    if predicates:
        return obj.left_edge.i, predicates[0].right_edge.i
    after = obj.right_edge.i + 1
    if after < len(doc) and doc[after].is_quote:
        end = after + 1
        while end < len(doc) and not doc[end].is_quote and doc[end].text not in (".", "\n"):
            end += 1
        if end < len(doc) and doc[end].is_quote and end > after + 1:
            return obj.left_edge.i, end
    return None
