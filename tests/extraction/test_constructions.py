"""One test per construction the extractor must recognise, on short texts written for the
tests."""

import pytest


def only(claims, kind=None):
    found = [c for c in claims if kind is None or c.kind == kind]
    assert len(found) == 1, [(c.kind, c.content) for c in claims]
    return found[0]


def test_direct_quote_with_trailing_attribution(claims_of):
    text = '"The water supply will be back by Friday," Mayor Ivan Petrov said on Tuesday.'
    claim = only(claims_of(text))
    assert claim.kind == "direct"
    # The comma that hands over to the attribution is the writer's, not the mayor's.
    assert claim.content == "The water supply will be back by Friday"
    assert claim.speaker == "Ivan Petrov"
    assert claim.speaker_mention == "Mayor Ivan Petrov"
    assert claim.cue == "said"
    assert claim.cue_stance == "neutral"
    assert claim.speaker_type == "official"


def test_curly_quote_with_attribution_first(claims_of):
    text = "Governor Anna Berg told reporters: \u201cNobody will be left without heating.\u201d"
    claim = only(claims_of(text), "direct")
    assert claim.content == "Nobody will be left without heating."
    assert claim.speaker == "Anna Berg"
    assert claim.channel == "told reporters"


def test_split_quote_is_one_claim(claims_of):
    text = (
        '"The dam is safe for now," engineer Maria Lopez said. '
        '"But we will keep watching the water level every hour."'
    )
    claim = only(claims_of(text))
    assert claim.kind == "direct"
    assert claim.content.startswith("The dam is safe for now")
    assert claim.content.endswith("every hour.")
    assert claim.speaker == "Maria Lopez"


def test_quote_over_several_paragraphs(claims_of):
    text = (
        'Minister Oleg Sokolov spoke at length. "The harvest was the best in a decade, and the '
        "farmers deserve the credit for it.\n\n"
        '"Next year we will invest in storage so that none of it goes to waste," he said.'
    )
    claim = only(claims_of(text), "direct")
    assert "best in a decade" in claim.content and "goes to waste" in claim.content
    assert claim.speaker == "Oleg Sokolov"
    assert claim.speaker_mention == "he"


def test_dash_quote(claims_of):
    text = (
        "\u2013 The bridge will reopen to traffic next week, \u2013 said Deputy Mayor "
        "Lena Kraus.\n\nWork continued through the night."
    )
    claim = only(claims_of(text), "direct")
    assert claim.content == "The bridge will reopen to traffic next week"
    assert claim.speaker == "Lena Kraus"


def test_fragment_inside_reported_speech(claims_of):
    """The reported clause is the claim; the phrase the outlet quoted verbatim is a fragment of
    it (same speaker, so not nested)."""
    text = 'Senator Paul Grant said the blackout was "an act of deliberate sabotage" by rivals.'
    claims = claims_of(text)
    assert [(c.kind, c.parent, c.nested) for c in claims] == [
        ("indirect", None, False),
        ("fragment", 0, False),
    ]
    clause, fragment = claims
    assert clause.content == 'the blackout was "an act of deliberate sabotage" by rivals'
    assert fragment.content == "an act of deliberate sabotage"
    assert clause.speaker == fragment.speaker == "Paul Grant"


@pytest.mark.parametrize(
    "text",
    [
        "The transport ministry said that all trains were running on time.",
        "The transport ministry said all trains were running on time.",
    ],
)
def test_indirect_with_and_without_that(claims_of, text):
    claim = only(claims_of(text))
    assert claim.kind == "indirect"
    assert claim.content.endswith("all trains were running on time")
    assert claim.speaker_mention == "The transport ministry"
    assert claim.speaker == "transport ministry"
    assert claim.speaker_type == "official"


def test_indirect_attribution_after_the_content(claims_of):
    text = "Flights to the north will resume on Monday, the airport authority said."
    claim = only(claims_of(text))
    assert claim.kind == "indirect"
    assert claim.content == "Flights to the north will resume on Monday"
    assert claim.speaker_mention == "the airport authority"


def test_according_to(claims_of):
    text = "According to the health department, twelve hospitals are full."
    claim = only(claims_of(text))
    assert claim.kind == "indirect"
    assert claim.content == "twelve hospitals are full"
    assert claim.cue == "According to"
    assert claim.cue_stance == "distancing"
    assert claim.speaker == "health department"


def test_told_an_outlet(claims_of):
    text = "The energy minister told Reuters that gas exports would rise next year."
    claim = only(claims_of(text))
    assert claim.channel == "told Reuters"
    assert claim.speaker_mention == "The energy minister"


def test_headline_attribution(claims_of):
    text = "Curfew lifted in the capital - Petrov\n\nThe curfew ended at midnight."
    claim = only(claims_of(text))
    assert claim.kind == "indirect"
    assert claim.content == "Curfew lifted in the capital"
    assert claim.speaker == "Petrov"


def test_pronoun_and_short_form_speakers(claims_of):
    text = (
        "Prime Minister Karl Dorn visited the flooded district on Monday.\n\n"
        '"We will rebuild every house that was lost," he said.\n\n'
        "Dorn added that the army would help with the clean-up."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Karl Dorn", "Karl Dorn"]
    assert [c.speaker_mention for c in claims] == ["he", "Dorn"]


def test_described_source_resolved_to_earlier_name(claims_of):
    text = (
        "The Central Bank of Freedonia said interest rates would stay unchanged. "
        "The bank added that inflation was slowing."
    )
    claims = claims_of(text)
    assert len(claims) == 2
    assert {c.speaker for c in claims} == {"Central Bank of Freedonia"}


def test_organisation_pronoun(claims_of):
    text = (
        "The Interior Ministry said 40 people were detained overnight. "
        "It said most of them were released by morning."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Interior Ministry", "Interior Ministry"]


def test_scare_quotes_and_quoted_names_are_not_claims(claims_of):
    text = (
        "The so-called \u201cvolunteers\u201d arrived at dawn. The TV channel \u201cMir\u201d "
        'broadcast the "orange" warning level all day.'
    )
    assert claims_of(text) == []


def test_scare_quotes_are_recorded_as_framing(nlp):
    from kzclaims.extraction.pipeline import analyse

    text = 'Police said the "peaceful" crowd had attacked the building.'
    result = analyse(nlp(text))
    top = [n for n, c in enumerate(result.claims) if not c.nested]
    assert len(top) == 1  # "attacked the building" is a stance reported inside it
    assert result.scare_quotes[top[0]] == ["peaceful"]


@pytest.mark.parametrize(
    "text",
    [
        'He called it a "success.\n\nThe mayor said that the roads were open again.',
        'The mayor said that the roads were open again.\n\n" stray mark here.',
        "\u201d\u201d The mayor said that the roads were open again. \u201c",
    ],
)
def test_unbalanced_and_stray_marks_do_not_stop_extraction(claims_of, text):
    claims = claims_of(text)
    assert any(c.content.endswith("the roads were open again") for c in claims)


def test_figures_with_subjects(claims_of):
    text = (
        "The defence ministry said more than 2,000 troops had arrived and that "
        "a third of the police units were on patrol."
    )
    claim = claims_of(text)[0]
    values = {f["value"]: f["subject"] for f in claim.figures}
    assert "troops" in values["more than 2,000"]
    assert "police units" in values["a third"]


def test_framing_stance_hedges_labels_channel_via(claims_of):
    text = (
        "Interior Minister Ruslan Beg claimed on Telegram that terrorists had reportedly "
        "seized the airport, Khabar 24 reported."
    )
    claim = next(c for c in claims_of(text) if c.cue == "claimed")
    assert claim.cue_stance == "distancing"
    assert claim.channel == "Telegram"
    assert "reportedly" in claim.hedges
    assert "terrorists" in claim.labels
    assert claim.via == "Khabar 24"
    assert claim.speaker == "Ruslan Beg"


def test_directive_cue(claims_of):
    text = "The governor warned that the storm would flood the coastal roads by night."
    claim = only(claims_of(text))
    assert claim.cue_stance == "directive"
    assert claim.content == "that the storm would flood the coastal roads by night"


def test_confidence_is_a_probability(claims_of):
    text = '"We are ready," said Ivan Petrov. Officials said the roads were open.'
    for c in claims_of(text):
        assert 0.0 <= c.confidence <= 1.0


def test_reporting_noun_with_that_clause(claims_of):
    text = "Traders ignored the ministry's claim that the border would stay closed."
    claim = only(claims_of(text))
    assert claim.content == "that the border would stay closed"
    assert claim.cue == "claim"
    assert claim.cue_stance == "distancing"
    assert claim.speaker == "ministry"


def test_quote_signed_after_a_dash(claims_of):
    text = "\u201cThe new road changed our lives completely.\u201d \u2015 Mira Stone\n"
    claim = only(claims_of(text))
    assert claim.kind == "direct"
    assert claim.speaker == "Mira Stone"


def test_relay_through_another_outlet(claims_of):
    text = "The army said the airport was under control, citing TASS."
    claim = only(claims_of(text))
    assert claim.via == "TASS"


def test_figures_are_counts_not_names_or_ordinals(claims_of):
    text = (
        "Prosecutors said the number of detainees rose to 5,969 under Article 175 and that "
        "the 98th brigade lost at least six vehicles."
    )
    values = {f["value"]: f["subject"] for c in claims_of(text) for f in c.figures}
    assert values["5,969"] == "number of detainees"
    assert values["at least six"] == "vehicles"
    assert "175" not in values and "98th" not in values


def test_hedges_on_numbers_only_when_they_blur_a_number(claims_of):
    text = "Officials said some 300 people were reportedly evacuated and spoke about the flood."
    claim = claims_of(text)[0]
    assert claim.hedges == ["some", "reportedly"]


def test_speaker_named_in_an_apposition(claims_of):
    text = (
        "Exports will double next year, said the Prime Minister of Freedonia, "
        "chairman of the council Anton Weber."
    )
    claim = only(claims_of(text))
    assert claim.speaker == "Anton Weber"


def test_role_description_resolved_to_the_last_person_of_that_type(claims_of):
    text = (
        "Political scientist Mara Quinn said the vote was fair.\n\n"
        "The expert added that turnout had been unusually high."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Mara Quinn", "Mara Quinn"]
    assert claims[0].speaker_type == "expert"


def test_a_word_of_the_quote_is_not_its_speaker(claims_of):
    text = '"My answer, that was a disgrace," the former campaign manager said on Tuesday.'
    claim = only(claims_of(text))
    assert claim.kind == "direct"
    assert claim.speaker_mention == "the former campaign manager"


def test_quoted_as_saying_names_speaker_and_relay(claims_of):
    text = (
        '"The border will stay open," the state news agency Nordpress quoted Minister '
        "Lena Vogt as saying on Monday."
    )
    claim = only(claims_of(text))
    assert claim.speaker == "Lena Vogt"
    assert claim.via == "Nordpress"
