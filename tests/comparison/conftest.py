"""Compare page fixtures: reports of one event by three outlets, made directly."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from kzclaims.models import Figure

from ..review.conftest import make_article, make_claim, make_outlet, make_speaker

ORDER = "Constitutional order has been restored in all regions of the country"


def figure(claim, text, low, high, measure, day, counted=""):
    return Figure.objects.create(
        claim=claim,
        text=text,
        value=Decimal(low if low is not None else high),
        low=None if low is None else Decimal(low),
        high=None if high is None else Decimal(high),
        measure=measure,
        counted=counted,
        reference_date=day,
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    """The page caches what derives from extraction under a fingerprint of counts and newest
    ids, which rolled-back tests can repeat: each test starts from an empty cache."""
    cache.clear()


@pytest.fixture
def reports():
    """Three outlets: a real disagreement (5,969 vs 7,939 detained on one day), consistent
    troop figures ("more than 2,000" and 2,030), an update series of the killed over three
    days, and a measure never compared with another (5,800 detained vs 164 killed)."""
    ministry = make_speaker("Interior Ministry")
    out = {}
    for name, day, detained, killed in (
        ("Interfax", "2022-01-10T09:00Z", 5969, 164),
        ("TASS", "2022-01-10T12:00Z", 7939, None),
        ("Izvestia", "2022-01-12T08:00Z", None, 225),
    ):
        body = f"The ministry said {ORDER}. Police detained people. Troops were deployed. "
        body += "Many were killed."
        # Izvestia adds a clause of its own to the same statement: the diff shows it.
        said = f"{ORDER} and the borders are closed" if name == "Izvestia" else ORDER
        article = make_article(make_outlet(name), body.replace(ORDER, said), published=day)
        statement = make_claim(article, said, speaker=ministry, cue="said", stance="neutral")
        numbers = make_claim(article, "Police detained people", speaker=ministry)
        troops = make_claim(article, "Troops were deployed")
        killed_claim = make_claim(article, "Many were killed", speaker=ministry)
        on = date.fromisoformat(day[:10])
        if detained:
            figure(numbers, f"{detained:,}", detained, detained, "detained", on)
        if killed:
            figure(killed_claim, str(killed), killed, killed, "killed", on)
        out[name] = (statement, numbers, troops, killed_claim)
    figure(out["Interfax"][2], "more than 2,000", 2000, None, "troops deployed", date(2022, 1, 10))
    figure(out["TASS"][2], "2,030", 2030, 2030, "troops deployed", date(2022, 1, 10))
    figure(out["Izvestia"][3], "some 160", 144, 176, "killed", date(2022, 1, 11))
    return out
