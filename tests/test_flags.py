"""Language flags: loaded and sensational terms, intensifiers, quotes."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from test_claims_fixtures import WIKINEWS, parse, seed_analysis

from claimledger.claims.flags import find_flags, quoted_spans


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return seed_analysis().to_dict()


def flag_containing(result: dict[str, Any], phrase: str) -> dict[str, Any]:
    found = [f for f in result["flags"] if phrase in f["span"]["text"]]
    assert len(found) == 1, (phrase, result["flags"])
    return found[0]


@pytest.mark.parametrize(("phrase", "in_quote"), [
    ("a staggering ninefold", False),
    ("staggering", True),
    ("juggernaut", True),
    ("explosive expansion", False),
    ("ballet of destruction", True),
    ("shrouded in secrecy", False),
    ("sent ripples", False),
])
def test_seed_flags(seed: dict[str, Any], phrase: str, in_quote: bool) -> None:
    text = seed["document"]["text"]
    if phrase == "staggering":
        flags = [f for f in seed["flags"] if f["span"]["text"] == "staggering"]
        assert len(flags) == 1
        flag = flags[0]
    else:
        flag = flag_containing(seed, phrase)
    assert flag["in_quote"] is in_quote
    assert text[flag["span"]["start"]:flag["span"]["end"]] == flag["span"]["text"]
    assert flag["category"] in ("sensational", "loaded", "intensifier", "metaphor")


def test_spans_are_the_shortest_loaded_words(seed: dict[str, Any]) -> None:
    # SemEval-2020 Task 11 / PTC: the smallest stretch that carries the emotion, so the
    # neutral modifier and the article stay out; degree words are not loaded.
    flag = flag_containing(seed, "ballet of destruction")
    assert flag["span"]["text"] == "ballet of destruction"
    assert not any("dramatically" in f["span"]["text"] for f in seed["flags"])


def test_valence_lexicon_plain_words_and_joined_spans(nlp: Language) -> None:
    text = ("The minister called the plan a disgusting and sinister fraud. Police said "
            "three people were killed in the attack. I would love to see a cheaper model. "
            "Vote for your GREAT Governor!")
    flags = {f.span.text: f for f in find_flags(parse(nlp, text))}
    # VADER rates "disgusting" and "sinister" strongly negative: one span, joined by "and".
    assert "disgusting and sinister" in flags
    # "killed", "attack": the plain words for grim facts (data/loaded_plain.txt).
    assert not any(w in span for span in flags for w in ("killed", "attack"))
    # "would love to" is a conventional wish; capitals for emphasis are loaded.
    assert "love" not in flags
    assert "GREAT" in flags


def test_number_intensifier_is_one_flag(seed: dict[str, Any]) -> None:
    flag = flag_containing(seed, "ninefold")
    assert flag["span"]["text"] == "a staggering ninefold"
    assert flag["category"] == "intensifier"


def test_flags_are_ordered_disjoint_and_numbered(seed: dict[str, Any]) -> None:
    previous_end = 0
    for number, flag in enumerate(seed["flags"], start=1):
        assert flag["id"] == f"f{number}"
        assert flag["span"]["start"] >= previous_end
        previous_end = flag["span"]["end"]


def test_quoted_spans_skip_apostrophes(seed: dict[str, Any]) -> None:
    text = seed["document"]["text"]
    inside = [text[s:e] for s, e in quoted_spans(text)]
    assert "Military Acceptance" in inside
    assert any(q.startswith("This is not just about quantity") for q in inside)
    # An apostrophe never closes a quote: no quoted text ends just before "s".
    for start, end in quoted_spans(text):
        assert not text[end + 1:end + 2].isalpha()
        assert text[start - 1] in "‘“\""


def test_plain_wire_copy_has_few_flags(nlp: Language) -> None:
    # A Wikinews market report: neutral register, at most a couple of flags.
    text = (WIKINEWS / "10718.txt").read_text(encoding="utf-8")
    flags = find_flags(parse(nlp, text))
    assert len(flags) <= 2
