"""The filters the queue and every export share."""

import pytest

from kzclaims.claim_filters import claims_from_query
from kzclaims.models import Article, Claim, Outlet, Speaker

pytestmark = pytest.mark.django_db

BODY = "Tokayev said order was restored. Activists said 164 people died."


@pytest.fixture
def claims():
    tass = Outlet.objects.create(name="TASS")
    wire = Outlet.objects.create(name="Wire")
    tokayev = Speaker.objects.create(name="Kassym-Jomart Tokayev", speaker_type="official")
    activists = Speaker.objects.create(name="Activists", speaker_type="public")
    made = {}
    for outlet, published in ((tass, "2022-01-07T10:00Z"), (wire, "2022-01-10T10:00Z")):
        article = Article.objects.create(
            outlet=outlet, title=f"{outlet} report", body=f"{outlet}: {BODY}", published=published
        )
        for key, content, speaker, kind, stance, status in (
            ("order", "order was restored", tokayev, "indirect", "neutral", "verified"),
            ("died", "164 people died", activists, "indirect", "distancing", "unreviewed"),
        ):
            start = article.body.index(content)
            made[outlet.name, key] = Claim.objects.create(
                article=article,
                speaker=speaker,
                kind=kind,
                content=content,
                start=start,
                end=start + len(content),
                cue="said",
                cue_stance=stance,
                status=status,
            )
    return made


def selected(query):
    form, claims = claims_from_query(query)
    assert not form.errors, form.errors
    return {(claim.article.outlet.name, claim.content) for claim in claims}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {},
            {
                ("TASS", "order was restored"),
                ("TASS", "164 people died"),
                ("Wire", "order was restored"),
                ("Wire", "164 people died"),
            },
        ),
        ({"outlet": "tass"}, {("TASS", "order was restored"), ("TASS", "164 people died")}),
        ({"speaker_type": "public"}, {("TASS", "164 people died"), ("Wire", "164 people died")}),
        ({"status": "verified", "date_from": "2022-01-08"}, {("Wire", "order was restored")}),
        ({"stance": "distancing", "date_to": "2022-01-07"}, {("TASS", "164 people died")}),
        ({"q": "RESTORED", "outlet": "wire"}, {("Wire", "order was restored")}),
        ({"q": "activists"}, {("TASS", "164 people died"), ("Wire", "164 people died")}),
    ],
    ids=str,
)
def test_each_filter_narrows_the_selection(claims, query, expected):
    assert selected(query) == expected


def test_speaker_and_article_filters_take_ids(claims):
    claim = claims["Wire", "died"]
    assert selected({"speaker": claim.speaker_id, "article": claim.article_id}) == {
        ("Wire", "164 people died")
    }


def test_sort_orders_by_date_newest_first_by_default(claims):
    _, ordered = claims_from_query({})
    assert [c.article.outlet.name for c in ordered] == ["Wire", "Wire", "TASS", "TASS"]
    _, ordered = claims_from_query({"sort": "-date"})
    assert [c.article.outlet.name for c in ordered] == ["TASS", "TASS", "Wire", "Wire"]


@pytest.mark.parametrize(
    "query", [{"status": "approved"}, {"outlet": "nowhere"}, {"date_from": "10/01"}]
)
def test_an_invalid_query_selects_nothing_and_says_why(claims, query):
    form, selection = claims_from_query(query)
    assert form.errors and set(form.errors) == set(query)
    assert not selection.exists()


def test_search_matches_word_starts_of_content_and_speaker_names_and_aliases(claims):
    from kzclaims.models import SpeakerAlias

    SpeakerAlias.objects.create(speaker=claims["TASS", "order"].speaker, alias="Tokayev")
    assert selected({"q": "restor"}) == {
        ("TASS", "order was restored"),
        ("Wire", "order was restored"),
    }
    assert selected({"q": "ORDER restored"}) == selected({"q": "restor"})
    assert selected({"q": "estored"}) == set()  # the start of a word, not any substring
    assert selected({"q": "order died"}) == set()  # every word must match
    assert selected({"q": "tokay"}) == selected({"q": "restor"})  # through the alias
    assert selected({"q": "²"}) == set()  # folded to "2": no claim has it


def test_article_titles_are_searched_only_through_their_own_filter(claims):
    assert selected({"q": "report"}) == set()
    assert selected({"title": "wire REPORT"}) == {
        ("Wire", "order was restored"),
        ("Wire", "164 people died"),
    }


def test_search_results_come_best_match_first_unless_a_sort_is_asked(claims):
    Claim.objects.filter(pk=claims["Wire", "died"].pk).update(content="people died")
    form, ranked = claims_from_query({"q": "people died"})
    assert form.cleaned_data["sort"] == "" and ranked.query.order_by[0] == "-rank"
    _, dated = claims_from_query({"q": "died", "sort": "-date"})
    assert [c.article.outlet.name for c in dated] == ["TASS", "Wire"]
