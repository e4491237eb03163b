"""Candidate entity mentions of one article (steps 1 and 2 of ``claims.entities``).

Candidates come from spaCy's named entities, names in scare quotes, model designators
and manufacturer-plus-model names. Each is cleaned to the name itself, given a kind from
its label and context cues (``data/name_words.tsv``), and overlaps are resolved in favour
of the rules. Names in Title Case headlines are kept only when the body names them too;
parenthetical acronyms ("(SEZ)") are added pointing at the name they abbreviate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from claimledger.names import acronym_variants, normalize_name, words_of

KINDS = ("person", "organization", "place", "product", "weapon_system", "event", "other")
_LABEL_KIND = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "PRODUCT": "product",
    "EVENT": "event",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "NORP": "other",
}
# Rule-found mentions outrank the tagger when spans overlap.
_PRIORITY = {"designator": 3, "maker_model": 3, "acronym": 2, "quote": 2, "ner": 1}
_QUOTES = "‘’‚‛“”„\"'`«»"
_TRAILING = _QUOTES + ",;:!?)]}—–-… \t\r\n"
_SCARE_QUOTE = re.compile(
    r"(?<![\w‘’'])(?P<open>[‘“\"'])(?P<inner>[^‘’“”\"\n]{1,60}?)(?P<close>[’”\"'])(?![\w])"
)
_QUOTE_PAIRS = {"‘": "’", "“": "”", '"': '"', "'": "'"}
_DESIGNATOR = re.compile(
    r"(?<![\w\-])[A-ZА-ЯЁІЇЄҐ][A-Za-zА-Яа-яЁёІіЇїЄєҐґ]{0,11}[\-‐‑]\d{1,4}[A-Za-z]{0,3}(?![\w\-])"
)
_MODEL_TOKEN = re.compile(r"^[A-Z]{0,3}\d{2,4}[A-Za-z]{0,4}$")
_ABBREVIATED_END = re.compile(r"(?:\b\w\.){2,}$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St)\.$")
_PAREN_ACRONYM = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.]{1,11})\s*\)")
_SENTENCE_BREAK = ".!?\n‘“\"':;"


@dataclass(frozen=True, slots=True)
class Mention:
    """One candidate mention: ``text == text[start:end]``; ``kind`` as in ``KINDS``."""

    start: int
    end: int
    text: str
    kind: str
    origin: str  # ner | quote | designator | maker_model | acronym
    subject: bool = False  # the name is the subject of a verb ("Mikhailov emphasized")
    anchor: int = -1  # for a parenthetical acronym: the start of the name it abbreviates
    model_start: int = -1  # for "Airbus A330": where the model number starts


def collect_mentions(doc: Doc) -> list[Mention]:
    """Cleaned, kinded, non-overlapping candidate mentions of ``doc``, in text order."""
    text = doc.text  # built anew from the tokens on every access: read it once
    found = [
        *_ner_mentions(doc, text),
        *_quoted_names(doc, text),
        *_designators(doc, text),
        *_maker_models(doc, text),
    ]
    mentions = _resolve_overlaps(found, len(text))
    mentions = _drop_uncorroborated_headline_names(text, mentions)
    return _add_parenthetical_acronyms(text, mentions)


def _clean(doc: Doc, text: str, start: int, end: int, kind: str, origin: str) -> Mention | None:
    """The mention ``text[start:end]`` without quotes, "the", trailing punctuation, ’s."""
    while start < end and text[start] in _QUOTES + " \t\r\n":
        start += 1
    if text[start:end].startswith(("the ", "the\u00a0")) or (
        text[start:end].startswith("The ") and _at_sentence_start(text, start)
    ):
        start += 4
    changed = True
    while changed and start < end:
        changed = False
        piece = text[start:end]
        if piece[-1] in _TRAILING or (piece.endswith(".") and not _ABBREVIATED_END.search(piece)):
            end -= 1
            changed = True
        elif len(piece) > 3 and piece[-2:].lower() in ("'s", "’s"):
            end -= 2
            changed = True
    surface = text[start:end]
    if not any(char.isalpha() for char in surface):
        return None
    # Why: "the British journal The Economist": a capital "The" mid-sentence is the name's.
    if text[max(0, start - 4) : start] == "The " and not _at_sentence_start(text, start - 4):
        start -= 4
    span = doc.char_span(start, end, alignment_mode="expand")
    subject = span is not None and span.root.dep_ in ("nsubj", "nsubjpass")
    return Mention(start, end, text[start:end], kind, origin, subject)


def _at_sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_BREAK


def _ner_mentions(doc: Doc, text: str) -> Iterator[Mention]:
    for ent in doc.ents:
        kind = _LABEL_KIND.get(ent.label_)
        if kind is None:
            continue
        # Why: "Ukrainian depots", "Western analyst": nationality adjectives name no one.
        if all(token.pos_ == "ADJ" or token.dep_ == "amod" for token in ent):
            continue
        end_char = ent.end_char
        # Why: "Lockheed Martin" is tagged ORG "Lockheed" + PRODUCT "Martin".
        nxt = doc[ent.end] if ent.end < len(doc) else None
        if (
            kind == "organization"
            and nxt is not None
            and nxt.ent_iob_ == "B"
            and nxt.ent_type_ in ("ORG", "PRODUCT")
            and nxt.is_title
            and nxt.is_alpha
            and (nxt.i + 1 == len(doc) or doc[nxt.i + 1].ent_iob_ != "I")
            and text[ent.end_char : nxt.idx] == " "
        ):
            end_char = nxt.idx + len(nxt.text)
        elif kind == "organization":
            end_char = _extend_coordinated_name(doc, ent.end, end_char)
        mention = _clean(
            doc, text, ent.start_char, end_char, _context_kind(doc, ent.start, ent.end, kind), "ner"
        )
        if mention is not None:
            yield mention


def _extend_coordinated_name(doc: Doc, after: int, end_char: int) -> int:
    """Why: "European Aeronautic Defence and Space Company" is tagged up to "Defence";
    take "and" plus up to three capitalised words ending in an organisation noun."""
    if after >= len(doc) or doc[after].lower_ != "and":
        return end_char
    org_nouns = words_of("organization")
    for last in range(after + 1, min(after + 4, len(doc))):
        if not (doc[last].is_title and doc[last].is_alpha):
            return end_char
        if doc[last].lower_ in org_nouns:
            return doc[last].idx + len(doc[last])
    return end_char


def _quoted_names(doc: Doc, text: str) -> Iterator[Mention]:
    """Capitalised short names in scare quotes: ‘Gerani’, “Military Acceptance”."""
    for match in _SCARE_QUOTE.finditer(text):
        if _QUOTE_PAIRS[match["open"]] != match["close"]:
            continue
        inner = match["inner"].strip().rstrip(",.")
        words = inner.split()
        if not 1 <= len(words) <= 5 or not _looks_like_name(words):
            continue
        start = match.start("inner")
        span = doc.char_span(start, start + len(inner), alignment_mode="expand")
        if span is None or all(token.is_stop for token in span):
            continue
        kind = _context_kind(doc, span.start, span.end, "other")
        mention = _clean(doc, text, start, start + len(inner), kind, "quote")
        if mention is not None:
            yield mention


def _looks_like_name(words: list[str]) -> bool:
    for index, word in enumerate(words):
        if word[0].isupper() or word[0].isdigit():
            continue
        if 0 < index < len(words) - 1 and word in ("of", "and", "the", "de", "for"):
            continue
        return False
    return True


def _designators(doc: Doc, text: str) -> Iterator[Mention]:
    """Model designators written as letters, hyphen, number: Geraniy-2, KC-45, Su-27SM."""
    for match in _DESIGNATOR.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        kind = _context_kind(doc, span.start, span.end, "product")
        mention = _clean(doc, text, match.start(), match.end(), kind, "designator")
        if mention is not None:
            yield mention


def _maker_models(doc: Doc, text: str) -> Iterator[Mention]:
    """A manufacturer followed by a model number: "Airbus A330 MRTT", "Boeing 767"."""
    for ent in doc.ents:
        if ent.label_ != "ORG" or ent.end >= len(doc):
            continue
        model = doc[ent.end]
        if not _MODEL_TOKEN.match(model.text) or text[ent.end_char : model.idx] != " ":
            continue
        end = model.i + 1
        while end < len(doc) and doc[end].is_upper and doc[end].is_alpha and len(doc[end]) > 1:
            end += 1  # "MRTT", "MAX"
        kind = _context_kind(doc, ent.start, end, "product")
        last = doc[end - 1]
        mention = _clean(doc, text, ent.start_char, last.idx + len(last), kind, "maker_model")
        if mention is not None:
            yield replace(mention, model_start=model.idx)


def _context_kind(doc: Doc, start: int, end: int, kind: str) -> str:
    """Correct a product-like kind from nearby words (see ``data/name_words.tsv``)."""
    if kind not in ("product", "other", "organization"):
        return kind
    sentence = doc[start].sent
    window = doc[max(sentence.start, start - 6) : min(sentence.end, end + 6)]
    nearby = {t.lemma_.casefold() for t in window if not start <= t.i < end}
    nearby |= {t.lower_ for t in window if not start <= t.i < end}
    if kind == "organization":
        return kind
    if nearby & words_of("weapon"):
        return "weapon_system"
    root = doc[start:end].root
    if kind == "product" and end - start == 1 and _reads_as_place(root):
        return "place"
    if kind == "other":
        following = {t.lemma_.casefold() for t in doc[end : min(sentence.end, end + 2)]}
        for cue, new_kind in (
            ("product", "product"),
            ("organization", "organization"),
            ("event", "event"),
        ):
            if following & words_of(cue):
                return new_kind
    return kind


def _reads_as_place(root: Token) -> bool:
    # Why: the small model tags unfamiliar towns as PRODUCT ("in Kramatorsk",
    # "the Kramatorsk strike").
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in words_of("locative"):
        return True
    return root.dep_ in ("compound", "nmod") and head.lemma_.casefold() in words_of("place_head")


def _resolve_overlaps(mentions: list[Mention], length: int) -> list[Mention]:
    """Keep one mention per stretch of text: rule-found over tagger, then longer.

    A manufacturer-plus-model mention may overlap the manufacturer's own mention: both
    are named there. Cost is linear in the characters covered (an occupancy map).
    """
    ordered = sorted(mentions, key=lambda m: (-_PRIORITY[m.origin], m.start - m.end, m.start))
    occupied = bytearray(length)
    kept: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for mention in ordered:
        if (mention.start, mention.end) in seen:
            continue
        # The maker's own name inside "Airbus A330" stays free for the maker's mention.
        start = max(mention.start, mention.model_start)
        if any(occupied[start : mention.end]):
            continue
        occupied[start : mention.end] = b"\x01" * (mention.end - start)
        seen.add((mention.start, mention.end))
        kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _is_title_case_line(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w’'\-]*", line) if w.casefold() not in _SMALL]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_SMALL = frozenset(
    (
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "over",
    )
)


def _drop_uncorroborated_headline_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """In Title Case lines keep only names also mentioned in ordinary lines.

    Why: the tagger reads every capitalised headline word as part of a name
    ("Kamikaze Drones Sparks Concern Over Military Escalation" as an ORG).
    """
    title_lines: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if _is_title_case_line(line):
            title_lines.append((offset, offset + len(line)))
        offset += len(line)
    if not title_lines:
        return mentions

    def in_title(m: Mention) -> bool:
        return any(start <= m.start < end for start, end in title_lines)

    body_keys = {normalize_name(m.text) for m in mentions if not in_title(m)}
    return [m for m in mentions if not in_title(m) or normalize_name(m.text) in body_keys]


def _add_parenthetical_acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """Add "(SEZ)" after "ALABUGA Special Economic Zone" as a mention of the same name.

    The acronym must be the initials of the name or of a final run of its words.
    """
    by_start = {m.start for m in mentions}
    added: list[Mention] = []
    for mention in mentions:
        match = _PAREN_ACRONYM.match(text, mention.end)
        if match is None or match.start(1) in by_start:
            continue
        letters = match[1].replace(".", "").upper()
        words = mention.text.split()
        finals = {" ".join(words[i:]) for i in range(len(words) - 1)}
        if not any(letters in acronym_variants(form) for form in finals):
            continue
        start = match.start(1)
        added.append(
            Mention(
                start,
                start + len(match[1]),
                match[1],
                mention.kind,
                "acronym",
                anchor=mention.start,
            )
        )
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))
