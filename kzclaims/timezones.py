"""Each article's publication time in its own zone. The database keeps the instant (in UTC);
`Article.published_zone` keeps the zone the outlet wrote in, an IANA name ("Asia/Almaty") or a
fixed UTC offset ("+03:00"), so exports can write "2022-01-07T00:00:00+03:00" rather than the
day before in UTC. The zone comes from the input's own offset or, when the input gives only a
local time (a bare date, a time without offset, a time read from the text), from the dateline
city ("MOSCOW, January 7", "NUR-SULTAN. Jan 10")."""

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError

# What the import parsers stamp on a time the input gave without an offset: the same instant as
# UTC (so every comparison still works) but recognisably "not stated", to be read as the
# dateline city's local time once the body is known.
UNSTATED = dt.timezone(dt.timedelta(0), "UTC (offset not stated)")

# Dateline cities and their zones. A gazetteer of places (the region's capitals and the cities
# news agencies file from), not of particular articles; Kazakhstan had two zones until 2024.
CITY_ZONES = {
    **dict.fromkeys(("moscow", "saint petersburg", "st petersburg", "sochi"), "Europe/Moscow"),
    **dict.fromkeys(
        (
            "nur-sultan",
            "nursultan",
            "astana",
            "almaty",
            "alma-ata",
            "shymkent",
            "karaganda",
            "karagandy",
            "taraz",
            "taldykorgan",
            "pavlodar",
            "semey",
            "ust-kamenogorsk",
            "oskemen",
            "petropavlovsk",
            "kokshetau",
            "zhanaozen",
        ),
        "Asia/Almaty",
    ),
    "aktobe": "Asia/Aqtobe",
    "atyrau": "Asia/Atyrau",
    "aktau": "Asia/Aqtau",
    "uralsk": "Asia/Oral",
    "oral": "Asia/Oral",
    "kyzylorda": "Asia/Qyzylorda",
    "kostanay": "Asia/Qostanay",
    "bishkek": "Asia/Bishkek",
    "tashkent": "Asia/Tashkent",
    "dushanbe": "Asia/Dushanbe",
    "minsk": "Europe/Minsk",
    "yerevan": "Asia/Yerevan",
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "beijing": "Asia/Shanghai",
    "london": "Europe/London",
    "brussels": "Europe/Brussels",
    "washington": "America/New_York",
    "new york": "America/New_York",
}
# A dateline: a place at the start of a paragraph, then "," or "." and a date ("MOSCOW, January
# 7", "NUR-SULTAN. Jan 10 (Interfax)", "Almaty, 5 January").
DATELINE = re.compile(
    r"^[ \t]*(?P<city>[^\W\d_][^\W\d_ .,'-]*(?:[ '-][^\W\d_]+){0,2})[ \t]*[,.][ \t]*"
    r"(?:[^\W\d_]{3,9}\.?[ \t]+\d{1,2}\b|\d{1,2}[ \t]+[^\W\d_]{3,9})",
    re.MULTILINE,
)
HEAD_CHARS = 2000
OFFSET = re.compile(r"^[+-](?:[01]\d|2[0-3]):[0-5]\d$")


def dateline_zone(body: str) -> str | None:
    """The IANA zone of the first dateline city near the top of `body`, or None."""
    for match in DATELINE.finditer(body[:HEAD_CHARS]):
        if zone := CITY_ZONES.get(" ".join(match.group("city").casefold().split())):
            return zone
    return None


@lru_cache(maxsize=256)
def zone_info(zone: str) -> dt.tzinfo:
    """The tzinfo of a stored zone: blank is UTC, "+03:00" a fixed offset, else an IANA name."""
    if not zone:
        return dt.UTC
    if OFFSET.match(zone):
        sign = -1 if zone[0] == "-" else 1
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    return ZoneInfo(zone)


def validate_zone(zone: str) -> None:
    if not zone or OFFSET.match(zone):
        return
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            f"{zone!r} is not a time zone: give an IANA name such as Asia/Almaty "
            "or a UTC offset such as +03:00"
        ) from error


def _offset_name(moment: dt.datetime) -> str:
    return moment.strftime("%:z") or "+00:00"


def publication(published: dt.datetime | None, body: str) -> dict:
    """`published` and `published_zone` for an article. A time whose offset was not stated is
    read as local time at the dateline city. A stated offset is kept as given (the instant never
    moves); its zone is the dateline city's when that city had this offset at that moment, or
    when the offset is zero (a time already converted to UTC says nothing about where the outlet
    is), and the offset itself otherwise."""
    zone = dateline_zone(body)
    if published is None:
        return {"published": None, "published_zone": ""}
    if published.tzinfo is UNSTATED:
        if zone is None:
            return {"published": published.replace(tzinfo=dt.UTC), "published_zone": ""}
        return {"published": published.replace(tzinfo=ZoneInfo(zone)), "published_zone": zone}
    offset = published.utcoffset()
    if zone and (not offset or published.astimezone(ZoneInfo(zone)).utcoffset() == offset):
        return {"published": published, "published_zone": zone}
    return {"published": published, "published_zone": _offset_name(published)}


@lru_cache(maxsize=4096)
def local_iso(published: dt.datetime | None, zone: str) -> str | None:
    """ISO 8601 with the article's own offset ("2022-01-07T00:00:00+03:00"). Exports sort by
    article, so the same few values repeat: the cache saves most of the work."""
    if published is None:
        return None
    return published.astimezone(zone_info(zone)).isoformat()


def local_date(published: dt.datetime | None, zone: str) -> dt.date | None:
    """The article's own calendar day: "MOSCOW, January 7" at midnight is 7 January, not the
    6th it is in UTC."""
    if published is None:
        return None
    return published.astimezone(zone_info(zone)).date()


def shown_zone(article_zone: str, mode: str, chosen: str = "") -> str:
    """The zone a date is shown in: the article's own (mode "article", the default), UTC, or
    the reader's chosen zone (kzclaims.models.ZonePreference)."""
    if mode == "utc":
        return "UTC"
    if mode == "zone" and chosen:
        return chosen
    return article_zone


def in_zone(moment: dt.datetime | None, zone: str) -> dt.datetime | None:
    """`moment` as a wall-clock time in `zone` (a stored zone: blank is UTC)."""
    if moment is None:
        return None
    return moment.astimezone(zone_info(zone))
