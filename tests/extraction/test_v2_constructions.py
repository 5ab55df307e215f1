"""Extraction v2, one test per construction: speech and thought apart, nested reports, split
and glued quotations, page furniture, boundaries, dash paragraphs and speakers. Every text is
written for the tests."""


def by_kind(claims, kind):
    return [c for c in claims if c.kind == kind]


def test_report_inside_a_report_is_nested_under_it(claims_of):
    text = "Tokayev said the committee reported that 20 buildings were damaged."
    outer, inner = claims_of(text)
    assert outer.content == "the committee reported that 20 buildings were damaged"
    assert (outer.nested, outer.parent, outer.speaker) == (False, None, "Tokayev")
    assert inner.content == "that 20 buildings were damaged"
    assert (inner.nested, inner.parent) == (True, 0)
    assert inner.speaker_mention == "the committee"


def test_thought_verb_is_thought_and_said_is_speech(claims_of):
    text = (
        "The mayor thinks the market will recover soon. "
        "The mayor said the market would reopen on Monday."
    )
    thought, speech = claims_of(text)
    assert (thought.cue, thought.mode) == ("thinks", "thought")
    assert (speech.cue, speech.mode) == ("said", "speech")


def test_noun_phrase_object_is_not_a_statement(claims_of):
    text = "The minister criticised the new tariff plan for small farms."
    (claim,) = claims_of(text)
    assert claim.mode == "thought"


def test_to_infinitive_intention_or_order_is_no_claim(claims_of):
    for text in (
        "The president ordered the troops to shoot without warning.",
        "The government decided to resume Internet service in the capital.",
        "The governor urged residents to stay indoors until the storm passes.",
    ):
        assert claims_of(text) == [], text


def test_statement_about_a_decision_is_one_claim_without_its_infinitive(claims_of):
    text = "Tokayev said he has decided to resume Internet service."
    (claim,) = claims_of(text)
    assert claim.content == "he has decided to resume Internet service"
    assert claim.mode == "speech"


def test_split_quotation_is_one_claim_with_its_parts(claims_of):
    text = (
        '"The dam is safe for now," engineer Maria Lopez said. '
        '"But we will keep watching the water level every hour."'
    )
    (claim,) = claims_of(text)
    assert (claim.start, claim.end) == (1, len(text) - 1)
    assert [text[a:b] for a, b in claim.part_spans] == [
        "The dam is safe for now",
        "But we will keep watching the water level every hour.",
    ]
    assert claim.content == (
        "The dam is safe for now But we will keep watching the water level every hour."
    )
    assert claim.speaker == "Maria Lopez"


def test_glued_quotations_keep_their_own_attributions(claims_of):
    text = (
        '"The water supply will be back by Friday," Mayor Ivan Petrov said on Tuesday. '
        '"But we will keep watching the level," he added.'
    )
    first, second = by_kind(claims_of(text), "direct")
    assert first.content == "The water supply will be back by Friday"
    assert second.content == "But we will keep watching the level"
    assert (first.cue, second.cue) == ("said", "added")
    assert first.part_spans is None and second.part_spans is None
    assert second.speaker == "Ivan Petrov"


def test_page_furniture_is_no_claim_and_no_speaker(claims_of):
    text = (
        "READ MORE: Protests spread to three more cities\n"
        "Police said that 40 people were detained in the city centre.\n"
        "WATCH: Crowds gather outside the regional office\n"
        '"We will keep the roads open," he said.\n'
        "If you notice a mistake in the text, press Ctrl+Enter.\n"
        "https://example.org/news/2022/01/protests\n"
    )
    claims = claims_of(text)
    assert [c.content for c in claims] == [
        "that 40 people were detained in the city centre",
        "We will keep the roads open",
    ]
    for c in claims:
        assert (c.speaker or "").lower() not in ("read more", "watch")


def test_dash_paragraph_is_a_quotation_anywhere_in_the_article(claims_of):
    text = (
        "Protesters gathered in the square on Monday.\n\n"
        "\u2013 The bridge will reopen to traffic next week, \u2013 said Deputy Mayor Lena "
        "Kraus. \u2013 Work continues through the night.\n\n"
        "\u2013 the press office added.\n"
    )
    (claim,) = by_kind(claims_of(text), "direct")
    assert [text[a:b] for a, b in claim.part_spans] == [
        "The bridge will reopen to traffic next week",
        "Work continues through the night.",
    ]
    assert claim.speaker == "Lena Kraus"


def test_trailing_according_to_is_not_content(claims_of):
    text = "The economy grew by 3 percent last year, according to the Ministry of Economy."
    (claim,) = claims_of(text)
    assert claim.content == "The economy grew by 3 percent last year"
    assert claim.speaker == "Ministry of Economy"


def test_mid_sentence_reporting_clause_splits_the_content(claims_of):
    text = "Police, Petrov said, have arrested 40 people in the city."
    (claim,) = claims_of(text)
    assert [text[a:b] for a, b in claim.part_spans] == [
        "Police",
        "have arrested 40 people in the city",
    ]
    assert claim.content == "Police have arrested 40 people in the city"
    assert claim.speaker == "Petrov"


def test_an_outlet_told_is_never_a_speaker(claims_of):
    text = (
        "Then Sergei Bolat told Izvestia that prices were stable. "
        '"We expect no shortages," he said.'
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Sergei Bolat", "Sergei Bolat"]
    assert claims[0].channel == "told Izvestia"


def test_title_resolved_to_the_named_holder(claims_of):
    text = (
        "CSTO Secretary General Stanislav Zas arrived in Almaty on Friday. Later the CSTO "
        "Secretary General said the troops would leave within ten days."
    )
    (claim,) = claims_of(text)
    assert claim.speaker_mention == "the CSTO Secretary General"
    assert claim.speaker == "Stanislav Zas"


def test_vague_group_stays_a_description(claims_of):
    text = "Many people said that the prices had doubled overnight."
    (claim,) = claims_of(text)
    assert claim.speaker_mention == "Many people"
    assert claim.speaker is None


def test_a_capitalised_role_is_no_part_of_the_name(claims_of):
    text = "Analyst Dana Ospanova told Vremya that the tenge would recover."
    (claim,) = claims_of(text)
    assert claim.speaker == "Dana Ospanova"
