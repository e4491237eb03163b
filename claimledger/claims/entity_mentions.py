"""Candidate entity mentions of one article (steps 1 and 2 of ``claims.entities``).

Candidates come from spaCy's named entities, names in scare quotes, model designators
and manufacturer-plus-model names. Each is cleaned to the name itself, given a kind from
its label and context cues (``data/name_words.tsv``), and overlaps are resolved in favour
of the rules. Names in Title Case headlines are kept only when the body names them too;
parenthetical acronyms ("(SEZ)") are added pointing at the name they abbreviate.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from claimledger.claims.docview import DocView, view_of
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
_LEADING = _QUOTES + " \t\r\n"
# An opening quote not after a word character or another quote. The class comes first
# and the look-behind (nested in a one-character look-behind over the quote just read)
# after it: the engine then skips to the next quote character instead of testing the
# look-behind at every position of the article. Same matches, a quarter of the time.
_SCARE_QUOTE = re.compile(
    r"(?P<open>[‘“\"'])(?<=(?<![\w‘’'])[‘“\"'])"
    r"(?P<inner>[^‘’“”\"\n]{1,60}?)(?P<close>[’”\"'])(?![\w])"
)
_QUOTE_PAIRS = {"‘": "’", "“": "”", '"': '"', "'": "'"}
_DESIGNATOR = re.compile(
    r"(?<![\w\-])[A-ZА-ЯЁІЇЄҐ][A-Za-zА-Яа-яЁёІіЇїЄєҐґ]{0,11}[\-‐‑]\d{1,4}[A-Za-z]{0,3}(?![\w\-])"
)
_HYPHEN_DIGIT = re.compile(r"[\-‐‑]\d")  # the middle of every _DESIGNATOR match
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
    view = view_of(doc)
    text = view.text
    found = [
        *_ner_mentions(view, text),
        *_quoted_names(view, text),
        *_designators(view, text),
        *_maker_models(view, text),
    ]
    mentions = _resolve_overlaps(found, len(text))
    mentions = _drop_uncorroborated_headline_names(text, mentions)
    return _add_parenthetical_acronyms(text, mentions)


def _clean(
    view: DocView, text: str, start: int, end: int, kind: str, origin: str
) -> Mention | None:
    """The mention ``text[start:end]`` without quotes, "the", trailing punctuation, ’s."""
    while start < end and text[start] in _LEADING:
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
    if not any(map(str.isalpha, surface)):  # (no generator frame per character)
        return None
    # Why: "the British journal The Economist": a capital "The" mid-sentence is the name's.
    if text[max(0, start - 4) : start] == "The " and not _at_sentence_start(text, start - 4):
        start -= 4
    tokens = view.expand(start, end)
    subject = tokens is not None and view.dep[view.root(*tokens)] in ("nsubj", "nsubjpass")
    return Mention(start, end, text[start:end], kind, origin, subject)


def _at_sentence_start(text: str, index: int) -> bool:
    # Walks back over blanks instead of ``text[:index].rstrip()``, which copied the
    # article up to every mention.
    while index > 0 and text[index - 1] in " \t":
        index -= 1
    return index == 0 or text[index - 1] in _SENTENCE_BREAK


def _ner_mentions(view: DocView, text: str) -> Iterator[Mention]:
    size = len(view)
    for ent in view.ents:
        kind = _LABEL_KIND.get(ent.label)
        if kind is None:
            continue
        # Why: "Ukrainian depots", "Western analyst": nationality adjectives name no one.
        if all(view.pos[i] == "ADJ" or view.dep[i] == "amod" for i in range(ent.start, ent.end)):
            continue
        end_char = ent.end_char
        # Why: "Lockheed Martin" is tagged ORG "Lockheed" + PRODUCT "Martin".
        nxt = ent.end
        if (
            kind == "organization"
            and nxt < size
            and view.ent_iob[nxt] == "B"
            and view.ent_type[nxt] in ("ORG", "PRODUCT")
            and view.is_title[nxt]
            and view.is_alpha[nxt]
            and (nxt + 1 == size or view.ent_iob[nxt + 1] != "I")
            and text[ent.end_char : view.starts[nxt]] == " "
        ):
            end_char = view.ends[nxt]
        elif kind == "organization":
            end_char = _extend_coordinated_name(view, ent.end, end_char)
        mention = _clean(
            view, text, ent.start_char, end_char, _context_kind(view, ent.start, ent.end, kind),
            "ner",
        )
        if mention is not None:
            yield mention


def _extend_coordinated_name(view: DocView, after: int, end_char: int) -> int:
    """Why: "European Aeronautic Defence and Space Company" is tagged up to "Defence";
    take "and" plus up to three capitalised words ending in an organisation noun."""
    if after >= len(view) or view.lower[after] != "and":
        return end_char
    org_nouns = words_of("organization")
    for last in range(after + 1, min(after + 4, len(view))):
        if not (view.is_title[last] and view.is_alpha[last]):
            return end_char
        if view.lower[last] in org_nouns:
            return view.ends[last]
    return end_char


def _quoted_names(view: DocView, text: str) -> Iterator[Mention]:
    """Capitalised short names in scare quotes: ‘Gerani’, “Military Acceptance”."""
    for match in _SCARE_QUOTE.finditer(text):
        if _QUOTE_PAIRS[match["open"]] != match["close"]:
            continue
        inner = match["inner"].strip().rstrip(",.")
        words = inner.split()
        if not 1 <= len(words) <= 5 or not _looks_like_name(words):
            continue
        start = match.start("inner")
        tokens = view.expand(start, start + len(inner))
        if tokens is None or all(view.is_stop[i] for i in range(*tokens)):
            continue
        kind = _context_kind(view, *tokens, "other")
        mention = _clean(view, text, start, start + len(inner), kind, "quote")
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


def _designators(view: DocView, text: str) -> Iterator[Mention]:
    """Model designators written as letters, hyphen, number: Geraniy-2, KC-45, Su-27SM."""
    # A designator holds a hyphen then a digit; most articles have none, and looking for
    # one is far cheaper than trying the pattern at every capital.
    if not _HYPHEN_DIGIT.search(text):
        return
    for match in _DESIGNATOR.finditer(text):
        tokens = view.expand(match.start(), match.end())
        if tokens is None:
            continue
        kind = _context_kind(view, *tokens, "product")
        mention = _clean(view, text, match.start(), match.end(), kind, "designator")
        if mention is not None:
            yield mention


def _maker_models(view: DocView, text: str) -> Iterator[Mention]:
    """A manufacturer followed by a model number: "Airbus A330 MRTT", "Boeing 767"."""
    size = len(view)
    for ent in view.ents:
        if ent.label != "ORG" or ent.end >= size:
            continue
        model = ent.end
        spaced = text[ent.end_char : view.starts[model]] == " "
        if not _MODEL_TOKEN.match(view.words[model]) or not spaced:
            continue
        end = model + 1
        while end < size and view.is_upper[end] and view.is_alpha[end] and len(view.words[end]) > 1:
            end += 1  # "MRTT", "MAX"
        kind = _context_kind(view, ent.start, end, "product")
        mention = _clean(view, text, ent.start_char, view.ends[end - 1], kind, "maker_model")
        if mention is not None:
            yield replace(mention, model_start=view.starts[model])


def _context_kind(view: DocView, start: int, end: int, kind: str) -> str:
    """Correct a product-like kind from nearby words (see ``data/name_words.tsv``)."""
    if kind not in ("product", "other"):
        return kind  # organisations keep their label; people and places too
    sentence_start, sentence_end = view.sentence(start)
    window = range(max(sentence_start, start - 6), min(sentence_end, end + 6))
    outside = [i for i in window if not start <= i < end]
    nearby = {view.lemma[i].casefold() for i in outside}
    nearby |= {view.lower[i] for i in outside}
    if nearby & words_of("weapon"):
        return "weapon_system"
    if kind == "product" and end - start == 1 and _reads_as_place(view, start):
        return "place"
    if kind == "other":
        following = {view.lemma[i].casefold() for i in range(end, min(sentence_end, end + 2))}
        for cue, new_kind in (
            ("product", "product"),
            ("organization", "organization"),
            ("event", "event"),
        ):
            if following & words_of(cue):
                return new_kind
    return kind


def _reads_as_place(view: DocView, root: int) -> bool:
    # Why: the small model tags unfamiliar towns as PRODUCT ("in Kramatorsk",
    # "the Kramatorsk strike").
    head = view.head[root]
    if view.dep[root] == "pobj" and view.lower[head] in words_of("locative"):
        return True
    return view.dep[root] in ("compound", "nmod") and view.lemma[head].casefold() in words_of(
        "place_head"
    )


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
    """At least 4 words besides the small ones, and 80% of those capitalised."""
    words = _LINE_WORD.findall(line)
    upper = lower = 0
    for seen, word in enumerate(words, start=1):
        if word.casefold() in _SMALL:
            continue
        if word[0].isupper():
            upper += 1
        else:
            lower += 1
            # Stop once even all the words left capitalised could not make 80%
            # (upper >= 4 * lower): body paragraphs are long and fail early.
            if 4 * lower > upper + len(words) - seen:
                return False
    return upper + lower >= 4 and upper >= 0.8 * (upper + lower)


_LINE_WORD = re.compile(r"[^\W\d_][\w’'\-]*")


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

    # Bisection, not a scan of every title line per mention: a long article has many
    # of both, and the scan grew with its length squared (issue 11).
    title_starts = [start for start, _ in title_lines]

    def in_title(m: Mention) -> bool:
        index = bisect_right(title_starts, m.start) - 1
        return index >= 0 and m.start < title_lines[index][1]

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
