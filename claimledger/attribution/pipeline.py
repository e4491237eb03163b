"""Putting quotes, reported speech and sources together for one parsed document.

Order matters: reported speech is found first, so a quoted fragment inside a reported
clause ("said he too was “shocked”") makes a mixed attribution and not a direct one;
then every remaining top-level quote looks for its cue before it ("X said: “…”",
"described the attack as ‘…’") or after it ("“…,” he said"), and a quote with no cue
of its own right after another attribution continues it. A short quote with no cue is
a scare quote, title or name, and is not an attribution.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimledger.attribution.outlets import quoted_participle, quoted_person
from claimledger.attribution.quotes import Quote, find_quotes
from claimledger.attribution.reported import (
    Reported,
    cue_span,
    is_quote_cue,
    name_before,
    reported_speech,
    subject_of,
)
from claimledger.attribution.sources import Context, SourceInfo, resolve_speaker
from claimledger.attribution.speakers import (
    Entities,
    speaker_after,
    speaker_head,
    speaker_span,
)
from claimledger.claims.docview import view_of
from claimledger.model import Attribution, Source, Span
from claimledger.resolution.entity_pass import article_entities

_CLAUSE_BREAKS = frozenset({".", "!", "?", ";"})
_SHORT_QUOTE_LEADS = frozenset({":", ",", "as", "that", "—", "–"})
# A cueless quote continues the previous attribution when it starts this close to it.
CONTINUATION_GAP = 320
# Direct-quote cue search windows, in tokens.
AFTER_WINDOW = 8
BEFORE_WINDOW = 14


@dataclass(slots=True)
class _Found:
    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: Token | None
    continuation: bool = False
    source: SourceInfo | None = None
    according_to: bool = False


def extract(doc: Doc) -> tuple[list[Attribution], list[Source]]:
    # read once and passed on: spaCy rebuilds Doc.text from every token on each access.
    # The text and token offsets come from the claims layer's view of the parse, built
    # here once and kept on the doc (``build_layers`` reuses it and drops it when done),
    # so a full analysis reads the parse into lists once, not twice.
    view = view_of(doc)
    text, starts = view.text, view.starts
    if not text.strip() or len(doc) == 0:
        return [], []
    quotes = [q for q in find_quotes(text) if not q.nested]
    found, consumed, hints = _reported(doc, text, quotes)
    used_cues = {hint[0].i for hint in hints.values()}
    for quote in quotes:
        if id(quote) in consumed:
            continue
        item = _direct(doc, text, starts, quote, hints.get(id(quote)), used_cues, found)
        if item is not None:
            found.append(item)
    found.sort(key=lambda f: f.content[0])
    _link_continuations(doc, starts, quotes, found)
    return _records(doc, text, found, quotes)


def _token_index(starts: list[int], char: int) -> int:
    return max(0, bisect_right(starts, char) - 1)


def _inside(quotes: list[Quote], char: int) -> Quote | None:
    for quote in quotes:
        end = quote.close_at if quote.close_at is not None else quote.end
        if quote.open_at <= char < end:
            return quote
    return None


def _reported(
    doc: Doc, text: str, quotes: list[Quote]
) -> tuple[list[_Found], set[int], dict[int, tuple[Token, Token | None]]]:
    """Indirect and mixed attributions; quotes they swallow; cues they lend to quotes."""
    found: list[_Found] = []
    consumed: set[int] = set()
    hints: dict[int, tuple[Token, Token | None]] = {}
    for item in reported_speech(doc, text):
        cue_token = doc[item.cue_token]
        if _inside(quotes, cue_token.idx) is not None:
            continue  # sources named inside someone's quote are not attributions
        start, end = item.content
        if start < cue_token.idx and _follows_quote(doc, cue_token):
            # "“…,” said X": the cue belongs to the quote before it; "“….” He stated
            # that …" has content of its own after the cue and stays
            continue
        if any(f.content[0] <= cue_token.idx < f.content[1] and not f.according_to
               for f in found):
            continue  # a cue inside another reported clause is part of that content
        # ("According to X, Y claimed that …" reports Y's claim and keeps it)
        inner = [q for q in quotes if q.open_at < end and (q.close_at or q.end) > start
                 and not _name_like(text, q)]
        if inner:
            outside = _outside_words(text, start, end, inner)
            first = inner[0]
            if outside < 2 or first.start <= start:
                if id(first) not in hints:
                    hints[id(first)] = (cue_token, item.speaker)
                continue
            for quote in inner:
                consumed.add(id(quote))
                if quote.close_at is not None:
                    end = max(end, quote.close_at + 1)
                else:
                    end = max(end, quote.end)
            found.append(_Found("mixed", (start, end), item.cue, item.speaker,
                                according_to=item.according_to))
            continue
        found.append(_Found("indirect", (start, end), item.cue, item.speaker,
                            according_to=item.according_to))
    return found, consumed, hints


def _follows_quote(doc: Doc, cue: Token) -> bool:
    before = doc[max(0, cue.i - 2) : cue.i]
    return any(t.is_quote and t.i > 0 and t.nbor(-1).text in (",", ".", "?", "!", "—")
               for t in before)


def _outside_words(text: str, start: int, end: int, quotes: list[Quote]) -> int:
    """How many words of ``text[start:end]`` lie outside the quotes."""
    pieces: list[str] = []
    cursor = start
    for quote in quotes:
        pieces.append(text[cursor : max(cursor, quote.open_at)])
        cursor = max(cursor, (quote.close_at + 1) if quote.close_at is not None else quote.end)
    pieces.append(text[cursor:end])
    return sum(1 for word in " ".join(pieces).split() if any(c.isalnum() for c in word))


def _name_like(text: str, quote: Quote) -> bool:
    """A name or title in quotes (‘Geraniy-2’, ‘Military Acceptance’): short, capitalised."""
    words = text[quote.start : quote.end].split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _comma_closed(text: str, quote: Quote) -> bool:
    """‘…,’ / “…?” : the convention of a quote that a cue follows."""
    if quote.close_at is None:
        return False
    return text[quote.start : quote.close_at].rstrip()[-1:] in (",", "?", "!")


def _is_short(text: str, quote: Quote) -> bool:
    """Scare quotes, titles and names: a few words without sentence punctuation."""
    content = text[quote.start : quote.end]
    return len(content.split()) <= 4 and not any(c in content for c in ".!?")


def _direct(
    doc: Doc,
    text: str,
    starts: list[int],
    quote: Quote,
    hint: tuple[Token, Token | None] | None,
    used_cues: set[int],
    found: list[_Found],
) -> _Found | None:
    content = (quote.start, quote.end)
    if hint is not None:
        return _Found("direct", content, cue_span(doc, hint[0]),
                      hint[1] if hint[1] is not None else name_before(hint[0]))
    short = _is_short(text, quote)
    if _name_like(text, quote) or (short and text[quote.end - 1 : quote.end] == "."
                                   and len(text[quote.start : quote.end].split()) <= 2):
        return None  # ‘Military Acceptance’, " Launchpad. ": names and titles
    open_index = _token_index(starts, quote.open_at)
    complete = text[quote.end - 1 : quote.end] in (".", "!", "?") if quote.end else False
    before = _cue_before(doc, open_index, short)
    after: Token | None = None
    if quote.close_at is not None:
        after = _cue_after(doc, _token_index(starts, quote.close_at), complete)
    cue: Token | None = None
    if before is not None and before.i not in used_cues:
        cue = before
    elif after is not None and after.i not in used_cues and not (complete and before) \
            and (not short or _comma_closed(text, quote)):
        cue = after
    elif before is not None:
        # a quote split by its cue: the second part is a continuation
        return _Found("direct", content, None, None, continuation=True)
    if cue is None and quote.close_at is not None and _comma_closed(text, quote):
        named = _verbless_speaker(doc, _token_index(starts, quote.close_at))
        if named is not None:
            return _Found("direct", content, None, named)
    if cue is None:
        if short:
            return None
        return _Found("direct", content, None, None, continuation=True)
    used_cues.add(cue.i)
    relayed = quoted_person(cue)
    participle = quoted_participle(cue)
    if relayed is not None and participle is not None:
        # "“…,” Reuters quoted X as saying": X's words, the participle is the cue
        used_cues.add(participle.i)
        return _Found("direct", content, cue_span(doc, participle), relayed)
    speaker = subject_of(cue)
    if speaker is None and cue is after:
        speaker = speaker_after(doc, cue)
    elif speaker is None:
        speaker = name_before(cue)
    span = cue_span(doc, cue)
    if cue is before and not is_quote_cue(cue) and open_index >= 2 \
            and doc[open_index - 1].text == ":" and cue.i < open_index - 1:
        # a colon's clause ("spoke about the incident: “…”"): its verb is no reporting
        # verb, so the cue is the predicate up to the colon, as the shared gold marks it
        last = doc[open_index - 2]
        span = (span[0], max(span[1], last.idx + len(last.text)))
    return _Found("direct", content, span, speaker)


def _verbless_speaker(doc: Doc, close_index: int) -> Token | None:
    """"“…,” Jane Marsh, an analyst at X.": a name and its description close the
    sentence with no reporting verb; the name is the speaker (no cue). Only a person's
    name directly after the quote, then a comma and a determiner-led description that
    runs to the sentence's end without a verb."""
    i = close_index + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i >= len(doc) or doc[i].ent_type_ != "PERSON" or doc[i].ent_iob_ != "B":
        return None
    end = i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    if end + 2 >= len(doc) or doc[end + 1].text != "," or doc[end + 2].lower_ not in (
            "a", "an", "the"):
        return None
    for token in doc[end + 2 : min(len(doc), end + 2 + 25)]:
        if token.is_quote or "\n" in token.text:
            return None
        if token.text in (".", "!", "?"):
            return doc[end]
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("acl", "relcl", "amod"):
            return None
    return None


def _cue_after(doc: Doc, close_index: int, complete: bool) -> Token | None:
    """"“…,” he said" / "“…,” said X": a reporting verb right after the closing mark."""
    i = close_index + 1
    while i < len(doc) and doc[i].text in (",", "—", "–", "-"):
        i += 1
    for j in range(i, min(len(doc), i + AFTER_WINDOW)):
        token = doc[j]
        if token.is_quote or token.text in _CLAUSE_BREAKS or "\n" in token.text:
            return None
        if is_quote_cue(token):
            if complete and j + 1 < len(doc) and doc[j + 1].text not in (".", ","):
                subject = [c for c in token.rights if c.dep_ == "nsubj"]
                # "“… two respects.” said William Clay Ford Jr., …": a person's name
                # right after the verb is the inverted subject the parser missed
                named = doc[j + 1].ent_type_ == "PERSON" and doc[j + 1].ent_iob_ == "B"
                if not subject and not named:
                    return None
            return token
        if token.pos_ in ("VERB",) or token.text == ",":
            return None
    return None


def _cue_before(doc: Doc, open_index: int, short: bool) -> Token | None:
    """"X said: “…”", "with X saying “…”", "described the attack as ‘…’"."""
    j = open_index - 1
    lead = doc[j].lower_ if j >= 0 else ""
    while j >= 0 and open_index - j <= BEFORE_WINDOW:
        token = doc[j]
        if token.text in _CLAUSE_BREAKS or "\n" in token.text:
            # why: "X spoke about the incident: “…”" as a paragraph's second sentence
            # reached the full stop before it and never asked the colon's clause
            return _colon_verb(doc, open_index) if lead == ":" else None
        if token.is_quote and token.tag_ != "POS":  # "Jobs' death" is no quote
            return _colon_verb(doc, open_index) if lead == ":" else None
        if is_quote_cue(token):
            gap = doc[token.i + 1 : open_index]
            if any(t.dep_ in ("nsubj", "nsubjpass") for t in gap):
                return None
            if short and len(gap) > 0 and lead not in _SHORT_QUOTE_LEADS:
                return None
            return token
        j -= 1
    return _colon_verb(doc, open_index) if lead == ":" else None


def _colon_verb(doc: Doc, open_index: int) -> Token | None:
    """"Chelune spoke about the incident: “…”": a clause with a named subject that
    ends in a colon introduces the quote, its verb the cue, even when the verb is not a
    reporting verb of the lexicon."""
    colon = open_index - 1
    if colon < 1:
        return None
    verb = doc[colon - 1]
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ != "VERB" or verb.i >= colon:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not (subject.ent_type_ in ("PERSON", "ORG")
                               or subject.pos_ in ("PROPN", "PRON")):
        return None
    return verb


def _link_continuations(doc: Doc, starts: list[int], quotes: list[Quote],
                        found: list[_Found]) -> None:
    """Keep a cueless quote only when it follows an attribution closely."""
    kept: list[_Found] = []
    previous_end = -10**9
    for item in found:
        if item.continuation and (
            not kept or item.content[0] - previous_end > CONTINUATION_GAP
        ):
            continue
        kept.append(item)
        ends = [item.content[1]]
        if item.cue is not None:
            ends.append(item.cue[1])
        if item.speaker is not None:
            ends.append(item.speaker.idx + len(item.speaker.text))
        previous_end = max(ends)
    found[:] = kept


def _records(doc: Doc, text: str, found: list[_Found], quotes: list[Quote]
             ) -> tuple[list[Attribution], list[Source]]:
    entities = article_entities(doc, text)  # the one entity pass (issue 12)
    # (a straight apostrophe opens too many false quotes, "O 'Reilly", to hide names)
    entities.quoted = sorted((q.open_at, q.close_at) for q in quotes
                             if q.close_at is not None and text[q.open_at] != "'")
    context = Context(doc, entities)
    infos: dict[str, SourceInfo] = {}
    ids: dict[str, str] = {}
    mentions: dict[str, list[tuple[int, int]]] = {}
    attributions: list[Attribution] = []
    previous_key: str | None = None
    for item in found:
        speaker_chars: tuple[int, int] | None = None
        key: str | None = None
        if item.speaker is not None:
            head = speaker_head(doc, item.speaker)
            speaker_chars = speaker_span(doc, item.speaker)
            if head is not item.speaker and not (
                speaker_chars[0] <= head.idx < speaker_chars[1]
            ):
                speaker_chars = speaker_span(doc, head)
            info = resolve_speaker(doc, head, entities, context)
            if info is not None:
                key = info.key
                _remember(infos, info)
                for member in info.members:
                    _remember(infos, member)
                context.previous, context.previous_at = info, speaker_chars[0]
        elif item.continuation or item.cue is not None:
            key = previous_key
        if key is not None and key not in ids:
            ids[key] = f"s{len(ids) + 1}"
        for member in infos[key].members if key is not None else ():
            if member.key not in ids:
                ids[member.key] = f"s{len(ids) + 1}"
        if key is not None and speaker_chars is not None:
            mentions.setdefault(key, []).append(speaker_chars)
        previous_key = key
        attributions.append(Attribution(
            id=f"a{len(attributions) + 1}",
            kind=item.kind,  # type: ignore[arg-type]
            content=Span.of(text, *item.content),
            cue=None if item.cue is None or item.continuation else Span.of(text, *item.cue),
            speaker=None if speaker_chars is None else Span.of(text, *speaker_chars),
            source=None if key is None else ids[key],
        ))
    return attributions, _sources(text, infos, ids, mentions, entities)


def _remember(infos: dict[str, SourceInfo], info: SourceInfo) -> None:
    known = infos.get(info.key)
    if known is None or (known.role is None and info.role is not None):
        infos[info.key] = info


def _sources(text: str, infos: dict[str, SourceInfo], ids: dict[str, str],
             mentions: dict[str, list[tuple[int, int]]], entities: Entities) -> list[Source]:
    sources: list[Source] = []
    for key, source_id in ids.items():
        info = infos[key]
        spans = set(mentions.get(key, []))
        if info.entity is not None:
            spans.update(info.entity.mentions)
        sources.append(Source(
            id=source_id,
            name=info.name,
            kind=info.kind,  # type: ignore[arg-type]
            role=info.role,
            affiliation=info.affiliation,
            anonymity_reason=info.anonymity_reason,
            mentions=tuple(Span.of(text, s, e) for s, e in sorted(spans)),
            members=tuple(ids[member.key] for member in info.members),
        ))
    return sources


__all__ = ["Reported", "extract"]
