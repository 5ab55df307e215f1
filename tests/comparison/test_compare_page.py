"""The compare page on data made directly: figure series and disagreements, same-statement
groups side by side, framing shares on one scale, and the URL filters."""

from datetime import date

import pytest
from django.urls import reverse

from kzclaims.comparison import charts, selectors
from kzclaims.comparison.figures import series
from kzclaims.comparison.filters import CompareFilterForm, CompareFilters
from kzclaims.comparison.wording import against_reference

from ..review.conftest import make_article, make_claim, make_outlet, make_speaker
from .conftest import ORDER, figure

pytestmark = pytest.mark.django_db


def test_figures_flag_only_real_disagreements_and_chart_updates(reports):
    found = {s["measure"]: s for s in selectors._figure_series(CompareFilters())}
    assert [(a.text, b.text) for a, _, b, _ in found["detained"]["disagreements"]] == [
        ("5,969", "7,939")
    ]
    assert not found["troops deployed"]["disagreements"]  # more than 2,000 / 2,030
    killed = found["killed"]
    assert not killed["disagreements"]  # different dates: updates, not a disagreement
    assert [r.reference_date for r, _ in killed["readings"]] == sorted(
        r.reference_date for r, _ in killed["readings"]
    )
    timeline = killed["timeline"]
    assert len(timeline["marks"]) == 3 and len(timeline["legend"]) == 2
    xs = [m.x for m in timeline["marks"]]
    assert xs == sorted(xs)  # left to right in date order
    ranged = next(m for m in timeline["marks"] if m.reading.text == "some 160")
    assert ranged.y_low is not None and ranged.y_low > ranged.y_high  # a bar from 144 to 176
    assert found["detained"]["timeline"] is None  # one date: no timeline


def test_compare_page_renders_series_groups_and_charts(client, viewer, reports):
    client.force_login(viewer)
    html = client.get(reverse("comparison:compare")).content.decode()
    assert "5,969" in html and "7,939" in html and 'class="flag">disagree' in html
    assert html.count('class="flag">disagree') == 1
    assert 'class="mark mark-0"' in html and "<title>" in html
    claim = reports["Izvestia"][3]
    assert f'href="{reverse("review:claim", args=[claim.pk])}" class="mark' in html
    assert "style=" not in html and "<script>" not in html  # CSP: no inline style or script


def test_same_statement_side_by_side_with_what_each_left_out():
    speaker = make_speaker("Kassym-Jomart Tokayev")
    long = f"{ORDER}, and the terrorists will be destroyed"
    tass_body, interfax_body = f"Tokayev warned: {long}", f"Tokayev said: {ORDER}"
    a = make_claim(
        make_article(make_outlet("TASS"), tass_body), long, speaker=speaker, cue="warned"
    )
    b = make_claim(
        make_article(make_outlet("Interfax"), interfax_body), ORDER, speaker=speaker, cue="said"
    )
    _, rows = selectors.same_statement_groups(CompareFilters())
    (group,) = rows
    assert {c.pk for c in group["members"]} == {a.pk, b.pk} and group["cues_differ"]
    tass = next(c for c in group["members"] if c.pk == a.pk)
    interfax = next(c for c in group["members"] if c.pk == b.pk)
    if tass.is_reference:
        assert [s.text for s in tass.segments if not s.shared] == [
            "and the terrorists will be destroyed"
        ]
        assert interfax.left_out == ["and the terrorists will be destroyed"]
    else:
        assert [s.text.strip() for s in tass.segments if not s.shared] == [
            "and the terrorists will be destroyed"
        ]


def test_against_reference_marks_additions_and_omissions():
    reference, (version,) = against_reference(
        "Order has been restored in all regions.", ["Order has been fully restored."]
    )
    assert [s.text.strip() for s in reference if not s.shared] == ["in all regions."]
    assert [s.text.strip() for s in version.segments if not s.shared] == ["fully"]
    assert version.left_out == ["in all regions."]


def test_framing_shares_share_one_scale_and_lemmatised_labels():
    small, large = make_outlet("Small"), make_outlet("Large")
    body = "one two. three four. five six. seven eight."
    a = make_article(small, body)
    make_claim(a, "one two", stance="neutral", framing={"labels": ["terrorists"]})
    make_claim(a, "three four", stance="assertive")
    b = make_article(large, body)
    make_claim(b, "one two", stance="neutral", framing={"labels": ["terrorist"]})
    make_claim(b, "three four", stance="neutral", framing={"labels": ["terrorists"]})
    make_claim(b, "five six", stance="assertive")
    make_claim(b, "seven eight", stance="assertive")
    result = selectors._framing_charts(CompareFilters())
    by = {row["outlet"].name: row for row in result["outlets"]}
    small_labels = {bar["label"]: bar for bar in by["Small"]["labels"]["bars"]}
    large_labels = {bar["label"]: bar for bar in by["Large"]["labels"]["bars"]}
    assert set(small_labels) == set(large_labels) == {"terrorist"}  # one label, two spellings
    assert (small_labels["terrorist"]["n"], large_labels["terrorist"]["n"]) == (1, 2)
    # 1 of 2 and 2 of 4 are the same share: the same bar, whatever the outlet's size.
    assert small_labels["terrorist"]["share"] == large_labels["terrorist"]["share"] == 50
    assert small_labels["terrorist"]["width"] == large_labels["terrorist"]["width"]
    assert result["label_top"] == 50


def test_scale_top_and_share_bars():
    assert charts.scale_top([]) == 10 and charts.scale_top([33.4]) == 40
    assert charts.scale_top([100]) == 100
    bars = charts.share_bars([("Neutral", 1, "neutral"), ("Assertive", 3, "assertive")], 4, 100)
    assert [b["share"] for b in bars["bars"]] == [25, 75]
    assert bars["bars"][1]["width"] == 3 * bars["bars"][0]["width"]


def test_filters_from_the_url(client, viewer, reports):
    client.force_login(viewer)
    url = reverse("comparison:compare")
    only_tass = client.get(url, {"outlet": "tass"}).content.decode()
    assert 'data-outlet="tass"' in only_tass and 'data-outlet="interfax"' not in only_tass
    assert "7,939" in only_tass and "5,969" not in only_tass
    late = client.get(url, {"date_from": "2022-01-11"}).content.decode()
    assert 'data-outlet="izvestia"' in late and 'data-outlet="tass"' not in late
    speaker = reports["TASS"][0].speaker
    by_speaker = client.get(url, {"speaker": speaker.pk}).content.decode()
    assert "Speaker: <strong>Interior Ministry</strong>" in by_speaker
    assert "Troops were deployed" not in by_speaker
    wrong = client.get(url, {"date_from": "2022-02-01", "date_to": "2022-01-01"})
    assert wrong.status_code == 200
    assert "The end date is before the start date." in wrong.content.decode()
    nonsense = client.get(url, {"outlet": "no-such-outlet", "speaker": "x"})
    assert nonsense.status_code == 200 and b"Outlets:" in nonsense.content


def test_filter_form_builds_the_claim_condition():
    form = CompareFilterForm({"date_from": "2022-01-10", "date_to": "2022-01-10"})
    filters = form.filters()
    assert filters and filters.date_from == filters.date_to == date(2022, 1, 10)
    assert not CompareFilterForm({}).filters()


def test_series_keeps_date_order_for_the_timeline():
    from kzclaims.comparison.figures import Reading

    readings = [
        Reading(i, i, "TASS", "", "killed", "", v, v, date(2022, 1, d), str(v))
        for i, (d, v) in enumerate([(12, 225), (10, 164), (11, 200)])
    ]
    (found,) = series(readings)
    marks = charts.timeline(found)["marks"]
    assert [m.reading.low for m in marks] == [164, 200, 225]
    assert marks[0].y > marks[1].y > marks[2].y  # higher values higher up


def test_the_same_words_from_another_speaker_are_a_separate_statement():
    """The same claim (one stored group) from two speakers: each speaker's statement is its own
    side-by-side comparison, never one speaker's wording diffed against another's."""
    tokayev, zas = make_speaker("Kassym-Jomart Tokayev"), make_speaker("Stanislav Zas")
    text = "The situation has stabilized across all the regions of Kazakhstan"
    a = make_claim(make_article(make_outlet("TASS"), text), text, speaker=tokayev)
    b = make_claim(make_article(make_outlet("Interfax"), text), text, speaker=tokayev)
    c = make_claim(make_article(make_outlet("Izvestia"), text), text, speaker=zas)
    _, (group,) = selectors.same_statement_groups(CompareFilters())
    statements = [(s["speaker"], {m.pk for m in s["members"]}) for s in group["statements"]]
    assert statements == [(tokayev, {a.pk, b.pk}), (zas, {c.pk})]
    assert [m.is_reference for m in group["statements"][1]["members"]] == [True]


def test_one_disagreement_line_per_pair_of_outlets_and_values(reports):
    # A second speaker in the same Interfax article quoting the same 5,969.
    numbers = reports["Interfax"][1]
    figure(numbers, "5,969", 5969, 5969, "detained", date(2022, 1, 10))
    found = {s["measure"]: s for s in selectors._figure_series(CompareFilters())}
    assert found["detained"]["disagreement_count"] == 1


def test_labels_are_counted_in_their_dictionary_form():
    from kzclaims.extraction.framing import label_lemma

    assert label_lemma("Terrorists") == label_lemma("terrorist") == "terrorist"
    assert label_lemma("protesters") == "protester"
    assert label_lemma("gang") == "gang"
