"""One small hand-written case per construction the attribution engine handles."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimledger.attribution import extract_attributions
from claimledger.attribution.quotes import find_quotes
from claimledger.attribution.variants import abbreviates
from claimledger.model import Attribution, Source


def run(nlp: Language, text: str) -> tuple[list[Attribution], dict[str, Source]]:
    attributions, sources = extract_attributions(nlp(text))
    for a in attributions:
        for span in (a.content, a.cue, a.speaker):
            assert span is None or text[span.start : span.end] == span.text
    return attributions, {s.id: s for s in sources}


@pytest.mark.parametrize("text", [
    "“We hit a home run,” Sugar said.",
    "\"We hit a home run,\" Sugar said.",
    "‘We hit a home run,’ Sugar said.",
    "«We hit a home run», Sugar said.",
])
def test_quote_styles(nlp: Language, text: str) -> None:
    attributions, sources = run(nlp, text)
    assert [a.content.text for a in attributions] == ["We hit a home run"]
    assert attributions[0].cue is not None and attributions[0].cue.text == "said"
    assert sources[attributions[0].source or ""].name == "Sugar"


def test_nested_quote_of_other_kind() -> None:
    text = "He said: “They called it ‘the beast’ at the plant.”"
    quotes = [q for q in find_quotes(text) if not q.nested]
    assert [text[q.start : q.end] for q in quotes] == ["They called it ‘the beast’ at the plant."]


def test_apostrophe_is_not_a_closing_mark() -> None:
    text = "‘Russia’s plants are busy and they’re growing,’ she said."
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == [
        "Russia’s plants are busy and they’re growing"]


def test_same_style_scare_quote_nested() -> None:
    text = "‘We planned several thousand ‘Gerani,’ but now we make more.’"
    top = [q for q in find_quotes(text) if not q.nested]
    assert len(top) == 1
    assert text[top[0].start : top[0].end].endswith("now we make more.")


def test_paragraph_reopen_convention(nlp: Language) -> None:
    text = ("“The first part is long,” Jane Doe said. “It goes on here.\n\n"
            "“And the last paragraph closes it.”")
    attributions, _sources = run(nlp, text)
    assert [a.content.text for a in attributions] == [
        "The first part is long", "It goes on here.", "And the last paragraph closes it."]
    assert {a.source for a in attributions} == {attributions[0].source}
    assert attributions[2].cue is None and attributions[2].speaker is None


def test_unbalanced_marks_do_not_swallow_the_article(nlp: Language) -> None:
    text = "He said “this never closes. " + "Other text follows here. " * 60
    attributions, _ = run(nlp, text)
    assert all(len(a.content.text) < 200 for a in attributions)


@pytest.mark.parametrize("text", ["", "“", "”’‘«»\"'", "'''\"\"\"", "\n\n“\n”\n", "a ’ b ‘ c"])
def test_odd_input_never_raises(nlp: Language, text: str) -> None:
    run(nlp, text)


def test_scare_quotes_are_not_attributions(nlp: Language) -> None:
    attributions, _ = run(nlp, "The plant makes ‘Gerani’ drones for the ‘Military Acceptance’ "
                               "programme on television.")
    assert attributions == []


def test_according_to(nlp: Language) -> None:
    attributions, _sources = run(nlp, "According to the ministry, forty people died in the fire.")
    assert attributions[0].kind == "indirect"
    assert attributions[0].content.text == "forty people died in the fire"
    assert attributions[0].cue is not None and attributions[0].cue.text == "According to"


def test_inverted_said_x(nlp: Language) -> None:
    attributions, sources = run(
        nlp, "“Prices will rise next year,” said Reuters analyst Tom Brown.")
    assert attributions[0].speaker is not None
    assert "Tom Brown" in attributions[0].speaker.text
    assert sources[attributions[0].source or ""].name == "Tom Brown"


def test_colon_introduced_quote(nlp: Language) -> None:
    attributions, _sources = run(nlp, "Mary Barra said in a statement: “This is an exciting "
                                     "time for the company.”")
    assert attributions[0].kind == "direct"
    assert attributions[0].cue is not None
    assert attributions[0].cue.text == "said in a statement"


def test_colon_clause_after_a_full_stop_introduces_the_quote(nlp: Language) -> None:
    # why: the search for the cue met the previous sentence's full stop and gave up
    # before asking the colon's clause; its predicate is the cue, as the gold marks it
    text = ("Shares of the company fell 37% in minutes. Procter & Gamble spokeswoman "
            "Jennifer Chelune spoke about the incident: “We don't know what caused it, and "
            "we're looking into it with Nasdaq.”")
    attributions, sources = run(nlp, text)
    direct = [a for a in attributions if a.kind == "direct"]
    assert [a.cue.text if a.cue else None for a in direct] == ["spoke about the incident"]
    assert sources[direct[0].source or ""].name == "Jennifer Chelune"


def test_a_name_right_before_a_subjectless_cue_is_the_speaker(nlp: Language) -> None:
    # why: the parser hangs "Scott Carson" on "Russia and the US" as a conjunct, so
    # "replied" has no subject and the quote had no speaker
    text = ("When asked whether the deal should be seen as a step towards a resolution of "
            "the rift between Russia and the US, Boeing Executive Vice President Scott "
            "Carson replied, “It represents a business relationship between our company "
            "and Aeroflot, and I am really proud of it.”")
    attributions, sources = run(nlp, text)
    assert [sources[a.source or ""].name for a in attributions] == ["Scott Carson"]


def test_said_and_a_name_after_a_full_stop_inside_the_quote(nlp: Language) -> None:
    # why: after a quote that ends its own sentence ("….”) a cue needed a parsed
    # subject; with the article's "Co.." running two sentences together the parser made
    # the name the subject of the next clause instead
    text = ("“It clearly stimulates the economy, and it really helps the environment quite "
            "a bit in two respects.” said William Clay Ford Jr., executive chairman of Ford "
            "Motor Co.. Ford Motor Company has not come forward with requests for assistance.")
    attributions, sources = run(nlp, text)
    direct = [a for a in attributions if a.kind == "direct"]
    assert [(a.cue.text if a.cue else None, sources[a.source or ""].name) for a in direct] \
        == [("said", "William Clay Ford Jr.")]


_OREILLY = ("Art Levinson praised the board. A contrary view is offered by Charles O 'Reilly, "
            "a management expert at Stanford University, who stated, \" Great companies "
            "rarely go from strength to strength \". Richard Doherty attributes Steve Jobs ' "
            "success to patience.")


def test_a_spaced_apostrophe_in_a_name_opens_no_quote() -> None:
    # why: "O 'Reilly" opened a quote that a later "Jobs ' success" closed, and the
    # real quote became a nested one
    quotes = [q for q in find_quotes(_OREILLY) if not q.nested]
    assert [_OREILLY[q.start : q.end].strip() for q in quotes] == [
        "Great companies rarely go from strength to strength"]


def test_a_speaker_span_covers_a_name_parsed_in_pieces(nlp: Language) -> None:
    # the parser splits "Charles O 'Reilly" at the apostrophe; the mention is the name
    attributions, sources = run(nlp, _OREILLY)
    assert [(a.speaker.text if a.speaker else None, sources[a.source or ""].name)
            for a in attributions] == [("Charles O 'Reilly", "Charles O 'Reilly")]


def test_who_after_a_persons_affiliation_is_the_person(nlp: Language) -> None:
    # why: the parser hangs "who stated" on "Stanford University"; "who" is the person
    # the affiliation qualifies (while "news from Bank of America, who announced" stays
    # the bank)
    text = ("A contrary view is offered by Charles Moore, a management expert at Stanford "
            "University, who stated, \"Great companies rarely go from strength to "
            "strength.\" Shares fell.")
    attributions, sources = run(nlp, text)
    assert [sources[a.source or ""].name for a in attributions] == ["Charles Moore"]


def test_a_run_on_sentence_with_a_verb_for_subject_keeps_the_name(nlp: Language) -> None:
    # why: "… in the U.S. Jobs also noted" runs two sentences together and the parser
    # made "account" the subject of "noted"; the name before the cue speaks
    text = ("Steve Jobs introduced the phone on Monday. Earlier this year, Android phones "
            "managed to outsell iPhones. iPhone users, however, account for over half of "
            "those surfing the Internet on a mobile browser in the U.S. Jobs also noted that "
            "over five billion iOS applications, commonly called \" apps, \" have been "
            "purchased from Apple's App Store.")
    attributions, sources = run(nlp, text)
    noted = [a for a in attributions if a.cue is not None and a.cue.text == "noted"]
    assert [sources[a.source or ""].name for a in noted] == ["Steve Jobs"]


def test_participial_with_x_saying(nlp: Language) -> None:
    attributions, sources = run(
        nlp, "Officials said that the contract had been awarded on merit, with UBS analyst "
             "David Strauss saying “The key decision was the amount of fuel.”")
    direct = [a for a in attributions if a.kind == "direct"]
    assert direct and sources[direct[0].source or ""].name == "David Strauss"
    assert direct[0].speaker is not None
    assert direct[0].speaker.text == "UBS analyst David Strauss"


def test_passive_with_agent(nlp: Language) -> None:
    attributions, sources = run(
        nlp, "It was announced by Boeing that the new plane would fly in June.")
    assert attributions and sources[attributions[0].source or ""].name == "Boeing"


def test_agentless_passive_is_not_attributed(nlp: Language) -> None:
    attributions, _ = run(nlp, "It was announced that the plant would close.")
    assert attributions == []


def test_pronoun_and_surname_resolution(nlp: Language) -> None:
    text = ("Sandy Angers runs the programme at the company. She said that the team had "
            "been merged. “We need new engines,” said Angers.")
    attributions, sources = run(nlp, text)
    assert [sources[a.source or ""].name for a in attributions] == ["Sandy Angers"] * 2


def test_continuation_quote(nlp: Language) -> None:
    text = "“We are ready,” said John Smith. “The factory opens on Monday.”"
    attributions, _sources = run(nlp, text)
    assert len(attributions) == 2
    assert attributions[1].cue is None and attributions[1].speaker is None
    assert attributions[1].source == attributions[0].source


def test_mixed_quote(nlp: Language) -> None:
    attributions, _ = run(nlp, "Norm Dicks said he too was “shocked” by the decision.")
    assert [a.kind for a in attributions] == ["mixed"]
    assert attributions[0].content.text.startswith("he too was")


def test_appositive_role_and_speaker_span(nlp: Language) -> None:
    text = ("Louis Gallois, the chief executive of Airbus, said that the order was "
            "a milestone.")
    attributions, sources = run(nlp, text)
    assert attributions[0].speaker is not None
    assert attributions[0].speaker.text == "Louis Gallois"
    source = sources[attributions[0].source or ""]
    assert (source.role, source.affiliation) == ("chief executive", "Airbus")


def _only(attributions: list[Attribution], needle: str) -> Attribution:
    found = [a for a in attributions if needle in a.content.text]
    assert found, f"no attribution contains {needle!r}: {[a.content.text for a in attributions]}"
    return found[0]


def test_headline_run_into_first_sentence(nlp: Language) -> None:
    text = ("Zenith Motors trims output at two plants\n\nThe carmaker Zenith Motors said "
            "that it would trim output by 12% next year.")
    attributions, sources = run(nlp, text)
    said = _only(attributions, "trim output by 12%")
    assert said.speaker is not None and "\n" not in said.speaker.text
    assert "Zenith Motors" in said.speaker.text
    assert sources[said.source or ""].name == "Zenith Motors"


def test_role_subject_resolves_to_appositive_name(nlp: Language) -> None:
    text = ("The finance director of Halden Steel, Maria Okafor, said that the mill would "
            "stay open until 2030.")
    attributions, sources = run(nlp, text)
    said = _only(attributions, "mill would stay open")
    assert sources[said.source or ""].name == "Maria Okafor"
    assert sources[said.source or ""].kind == "named_person"


def test_pronoun_prefers_previous_subject(nlp: Language) -> None:
    text = ("Halden Steel released its annual results on Monday, two days after Brightwater "
            "Mining. It said that profits had doubled.")
    attributions, sources = run(nlp, text)
    said = _only(attributions, "profits had doubled")
    assert sources[said.source or ""].name == "Halden Steel"


def test_definite_description_matches_appositive(nlp: Language) -> None:
    text = ("The numbers were compiled by Delta Research, a market research firm, for "
            "Halden Steel. The firm said that demand fell 5% in March.")
    attributions, sources = run(nlp, text)
    said = _only(attributions, "demand fell")
    assert sources[said.source or ""].name == "Delta Research"


def test_reported_clause_after_a_closed_quote(nlp: Language) -> None:
    text = ("“We are growing again,” said Maria Okafor. She added that the company had "
            "hired 300 workers.")
    attributions, _ = run(nlp, text)
    added = _only(attributions, "hired 300 workers")
    assert added.kind == "indirect"
    assert added.cue is not None and added.cue.text == "added"


def test_according_to_stays_in_its_paragraph(nlp: Language) -> None:
    text = "March 3, 2009\n\nSales of new cars rose 5% in February, according to the ministry."
    attributions, _ = run(nlp, text)
    assert [a.content.text for a in attributions] == ["Sales of new cars rose 5% in February"]


def test_nested_according_to_splits_the_sentence(nlp: Language) -> None:
    text = ("According to the ministry, exports fell to $4 billion, which, according to "
            "the central bank, is the lowest level since 2001.")
    attributions, sources = run(nlp, text)
    names = {a.content.text: sources[a.source or ""].name for a in attributions}
    assert names.get("exports fell to $4 billion") == "ministry"
    assert any("lowest level" in content and name == "central bank"
               for content, name in names.items())


def test_participle_after_reported_clause_is_its_own_attribution(nlp: Language) -> None:
    text = ("Okafor stated that the plant would reopen in May, saying, “We have the "
            "orders and we have the people.”")
    attributions, _ = run(nlp, text)
    assert {a.kind for a in attributions} == {"indirect", "direct"}
    assert _only(attributions, "would reopen in May").kind == "indirect"


def test_fronted_participle_takes_the_later_subject(nlp: Language) -> None:
    text = "Citing safety concerns, the airline announced that all flights would stop."
    attributions, _ = run(nlp, text)
    said = _only(attributions, "flights would stop")
    assert said.speaker is not None and said.speaker.text == "the airline"


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The company denied the allegations on Tuesday.", "denied", "the allegations"),
    ("Officials told residents to stay indoors.", "told", "to stay indoors"),
    ("The central bank warned of a sharp fall in exports.", "warned of",
     "a sharp fall in exports"),
    ("The minister described the deal as a breakthrough for the region.", "described",
     "the deal as a breakthrough for the region"),
    ("Several banks announced a joint effort to lower interest rates.", "announced",
     "a joint effort to lower interest rates"),
    ("The union called on the government to freeze fuel prices.", "called",
     "to freeze fuel prices"),
])
def test_non_clausal_reported_content(nlp: Language, text: str, cue: str, content: str) -> None:
    attributions, _ = run(nlp, text)
    assert [a.content.text for a in attributions] == [content]
    assert attributions[0].cue is not None and attributions[0].cue.text.startswith(cue)


def test_topic_objects_are_not_claims(nlp: Language) -> None:
    attributions, _ = run(nlp, "The minister described the plan in a long speech.")
    assert attributions == []


def test_quote_only_cue(nlp: Language) -> None:
    text = "“We will finish the job,” Maria Okafor continued."
    attributions, sources = run(nlp, text)
    assert attributions[0].cue is not None and attributions[0].cue.text == "continued"
    assert sources[attributions[0].source or ""].name == "Maria Okafor"


def test_government_and_organisation_staff_kinds(nlp: Language) -> None:
    text = ("The Belgian government said that it would support the suppliers. Halden Steel "
            "engineers said that the furnace was safe.")
    attributions, sources = run(nlp, text)
    government = sources[_only(attributions, "support the suppliers").source or ""]
    engineers = sources[_only(attributions, "furnace was safe").source or ""]
    assert government.kind == "named_organization"
    assert engineers.kind == "official_unnamed"


def test_anonymity_reason_without_because(nlp: Language) -> None:
    text = ("A negotiator, who spoke on condition of anonymity, said that a deal was near.")
    attributions, sources = run(nlp, text)
    source = sources[_only(attributions, "deal was near").source or ""]
    assert source.kind == "anonymous"
    assert source.anonymity_reason is not None
    assert "anonymity" in source.anonymity_reason


def _source_of(attributions: list[Attribution], sources: dict[str, Source],
               content_start: str) -> Source:
    for a in attributions:
        if a.content.text.startswith(content_start) and a.source is not None:
            return sources[a.source]
    raise AssertionError(f"no attribution starting {content_start!r}")


def test_bare_surname_joins_the_named_person(nlp: Language) -> None:
    # the NER often tags a later bare surname as an organisation
    text = ("Former special envoy Kurt Halvorsen testified before the committee on Tuesday. "
            "Halvorsen said he had never discussed the aid with the minister. "
            "Later, Halvorsen said the freeze had surprised him.")
    attributions, sources = run(nlp, text)
    first = _source_of(attributions, sources, "he had never")
    second = _source_of(attributions, sources, "the freeze")
    assert first.id == second.id
    assert first.name == "Kurt Halvorsen" and first.kind == "named_person"


def test_surname_after_a_title_is_a_person(nlp: Language) -> None:
    text = "Chairman Brodsky said the hearing would resume in the morning."
    attributions, sources = run(nlp, text)
    assert _source_of(attributions, sources, "the hearing").kind == "named_person"


def test_surname_first_name_joins_the_full_name(nlp: Language) -> None:
    text = ("The envoy Zhang Weiming said the talks had been useful. "
            "Zhang said a second round would follow in May.")
    attributions, sources = run(nlp, text)
    assert _source_of(attributions, sources, "a second round").name == "Zhang Weiming"


@pytest.mark.parametrize(("full", "short"), [
    ("Meridian Airways", "MIA"),  # more than one letter from a word
    ("Pacific Dock Workers union", "PDW"),  # the trailing common noun is left out
])
def test_abbreviation_joins_the_full_organisation(nlp: Language, full: str,
                                                  short: str) -> None:
    text = (f"The {full} has ordered ten new aircraft for its fleet. "
            f"{short} said the delivery delays were disappointing.")
    attributions, sources = run(nlp, text)
    source = _source_of(attributions, sources, "the delivery")
    assert full.startswith(source.name) and source.kind == "named_organization"
    assert abbreviates(short, full)


@pytest.mark.parametrize(("short", "full"), [
    ("AX", "Apple Products"),  # every word gives its initial
    ("MIA", "Northern Airways"),  # not the full name's initial
    ("MIAMI", "Meridian Airways"),  # letters the words do not have in order
])
def test_not_an_abbreviation(short: str, full: str) -> None:
    assert not abbreviates(short, full)


@pytest.mark.parametrize(("text", "name"), [
    ("According to a review by Gadget World, the tablet is worth its price.", "Gadget World"),
    ("The site TabletInsider reported that the device would ship in June.",
     "TabletInsider"),
    ("Regulators spoke in an interview with Velox Media about the merger. Velox Media "
     "reported that the deal would be delayed.", "Velox Media"),
    ("Regulators told the Halden Courier Group that the merger was under review. The "
     "Halden Courier Group reported that the deal would be delayed.",
     "Halden Courier Group"),
])
def test_outlets_beyond_the_list(nlp: Language, text: str, name: str) -> None:
    attributions, sources = run(nlp, text)
    kinds = {sources[a.source].name: sources[a.source].kind for a in attributions
             if a.source is not None}
    assert kinds.get(name) == "publication", kinds


def test_outlet_quoting_a_person_credits_the_person(nlp: Language) -> None:
    text = ("“We do not need more ferries this year,” the daily Kompas quoted "
            "minister Budi Hartono as saying.")
    attributions, sources = run(nlp, text)
    assert attributions[0].cue is not None and attributions[0].cue.text == "as saying"
    source = sources[attributions[0].source or ""]
    assert source.name == "Budi Hartono" and source.kind == "named_person"


@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("Markets rose after the central bank's announcement that it would cut interest "
     "rates.", "announcement", "the central bank"),
    ("The auditor issued a formal recommendation that the contract be tendered again.",
     "issued a formal recommendation", "The auditor"),
])
def test_noun_cues_with_a_that_clause(nlp: Language, text: str, cue: str,
                                      speaker: str) -> None:
    attributions, _sources = run(nlp, text)
    assert len(attributions) == 1
    found = attributions[0]
    assert found.cue is not None and found.cue.text == cue
    assert found.speaker is not None and found.speaker.text == speaker
    assert not found.content.text.startswith("that")


def test_noun_without_a_source_is_only_a_topic(nlp: Language) -> None:
    text = "The statement that was read out on Monday ran to two pages."
    attributions, _sources = run(nlp, text)
    assert attributions == []


def test_document_subject_with_found(nlp: Language) -> None:
    text = "The study found that most drivers sleep less than six hours before long trips."
    attributions, sources = run(nlp, text)
    assert len(attributions) == 1
    assert sources[attributions[0].source or ""].kind == "document"


def test_person_who_found_something_is_not_quoted(nlp: Language) -> None:
    text = "The inspector found that the rear door had been left open."
    attributions, _sources = run(nlp, text)
    assert attributions == []


def test_object_of_lead_to_speaks(nlp: Language) -> None:
    text = ("The strike has led Fabrikam Ltd., which builds harbour cranes, to issue a "
            "warning that the losses would grow.")
    attributions, sources = run(nlp, text)
    assert len(attributions) == 1
    assert attributions[0].speaker is not None
    assert attributions[0].speaker.text != "which"
    assert sources[attributions[0].source or ""].name == "Fabrikam Ltd."


def test_unnamed_office_holder_speaks_for_the_state(nlp: Language) -> None:
    text = "Norway's ambassador to Chile said the talks would resume in spring."
    attributions, sources = run(nlp, text)
    assert sources[attributions[0].source or ""].kind == "official_unnamed"
