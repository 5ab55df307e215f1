"""The filters the queue and every export share."""

import zoneinfo

import pytest
from django.utils import timezone

from kzclaims.claim_filters import claims_from_query, filter_claims
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


def _claim_in(article, content, **fields):
    start = article.body.index(content)
    return Claim.objects.create(
        article=article, content=content, start=start, end=start + len(content), **fields
    )


def test_dates_are_whole_days_in_the_current_time_zone(claims):
    """The date filters compare the published time with the bounds of the days in the current
    zone (a range the index answers), exactly as a cast to the local date would."""
    outlet = Outlet.objects.get(name="TASS")
    # Almaty was UTC+6 in 2022: 17:59Z is 23:59 on the 7th there, 18:00Z midnight on the 8th.
    late = Article.objects.create(
        outlet=outlet, title="late", body="Late: order was restored.", published="2022-01-07T17:59Z"
    )
    midnight = Article.objects.create(
        outlet=outlet,
        title="midnight",
        body="Next: order was restored.",
        published="2022-01-07T18:00Z",
    )
    undated = Article.objects.create(
        outlet=outlet, title="undated", body="Any: order was restored."
    )
    for article in (late, midnight, undated):
        _claim_in(article, "order was restored", kind="indirect")

    def titles(query):
        form, found = claims_from_query(query)
        assert not form.errors, form.errors
        return {claim.article.title for claim in found}

    with timezone.override(zoneinfo.ZoneInfo("Asia/Almaty")):
        assert titles({"date_from": "2022-01-07", "date_to": "2022-01-07"}) == {
            "TASS report",
            "late",
        }
        assert titles({"date_from": "2022-01-08", "date_to": "2022-01-08"}) == {"midnight"}
        assert "undated" not in titles({"date_to": "9999-12-31"})  # the last day: no overflow
        assert titles({"date_from": "2022-01-08"}) == {"midnight", "Wire report"}
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert titles({"date_from": "2022-01-07", "date_to": "2022-01-07"}) == {
            "TASS report",
            "late",
            "midnight",
        }


@pytest.mark.parametrize("sort", ["date", "-date", "article", "speaker", "status", "confidence"])
def test_my_queue_is_the_open_assigned_claims_once_in_every_sort_and_page(claims, sort):
    """My queue (on PostgreSQL read by id from the editor's open rows): each claim assigned to
    the editor and not done, once even when two assignments hold it, in the sort's order and
    counted exactly, the other filters applying as for any list."""
    from django.contrib.auth.models import User

    from kzclaims.models import AssignedClaim, Assignment
    from kzclaims.review.selectors import page_of

    editor = User.objects.create(username="ed")
    other = User.objects.create(username="other")
    outlet = Outlet.objects.get(name="Wire")
    extra = []
    for n in range(7):
        article = Article.objects.create(
            outlet=outlet,
            title=f"extra {n}",
            body=f"Extra {n}: order was restored. Officials said it twice.",
            published=f"2022-02-{n + 1:02d}T10:00Z",
        )
        extra.append(_claim_in(article, "order was restored", kind="direct", confidence=n / 10))
    nested = _claim_in(article, "it twice", kind="indirect", parent=extra[-1])
    everything = [*claims.values(), *extra]
    first = Assignment.objects.create(title="first")
    second = Assignment.objects.create(title="second")
    mine = set()
    for n, claim in enumerate(everything):
        if n % 3 == 2:
            continue  # not assigned
        done = n % 4 == 1  # tagged already: left My queue
        AssignedClaim.objects.create(
            assignment=first, claim=claim, editor=editor, done_at=timezone.now() if done else None
        )
        if not done:
            mine.add(claim.pk)
    AssignedClaim.objects.create(assignment=second, claim=everything[0], editor=editor)
    AssignedClaim.objects.create(assignment=first, claim=nested, editor=editor)
    AssignedClaim.objects.create(assignment=first, claim=everything[2], editor=other)
    assert len(mine) >= 4

    form, found = claims_from_query({"assigned": "me", "sort": sort}, user=editor)
    assert not form.errors, form.errors
    _, everyone = claims_from_query({"sort": sort})
    expected = [pk for pk in everyone.values_list("pk", flat=True) if pk in mine]
    assert list(found.values_list("pk", flat=True)) == expected
    first_page, _ = page_of(found, 1, per_page=2)
    assert first_page.paginator.count == len(mine)
    assert first_page.paginator.num_pages >= 3  # a page from each end, and one in the middle
    pages = [page_of(found, n, per_page=2)[1] for n in first_page.paginator.page_range]
    assert [claim.pk for shown in pages for claim in shown] == expected
    # The queue's first and last pages read through the semi-join: the same claims.
    walked = filter_claims(form.cleaned_data, semi_join=True)
    assert list(walked.values_list("pk", flat=True)) == expected
    pages = [page_of(found, n, per_page=2, ends=walked)[1] for n in first_page.paginator.page_range]
    assert [claim.pk for shown in pages for claim in shown] == expected
    _, tass = claims_from_query({"assigned": "me", "outlet": "tass"}, user=editor)
    assert set(tass.values_list("pk", flat=True)) == {
        pk for pk in mine if Claim.objects.get(pk=pk).article.outlet.name == "TASS"
    }
    _, nested_too = claims_from_query({"assigned": "me", "nested": "on"}, user=editor)
    assert set(nested_too.values_list("pk", flat=True)) == mine | {nested.pk}
