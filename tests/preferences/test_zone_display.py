"""Dates show in the article's own zone by default, in UTC or a chosen zone by the reader's
choice, on every page that shows one; the choice is validated and kept as history."""

import csv
import io
import json

import pytest
from django.urls import reverse

from kzclaims.models import ZonePreference
from kzclaims.preferences import services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def pages(claim):
    article = claim.article
    return {
        "queue": reverse("review:queue"),
        "claim": reverse("review:claim", args=[claim.pk]),
        "reader": reverse("review:article", args=[article.pk]),
        "speaker": reverse("review:speaker", args=[claim.speaker_id]),
        "admin list": reverse("admin:kzclaims_article_changelist"),
    }


def choose(client, **data):
    return client.post(reverse("preferences:preferences"), data)


def test_every_page_shows_the_articles_own_day_by_default_and_utc_when_chosen(client, moscow_claim):
    admin = make_user("ada", "admin", is_staff=True)
    client.force_login(admin)
    for name, url in pages(moscow_claim).items():
        html = client.get(url).content.decode()
        assert "7 Jan 2022" in html, name
        assert "6 Jan 2022" not in html, name
    assert choose(client, mode="utc").status_code == 302
    for name, url in pages(moscow_claim).items():
        html = client.get(url).content.decode()
        assert "6 Jan 2022" in html, name
        assert "7 Jan 2022" not in html, name


def test_the_time_element_carries_the_instant_with_the_zones_offset(client, editor, moscow_claim):
    client.force_login(editor)
    url = reverse("review:article", args=[moscow_claim.article_id])
    html = client.get(url).content.decode()
    assert (
        '<time datetime="2022-01-07T00:30:00+03:00" title="Europe/Moscow">7 Jan 2022, 00:30</time>'
        in html
    )
    choose(client, mode="zone", zone="America/New_York")
    html = client.get(url).content.decode()
    assert (
        '<time datetime="2022-01-06T16:30:00-05:00" title="America/New_York">'
        "6 Jan 2022, 16:30</time>" in html
    )


def test_compare_page_groups_show_the_chosen_zone(client, editor, moscow_claim):
    from tests.review.conftest import make_article, make_claim

    # The same statement from a second outlet puts the claim in a compared group.
    other = make_article(
        body="MOSCOW, January 7. The first CSTO troops have arrived in Kazakhstan, it said.",
        published="2022-01-07T06:00:00Z",
    )
    make_claim(
        other, "The first CSTO troops have arrived in Kazakhstan", speaker=moscow_claim.speaker
    )
    client.force_login(editor)
    html = client.get(reverse("comparison:compare")).content.decode()
    assert "7 Jan 2022, 00:30" in html
    choose(client, mode="utc")
    html = client.get(reverse("comparison:compare")).content.decode()
    assert "6 Jan 2022, 21:30" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"mode": "zone", "zone": "Mars/Olympus"}, "zone", "is not a time zone name"),
        ({"mode": "zone", "zone": ""}, "zone", "Name the time zone"),
        ({"mode": "zone", "zone": "x" * 65}, "zone", "at most 64 characters"),
        ({"mode": "local"}, "mode", "Select a valid choice"),
        ({}, "mode", "This field is required"),
    ],
)
def test_a_bad_choice_is_refused_with_the_reason_and_writes_nothing(
    client, editor, data, field, message
):
    client.force_login(editor)
    response = choose(client, **data)
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert message.split("“")[0] in response.content.decode()
    assert not ZonePreference.objects.exists()


def test_a_zone_name_is_normalised_to_its_iana_spelling(client, editor):
    client.force_login(editor)
    assert choose(client, mode="zone", zone="  asia/almaty ").status_code == 302
    assert ZonePreference.objects.get().zone == "Asia/Almaty"
    page = client.get(reverse("preferences:preferences")).content.decode()
    assert "Now: Asia/Almaty" in page


def test_each_choice_is_kept_as_history_and_the_newest_counts(editor):
    services.choose_zone(user=editor, mode="article")  # the default: nothing to record
    assert not ZonePreference.objects.exists()
    services.choose_zone(user=editor, mode="utc")
    services.choose_zone(user=editor, mode="utc")  # unchanged: no new row
    services.choose_zone(user=editor, mode="zone", zone="Asia/Almaty")
    services.choose_zone(user=editor, mode="article", zone="Asia/Almaty")
    rows = list(ZonePreference.objects.order_by("id").values_list("mode", "zone"))
    assert rows == [("utc", ""), ("zone", "Asia/Almaty"), ("article", "")]
    preference = ZonePreference.objects.order_by("id").first()
    with pytest.raises(ValueError, match="append-only"):
        preference.save()


def test_one_users_choice_does_not_change_another_users_pages(client, editor, viewer, moscow_claim):
    services.choose_zone(user=editor, mode="utc")
    client.force_login(viewer)
    html = client.get(reverse("review:queue")).content.decode()
    assert "7 Jan 2022" in html


def test_preferences_page_needs_a_login_and_a_role(client):
    url = reverse("preferences:preferences")
    assert client.get(url).status_code == 302
    client.force_login(make_user("norole"))
    assert client.get(url).status_code == 403


def test_zone_display_adds_no_query_per_row(
    client, editor, moscow_claim, django_assert_num_queries
):
    from tests.review.conftest import make_claims

    client.force_login(editor)
    services.choose_zone(user=editor, mode="zone", zone="Asia/Almaty")
    url = reverse("review:queue")

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    # Two more articles with the same two statements, so that the page has same-statement
    # groups (whose sources the official-only suggestion reads, one query) before and after:
    # only the number of rows changes below.
    make_claims(2)
    make_claims(2)
    few = count()
    make_claims(30)
    assert count() == few


def test_exports_keep_iso_8601_with_the_articles_offset_whatever_the_readers_choice(
    client, editor, moscow_claim
):
    client.force_login(editor)
    choose(client, mode="utc")
    row = next(csv.DictReader(io.StringIO(client.get(reverse("exports:csv")).getvalue().decode())))
    assert row["published"] == "2022-01-07T00:30:00+03:00"
    line = json.loads(client.get(reverse("exports:jsonl")).getvalue().decode().splitlines()[0])
    assert line["published"] == "2022-01-07T00:30:00+03:00"


def test_a_zone_left_in_the_box_is_ignored_unless_chosen(client, editor):
    client.force_login(editor)
    assert choose(client, mode="utc", zone="Mars/Olympus").status_code == 302
    assert list(ZonePreference.objects.values_list("mode", "zone")) == [("utc", "")]
