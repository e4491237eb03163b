"""Reported speech: reporting cues, their complement clauses and "according to" forms.

Heuristics over spaCy's dependency parse (no re-parsing):

- a cue is a verb whose lemma is in the reporting lexicon (``attribution_cues.txt``);
- its content is its ``ccomp`` clause ("said that X"), or, for verbs whose object can
  carry a claim ("announced 10,000 job cuts"), its object and what follows it;
- inverted forms ("X will happen, Apple announced") are a cue whose head clause comes
  first: the parser makes the reported clause the head's complement, or the cue a
  ``ccomp``/``parataxis`` of the reported clause's verb;
- the speaker is the cue's subject, or the agent of a passive, or, for a participle
  without its own subject ("…, with analyst X saying …", "released a statement
  saying"), the nearest subject up the tree;
- "according to X" takes the rest of its sentence as content.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from claimledger.attribution import complements, lexicon, nouncues
from claimledger.attribution.outlets import quoted_participle, quoted_person
from claimledger.claims.docview import view_of

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLAUSE_DEPS = frozenset({"ccomp"})
_PARTICIPLE_DEPS = frozenset({"advcl", "xcomp", "conj", "acl", "pcomp", "relcl", "prep"})
_TRIM_PUNCT = frozenset(".,;:—–-")
_NON_CUE_TAGS = frozenset({"JJ", "NN", "NNS"})
_NOT_SAYING_HEADS = frozenset({"decline", "refuse", "expect", "fail", "plan", "want", "hope",
                               "intend", "able", "likely", "unlikely"})


@dataclass(frozen=True, slots=True)
class Reported:
    """One reported-speech candidate: character offsets, the cue token, the speaker."""

    content: tuple[int, int]
    cue: tuple[int, int]
    cue_token: int
    speaker: Token | None
    according_to: bool = False


def is_cue(token: Token) -> bool:
    """A reporting verb by lemma, tagged as a verb (so "report" the noun is not)."""
    if token.pos_ not in ("VERB", "AUX") or token.tag_ in _NON_CUE_TAGS:
        return False
    return token.lemma_.lower() in lexicon.cue_lemmas()


def is_document_cue(token: Token) -> bool:
    """"The study found that …", "figures showed that …": a verb that reports only
    with a document noun as its subject (``attribution_document_cues.txt``)."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in lexicon.document_cue_lemmas():
        return False
    if not any(c.dep_ == "ccomp" for c in token.rights):
        return False
    return any(c.dep_ == "nsubj" and "document" in lexicon.source_nouns().get(
        c.lemma_.lower(), ()) for c in token.children)


def is_quote_cue(token: Token) -> bool:
    """A reporting verb, or a verb that reports only beside a quote ("he continued")."""
    return is_cue(token) or (token.pos_ == "VERB"
                             and token.lemma_.lower() in lexicon.quote_cue_lemmas())


def is_reporting_act(token: Token) -> bool:
    """A cue that reports something said: not negated ("didn't say"), not declined or
    expected ("declined to predict", "is expected to report"), not an agentless passive
    ("it was announced", "it should be mentioned"), whose source is nobody."""
    children = list(token.children)
    if any(c.dep_ == "neg" for c in children):
        return False
    if any(c.dep_ == "auxpass" for c in children) and not any(
        c.dep_ == "agent" for c in children
    ):
        return False
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in _NOT_SAYING_HEADS:
        return False
    if any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "should")
           and any(n.dep_ == "neg" for n in token.children) for c in children):
        return False
    return not any(c.dep_ == "nsubj" and c.lower_ in ("no", "none", "neither", "nobody")
                   for c in children)


def cue_span(doc: Doc, verb: Token) -> tuple[int, int]:
    """Characters of the cue: the verb, a particle, "told reporters", "in a statement".

    Auxiliaries stay out ("announced", not "has announced"); a light-verb noun cue
    ("released a statement saying") runs from the light verb to the participle.
    """
    start = verb.idx
    end = verb.idx + len(verb.text)
    relayed = quoted_participle(doc[verb.i - 1].head) if verb.i > 0 and verb.tag_ == "VBG" \
        and doc[verb.i - 1].lower_ == "as" else None
    if relayed is not None and relayed.i == verb.i:
        start = doc[verb.i - 1].idx  # "quoted X as saying": the cue is "as saying"
    head = verb.head
    if (verb.dep_ == "acl" and head.lemma_.lower() in lexicon.cue_nouns()
            and head.head.lemma_.lower() in lexicon.light_verbs() and head.head.i < verb.i):
        start = head.head.idx
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end = child.idx + len(child.text)
    # only the few tokens after the verb (``doc[verb.i : verb.i + 12].text``), cut from
    # the shared view's text: a ``Span`` and its text per cue cost more than the match
    view = view_of(doc)
    window = view.text[view.starts[verb.i]:view.ends[min(len(view), verb.i + 12) - 1]]
    match = lexicon.cue_extension().match(window, end - verb.idx)
    if match is not None:
        end = verb.idx + match.end()
    return start, end


def name_before(verb: Token) -> Token | None:
    """A person's or organisation's name, or a personal pronoun, that ends right before
    ``verb`` (adverbs between allowed: "Jobs also noted"), for a verb the parser gave no
    usable subject: "… Russia and the US, Boeing EVP Scott Carson replied, “…”" (the
    name parsed as a conjunct of "the US")."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ == "ADV" and doc[i].dep_ in ("advmod", "neg") \
            and verb.i - i <= 2:
        i -= 1
    if i < 0:
        return None
    token = doc[i]
    if token.ent_type_ in ("PERSON", "ORG") and token.pos_ == "PROPN" and (
            i + 1 >= len(doc) or doc[i + 1].ent_iob_ != "I"):
        return token
    if token.pos_ == "PRON" and token.lower_ in ("he", "she", "they", "it", "we", "i"):
        return token
    return None


def subject_of(verb: Token) -> Token | None:
    """The speaker token of a cue: its subject, passive agent, or an ancestor's subject.

    A subject in another paragraph is a misparse (a headline run into the first
    sentence): the speaker is then the noun phrase that opens the cue's own paragraph.
    """
    subject = _grammatical_subject(verb)
    if subject is not None and subject.pos_ in ("VERB", "AUX") and not subject.ent_type_ \
            and subject.i < verb.i:
        # "iPhone users, however, account for … in the U.S. Jobs also noted that …":
        # a run-on sentence parsed with a verb as the subject; the name before the cue
        # (a name the tagger calls a verb, "said Will Tjernlund", is still a name)
        return name_before(verb)
    if subject is None:
        if _line_break_between(verb.sent[0], verb):
            return _paragraph_subject(verb)  # a subjectless verb after a run-in headline
        return None
    if not _line_break_between(subject, verb):
        return subject
    return _paragraph_subject(verb)


def _line_break_between(a: Token, b: Token) -> bool:
    """A line break in ``doc[low:high].text`` (``a`` and ``b`` in either order), read from
    the shared view's text: a ``Span`` and its text per question cost more than the rest."""
    low, high = (a.i, b.i) if a.i < b.i else (b.i, a.i)
    if low == high:
        return False
    view = view_of(a.doc)
    return "\n" in view.text[view.starts[low]:view.ends[high - 1]]


def _paragraph_subject(verb: Token) -> Token | None:
    """The first noun before ``verb`` in its paragraph whose head lies outside it."""
    doc = verb.doc
    start = verb.i
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
    for token in doc[start : verb.i]:
        if token.head.i < start and token.pos_ in ("PROPN", "NOUN", "PRON"):
            return token
    return None


_PLACES_AND_BODIES = frozenset({"ORG", "GPE", "FAC", "LOC"})


def _who_antecedent(antecedent: Token) -> Token:
    """"Charles O'Reilly, a management expert at Stanford University, who stated": the
    parser hangs the "who" clause on the nearest noun, a body or place; climb out of
    the prepositional phrases to the noun they qualify when that is a person (or a
    person's appositive). "news from Bank of America, who announced" stays the bank."""
    node = antecedent
    for _ in range(4):
        if node.ent_type_ not in _PLACES_AND_BODIES or node.dep_ != "pobj" \
                or node.head.dep_ != "prep":
            break
        node = node.head.head
    if node is antecedent or node.ent_type_ == "PERSON" or (
            node.dep_ == "appos" and node.head.ent_type_ == "PERSON"):
        return node
    return antecedent


def _grammatical_subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        # "the British journal The Economist reported": two subjects, the name is nearer
        before = [c for c in subjects if c.i < verb.i]
        subject = before[-1] if before else subjects[0]
        if subject.tag_ in ("WP", "WDT"):
            # "analysts, who had forecast that …", "X, which makes cars, to issue a
            # warning": the antecedent of the relative clause speaks
            node = verb
            for _ in range(3):
                if node.dep_ == "relcl":
                    return _who_antecedent(node.head) if subject.lower_ == "who" \
                        else node.head
                node = node.head
        return subject
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return child
    node = verb
    for _ in range(4):
        if node.dep_ not in _PARTICIPLE_DEPS and node.dep_ not in ("dobj", "pobj"):
            return None
        controlled = node.dep_ == "xcomp"
        node = node.head
        if controlled:
            # "the strike led X to issue a warning": the object does the saying
            objects = [c for c in node.children if c.dep_ == "dobj" and c.i < verb.i]
            if objects:
                return objects[0]
        quoted = quoted_person(node)
        if quoted is not None and quoted.i < verb.i:
            return quoted  # "Reuters quoted X as saying …": X speaks, the outlet relays
        if node.dep_ == "ROOT" and node.pos_ not in ("VERB", "AUX"):
            return None
        # "Citing X, Airbus announced …": a fronted participle's subject comes later
        fronted = verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.i < node.i
        for child in node.children:
            if child.dep_ in _SUBJECT_DEPS and (child.i < verb.i or fronted):
                if child.tag_ in ("WP", "WDT") and node.dep_ == "relcl":
                    return node.head  # "X, which makes cars, to issue a warning"
                return child
        if node.dep_ == "ROOT":
            return None
    return None


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range [first, last] as characters, without edge punctuation or "that".

    Reported content never crosses a line break: a headline's parse can run into the
    next paragraph, which would swallow the attributions there.

    Read from the shared view's lists: a spaCy ``Token`` per question here cost more
    than the rule itself (only ``is_quote``, not in the view, asks the token).
    """
    view = view_of(doc)
    words, is_punct, is_space = view.words, view.is_punct, view.is_space
    for i in range(first, last + 1):
        if "\n" in words[i]:
            last = i - 1
            break
    while first <= last and (
        is_punct[first] or is_space[first]
        or (view.lower[first] == "that" and view.dep[first] == "mark")
    ) and not doc[first].is_quote:
        first += 1
    while last >= first and (words[last] in _TRIM_PUNCT or is_space[last]):
        last -= 1
    if last < first:
        return None
    return view.starts[first], view.ends[last]


def _before_nested_cue(doc: Doc, verb: Token, clause: Token) -> int:
    """Last token of ``clause`` before a nested cue with its own speaker.

    Why: in "said that X, with analyst Y saying “…”" the participle clause is Y's
    attribution, not part of what the first speaker said.
    """
    last = clause.right_edge.i
    view = view_of(doc)
    cues = lexicon.cue_lemmas()
    pos, tag, lemma = view.pos, view.tag, view.lemma
    for i in range(clause.i + 1, last + 1):
        # ``is_cue`` read from the view's lists; a ``Token`` is built only for a cue.
        # (No test for ``verb`` itself: an earlier ``token is verb`` never held, spaCy
        # builds a new ``Token`` per access, and the outputs are kept as they were.)
        if pos[i] not in ("VERB", "AUX") or tag[i] in _NON_CUE_TAGS \
                or lemma[i].lower() not in cues:
            continue
        token = doc[i]
        if token.tag_ == "VBG" and doc[token.i - 1].text == "," and token.i - 2 >= clause.i:
            # "stated that X, saying “…”": the participle starts an attribution of its own
            return token.i - 2
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children) and token.dep_ in (
            "pcomp", "advcl", "conj"
        ):
            start = token.head.i if token.dep_ == "pcomp" else token.left_edge.i
            start = min(start, token.left_edge.i)
            return max(clause.i, start - 1)
    return last


def _content_of(doc: Doc, verb: Token) -> tuple[int, int] | None:
    # a clause in the next paragraph is a misparse (a headline run into the body)
    clauses = [c for c in verb.rights if c.dep_ in _CLAUSE_DEPS
               and not _line_break_between(verb, c.left_edge)]
    if clauses:
        clause = clauses[0]
        return _trim(doc, clause.left_edge.i, _before_nested_cue(doc, verb, clause))
    for complement in (complements.object_content(doc, verb),
                       complements.infinitive_content(verb),
                       complements.naming_content(doc, verb)):
        if complement is not None:
            return _trim(doc, *complement)
    prepositional = complements.prepositional_content(verb)
    if prepositional is not None:
        return _trim(doc, *prepositional[1])
    return None


def _inverted_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """"X will happen, Apple announced": the reported clause precedes the cue."""
    left = [c for c in verb.lefts if c.dep_ in ("ccomp", "parataxis")]
    if left:
        clause = left[0]
        return _trim(doc, clause.left_edge.i, clause.right_edge.i)
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.i > verb.i and any(
        t.text == "," for t in verb.lefts
    ) and verb.left_edge.i > verb.head.left_edge.i:
        # "His plan, he stated, was …": a parenthetical cue inside its content
        return _trim(doc, verb.head.left_edge.i, verb.head.right_edge.i)
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.i < verb.i:
        head = verb.head
        last = verb.left_edge.i - 1
        subject = subject_of(verb)
        if subject is not None:
            last = min(last, subject.left_edge.i - 1)
        return _trim(doc, head.left_edge.i, last)
    return None


@cache
def _opening_lemmas() -> frozenset[str]:
    """Lower-case lemmas of every token that can open a reported-speech candidate: the
    reporting, document and noun cues and "call" (the tests of ``reported_speech``)."""
    return (lexicon.cue_lemmas() | lexicon.document_cue_lemmas() | lexicon.cue_nouns()
            | {"call"})


# Lemma -> can it open a candidate? The answer never changes; cleared when large, so a
# long-running process stays bounded.
_OPENS: dict[str, bool] = {}
_MAX_OPENS = 200_000


def _candidate_indices(doc: Doc) -> list[int]:
    """Positions of the tokens ``reported_speech`` must look at, in text order.

    Why: every test there needs "according" or one of ``_opening_lemmas``; asking each
    spaCy ``Token`` for its strings cost more than the rest of the attribution layer.
    One ``Doc.to_array`` call reads the ids, and each distinct lemma is judged once.
    """
    if not len(doc):
        return []
    view = view_of(doc)  # the lemma and lower-case columns, already read
    lemmas, lowers = view.lemma, view.lower
    if len(_OPENS) > _MAX_OPENS:
        _OPENS.clear()
    opening = _opening_lemmas()
    for value in set(lemmas).difference(_OPENS):
        _OPENS[value] = value.lower() in opening
    # plain list walks: on a column of a few hundred strings, numpy's unique/isin cost
    # more in call overhead than they save
    opens = _OPENS
    return [i for i, lemma in enumerate(lemmas) if opens[lemma] or lowers[i] == "according"]


def reported_speech(doc: Doc, text: str | None = None) -> list[Reported]:
    """Every reported-speech candidate in ``doc``, in text order of their cues.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    if text is None:
        text = doc.text
    found: list[Reported] = []
    for index in _candidate_indices(doc):
        token = doc[index]
        if token.lower_ == "according" and token.i + 1 < len(doc) \
                and doc[token.i + 1].lower_ == "to":
            item = _according_to(doc, token)
            if item is not None:
                found.append(item)
            continue
        by_noun = nouncues.noun_cue(doc, token, subject_of)
        if by_noun is not None:
            noun_content = _trim(doc, *by_noun[0])
            if noun_content is not None:
                found.append(Reported(noun_content, by_noun[1], token.i, by_noun[2]))
            continue
        naming = token.lemma_.lower() == "call" and token.pos_ == "VERB"
        if not (is_cue(token) or naming or is_document_cue(token)) \
                or not is_reporting_act(token):
            continue
        content = _content_of(doc, token)
        if content is None and not naming:
            content = _inverted_content(doc, token)
        if content is None:
            continue
        low, high = min(content[0], token.idx), max(content[1], token.idx)
        if "\n" in text[low:high]:
            continue  # a cue and its content are in one paragraph
        cue = cue_span(doc, token)
        prepositional = complements.prepositional_content(token)
        if prepositional is not None and prepositional[0].i == token.i + 1:
            preposition = prepositional[0]
            cue = (cue[0], max(cue[1], preposition.idx + len(preposition.text)))
        relayed = quoted_person(token)
        participle = quoted_participle(token)
        if relayed is not None and participle is not None:
            # "“…,” Reuters quoted X as saying": X's words, "as saying" is the cue
            found.append(Reported(content, cue_span(doc, participle), participle.i, relayed))
            continue
        found.append(Reported(content, cue, token.i, subject_of(token)))
    return found


def _paragraph_part(sent: Span, i: int) -> tuple[int, int]:
    """First and last token of ``sent`` in the paragraph of token ``i``: a dateline or
    headline the parser ran into the sentence is not part of it."""
    words = view_of(sent.doc).words  # the token texts, without a Token per step
    first, last = sent.start, sent.end - 1
    for j in range(i - 1, sent.start - 1, -1):
        if "\n" in words[j]:
            first = j + 1
            break
    for j in range(i + 1, sent.end):
        if "\n" in words[j]:
            last = j - 1
            break
    return first, last


def _according_to(doc: Doc, according: Token) -> Reported | None:
    """"According to X, Y." / "Y, according to X." -> content Y, speaker X."""
    to = doc[according.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    speaker = objects[0]
    phrase_end = max(speaker.right_edge.i, to.i)
    first, last = _paragraph_part(according.sent, according.i)
    cue = (according.idx, to.idx + len(to.text))
    if according.i - first <= 1:
        content = _trim(doc, phrase_end + 1, last)
    else:
        content = _trim(doc, first, according.i - 1)
        after = _trim(doc, phrase_end + 1, last)
        lead = according.i - 1
        while lead > first and doc[lead].is_punct:
            lead -= 1
        # "…, which, according to X, is high": X vouches for the relative clause only
        relative = doc[lead].tag_ in ("WDT", "WP")
        if after is not None and (content is None or relative
                                  or after[1] - after[0] > content[1] - content[0]):
            content = after
    if content is None:
        return None
    content = _before_nested_according(doc, content, according.i)
    return Reported(content, cue, according.i, speaker, according_to=True)


def _before_nested_according(doc: Doc, content: tuple[int, int], own: int
                             ) -> tuple[int, int]:
    """"According to A, X rose, which, according to B, is high": A's content ends
    before the clause that B vouches for."""
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None:
        return content
    for token in span:
        if token.i != own and token.lower_ == "according" and token.i + 1 < len(doc) \
                and doc[token.i + 1].lower_ == "to":
            j = token.i - 1
            while j > span.start and (doc[j].is_punct or doc[j].tag_ in ("WDT", "WP")):
                j -= 1
            trimmed = _trim(doc, span.start, j)
            return content if trimmed is None else trimmed
    return content
