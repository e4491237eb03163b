"""Resolution rules added after the first issue-12 pass, on the real spaCy pipeline:
unnamed sources referred to again ("an insider … the source said", "citing people
familiar with … the sources said", "A 43-year-old man … the patient said")."""

from __future__ import annotations

from spacy.language import Language

from claimledger.model import Source


def _names(nlp: Language, text: str) -> dict[str, Source]:
    """The source of each attribution, by its speaker text."""
    doc = nlp(text)
    sources = {s.id: s for s in doc._.sources}
    return {a.speaker.text: sources[a.source] for a in doc._.attributions
            if a.speaker is not None and a.source is not None}


def test_the_source_repeats_an_earlier_unnamed_source(nlp: Language) -> None:
    text = ("The label has not commented. \"They are furious about it,\" an insider told "
            "the paper. \"Nobody expected the deal to fall apart,\" the source added.")
    by_speaker = _names(nlp, text)
    assert by_speaker["the source"].name == "an insider"
    assert by_speaker["the source"].id == by_speaker["an insider"].id


def test_the_sources_repeat_people_cited_by_a_newspaper(nlp: Language) -> None:
    text = ("Citing people familiar with the situation, The Wall Street Journal reported "
            "that the executive had been pushed out. The sources said the board had lost "
            "patience with him.")
    source = _names(nlp, text)["The sources"]
    assert source.name == "people familiar with the situation"
    assert source.kind == "unnamed_group"


def test_the_patient_repeats_the_person_introduced_first(nlp: Language) -> None:
    text = ("A 43-year-old man began feeling extreme fatigue after switching to feather "
            "bedding. Doctors found inflamed lungs. \"I had no idea a duvet could do "
            "that,\" the patient said.")
    source = _names(nlp, text)["the patient"]
    assert source.name == "A 43-year-old man"
    assert source.kind == "anonymous"


def test_the_woman_never_repeats_a_man(nlp: Language) -> None:
    text = ("A man was arrested outside the station on Friday. \"He ran straight at the "
            "officers,\" the woman said.")
    source = _names(nlp, text)["the woman"]
    assert source.name != "A man"


def test_he_continues_the_main_clause_subject(nlp: Language) -> None:
    text = ("Mark Dalton, a lawyer, represents one of the guards. Dalton declined to say "
            "whether the guard slept on the night Richard Hale died. \"The system was "
            "short-staffed at all times,\" he said.")
    assert _names(nlp, text)["he"].name == "Mark Dalton"


def test_a_blog_post_is_credited_to_the_company_that_published_it(nlp: Language) -> None:
    text = ("Northgate Records raised its prices on Monday. The company published a blog "
            "post that said listeners without a subscription could still stream music.")
    found = [source for speaker, source in _names(nlp, text).items()
             if speaker.startswith("a blog post")]
    assert [source.name for source in found] == ["Northgate Records"]


def test_a_role_with_an_of_phrase_nobody_holds_is_not_the_last_person(
        nlp: Language) -> None:
    text = ("\"The decision is unacceptable,\" said economy minister Rainer Vogt. The "
            "premier of the state of Saxony remarked that the decision showed the ugly "
            "face of capitalism.")
    source = _names(nlp, text)["The premier of the state of Saxony"]
    assert source.name != "Rainer Vogt"
    assert source.kind != "named_person"


def test_she_follows_the_pronoun_of_the_main_subjects_own_sentence(nlp: Language) -> None:
    # the article-wide guess reads Dana Whitley as male (the "he" after "Whitley's
    # office" is the caller's); her own sentence says "she"
    text = ("Mark Ellison called the office of Dana Whitley in March, and he said he would "
            "hurt her. Senator Rosa Delgado condemned the call. Whitley asked for "
            "compassion during Ellison's sentencing, saying she did not want a long "
            "sentence. \"We must teach him love,\" she added.")
    assert _names(nlp, text)["she"].name == "Dana Whitley"
