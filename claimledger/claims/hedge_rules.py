"""Which uses of a hedge word are epistemic: the rules named in ``data/hedges.tsv``.

The CoNLL-2010 / Szeged convention counts a word as an uncertainty cue only in its
epistemic reading (``quality/hedge-guidelines.md``, section 5): "can" of ability, "would"
of reported future, "if" in "as if" are not cues. Each rule reads the parse around one
match (tags, dependency labels, a child or two) from the shared ``DocView``, so the
check is a few list look-ups per candidate. ``check`` returns the cue type to use, which
may differ from the lexicon's default ("if" introducing an embedded question is an
investigation cue), or None when the match is not a cue.
"""

from __future__ import annotations

from collections.abc import Callable

from claimledger.claims.docview import DocView

# Verbs whose clausal complement reports speech or plans: a "would" inside one shifts a
# reported "will" (future-in-the-past), which is not a cue.
_REPORTING = frozenset({
    "say", "tell", "announce", "state", "add", "report", "confirm", "hope", "wish", "plan",
    "claim", "agree", "decide", "promise", "indicate", "note", "explain", "insist", "warn",
    "write", "reveal", "suggest", "predict", "expect", "vow", "pledge", "believe", "think",
    "argue", "acknowledge", "admit", "assure", "declare", "disclose", "signal", "show",
    "mean", "ensure", "propose", "stress", "understand", "learn", "know", "feel",
})
_WOULD_NOT = frozenset({"like", "love", "prefer", "rather", "welcome", "appreciate"})
_QUESTION_WORDS = frozenset({"whether", "if", "how", "what", "why", "when", "where", "who",
                             "which"})
_COMPARISON = frozenset({"than", "as", "beat", "beats", "missed", "above", "below", "exceed",
                         "exceeded", "topped", "surpassed"})
_PERSON_PRONOUNS = frozenset({"i", "you", "he", "she", "we", "they", "who"})

Rule = Callable[[DocView, int, str], str | None]


def check(rule: str, view: DocView, index: int, default: str) -> str | None:
    """The cue type of the match whose first token is ``index`` under ``rule``, or None."""
    if not rule:
        return default
    found = _RULES.get(rule)
    if found is None:
        raise ValueError(f"hedges.tsv names an unknown rule {rule!r}")
    return found(view, index, default)


def _children(view: DocView, index: int, *deps: str) -> list[int]:
    return [c for c in view.children(index) if view.dep[c] in deps]


def _previous(view: DocView, index: int) -> str:
    return view.lower[index - 1] if index > 0 else ""


def _after_be(view: DocView, index: int, default: str) -> str | None:
    """Raising "X is said to": a form of "be" (or "been") right before the participle."""
    return default if index > 0 and view.lemma[index - 1].lower() == "be" else None


def _modal_verb(view: DocView, index: int, default: str) -> str | None:
    """"may", "might" as modal verbs (not the month May)."""
    return default if view.tag[index] == "MD" else None


def _could(view: DocView, index: int, default: str) -> str | None:
    """Hypothetical "could"; "could not" + verb is past inability, not uncertainty."""
    if view.tag[index] != "MD":
        return None
    following = view.lower[index + 1] if index + 1 < len(view) else ""
    return None if following in ("not", "n't", "never") else default


def _possible(view: DocView, index: int, default: str) -> str | None:
    """Not "as soon as possible", "the best possible" (degree, not possibility)."""
    window = range(max(0, index - 4), index)
    if _previous(view, index) == "as" or any(
            view.tag[i] in ("JJS", "RBS") or view.lower[i] == "most" for i in window):
        return None  # "as soon as possible", "in the most expeditious way possible"
    return default


def _evidence(view: DocView, index: int, default: str) -> str | None:
    """"The figures suggest that X": evidence as subject. A person proposing or stating
    ("he suggested a meeting", "Apple indicated it would") is not a cue."""
    if view.pos[index] != "VERB":
        return None
    subjects = _children(view, index, "nsubj")
    for subject in subjects:
        if (view.lower[subject] in _PERSON_PRONOUNS or view.ent_type[subject] in (
                "PERSON", "ORG", "NORP", "GPE") or view.pos[subject] == "PROPN"):
            return None
    has_clause = bool(_children(view, index, "ccomp", "xcomp"))
    return default if has_clause or not subjects else None


def _evidential(view: DocView, index: int, default: str) -> str | None:
    """"appears to have", "appeared weak"; not "appeared on stage"."""
    return default if _children(view, index, "xcomp", "ccomp", "acomp", "attr", "oprd") \
        else None


def _expected(view: DocView, index: int, default: str) -> str | None:
    """"expected" with no experiencer is the writer's prediction; "than expected" and "as
    expected" compare a fact with a forecast and are not cues."""
    if _previous(view, index) in ("than", "as", "unexpected"):
        return None
    if any(view.lower[c] == "by" for c in view.children(index)):
        return "doxastic"  # "expected by analysts to": an experiencer after all
    if _children(view, index, "nsubj") and view.tag[index] != "VBN":
        return "doxastic"
    return default


def _experiencer(view: DocView, index: int, default: str) -> str | None:
    """"Analysts expect", "GM expects to return": a believer holds the prediction."""
    return default if view.pos[index] == "VERB" else None


def _would(view: DocView, index: int, default: str) -> str | None:
    """Hypothetical "would" (a consequence, a proposal awaiting approval, an estimate).

    Not: future-in-the-past under a reporting verb ("said it would release"), wishes
    ("would like"), or its head verb among the clauses a reporting verb governs.
    """
    if view.tag[index] != "MD":
        return None
    verb = view.head[index]
    if view.lemma[verb].lower() in _WOULD_NOT:
        return None
    steps = 0
    while steps < 4 and view.dep[verb] in ("ccomp", "xcomp", "conj", "parataxis", "advcl"):
        head = view.head[verb]
        if view.dep[verb] != "conj" and view.dep[verb] != "advcl" \
                and view.lemma[head].lower() in _REPORTING:
            return None
        verb = head
        steps += 1
    for child in view.children(verb):
        # "..., he said": the parser hangs the reporting verb under the clause.
        if view.dep[child] in ("parataxis", "ccomp") and view.lemma[child].lower() in ("say",
                                                                                       "tell"):
            return None
    return default


def _should(view: DocView, index: int, default: str) -> str | None:
    """Inverted conditional "Should X happen" is a condition; expectation "should" with
    a thing as subject ("the plane should arrive") is probable; advice is no cue."""
    if view.tag[index] != "MD":
        return None
    first = view.sentence(index)[0]
    following = view.pos[index + 1] if index + 1 < len(view) else ""
    if index == first and following in ("DET", "PROPN", "PRON", "NOUN"):
        return "condition"
    verb = view.head[index]
    for subject in _children(view, verb, "nsubj", "nsubjpass", "expl"):
        if view.lower[subject] in _PERSON_PRONOUNS or view.ent_type[subject] in (
                "PERSON", "ORG", "NORP", "GPE") or view.lower[subject] in ("it", "this"):
            return None
        return default
    return None


def _think(view: DocView, index: int, default: str) -> str | None:
    """Believing "think", not "think about/of" or the noun "thought"."""
    if view.pos[index] != "VERB":
        return None
    if any(view.lower[c] in ("about", "of", "through", "up") for c in view.children(index)):
        return None
    return default


def _believe(view: DocView, index: int, default: str) -> str | None:
    """Not the outrage idiom "I can not believe", "can't believe"."""
    window = view.lower[max(0, index - 2):index]
    if "ca" in window or ("can" in window and ("not" in window or "n't" in window)) \
            or "cannot" in window:
        return None
    return default


def _suspect(view: DocView, index: int, default: str) -> str | None:
    """Not the noun "the suspect" (a person), which names someone."""
    if view.lower[index] in ("suspect", "suspects") and view.pos[index] == "NOUN":
        return None
    return default


def _assume(view: DocView, index: int, default: str) -> str | None:
    """Not "assumed office/control/the role" (taking on)."""
    if view.pos[index] == "VERB" and _children(view, index, "dobj"):
        return None
    if view.lower[index] == "assuming" and index + 1 < len(view) \
            and view.lower[index + 1] == "that":
        return "condition"
    return default


def _consider(view: DocView, index: int, default: str) -> str | None:
    """"is considered (to be) X", "considers X Y": doxastic; "is considering a plan /
    whether to": weighing an open option, investigation; "consideration" is no cue."""
    if view.pos[index] != "VERB":
        return None
    if view.tag[index] == "VBN" and _children(view, index, "auxpass"):
        return default
    if _children(view, index, "oprd", "xcomp", "ccomp") and view.tag[index] != "VBG":
        return default
    if view.tag[index] in ("VBG", "VB"):
        return "investigation"
    return None


def _prediction(view: DocView, index: int, default: str) -> str | None:
    """Predictions with content; not "beat forecasts", "than forecast"."""
    if _previous(view, index) in _COMPARISON:
        return None
    if index > 1 and view.lower[index - 2] in _COMPARISON and view.tag[index - 1] in (
            "POS", "PRP$", "NNS", "NN"):
        return None  # "beat analysts' forecasts"
    if view.lower[index] == "projected" and view.tag[index] != "VBN":
        return None
    if view.pos[index] == "NOUN":  # "an initial forecast of 3.5 percent" names a number
        following = view.lower[index + 1] if index + 1 < len(view) else ""
        return default if following == "that" else None
    return default


def _estimate(view: DocView, index: int, default: str) -> str | None:
    """The verb and its participle ("an estimated 3,000"); the noun only with content
    ("estimates that", "by some estimates"), never "beat estimates"."""
    if _previous(view, index) in _COMPARISON or (
            index > 1 and view.lower[index - 2] in _COMPARISON):
        return None
    if view.pos[index] == "NOUN":
        following = view.lower[index + 1] if index + 1 < len(view) else ""
        before = _previous(view, index)
        return default if following == "that" or ((index > 1 and view.lower[index - 2] == "by")
                                                   or before == "by") else None
    return default


def _fear(view: DocView, index: int, default: str) -> str | None:
    """Fear of a possible event ("fears of a recession", "feared that"), not the mood."""
    for child in view.children(index):
        if view.dep[child] in ("ccomp", "xcomp", "acl") or (
                view.dep[child] == "prep" and view.lower[child] in ("of", "about", "over")):
            return default
    following = view.lower[index + 1] if index + 1 < len(view) else ""
    return default if following in ("that", "of", "about") else None


def _doubt(view: DocView, index: int, default: str) -> str | None:
    """Not the idioms of certainty "no doubt", "without (a) doubt"."""
    before = _previous(view, index)
    if before in ("no", "without") or (before == "a" and index > 1
                                       and view.lower[index - 2] == "without"):
        return None
    return default


def _uncertainty(view: DocView, index: int, default: str) -> str | None:
    """"uncertainty over/about X", not the bare mood ("driven by uncertainty")."""
    return default if any(view.lower[c] in ("over", "about", "as", "surrounding")
                          for c in view.children(index)) else None


def _if(view: DocView, index: int, default: str) -> str | None:
    """Conditional "if"; not "as if", "even if", "if only"; an embedded question ("asked
    if it would close") is an investigation cue."""
    if _previous(view, index) in ("as", "even"):
        return None
    if index + 1 < len(view) and view.lower[index + 1] == "only":
        return None
    return "investigation" if view.dep[view.head[index]] == "ccomp" else default


def _whether(view: DocView, index: int, default: str) -> str | None:
    """"whether or not" / an adverbial "whether" clause: condition; else an embedded
    question: investigation."""
    return default if view.dep[view.head[index]] == "advcl" else "investigation"


def _pending(view: DocView, index: int, default: str) -> str | None:
    """"pending approval" (an unmet requirement), not "pending announcements" (a noun
    modifier)."""
    return None if view.dep[index] in ("amod", "compound") else default


def _ongoing(view: DocView, index: int, default: str) -> str | None:
    """An inquiry still open: not a completed one ("investigated and cleared")."""
    if view.tag[index] == "VBD":
        return None
    if view.tag[index] == "VBN" and not _children(view, index, "auxpass"):
        return None
    return default


def _inquiry_noun(view: DocView, index: int, default: str) -> str | None:
    """"investigation into X", "under investigation", "launched a probe": open; "follows
    an investigation by the Commission": a completed event, no cue."""
    if _previous(view, index) == "under":
        return default
    following = view.lower[index + 1] if index + 1 < len(view) else ""
    if following in ("into", "whether", "of whether"):
        return default
    head = view.head[index]
    if view.lemma[head].lower() in ("launch", "open", "begin", "start", "order", "announce",
                                    "call", "conduct", "continue", "demand"):
        return default
    return None


def _open_question(view: DocView, index: int, default: str) -> str | None:
    """"examine whether", "to gauge the impact", "testing whether the fix works": an
    ongoing inquiry into a question; not a finished study or a review of documents."""
    if view.pos[index] != "VERB" or view.tag[index] in ("VBD", "VBN"):
        return None
    for child in view.children(index):
        if view.dep[child] in ("ccomp", "xcomp") and any(
                view.lower[c] in _QUESTION_WORDS for c in view.children(child)):
            return default
    following = view.lower[index + 1] if index + 1 < len(view) else ""
    return default if following in _QUESTION_WORDS else None


def _bare_hearsay(view: DocView, index: int, default: str) -> str | None:
    """Hearsay nouns with no claimant: "accusations of bias", "reports of issues"; not
    "Apple's accusations", "reports by the ministry", "the reports"."""
    if view.pos[index] != "NOUN":
        return None
    for child in view.children(index):
        if view.dep[child] in ("poss", "det", "compound", "amod") and view.lower[child] not in (
                "some", "such", "these", "unconfirmed", "media", "press", "news", "recent",
                "several", "many"):
            return None
        if view.dep[child] == "prep" and view.lower[child] == "by":
            return None
    head = view.head[index]
    if view.dep[index] == "pobj" and view.lower[head] == "to" \
            and view.lower[view.head[head]] == "according":
        return None  # "according to reports" is its own entry
    return default


_RULES: dict[str, Rule] = {
    "after_be": _after_be, "modal_verb": _modal_verb, "could": _could,
    "possible": _possible, "evidence": _evidence, "evidential": _evidential,
    "expected": _expected, "experiencer": _experiencer, "would": _would, "should": _should,
    "think": _think, "believe": _believe, "suspect": _suspect, "assume": _assume,
    "consider": _consider,
    "prediction": _prediction, "estimate": _estimate, "fear": _fear, "doubt": _doubt,
    "uncertainty": _uncertainty, "if": _if, "whether": _whether, "pending": _pending,
    "ongoing": _ongoing, "inquiry_noun": _inquiry_noun, "open_question": _open_question,
    "bare_hearsay": _bare_hearsay,
}
