"""Each article keeps the zone it was published in: from the input's offset, or from the dateline
city when the input gives only a local time; exports write ISO 8601 with that offset."""

import datetime as dt
import importlib
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection

from kzclaims.imports.services import import_articles
from kzclaims.models import Article
from kzclaims.timezones import (
    UNSTATED,
    dateline_zone,
    local_iso,
    publication,
    validate_zone,
    zone_info,
)

MOSCOW = "Situation stabilises\n\nMOSCOW, January 7. /TASS/. Troops arrived, officials said.\n"
ALMATY = "ALMATY, Jan 5 (Reuters) - Protesters stormed the mayor's office, witnesses said.\n"


@pytest.mark.parametrize(
    ("body", "zone"),
    [
        (MOSCOW, "Europe/Moscow"),
        (ALMATY, "Asia/Almaty"),
        ("NUR-SULTAN. Jan 10 (Interfax) - The situation is stable.", "Asia/Almaty"),
        ("Headline\n\nAktobe, 6 January - Gas prices rose.", "Asia/Aqtobe"),
        ("  ST PETERSBURG, Jan. 5 - x", "Europe/Moscow"),
        ("Kazakhstan. January 5 was calm.", None),  # a country, not a dateline city
        ("Moscow said on Jan 5 that troops would leave.", None),  # a city, no dateline
        ("", None),
    ],
)
def test_dateline_zone(body, zone):
    assert dateline_zone(body) == zone


def test_a_local_time_is_read_in_the_dateline_citys_zone():
    local_midnight = dt.datetime(2022, 1, 7, tzinfo=UNSTATED)
    result = publication(local_midnight, MOSCOW)
    assert result["published_zone"] == "Europe/Moscow"
    assert result["published"].isoformat() == "2022-01-07T00:00:00+03:00"
    # Almaty was UTC+6 in 2022 (Kazakhstan moved to one zone, UTC+5, in 2024).
    result = publication(dt.datetime(2022, 1, 5, 9, 30, tzinfo=UNSTATED), ALMATY)
    assert result["published"].astimezone(dt.UTC).isoformat() == "2022-01-05T03:30:00+00:00"
    # No dateline: the local time is taken as UTC, and the zone stays unknown.
    result = publication(dt.datetime(2022, 1, 5, 9, 30, tzinfo=UNSTATED), "No dateline here.")
    assert result == {
        "published": dt.datetime(2022, 1, 5, 9, 30, tzinfo=dt.UTC),
        "published_zone": "",
    }
    assert publication(None, MOSCOW) == {"published": None, "published_zone": ""}


def test_a_stated_offset_is_kept_and_named_by_the_dateline_when_it_agrees():
    stated = dt.datetime.fromisoformat("2022-01-07T10:00:00+03:00")
    assert publication(stated, MOSCOW) == {"published": stated, "published_zone": "Europe/Moscow"}
    # The offset disagrees with the dateline city's (Interfax times its wires from Moscow).
    assert publication(stated, ALMATY) == {"published": stated, "published_zone": "+03:00"}
    # A time already converted to UTC says nothing about where the outlet is: the instant stays.
    utc = dt.datetime(2022, 1, 5, 3, 30, tzinfo=dt.UTC)
    assert publication(utc, ALMATY) == {"published": utc, "published_zone": "Asia/Almaty"}
    assert publication(utc, "no dateline") == {"published": utc, "published_zone": "+00:00"}
    minus = dt.datetime.fromisoformat("2022-01-05T10:00:00-05:00")
    assert publication(minus, "x")["published_zone"] == "-05:00"


def test_zones_are_validated_with_a_clear_message():
    for good in ("", "+03:00", "-05:30", "Asia/Almaty", "Europe/Moscow"):
        validate_zone(good)
    for bad in ("Mars/Olympus", "+3", "UTC+3", "../etc/passwd", "+25:00"):
        with pytest.raises(ValidationError, match="IANA name such as Asia/Almaty"):
            validate_zone(bad)
    assert zone_info("+05:45").utcoffset(None) == dt.timedelta(hours=5, minutes=45)
    assert zone_info("") is dt.UTC
    assert zone_info("Asia/Almaty") == ZoneInfo("Asia/Almaty")


def test_local_iso():
    moment = dt.datetime(2022, 1, 6, 21, 0, tzinfo=dt.UTC)
    assert local_iso(moment, "Europe/Moscow") == "2022-01-07T00:00:00+03:00"
    assert local_iso(moment, "+06:00") == "2022-01-07T03:00:00+06:00"
    assert local_iso(moment, "") == "2022-01-06T21:00:00+00:00"
    assert local_iso(None, "Europe/Moscow") is None


@pytest.mark.django_db
def test_the_model_refuses_an_unknown_zone(seeds):
    article = seeds[0]
    article.published_zone = "Atlantis/Capital"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "published_zone" in error.value.message_dict


@pytest.mark.django_db
def test_import_sets_the_zone_and_exports_write_the_local_offset(client, viewer):
    lines = [
        {"outlet": "TASS", "title": "Troops", "published": "2022-01-07", "body": MOSCOW},
        {
            "outlet": "Reuters",
            "title": "Stormed",
            "published": "2022-01-05T09:30:00+06:00",
            "body": ALMATY,
        },
        {"outlet": "Reuters", "title": "Naive", "published": "2022-01-05T09:30", "body": "x y"},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    import_articles(files=[("a.jsonl", data)], extract=False)
    articles = {a.title: a for a in Article.objects.all()}
    assert articles["Troops"].published_zone == "Europe/Moscow"
    assert articles["Troops"].published == dt.datetime(2022, 1, 6, 21, 0, tzinfo=dt.UTC)
    assert articles["Stormed"].published_zone == "Asia/Almaty"
    assert articles["Naive"].published_zone == ""
    assert articles["Naive"].published == dt.datetime(2022, 1, 5, 9, 30, tzinfo=dt.UTC)

    client.force_login(viewer)
    response = client.get("/export/articles.jsonl")
    exported = {
        record["title"]: record["published"]
        for record in map(json.loads, b"".join(response.streaming_content).splitlines())
    }
    assert exported == {
        "Troops": "2022-01-07T00:00:00+03:00",
        "Stormed": "2022-01-05T09:30:00+06:00",
        "Naive": "2022-01-05T09:30:00+00:00",
    }


@pytest.mark.django_db
def test_the_data_migration_gives_existing_articles_their_dateline_zone(seeds):
    migration = importlib.import_module("kzclaims.migrations.0004_exports_published_zone_data")
    Article.objects.update(published_zone="")
    before = dict(Article.objects.values_list("pk", "published"))
    migration.set_zones(apps, SimpleNamespace(connection=connection))
    zones = dict(Article.objects.values_list("pk", "published_zone"))
    assert zones == {
        seeds[0].pk: "Asia/Almaty",  # NUR-SULTAN
        seeds[1].pk: "Europe/Moscow",  # MOSCOW
        seeds[2].pk: "",
        seeds[3].pk: "",
        seeds[4].pk: "",
    }
    assert dict(Article.objects.values_list("pk", "published")) == before  # instants kept
